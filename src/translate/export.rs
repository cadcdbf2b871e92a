//! `soteria translate export`: what each page gives a translator into one language.

use rayon::prelude::*;

use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::translate::record::Standing;
use crate::translate::{Compared, Document, State, Unit};

/// The translators' documents of every page of the default language (drafts left out) into
/// `lang`, in the files' order; with `only_outdated`, only the units a translator has to do
/// something about, and only the pages that have some. Files whose front matter cannot be read
/// give their errors instead.
pub(crate) fn documents(
    sources: &[SourceFile],
    default: &str,
    lang: &str,
    extra: &[String],
    only_outdated: bool,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let results: Vec<Result<Option<Document>, Diagnostic>> = super::pairs(sources, default, lang)
        .par_iter()
        .map(|&(original, translation)| {
            let compared = Compared::new(original, translation, extra)?;
            if compared.is_draft() {
                return Ok(None);
            }
            let document = document(&compared, default, lang, only_outdated);
            Ok(Some(document).filter(|d| !d.units.is_empty()))
        })
        .collect();
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(document) => documents.extend(document),
            Err(error) => errors.push(error),
        }
    }
    (documents, errors)
}

/// One page's document.
pub(crate) fn document(
    compared: &Compared<'_>,
    default: &str,
    lang: &str,
    only_outdated: bool,
) -> Document {
    let title = compared
        .segments
        .at("title")
        .map(|segment| segment.source.clone())
        .unwrap_or_else(|| compared.original.id.key.clone());
    let units = compared
        .segments
        .segments
        .iter()
        .zip(&compared.standings)
        .filter(|(_, standing)| !only_outdated || !standing.is_current())
        .map(|(segment, standing)| {
            let (target, state) = match standing {
                Standing::Current { at } => (compared.translated(at), State::Translated),
                Standing::Outdated { at, previous } => (
                    compared.translated(at),
                    State::NeedsReview {
                        previous: previous.clone(),
                    },
                ),
                Standing::Unreviewed { source, text, .. } => (
                    Some(text.as_str()),
                    State::NeedsReview {
                        previous: Some(source.clone()).filter(|s| *s != segment.source),
                    },
                ),
                Standing::Missing { .. } => (None, State::New),
            };
            let mut note = vec![title.as_str()];
            if segment.kind == super::segments::Kind::Field {
                note.push(segment.path.as_str());
            } else {
                note.extend(compared.segments.heading_path(segment.section));
            }
            Unit {
                id: segment.id(),
                source: segment.source.clone(),
                target: target.map(str::to_string),
                state,
                line: segment.line,
                note: note.join(" › "),
            }
        })
        .collect();
    Document {
        source_lang: default.to_string(),
        target_lang: lang.to_string(),
        original: format!("content/{}", compared.original.id.rel),
        title,
        units,
    }
}
