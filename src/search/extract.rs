//! The documents of a page for search: the page (its title and the text before its first `h2`
//! or `h3`) and each `h2`/`h3` section, as plain text taken from the rendered HTML.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::borrow::Cow;

/// A section of a page's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Section {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text (empty for the text before the first heading).
    pub heading: String,
    /// The plain text.
    pub text: String,
}

/// Splits rendered HTML into sections at `h2` and `h3` headings, dropping markup.
pub(super) fn sections(html: &str) -> Vec<Section> {
    // Each section's heading and text, collapsed as they are taken in.
    let mut sections = vec![(String::new(), Collapsed::default(), Collapsed::default())];
    let mut rest = html;
    let mut in_heading = false;
    while let Some((text, after)) = rest.split_once('<') {
        push_text(&mut sections, text, in_heading);
        let Some((tag, after_tag)) = after.split_once('>') else {
            // A `<` that opens no tag (raw HTML left unsanitised may have one) is text.
            push_text(&mut sections, "<", in_heading);
            rest = after;
            break;
        };
        rest = after_tag;
        // The tag's name, lower-cased on the stack: every name matched below is that short.
        let bare = tag.trim_start_matches('/');
        let len = bare.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let mut lower = [0u8; 4];
        let name = match (lower.get_mut(..len), bare.as_bytes().get(..len)) {
            (Some(name), Some(written)) => {
                name.copy_from_slice(written);
                name.make_ascii_lowercase();
                std::str::from_utf8(name).unwrap_or("")
            }
            _ => "",
        };
        match (name, tag.starts_with('/')) {
            ("h2" | "h3", false) => {
                let id = attribute(tag, "id").unwrap_or_default();
                sections.push((id, Collapsed::default(), Collapsed::default()));
                in_heading = true;
            }
            ("h2" | "h3", true) => in_heading = false,
            // Block ends separate words that markup alone would join.
            (
                "p" | "li" | "td" | "th" | "br" | "div" | "pre" | "h1" | "h4" | "h5" | "h6" | "tr"
                | "dd" | "dt",
                _,
            ) => push_text(&mut sections, " ", in_heading),
            _ => {}
        }
    }
    push_text(&mut sections, rest, in_heading);
    sections
        .into_iter()
        .map(|(id, heading, text)| Section {
            id,
            heading: heading.text,
            text: text.text,
        })
        .collect()
}

type Parts = (String, Collapsed, Collapsed);

fn push_text(sections: &mut [Parts], raw: &str, in_heading: bool) {
    if raw.is_empty() {
        return;
    }
    let text = decode_entities(raw);
    if let Some((_, heading, body)) = sections.last_mut() {
        if in_heading {
            heading.push(&text);
        } else {
            body.push(&text);
        }
    }
}

/// The value of attribute `name` in a start tag's inside.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let (_, value) = tag.split_once(&format!(" {name}=\""))?;
    let (value, _) = value.split_once('"')?;
    Some(decode_entities(value).into_owned())
}

/// Decodes the character references in HTML text: those our renderer and sanitiser write, and
/// any an editor wrote in raw HTML.
fn decode_entities(text: &str) -> Cow<'_, str> {
    html_escape::decode_html_entities(text)
}

/// Text taken in piece by piece with each run of white space (as `char::is_whitespace` has it)
/// as one space, and none at either end: what `split_whitespace` and `join(" ")` would make of
/// the pieces put together, without keeping them first.
#[derive(Debug, Default)]
struct Collapsed {
    text: String,
    /// Whether white space came after the last word taken in.
    space: bool,
}

