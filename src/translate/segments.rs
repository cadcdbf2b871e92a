//! A page's segments: the units a translator translates one at a time.
//!
//! In the body, a segment is the inline text of one block: a heading, a paragraph, a list item's
//! text, a table cell, a paragraph in a quote or a footnote. Code blocks and raw HTML blocks are
//! not text to translate. A segment's Markdown keeps its inline markup; link and image targets,
//! `[[std:…]]` references and code spans in it must come back unchanged (`protect.rs`).
//! In the front matter, the fields a translator translates (`title`, `description`, …).
//!
//! A segment's **path** says where it stands: `s2.p3` is the third paragraph of section 2 (the
//! part of the page after its second heading; `s0` is the part before the first heading),
//! `s2.h` that section's heading, `li`, `q`, `td` and `fn` count list items, quoted paragraphs,
//! table cells and footnote paragraphs. Its **id** adds a short hash of its text (`s2.p3-1a2b3c4d`):
//! a translation found by id is current; one found only by path translates an earlier text.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_yaml::{Mapping, Value};
use sha2::{Digest, Sha256};

use crate::markdown::{self, PARSER_OPTIONS};

/// What kind of text a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A front matter field.
    Field,
    /// A heading.
    Heading,
    /// A paragraph.
    Paragraph,
    /// A list item's text.
    Item,
    /// A paragraph in a block quote.
    Quote,
    /// A table cell.
    Cell,
    /// A paragraph of a footnote.
    Footnote,
}

impl Kind {
    /// The letters of the kind in a path.
    fn letters(self) -> &'static str {
        match self {
            Kind::Field => "",
            Kind::Heading => "h",
            Kind::Paragraph => "p",
            Kind::Item => "li",
            Kind::Quote => "q",
            Kind::Cell => "td",
            Kind::Footnote => "fn",
        }
    }

    /// Whether a translation of this kind must stay on one line (a heading, a cell).
    pub(crate) fn one_line(self) -> bool {
        matches!(self, Kind::Heading | Kind::Cell | Kind::Field)
    }
}

/// One segment of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Where it stands (`title`, `s2.p3`).
    pub path: String,
    /// What kind of text it is.
    pub kind: Kind,
    /// Its text: inline Markdown, lines joined with `\n` without the quote marks or indentation
    /// of the blocks around it.
    pub source: String,
    /// The section it is in: 0 before the first heading, then one per heading. Fields are in 0.
    pub section: usize,
    /// The bytes of the file's text it was taken from, for a body segment (a field's is empty).
    pub span: Range<usize>,
    /// What each line after the first starts with in the file (the blocks' quote marks and
    /// indentation); for a segment of one line, what a second line would start with. Used to
    /// write a translation of several lines back.
    pub continuation: Vec<String>,
    /// The 1-based line of the file it starts on.
    pub line: usize,
    /// For a heading: whether it names its own id (`## Title {#id}`).
    pub has_id: bool,
}

impl Segment {
    /// Its id: the path and a short hash of the text, an XML NMTOKEN.
    pub(crate) fn id(&self) -> String {
        format!("{}-{}", self.path, text_hash(&self.source))
    }
}

/// The first 8 hex digits of the SHA-256 of `text`.
pub(crate) fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// A heading that starts a section, for telling readers and translators where a segment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SectionHeading {
    /// The section it starts (1 for the first heading).
    pub section: usize,
    /// 1 to 6.
    pub level: u8,
    /// Its text without markup.
    pub text: String,
}

/// A page's segments and its headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageSegments {
    /// The translatable front matter fields, then the body's segments, in the page's order.
    pub segments: Vec<Segment>,
    /// The headings, in order.
    pub headings: Vec<SectionHeading>,
}

impl PageSegments {
    /// The segment at `path`.
    pub(crate) fn at(&self, path: &str) -> Option<&Segment> {
        self.segments.iter().find(|segment| segment.path == path)
    }

    /// The headings above a segment of `section`: its own section's heading and those of
    /// lower level before it (`Interviews › Before the interview`).
    pub(crate) fn heading_path(&self, section: usize) -> Vec<&str> {
        let mut path: Vec<&SectionHeading> = Vec::new();
        for heading in self.headings.iter().take_while(|h| h.section <= section) {
            while path.last().is_some_and(|last| last.level >= heading.level) {
                path.pop();
            }
            path.push(heading);
        }
        path.into_iter().map(|h| h.text.as_str()).collect()
    }
}

/// The built-in front matter fields a translator translates: `title`, `description`, and the
/// texts of a practice or a project that readers see (a site marks its own with
/// `translate: true`).
const TEXT_FIELDS: &[&str] = &[
    "title",
    "description",
    "target_group",
    "organisation",
    "period",
    "source",
    "lead",
    "funding",
];

