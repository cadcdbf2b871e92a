//! Translators' files: a page's translatable units (segments) written out as PO or XLIFF for
//! translators' own tools, and read back into the page's translation (`soteria translate`).
//!
//! [`segments`] finds a page's segments; [`Document`] is what one translator's file holds,
//! whatever its format; `po` and `xliff` write and read it.

pub mod commands;
pub(crate) mod export;
pub(crate) mod import;
mod inline;
pub(crate) mod po;
pub mod progress;
pub(crate) mod protect;
pub(crate) mod reading;
pub(crate) mod record;
#[cfg(test)]
mod sample;
pub(crate) mod segments;
#[doc(hidden)]
pub mod testing;
pub(crate) mod xliff;

use std::collections::HashMap;

use serde_yaml::Mapping;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::content::{front_matter, SourceFile};
use crate::diagnostics::Diagnostic;
use record::{Record, Standing};
use segments::PageSegments;

/// A short, stable hash of a source file's text: the first 16 hex digits of its SHA-256.
pub fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// What a translator's file holds for one page of the default language, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    /// The default language's code (the source language).
    pub source_lang: String,
    /// The language translated into.
    pub target_lang: String,
    /// The original's path, from the site's folder with `/` separators
    /// (`content/guidance/referral.md`).
    pub original: String,
    /// The page's title in the default language, for the translator's header.
    pub title: String,
    /// The units, in the page's order.
    pub units: Vec<Unit>,
}

/// One segment for a translator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The segment's id: letters, digits, `.` and `-` only (an XML NMTOKEN), unique in its page.
    pub id: String,
    /// The original's text: inline Markdown, lines joined with `\n`. `[[std:…]]` references,
    /// link and image targets, code spans, inline HTML and footnote marks in it must come back
    /// unchanged; link labels, image descriptions and `[[std:5|label]]` labels are text.
    pub source: String,
    /// The current translation, if there is one.
    pub target: Option<String>,
    /// Whether the translation still matches the source.
    pub state: State,
    /// The line of the original where the segment starts (1-based).
    pub line: usize,
    /// Where it stands, for the translator: the page's title and the headings above it
    /// (`Referral pathway › Interviews › Before the interview`).
    pub note: String,
}

/// How a unit's translation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    /// Not translated yet (`target` is `None`).
    New,
    /// Translated, and the source is still what was translated.
    Translated,
    /// The source changed since it was translated (or the translation was never confirmed):
    /// `target` needs review. `previous` is the source text that was translated, when known.
    NeedsReview { previous: Option<String> },
}

/// A translator's file read back: what it says for each unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Returned {
    /// The original's path, as written in the file (`Document::original`).
    pub original: String,
    /// The language translated into.
    pub target_lang: String,
    /// The units, in the file's order.
    pub units: Vec<ReturnedUnit>,
}

/// One unit read back from a translator's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReturnedUnit {
    /// Its id (`Unit::id`).
    pub id: String,
    /// The source text the translator saw, back in Markdown.
    pub source: String,
    /// The translation, back in Markdown; `None` when empty.
    pub target: Option<String>,
    /// Whether the translator's tool still marks it as needing review (PO `fuzzy`; in XLIFF,
    /// a segment `state` of `initial`).
    pub fuzzy: bool,
    /// The line of the translator's file that errors about the unit point at (1-based): in
    /// PO its `msgstr` (the translation), in XLIFF its `<unit>`.
    pub line: usize,
}

/// A page of the default language beside its translation in one language, segment by segment.
#[derive(Debug, Clone)]
pub(crate) struct Compared<'a> {
    /// The original's file.
    pub original: &'a SourceFile,
    /// Its front matter.
    pub original_front: Mapping,
    /// Its segments.
    pub segments: PageSegments,
    /// The translation's file, if there is one.
    pub translation: Option<&'a SourceFile>,
    /// The translation's front matter (empty without one).
    pub translation_front: Mapping,
    /// The translation's segments (none without one).
    pub translation_segments: PageSegments,
    /// How each of the original's segments stands in the translation.
    pub standings: Vec<Standing>,
    /// Whether the original is what the translation says it translates (its `source_hash`),
    /// or the translation cannot tell (it records none).
    pub unchanged: bool,
    /// Whether the translation keeps a record of what it translates.
    pub has_record: bool,
}

