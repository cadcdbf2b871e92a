//! Issue 18: links written as relative `.md` paths or as site paths are checked like `@/` links
//! (the same errors, with suggestions and anchors) and lead to the page in the reader's
//! language; links to other sites stay as written.

use crate::support::SiteTest;

const LINKS: &str = "\n\nSee [the steps](steps.md#first), [the news](../news/launch.md), \
[by path](/guidance/steps/#first), [Swedish path](/sv/news/launch/), [search](/search/), \
[feed](/atom.xml), [outside](https://example.com/x.md).\n";

#[test]
fn relative_and_site_path_links_lead_to_the_page_in_the_readers_language() {
    let site = SiteTest::new("multilingual");
    site.append("content/guidance/referral.sv.md", LINKS);
    site.append("content/guidance/referral.md", LINKS);
    site.build();
    let swedish = site.output("sv/guidance/hanvisning/index.html");
    for link in [
        "<a href=\"/sv/guidance/steps/#first\">the steps</a>",
        "<a href=\"/sv/news/launch/\">the news</a>",
        "<a href=\"/sv/guidance/steps/#first\">by path</a>",
        "<a href=\"/sv/news/launch/\">Swedish path</a>",
        "<a href=\"/search/\">search</a>",
        "<a href=\"/atom.xml\">feed</a>",
        "<a href=\"https://example.com/x.md\">outside</a>",
    ] {
        assert!(swedish.contains(link), "{link} in:\n{swedish}");
    }
    let english = site.output("guidance/referral/index.html");
    assert!(english.contains("<a href=\"/guidance/steps/#first\">the steps</a>"));
    assert!(english.contains("<a href=\"/news/launch/\">Swedish path</a>"));
}

#[test]
fn relative_and_site_path_links_are_checked_like_content_links() {
    let site = SiteTest::new("multilingual");
    site.append(
        "content/guidance/referral.md",
        "\n\n[a](stepz.md) [b](/guidance/stepz/) [c](/guidance/steps/#nope) [d](../../x.md)\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    for (line, help) in [
        (
            "content/guidance/referral.md:10:5: error[broken-link]: the link points to `stepz.md`, which does not exist",
            "help: did you mean `@/guidance/steps.md`?",
        ),
        (
            "content/guidance/referral.md:10:19: error[broken-link]: the link points to `/guidance/stepz/`, which is no page of the site",
            "help: did you mean `/guidance/steps/`?",
        ),
        (
            "content/guidance/referral.md:10:41: error[missing-anchor]: `/guidance/steps/` has no heading with the id `nope`",
            "help: anchors on that page: first",
        ),
        (
            "content/guidance/referral.md:10:68: error[broken-link]: the link points to `../../x.md`, which is outside content/",
            "help: link with the file's path under content/",
        ),
    ] {
        assert!(run.stderr.contains(line), "{line} in:\n{}", run.stderr);
        assert!(run.stderr.contains(help), "{help} in:\n{}", run.stderr);
    }
}