/// The list fields whose items are texts a translator translates: a tool's audience, a
/// project's partners.
const TEXT_LIST_FIELDS: &[&str] = &["audience", "partners"];

/// The list fields whose items have a translatable `title`: a standard's sub-standards, a tool's
/// files.
const LIST_TITLE_FIELDS: &[&str] = &["substandards", "files"];

/// The segments of the front matter `mapping` (a page of `content_type`, whose own translatable
/// fields `extra` names) and of the Markdown `body`, which starts at byte `body_offset` of
/// the file's `text`.
pub(crate) fn of_page(
    mapping: &Mapping,
    extra: &[String],
    text: &str,
    body_offset: usize,
) -> PageSegments {
    let mut page = PageSegments {
        segments: fields(mapping, extra),
        headings: Vec::new(),
    };
    let body = text.get(body_offset..).unwrap_or("");
    Walker::new(text, body_offset, &mut page).walk(body);
    page
}

/// The translatable fields of `mapping`, in the order of the mapping.
fn fields(mapping: &Mapping, extra: &[String]) -> Vec<Segment> {
    let mut segments = Vec::new();
    let field = |path: String, source: &str| Segment {
        path,
        kind: Kind::Field,
        source: source.to_string(),
        section: 0,
        span: 0..0,
        continuation: Vec::new(),
        line: 1,
        has_id: false,
    };
    for (key, value) in mapping {
        let Some(key) = key.as_str() else { continue };
        if TEXT_FIELDS.contains(&key) || extra.iter().any(|name| name == key) {
            if let Some(text) = value.as_str().filter(|text| !text.trim().is_empty()) {
                segments.push(field(key.to_string(), text));
            }
        } else if TEXT_LIST_FIELDS.contains(&key) {
            let items = value.as_sequence().map(Vec::as_slice).unwrap_or_default();
            for (index, item) in items.iter().enumerate() {
                if let Some(text) = item.as_str().filter(|text| !text.trim().is_empty()) {
                    segments.push(field(format!("{key}.{}", index + 1), text));
                }
            }
        } else if LIST_TITLE_FIELDS.contains(&key) {
            let items = value.as_sequence().map(Vec::as_slice).unwrap_or_default();
            for (index, item) in items.iter().enumerate() {
                let title = item
                    .as_mapping()
                    .and_then(|item| item.get(Value::from("title")))
                    .and_then(Value::as_str);
                if let Some(title) = title.filter(|text| !text.trim().is_empty()) {
                    segments.push(field(format!("{key}.{}.title", index + 1), title));
                }
            }
        }
    }
    segments
}

/// A block that holds other blocks, as the walk goes through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    Item,
    Footnote,
    Other,
}

/// The segment being read: its kind, where its inline text starts and ends.
struct Open {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Goes through a body's events, opening a segment at the first inline event of a block and
/// closing it at the next block boundary.
struct Walker<'a, 'p> {
    text: &'a str,
    body_offset: usize,
    page: &'p mut PageSegments,
    containers: Vec<Container>,
    /// The innermost leaf block: a paragraph, a heading, a cell; or a code or HTML block,
    /// whose text is not translated (`None`).
    leaf: Option<Option<Kind>>,
    open: Option<Open>,
    section: usize,
    /// How many segments of each kind the current section has, by kind letters.
    counts: Vec<(&'static str, usize)>,
    heading: Option<(u8, String)>,
    /// Whether the open heading names its own id.
    heading_has_id: bool,
}

impl<'a, 'p> Walker<'a, 'p> {
    fn new(text: &'a str, body_offset: usize, page: &'p mut PageSegments) -> Self {
        Walker {
            text,
            body_offset,
            page,
            containers: Vec::new(),
            leaf: None,
            open: None,
            section: 0,
            counts: Vec::new(),
            heading: None,
            heading_has_id: false,
        }
    }

