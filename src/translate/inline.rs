//! The inline markup of a segment's Markdown, split into text and codes, so that a translator's
//! tool can protect what must come back unchanged (XLIFF's inline codes).
//!
//! A segment's source is one paragraph's inline content. pulldown-cmark finds its markup: code
//! spans, inline HTML and footnote marks are standalone codes; links, images and emphasis are
//! paired codes around text the translator translates. `[[std:5]]` is plain text to
//! pulldown-cmark, so it is found in the text between codes, as the renderer finds it. Every
//! code's Markdown is a slice of the source, and the text between codes is the source as
//! written (escapes and entities included), so the pieces put back together are the source.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::PARSER_OPTIONS;

/// A stretch of a segment's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Text to translate, as written in the Markdown.
    Text(&'a str),
    /// Markup that stands alone: `[[std:5]]`, `` `code` ``, `<br>`, `[^1]`, an autolink.
    Standalone(&'a str),
    /// Markup around text to translate: `[` … `](target)`, `**` … `**`, `[[std:5|` … `]]`.
    Paired {
        /// The Markdown before the text (`[`, `**`, `![`).
        start: &'a str,
        /// The Markdown after it (`](target)`, `**`).
        end: &'a str,
        /// The text between, itself split.
        content: Vec<Piece<'a>>,
    },
}

/// The pieces of `text`; [`markdown`] of them is `text` again.
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let root = tree(text);
    let mut out = Vec::new();
    emit(text, 0..text.len(), &root.children, &mut out);
    out
}

/// The Markdown that `pieces` stand for.
#[cfg(test)]
pub(crate) fn markdown(pieces: &[Piece<'_>]) -> String {
    let mut out = String::new();
    write_markdown(pieces, &mut out);
    out
}

#[cfg(test)]
fn write_markdown(pieces: &[Piece<'_>], out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(text) | Piece::Standalone(text) => out.push_str(text),
            Piece::Paired {
                start,
                end,
                content,
            } => {
                out.push_str(start);
                write_markdown(content, out);
                out.push_str(end);
            }
        }
    }
}

/// Markup found by the parser: a byte range of the source, and for a pair the range of what it
/// holds.
#[derive(Debug, Default)]
struct Node {
    range: Range<usize>,
    /// For a pair: from its first inner event's start to its last one's end (`None` while it
    /// holds nothing).
    inner: Option<Range<usize>>,
    paired: bool,
    children: Vec<Node>,
}

impl Node {
    fn covers(&mut self, range: &Range<usize>) {
        self.inner = Some(match self.inner.take() {
            Some(inner) => inner.start.min(range.start)..inner.end.max(range.end),
            None => range.clone(),
        });
    }
}

/// The markup of `text` as a tree under a root that spans it all.
fn tree(text: &str) -> Node {
    let mut stack = vec![Node {
        range: 0..text.len(),
        ..Node::default()
    }];
    // Inside a code block or an autolink, whose events are all one standalone code.
    let mut opaque = 0usize;
    for (event, range) in Parser::new_ext(text, PARSER_OPTIONS).into_offset_iter() {
        if opaque > 0 {
            match event {
                Event::Start(_) => opaque += 1,
                Event::End(_) => opaque -= 1,
                _ => {}
            }
            continue;
        }
        let depth = stack.len();
        let Some(top) = stack.last_mut() else { break };
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                top.covers(&range);
                stack.push(paired(range));
            }
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. })
                if !matches!(link_type, LinkType::Autolink | LinkType::Email) =>
            {
                top.covers(&range);
                stack.push(paired(range));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                top.covers(&range);
                top.children.push(standalone(range));
                opaque = 1;
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) if depth > 1 => {
                let Some(mut node) = stack.pop() else { break };
                if node.inner.is_none() {
                    node.paired = false;
                }
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                top.covers(&range);
                top.children.push(standalone(range));
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => top.covers(&range),
            _ => {}
        }
    }
    // Pairs left open (the parser closes every one it opens; this only guards the loop's
    // breaks) become their parent's children as they are.
    while stack.len() > 1 {
        if let Some(node) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(node);
            }
        }
    }
    stack.pop().unwrap_or_default()
}

fn paired(range: Range<usize>) -> Node {
    Node {
        range,
        paired: true,
        ..Node::default()
    }
}

fn standalone(range: Range<usize>) -> Node {
    Node {
        range,
        ..Node::default()
    }
}

/// Appends the pieces of `span` of `text`, whose markup is `children` (in order).
fn emit<'a>(text: &'a str, span: Range<usize>, children: &[Node], out: &mut Vec<Piece<'a>>) {
    let mut cursor = span.start;
    for child in children {
        let range = child.range.clone();
        // The parser's offsets are char boundaries in order; one that is not is left as text.
        if range.start < cursor || range.end > span.end || text.get(range.clone()).is_none() {
            continue;
        }
        emit_text(text.get(cursor..range.start).unwrap_or(""), out);
        emit_node(text, child, out);
        cursor = range.end;
    }
    emit_text(text.get(cursor..span.end).unwrap_or(""), out);
}

