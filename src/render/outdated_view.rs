//! The notice on a translation whose original changed since it was translated: a sentence in
//! the reader's language saying when the original was updated, then a list of links to the
//! sections that changed, in the original (a list, so that no language's grammar of lists is
//! needed). A translation with no record of what it translates says only that the original
//! changed, and links to it.

use serde::Serialize;

use crate::config::Config;
use crate::locale::i18n::{self, StringMap};
use crate::resolve::{PageId, Site};
use crate::security::attributes::is_safe_id;
use crate::translate::reading::SectionLabel;

/// What the notice says.
#[derive(Serialize, PartialEq, Debug)]
pub(crate) struct OutdatedView<'a> {
    /// The sentence up to the original's language's name (all of it when it names none).
    pub(crate) before: String,
    /// The original's language's name as it names itself (empty when the sentence has none).
    pub(crate) original_name: &'a str,
    /// The sentence after the name.
    pub(crate) after: String,
    /// The original's language.
    pub(crate) original_lang: &'a str,
    /// The original's URL.
    pub(crate) original_url: &'a str,
    /// The sections that changed; empty when the notice names none.
    pub(crate) sections: Vec<SectionLink<'a>>,
}

/// A link to a section of the original that changed.
#[derive(Serialize, PartialEq, Debug)]
pub(crate) struct SectionLink<'a> {
    /// The section in the original: the page's URL and the heading's id.
    pub(crate) url: String,
    /// What the link says.
    pub(crate) label: &'a str,
    /// The label's language when it is not the page's (the original's heading); else empty.
    pub(crate) lang: &'a str,
    /// The label's writing direction when it is not the page's; else empty.
    pub(crate) dir: &'static str,
}

/// The notice of page `id` (in the language whose strings are `strings`), if its original
/// changed since it was translated.
pub(crate) fn of_page<'a>(
    config: &'a Config,
    site: &'a Site,
    id: PageId,
    strings: &'a StringMap,
) -> Option<OutdatedView<'a>> {
    let page = &site.pages[id];
    let outdated = page.outdated.as_deref()?;
    let original = &site.pages[site.original(id, &config.default_language)?];
    let original_lang = original.lang.as_str();
    let date = original
        .front
        .updated
        .as_deref()
        .or(original.front.date.as_deref())
        .map(|date| i18n::format_date(date, strings));
    let key = match (outdated.sections.is_empty(), date.is_some()) {
        (false, true) => "outdated_sections_text",
        (false, false) => "outdated_sections_text_undated",
        (true, true) => "outdated_text",
        (true, false) => "outdated_text_undated",
    };
    let sentence = i18n::fill(
        i18n::text(strings, key),
        &[("date", date.as_deref().unwrap_or_default())],
    );
    let (before, original_name, after) = match sentence.split_once("{original}") {
        Some((before, after)) => (
            before.to_string(),
            language_name(config, original_lang),
            after.to_string(),
        ),
        None => (sentence.clone(), "", String::new()),
    };
    let sections = outdated
        .sections
        .iter()
        .map(|section| {
            let url = match section.anchor.as_deref().filter(|id| is_safe_id(id)) {
                Some(anchor) => format!("{}#{anchor}", original.url),
                None => original.url.clone(),
            };
            let (label, lang, dir) = match &section.label {
                SectionLabel::Introduction => {
                    (i18n::text(strings, "outdated_introduction"), "", "")
                }
                SectionLabel::Translated(text) => (text.as_str(), "", ""),
                SectionLabel::Original(text) => (
                    text.as_str(),
                    original_lang,
                    config.direction(original_lang).as_str(),
                ),
            };
            SectionLink {
                url,
                label,
                lang,
                dir,
            }
        })
        .collect();
    Some(OutdatedView {
        before,
        original_name,
        after,
        original_lang,
        original_url: &original.url,
        sections,
    })
}

/// The name of language `lang` as it names itself.
fn language_name<'a>(config: &'a Config, lang: &'a str) -> &'a str {
    config.languages.get(lang).map_or(lang, |l| l.name.as_str())
}
