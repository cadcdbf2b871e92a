//! Reading an XLIFF 2 file back: its units' source and target with their inline codes turned
//! back into the Markdown they stand for, every problem reported at its line and column.
//!
//! What tools write back is accepted: codes as `<pc>` or as `<sc/>`…`<ec/>`, codes without
//! `dataRef` that keep the source's ids, `<mrk>` annotations around text, a unit split into
//! several segments, `<group>`s, and elements of modules (other namespaces), which are skipped.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::NAMESPACE;
use crate::diagnostics::{Diagnostic, Location};
use crate::translate::{Returned, ReturnedUnit};

/// How deep inline codes may nest (a limit on the reader's recursion, far above any text's).
const MAX_DEPTH: usize = 64;

/// Reads an XLIFF 2 file: the units it holds, or every problem found in it.
pub(crate) fn read(path: &Path, text: &str) -> Result<Returned, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut walk = Walk {
        path,
        text,
        reader,
        errors: Vec::new(),
        done: false,
        open: Vec::new(),
    };
    let returned = walk.document();
    match returned {
        Some(returned) if walk.errors.is_empty() => Ok(returned),
        _ => Err(walk.errors),
    }
}

/// An element's start: its local name, whether it is of XLIFF's core, its attributes, and the
/// byte offset of its `<`.
#[derive(Debug)]
struct Element {
    name: String,
    core: bool,
    attributes: Vec<(String, String)>,
    at: usize,
    /// `<name/>`: nothing inside, no end tag to read.
    empty: bool,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn is(&self, name: &str) -> bool {
        self.core && self.name == name
    }
}

/// What the reader met next.
#[derive(Debug)]
enum Item {
    Start(Element),
    End,
    Text(String),
    /// The end of the file, or a problem that stops the reading.
    Eof,
}

/// A piece of a segment's source or target as read.
#[derive(Debug, Clone)]
enum Token {
    Text(String),
    /// An inline code: the `<data>` it names (`dataRef`, `dataRefStart` or `dataRefEnd`), its
    /// id, which end of a pair it is, and where it stands.
    Code {
        data: Option<String>,
        id: Option<String>,
        end: Part,
        at: usize,
    },
}

/// Which part of a code a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    /// A `<ph/>`.
    Whole,
    /// The start of a `<pc>`, or an `<sc/>`.
    Start,
    /// The end of a `<pc>`, or an `<ec/>`.
    End,
}

/// One unit being read.
#[derive(Debug, Default)]
struct UnitText {
    data: HashMap<String, String>,
    source: Vec<Token>,
    target: Vec<Token>,
    has_target: bool,
    fuzzy: bool,
}

struct Walk<'a> {
    path: &'a Path,
    text: &'a str,
    reader: NsReader<&'a [u8]>,
    errors: Vec<Diagnostic>,
    /// Set at the end of the file or after a problem that stops the reading.
    done: bool,
    /// The elements open, innermost last (the parser does not say when a file ends inside one).
    open: Vec<String>,
}

impl<'a> Walk<'a> {
    fn error(&mut self, at: usize, code: &'static str, message: String, help: &str) {
        let location = Location::from_offset(self.text, at.min(self.text.len()), 1);
        self.errors.push(
            Diagnostic::error(code, self.path, message)
                .at(location)
                .with_help(help),
        );
    }

