//! The command line: site.yaml handling, usage errors and exit codes.

use std::fs;

use crate::support::SiteTest;

#[test]
fn an_unknown_key_in_site_yaml_is_a_warning_naming_it() {
    let site = SiteTest::new("basic");
    site.write(
        "site.yaml",
        "title: Basic\nbase_url: https://example.org\ndefault_langauge: sv\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains(
            "site.yaml:3:1: warning[unknown-key]: unknown key `default_langauge` is ignored: did you mean `default_language`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_type_in_site_yaml_is_an_error_at_its_place() {
    let site = SiteTest::new("basic");
    site.write(
        "site.yaml",
        "title: Basic\nmarkdown:\n  unsafe_html: sometimes\n",
    );
    let run = site.run(&["build"]).expect_code(2);
    assert!(
        run.stderr
            .contains("site.yaml:3:16: error[yaml]: markdown.unsafe_html: invalid type"),
        "{}",
        run.stderr
    );
}

/// A mistyped `--root` (or a folder without a site) is told, and nothing is made: no folders,
/// no output, no lock beside it, as "nothing was written" says.
#[test]
fn a_missing_site_yaml_says_where_it_looked() {
    let site = SiteTest::empty();
    let run = site.run(&["build"]).expect_code(2);
    assert!(
        run.stderr.contains("site.yaml: error[config-read]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    let made: Vec<String> = fs::read_dir(site.root())
        .expect("root")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("output"))
        .collect();
    assert!(made.is_empty(), "{made:?}");
    let run = site
        .run(&["build", "--root", "mistyped/deeper"])
        .expect_code(2);
    assert!(
        run.stderr.contains("looked in mistyped/deeper"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("mistyped").exists(), "folders made");
}

#[test]
fn bad_usage_exits_with_2() {
    let site = SiteTest::new("basic");
    site.run(&["build", "--no-such-flag"]).expect_code(2);
    site.run(&["frobnicate"]).expect_code(2);
}

#[test]
fn check_writes_nothing_and_succeeds_on_a_valid_site() {
    let site = SiteTest::new("basic");
    let run = site.run(&["check"]).expect_code(0);
    assert!(run.stderr.contains("no errors"), "{}", run.stderr);
    assert!(!site.root().join("output").exists());
}

#[test]
fn deny_warnings_fails_check_on_a_warning() {
    let site = SiteTest::new("basic");
    site.write(
        "content/bad-link.md",
        "---\ntitle: Bad\n---\n[x](javascript:alert(1))\n",
    );
    site.run(&["check"]).expect_code(0);
    let run = site.run(&["check", "--deny-warnings"]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/bad-link.md:4:5: warning[unsafe-link]"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_can_be_run_from_another_folder_with_root() {
    let site = SiteTest::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_soteria"))
        .args(["build", "--root"])
        .arg(site.root())
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(site.has_output("guidance/referral/index.html"));
}

#[test]
fn new_fills_in_the_fields_the_site_requires_too() {
    let site = SiteTest::new("registry");
    site.append(
        "site.yaml",
        "types:\n  practice:\n    fields:\n      sector: {kind: one_of, values: [health, justice], required: true}\n",
    );
    let run = site
        .run(&["new", "practice", "night-shelter"])
        .expect_code(0);
    assert!(
        run.stderr
            .contains("created content/practices/night-shelter.md"),
        "{}",
        run.stderr
    );
    let page =
        std::fs::read_to_string(site.root().join("content/practices/night-shelter.md")).unwrap();
    assert!(page.contains("title: Night shelter\n"), "{page}");
    assert!(
        page.contains("country: \"TODO: a two-letter country code, e.g. se\"\n"),
        "{page}"
    );
    assert!(
        page.contains("sector: \"TODO: one of health, justice\"\n"),
        "{page}"
    );
    // Once it is no longer a draft, until the editor fills them in, the build says exactly
    // what is missing.
    site.write(
        "content/practices/night-shelter.md",
        &page.replace("draft: true\n", ""),
    );
    let build = site.run(&["build"]).expect_code(1);
    assert!(
        build.stderr.contains("content/practices/night-shelter.md:"),
        "{}",
        build.stderr
    );
}
