//! What a translation's readers are shown of how it stands: which of its blocks still show the
//! original's text (marked with the original's language when the page is rendered), and, when
//! the original changed since it was translated, which of its sections changed (named by a
//! notice on the page, see `render/outdated_view.rs`; `status/outdated.rs` finds the
//! translations concerned).

use std::collections::HashSet;

use serde_yaml::Mapping;

use super::record::{self, Record, Standing};
use super::segments::{self, Kind, PageSegments};
use crate::config::Config;
use crate::content::front_matter;
use crate::content::types::ContentType;
use crate::markdown::Heading;

/// Where the text of each block of a translation that still shows the original's text starts
/// (bytes of the file's `text`, whose body starts at `body_offset`), by the record in its front
/// matter `front`; none without a record (a translation made by hand is taken as translated).
pub(crate) fn in_original_language(front: &Mapping, text: &str, body_offset: usize) -> Vec<usize> {
    let Some(record) = Record::read(front) else {
        return Vec::new();
    };
    let page = segments::of_page(front, &[], text, body_offset);
    let untranslated: HashSet<&str> = record::in_original_language(&page, &record)
        .into_iter()
        .collect();
    page.segments
        .iter()
        .filter(|segment| segment.kind != Kind::Field && untranslated.contains(&*segment.path))
        .map(|segment| segment.span.start)
        .collect()
}

/// What the readers of a translation whose original changed since it was translated are told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outdated {
    /// The sections of the original that changed, in its order. Empty when the translation has
    /// no record to tell them by (it was made by hand) or none of its segments changed (a code
    /// block did, say): then the notice says only that the original changed.
    pub sections: Vec<ChangedSection>,
}

/// A section of the original that changed since the translation was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangedSection {
    /// The id of its heading in the original; `None` for the introduction.
    pub anchor: Option<String>,
    /// What a link to it says.
    pub label: SectionLabel,
}

/// What a link to a changed section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SectionLabel {
    /// The introduction: the part before the first heading, and the front matter's fields.
    Introduction,
    /// The section's heading as the translation has it.
    Translated(String),
    /// The section's heading in the original's language (the translation has none for it, or
    /// shows the original's).
    Original(String),
}

/// A page as [`outdated`] reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageText<'a> {
    /// Its front matter.
    pub front: &'a Mapping,
    /// Its file's text.
    pub text: &'a str,
    /// Its headings, rendered.
    pub headings: &'a [Heading],
}

impl PageText<'_> {
    /// Its segments, with the front matter fields a site marks `translate: true` (`extra`).
    fn segments(&self, extra: &[String]) -> PageSegments {
        let body_offset = front_matter::split(self.text).map_or(self.text.len(), |s| s.body_offset);
        segments::of_page(self.front, extra, self.text, body_offset)
    }

    /// The text of the heading that starts `section` (1 for the first).
    fn heading(&self, section: usize) -> Option<&str> {
        let heading = self.headings.get(section.checked_sub(1)?)?;
        Some(heading.text.as_str()).filter(|text| !text.is_empty())
    }
}

/// What the readers of `translation` are told when its original (`original`, as it is now)
/// changed since it was translated: the original's sections whose segments the translation's
/// record shows outdated, unreviewed or missing since.
pub(crate) fn outdated(
    original: PageText<'_>,
    translation: PageText<'_>,
    extra: &[String],
) -> Outdated {
    let Some(record) = Record::read(translation.front) else {
        return Outdated::default();
    };
    let (now, translated) = (original.segments(extra), translation.segments(extra));
    let standings = record::align(&now, &translated, Some(&record), false);
    let mut changed: Vec<usize> = now
        .segments
        .iter()
        .zip(&standings)
        .filter(|(_, standing)| {
            matches!(
                standing,
                Standing::Outdated { .. }
                    | Standing::Unreviewed { .. }
                    | Standing::Missing { new: true }
            )
        })
        .map(|(segment, _)| segment.section)
        .collect();
    changed.dedup();
    let sections = changed
        .into_iter()
        .map(|section| {
            if section == 0 {
                return ChangedSection {
                    anchor: None,
                    label: SectionLabel::Introduction,
                };
            }
            let heading_path = format!("s{section}.h");
            let standing = now
                .segments
                .iter()
                .zip(&standings)
                .find(|(segment, _)| segment.path == heading_path)
                .map(|(_, standing)| standing);
            // The translation's heading for it: the one its record says translates it, or
            // (for a heading with no text to translate) the one at the same place.
            let translated_at = match standing {
                Some(Standing::Current { at } | Standing::Outdated { at, .. }) => at
                    .strip_prefix('s')
                    .and_then(|at| at.strip_suffix(".h"))
                    .and_then(|at| at.parse().ok()),
                Some(_) => None,
                None => Some(section),
            };
            let label = match translated_at.and_then(|at| translation.heading(at)) {
                Some(text) => SectionLabel::Translated(text.to_string()),
                None => SectionLabel::Original(
                    original.heading(section).unwrap_or_default().to_string(),
                ),
            };
            let anchor = original
                .headings
                .get(section - 1)
                .map(|heading| heading.id.clone());
            ChangedSection { anchor, label }
        })
        .collect();
    Outdated { sections }
}

/// The fields a site adds to `content_type` and marks `translate: true`.
pub(crate) fn translated_fields(config: &Config, content_type: ContentType) -> Vec<String> {
    config
        .types
        .get(content_type.name())
        .into_iter()
        .flat_map(|extension| &extension.fields)
        .filter(|(_, field)| field.translate)
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests;
