use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::markdown::{fill_placeholders, render, MarkdownOptions, Target};
use crate::unicode_strategy::text;

/// The sections as (id, heading, text) triples.
fn triples(sections: &Sections) -> Vec<(&str, &str, &str)> {
    sections.iter().map(|s| (s.id, s.heading, s.text)).collect()
}

fn md(body: &str) -> crate::markdown::Rendered {
    render(Path::new("a.md"), body, 0, body, MarkdownOptions::default())
}

/// What resolve fills a reference with: a link labelled with the index for a standard, an
/// address for a page.
fn filled(rendered: &crate::markdown::Rendered, index: usize) -> String {
    match rendered.references.get(index).map(|r| &r.target) {
        Some(Target::Page { .. }) => format!("/page-{index}/?a=1&amp;b=2"),
        _ => format!(
            "<a class=\"std-ref\" href=\"/std/\" lang=\"sv\">{index} Tom &amp; Jerry’s  </a>"
        ),
    }
}

/// The sections of a page's Markdown, filled, and those of its filled HTML.
fn both_ways(body: &str, options: MarkdownOptions<'_>) -> (Sections, Sections) {
    let rendered = render(Path::new("a.md"), body, 0, body, options);
    let from_markdown = rendered.sections.fill(|i| filled(&rendered, i));
    let html = fill_placeholders(&rendered.html, |i| filled(&rendered, i));
    (from_markdown, html::sections(&html))
}

#[test]
fn html_splits_at_h2_and_h3_and_drops_markup() {
    let html = "<p>Intro &amp; <em>more</em>.</p>\n<h2 id=\"steps\">Steps</h2>\n<ul><li>One</li><li>Two</li></ul>\n<h3 id=\"a&amp;b\">A <code>x</code></h3><p>Deep</p><h4>Not split</h4><p>still</p>";
    let sections = html::sections(html);
    assert_eq!(
        triples(&sections),
        [
            ("", "", "Intro & more."),
            ("steps", "Steps", "One Two"),
            ("a&b", "A x", "Deep Not split still"),
        ]
    );
}

#[test]
fn markdown_sections_are_its_text_without_markup() {
    let body = "Intro *&amp; more*[^n] ![alt [[std:9]]](x.png) `code`\n\n## Steps {#steps}\n\n- One\n- [x] Two\n\n\
                ### A `x` [[std:5]]\n\n| a | b |\n|:--|--:|\n| 1 | [[std:5]] |\n\n```rust\nfn main() {}\n```\n\n\
                ---\n#### Not split\nstill  \nhere [link](@/a.md \"t\")\n\n[^n]: The note.\n";
    let rendered = md(body);
    assert!(rendered.sections.has_placeholders());
    let sections = rendered.sections.fill(|i| filled(&rendered, i));
    assert_eq!(
        triples(&sections),
        [
            ("", "", "Intro & more1 code"),
            ("steps", "Steps", "One Two"),
            (
                "a-x-std-5",
                "A x [[std:5]]",
                "a b 1 0 Tom & Jerry’s fn main() {} Not split still here link 1 The note."
            ),
        ]
    );
    assert_eq!(
        triples(&sections),
        triples(&both_ways(body, MarkdownOptions::default()).1)
    );
}

#[test]
fn pages_with_raw_html_are_read_from_their_html() {
    let body = "Text <b>bold</b> <!-- hidden -->\n\n<script>alert(1)</script>\n\n<h2 id=\"raw\">Raw</h2>\n\nAfter\n";
    let sanitised = md(body);
    assert_eq!(
        triples(&sanitised.sections),
        [("", "", "Text bold"), ("raw", "Raw", "After")]
    );
    for unsafe_html in [false, true] {
        let options = MarkdownOptions {
            unsafe_html,
            ..MarkdownOptions::default()
        };
        let (from_markdown, from_html) = both_ways(body, options);
        assert_eq!(from_markdown, from_html);
    }
}

