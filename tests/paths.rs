//! Nothing in content or settings makes Soteria write or read outside the output folder or the
//! site, or silently replace a file it generates: every value that becomes part of a path is
//! checked where it is written (file:line:col), and every output path has one owner.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

use crate::support::{copy_dir, repo_root, Run};

/// A fixture site deep inside a temporary tree (`outer/a/b/c/d/site`), beside a folder of the
/// kind the attack overwrote (`outer/a/b/victim/docs/index.html`), so that a write
/// outside the output folder shows up as a change of the tree.
struct Fenced {
    outer: tempfile::TempDir,
}

impl Fenced {
    fn new(fixture: &str) -> Fenced {
        let fenced = Fenced {
            outer: tempfile::tempdir().expect("temporary folder"),
        };
        copy_dir(
            &repo_root().join("tests/fixtures").join(fixture),
            &fenced.site(),
        );
        copy_dir(
            &repo_root().join("themes/default"),
            &fenced.site().join("themes/default"),
        );
        fenced.write_outside("a/b/victim/docs/index.html", "the victim's own page");
        fenced.write_outside("a/b/c/notes.txt", "my notes");
        fenced
    }

    fn outer(&self) -> &Path {
        self.outer.path()
    }

    fn site(&self) -> PathBuf {
        self.outer().join("a/b/c/d/site")
    }

    fn write_outside(&self, rel: &str, text: &str) {
        let path = self.outer().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Writes a file of the site (creating folders).
    fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.site().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Every file and folder of the tree but the site's output (and what a build keeps beside
    /// it), with the bytes of each file.
    fn snapshot(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let site = self.site();
        WalkDir::new(self.outer())
            .into_iter()
            .filter_entry(|entry| {
                let beside_output = entry.path().parent() == Some(site.as_path())
                    && entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with("output") || n.starts_with(".output"));
                !beside_output
            })
            .flatten()
            .map(|entry| {
                let bytes = entry
                    .file_type()
                    .is_file()
                    .then(|| fs::read(entry.path()).unwrap());
                (entry.path().to_path_buf(), bytes)
            })
            .collect()
    }

    /// Runs `soteria args` in the site and checks that nothing but the output changed.
    fn run_fenced(&self, args: &[&str]) -> Run {
        let before = self.snapshot();
        let output = Command::new(env!("CARGO_BIN_EXE_soteria"))
            .args(args)
            .current_dir(self.site())
            .env_remove("RUST_LOG")
            .output()
            .expect("run soteria");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let after = self.snapshot();
        let changed: Vec<_> = after
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(bytes))
            .map(|(path, _)| path)
            .chain(before.keys().filter(|path| !after.contains_key(*path)))
            .collect();
        assert!(
            changed.is_empty(),
            "written outside the output folder: {changed:#?}\nstderr:\n{}",
            run.stderr
        );
        run
    }
}

/// Panics unless `stderr` has every one of `expected` (each a `file:line:col: error[code]`).
#[track_caller]
fn assert_reports(stderr: &str, expected: &[String]) {
    let missing: Vec<&String> = expected.iter().filter(|e| !stderr.contains(*e)).collect();
    assert!(missing.is_empty(), "missing {missing:#?} in:\n{stderr}");
}

#[test]
fn a_theme_value_cannot_write_outside_the_output_folder() {
    let site = Fenced::new("basic");
    site.write(
        "content/guidance/evil.md",
        "---\ntitle: Evil\nthemes: [\"../../../../../victim/docs\"]\n---\nBody.\n",
    );
    for command in ["check", "build"] {
        let run = site.run_fenced(&[command]).expect_code(1);
        assert_reports(
            &run.stderr,
            &["content/guidance/evil.md:3:11: error[bad-path-segment]: the `themes` value `../../../../../victim/docs` contains `/`".to_string()],
        );
    }
    assert!(!site.site().join("output").exists());
}

