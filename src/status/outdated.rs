//! Which translations' originals changed since they were translated, and what their readers
//! are told of it (the sections that changed, `translate::reading`): found once every file is
//! parsed, for those translations only.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::SourceFile;
use crate::parse::ParsedPage;
use crate::translate::reading::{self, Outdated, PageText};

/// Sets [`ParsedPage::outdated`] on each translation among `parsed` whose `source_hash` is not
/// its original's hash now (`hashes`, by page key): the texts of both are in `sources`. Only
/// those translations' segments are read.
pub(crate) fn note_outdated(
    config: &Config,
    parsed: &mut [ParsedPage],
    sources: &[SourceFile],
    hashes: &HashMap<&str, &str>,
) {
    let default = config.default_language.as_str();
    let candidates: Vec<usize> = parsed
        .iter()
        .enumerate()
        .filter(|(_, page)| page.id.lang != default)
        .filter(|(_, page)| {
            let recorded = page.front.source_hash.as_deref();
            let now = hashes.get(page.id.key.as_str()).copied();
            matches!((recorded, now), (Some(recorded), Some(now)) if recorded != now)
        })
        .map(|(at, _)| at)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let texts: HashMap<&Path, &str> = sources
        .iter()
        .map(|source| (source.path.as_path(), source.text.as_str()))
        .collect();
    let originals: HashMap<&str, &ParsedPage> = parsed
        .iter()
        .filter(|page| page.id.lang == default)
        .map(|page| (page.id.key.as_str(), page))
        .collect();
    let found: Vec<(usize, Outdated)> = candidates
        .par_iter()
        .filter_map(|&at| {
            let translation = parsed.get(at)?;
            let original = originals.get(translation.id.key.as_str())?;
            let text_of = |page: &'_ ParsedPage| texts.get(page.path.as_path()).copied();
            let extra = reading::translated_fields(config, original.content_type);
            let found = reading::outdated(
                PageText {
                    front: &original.front.meta,
                    text: text_of(original)?,
                    headings: &original.body.headings,
                },
                PageText {
                    front: &translation.front.meta,
                    text: text_of(translation)?,
                    headings: &translation.body.headings,
                },
                &extra,
            );
            Some((at, found))
        })
        .collect();
    for (at, found) in found {
        if let Some(page) = parsed.get_mut(at) {
            page.outdated = Some(Arc::new(found));
        }
    }
}

#[cfg(test)]
mod tests;
