//! Issue 21: each guide on one printable page per language (`SECTION/print/`), seen in the HTML
//! a reader's browser gets. The PDF itself is checked in Chromium (tests/browser/print.mjs).

use crate::support::{main_of, SiteTest};

/// A guide's print page holds its pages as chapters in listing order, with references to the
/// guide's own pages turned into links within the page, links elsewhere made full URLs, headings
/// one level lower, and ids that cannot clash between chapters.
#[test]
fn a_guides_print_page_holds_every_page_as_a_chapter_with_links_within_it() {
    let site = SiteTest::new("standards");
    site.write(
        "content/standards/planning.md",
        "---\ntitle: Planning\nnumber: \"5\"\n---\n## Why\n\nBecause of [[std:1.1]] and \
         [the principles](@/standards/principles.md), and [a guide](@/guidance/referral.md).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.output("standards/print/index.html");
    let main = main_of(&html);
    let first = main.find("id=\"ch-1\"").expect("chapter 1");
    let second = main.find("id=\"ch-2\"").expect("chapter 2");
    assert!(first < second && !main.contains("id=\"ch-3\""), "{main}");
    assert!(main.contains("Cross-cutting principles") && main.contains("Planning"));
    // Standard 1's sub-standard keeps its anchor, under its chapter's prefix, and Standard 5's
    // reference to it leads there.
    assert!(main.contains("id=\"ch-1-substandard-1-1\""), "{main}");
    assert!(main.contains("href=\"#ch-1-substandard-1-1\""), "{main}");
    assert!(main.contains("href=\"#ch-1\""), "{main}");
    assert!(
        main.contains("href=\"https://example.org/guidance/referral/\""),
        "{main}"
    );
    assert!(main.contains("<h3 id=\"ch-2-why\">Why</h3>"), "{main}");
    // The contents list every chapter; the page's canonical is the section's.
    assert!(main.contains("<a href=\"#ch-2\">"), "{main}");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/standards/\">"));
    assert!(!html.contains("noindex"));
    // The section and its pages link to it.
    for page in ["standards/index.html", "standards/planning/index.html"] {
        assert!(
            site.output(page).contains("href=\"/standards/print/\""),
            "{page} has no link to the print page"
        );
    }
    // In Swedish too, with the untranslated standard shown in English, marked as such.
    let sv = site.output("sv/standards/print/index.html");
    assert!(sv.contains("lang=\"en\""), "{sv}");
    let target = sv
        .split("id=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|id| id.starts_with("ch-") && id.ends_with("-substandard-1-1"))
        .expect("the sub-standard's anchor in the Swedish print page");
    assert!(sv.contains(&format!("href=\"#{target}\"")), "{sv}");
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/standards/print/</loc>"));
}

/// Which sections are guides: standards, guidance and tools by default; any section that asks
/// with `print: true`; none that says `print: false`. Search leaves print pages out.
#[test]
fn sections_are_printed_when_they_are_guides_or_ask_to_be() {
    let site = SiteTest::new("standards");
    site.write(
        "content/practices/_index.md",
        "---\ntitle: Practices\ntype: practice\nprint: true\n---\n",
    );
    site.write(
        "content/tools/_index.md",
        "---\ntitle: Tools\ntype: tool\nprint: false\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.has_output("standards/print/index.html"));
    assert!(site.has_output("guidance/print/index.html"));
    assert!(site.has_output("practices/print/index.html"));
    assert!(!site.has_output("tools/print/index.html"));
    let index = site.search_index_text();
    assert!(!index.is_empty());
    assert!(
        !index.contains("/print/"),
        "the search index lists a print page"
    );
}

/// A page whose own address would be a guide's print page is an error naming both, not a file
/// silently replaced.
#[test]
fn a_page_at_a_print_pages_address_is_an_error() {
    let site = SiteTest::new("standards");
    site.write(
        "content/standards/print.md",
        "---\ntitle: Print\nnumber: \"7\"\n---\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/standards/print.md")
            && run.stderr.contains("/standards/print/index.html"),
        "{}",
        run.stderr
    );
}
