//! A path used as a file by one owner and as a folder by another (`/404.html` generated, an alias
//! `/404.html/`) is a `path-taken` error at its place, from `check` as from `build`, instead of
//! a system error half-way through writing; names too long for a file system are refused where
//! they are written.

use crate::support::SiteTest;

/// Panics unless `stderr` has every one of `expected`.
#[track_caller]
fn assert_reports(stderr: &str, expected: &[&str]) {
    let missing: Vec<&&str> = expected.iter().filter(|e| !stderr.contains(**e)).collect();
    assert!(missing.is_empty(), "missing {missing:#?} in:\n{stderr}");
    assert!(
        !stderr.contains("os error"),
        "a bare system error:\n{stderr}"
    );
}

#[test]
fn aliases_that_make_a_folder_of_a_generated_file_are_refused_at_their_place() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/old.md",
        "---\ntitle: Old\naliases: [/404.html/, /_headers/, /robots.txt/, /sitemap.xml, /favicon.svg, /css/soteria.css/]\n---\n",
    );
    for command in ["check", "build"] {
        let run = site.run(&[command]).expect_code(1);
        assert_reports(
            &run.stderr,
            &[
                "content/guidance/old.md:3:11: error[path-taken]: the redirect of this alias would be written to `/404.html/index.html`, inside a folder `/404.html/` that cannot be one: that path is a file, a file Soteria generates",
                "content/guidance/old.md:3:23: error[path-taken]: the redirect of this alias would be written to `/_headers/index.html`",
                "content/guidance/old.md:3:35: error[path-taken]: the redirect of this alias would be written to `/robots.txt/index.html`",
                "content/guidance/old.md:3:49: error[path-taken]: the redirect of this alias would be written to `/sitemap.xml/index.html`",
                "content/guidance/old.md:3:63: error[path-taken]: the redirect of this alias would be written to `/favicon.svg/index.html`",
                "content/guidance/old.md:3:77: error[path-taken]: the redirect of this alias would be written to `/css/soteria.css/index.html`",
            ],
        );
    }
    assert!(!site.root().join("output").exists());
}

#[test]
fn pages_and_files_that_make_a_folder_of_a_file_are_refused() {
    let site = SiteTest::new("basic");
    site.write(
        "content/headers.md",
        "---\ntitle: Headers\nslug: _headers\n---\n",
    )
    .write("content/robots.txt.md", "---\ntitle: Robots\n---\n")
    .write(
        "content/themed.md",
        "---\ntitle: Themed\nthemes: [index.html]\n---\n",
    )
    .write(
        "content/home.md",
        "---\ntitle: Home\nslug: index.html\n---\n",
    )
    .write(
        "static/sitemap.xml/notes.txt",
        "a folder where the sitemap is",
    )
    .write("static/guidance", "a file where the section is");
    for command in ["check", "build"] {
        let run = site.run(&[command]).expect_code(1);
        assert_reports(
            &run.stderr,
            &[
                "content/headers.md:3:7: error[path-taken]: this page would be written to `/_headers/index.html`, inside a folder `/_headers/`",
                "content/robots.txt.md: error[path-taken]: this page would be written to `/robots.txt/index.html`, inside a folder `/robots.txt/`",
                "content/themed.md:3:10: error[path-taken]: the `themes` value `index.html` would make a folder `index.html`",
                "content/home.md:3:7: error[path-taken]: the `slug` value `index.html` would make a folder `index.html`",
                "static/sitemap.xml/notes.txt: error[path-taken]: this file would be copied to `/sitemap.xml/notes.txt`, inside a folder `/sitemap.xml/`",
                "static/guidance: error[path-taken]: this file would be copied to `/guidance`, a file where the site needs a folder of that name for `/guidance/",
            ],
        );
    }
}

#[test]
fn a_name_too_long_for_a_file_system_is_refused_at_its_place() {
    let site = SiteTest::new("basic");
    let long = "a".repeat(300);
    site.write(
        "content/long.md",
        &format!("---\ntitle: Long\nslug: {long}\n---\n"),
    );
    site.write(&format!("static/{}.txt", "b".repeat(240)), "long");
    let run = site.run(&["check"]).expect_code(1);
    assert_reports(
        &run.stderr,
        &[
            "content/long.md:3:7: error[bad-slug]: the slug `aaaa",
            "is 300 bytes long in UTF-8; a name may have at most 200",
            "error[file-name]: the name `bbbb",
        ],
    );
}
