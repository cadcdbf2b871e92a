//! What a translation must keep of its source: the parts of a segment's Markdown that are not
//! text to translate. Link and image targets, `[[std:…]]` references, code spans, inline HTML
//! and footnote marks must come back unchanged (in any order: a sentence's order differs
//! between languages); link labels, image descriptions and a reference's own label are text.

use pulldown_cmark::{Event, Parser, Tag};

use crate::markdown::PARSER_OPTIONS;

/// One part of a segment that a translation keeps as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Protected {
    /// A link's target (and title).
    Link(String),
    /// An image's source.
    Image(String),
    /// A `[[std:…]]` reference's target (`std:5`).
    Reference(String),
    /// A code span's text.
    Code(String),
    /// Inline HTML.
    Html(String),
    /// A footnote mark's label.
    Footnote(String),
}

impl std::fmt::Display for Protected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Protected::Link(target) => write!(f, "the link to `{target}`"),
            Protected::Image(source) => write!(f, "the image `{source}`"),
            Protected::Reference(target) => write!(f, "the reference `[[{target}]]`"),
            Protected::Code(code) => write!(f, "the code `{code}`"),
            Protected::Html(html) => write!(f, "the HTML `{html}`"),
            Protected::Footnote(label) => write!(f, "the footnote mark `[^{label}]`"),
        }
    }
}

/// The protected parts of `markdown` (one segment's inline text), sorted.
pub(crate) fn protected(markdown: &str) -> Vec<Protected> {
    let mut found = Vec::new();
    let mut text = String::new();
    for event in Parser::new_ext(markdown, PARSER_OPTIONS) {
        if let Event::Text(t) = &event {
            text.push_str(t);
            continue;
        }
        references(&text, &mut found);
        text.clear();
        match event {
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => found.push(Protected::Link(with_title(&dest_url, &title))),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => found.push(Protected::Image(with_title(&dest_url, &title))),
            Event::Code(code) => found.push(Protected::Code(code.to_string())),
            Event::InlineHtml(html) | Event::Html(html) => {
                found.push(Protected::Html(html.to_string()));
            }
            Event::FootnoteReference(label) => found.push(Protected::Footnote(label.to_string())),
            _ => {}
        }
    }
    references(&text, &mut found);
    found.sort();
    found
}

fn with_title(target: &str, title: &str) -> String {
    if title.is_empty() {
        target.to_string()
    } else {
        format!("{target} \"{title}\"")
    }
}

/// The `[[std:…]]` references in `text`: what stands between `[[` and `]]` (or a `|` before
/// them, which starts the reference's own label); and the footnote marks.
fn references(text: &str, found: &mut Vec<Protected>) {
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find("]]") else { break };
        let inner = after.get(..end).unwrap_or("");
        let target = inner.split('|').next().unwrap_or("").trim();
        if target.contains(':') {
            found.push(Protected::Reference(target.to_string()));
        }
        rest = after.get(end + 2..).unwrap_or("");
    }
    // A footnote mark whose note is not in the segment reads as text: `[^label]`.
    let mut rest = text;
    while let Some(start) = rest.find("[^") {
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find(']') else { break };
        let label = after.get(..end).unwrap_or("");
        if !label.is_empty() && !label.contains(char::is_whitespace) {
            found.push(Protected::Footnote(label.to_string()));
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
}

/// What a translation of `source` lost and added of its protected parts: `(missing, extra)`,
/// both empty when it kept them all.
pub(crate) fn compare(source: &str, translation: &str) -> (Vec<Protected>, Vec<Protected>) {
    let (mut want, have) = (protected(source), protected(translation));
    let mut extra = Vec::new();
    for part in have {
        match want.iter().position(|w| *w == part) {
            Some(i) => {
                want.remove(i);
            }
            None => extra.push(part),
        }
    }
    (want, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_code_and_references_are_protected_labels_are_not() {
        let source = "See [the guide](@/guidance/a.md#x \"T\") and [[std:5|standard five]], `code`, <b>b</b>[^1] ![a map](map.png).";
        let translation = "Див. ![мапа](map.png) [посібник](@/guidance/a.md#x \"T\"), [[std:5|стандарт п'ять]], `code`, <b>b</b>[^1].";
        assert_eq!(compare(source, translation), (Vec::new(), Vec::new()));
        let (missing, extra) = compare(source, "Див. [посібник](@/guidance/b.md) [[std:99]].");
        assert_eq!(missing.len(), 7);
        assert_eq!(
            extra,
            [
                Protected::Link("@/guidance/b.md".into()),
                Protected::Reference("std:99".into())
            ]
        );
        assert_eq!(extra[1].to_string(), "the reference `[[std:99]]`");
    }

    #[test]
    fn any_text_is_read_without_a_panic() {
        for text in [
            "[[",
            "[[std:",
            "]][[x|",
            "[[std:5|]]]]",
            "\u{feff}[[ä:ö]]",
            "`",
            "<",
        ] {
            let _ = compare(text, text);
        }
    }
}
