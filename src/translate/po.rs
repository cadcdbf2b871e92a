//! PO files (GNU gettext), as Poedit, Weblate and the gettext tools read and write them: one
//! entry per unit, its id as `msgctxt` (the same sentence may stand twice in a page), the source
//! as `msgid`, the translation as `msgstr`, the heading path as a `#.` comment, the original's
//! line as a `#:` reference, and for a unit whose source changed since it was translated a
//! `fuzzy` flag with the source that was translated as `#| msgid`.
//!
//! Written by hand rather than with the `polib` crate: polib keeps neither `#|` previous
//! strings nor line numbers for its errors, and the format is small. The reader accepts what
//! the tools write back (strings wrapped over lines, comments in any order, obsolete `#~`
//! entries, CRLF line breaks, a byte-order mark) and reports every problem of a file at once,
//! at its line and column.

use std::path::Path;

use super::{Document, Returned, ReturnedUnit, State, Unit};
use crate::diagnostics::{Diagnostic, Location};

/// The widest line gettext writes; longer strings are wrapped.
const WIDTH: usize = 79;

/// The header field that says which page of the site the file translates.
const ORIGINAL_FIELD: &str = "X-Soteria-Original";

/// A PO file of `document`.
pub(crate) fn write(document: &Document) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {}\n# Soteria: {} translated from {} into {}.\n",
        comment(&document.title),
        comment(&document.original),
        comment(&document.source_lang),
        comment(&document.target_lang),
    ));
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    let fields = [
        ("Project-Id-Version", "Soteria"),
        // Left empty for the translator's tool to fill in (msgcat warns when they are missing).
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", document.target_lang.as_str()),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", document.source_lang.as_str()),
        (ORIGINAL_FIELD, document.original.as_str()),
    ];
    for (name, value) in fields {
        let value = value.replace(['\n', '\r'], " ");
        out.push_str(&format!("\"{}\"\n", escape(&format!("{name}: {value}\n"))));
    }
    for unit in &document.units {
        out.push('\n');
        write_unit(&mut out, &document.original, unit);
    }
    out
}

fn write_unit(out: &mut String, original: &str, unit: &Unit) {
    for line in unit.note.lines() {
        out.push_str(&format!("#. {}\n", comment(line)));
    }
    out.push_str(&format!("#: {}:{}\n", comment(original), unit.line));
    if let State::NeedsReview { previous } = &unit.state {
        out.push_str("#, fuzzy\n");
        if let Some(previous) = previous {
            write_string(out, "#| ", "msgid", previous);
        }
    }
    write_string(out, "", "msgctxt", &unit.id);
    write_string(out, "", "msgid", &unit.source);
    write_string(out, "", "msgstr", unit.target.as_deref().unwrap_or(""));
}

/// A comment's text on one line (a line break would end the comment).
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Writes `keyword "value"`, wrapped as gettext does when it is long or holds line breaks:
/// `""` first, then one quoted line per stretch, each ending after a `\n` or at a space.
fn write_string(out: &mut String, prefix: &str, keyword: &str, value: &str) {
    let atoms: Vec<String> = value.chars().map(escape_char).collect();
    let width: usize = atoms.iter().map(|a| a.chars().count()).sum();
    let breaks_inside = atoms.iter().rev().skip(1).any(|a| a == "\\n");
    if !breaks_inside && prefix.len() + keyword.len() + width + 3 <= WIDTH {
        out.push_str(&format!("{prefix}{keyword} \"{}\"\n", atoms.concat()));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    let room = WIDTH - prefix.len() - 2;
    let mut line = String::new();
    let mut line_width = 0;
    // Where the current line may be cut: after its last space (byte offset, width).
    let mut last_space: Option<(usize, usize)> = None;
    for atom in &atoms {
        let atom_width = atom.chars().count();
        if line_width + atom_width > room {
            if let Some((at, at_width)) = last_space.take() {
                let rest = line.split_off(at);
                out.push_str(&format!("{prefix}\"{line}\"\n"));
                line = rest;
                line_width -= at_width;
            }
        }
        line.push_str(atom);
        line_width += atom_width;
        if atom == " " {
            last_space = Some((line.len(), line_width));
        }
        if atom == "\\n" {
            out.push_str(&format!("{prefix}\"{line}\"\n"));
            line.clear();
            line_width = 0;
            last_space = None;
        }
    }
    if !line.is_empty() {
        out.push_str(&format!("{prefix}\"{line}\"\n"));
    }
}

/// `text` escaped for a PO string.
fn escape(text: &str) -> String {
    text.chars().map(escape_char).collect()
}

fn escape_char(c: char) -> String {
    match c {
        '\\' => "\\\\".into(),
        '"' => "\\\"".into(),
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\u{b}' => "\\v".into(),
        '\u{c}' => "\\f".into(),
        c if c.is_ascii_control() => format!("\\{:03o}", u32::from(c)),
        c => c.into(),
    }
}

/// Reads a PO file back: the units it holds, or every problem found in it.
pub(crate) fn read(path: &Path, text: &str) -> Result<Returned, Vec<Diagnostic>> {
    // A byte-order mark is no column of the first line: locations are in the text after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        path,
        text,
        errors: Vec::new(),
        entries: Vec::new(),
        entry: Entry::default(),
        field: None,
    };
    for (index, line) in text.split('\n').enumerate() {
        reader.line(index + 1, line.strip_suffix('\r').unwrap_or(line));
    }
    reader.finish_entry();
    let Reader {
        mut errors,
        entries,
        ..
    } = reader;
    let returned = collect(path, text, entries, &mut errors);
    match returned {
        Some(returned) if errors.is_empty() => Ok(returned),
        _ => Err(errors),
    }
}

