//! Sections read from HTML: text between tags with its character references decoded, a break
//! between words at the ends of blocks, and a section at each `h2` and `h3` start tag (its id
//! from the tag's `id`). It reads a page's HTML once written when the page has raw HTML, and the
//! HTML the rewriter writes itself (code blocks, links, references' placeholders) as it goes.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::borrow::Cow;

use super::{Builder, Sections};

/// The sections of `html`.
pub(crate) fn sections(html: &str) -> Sections {
    let mut builder = Builder::default();
    scan(&mut builder, html);
    builder.finish()
}

/// Takes `html` into `builder`, dropping markup.
pub(in crate::markdown) fn scan(builder: &mut Builder, html: &str) {
    let mut rest = html;
    while let Some((text, after)) = rest.split_once('<') {
        push_text(builder, text);
        let Some((tag, after_tag)) = after.split_once('>') else {
            // A `<` that opens no tag (raw HTML left unsanitised may have one) is text.
            push_text(builder, "<");
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
                builder.start_section(&attribute(tag, "id").unwrap_or_default());
            }
            ("h2" | "h3", true) => builder.end_heading(),
            // Block ends separate words that markup alone would join.
            (
                "p" | "li" | "td" | "th" | "br" | "div" | "pre" | "h1" | "h4" | "h5" | "h6" | "tr"
                | "dd" | "dt",
                _,
            ) => builder.space(),
            _ => {}
        }
    }
    push_text(builder, rest);
}

fn push_text(builder: &mut Builder, raw: &str) {
    if !raw.is_empty() {
        builder.text(&decode_entities(raw));
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