/// The values every path-producing front matter field is tried with: `..`, a path up and out,
/// an absolute path, backslashes, percent-encoding, NUL, control and direction characters,
/// and look-alikes of `/`, `\` and `.` (YAML double-quoted, so escapes are allowed).
const ATTACKS: &[&str] = &[
    "..",
    "../../../../x",
    "/tmp/soteria-absolute",
    "..\\\\..\\\\x",
    "C:\\\\x",
    "%2e%2e",
    "a%2Fb",
    "a\\0b",
    "a\\x1b[2Jb",
    "a\\u202Eb",
    "a\u{2215}b",
    "a\u{2044}b",
    "a\u{FF0F}b",
    "a\u{FF3C}b",
    "\u{2024}\u{2024}",
    "\u{FF0E}\u{FF0E}",
    "\u{FE30}",
    ".hidden",
    // Invisible characters and characters with no meaning of their own (the review's list).
    "a\\u2060b",
    "a\\u200Db",
    "a\\u00ADb",
    "a\\u034Fb",
    "a\\u180Eb",
    "a\\U000E0041b",
    "a\\uE000b",
    "a\\uFDD0b",
    "a\u{200D}b",
    "a\u{E000}b",
    "a\u{FE0F}b",
];

#[test]
fn every_path_producing_front_matter_field_refuses_escapes_at_its_line() {
    let site = Fenced::new("basic");
    let fields: &[(&str, &str, &str)] = &[
        // (field, how the value is written, the diagnostic's code)
        ("slug", "slug: \"{}\"", "bad-slug"),
        ("themes", "themes: [ok, \"{}\"]", "bad-path-segment"),
        ("themes", "themes:\n  - ok\n  - \"{}\"", "bad-path-segment"),
        ("country", "country: \"{}\"", "bad-path-segment"),
        // A common field of country codes: the schema refuses it first.
        ("countries", "countries: [\"{}\"]", "bad-country"),
        ("evidence", "evidence: \"{}\"", "bad-path-segment"),
    ];
    // The line of the value; a value written with YAML escapes is found at its field's line.
    let value_line = |template: &str, attack: &str| {
        if attack.contains('\\') {
            3
        } else {
            template.lines().count() + 2
        }
    };
    for (f, (_, template, _)) in fields.iter().enumerate() {
        for (a, attack) in ATTACKS.iter().enumerate() {
            site.write(
                &format!("content/guidance/f{f}-a{a}.md"),
                &format!(
                    "---\ntitle: Attack\n{}\n---\nBody.\n",
                    template.replace("{}", attack)
                ),
            );
        }
    }
    let run = site.run_fenced(&["build"]).expect_code(1);
    let reported: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains(": error["))
        .collect();
    for (f, (field, template, code)) in fields.iter().enumerate() {
        for (a, attack) in ATTACKS.iter().enumerate() {
            let file = format!("content/guidance/f{f}-a{a}.md");
            let at = format!("{file}:{}:", value_line(template, attack));
            let found = reported
                .iter()
                .find(|line| line.starts_with(&at) && line.contains(&format!("error[{code}]")));
            assert!(
                found.is_some(),
                "`{field}: {attack}` is not reported at {at} error[{code}]:\n{}",
                run.stderr
            );
        }
    }
    assert!(!site.site().join("output").exists());
}

#[test]
fn aliases_refuse_escapes_at_their_place() {
    let site = Fenced::new("basic");
    let aliases = [
        "/../../../../x/",
        "/a/../../b/",
        "//evil.example/x/",
        "https://evil.example/",
        "/a\\..\\..\\b/",
        "/C:/x/",
        "/%2e%2e/%2e%2e/x/",
        "/a%2Fb/",
        "/\u{FF0E}\u{FF0E}/x/",
        "/a\u{2215}..\u{2215}b/",
        "/\u{2024}\u{2024}/x/",
    ];
    // Single quotes: YAML takes backslashes in them as they are.
    let list: Vec<String> = aliases.iter().map(|a| format!("  - '{a}'")).collect();
    site.write(
        "content/guidance/moved.md",
        &format!("---\ntitle: Moved\naliases:\n{}\n---\n", list.join("\n")),
    );
    let run = site.run_fenced(&["build"]).expect_code(1);
    let expected: Vec<String> = (0..aliases.len())
        .map(|n| format!("content/guidance/moved.md:{}:6: error[bad-alias]", n + 4))
        .collect();
    assert_reports(&run.stderr, &expected);
}