    /// The next thing in the file, with entities and character references resolved in text.
    fn next(&mut self) -> Item {
        if self.done {
            return Item::Eof;
        }
        let at = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let (namespace, event) = match self.reader.read_resolved_event() {
            Ok((namespace, event)) => (is_core(&namespace), event),
            Err(error) => {
                let at = usize::try_from(self.reader.error_position()).unwrap_or(at);
                self.done = true;
                self.error(at, "xliff-syntax", format!("the file is not well-formed XML: {error}"),
                    "the translator's tool may have saved it incompletely: export the file again from the tool");
                return Item::Eof;
            }
        };
        match event {
            Event::Start(tag) => {
                let element = self.element(&tag, namespace, at, false);
                self.open.push(element.name.clone());
                Item::Start(element)
            }
            Event::Empty(tag) => Item::Start(self.element(&tag, namespace, at, true)),
            Event::End(_) => {
                self.open.pop();
                Item::End
            }
            Event::Text(text) => Item::Text(text.xml10_content().into_owned()),
            Event::CData(text) => Item::Text(text.xml10_content().into_owned()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => predefined(&reference).map(str::to_string),
                    Err(_) => None,
                };
                match resolved {
                    Some(text) => Item::Text(text),
                    None => {
                        let name = reference.xml10_content().into_owned();
                        self.error(
                            at,
                            "xliff-syntax",
                            format!("`&{name};` is not a character XML knows"),
                            "write `&amp;` for an ampersand in the text, or the character itself",
                        );
                        Item::Text(String::new())
                    }
                }
            }
            Event::Eof => {
                self.done = true;
                if let Some(name) = self.open.last().cloned() {
                    self.error(self.text.len(), "xliff-syntax", format!("the file ends inside <{name}>: it was cut short"),
                        "the translator's tool may have saved it incompletely: export the file again from the tool");
                }
                Item::Eof
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {
                Item::Text(String::new())
            }
        }
    }

    fn element(&mut self, tag: &BytesStart<'_>, core: bool, at: usize, empty: bool) -> Element {
        let mut attributes = Vec::new();
        for attribute in tag.attributes() {
            match attribute {
                Ok(attribute) => {
                    let key = attribute.key.as_ref().to_string();
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    attributes.push((key, value));
                }
                Err(error) => self.error(
                    at,
                    "xliff-syntax",
                    format!("an attribute of this element cannot be read: {error}"),
                    "attributes are written name=\"value\", each name once",
                ),
            }
        }
        Element {
            name: tag.local_name().as_ref().to_string(),
            core,
            attributes,
            at,
            empty,
        }
    }

    /// Skips what is left of `element` (its content and end tag).
    fn skip(&mut self, element: &Element) {
        if element.empty {
            return;
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next() {
                Item::Start(inner) if !inner.empty => depth += 1,
                Item::End => depth -= 1,
                Item::Eof => return,
                _ => {}
            }
        }
    }

    /// The next element inside the current one, skipping text between elements; `None` at its
    /// end tag or the end of the file.
    fn child(&mut self) -> Option<Element> {
        loop {
            match self.next() {
                Item::Start(element) => return Some(element),
                Item::End | Item::Eof => return None,
                Item::Text(_) => {}
            }
        }
    }

    fn document(&mut self) -> Option<Returned> {
        let root = self.child();
        let Some(root) = root.filter(|root| root.is("xliff")) else {
            if !self.done || self.errors.is_empty() {
                self.error(0, "xliff-structure", "the file is not an XLIFF 2 document (its root is not <xliff> of XLIFF 2.0's namespace)".into(),
                    "export the page again with --format xliff; XLIFF 1.2 files are not read");
            }
            return None;
        };
        let version = root.attribute("version").unwrap_or("");
        if !version.starts_with("2.") {
            self.error(
                root.at,
                "xliff-structure",
                format!("XLIFF version `{version}` is not read (2.0, 2.1 and 2.2 are)"),
                "save the file as XLIFF 2 in the translator's tool",
            );
        }
        let target_lang = root.attribute("trgLang").map(str::to_string);
        if target_lang.is_none() {
            self.error(
                root.at,
                "xliff-structure",
                "<xliff> has no trgLang: the language translated into".into(),
                "export the page again: the exported file says its language",
            );
        }
        let mut original = None;
        let mut units = Vec::new();
        while let Some(element) = self.child() {
            if !element.is("file") {
                self.skip(&element);
                continue;
            }
            if original.is_some() {
                self.error(
                    element.at,
                    "xliff-structure",
                    "a second <file> in one document".into(),
                    "each exported file holds one page: keep one <file> per XLIFF file",
                );
                self.skip(&element);
                continue;
            }
            original = Some(element.attribute("original").map(str::to_string));
            if element.attribute("original").is_none() {
                self.error(
                    element.at,
                    "xliff-structure",
                    "<file> has no original: the page it translates".into(),
                    "export the page again: the exported file names its page",
                );
            }
            self.units(&element, &mut units, 0);
        }
        if original.is_none() && !self.done {
            self.error(
                root.at,
                "xliff-structure",
                "the document has no <file>".into(),
                "export the page again: each file holds one page",
            );
        }
        Some(Returned {
            original: original.flatten()?,
            target_lang: target_lang?,
            units,
        })
    }

