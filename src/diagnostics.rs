//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! Every phase reports problems as [`Diagnostic`] values that carry their location from the moment
//! they are found. Phases collect them and carry on where they can, so an editor sees every problem
//! of a build at once. Rendering (text with a source snippet, or JSON for CI) lives here too.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; `--deny-warnings` turns these into failures.
    #[serde(alias = "warn")]
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A place in a source file: 1-based line and column (in characters), with the text around it
/// kept so that the diagnostic can be shown without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters from `column` the problem spans (at least 1).
    pub len: usize,
    /// The source line without its line break: the whole line, or of a long line the stretch
    /// around the problem, with `…` where it was cut (a location keeps no copy of a long line).
    pub line_text: String,
    /// The column of the line that the first character of `line_text` stands for (1 unless the
    /// line was cut at its start).
    pub text_column: usize,
}

/// Lines of at most this many bytes are kept whole in a [`Location`].
const WHOLE_LINE: usize = 320;
/// Of a longer line, this many characters are kept before and after the problem.
const CONTEXT: usize = 80;
/// And this many of the problem itself.
const SPAN: usize = 160;

impl Location {
    /// The location of `len` bytes at byte `offset` of `text`.
    pub fn from_offset(text: &str, offset: usize, len: usize) -> Location {
        Locator::new(text).locate(offset, len)
    }

    /// The location of a whole (1-based) line of `text`, pointing at its first non-blank character.
    pub fn from_line(text: &str, line: usize) -> Location {
        Locator::new(text).line(line)
    }

    /// The location of `len` characters at (1-based) `line` and `column` of `text`.
    pub fn from_line_column(text: &str, line: usize, column: usize, len: usize) -> Location {
        Locator::new(text).line_column(line, column, len)
    }

    /// A location on a line whose text is given whole (`---`, say).
    pub fn of_line(line: usize, column: usize, len: usize, line_text: &str) -> Location {
        Locator::new(line_text)
            .line_column(1, column, len)
            .on_line(line)
    }
}

impl Location {
    /// The same place, numbered as line `line`.
    fn on_line(mut self, line: usize) -> Location {
        self.line = line;
        self
    }
}

/// The byte index of (1-based) column `column` of `line`, or its end when it is shorter.
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(index, _)| index)
}

/// A location on `line` (the line's text, without its break) at bytes `start..end` of it, which
/// is (1-based) column `column`; `len` characters long. `start` and `end` must be char boundaries.
fn window(
    line: &str,
    start: usize,
    end: usize,
    number: usize,
    column: usize,
    len: usize,
) -> Location {
    let chars = |range: std::ops::Range<usize>| line.get(range).map_or(0, |t| t.chars().count());
    let (from, to) = if line.len() <= WHOLE_LINE {
        (0, line.len())
    } else {
        // Each bound is an index `char_indices` gave, `start`, `end` or the line's end.
        let before = line.get(..start).unwrap_or("");
        let from = before
            .char_indices()
            .rev()
            .take(CONTEXT)
            .last()
            .map_or(start, |(index, _)| index);
        let span = line.get(start..end).unwrap_or("");
        let to = match span.char_indices().nth(SPAN) {
            Some((index, _)) => start + index,
            None => line
                .get(end..)
                .and_then(|after| after.char_indices().nth(CONTEXT))
                .map_or(line.len(), |(index, _)| end + index),
        };
        (from, to)
    };
    let mut text = String::with_capacity(to - from + 8);
    let text_column = if from > 0 {
        // The `…` stands for the characters before `from`.
        text.push('…');
        column.saturating_sub(chars(from..start) + 1).max(1)
    } else {
        1
    };
    text.push_str(line.get(from..to).unwrap_or("").trim_end_matches('\r'));
    if to < line.len() {
        text.push('…');
    }
    Location {
        line: number,
        column,
        len: len.max(1),
        line_text: text,
        text_column,
    }
}

/// Turns byte offsets of one text into [`Location`]s, in time proportional to the text and the
/// locations however many there are: the lines are found once, and locations asked for in order
/// (as a parser meets them) are counted on from the previous one.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    /// The byte offset at which each line starts (found on first use).
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The last offset located, its line's index, and its column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> Locator<'t> {
    /// A locator for `text`.
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        })
    }

    /// The byte range of the line of index `index` (0-based), without its line break.
    fn line_range(&self, index: usize) -> std::ops::Range<usize> {
        let starts = self.starts();
        let start = starts.get(index).copied().unwrap_or(self.text.len());
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }

    fn line_text(&self, index: usize) -> &'t str {
        let text: &'t str = self.text;
        // Line starts follow a `\n` and line ends are at one (or the text's end): char boundaries.
        text.get(self.line_range(index)).unwrap_or("")
    }

    /// The location of `len` bytes at byte `offset` (moved back to a character's start when it is
    /// inside one, and to the text's end when past it).
    pub fn locate(&self, offset: usize, len: usize) -> Location {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts();
        let (last_offset, last_index, last_column) = self.last.get();
        let same_line =
            last_offset <= offset && starts.get(last_index + 1).is_none_or(|&next| offset < next);
        let (index, column) = if same_line {
            (
                last_index,
                last_column
                    + text
                        .get(last_offset..offset)
                        .map_or(0, |t| t.chars().count()),
            )
        } else {
            let index = starts
                .partition_point(|&start| start <= offset)
                .saturating_sub(1);
            let start = starts.get(index).copied().unwrap_or(0);
            (
                index,
                1 + text.get(start..offset).map_or(0, |t| t.chars().count()),
            )
        };
        self.last.set((offset, index, column));
        let range = self.line_range(index);
        let line = self.line_text(index);
        let start = offset.saturating_sub(range.start).min(line.len());
        let mut end = offset
            .saturating_add(len)
            .min(range.end)
            .saturating_sub(range.start)
            .max(start);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let chars = line.get(start..end).map_or(0, |t| t.chars().count());
        window(line, start, end, index + 1, column, chars)
    }

    /// The whole (1-based) line `line`, pointing at its first non-blank character.
    pub fn line(&self, line: usize) -> Location {
        let text = self.line_text(line.saturating_sub(1));
        let trimmed = text.trim_start();
        let start = text.len() - trimmed.len();
        let end = start + trimmed.trim_end().len();
        let column = text.get(..start).map_or(0, |t| t.chars().count()) + 1;
        let len = trimmed.trim_end().chars().count();
        window(text, start, end, line, column, len)
    }

    /// `len` characters at (1-based) `line` and `column` (fewer where the line ends first; the
    /// last line when `line` is past it, as YAML's lines are when a lone `\r` breaks them).
    pub fn line_column(&self, line: usize, column: usize, len: usize) -> Location {
        let line = line.clamp(1, self.starts().len());
        let text = self.line_text(line - 1);
        let start = byte_of_column(text, column);
        let rest = text.get(start..).unwrap_or("");
        let end = start + byte_of_column(rest, len.saturating_add(1));
        let len = rest.get(..end - start).map_or(0, |t| t.chars().count());
        window(text, start, end, line, column, len)
    }
}