#[test]
fn language_codes_cannot_write_or_read_outside_the_site() {
    let site = Fenced::new("basic");
    let absolute = site.outer().join("absolute");
    site.write(
        "site.yaml",
        &format!(
            "title: T\nlanguages:\n  en: {{name: English}}\n  \"../../x\": {{name: Up}}\n  \"{}\": {{name: Absolute}}\n  'a\\b': {{name: Backslash}}\n  \"%2e%2e\": {{name: Encoded}}\n  \"sv\u{2215}x\": {{name: Look-alike}}\n  \"\u{FF0E}\u{FF0E}\": {{name: Fullwidth}}\n  \"a\\0b\": {{name: Nul}}\n",
            absolute.display()
        ),
    );
    let run = site.run_fenced(&["build"]).expect_code(2);
    let mut expected: Vec<String> = (4..=9)
        .map(|line| format!("site.yaml:{line}:3: error[config-value]"))
        .collect();
    // Written with an escape, the NUL's code is shown at the map that holds it.
    expected
        .push("site.yaml:2:1: error[config-value]: `a\\u{0}b` is not a language code".to_string());
    assert_reports(&run.stderr, &expected);
    assert!(
        run.stderr.contains("is not a language code"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pt-BR"),
        "the help names what is allowed"
    );
    assert!(!absolute.exists());
}

#[test]
fn a_default_language_alone_is_checked_too() {
    let site = Fenced::new("basic");
    site.write("site.yaml", "title: T\ndefault_language: /etc/x\n");
    let run = site.run_fenced(&["check"]).expect_code(2);
    assert_reports(
        &run.stderr,
        &["site.yaml:2:19: error[config-value]: `/etc/x` is not a language code".to_string()],
    );
}

#[test]
fn theme_and_framework_names_stay_inside_the_site() {
    let site = Fenced::new("basic");
    site.write(
        "site.yaml",
        "title: T\ntheme: ../../../../victim\nstandards:\n  \"../x\": {section: standards}\n",
    );
    let run = site.run_fenced(&["build"]).expect_code(2);
    assert_reports(
        &run.stderr,
        &[
            "site.yaml:2:8: error[config-value]: the theme `../../../../victim`".to_string(),
            "site.yaml:4:3: error[config-value]: the standards framework id `../x`".to_string(),
        ],
    );
}

#[test]
fn file_names_that_are_not_path_segments_are_refused() {
    let site = Fenced::new("basic");
    let names = [
        "content/guidance/a%2e%2e.md",
        "content/guidance/back\\slash.md",
        "content/guidance/x\u{2215}y.md",
        "content/guidance/esc\u{1b}[2J.md",
        "content/guidance/rtl\u{202E}fdp.md",
        "content/guidance/\u{FF0E}\u{FF0E}/index.md",
        "content/tools/kit/\u{FF0E}\u{FF0E}.pdf",
        "content/tools/kit/a%2F..%2Fb.pdf",
        "static/C:evil.txt",
        "content/guidance/guid\u{2060}ance.md",
        "content/tools/kit/\u{E000}.pdf",
    ];
    for name in names {
        site.write(name, "---\ntitle: Named\n---\n");
    }
    let run = site.run_fenced(&["build"]).expect_code(1);
    let shown = [
        "content/guidance/a%2e%2e.md: error[file-name]",
        "content/guidance/back\\slash.md: error[file-name]",
        "content/guidance/x\\u{2215}y.md: error[file-name]",
        "content/guidance/esc\\u{1b}[2J.md: error[file-name]",
        "content/guidance/rtl\\u{202e}fdp.md: error[file-name]",
        "content/guidance/\\u{ff0e}\\u{ff0e}/index.md: error[file-name]",
        "content/tools/kit/\\u{ff0e}\\u{ff0e}.pdf: error[file-name]",
        "content/tools/kit/a%2F..%2Fb.pdf: error[file-name]",
        "static/C:evil.txt: error[file-name]",
        "content/guidance/guid\\u{2060}ance.md: error[file-name]",
        "content/tools/kit/\\u{e000}.pdf: error[file-name]",
    ];
    assert_reports(&run.stderr, &shown.map(String::from));
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a file name cannot send escape sequences to the terminal"
    );
}

