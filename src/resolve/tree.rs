//! The site's tree: each page's section (in its language, else the default language's), the
//! sections' listings in order, and each page's translations.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;

use super::{Page, PageId};

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
fn find_parent(
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
