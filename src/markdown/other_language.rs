//! Blocks of a translation that still show the original's text (not translated yet, or a
//! translation not yet reviewed): each gets the original's `lang` and `dir`, so that a screen
//! reader speaks it in the right voice and a right-to-left page sets it the right way.
//!
//! The caller names the blocks by where their text starts in the file (a segment's span, see
//! `translate::segments`); a first walk over the events finds the innermost block around each
//! of those places, and the rewriter opens those blocks with the attributes.

use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Parser, Tag, TagEnd};

use super::{is_inline, is_inline_end, PARSER_OPTIONS};
use crate::security::html::escape_html;

/// A language, as the attributes of an element in it say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Language<'a> {
    /// Its code (`en`), checked by the configuration.
    pub code: &'a str,
    /// Its writing direction (`ltr`, `rtl`).
    pub dir: &'a str,
}

/// The blocks of a page written in another language than the page's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OtherLanguage<'a> {
    /// Their language.
    pub language: Language<'a>,
    /// Where the text of each such block starts: bytes of the file's text, in any order.
    pub starts: &'a [usize],
}

/// A block that can be marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Block {
    Paragraph,
    Heading,
    Item,
    Cell,
}

impl Block {
    /// The block a start tag opens, if it is one that holds text of its own.
    fn of(tag: &Tag<'_>) -> Option<Block> {
        match tag {
            Tag::Paragraph => Some(Block::Paragraph),
            Tag::Heading { .. } => Some(Block::Heading),
            Tag::Item => Some(Block::Item),
            Tag::TableCell => Some(Block::Cell),
            _ => None,
        }
    }
}

/// The marked blocks of one page, and what the rewriter needs to open them.
pub(super) struct BlockMarks {
    /// Each marked block: where its start tag is in the Markdown, and what it is.
    blocks: Vec<(usize, Block)>,
    /// ` lang="…" dir="…"`.
    attributes: String,
    lang: String,
    dir: String,
    /// The open table's alignments, whether its head is open, and its next cell's column: the
    /// HTML writer's own, to write a marked cell as it would.
    table: (Vec<Alignment>, bool, usize),
}

impl BlockMarks {
    /// The marks for `body` (the Markdown, at byte `body_offset` of the file), or `None` when
    /// no block is in another language.
    pub(super) fn new(
        body: &str,
        body_offset: usize,
        other: Option<&OtherLanguage<'_>>,
    ) -> Option<BlockMarks> {
        let other = other.filter(|other| !other.starts.is_empty())?;
        let mut starts: Vec<usize> = other
            .starts
            .iter()
            .filter_map(|start| start.checked_sub(body_offset))
            .collect();
        starts.sort_unstable();
        let blocks = blocks_around(body, &starts);
        if blocks.is_empty() {
            return None;
        }
        let Language { code, dir } = other.language;
        let (lang, dir) = (escape_html(code), escape_html(dir));
        Some(BlockMarks {
            blocks,
            attributes: format!(" lang=\"{lang}\" dir=\"{dir}\""),
            // The HTML writer escapes a heading's attributes itself.
            lang: code.to_string(),
            dir: other.language.dir.to_string(),
            table: (Vec::new(), false, 0),
        })
    }

    fn is_marked(&self, start: usize, block: Block) -> bool {
        self.blocks.binary_search(&(start, block)).is_ok()
    }

    /// A heading's attributes, when the heading whose start tag is at `start` is marked.
    pub(super) fn heading_attributes<'a>(
        &self,
        start: usize,
    ) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
        if !self.is_marked(start, Block::Heading) {
            return Vec::new();
        }
        vec![
            ("lang".into(), Some(self.lang.clone().into())),
            ("dir".into(), Some(self.dir.clone().into())),
        ]
    }

    /// The event the HTML writer gets for `event`, whose tag starts at `start` of the
    /// Markdown: a marked paragraph, list item or table cell opens with the attributes.
    pub(super) fn mark<'a>(&mut self, event: Event<'a>, start: usize) -> Event<'a> {
        let block = match &event {
            Event::Start(Tag::Table(alignments)) => {
                self.table = (alignments.clone(), false, 0);
                return event;
            }
            Event::Start(Tag::TableHead) => {
                self.table.1 = true;
                self.table.2 = 0;
                return event;
            }
            Event::End(TagEnd::TableHead) => {
                self.table.1 = false;
                return event;
            }
            Event::Start(Tag::TableRow) => {
                self.table.2 = 0;
                return event;
            }
            Event::End(TagEnd::TableCell) => {
                self.table.2 += 1;
                return event;
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Item | Tag::TableCell)) => Block::of(tag),
            _ => None,
        };
        let Some(block) = block.filter(|&block| self.is_marked(start, block)) else {
            return event;
        };
        let attributes = &self.attributes;
        let html = match block {
            Block::Paragraph => format!("<p{attributes}>"),
            Block::Item => format!("<li{attributes}>"),
            _ => {
                let (alignments, head, column) = &self.table;
                let align = match alignments.get(*column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                let name = if *head { "th" } else { "td" };
                format!("<{name}{align}{attributes}>")
            }
        };
        Event::Html(html.into())
    }
}

