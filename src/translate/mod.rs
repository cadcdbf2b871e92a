//! Translators' files: a page's translatable units (segments) written out as PO or XLIFF for
//! translators' own tools, and read back into the page's translation (`soteria translate`).
//!
//! [`segments`] finds a page's segments; [`Document`] is what one translator's file holds,
//! whatever its format; `po` and `xliff` write and read it.

// The commands that use these types land with them (issue 19).
#![allow(dead_code)]

pub(crate) mod reading;
pub(crate) mod record;
pub(crate) mod segments;

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
    /// The line of the translator's file where the unit starts (1-based), for errors.
    pub line: usize,
}