/// One problem found in the site, with its place and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site's root (e.g. `content/guidance/referral.md`).
    pub file: PathBuf,
    /// Where in the file, when known (boxed: diagnostics travel in `Result`s, keep them small).
    pub location: Option<Box<Location>>,
    /// Error or warning.
    pub severity: Severity,
    /// A stable, short identifier of the kind of problem (e.g. `missing-field`).
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when we can say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file`.
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    /// A warning in `file`.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    /// A diagnostic of `severity` in `file` (for checks whose severity a setting chooses).
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            location: None,
            severity,
            code,
            message: message.into(),
            help: None,
        }
    }

    /// Places the diagnostic at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    /// Places the diagnostic at `location` when there is one.
    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location.map(Box::new);
        self
    }

    /// Adds a hint saying what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key diagnostics are reported in: file, then line, then column.
    fn sort_key(&self) -> (&Path, usize, usize) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (&self.file, line, column)
    }

    /// Renders the diagnostic for a terminal: `path:line:col: error[code]: message`, then the
    /// source line with a caret under the problem, then the hint.
    pub fn render(&self) -> String {
        let location = self.location.as_deref();
        let file = OneLineFile {
            name: self.file.display().to_string(),
            location,
        };
        let mut report = match self.severity {
            Severity::Error => Report::new(ReportSeverity::Error),
            Severity::Warning => Report::new(ReportSeverity::Warning),
        }
        .with_code(self.code)
        .with_message(&self.message);
        if let Some(location) = location {
            report = report.with_labels(vec![Label::primary((), file.span(location))]);
        }
        if let Some(help) = &self.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        let short = Config {
            display_style: DisplayStyle::Short,
            ..Config::default()
        };
        // The short style gives the grep- and editor-friendly first line; the rich style gives the
        // snippet and the hint, whose own header line would repeat the message, so it is dropped.
        let mut out = term::emit_into_string(&short, &file, &report).unwrap_or_default();
        if location.is_none() {
            // Without a label codespan names no file; the file alone still tells where to look.
            out.insert_str(0, &format!("{}: ", file.name));
        }
        let rich = term::emit_into_string(&Config::default(), &file, &report).unwrap_or_default();
        if location.is_some() || self.help.is_some() {
            out.extend(rich.split_inclusive('\n').skip(1));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// A one-line "file" for codespan: the line the diagnostic points at, numbered as in the real file.
struct OneLineFile<'a> {
    name: String,
    location: Option<&'a Location>,
}

impl OneLineFile<'_> {
    fn text(&self) -> &str {
        self.location.map_or("", |l| l.line_text.as_str())
    }

    /// The byte range of the location within its line.
    fn span(&self, location: &Location) -> Range<usize> {
        let text = self.text();
        let byte_at = |chars: usize| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(index, _)| index)
        };
        let skip = location.column.saturating_sub(location.text_column);
        let start = byte_at(skip);
        let end = byte_at(skip + location.len).max(start);
        start..end
    }
}

impl<'a> Files<'a> for OneLineFile<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.text())
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.location.map_or(1, |l| l.line))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        // The text may be a stretch of a long line: its first character stands for `text_column`.
        let text = self.text();
        let before = text.get(..byte_index).unwrap_or(text);
        let first = self.location.map_or(1, |l| l.text_column);
        Ok(first + before.chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index == 0 {
            Ok(0..self.text().len())
        } else {
            Err(FilesError::LineTooLarge {
                given: line_index,
                max: 0,
            })
        }
    }
}

/// The diagnostics of one build, kept in the order people read them.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// True when any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors and warnings there are.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.items.iter().filter(|d| d.is_error()).count();
        (errors, self.items.len() - errors)
    }

    /// The diagnostics sorted by file, then line, then column (stable for equal places).
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }
}

/// Prints diagnostics to standard error, as every command shows them.
pub fn eprint_all(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(stderr, "{}", diagnostic.render());
    }
}

/// The JSON form of a diagnostic, as `soteria check --format json` prints it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// Renders diagnostics as a JSON array of `{file, line, column, severity, code, message, help}`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            severity: d.severity,
            code: d.code,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