/// One entry as read.
#[derive(Debug, Default)]
struct Entry {
    /// The line of its first comment or keyword.
    first_line: Option<usize>,
    fuzzy: bool,
    msgctxt: Option<(String, usize)>,
    msgid: Option<(String, usize)>,
    msgstr: Option<(String, usize)>,
    plural: bool,
}

/// Which string continuation lines (`"…"`) add to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Translation,
    /// A `#|` string or a plural form: read, and not kept.
    Ignored,
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<Diagnostic>,
    entries: Vec<Entry>,
    entry: Entry,
    field: Option<Field>,
}

impl Reader<'_> {
    fn error(&mut self, line: usize, column: usize, len: usize, message: String, help: &str) {
        let location = Location::from_line_column(self.text, line, column, len);
        self.errors.push(
            Diagnostic::error("po-syntax", self.path, message)
                .at(location)
                .with_help(help),
        );
    }

    fn finish_entry(&mut self) {
        let entry = std::mem::take(&mut self.entry);
        self.field = None;
        if entry.msgid.is_some() || entry.msgctxt.is_some() || entry.msgstr.is_some() {
            self.entries.push(entry);
        }
    }

    /// Reads one line (without its line break).
    fn line(&mut self, number: usize, line: &str) {
        let trimmed = line.trim_start();
        let column = line
            .get(..line.len() - trimmed.len())
            .map_or(1, |lead| lead.chars().count() + 1);
        if trimmed.is_empty() {
            self.finish_entry();
        } else if let Some(comment) = trimmed.strip_prefix('#') {
            // A comment after a keyword starts the next entry.
            if self.entry.msgid.is_some() || comment.starts_with('~') {
                self.finish_entry();
            }
            if comment.starts_with('~') {
                return;
            }
            self.entry.first_line.get_or_insert(number);
            if let Some(flags) = comment.strip_prefix(',') {
                if flags.split(',').any(|flag| flag.trim() == "fuzzy") {
                    self.entry.fuzzy = true;
                }
            }
            // `#|` previous strings, `#.`, `#:` and translators' comments are not read back.
            self.field = None;
        } else if trimmed.starts_with('"') {
            let Some(field) = self.field else {
                self.error(
                    number,
                    column,
                    1,
                    "a string that follows no keyword".into(),
                    "a string on a line of its own continues the msgid, msgstr or msgctxt above it",
                );
                return;
            };
            if let Some(value) = self.string(number, line, trimmed) {
                let slot = match field {
                    Field::Context => &mut self.entry.msgctxt,
                    Field::Id => &mut self.entry.msgid,
                    Field::Translation => &mut self.entry.msgstr,
                    Field::Ignored => return,
                };
                if let Some((text, _)) = slot {
                    text.push_str(&value);
                }
            }
        } else {
            self.keyword(number, line, trimmed, column);
        }
    }

    /// Reads a `keyword "string"` line.
    fn keyword(&mut self, number: usize, line: &str, trimmed: &str, column: usize) {
        let end = trimmed
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(trimmed.len());
        let (keyword, rest) = trimmed.split_at_checked(end).unwrap_or((trimmed, ""));
        let width = keyword.chars().count();
        let field = match keyword {
            "msgctxt" | "msgid" if self.entry.msgid.is_some() => {
                self.finish_entry();
                if keyword == "msgctxt" {
                    Field::Context
                } else {
                    Field::Id
                }
            }
            "msgctxt" if self.entry.msgctxt.is_some() => {
                self.error(
                    number,
                    column,
                    width,
                    "a second msgctxt in one entry".into(),
                    "an entry has one msgctxt (the segment's id), one msgid and one msgstr",
                );
                Field::Ignored
            }
            "msgctxt" => Field::Context,
            "msgid" => Field::Id,
            "msgstr" if self.entry.msgid.is_none() => {
                self.error(number, column, width, "a msgstr without a msgid before it".into(),
                    "each entry is msgctxt, msgid and msgstr, in this order; the msgid may have been deleted");
                Field::Ignored
            }
            "msgstr" if self.entry.msgstr.is_some() => {
                self.error(
                    number,
                    column,
                    width,
                    "a second msgstr in one entry".into(),
                    "an entry has one msgstr: the translation of its msgid",
                );
                Field::Ignored
            }
            "msgstr" => Field::Translation,
            "msgid_plural" => {
                self.plural(number, column, width);
                Field::Ignored
            }
            k if k.starts_with("msgstr[") => {
                self.plural(number, column, width);
                Field::Ignored
            }
            _ => {
                self.error(number, column, width.max(1), format!("`{keyword}` is not a keyword of a PO file"),
                    "lines of an entry start with msgctxt, msgid, msgstr, a quoted string or a # comment");
                self.field = None;
                return;
            }
        };
        self.entry.first_line.get_or_insert(number);
        self.field = Some(field);
        let string_start = rest.trim_start();
        if !string_start.starts_with('"') {
            let at = line.len() - string_start.len();
            let column = line.get(..at).map_or(1, |s| s.chars().count() + 1);
            self.error(
                number,
                column,
                1,
                format!("`{keyword}` is not followed by a quoted string"),
                "write the text in double quotes: msgstr \"…\"",
            );
            return;
        }
        let value = self.string(number, line, string_start).unwrap_or_default();
        let slot = match field {
            Field::Context => &mut self.entry.msgctxt,
            Field::Id => &mut self.entry.msgid,
            Field::Translation => &mut self.entry.msgstr,
            Field::Ignored => return,
        };
        *slot = Some((value, number));
    }

    fn plural(&mut self, number: usize, column: usize, width: usize) {
        if !std::mem::replace(&mut self.entry.plural, true) {
            self.error(number, column, width, "plural forms are not used in Soteria's files".into(),
                "write the translation as one msgstr \"…\" (not msgstr[0]); a page's sentence has one form");
        }
    }

    /// The value of the quoted string at the start of `quoted`, a part of `line`; `None`
    /// after reporting a problem with it.
    fn string(&mut self, number: usize, line: &str, quoted: &str) -> Option<String> {
        let offset = line.len() - quoted.len();
        let column_of = |at: usize| {
            line.get(..offset + at)
                .map_or(1, |before| before.chars().count() + 1)
        };
        match unescape(quoted) {
            Ok(value) => Some(value),
            Err((at, len, message, help)) => {
                self.error(number, column_of(at), len, message, help);
                None
            }
        }
    }
}