    fn walk(mut self, body: &str) {
        for (event, range) in Parser::new_ext(body, PARSER_OPTIONS).into_offset_iter() {
            let range = range.start + self.body_offset..range.end + self.body_offset;
            match event {
                Event::Start(tag) => self.start(tag, range),
                Event::End(tag) => self.end(tag),
                Event::Rule | Event::Html(_) | Event::DisplayMath(_) => self.close(),
                Event::TaskListMarker(_) => {}
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, heading)) = &mut self.heading {
                        heading.push_str(&text);
                    }
                    self.inline(range);
                }
                _ => self.inline(range),
            }
        }
        self.close();
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        if markdown::is_inline(&tag) {
            return self.inline(range);
        }
        let container = match tag {
            Tag::BlockQuote(_) => Some(Container::Quote),
            Tag::Item => Some(Container::Item),
            Tag::FootnoteDefinition(_) => Some(Container::Footnote),
            Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow => Some(Container::Other),
            Tag::Heading { level, id, .. } => {
                self.close();
                self.heading_has_id = id.is_some();
                self.section += 1;
                self.counts.clear();
                self.heading = Some((level as u8, String::new()));
                self.leaf = Some(Some(Kind::Heading));
                None
            }
            Tag::Paragraph => {
                let kind = match self.containers.last() {
                    Some(Container::Quote) => Kind::Quote,
                    Some(Container::Item) => Kind::Item,
                    Some(Container::Footnote) => Kind::Footnote,
                    _ => Kind::Paragraph,
                };
                self.leaf = Some(Some(kind));
                None
            }
            Tag::TableCell => {
                self.leaf = Some(Some(Kind::Cell));
                None
            }
            _ => {
                // Code blocks, HTML blocks, metadata, definition lists: not translated here.
                self.leaf = Some(None);
                None
            }
        };
        self.close();
        if let Some(container) = container {
            self.containers.push(container);
            self.leaf = None;
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if markdown::is_inline_end(tag) {
            return;
        }
        self.close();
        match tag {
            TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow => {
                self.containers.pop();
            }
            TagEnd::Heading(_) => {
                if let Some((level, text)) = self.heading.take() {
                    self.page.headings.push(SectionHeading {
                        section: self.section,
                        level,
                        text: text.trim().to_string(),
                    });
                }
            }
            _ => {}
        }
        self.leaf = None;
    }

    /// An inline event at `range`: it opens a segment or extends the open one.
    fn inline(&mut self, range: Range<usize>) {
        if let Some(open) = &mut self.open {
            open.end = open.end.max(range.end);
            return;
        }
        // Text straight in a list item (a tight list) is the item's; outside any leaf block it
        // is not (a code block's, an HTML block's).
        let kind = match self.leaf {
            Some(kind) => kind,
            None if self.containers.last() == Some(&Container::Item) => Some(Kind::Item),
            None => None,
        };
        if let Some(kind) = kind {
            self.open = Some(Open {
                kind,
                start: range.start,
                end: range.end,
            });
        }
    }

    /// Ends the open segment, if any, and records it when it has text to translate.
    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        let Some(raw) = self.text.get(open.start..open.end) else {
            return;
        };
        let in_quote = self.containers.contains(&Container::Quote);
        let (source, continuation) = unprefixed(raw, in_quote);
        if !source.chars().any(char::is_alphanumeric) {
            return;
        }
        let continuation = if continuation.is_empty() {
            vec![first_line_prefix(self.text, open.start)]
        } else {
            continuation
        };
        let letters = open.kind.letters();
        let path = if open.kind == Kind::Heading {
            format!("s{}.h", self.section)
        } else {
            let count = match self.counts.iter_mut().find(|(l, _)| *l == letters) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    self.counts.push((letters, 1));
                    1
                }
            };
            format!("s{}.{letters}{count}", self.section)
        };
        let line = 1 + self
            .text
            .as_bytes()
            .iter()
            .take(open.start)
            .filter(|&&b| b == b'\n')
            .count();
        self.page.segments.push(Segment {
            path,
            kind: open.kind,
            source,
            section: self.section,
            span: open.start..open.end,
            continuation,
            line,
            has_id: open.kind == Kind::Heading && self.heading_has_id,
        });
    }
}

/// A segment's text from its bytes in the file: each line after the first without the quote
/// marks and indentation before it; and what each of those lines started with.
fn unprefixed(raw: &str, in_quote: bool) -> (String, Vec<String>) {
    let mut lines = raw.split('\n');
    let mut source = lines.next().unwrap_or("").to_string();
    let mut continuation = Vec::new();
    for line in lines {
        if source.ends_with('\r') {
            source.pop();
        }
        let content =
            line.trim_start_matches(|c: char| c == ' ' || c == '\t' || (in_quote && c == '>'));
        // What was trimmed is ASCII, so `content` starts on a char boundary of `line`.
        let prefix = line.get(..line.len() - content.len()).unwrap_or("");
        continuation.push(prefix.to_string());
        source.push('\n');
        source.push_str(content);
    }
    (source, continuation)
}

/// What a second line of a segment that starts at byte `start` would start with: the first
/// line's quote marks and tabs kept, every other character before the segment (list markers,
/// footnote labels) as a space.
fn first_line_prefix(text: &str, start: usize) -> String {
    let before = text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .map(|c| match c {
            '>' | '\t' => c,
            _ => ' ',
        })
        .collect()
}

#[cfg(test)]
mod tests;