#[test]
fn an_alias_onto_a_generated_page_is_an_error_naming_both() {
    let site = Fenced::new("basic");
    site.write(
        "content/guidance/se.md",
        "---\ntitle: Sweden\ncountries: [se]\naliases: [/404.html, /countries/se/, /search/]\n---\n",
    );
    for command in ["check", "build"] {
        let run = site.run_fenced(&[command]).expect_code(1);
        assert_reports(
            &run.stderr,
            &[
                "content/guidance/se.md:4:11: error[path-taken]: the redirect of this alias would be written to `/404.html`, which is a file Soteria generates".to_string(),
                "content/guidance/se.md:4:22: error[path-taken]: the redirect of this alias would be written to `/countries/se/index.html`, which is a file Soteria generates".to_string(),
                "content/guidance/se.md:4:38: error[path-taken]: the redirect of this alias would be written to `/search/index.html`, which is a file Soteria generates".to_string(),
            ],
        );
    }
}

#[test]
fn content_and_static_files_cannot_replace_generated_files_or_each_other() {
    let site = Fenced::new("basic");
    site.write("content/404.html", "<p>mine</p>")
        .write("content/sitemap.xml", "<urlset/>")
        .write("content/index.html", "<p>home</p>")
        .write("content/tools/kit/index.html", "<p>kit</p>")
        .write("content/extra.txt", "beside the content")
        .write("static/robots.txt", "User-agent: *")
        .write("content/search/en/manifest.json", "{}")
        .write(
            "content/countries/se.md",
            "---\ntitle: Sweden\nslug: se\n---\n",
        )
        .write(
            "content/guidance/swedish.md",
            "---\ntitle: Swedish\ncountries: [se]\n---\n",
        );
    let run = site.run_fenced(&["build"]).expect_code(1);
    assert_reports(
        &run.stderr,
        &[
            "content/404.html: error[path-taken]: this file would be copied to `/404.html`, which is a file Soteria generates",
            "content/sitemap.xml: error[path-taken]: this file would be copied to `/sitemap.xml`, which is a file Soteria generates",
            "content/index.html: error[path-taken]: this file would be copied to `/index.html`, which is the page of content/_index.md",
            "content/tools/kit/index.html: error[path-taken]: this file would be copied to `/tools/kit/index.html`, which is the page of content/tools/kit/index.md",
            "static/extra.txt: error[path-taken]: this file would be copied to `/extra.txt`, which is where content/extra.txt is copied",
            "static/robots.txt: error[path-taken]: this file would be copied to `/robots.txt`, which is a file Soteria generates",
            "content/search/en/manifest.json: error[path-taken]: this file would be copied to `/search/en/manifest.json`, which is in the search index",
            "content/countries/se.md:3:7: error[path-taken]: this page would be written to `/countries/se/index.html`, which is a file Soteria generates",
        ]
        .map(String::from),
    );
    assert!(!site.site().join("output").exists());
}

#[test]
fn a_page_or_alias_on_another_pages_url_is_an_error_at_its_place_every_time() {
    let site = Fenced::new("basic");
    site.write("content/guidance/a-first.md", "---\ntitle: First\n---\n")
        .write(
            "content/guidance/b-slug.md",
            "---\ntitle: Second\nslug: a-first\n---\n",
        )
        .write(
            "content/guidance/c-alias.md",
            "---\ntitle: Third\naliases: [/guidance/a-first/]\n---\n",
        );
    let first = site.run_fenced(&["check"]).expect_code(1);
    assert_reports(
        &first.stderr,
        &[
            "content/guidance/b-slug.md:3:7: error[duplicate-url]: `/guidance/a-first/index.html` is also written by content/guidance/a-first.md".to_string(),
            "content/guidance/c-alias.md:3:11: error[duplicate-url]: `/guidance/a-first/index.html` is also written by content/guidance/a-first.md".to_string(),
        ],
    );
    for _ in 0..3 {
        let again = site.run_fenced(&["check"]).expect_code(1);
        assert_eq!(first.stderr, again.stderr);
    }
}
