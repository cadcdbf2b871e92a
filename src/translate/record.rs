//! What a translation records of its translation, segment by segment, in its front matter
//! (written by `soteria translate import`), and how its segments stand against the original's
//! current ones.
//!
//! ```yaml
//! source_hash: 1a2b3c4d5e6f7a8b     # the version of the whole original translated
//! translation:
//!   from:                         # each translated segment's path → the original's text it translates
//!     title: Referral pathway
//!     s1.p1: Children who have been ...
//!   unreviewed:                   # translations the translator's tool still marked for review:
//!     s2.p3:                      # the page shows the original's text there
//!       source: The original's text the translator saw
//!       text: Переклад, який ще треба перевірити
//! ```
//!
//! Keeping the original's text (not only a hash) is what lets a later export show a translator
//! the previous source of a changed segment, on any machine, with or without the site's history.

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use crate::translate::segments::{Kind, PageSegments, Segment};

/// The front matter key of the record.
pub(crate) const KEY: &str = "translation";

/// A translation's record of what it translates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Record {
    /// Each translated segment's path → the original's text it translates.
    pub from: IndexMap<String, String>,
    /// Each unreviewed segment's path → what the translator saw and wrote.
    pub unreviewed: IndexMap<String, Unreviewed>,
}

/// A translation the translator's tool still marked for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreviewed {
    /// The original's text the translator saw.
    pub source: String,
    /// The translation, not shown to readers.
    pub text: String,
}

impl Record {
    /// The record in a translation's front matter, if it has one (a translation made by hand
    /// has none). Entries that are not text are skipped: `check` reports the field's shape.
    pub(crate) fn read(front: &Mapping) -> Option<Record> {
        let record = front.get(Value::from(KEY))?.as_mapping()?;
        let entries = |key: &str| {
            record
                .get(Value::from(key))
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
                .filter_map(|(path, value)| Some((path.as_str()?.to_string(), value)))
        };
        let from = entries("from")
            .filter_map(|(path, text)| Some((path, text.as_str()?.to_string())))
            .collect();
        let unreviewed = entries("unreviewed")
            .filter_map(|(path, entry)| {
                let get = |key: &str| entry.get(key)?.as_str().map(str::to_string);
                Some((
                    path,
                    Unreviewed {
                        source: get("source")?,
                        text: get("text")?,
                    },
                ))
            })
            .collect();
        Some(Record { from, unreviewed })
    }

    /// The record as the value of [`KEY`].
    pub(crate) fn to_yaml(&self) -> Value {
        let mut record = Mapping::new();
        let from: Mapping = self
            .from
            .iter()
            .map(|(path, text)| (Value::from(path.as_str()), Value::from(text.as_str())))
            .collect();
        record.insert(Value::from("from"), Value::Mapping(from));
        if !self.unreviewed.is_empty() {
            let unreviewed: Mapping = self
                .unreviewed
                .iter()
                .map(|(path, entry)| {
                    let mut fields = Mapping::new();
                    fields.insert("source".into(), entry.source.as_str().into());
                    fields.insert("text".into(), entry.text.as_str().into());
                    (Value::from(path.as_str()), Value::Mapping(fields))
                })
                .collect();
            record.insert(Value::from("unreviewed"), Value::Mapping(unreviewed));
        }
        Value::Mapping(record)
    }
}

/// How one segment of the original stands in a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Translated from its current text; the translation is the translation's segment at `at`.
    Current { at: String },
    /// Translated from an earlier text (`previous`, when known); the translation is at `at`.
    Outdated {
        at: String,
        previous: Option<String>,
    },
    /// A translation the translator's tool marked for review (`text`, made from `source`);
    /// the page shows an earlier translation (at the translation's segment `shown.0`, made
    /// from `shown.1`) or the original's text.
    Unreviewed {
        source: String,
        text: String,
        shown: Option<(String, String)>,
    },
    /// Not translated: the translation shows the original's text here, or it is new in the
    /// original since the translation was made (`new`).
    Missing { new: bool },
}

impl Standing {
    /// Whether a translator has something to do for it.
    pub(crate) fn is_current(&self) -> bool {
        matches!(self, Standing::Current { .. })
    }
}

