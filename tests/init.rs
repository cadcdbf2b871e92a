//! `soteria init` (issue 18, point 2): a new site that checks clean and builds at once, made only
//! in an empty folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

use crate::support::Run;

/// Runs `soteria` with `args` in `dir`.
pub(crate) fn soteria(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_soteria"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run soteria");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A new site made by `soteria init new-site --languages en,sv,ar` in a temporary folder (kept
/// while the first value lives), and its folder.
pub(crate) fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = soteria(
        dir.path(),
        &[
            "init",
            "new-site",
            "--languages",
            "en,sv,ar",
            "--title",
            "Barnahus guidance: our network",
        ],
    )
    .expect_code(0);
    assert!(run.stderr.contains("created a new site"), "{}", run.stderr);
    let site = dir.path().join("new-site");
    (dir, site)
}

#[test]
fn init_makes_a_site_that_checks_clean_and_builds() {
    let (_dir, site) = new_site();
    let check = soteria(&site, &["check", "--format", "json"]).expect_code(0);
    assert_eq!(check.stdout.trim(), "[]", "no error and no warning");
    soteria(&site, &["build"]).expect_code(0);
    let output = |rel: &str| fs::read_to_string(site.join("output").join(rel)).unwrap();
    let home = output("index.html");
    assert!(home.contains("Barnahus guidance: our network"), "{home}");
    assert!(home.contains("fill in the child helpline number"), "{home}");
    let guidance = output("guidance/first-steps/index.html");
    assert!(
        guidance.contains("href=\"/standards/example-standard/"),
        "cites the standard: {guidance}"
    );
    assert!(
        guidance.contains("href=\"/tools/example-checklist/\""),
        "links to the tool: {guidance}"
    );
    assert!(output("sv/guidance/first-steps/index.html").contains("lang=\"sv\""));
    assert!(output("ar/index.html").contains("dir=\"rtl\""));
    assert!(site
        .join("output/tools/example-checklist/checklist.txt")
        .is_file());
    for section in [
        "guidance",
        "standards",
        "tools",
        "findings",
        "practices",
        "projects",
        "news",
    ] {
        assert!(
            site.join("content")
                .join(section)
                .join("_index.md")
                .is_file(),
            "{section}"
        );
    }
}

/// What builds leave in a new site (the output, its lock, the previous output put aside) is
/// left out of `git status`, so that `git add .` never commits a built site.
#[test]
fn git_leaves_out_what_builds_leave() {
    let (_dir, site) = new_site();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&site)
            .output()
            .ok()
            .filter(|output| output.status.success())
    };
    if git(&["init", "--quiet"]).is_none() {
        eprintln!("skipped: git is not available");
        return;
    }
    soteria(&site, &["build"]).expect_code(0);
    soteria(&site, &["build"]).expect_code(0);
    let status = git(&["status", "--porcelain", "--untracked-files=all"]).expect("git status");
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("site.yaml"), "{status}");
    assert!(
        !status.contains("output") && !status.contains(".soteria-"),
        "{status}"
    );
}

#[test]
fn every_file_init_writes_says_what_to_change() {
    let (_dir, site) = new_site();
    let files: Vec<PathBuf> = WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(files.len() > 15, "{files:?}");
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("Change"), "{}", file.display());
    }
    let gitignore = fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "output/"));
    for workflow in [".github/workflows/site.yml", ".gitlab-ci.yml"] {
        let text = fs::read_to_string(site.join(workflow)).unwrap();
        let check = text.find("soteria check --format json").expect(workflow);
        assert!(text[check..].contains("soteria build"), "{workflow}");
    }
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        yaml.contains("  ar:\n    name: العربية\n    dir: rtl\n"),
        "{yaml}"
    );
    assert!(yaml.contains("quick_exit:"), "{yaml}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "mine\n").unwrap();
    let run = soteria(dir.path(), &["init"]).expect_code(2);
    assert!(
        run.stderr
            .contains("is not empty; a new site is only made in an empty or new folder"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn init_refuses_a_language_code_that_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = soteria(dir.path(), &["init", "site", "--languages", "en,../x"]).expect_code(2);
    assert!(
        run.stderr.contains("is not a language code"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn a_language_without_the_themes_strings_gets_a_copy_to_translate() {
    let dir = tempfile::tempdir().unwrap();
    soteria(dir.path(), &["init", "site", "--languages", "fr,en"]).expect_code(0);
    let site = dir.path().join("site");
    assert!(fs::read_to_string(site.join("i18n/fr.yaml"))
        .unwrap()
        .starts_with("# Change: translate these interface strings into Français"));
    let check = soteria(&site, &["check", "--format", "json"]).expect_code(0);
    assert_eq!(check.stdout.trim(), "[]");
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Node.js and tests/browser/node_modules (Ajv): see the README"
)]
fn init_writes_the_schemas_and_editor_settings_that_map_sections_to_them() {
    let (_dir, site) = new_site();
    for schema in ["guidance", "standard", "tool", "news", "_index"] {
        assert!(
            site.join(format!("schemas/{schema}.schema.json")).is_file(),
            "{schema}"
        );
    }
    let settings = fs::read_to_string(site.join(".vscode/settings.json")).unwrap();
    let json: String = settings.lines().filter(|l| !l.starts_with("//")).collect();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let guidance = json["yaml.schemas"]["./schemas/guidance.schema.json"].to_string();
    assert!(guidance.contains("\"content/guidance/*.md\""), "{settings}");
    let ids = fs::read_to_string(site.join("schemas/guidance.schema.json")).unwrap();
    assert!(ids.contains("\"1.1\""), "the example standard's ids: {ids}");
    let files = crate::schema::content_files(&site);
    let results = crate::schema::validate(&site, &files);
    let invalid: Vec<_> = results.iter().filter(|(_, valid, _)| !valid).collect();
    assert!(invalid.is_empty(), "pages the schemas refuse: {invalid:#?}");
}
