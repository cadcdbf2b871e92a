//! How deep a page's elements nest, followed as its events are made. The sanitiser's HTML parser
//! looks down the stack of open elements at each new one, so its time grows with the square of
//! the depth (50,000 nested `<div>`s took 15 s): a page whose raw HTML must be sanitised may nest
//! [`MAX_DEPTH`] deep, which is far more than browsers show (they stop nesting at 512) and more
//! than Markdown's 2,000-deep lists make (4,000 elements).

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// How deep the elements of a page with raw HTML may nest.
pub(super) const MAX_DEPTH: usize = 5_000;

/// The depth of the elements open so far, and where it first went past [`MAX_DEPTH`].
#[derive(Debug, Default)]
pub(super) struct Nesting {
    depth: usize,
    /// The byte offset (in the Markdown) of the element that went past it.
    pub(super) too_deep_at: Option<usize>,
}

impl Nesting {
    /// Follows one event of the parser, found at `range` of the Markdown.
    pub(super) fn note(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            // An HTML block is no element of its own: its tags are.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(_) => self.open(range.start),
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => self.raw(html, range.start),
            _ => {}
        }
    }

    fn open(&mut self, at: usize) {
        self.depth += 1;
        if self.depth > MAX_DEPTH && self.too_deep_at.is_none() {
            self.too_deep_at = Some(at);
        }
    }

    /// Follows the tags of raw HTML that starts at byte `start` of the Markdown. Elements that the
    /// HTML parser closes by itself (`<p>`, `<li>`, void elements …) and self-closing tags do not
    /// count, so that the depth is never more than the parser's.
    fn raw(&mut self, html: &str, start: usize) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while let Some(lt) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == b'<'))
        {
            let tag = i + lt;
            let closing = bytes.get(tag + 1) == Some(&b'/');
            let name_start = tag + 1 + usize::from(closing);
            let name_len = bytes.get(name_start..).map_or(0, |rest| {
                rest.iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count()
            });
            let end = bytes
                .get(name_start..)
                .and_then(|rest| rest.iter().position(|&b| b == b'>'))
                .map_or(bytes.len(), |gt| name_start + gt);
            i = (end + 1).max(tag + 1);
            let Some(name) = bytes.get(name_start..name_start + name_len) else {
                continue;
            };
            if name.is_empty() || closes_itself(name) {
                continue;
            }
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else if !bytes
                .get(..end)
                .is_some_and(|before| before.ends_with(b"/"))
            {
                self.open(start + tag);
            }
        }
    }
}

/// Elements that never nest in themselves: void elements, and those whose end tag may be left
/// out (a second `<p>` or `<li>` closes the first).
fn closes_itself(name: &[u8]) -> bool {
    const NAMES: [&str; 30] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
        "rp", "rtc", "thead", "tbody", "tfoot", "colgroup",
    ];
    NAMES
        .iter()
        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let mut nesting = Nesting::default();
        nesting.raw(html, 0);
        nesting.depth
    }

    #[test]
    fn counts_elements_that_nest() {
        assert_eq!(depth_of("<div><section><b>x"), 3);
        assert_eq!(depth_of("<div><div></div>"), 1);
        assert_eq!(depth_of("<p><p><li><br><img src=x/><hr/><x-y/>"), 0);
        assert_eq!(depth_of("</div></div><!-- c --><DIV class='a>b'>"), 1);
        assert_eq!(depth_of("a < b, <, <>, ‹‹ <ø>"), 0);
    }

    #[test]
    fn notes_where_the_depth_went_past_the_limit() {
        let mut nesting = Nesting::default();
        let html = "<div>".repeat(MAX_DEPTH + 2);
        nesting.raw(&html, 10);
        assert_eq!(nesting.too_deep_at, Some(10 + 5 * MAX_DEPTH));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Any raw HTML is followed without a panic, and a place that went too deep is in it.
        #[test]
        fn any_raw_html_is_followed(html in text(40)) {
            let mut nesting = Nesting::default();
            nesting.raw(&html, 0);
            prop_assert!(nesting.depth <= html.matches('<').count());
        }
    }
}
