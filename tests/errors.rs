//! Broken input: every problem of a build reported at once, at its file, line and column.

use crate::support::SiteTest;

#[test]
fn all_content_errors_are_reported_in_one_run_sorted_by_file_and_line() {
    let site = SiteTest::new("invalid/mixed");
    let run = site.run(&["build"]).expect_code(1);
    let stderr = &run.stderr;
    let expected = [
        "content/guidance/a-broken-yaml.md:4:1: error[yaml]: did not find expected ',' or ']' at line 4 column 1, while parsing a flow sequence at line 3 column 14",
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
