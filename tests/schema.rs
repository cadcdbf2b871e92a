//! `soteria schema` (issue 18, point 3): the JSON Schemas of the sample site's content types,
//! checked with a real validator (Ajv, draft 2020-12, in tests/browser/schema.mjs): every page
//! of the sample site passes, and a page with each kind of field error `check` reports fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use walkdir::WalkDir;

use crate::browser::require;
use crate::support::{repo_root, SiteTest};

/// The schema file for a content file (`content/…` relative path), as `soteria schema` names
/// them: `_index.schema.json` for a section's own page, else the type its sections give it.
fn schema_for(root: &Path, rel: &Path) -> String {
    let name = rel.file_name().unwrap().to_string_lossy();
    if name.starts_with("_index.") {
        return "_index.schema.json".to_string();
    }
    let mut dir = rel.parent().unwrap();
    if name.starts_with("index.") {
        dir = dir.parent().unwrap();
    }
    for section in dir.ancestors() {
        let index = root.join(section).join("_index.md");
        let Ok(text) = fs::read_to_string(index) else {
            continue;
        };
        if let Some(line) = front_matter(&text).lines().find(|l| l.starts_with("type:")) {
            return format!("{}.schema.json", line["type:".len()..].trim());
        }
    }
    "page.schema.json".to_string()
}

/// The YAML between the opening and closing `---`.
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("front matter");
    &rest[..rest.find("\n---").expect("closing ---") + 1]
}

/// Validates each content file `(name, rel)` of the site at `root` against its schema in
/// `root/schemas`, with Ajv (tests that call it are ignored without Node.js and its packages).
pub(crate) fn validate(root: &Path, files: &[PathBuf]) -> Vec<(String, bool, String)> {
    let browser_dir = repo_root().join("tests/browser");
    let node = Command::new("node").arg("--version").output().is_ok();
    let missing = if !node {
        Some("Node.js is missing: install Node.js 20 or later")
    } else if !browser_dir.join("node_modules/ajv/dist/2020.js").is_file() {
        Some("ajv is missing: run `npm ci --prefix tests/browser`")
    } else {
        None
    };
    require("schema validation with Ajv", missing);
    let work = tempfile::tempdir().unwrap();
    let mut jobs = Vec::new();
    for (i, rel) in files.iter().enumerate() {
        let text = fs::read_to_string(root.join(rel)).unwrap();
        // Front matter → JSON as soteria reads it (YAML 1.2: dates stay text).
        let yaml: serde_yaml::Value = serde_yaml::from_str(front_matter(&text)).unwrap();
        let instance = work.path().join(format!("{i}.json"));
        fs::write(&instance, serde_json::to_string(&yaml).unwrap()).unwrap();
        jobs.push(serde_json::json!({
            "name": rel.display().to_string(),
            "schema": root.join("schemas").join(schema_for(root, rel)),
            "instance": instance,
        }));
    }
    let list = work.path().join("jobs.json");
    fs::write(&list, serde_json::to_string(&jobs).unwrap()).unwrap();
    let output = Command::new("node")
        .arg(browser_dir.join("schema.mjs"))
        .arg(&list)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "schema.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    results
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["valid"].as_bool().unwrap(),
                r["errors"].to_string(),
            )
        })
        .collect()
}

/// The Markdown files under `content/`, relative to `root`, sorted.
pub(crate) fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Node.js and tests/browser/node_modules (Ajv): see the README"
)]
fn schemas_are_written_per_type_and_accept_every_page_of_the_sample_site() {
    let site = SiteTest::sample();
    let run = site.run(&["schema"]).expect_code(0);
    assert!(
        run.stderr.contains("wrote 9 JSON Schemas into"),
        "{}",
        run.stderr
    );
    let guidance: Value = serde_json::from_str(
        &fs::read_to_string(site.root().join("schemas/guidance.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        guidance["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let ids = guidance["properties"]["standards"]["items"]["enum"].to_string();
    assert!(
        ids.contains("\"1.2\"") && ids.contains("\"trm/3\""),
        "{ids}"
    );
    let first = fs::read(site.root().join("schemas/practice.schema.json")).unwrap();
    site.run(&["schema"]).expect_code(0);
    assert_eq!(
        first,
        fs::read(site.root().join("schemas/practice.schema.json")).unwrap(),
        "the same site gives the same bytes"
    );

    let files = content_files(site.root());
    assert!(files.len() > 50, "{files:?}");
    let results = validate(site.root(), &files);
    let invalid: Vec<_> = results.iter().filter(|(_, valid, _)| !valid).collect();
    assert!(invalid.is_empty(), "pages the schemas refuse: {invalid:#?}");
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Node.js and tests/browser/node_modules (Ajv): see the README"
)]
fn schemas_refuse_what_check_refuses_in_front_matter() {
    let site = SiteTest::sample();
    // The sample site sets its fictional findings in countries of its own (a text field): this
    // test wants the built-in check of a country code back.
    let config = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let own_country = "  finding:\n    fields:\n      country: {kind: text, required: true}\n";
    assert!(
        config.contains(own_country),
        "site.yaml changed: update this test"
    );
    site.write(
        "site.yaml",
        &config.replace(own_country, "  finding:\n    fields:\n"),
    );
    let cases = [
        (
            "content/practices/bad-evidence.md",
            "title: A practice\ncountry: se\nevidence: proven\n",
            "bad-value",
            "enum",
        ),
        (
            "content/standards/bad-missing.md",
            "title: A standard with no number\n",
            "missing-field",
            "required",
        ),
        (
            "content/guidance/bad-type.md",
            "title: Heavy\nweight: heavy\n",
            "field-type",
            "type",
        ),
        (
            "content/guidance/bad-date.md",
            "title: Dated\ndate: 31/05/2024\n",
            "field-type",
            "pattern",
        ),
        (
            "content/findings/bad-country.md",
            "title: Nowhere\ncountry: xx\n",
            "bad-country",
            "enum",
        ),
        (
            "content/guidance/bad-standard.md",
            "title: Cites nothing\nstandards: [\"99\"]\n",
            "unknown-standard",
            "enum",
        ),
    ];
    for (rel, yaml, _, _) in cases {
        site.write(rel, &format!("---\n{yaml}---\nText.\n"));
    }
    let check = site.run(&["check"]).expect_code(1);
    for (rel, _, code, _) in cases {
        assert!(
            check
                .stderr
                .lines()
                .any(|l| l.starts_with(rel) && l.contains(&format!("error[{code}]"))),
            "check reports {code} in {rel}:\n{}",
            check.stderr
        );
    }
    site.run(&["schema"]).expect_code(0);
    let files: Vec<PathBuf> = cases.iter().map(|(rel, ..)| PathBuf::from(rel)).collect();
    let results = validate(site.root(), &files);
    for ((rel, _, _, keyword), (name, valid, errors)) in cases.iter().zip(&results) {
        assert_eq!(rel, name);
        assert!(!valid, "{rel} passes the schema");
        assert!(
            errors.contains(&format!("\"keyword\":\"{keyword}\"")),
            "{rel}: {errors}"
        );
    }
}