    /// Reads the units in a `<file>` or `<group>`.
    fn units(&mut self, parent: &Element, units: &mut Vec<ReturnedUnit>, depth: usize) {
        if parent.empty {
            return;
        }
        while let Some(element) = self.child() {
            if element.is("unit") {
                let Some(unit) = self.unit(&element) else {
                    continue;
                };
                if let Some(first) = units.iter().find(|u| u.id == unit.id) {
                    let message = format!(
                        "the unit id `{}` stands twice (first on line {})",
                        unit.id, first.line
                    );
                    self.error(
                        element.at,
                        "xliff-structure",
                        message,
                        "each segment of the page appears once; remove one of the two units",
                    );
                }
                units.push(unit);
            } else if element.is("group") && depth < MAX_DEPTH {
                self.units(&element, units, depth + 1);
            } else {
                self.skip(&element);
            }
        }
    }

    fn unit(&mut self, element: &Element) -> Option<ReturnedUnit> {
        let id = element.attribute("id").map(str::to_string);
        if id.is_none() {
            self.error(
                element.at,
                "xliff-structure",
                "a <unit> without an id".into(),
                "keep each unit's id as exported: it says which segment of the page it is",
            );
        }
        let mut unit = UnitText::default();
        if !element.empty {
            while let Some(child) = self.child() {
                if child.is("originalData") {
                    self.original_data(&child, &mut unit);
                } else if child.is("segment") || child.is("ignorable") {
                    self.segment(&child, &mut unit);
                } else {
                    self.skip(&child);
                }
            }
        }
        let source = self.markdown(&unit, &unit.source, &HashMap::new());
        let codes = source_codes(&unit.source);
        let target = self.markdown(&unit, &unit.target, &codes);
        Some(ReturnedUnit {
            id: id?,
            source,
            target: (unit.has_target && !target.is_empty()).then_some(target),
            fuzzy: unit.fuzzy,
            line: Location::from_offset(self.text, element.at, 1).line,
        })
    }

    fn original_data(&mut self, element: &Element, unit: &mut UnitText) {
        if element.empty {
            return;
        }
        while let Some(data) = self.child() {
            if !data.is("data") {
                self.skip(&data);
                continue;
            }
            let mut tokens = Vec::new();
            self.inline(&data, &mut tokens, 0);
            let markdown = tokens
                .iter()
                .filter_map(|token| match token {
                    Token::Text(text) => Some(text.as_str()),
                    Token::Code { .. } => None,
                })
                .collect();
            match data.attribute("id") {
                Some(id) => {
                    unit.data.insert(id.to_string(), markdown);
                }
                None => self.error(
                    data.at,
                    "xliff-structure",
                    "a <data> without an id".into(),
                    "keep <originalData> as exported: it holds the Markdown of the codes",
                ),
            }
        }
    }

    /// Reads a `<segment>` or `<ignorable>`: its source and target are added to the unit's.
    fn segment(&mut self, element: &Element, unit: &mut UnitText) {
        let state = element.attribute("state").unwrap_or("initial");
        if element.is("segment") && state == "initial" {
            unit.fuzzy = true;
        }
        let mut has_target = false;
        let mut source = Vec::new();
        if !element.empty {
            while let Some(child) = self.child() {
                if child.is("source") {
                    self.inline(&child, &mut source, 0);
                } else if child.is("target") {
                    has_target = true;
                    self.inline(&child, &mut unit.target, 0);
                } else {
                    self.skip(&child);
                }
            }
        }
        if has_target {
            unit.has_target = true;
        } else if element.is("ignorable") {
            // Whitespace between segments, the same in both languages.
            unit.target.extend(source.iter().cloned());
        }
        unit.source.extend(source);
    }