/// How each of the `original`'s segments stands in a translation whose segments are
/// `translation`, given its record (`None` for a translation made by hand, then `unchanged`
/// says whether its `source_hash` is the original's: each segment at the same path and of the
/// same kind translates the original's, current or not).
///
/// With a record: a segment is current when the record has its text (at its own path, or at
/// another after it moved), outdated when the record has another text at its path, and
/// otherwise unreviewed or missing.
pub(crate) fn align(
    original: &PageSegments,
    translation: &PageSegments,
    record: Option<&Record>,
    unchanged: bool,
) -> Vec<Standing> {
    let Some(record) = record else {
        // A translation made by hand: its fields by name; its body segment by segment only
        // when its segments line up with the original's, otherwise each needs a look.
        let body_lined_up = lined_up(original, translation);
        return original
            .segments
            .iter()
            .map(|segment| {
                let current = unchanged && (segment.kind == Kind::Field || body_lined_up);
                match translation.at(&segment.path) {
                    Some(there) if there.kind == segment.kind && current => Standing::Current {
                        at: there.path.clone(),
                    },
                    Some(there) if there.kind == segment.kind => Standing::Outdated {
                        at: there.path.clone(),
                        previous: None,
                    },
                    _ => Standing::Missing { new: !unchanged },
                }
            })
            .collect();
    };
    // Paths of the record whose text a segment of the original still has, each used once.
    let mut used: Vec<bool> = vec![false; record.from.len()];
    let mut take = |segment: &Segment, same_path: bool| -> Option<String> {
        let found = record
            .from
            .iter()
            .enumerate()
            .position(|(i, (path, text))| {
                !used[i] && *text == segment.source && (!same_path || *path == segment.path)
            })?;
        used[found] = true;
        record.from.get_index(found).map(|(path, _)| path.clone())
    };
    let mut standings: Vec<Option<Standing>> = original
        .segments
        .iter()
        .map(|segment| take(segment, true).map(|at| Standing::Current { at }))
        .collect();
    for (standing, segment) in standings.iter_mut().zip(&original.segments) {
        if standing.is_none() {
            *standing = take(segment, false).map(|at| Standing::Current { at });
        }
    }
    original
        .segments
        .iter()
        .zip(standings)
        .map(|(segment, standing)| {
            standing.unwrap_or_else(|| elsewhere(segment, translation, record, &used))
        })
        .collect()
}

/// Whether two pages' bodies have segments of the same kinds at the same paths (their front
/// matter fields go by name).
fn lined_up(original: &PageSegments, translation: &PageSegments) -> bool {
    let body = |page: &PageSegments| {
        page.segments
            .iter()
            .filter(|segment| segment.kind != Kind::Field)
            .map(|segment| (segment.path.clone(), segment.kind))
            .collect::<Vec<_>>()
    };
    body(original) == body(translation)
}

/// How a segment whose text the record does not have stands: outdated when the record has
/// another text at its path (not taken by a segment that moved), unreviewed or missing
/// otherwise. A missing segment is new when the translation does not show its text.
fn elsewhere(
    segment: &Segment,
    translation: &PageSegments,
    record: &Record,
    used: &[bool],
) -> Standing {
    let earlier = record
        .from
        .get_full(&segment.path)
        .filter(|(index, _, _)| !used.get(*index).copied().unwrap_or(true))
        .map(|(_, path, from)| (path.clone(), from.clone()));
    // The translator's latest draft comes first; the page may show an earlier translation.
    if let Some(entry) = record.unreviewed.get(&segment.path) {
        return Standing::Unreviewed {
            source: entry.source.clone(),
            text: entry.text.clone(),
            shown: earlier,
        };
    }
    if let Some((at, previous)) = earlier {
        return Standing::Outdated {
            at,
            previous: Some(previous),
        };
    }
    // Not in the record, but the translation has other text of the same kind at its place:
    // translated by hand (a field written in before the record, say). It needs a look.
    match translation.at(&segment.path) {
        Some(there) if there.source == segment.source => Standing::Missing { new: false },
        Some(there)
            if there.kind == segment.kind
                && !record.from.contains_key(&segment.path)
                && !record.unreviewed.contains_key(&segment.path) =>
        {
            Standing::Outdated {
                at: there.path.clone(),
                previous: None,
            }
        }
        _ => Standing::Missing { new: true },
    }
}

/// The paths of a translation's segments that show the original's text (untranslated or
/// unreviewed), for marking them with the original's language.
pub(crate) fn in_original_language<'a>(
    translation: &'a PageSegments,
    record: &Record,
) -> Vec<&'a str> {
    translation
        .segments
        .iter()
        .filter(|segment| !record.from.contains_key(&segment.path))
        .map(|segment| segment.path.as_str())
        .collect()
}

#[cfg(test)]
mod tests;
