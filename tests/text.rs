//! Text in any script: what editors and translators type builds, checks and is found by search,
//! whatever characters stand next to an `&`, a `<` or a `>`.

use crate::search::lookup;
use std::path::Path;

use crate::support::{self, SiteTest};

/// Pages whose text once crashed every build (a byte index inside a multi-byte character), each
/// with a word of it that search must find.
const PAGES: [(&str, &str, &str); 5] = [
    ("tom", "Tom & Jerry’s guide", "jerry’s"),
    ("barn", "Barn < och stödet.", "stodet"),
    ("vik", "вік > років", "років"),
    ("arrows", "«Nästa» & ‹ föregående › — &c.", "foregaende"),
    (
        "sample",
        "A pager:\n\n```\n<a href=\"{{ paginator.previous }}\">‹ Previous</a>\n```\n\n```html\n<nav>&nbsp;&ndash;&#8203;‹ Next</nav>\n```\n",
        "previous",
    ),
];

#[test]
fn an_ampersand_or_angle_bracket_before_any_script_builds_and_is_found() {
    let site = SiteTest::new("basic");
    for (slug, text, _) in PAGES {
        site.write(
            &format!("content/guidance/{slug}.md"),
            &format!("---\ntitle: Page {slug}\n---\n{text}\n"),
        );
    }
    site.run(&["check"]).expect_code(0);
    site.build();
    for (slug, _, word) in PAGES {
        let urls = lookup(&site, "en", word);
        assert!(
            urls.contains(&format!("/network/guidance/{slug}/")),
            "`{word}` finds {urls:?}"
        );
    }
}

#[test]
fn documentation_with_html_samples_in_code_blocks_builds() {
    let site = SiteTest::new("thirdparty");
    site.run(&["check"]).expect_code(0);
    site.build();
    let pagination = site.output("templates/pagination/index.html");
    assert!(
        pagination.contains("‹ Previous</a>") || pagination.contains("‹ Previous&lt;/a&gt;"),
        "the sample is shown as text"
    );
    assert!(
        !pagination.contains("<a class=\"previous\""),
        "the sample is not markup"
    );
    for (word, page) in [
        ("previous", "/docs/templates/pagination/"),
        ("shortcode", "/docs/content/shortcodes/"),
        ("stod", "/docs/getting-started/installation/"),
        ("дорослих", "/docs/getting-started/installation/"),
    ] {
        let urls = lookup(&site, "en", word);
        assert!(
            urls.iter().any(|url| url.starts_with(page)),
            "`{word}` finds {urls:?}"
        );
    }
}

#[test]
fn private_use_characters_are_text_not_placeholders() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/icons.md",
        "---\ntitle: Icons\n---\nIcon \u{E000} and \u{E000}0\u{E001} stay; \u{FDD0}0\u{FDD1} is no character; see [steps](@/guidance/steps.md).\n",
    );
    site.build();
    let html = site.output("guidance/icons/index.html");
    assert!(
        html.contains("Icon \u{E000} and \u{E000}0\u{E001} stay; \u{FFFD}0\u{FFFD} is no character; see <a href=\"/network/guidance/steps/\">steps</a>"),
        "{}",
        crate::support::main_of(&html)
    );
}

/// The Markdown files that come with the crates this build downloaded (READMEs, change logs,
/// guides: real third-party Markdown with HTML samples in code blocks, in cargo's registry
/// folder, never copied into this repository), each made a guidance page of one site.
#[test]
fn real_third_party_markdown_from_the_crate_registry_builds() {
    let Some(pages) = registry_markdown() else {
        eprintln!("skipped: cargo's registry folder is not where CARGO_HOME or ~/.cargo says");
        return;
    };
    assert!(
        pages.len() >= 20,
        "only {} Markdown files found",
        pages.len()
    );
    let site = SiteTest::new("basic");
    let mut with_html = 0;
    for (i, (name, text)) in pages.iter().enumerate() {
        with_html += usize::from(text.contains("</"));
        let title = name.replace(['"', '\\'], "/");
        site.write(
            &format!("content/guidance/third-party-{i:03}.md"),
            &format!("---\ntitle: \"{title}\"\n---\n{text}"),
        );
    }
    assert!(with_html >= 5, "only {with_html} files hold HTML");
    let check = site.run(&["check"]);
    assert!(
        check.code == 0 || check.code == 1,
        "check of {} third-party pages exited {}:\n{}",
        pages.len(),
        check.code,
        check.stderr
    );
    // Whatever they hold that the checks refuse (a link to a file that is not there) is told as
    // an error at a place in a file, never a crash.
    for line in check.stderr.lines().filter(|l| l.contains(": error[")) {
        assert!(
            line.starts_with("content/guidance/third-party-"),
            "an error without its file: {line}"
        );
    }
}

/// `(crate/path, text)` of every Markdown file, up to 256 KB, of the crates in `Cargo.lock`
/// that cargo has unpacked, in a fixed order.
fn registry_markdown() -> Option<Vec<(String, String)>> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    let sources = std::fs::read_dir(home.join("registry/src")).ok()?;
    let lock = std::fs::read_to_string(support::repo_root().join("Cargo.lock")).ok()?;
    let mut crates = Vec::new();
    let mut name = "";
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = value.trim_matches('"');
        } else if let Some(value) = line.strip_prefix("version = ") {
            crates.push(format!("{name}-{}", value.trim_matches('"')));
        }
    }
    let dirs: Vec<_> = sources.filter_map(Result::ok).map(|e| e.path()).collect();
    let mut pages = Vec::new();
    for krate in &crates {
        for dir in &dirs {
            let root = dir.join(krate);
            for entry in walkdir::WalkDir::new(&root)
                .max_depth(3)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                let path = entry.path();
                let is_markdown = path.extension().is_some_and(|ext| ext == "md");
                if !is_markdown || entry.metadata().map_or(true, |m| m.len() > 256 * 1024) {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(path) {
                    let rel = path.strip_prefix(dir).unwrap_or(path);
                    pages.push((rel.display().to_string(), text));
                }
            }
        }
    }
    (!pages.is_empty()).then_some(pages)
}

/// YAML takes numbers, booleans, `~` and lists as keys (a finding's `data` by year, say); the
/// templates get them as text instead of the build crashing (found by the `site` fuzz target).
#[test]
fn front_matter_keys_that_are_not_text_build() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/keys.md",
        "---\ntitle: Keys that are not text\n1: one\ntrue: yes\n~: nothing\n[a, b]: list\nfigures: {2019: 45, 2020: 50}\n---\nBody of the keys page.\n",
    );
    site.write(
        "content/guidance/anchor.md",
        "---\ntitle: B}ad list\n&kind: checklist\n---\nAn anchor before a key.\n",
    );
    site.build().expect_code(0);
    assert!(site
        .output("guidance/keys/index.html")
        .contains("Body of the keys page."));
    assert!(site
        .output("guidance/anchor/index.html")
        .contains("An anchor before a key."));
}
