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

#[test]
fn a_file_in_a_language_the_site_does_not_have_is_an_error_not_a_page() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/guidance/referral.de.md",
        "---\ntitle: Weiterleitung\n---\nText.\n",
    );
    site.write(
        "content/guidance/steps.SV.md",
        "---\ntitle: Steg\n---\nText.\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/referral.de.md: error[file-language]: `de` is not a language of this site; its languages are en, sv, ar"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: rename the file to `referral.sv.md` (or another of the site's languages), or to `referral.md` for en, the default; or add `de` under `languages` in site.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guidance/steps.SV.md: error[file-language]: `SV` is not a language of this site as written")
            && run.stderr.contains("help: rename the file to `steps.sv.md`"),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("guidance/referral.de/index.html"));
}

#[test]
fn a_dotted_name_that_is_no_language_code_is_part_of_the_page_s_name() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/news/release.v1.2.md",
        "---\ntitle: Release 1.2\ndate: 2024-05-01\n---\nText.\n",
    );
    site.build();
    assert!(site.has_output("news/release.v1.2/index.html"));
}

#[test]
fn new_refuses_a_translation_of_a_page_that_does_not_exist_naming_the_nearest() {
    let site = SiteTest::new("multilingual");
    let run = site
        .run(&["new", "guidance", "refferal", "--lang", "sv"])
        .expect_code(2);
    assert!(
        run.stderr.contains(
            "error: there is no page `guidance/refferal` in en, the default language, to translate into sv"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "help: the nearest page is `guidance/referral` (content/guidance/referral.md): `soteria new guidance guidance/referral --lang sv`"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/guidance/refferal.sv.md").exists());
}
