//! Tests in a real browser: Debian's Chromium driven by playwright-core (tests/browser/*.mjs).
//! In CI (`CI` set) a missing Chromium or npm install is a failure; elsewhere the tests say what
//! to install and are skipped.

use std::path::Path;
use std::process::Command;

use crate::support::{repo_root, SiteTest};

/// Runs `tests/browser/SCRIPT` on the built output of `site`, or explains why it cannot.
fn run_browser_script(script: &str, site: &SiteTest) {
    let browser_dir = repo_root().join("tests/browser");
    let missing = if !Path::new("/usr/bin/chromium").exists() {
        Some("chromium is missing: install Debian's chromium (apt-get install chromium)")
    } else if !browser_dir.join("node_modules/playwright-core").is_dir() {
        Some("playwright-core is missing: run `npm ci --prefix tests/browser`")
    } else {
        None
    };
    if let Some(reason) = missing {
        assert!(
            std::env::var_os("CI").is_none(),
            "browser tests cannot run in CI: {reason}"
        );
        eprintln!("SKIPPED browser test {script}: {reason}");
        return;
    }
    let output = Command::new("node")
        .arg(browser_dir.join(script))
        .arg(site.root().join("output"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

#[test]
fn search_finds_pages_and_sections_in_two_languages() {
    let site = SiteTest::new("multilingual");
    site.build();
    run_browser_script("search.mjs", &site);
}
