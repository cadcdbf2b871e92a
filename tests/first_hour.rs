//! The editor's first hour: what a new user meets on the command line — `--version`, each
//! command's `--help`, file names in a language the site does not have, pages made by `new`, and
//! misspelt keys.

use crate::support::SiteTest;

/// The subcommands `soteria [PARENT] --help` lists under "Commands:" (without `help`).
fn commands(site: &SiteTest, parent: &[&str]) -> Vec<String> {
    let mut args = parent.to_vec();
    args.push("--help");
    let help = site.run(&args).expect_code(0).stdout;
    help.lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn version_names_the_command_and_its_version() {
    let site = SiteTest::empty();
    let run = site.run(&["--version"]).expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("soteria {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_command_s_help_shows_an_example_and_the_exit_codes() {
    let site = SiteTest::empty();
    let mut checked = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(command) = pending.pop() {
        let words: Vec<&str> = command.iter().map(String::as_str).collect();
        let mut args = words.clone();
        args.push("--help");
        let help = site.run(&args).expect_code(0).stdout;
        let example = format!("Example: soteria {}", words.join(" "));
        assert!(
            help.contains(example.trim_end()),
            "`soteria {}` shows no example:\n{help}",
            words.join(" ")
        );
        assert!(
            help.contains("Exit codes: ") && help.contains("; 2 "),
            "`soteria {}` does not say its exit codes:\n{help}",
            words.join(" ")
        );
        for sub in commands(&site, &words) {
            let mut next = command.clone();
            next.push(sub);
            pending.push(next);
        }
        checked.push(words.join(" "));
    }
    for expected in [
        "build",
        "check",
        "serve",
        "new",
        "status",
        "init",
        "theme eject",
    ] {
        assert!(
            checked.iter().any(|c| c == expected),
            "{expected} not among {checked:?}"
        );
    }
}
