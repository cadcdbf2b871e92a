//! Broken input: every problem of a build reported at once, at its file, line and column.

use crate::support::SiteTest;

#[test]
fn all_content_errors_are_reported_in_one_run_sorted_by_file_and_line() {
    let site = SiteTest::new("invalid/mixed");
    let run = site.run(&["build"]).expect_code(1);
    let stderr = &run.stderr;
    let expected = [
        "content/guidance/a-broken-yaml.md:3:14: error[yaml]: the list that starts here with `[` is not closed by a `]`",
        "content/guidance/b-no-title.md:1:1: error[missing-field]: a guidance page needs a `title` field",
        "content/guidance/c-wrong-type.md:3:8: error[field-type]: `draft` must be true or false, found the text \"sometimes\"",
        "content/guidance/c-wrong-type.md:4:9: error[field-type]: `weight` must be a whole number",
        "content/guidance/d-broken-link.md:7:24: error[broken-link]: the link points to `@/guidance/missing.md`, which does not exist",
    ];
    let mut last = 0;
    for line in expected {
        let at = stderr
            .find(line)
            .unwrap_or_else(|| panic!("missing `{line}` in:\n{stderr}"));
        assert!(at >= last, "`{line}` is out of order in:\n{stderr}");
        last = at;
    }
    assert!(stderr.contains("error: 5 errors"), "{stderr}");
    assert!(!site.root().join("output").exists(), "nothing is written");
}

#[test]
fn errors_show_the_source_line_a_caret_and_a_hint() {
    let site = SiteTest::new("invalid/mixed");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains("3 │ draft: \"sometimes\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("^^^^^^^^^^^"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: write `draft: true` or `draft: false`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_the_same_errors_as_json_for_ci() {
    let site = SiteTest::new("invalid/mixed");
    let run = site.run(&["check", "--format", "json"]).expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let items = report.as_array().unwrap();
    assert_eq!(items.len(), 5, "{}", run.stdout);
    let wrong_type = items
        .iter()
        .find(|d| d["file"] == "content/guidance/c-wrong-type.md")
        .unwrap();
    assert_eq!(wrong_type["line"], 3);
    assert_eq!(wrong_type["column"], 8);
    assert_eq!(wrong_type["severity"], "error");
    assert_eq!(wrong_type["code"], "field-type");
    assert!(!site.root().join("output").exists(), "check writes nothing");
}

#[test]
fn a_news_item_needs_a_date() {
    let site = SiteTest::new("basic");
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\ntype: news\n---\n",
    );
    site.write("content/news/item.md", "---\ntitle: Item\n---\n");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/news/item.md:1:1: error[missing-field]: a news page needs a `date` field"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_to_a_missing_anchor_or_a_draft_is_an_error() {
    let site = SiteTest::new("basic");
    site.write(
        "content/links.md",
        "---\ntitle: Links\n---\n[a](@/guidance/steps.md#third) [b](@/guidance/unfinished.md)\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/links.md:4:5: error[missing-anchor]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("anchors on that page: first, second"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/links.md:4:36: error[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("which is a draft"), "{}", run.stderr);
    site.run(&["build", "--drafts"]).expect_code(1);
}

#[test]
fn a_misspelt_link_gets_a_suggestion() {
    let site = SiteTest::new("basic");
    site.write(
        "content/links.md",
        "---\ntitle: Links\n---\n[a](@/guidance/referal.md)\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr
            .contains("did you mean `@/guidance/referral.md`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_line_and_column() {
    let site = SiteTest::new("basic");
    std::fs::write(
        site.root().join("content/guidance/latin1.md"),
        b"---\ntitle: Caf\xc3\xa9\n---\nFirst line.\n\nCaf\xe9 au lait.\n",
    )
    .unwrap();
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/latin1.md:6:4: error[encoding]: the file is not valid UTF-8: the byte 0xe9 here is not UTF-8"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("at byte"), "{}", run.stderr);
    assert!(
        run.stderr.contains("6 │ Caf\u{fffd} au lait."),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_errors_are_in_our_words_with_the_caret_where_the_problem_starts() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/quote.md",
        "---\ntitle: \"Barn och stöd\ndraft: false\n---\nBody.\n",
    );
    site.write(
        "content/guidance/twice.md",
        "---\ntitle: One\ndraft: false\ntitle: Two\n---\nBody.\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("content/guidance/quote.md:2:8: error[yaml]: the text in quotes that starts here has no closing \""),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 │ title: \"Barn och stöd\n  │        ^\n"),
        "the caret is under the quote: {stderr}"
    );
    assert!(
        stderr.contains("content/guidance/twice.md:4:1: error[yaml]: `title` is given twice"),
        "{stderr}"
    );
    assert!(!stderr.contains("while scanning"), "{stderr}");
}

#[test]
fn front_matter_nested_too_deep_is_refused_at_once() {
    let site = SiteTest::new("basic");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    site.write(
        "content/guidance/deep.md",
        &format!("---\ntitle: Deep\nx: {deep}\n---\nBody.\n"),
    );
    let started = std::time::Instant::now();
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/deep.md:3:132: error[yaml]: lists or maps are nested more than 128 deep here"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 2_000, "the line is not printed whole");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// `files` lists attachments and `substandards` sub-standards only on tool and standard pages:
/// on another page an editor is told that they do nothing, where they are written, and the
/// build still succeeds.
#[test]
fn fields_of_another_type_are_named_as_ignored() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/handout.md",
        "---\ntitle: Handout\nfiles:\n  - {file: sheet.pdf, title: Sheet}\nsubstandards:\n  - {id: \"1.1\", title: One}\n---\n\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "content/guidance/handout.md:3:1: warning[field-ignored]: `files` lists attachments only on a tool page; this is a guidance page",
        "content/guidance/handout.md:5:1: warning[field-ignored]: `substandards` lists sub-standards only on a standard page; this is a guidance page",
    ] {
        assert!(run.stderr.contains(line), "missing {line:?} in:\n{}", run.stderr);
    }
    // The tool page of the fixture lists its file as it should: no such warning.
    assert!(
        !run.stderr.contains("content/tools/"),
        "a tool's files were reported:\n{}",
        run.stderr
    );
}

