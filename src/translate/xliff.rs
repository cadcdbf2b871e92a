//! XLIFF 2.0 files, as memoQ, Trados, Crowdin and Weblate read and write them: one `<file>` for
//! the page, a `<unit>` per segment with its place and heading path as notes, and one
//! `<segment>` whose `state` says whether it is translated (`final`) or not yet, or no longer
//! (`initial`; the source that was translated then stands in a `previous-source` note).
//!
//! The Markdown's inline markup becomes XLIFF inline codes, so that the tools protect it:
//! `[[std:5]]`, code spans, inline HTML and footnote marks are `<ph/>`; links, images, emphasis
//! and `[[std:5|label]]` are `<pc>` around their text. Each code's exact Markdown is kept in the
//! unit's `<originalData>`, and reading turns the codes back into it. Written and read with
//! quick-xml; characters XML cannot hold are `<cp hex="…"/>`.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::inline::{self, Piece};
use super::{Document, State, Unit};

mod read;

pub(crate) use read::read;

/// The namespace of XLIFF 2 core elements.
pub(crate) const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// An XLIFF 2.0 document of `document`.
pub(crate) fn write(document: &Document) -> String {
    let mut xml = Xml::default();
    xml.emit(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    xml.open(
        0,
        "xliff",
        &[
            ("xmlns", NAMESPACE),
            ("version", "2.0"),
            ("srcLang", &document.source_lang),
            ("trgLang", &document.target_lang),
        ],
    );
    xml.open(1, "file", &[("id", "f1"), ("original", &document.original)]);
    xml.open(2, "notes", &[]);
    xml.element(3, "note", &[("category", "title")], &document.title);
    xml.close(2, "notes");
    for unit in &document.units {
        write_unit(&mut xml, &document.original, unit);
    }
    xml.close(1, "file");
    xml.close(0, "xliff");
    xml.emit(Event::Text(BytesText::from_escaped("\n")));
    String::from_utf8_lossy(&xml.writer.into_inner()).into_owned()
}

fn write_unit(xml: &mut Xml, original: &str, unit: &Unit) {
    xml.open(2, "unit", &[("id", &unit.id)]);
    xml.open(3, "notes", &[]);
    let location = format!("{original}:{}", unit.line);
    xml.element(4, "note", &[("category", "location")], &location);
    xml.element(4, "note", &[("category", "context")], &unit.note);
    if let State::NeedsReview {
        previous: Some(previous),
    } = &unit.state
    {
        xml.element(4, "note", &[("category", "previous-source")], previous);
    }
    xml.close(3, "notes");
    // The inline content first: it finds the codes that `<originalData>`, written before it,
    // lists.
    let mut codes = Codes::default();
    let source_pieces = inline::pieces(&unit.source);
    let mut source = Xml::default();
    codes.write(&mut source, &source_pieces, Side::Source);
    let target = unit.target.as_deref().map(|target| {
        let mut xml = Xml::default();
        codes.write(&mut xml, &inline::pieces(target), Side::Target);
        xml
    });
    if !codes.data.is_empty() {
        xml.open(3, "originalData", &[]);
        for (id, markdown) in &codes.data {
            xml.indent(4);
            xml.emit(Event::Start(start("data", &[("id", id)])));
            write_text(xml, markdown);
            xml.emit(Event::End(BytesEnd::new("data")));
        }
        xml.close(3, "originalData");
    }
    let state = match unit.state {
        State::Translated if unit.target.is_some() => "final",
        _ => "initial",
    };
    xml.open(3, "segment", &[("state", state)]);
    for (name, content) in [("source", Some(source)), ("target", target)] {
        let Some(content) = content else { continue };
        xml.indent(4);
        xml.emit(Event::Start(start(name, &[("xml:space", "preserve")])));
        xml.append(content);
        xml.emit(Event::End(BytesEnd::new(name)));
    }
    xml.close(3, "segment");
    xml.close(2, "unit");
}

/// Which text of a segment codes are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

/// The inline codes of one unit: the Markdown each stands for, and which of the source's the
/// target has used.
#[derive(Debug, Default)]
struct Codes<'a> {
    /// `<data>` ids and the Markdown they hold, in order, each Markdown once.
    data: Vec<(String, &'a str)>,
    /// The source's codes: id, and the data of a `<ph>` or of a `<pc>`'s two ends.
    source: Vec<(usize, String, Option<String>)>,
    /// Which of `source` the target has used.
    used: Vec<bool>,
    /// The number of codes so far (ids are 1, 2, …).
    count: usize,
}

impl<'a> Codes<'a> {
    /// The `<data>` id for `markdown`.
    fn data_id(&mut self, markdown: &'a str) -> String {
        if let Some((id, _)) = self.data.iter().find(|(_, m)| *m == markdown) {
            return id.clone();
        }
        let id = format!("d{}", self.data.len() + 1);
        self.data.push((id.clone(), markdown));
        id
    }

    /// The id of a code with these data: in the target, the source's code with the same
    /// Markdown if one is left, so that tools see the same code on both sides.
    fn code_id(&mut self, side: Side, start: &str, end: Option<&str>) -> usize {
        if side == Side::Target {
            let found = self.source.iter().enumerate().find(|(index, (_, s, e))| {
                !self.used.get(*index).copied().unwrap_or(true) && s == start && e.as_deref() == end
            });
            if let Some((index, (id, _, _))) = found {
                let id = *id;
                if let Some(used) = self.used.get_mut(index) {
                    *used = true;
                }
                return id;
            }
        }
        self.count += 1;
        if side == Side::Source {
            self.source
                .push((self.count, start.to_string(), end.map(str::to_string)));
            self.used.push(false);
        }
        self.count
    }

    /// Writes `pieces` as inline content: text, `<ph/>` and `<pc>`.
    fn write(&mut self, xml: &mut Xml, pieces: &[Piece<'a>], side: Side) {
        for piece in pieces {
            match piece {
                Piece::Text(text) => write_text(xml, text),
                Piece::Standalone(markdown) => {
                    let data = self.data_id(markdown);
                    let id = self.code_id(side, &data, None).to_string();
                    xml.emit(Event::Empty(start(
                        "ph",
                        &[("id", &id), ("dataRef", &data)],
                    )));
                }
                Piece::Paired {
                    start: open,
                    end,
                    content,
                } => {
                    let data_start = self.data_id(open);
                    let data_end = self.data_id(end);
                    let id = self.code_id(side, &data_start, Some(&data_end)).to_string();
                    let attributes = [
                        ("id", id.as_str()),
                        ("dataRefStart", &data_start),
                        ("dataRefEnd", &data_end),
                    ];
                    xml.emit(Event::Start(start("pc", &attributes)));
                    self.write(xml, content, side);
                    xml.emit(Event::End(BytesEnd::new("pc")));
                }
            }
        }
    }
}

/// Whether XML 1.0 can hold `c` (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Writes text that may hold any character: those XML cannot hold as `<cp hex="…"/>`.
fn write_text(xml: &mut Xml, text: &str) {
    let mut rest = text;
    while let Some((at, c)) = rest.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        let (before, after) = rest.split_at_checked(at).unwrap_or((rest, ""));
        if !before.is_empty() {
            xml.emit(Event::Text(BytesText::new(before)));
        }
        let hex = format!("{:04X}", u32::from(c));
        xml.emit(Event::Empty(start("cp", &[("hex", &hex)])));
        rest = after.get(c.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        xml.emit(Event::Text(BytesText::new(rest)));
    }
}

/// An element's start tag; attribute values are escaped, and characters XML cannot hold
/// (there is no `<cp>` in an attribute) replaced.
fn start<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (key, value) in attributes {
        let value = plain(value);
        let escaped = Attribute::from((*key, value.as_ref()));
        tag.push_attribute(Attribute {
            key: escaped.key,
            value: Cow::Owned(escaped.value.into_owned()),
        });
    }
    tag
}

/// `text` with the characters XML cannot hold replaced by U+FFFD (for notes and attributes,
/// which are not read back).
fn plain(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{fffd}' })
                .collect(),
        )
    }
}

/// An XML document being written, indented by hand: the writer's own indentation would add
/// spaces inside a segment's text.
struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Default for Xml {
    fn default() -> Self {
        Xml {
            writer: Writer::new(Vec::new()),
        }
    }
}

impl Xml {
    fn emit(&mut self, event: Event<'_>) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(event);
    }

    fn indent(&mut self, depth: usize) {
        let indent = format!("\n{}", "  ".repeat(depth));
        self.emit(Event::Text(BytesText::from_escaped(indent)));
    }

    fn open(&mut self, depth: usize, name: &str, attributes: &[(&str, &str)]) {
        self.indent(depth);
        self.emit(Event::Start(start(name, attributes)));
    }

    fn close(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// `<name …>text</name>` on a line of its own.
    fn element(&mut self, depth: usize, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.indent(depth);
        self.emit(Event::Start(start(name, attributes)));
        self.emit(Event::Text(BytesText::new(&plain(text))));
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// Appends what another writer wrote.
    fn append(&mut self, other: Xml) {
        self.writer.get_mut().extend(other.writer.into_inner());
    }
}

#[cfg(test)]
mod tests;
