//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! Every phase reports problems as [`Diagnostic`] values that carry their location from the moment
//! they are found. Phases collect them and carry on where they can, so an editor sees every problem
//! of a build at once. Rendering (text with a source snippet, or JSON for CI) lives here too.

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

/// A place in a source file: 1-based line and column (in characters), with the text of that line
/// kept so that the diagnostic can be shown without reading the file again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters from `column` the problem spans (at least 1).
    pub len: usize,
    /// The whole source line, without its line break.
    pub line_text: String,
}

impl Location {
    /// The location of `len` bytes at byte `offset` of `text`.
    pub fn from_offset(text: &str, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let line = text[..line_start].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len).min(line_end));
        let len = text[offset..end].chars().count().max(1);
        Location {
            line,
            column,
            len,
            line_text: line_text.to_string(),
        }
    }

    /// The location of a whole (1-based) line of `text`, pointing at its first non-blank character.
    pub fn from_line(text: &str, line: usize) -> Location {
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let indent = line_text.len() - line_text.trim_start().len();
        Location {
            line,
            column: line_text[..indent].chars().count() + 1,
            len: line_text.trim().chars().count().max(1),
            line_text: line_text.to_string(),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
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
        let start = byte_at(location.column - 1);
        let end = byte_at(location.column - 1 + location.len).max(start);
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
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "---\ntitle: Hänvisning\ndraft: maybe\n---\n";
        let offset = text.find("maybe").unwrap();
        let location = Location::from_offset(text, offset, 5);
        assert_eq!((location.line, location.column, location.len), (3, 8, 5));
        assert_eq!(location.line_text, "draft: maybe");
        let offset = text.find("ning").unwrap();
        assert_eq!(Location::from_offset(text, offset, 4).column, 14);
    }

    #[test]
    fn renders_grep_friendly_header_then_snippet_and_help() {
        let text = "title: x\ndraft: sometimes\n";
        let offset = text.find("sometimes").unwrap();
        let diagnostic = Diagnostic::error(
            "field-type",
            "content/a.md",
            "`draft` must be true or false",
        )
        .at(Location::from_offset(text, offset, 9))
        .with_help("write `draft: true` or `draft: false`");
        let rendered = diagnostic.render();
        let mut lines = rendered.lines();
        assert_eq!(
            lines.next(),
            Some("content/a.md:2:8: error[field-type]: `draft` must be true or false")
        );
        assert!(rendered.contains("2 │ draft: sometimes"), "{rendered}");
        assert!(rendered.contains("^^^^^^^^^"), "{rendered}");
        assert!(rendered.contains("help: write `draft: true`"), "{rendered}");
    }

    #[test]
    fn diagnostics_sort_by_file_then_line() {
        let mut all = Diagnostics::default();
        let at = |line| Location::from_line("a\nb\nc\n", line);
        all.push(Diagnostic::error("x", "content/b.md", "b").at(at(1)));
        all.push(Diagnostic::error("x", "content/a.md", "a3").at(at(3)));
        all.push(Diagnostic::error("x", "content/a.md", "a1").at(at(1)));
        let messages: Vec<_> = all.into_sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(messages, ["a1", "a3", "b"]);
    }
}