impl<'a> Compared<'a> {
    /// Compares `original` with its `translation`; `extra` are the site's own translatable
    /// fields. A file whose front matter cannot be read gives that error.
    pub(crate) fn new(
        original: &'a SourceFile,
        translation: Option<&'a SourceFile>,
        extra: &[String],
    ) -> Result<Compared<'a>, Diagnostic> {
        let read = |file: &SourceFile| -> Result<(Mapping, PageSegments), Diagnostic> {
            let parsed = front_matter::parse(&file.path, &file.text)?;
            let mut segments = crate::markdown::guard::guarded(&file.path, || {
                segments::of_page(&parsed.mapping, extra, &file.text, parsed.split.body_offset)
            })?;
            // A field's line is its key's (a list item's field, its list's).
            for segment in &mut segments.segments {
                if segment.kind == segments::Kind::Field {
                    let key = segment.path.split('.').next().unwrap_or("");
                    segment.line = parsed.location_of(key).line;
                }
            }
            Ok((parsed.mapping, segments))
        };
        let (original_front, segments) = read(original)?;
        let (translation_front, translation_segments) = match translation {
            Some(file) => read(file)?,
            None => Default::default(),
        };
        let record = Record::read(&translation_front);
        // A translation that records no hash cannot tell: it counts as current, as in the
        // page-level status.
        let unchanged = translation_front
            .get("source_hash")
            .and_then(serde_yaml::Value::as_str)
            .is_none_or(|hash| hash == source_hash(&original.text));
        let standings = match translation {
            Some(_) => record::align(&segments, &translation_segments, record.as_ref(), unchanged),
            None => vec![Standing::Missing { new: false }; segments.segments.len()],
        };
        let has_record = record.is_some();
        Ok(Compared {
            unchanged,
            has_record,
            original,
            original_front,
            segments,
            translation,
            translation_front,
            translation_segments,
            standings,
        })
    }

    /// Whether the original is a draft (left out of translators' files and of the status).
    pub(crate) fn is_draft(&self) -> bool {
        self.original_front
            .get("draft")
            .and_then(serde_yaml::Value::as_bool)
            == Some(true)
    }

    /// The translation's text at the translation's segment `at`.
    pub(crate) fn translated(&self, at: &str) -> Option<&str> {
        self.translation_segments
            .at(at)
            .map(|segment| segment.source.as_str())
    }
}

/// The site's own front matter fields that are translated (`translate: true` in `site.yaml`).
pub(crate) fn extra_fields(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = config
        .types
        .values()
        .flat_map(|extension| &extension.fields)
        .filter(|(_, field)| field.translate)
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The default language's files, each with its translation into `lang`.
pub(crate) fn pairs<'a>(
    sources: &'a [SourceFile],
    default: &str,
    lang: &str,
) -> Vec<(&'a SourceFile, Option<&'a SourceFile>)> {
    let translations: HashMap<(&str, bool), &SourceFile> = sources
        .iter()
        .filter(|source| source.id.lang == lang)
        .map(|source| ((source.id.key.as_str(), source.id.is_section), source))
        .collect();
    sources
        .iter()
        .filter(|source| source.id.lang == default)
        .map(|source| {
            let key = (source.id.key.as_str(), source.id.is_section);
            (source, translations.get(&key).copied())
        })
        .collect()
}

/// Where the translation into `lang` of the file at `rel` (under `content/`) goes:
/// `guidance/referral.md` → `guidance/referral.uk.md`.
pub(crate) fn translation_rel(rel: &str, lang: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("{stem}.{lang}.md")
}
