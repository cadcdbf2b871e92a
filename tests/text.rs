//! Text in any script: what editors and translators type builds, checks and is found by search,
//! whatever characters stand next to an `&`, a `<` or a `>`.

use crate::search::lookup;
use crate::support::SiteTest;

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