/// A page whose front matter has an error is not also reported as missing by every page that
/// links to it: one error, where the editor must fix it. A mistyped link is offered the
/// original page, not one of its translations.
#[test]
fn links_to_a_page_with_errors_are_not_reported_as_broken() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/guidance/steps.md",
        "---\ntitle: Steps\nweight: forty\n---\nThe steps.\n",
    );
    site.append(
        "content/guidance/referral.md",
        "\nSee [the steps](@/guidance/steps.md) and [the steps again](@/guidance/steps.md#first).\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/steps.md:3:9: error[field-type]: `weight` must be a whole number"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("broken-link"), "{}", run.stderr);
    assert!(run.stderr.contains("error: 1 error"), "{}", run.stderr);

    site.write(
        "content/guidance/steps.md",
        "---\ntitle: Steps\n---\nSee [the referral](@/guidance/referral.s.md).\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr
            .contains("help: did you mean `@/guidance/referral.md`?"),
        "{}",
        run.stderr
    );
}

/// A `[[std:…]]` reference in a heading or in a link's text cannot become a link there: an
/// error at the reference, not literal brackets on the page. Shown as code, it is text.
#[test]
fn a_reference_in_a_heading_or_a_links_text_is_an_error() {
    let site = SiteTest::new("multilingual");
    site.append(
        "content/guidance/steps.md",
        "\n## Pitfalls [[std:1]]\n\nSee [the rule [[std:1]]](https://example.org/).\n\nWrite `[[std:1]]` for a reference; ## `[[std:2]]` too.\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("error[reference-not-here]"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].contains("a standard reference in a heading is not turned into a link"),
        "{}",
        run.stderr
    );
    assert!(lines[1].contains("in a link's text"), "{}", run.stderr);
}

/// Issue 17: `safety.page` naming no page would put a link to a 404 beside every quick exit: an
/// error at its place in site.yaml, with the nearest page offered.
#[test]
fn a_safety_page_that_does_not_exist_is_an_error_at_its_place() {
    let site = SiteTest::new("basic");
    site.append("site.yaml", "safety:\n  page: abuot\n");
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "site.yaml:4:9: error[config-value]: `safety.page` is `abuot`, which is no page of the site (no content/abuot.md)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `page: about`?"),
        "{}",
        run.stderr
    );
    site.write(
        "site.yaml",
        "title: Basic\nbase_url: https://example.org\nsafety:\n  page: about\n",
    );
    site.run(&["check"]).expect_code(0);
}

/// A page the Markdown parser panics on (pulldown-cmark 0.13.6: a task item ending in `\\` with
/// a list under it and a tab after that list's marker) is an error of that page, with exit 1 and
/// nothing written, not a crash of the build (exit 101).
#[test]
fn a_page_the_markdown_parser_fails_on_is_its_own_error() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/guidance/list.md",
        "---\ntitle: T\n---\n* [ ] \\\n  - \t\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/guidance/list.md: error[markdown-unreadable]"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let export = site
        .run(&["translate", "export", "--lang", "sv"])
        .expect_code(1);
    assert!(
        export.stderr.contains("error[markdown-unreadable]"),
        "{}",
        export.stderr
    );
}
