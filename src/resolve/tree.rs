//! The site's tree: each page's section (in its language, else the default language's), the
//! sections' listings in order, and each page's translations.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;

use super::{Page, PageId};
use crate::diagnostics::Diagnostic;

/// Gives every page the list of its real translations, in the site's language order.
pub(super) fn link_translations(pages: &mut [Page], languages: &[&str]) {
    let order = |lang: &str| {
        languages
            .iter()
            .position(|l| *l == lang)
            .unwrap_or(usize::MAX)
    };
    let mut by_key: HashMap<&str, Vec<PageId>> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        if !page.is_fallback {
            by_key.entry(page.key.as_str()).or_default().push(id);
        }
    }
    let mut translations: Vec<Vec<PageId>> = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        let mut group = by_key.get(page.key.as_str()).cloned().unwrap_or_default();
        group.sort_by_key(|&id| order(&pages[id].lang));
        translations.push(group);
    }
    for (page, group) in pages.iter_mut().zip(translations) {
        page.translations = group;
    }
}

/// A warning for each section (its `_index.md`) whose title has no translation in some of the
/// site's languages: readers of those see the original's title in the navigation, breadcrumbs
/// and listings (`soteria check` says so, as it does for interface strings and theme names).
pub(super) fn untranslated_section_titles(
    pages: &[Page],
    languages: &[&str],
    default_language: &str,
) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|page| page.is_section && !page.is_fallback && page.lang == default_language)
        .filter_map(|section| {
            let source = section.source.as_ref()?;
            let missing: Vec<&str> = languages
                .iter()
                .copied()
                .filter(|lang| !section.translations.iter().any(|&t| pages[t].lang == *lang))
                .collect();
            if missing.is_empty() {
                return None;
            }
            let many = missing.len() > 1;
            let source_text = source.to_string_lossy();
            let files: Vec<String> = missing
                .iter()
                .map(|lang| source_text.replace("_index.md", &format!("_index.{lang}.md")))
                .collect();
            let missing: Vec<String> = missing.iter().map(|lang| format!("`{lang}`")).collect();
            Some(
                Diagnostic::warning(
                    "missing-translation",
                    source,
                    format!(
                        "the section `{}` has no title in {}; readers of {} see it in `{default_language}`",
                        section.front.title,
                        missing.join(", "),
                        if many { "those languages" } else { "that language" },
                    ),
                )
                .with_help(format!(
                    "add {} with the title (and text) translated",
                    files.join(" and ")
                )),
            )
        })
        .collect()
}

/// Links each page to its section in its language and sorts every section's listings.
pub(super) fn link_sections(
    pages: &mut [Page],
    index: &HashMap<(String, String), PageId>,
    default_language: &str,
) {
    let parents: Vec<Option<PageId>> = pages
        .par_iter()
        .map(|page| find_parent(page, index, default_language))
        .collect();
    for (id, parent) in parents.iter().enumerate() {
        pages[id].parent = *parent;
        // A page whose language has no section of its own here keeps its parent for breadcrumbs
        // but is not listed among another language's pages.
        if let Some(parent) = parent.filter(|&p| pages[p].lang == pages[id].lang) {
            if pages[id].is_section {
                pages[parent].subsections.push(id);
            } else {
                pages[parent].pages.push(id);
            }
        }
    }
    let order: Vec<_> = pages.par_iter().map(listing_key).collect();
    pages.par_iter_mut().for_each(|page| {
        page.pages.sort_by(|a, b| order[*a].cmp(&order[*b]));
        page.subsections.sort_by(|a, b| order[*a].cmp(&order[*b]));
    });
}

/// The nearest section above `page` in its language, else in the default language.
pub(super) fn find_parent(
    page: &Page,
    index: &HashMap<(String, String), PageId>,
    default_language: &str,
) -> Option<PageId> {
    if page.key.is_empty() {
        return None;
    }
    let mut key = page.key.as_str();
    loop {
        key = key.rsplit_once('/').map_or("", |(parent, _)| parent);
        for lang in [page.lang.as_str(), default_language] {
            if let Some(&id) = index.get(&(key.to_string(), lang.to_string())) {
                return Some(id);
            }
        }
        if key.is_empty() {
            return None;
        }
    }
}

/// Sorts a section's listing of `ids` as [`link_sections`] does (after an edit of a listed
/// page's weight, date or title).
pub(super) fn sort_listing(pages: &[std::sync::Arc<Page>], ids: &mut [PageId]) {
    ids.sort_by_cached_key(|&id| listing_key(&pages[id]));
}

/// The sort key of a page in listings (see [`listing_key`]).
type ListingKey = (
    Reverse<Option<Reverse<i64>>>,
    Reverse<Option<String>>,
    String,
    String,
);

/// Listings are ordered by weight (lowest first, unweighted last), then date (newest first,
/// undated last), then title, then key so that the order never depends on the file system.
fn listing_key(page: &Page) -> ListingKey {
    (
        Reverse(page.front.weight.map(Reverse)),
        Reverse(page.front.date.clone()),
        page.front.title.to_lowercase(),
        page.key.clone(),
    )
}