/// The innermost block around each of `starts` (sorted bytes of `body` where a block's text
/// starts), by where its start tag is: the block open when the text's first event comes.
fn blocks_around(body: &str, starts: &[usize]) -> Vec<(usize, Block)> {
    let mut open: Vec<(Range<usize>, Option<Block>)> = Vec::new();
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(body, PARSER_OPTIONS).into_offset_iter() {
        let starts_text = starts.binary_search(&range.start).is_ok();
        match &event {
            Event::Start(tag) if !is_inline(tag) => {
                open.push((range, Block::of(tag)));
                continue;
            }
            Event::End(tag) if !is_inline_end(*tag) => {
                open.pop();
                continue;
            }
            _ => {}
        }
        if let (true, Some((block_range, Some(block)))) = (starts_text, open.last()) {
            found.push((block_range.start, *block));
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{render_in, MarkdownOptions};
    use super::*;

    /// `body` rendered with the blocks whose text starts with one of `texts` in English.
    fn marked(body: &str, texts: &[&str]) -> String {
        let starts: Vec<usize> = texts
            .iter()
            .map(|text| body.find(text).expect("the text is in the body"))
            .collect();
        let other = OtherLanguage {
            language: ENGLISH,
            starts: &starts,
        };
        let options = MarkdownOptions::default();
        render_in(Path::new("a.md"), body, 0, body, options, Some(&other)).html
    }

    const MARK: &str = " lang=\"en\" dir=\"ltr\"";
    const ENGLISH: Language<'static> = Language {
        code: "en",
        dir: "ltr",
    };

    #[test]
    fn paragraphs_headings_items_and_cells_in_the_original_language_are_marked() {
        let body = "## Перший\n\n## First\n\nТекст.\n\nText.\n\n- Пункт\n- Item *one*\n\n\
                    | Так | Yes |\n|:--|--:|\n| Ні | No |\n\n> Quoted.\n\n> Цитата.\n";
        let html = marked(body, &["First", "Text.", "Item", "Yes", "No", "Quoted"]);
        assert!(html.contains("<h2 id=\"перший\">Перший</h2>"), "{html}");
        assert!(
            html.contains(&format!("<h2 id=\"first\"{MARK}>First</h2>")),
            "{html}"
        );
        assert!(html.contains("<p>Текст.</p>"), "{html}");
        assert!(html.contains(&format!("<p{MARK}>Text.</p>")), "{html}");
        assert!(html.contains("<li>Пункт</li>"), "{html}");
        assert!(
            html.contains(&format!("<li{MARK}>Item <em>one</em></li>")),
            "{html}"
        );
        assert!(html.contains("<th class=\"align-left\">Так</th>"), "{html}");
        assert!(
            html.contains(&format!("<th class=\"align-right\"{MARK}>Yes</th>")),
            "{html}"
        );
        assert!(html.contains(&format!("<td class=\"align-right\"{MARK}>No</td>")));
        assert!(
            html.contains(&format!("<blockquote>\n<p{MARK}>Quoted.</p>")),
            "{html}"
        );
        assert!(html.contains("<p>Цитата.</p>"), "{html}");
        assert_eq!(html.matches(MARK).count(), 6, "{html}");
    }

    /// The innermost block is marked: a paragraph of a loose list item, a nested item, not the
    /// item or the list around them; a block whose text starts with markup is found too.
    #[test]
    fn the_innermost_block_around_the_text_is_marked() {
        let body = "- Один\n\n  Two.\n\n- Три\n  - Four\n\n**Five** five.\n\n- [ ] Task\n";
        let html = marked(body, &["Two.", "Four", "**Five**", "Task"]);
        assert!(html.contains(&format!("<p{MARK}>Two.</p>")), "{html}");
        assert!(html.contains("<li>\n<p>Один</p>"), "{html}");
        assert!(html.contains(&format!("<li{MARK}>Four</li>")), "{html}");
        assert!(
            html.contains(&format!("<p{MARK}><strong>Five</strong> five.</p>")),
            "{html}"
        );
        assert!(html.contains(&format!("<li{MARK}><label class=\"task\">")));
        assert_eq!(html.matches(MARK).count(), 4, "{html}");
    }

    /// Places that start no block's text (code, the middle of a paragraph, past the end) mark
    /// nothing; a body after front matter is marked at the file's offsets.
    #[test]
    fn only_the_named_blocks_are_marked() {
        let body = "Some text.\n\n```\ncode\n```\n";
        let starts = [2, 14, 400];
        let other = OtherLanguage {
            language: ENGLISH,
            starts: &starts,
        };
        let options = MarkdownOptions::default();
        let html = render_in(Path::new("a.md"), body, 0, body, options, Some(&other)).html;
        assert!(!html.contains("lang="), "{html}");
        let text = "---\ntitle: T\n---\nText.\n";
        let starts = [text.find("Text").unwrap()];
        let other = OtherLanguage {
            starts: &starts,
            ..other
        };
        let html = render_in(
            Path::new("a.md"),
            text,
            17,
            &text[17..],
            options,
            Some(&other),
        )
        .html;
        assert_eq!(html, format!("<p{MARK}>Text.</p>\n"));
    }

    /// What is marked is what the sanitiser keeps: a page with raw HTML keeps its marks.
    #[test]
    fn marks_survive_sanitising() {
        let body = "Text <b>bold</b>.\n\n| a |\n|---|\n| b |\n";
        let html = marked(body, &["Text", "b |"]);
        assert!(
            html.contains(&format!("<p{MARK}>Text <b>bold</b>.</p>")),
            "{html}"
        );
        assert!(html.contains(&format!("<td{MARK}>b</td>")), "{html}");
    }
}