/// A problem in a quoted string: its byte offset and length in characters, what is wrong, and
/// what to do.
type StringError = (usize, usize, String, &'static str);

/// The value of a quoted PO string (`quoted` starts with `"`), with nothing but spaces after it.
fn unescape(quoted: &str) -> Result<String, StringError> {
    let mut value = String::new();
    let mut chars = quoted.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                let rest = quoted.get(at + 1..).unwrap_or("");
                let trailing = rest.trim_start();
                if !trailing.is_empty() {
                    return Err((
                        quoted.len() - trailing.len(),
                        1,
                        "text after the string's closing quote".into(),
                        "a quote inside the text is written \\\" (a backslash before it)",
                    ));
                }
                return Ok(value);
            }
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    break;
                };
                let simple = match escaped {
                    'n' => Some('\n'),
                    't' => Some('\t'),
                    'r' => Some('\r'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'v' => Some('\u{b}'),
                    '\\' | '"' | '\'' | '?' => Some(escaped),
                    _ => None,
                };
                if let Some(c) = simple {
                    value.push(c);
                    continue;
                }
                let (radix, max) = match escaped {
                    '0'..='7' => (8, 2),
                    'x' => (16, usize::MAX),
                    _ => {
                        return Err((
                            at,
                            2,
                            format!("`\\{escaped}` is not an escape of a PO string"),
                            "a backslash in the text itself is written \\\\ (two backslashes)",
                        ));
                    }
                };
                let mut digits = if radix == 8 {
                    escaped.to_string()
                } else {
                    String::new()
                };
                let mut taken = 0;
                while let Some(&(_, d)) = chars.peek() {
                    if taken == max || !d.is_digit(radix) {
                        break;
                    }
                    digits.push(d);
                    taken += 1;
                    chars.next();
                }
                match u32::from_str_radix(&digits, radix)
                    .ok()
                    .filter(|&v| v < 0x80)
                {
                    Some(code) => value.push(char::from_u32(code).unwrap_or('\u{fffd}')),
                    None => {
                        return Err((at, digits.len() + 2,
                            format!("`\\{}{digits}` is not a character Soteria reads from a PO file",
                                if radix == 16 { "x" } else { "" }),
                            "escapes by number stand for ASCII characters only; write any other character as it is"));
                    }
                }
            }
            c => value.push(c),
        }
    }
    Err((0, 1, "the string has no closing quote".into(),
        "end the string with \" on the same line; a long text continues on the next line in quotes of its own"))
}

