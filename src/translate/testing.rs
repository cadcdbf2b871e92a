//! Entry points for the integration tests of the translators' formats (`tests/translate_formats.rs`;
//! not part of the API): a document made of plain values, written as PO or XLIFF, and a file
//! read back, so that the tests can hand the files to gettext, polib and xmllint.

use std::path::Path;

use super::{po, xliff, Document, Returned, State, Unit};

/// Which of the two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GNU gettext PO.
    Po,
    /// XLIFF 2.0.
    Xliff,
}

/// How a unit's translation stands (`State` inside the crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState<'a> {
    /// Not translated yet.
    New,
    /// Translated, and still current.
    Translated,
    /// To review, with the source that was translated when known.
    NeedsReview(Option<&'a str>),
}

/// One unit: id, source, target, state, line in the original, and heading path.
pub type UnitSpec<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    UnitState<'a>,
    usize,
    &'a str,
);

/// A unit read back: id, source, target, fuzzy, and its line in the file.
pub type ReadUnit = (String, String, Option<String>, bool, usize);

/// What a file read back says: the original's path, the language, and the units.
pub type ReadFile = (String, String, Vec<ReadUnit>);

/// The file of `format` for `original` (translated from `source_lang` into `target_lang`).
pub fn write(
    format: Format,
    languages: (&str, &str),
    original: &str,
    title: &str,
    units: &[UnitSpec<'_>],
) -> String {
    let document = Document {
        source_lang: languages.0.into(),
        target_lang: languages.1.into(),
        original: original.into(),
        title: title.into(),
        units: units
            .iter()
            .map(|&(id, source, target, state, line, note)| Unit {
                id: id.into(),
                source: source.into(),
                target: target.map(Into::into),
                state: match state {
                    UnitState::New => State::New,
                    UnitState::Translated => State::Translated,
                    UnitState::NeedsReview(previous) => State::NeedsReview {
                        previous: previous.map(Into::into),
                    },
                },
                line,
                note: note.into(),
            })
            .collect(),
    };
    match format {
        Format::Po => po::write(&document),
        Format::Xliff => xliff::write(&document),
    }
}

/// A file of `format` read back, or its diagnostics as the command line shows them.
pub fn read(format: Format, path: &str, text: &str) -> Result<ReadFile, Vec<String>> {
    let read = match format {
        Format::Po => po::read(Path::new(path), text),
        Format::Xliff => xliff::read(Path::new(path), text),
    };
    let Returned {
        original,
        target_lang,
        units,
    } = read.map_err(|errors| errors.iter().map(|e| e.render()).collect::<Vec<_>>())?;
    let units = units
        .into_iter()
        .map(|u| (u.id, u.source, u.target, u.fuzzy, u.line))
        .collect();
    Ok((original, target_lang, units))
}