impl Collapsed {
    fn push(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        // The length of the character at `i` and whether it is white space.
        let at = |i: usize| -> (usize, bool) {
            let (c, len) = super::char_at(piece, i);
            (len, c.is_whitespace())
        };
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() {
                let (len, space) = at(i);
                if space {
                    break;
                }
                i += len;
            }
            if i > start {
                if self.space && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                #[allow(clippy::string_slice)]
                // `start` and `i` were reached a whole character at a time
                self.text.push_str(&piece[start..i]);
            }
            while i < bytes.len() {
                let (len, space) = at(i);
                if !space {
                    break;
                }
                self.space = true;
                i += len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_h2_and_h3_and_drops_markup() {
        let html = "<p>Intro &amp; <em>more</em>.</p>\n<h2 id=\"steps\">Steps</h2>\n<ul><li>One</li><li>Two</li></ul>\n<h3 id=\"a&amp;b\">A <code>x</code></h3><p>Deep</p><h4>Not split</h4><p>still</p>";
        let found = sections(html);
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0],
            Section {
                id: String::new(),
                heading: String::new(),
                text: "Intro & more .".to_string()
            }
            .clone_with_text("Intro & more.")
        );
        assert_eq!(
            (
                found[1].id.as_str(),
                found[1].heading.as_str(),
                found[1].text.as_str()
            ),
            ("steps", "Steps", "One Two")
        );
        assert_eq!(
            (
                found[2].id.as_str(),
                found[2].heading.as_str(),
                found[2].text.as_str()
            ),
            ("a&b", "A x", "Deep Not split still")
        );
    }

    #[test]
    fn white_space_of_every_kind_collapses_to_one_space() {
        let collapse = |text: &str| {
            // Taken in a character at a time, as a worst case of pieces.
            let mut collapsed = Collapsed::default();
            let mut buffer = [0u8; 4];
            for c in text.chars() {
                collapsed.push(c.encode_utf8(&mut buffer));
            }
            let mut whole = Collapsed::default();
            whole.push(text);
            assert_eq!(collapsed.text, whole.text);
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

    impl Section {
        fn clone_with_text(&self, text: &str) -> Section {
            Section {
                text: text.to_string(),
                ..self.clone()
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    fn escaped(text: &str) -> String {
        let mut html = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut html, text);
        html
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Text as the renderer writes it (escaped, in elements) comes back whole, white space
        /// collapsed; a heading's id comes back from its attribute.
        #[test]
        fn escaped_text_and_ids_come_back_whole(body in text(24), id in text(8), heading in text(8)) {
            let html = format!(
                "<p>{}</p><h2 id=\"{}\">{}</h2>",
                escaped(&body),
                escaped(&id),
                escaped(&heading)
            );
            let found = sections(&html);
            let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(found.len(), 2);
            prop_assert_eq!(&found[0].text, &collapse(&body));
            prop_assert_eq!(&found[1].id, &id);
            prop_assert_eq!(&found[1].heading, &collapse(&heading));
        }

        /// Entities are decoded as the decoder crate decodes them, however the text is cut at
        /// tags: a tag never splits a reference.
        #[test]
        fn entities_decode_as_the_decoder_crate_does(before in text(16), after in text(16)) {
            let (before, after) = (before.replace('<', "&lt;"), after.replace('<', "&lt;"));
            let found = sections(&format!("{before}<b>{after}"));
            // `<b>` joins the two pieces without a space, as a reader sees them.
            let expected = format!(
                "{}{}",
                html_escape::decode_html_entities(&before),
                html_escape::decode_html_entities(&after)
            );
            let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(&found[0].text, &collapse(&expected));
        }

        /// Any text, markup or not, is taken apart without a panic, and white space taken in by
        /// pieces collapses as the whole does.
        #[test]
        fn any_text_is_taken_apart(html in text(48), cut in 0usize..64) {
            let _ = sections(&html);
            let cut = html.char_indices().nth(cut).map_or(html.len(), |(at, _)| at);
            let (first, second) = html.split_at(cut);
            let mut pieces = Collapsed::default();
            pieces.push(first);
            pieces.push(second);
            let mut whole = Collapsed::default();
            whole.push(&html);
            prop_assert_eq!(pieces.text, whole.text);
        }
    }
}