#[test]
fn white_space_of_every_kind_collapses_to_one_space() {
    let collapse = |text: &str| {
        // Taken in a character at a time, as a worst case of pieces.
        let mut pieces = Builder::default();
        let mut buffer = [0u8; 4];
        for c in text.chars() {
            pieces.text(c.encode_utf8(&mut buffer));
        }
        let mut whole = Builder::default();
        whole.text(text);
        let (pieces, whole) = (pieces.finish(), whole.finish());
        assert_eq!(pieces, whole);
        whole.text
    };
    for text in [
        "",
        "   ",
        " a  b\t\nc ",
        "x\u{a0}y\u{3000}\u{2003}z\u{85}",
        "\u{b}v\u{c}w\r",
        "  å ä\u{2028}ö  ",
        "no-space",
    ] {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(collapse(text), expected, "{text:?}");
    }
}

/// Markdown made of every construct the rewriter and the HTML writer treat apart, with text of
/// any kind between.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => text(8),
        1 => prop::sample::select(vec![
            "\n", "\n\n", "  \n", " ", "*", "**", "_", "~~", "`", "```", "```rust\n", "```js x\n",
            "    ", "> ", "- ", "1. ", "- [x] ", "- [ ] ", "# ", "## ", "### ", "#### ", "---\n",
            "===\n", " {#id .c}", " {#main}", "[[std:5]]", "[[std:trm/3|label]]", "[[std:",
            "]]", "[l](@/a.md)", "[l](@/b.md#x \"t\")", "[l](https://e.org)", "[j](javascript:x)",
            "![i](x.png)", "![i [[std:1]] [^a]](y.png \"t\")", "![](data:x)", "[^a]", "[^b]",
            "\n\n[^a]: note ", "\n\n[^b]: ", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", "|", "\\",
            "&amp;", "&copy;", "&#65;", "&", "<https://e.org/a>", "x@e.org", "[x]", "[x]: /u\n",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// A page's sections taken from its Markdown are those read from its HTML (filled in both
    /// cases), whatever the page holds.
    #[test]
    fn sections_of_markdown_are_those_of_its_html(body in markdown(), unsafe_html in any::<bool>()) {
        let options = MarkdownOptions { unsafe_html, ..MarkdownOptions::default() };
        let (from_markdown, from_html) = both_ways(&body, options);
        prop_assert_eq!(triples(&from_markdown), triples(&from_html), "{:?}", body);
    }

    /// Text as the renderer writes it (escaped, in elements) comes back whole, white space
    /// collapsed; a heading's id comes back from its attribute.
    #[test]
    fn escaped_text_and_ids_come_back_whole(body in text(24), id in text(8), heading in text(8)) {
        let escaped = |text: &str| {
            let mut html = String::new();
            let _ = pulldown_cmark_escape::escape_html(&mut html, text);
            html
        };
        let html = format!(
            "<p>{}</p><h2 id=\"{}\">{}</h2>",
            escaped(&body),
            escaped(&id),
            escaped(&heading)
        );
        let sections = html::sections(&html);
        let found = triples(&sections);
        let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(found.len(), 2);
        prop_assert_eq!(found[0].2, collapse(&body));
        prop_assert_eq!(found[1].0, id.as_str());
        prop_assert_eq!(found[1].1, collapse(&heading));
    }

    /// Entities are decoded as the decoder crate decodes them, however the text is cut at
    /// tags: a tag never splits a reference.
    #[test]
    fn entities_decode_as_the_decoder_crate_does(before in text(16), after in text(16)) {
        let (before, after) = (before.replace('<', "&lt;"), after.replace('<', "&lt;"));
        let sections = html::sections(&format!("{before}<b>{after}"));
        // `<b>` joins the two pieces without a space, as a reader sees them.
        let expected = format!(
            "{}{}",
            html_escape::decode_html_entities(&before),
            html_escape::decode_html_entities(&after)
        );
        let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(triples(&sections)[0].2, collapse(&expected));
    }

    /// Any text, markup or not, is taken apart without a panic, and white space taken in by
    /// pieces collapses as the whole does.
    #[test]
    fn any_text_is_taken_apart(html in text(48), cut in 0usize..64) {
        let _ = html::sections(&html);
        let cut = html.char_indices().nth(cut).map_or(html.len(), |(at, _)| at);
        let (first, second) = html.split_at(cut);
        let mut pieces = Builder::default();
        pieces.text(first);
        pieces.text(second);
        let mut whole = Builder::default();
        whole.text(&html);
        prop_assert_eq!(pieces.finish(), whole.finish());
    }
}