fn emit_node<'a>(text: &'a str, node: &Node, out: &mut Vec<Piece<'a>>) {
    let range = node.range.clone();
    let whole = text.get(range.clone()).unwrap_or("");
    let inner = node
        .inner
        .clone()
        .filter(|inner| range.start < inner.start && inner.end < range.end);
    let parts = inner.as_ref().and_then(|inner| {
        Some((
            text.get(range.start..inner.start)?,
            text.get(inner.end..range.end)?,
        ))
    });
    match (node.paired, inner, parts) {
        (true, Some(inner), Some((start, end))) => {
            let mut content = Vec::new();
            emit(text, inner, &node.children, &mut content);
            out.push(Piece::Paired {
                start,
                end,
                content,
            });
        }
        // A pair without delimiters of its own on both sides: its markup stays text.
        (true, _, _) => emit(text, range, &node.children, out),
        (false, _, _) => out.push(Piece::Standalone(whole)),
    }
}

/// Appends a stretch of text without parser markup, finding `[[std:…]]` references and `[^…]`
/// footnote marks in it.
fn emit_text<'a>(mut text: &'a str, out: &mut Vec<Piece<'a>>) {
    while let Some((at, len)) = next_mark(text) {
        let (Some(before), Some(mark), Some(after)) =
            (text.get(..at), text.get(at..at + len), text.get(at + len..))
        else {
            break;
        };
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        out.push(mark_piece(mark));
        text = after;
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
}

/// The first `[[std:…]]` or `[^label]` of `text`: its byte offset and length.
fn next_mark(text: &str) -> Option<(usize, usize)> {
    let standard = text.find("[[std:").and_then(|at| {
        let close = text.get(at..)?.find("]]")?;
        Some((at, close + 2))
    });
    let footnote = text.match_indices("[^").find_map(|(at, _)| {
        let rest = text.get(at + 2..)?;
        let close = rest.find(']')?;
        let label = rest.get(..close)?;
        (!label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '['))
            .then_some((at, close + 3))
    });
    match (standard, footnote) {
        (Some(s), Some(f)) => Some(if f.0 < s.0 { f } else { s }),
        (s, f) => s.or(f),
    }
}

/// `[[std:5|label]]` is a pair around its label; `[[std:5]]` and `[^1]` stand alone.
fn mark_piece(mark: &str) -> Piece<'_> {
    if let Some(bar) = mark.starts_with("[[std:").then(|| mark.find('|')).flatten() {
        let (Some(start), Some(label)) = (mark.get(..=bar), mark.get(bar + 1..mark.len() - 2))
        else {
            return Piece::Standalone(mark);
        };
        if !label.is_empty() {
            return Piece::Paired {
                start,
                end: "]]",
                content: vec![Piece::Text(label)],
            };
        }
    }
    Piece::Standalone(mark)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    fn pair<'a>(start: &'a str, end: &'a str, content: Vec<Piece<'a>>) -> Piece<'a> {
        Piece::Paired {
            start,
            end,
            content,
        }
    }

    #[test]
    fn standard_references_code_and_html_stand_alone() {
        assert_eq!(
            pieces("See [[std:5]], `code` and <br> here[^1]."),
            vec![
                Piece::Text("See "),
                Piece::Standalone("[[std:5]]"),
                Piece::Text(", "),
                Piece::Standalone("`code`"),
                Piece::Text(" and "),
                Piece::Standalone("<br>"),
                Piece::Text(" here"),
                Piece::Standalone("[^1]"),
                Piece::Text("."),
            ]
        );
    }

    #[test]
    fn links_emphasis_and_labelled_references_are_pairs_around_text() {
        assert_eq!(
            pieces("A [guide *now*](@/g.md) and [[std:trm/3|the rule]]."),
            vec![
                Piece::Text("A "),
                pair(
                    "[",
                    "](@/g.md)",
                    vec![
                        Piece::Text("guide "),
                        pair("*", "*", vec![Piece::Text("now")])
                    ]
                ),
                Piece::Text(" and "),
                pair("[[std:trm/3|", "]]", vec![Piece::Text("the rule")]),
                Piece::Text("."),
            ]
        );
        assert_eq!(
            pieces("![A child's drawing](img.png \"t\")"),
            vec![pair(
                "![",
                "](img.png \"t\")",
                vec![Piece::Text("A child's drawing")]
            )]
        );
    }

    #[test]
    fn autolinks_and_empty_labels_stand_alone() {
        assert_eq!(
            pieces("<https://example.org> [](x.md)"),
            vec![
                Piece::Standalone("<https://example.org>"),
                Piece::Text(" "),
                Piece::Standalone("[](x.md)"),
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Whatever the text, its pieces put together are the text.
        #[test]
        fn pieces_are_the_text(source in text(40)) {
            prop_assert_eq!(markdown(&pieces(&source)), source);
        }
    }
}
