//! Issue 18: the commands say only what is true — no "previous output" when there was none, no
//! "nothing was written" from `check`, no "last good site" before one was built, the watcher's
//! failure as a sentence — and `status` says which translation file to change, summary first.

use crate::serve::{next_event, Server};
use crate::support::SiteTest;

const BROKEN_LINK: &str = "\n[x](@/guidance/no-such-page.md)\n";

#[test]
fn a_failed_build_mentions_a_previous_output_only_when_there_was_one() {
    let site = SiteTest::new("basic");
    site.append("content/guidance/referral.md", BROKEN_LINK);
    let first = site.run(&["build"]).expect_code(1);
    assert!(
        first
            .stderr
            .contains("error: 1 error; nothing was written\n"),
        "{}",
        first.stderr
    );
    assert!(
        !first.stderr.contains("previous output"),
        "{}",
        first.stderr
    );

    let check = site.run(&["check"]).expect_code(1);
    assert!(
        check.stderr.ends_with("error: 1 error\n"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("written"), "{}", check.stderr);

    let fixed = std::fs::read_to_string(site.root().join("content/guidance/referral.md"))
        .unwrap()
        .replace(BROKEN_LINK, "\n");
    site.write("content/guidance/referral.md", &fixed);
    site.build();
    site.append("content/guidance/referral.md", BROKEN_LINK);
    let again = site.run(&["build"]).expect_code(1);
    assert!(
        again
            .stderr
            .contains("error: 1 error; nothing was written; the previous output is unchanged"),
        "{}",
        again.stderr
    );
}

#[test]
fn serve_says_no_site_was_built_yet_until_one_was() {
    let site = SiteTest::new("multilingual");
    let source = site.root().join("content/guidance/referral.md");
    let original = std::fs::read_to_string(&source).unwrap();
    site.append("content/guidance/referral.md", BROKEN_LINK);
    let server = Server::start(&site);
    // The first build's lines come before the address; a second failing save prints them again.
    let events = server.events();
    site.append("content/guidance/referral.md", BROKEN_LINK);
    assert_eq!(next_event(&events), "failed");
    let line = server.wait_for_log("the build failed");
    assert!(
        line.ends_with(
            "the pages show them, and no site has been built yet; it appears once they are fixed"
        ),
        "{line}"
    );
    let (_, _, status) = server.get("/__soteria/status");
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    assert_eq!(
        status["strings"]["en"]["help"],
        "Fix the problems below and save: this page updates by itself."
    );

    std::fs::write(&source, &original).unwrap();
    assert_eq!(next_event(&events), "reload");
    std::fs::write(&source, format!("{original}{BROKEN_LINK}")).unwrap();
    assert_eq!(next_event(&events), "failed");
    // (Skipping any line left from the builds before the fix.)
    let line = server.wait_for_log("the last good site is still served");
    assert!(line.starts_with("the build failed with 1 error;"), "{line}");
    let (_, _, status) = server.get("/__soteria/status");
    assert!(
        status.contains("Until then, the last version that worked is shown."),
        "{status}"
    );
}

#[test]
fn serve_explains_a_folder_it_cannot_watch() {
    let site = SiteTest::new("basic");
    let missing = site.root().join("no-such-folder");
    let run = site
        .run(&["serve", "--port", "0", "--root", missing.to_str().unwrap()])
        .expect_code(2);
    assert!(
        run.stderr.contains(&format!(
            "error: cannot watch the site's files for changes: `{}` does not exist; run `soteria serve` in the site's folder, or name it with `--root`",
            missing.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn status_prints_a_summary_first_and_names_the_translation_files() {
    let site = SiteTest::new("multilingual");
    let text = site.run(&["status"]).expect_code(0).stdout;
    let summary = "sv (Svenska): 4/6 translated (66%), 0 outdated (0%), 2 missing (33%)\n\
                   ar (العربية): 1/6 translated (16%), 0 outdated (0%), 5 missing (83%)\n";
    assert!(text.starts_with(summary), "{text}");
    assert!(
        text.contains(
            "  missing   content/guidance/steps.sv.md  (create it from content/guidance/steps.md; 3 segments, 5 words)"
        ),
        "{text}"
    );
    let only = site.run(&["status", "--summary"]).expect_code(0).stdout;
    assert_eq!(only, summary);
}