    /// Reads the inline content of `element` (a source, target, data, pc or mrk) into `tokens`.
    fn inline(&mut self, element: &Element, tokens: &mut Vec<Token>, depth: usize) {
        if element.empty {
            return;
        }
        loop {
            let child = match self.next() {
                Item::Text(text) => {
                    tokens.push(Token::Text(text));
                    continue;
                }
                Item::End | Item::Eof => return,
                Item::Start(child) => child,
            };
            let code = |data: Option<&str>, id: Option<&str>, end: Part| Token::Code {
                data: data.map(str::to_string),
                id: id.map(str::to_string),
                end,
                at: child.at,
            };
            let name = if child.core { child.name.as_str() } else { "" };
            match name {
                "ph" => tokens.push(code(child.attribute("dataRef"), child.attribute("id"), Part::Whole)),
                "sc" => tokens.push(code(child.attribute("dataRef"), child.attribute("id"), Part::Start)),
                "ec" => {
                    let id = child.attribute("startRef").or(child.attribute("id"));
                    tokens.push(code(child.attribute("dataRef"), id, Part::End));
                }
                "pc" | "mrk" if depth >= MAX_DEPTH => {
                    self.error(child.at, "xliff-structure", "inline codes nested too deep".into(),
                        "codes of the Markdown nest a few levels at most: export the page again");
                }
                "pc" => {
                    let id = child.attribute("id");
                    tokens.push(code(child.attribute("dataRefStart"), id, Part::Start));
                    let end = code(child.attribute("dataRefEnd"), id, Part::End);
                    self.inline(&child, tokens, depth + 1);
                    tokens.push(end);
                    continue;
                }
                "mrk" => {
                    // An annotation (a term, a comment): its text is the text.
                    self.inline(&child, tokens, depth + 1);
                    continue;
                }
                "cp" => match child.attribute("hex").and_then(code_point) {
                    Some(c) => tokens.push(Token::Text(c.to_string())),
                    None => self.error(child.at, "xliff-syntax", "a <cp> whose hex is not a character".into(),
                        "write <cp hex=\"0001\"/> with the character's number in hexadecimal"),
                },
                "sm" | "em" => {}
                _ => self.error(child.at, "xliff-code", format!("<{}> is not an inline code of XLIFF 2", child.name),
                    "the text of a segment holds text and the codes <ph>, <pc>, <sc>, <ec>, <mrk> and <cp> only"),
            }
            self.skip(&child);
        }
    }

    /// The Markdown that `tokens` stand for, codes looked up in the unit's `<data>`; a code
    /// without `dataRef` stands for what the source's code of the same id stands for.
    fn markdown(
        &mut self,
        unit: &UnitText,
        tokens: &[Token],
        codes: &HashMap<(String, Part), String>,
    ) -> String {
        let mut out = String::new();
        for token in tokens {
            let (data, id, end, at) = match token {
                Token::Text(text) => {
                    out.push_str(text);
                    continue;
                }
                Token::Code { data, id, end, at } => (data, id, *end, *at),
            };
            let data = data.clone().or_else(|| {
                id.as_ref()
                    .and_then(|id| codes.get(&(id.clone(), end)).cloned())
            });
            match data.as_ref().and_then(|data| unit.data.get(data)) {
                Some(markdown) => out.push_str(markdown),
                None => {
                    let message = match (&data, id) {
                        (Some(data), _) => {
                            format!("the code's data `{data}` is not in the unit's <originalData>")
                        }
                        (None, Some(id)) => format!(
                            "the code `{id}` names no data, and the source has no code of that id"
                        ),
                        (None, None) => "a code with neither data nor id".into(),
                    };
                    self.error(at, "xliff-code", message,
                        "keep the codes (tags) of the source as they are: each stands for Markdown that must come back unchanged");
                }
            }
        }
        out
    }
}

/// The data of each code of a source, by id and end.
fn source_codes(tokens: &[Token]) -> HashMap<(String, Part), String> {
    tokens
        .iter()
        .filter_map(|token| match token {
            Token::Code {
                data: Some(data),
                id: Some(id),
                end,
                ..
            } => Some(((id.clone(), *end), data.clone())),
            _ => None,
        })
        .collect()
}

fn is_core(namespace: &ResolveResult<'_>) -> bool {
    matches!(namespace, ResolveResult::Bound(Namespace(ns)) if *ns == NAMESPACE)
}

/// The character of one of XML's five predefined entities.
fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// The character of a `<cp hex="…"/>`.
fn code_point(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}