/// The file's header and units, checked: `None` when the header is missing or incomplete.
fn collect(
    path: &Path,
    text: &str,
    entries: Vec<Entry>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Returned> {
    let error = |line: usize, message: String, help: &str| {
        Diagnostic::error("po-syntax", path, message)
            .at(Location::from_line(text, line))
            .with_help(help)
    };
    let mut header: Option<(String, usize)> = None;
    let mut units = Vec::new();
    let mut ids = std::collections::HashMap::new();
    for entry in entries {
        let first = entry.first_line.unwrap_or(1);
        if entry.plural {
            // Reported where it was read.
            continue;
        }
        let Some((msgid, id_line)) = entry.msgid else {
            errors.push(error(
                first,
                "an entry without a msgid".into(),
                "each entry is msgctxt, msgid and msgstr; the msgid may have been deleted",
            ));
            continue;
        };
        let Some((msgstr, msgstr_line)) = entry.msgstr else {
            errors.push(error(
                id_line,
                "a msgid without a msgstr after it".into(),
                "add msgstr \"\" (empty when it is not translated yet)",
            ));
            continue;
        };
        let Some((id, line)) = entry.msgctxt else {
            if msgid.is_empty() && header.is_none() {
                header = Some((msgstr, id_line));
            } else {
                errors.push(error(id_line, "an entry without a msgctxt".into(),
                    "each entry's msgctxt is the id of its segment in the page: keep it as exported"));
            }
            continue;
        };
        if let Some(other) = ids.insert(id.clone(), line) {
            errors.push(error(
                line,
                format!("the msgctxt \"{id}\" stands twice (first on line {other})"),
                "each segment of the page appears once; remove one of the two entries",
            ));
        }
        units.push(ReturnedUnit {
            id,
            source: msgid,
            target: (!msgstr.is_empty()).then_some(msgstr),
            fuzzy: entry.fuzzy,
            // Errors in a translation point at it.
            line: msgstr_line,
        });
    }
    let Some((header, header_line)) = header else {
        errors.push(error(
            1,
            "the file has no header entry (msgid \"\")".into(),
            "export the page again: its header says which page and language it translates",
        ));
        return None;
    };
    let field = |name: &str| {
        header.split('\n').find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim().eq_ignore_ascii_case(name) && !value.trim().is_empty())
                .then(|| value.trim().to_string())
        })
    };
    let (Some(target_lang), Some(original)) = (field("Language"), field(ORIGINAL_FIELD)) else {
        let missing = if field("Language").is_none() {
            "Language"
        } else {
            ORIGINAL_FIELD
        };
        errors.push(
            Diagnostic::error("po-header", path, format!("the header has no `{missing}` field"))
                .at(Location::from_line(text, header_line))
                .with_help("export the page again, or copy the header of the exported file: it says which page and language the file translates"),
        );
        return None;
    };
    Some(Returned {
        original,
        target_lang,
        units,
    })
}

#[cfg(test)]
mod tests;
