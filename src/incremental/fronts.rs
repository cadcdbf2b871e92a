//! Edits of front matter that move no page, patched like edits of bodies
//! ([`RebuildPlan::Bodies`]): which edits a patch of the last site can follow, and what else
//! they change — the listings of the pages' sections (sorted again), the pages listing them
//! (their translations, the standards they address), the taxonomy, facet and search pages, and
//! the sitemap. Everything else, a page's URL, drafts, the standards it names, a section's or
//! standard's front matter (the navigation, breadcrumbs and references show them), is left to
//! a full rebuild.
//!
//! [`RebuildPlan::Bodies`]: super::RebuildPlan::Bodies

use std::collections::{BTreeSet, HashSet};

use crate::content::fields::FrontMatter;
use crate::content::types::ContentType;
use crate::diagnostics::Diagnostic;
use crate::locale::Taxonomy;
use crate::output::Output;
use crate::render::context::Views;
use crate::render::{RenderInputs, Renderer};
use crate::resolve::{Page, PageId, Site};

/// Whether a patch of the last site can follow the edit of `page`'s front matter from `old`
/// to `new`: the page is neither a section nor a standard, and keeps its URL, its redirects,
/// its files, whether it is a draft and the standards it names.
pub(super) fn follows(page: &Page, old: &FrontMatter, new: &FrontMatter) -> bool {
    !page.is_section
        && page.content_type != ContentType::Standard
        && old.slug == new.slug
        && old.aliases == new.aliases
        && old.draft == new.draft
        && old.content_type == new.content_type
        && old.source_hash == new.source_hash
        && old.standards == new.standards
        && old.attachments() == new.attachments()
}

/// Whether the edit from `old` to `new` files the page under other countries or themes.
pub(super) fn terms_changed(old: &FrontMatter, new: &FrontMatter) -> bool {
    Taxonomy::ALL
        .iter()
        .any(|taxonomy| taxonomy.terms_of(old) != taxonomy.terms_of(new))
}

/// After front matter edits of the pages `edited` (each page showing an edited file): sorts
/// the listings of their sections again, and returns the other pages that show them — those
/// sections, their translations (whose switcher and notices name them) and the pages of the
/// standards they address.
pub(super) fn relist(site: &mut Site, edited: &[PageId]) -> Vec<PageId> {
    let mut also = BTreeSet::new();
    for &id in edited {
        let page = &site.pages[id];
        also.extend(page.translations.iter().copied());
        // A page whose language has no section of its own is not listed by the one above it.
        if let Some(parent) = page.parent.filter(|&p| site.pages[p].lang == page.lang) {
            also.insert(parent);
        }
        for ((standard, lang), pages) in site.backlinks.iter() {
            if *lang == page.lang && pages.contains(&id) {
                if let Some(key) = site.standards.page_key(standard) {
                    also.extend(site.get(key, lang));
                }
            }
        }
    }
    let sections: Vec<PageId> = also
        .iter()
        .copied()
        .filter(|&p| site.pages[p].is_section)
        .collect();
    for section in sections {
        site.sort_listings(section);
    }
    let edited: HashSet<PageId> = edited.iter().copied().collect();
    also.into_iter().filter(|id| !edited.contains(id)).collect()
}

/// A rendered file, or the problem that kept it from being rendered.
type Rendered = Result<Output, Diagnostic>;

/// The files besides pages that front matter edits of the pages `edited` change, rendered by
/// `after` (the site as it is now): the facet pages of their sections; the taxonomy pages of
/// their languages when they have countries or themes, with the search pages when those
/// changed; the sitemap when their dates changed. The last site (`before`, rendered with
/// `inputs`) names the facet and taxonomy pages there were (`old` gives a page's number
/// there), and the paths of those there are no more go to `removed`.
pub(super) fn listings(
    (before, inputs): (&Site, &RenderInputs<'_>),
    after: &Renderer<'_>,
    edited: &[(PageId, bool)],
    old: &dyn Fn(PageId) -> Option<PageId>,
    removed: &mut Vec<String>,
) -> Vec<Rendered> {
    let site = after.site;
    let mut made = Vec::new();
    let mut was = Vec::new();
    let mut sections = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut retermed = BTreeSet::new();
    let mut dated = false;
    for &(id, terms_changed) in edited {
        let was_front = old(id).map(|o| &before.pages[o].front);
        let front = &site.pages[id].front;
        dated |= was_front.is_none_or(|f| f.date != front.date || f.updated != front.updated);
        let page = &site.pages[id];
        if let Some(parent) = page.parent.filter(|&p| site.pages[p].lang == page.lang) {
            if site.pages[parent].front.meta.contains_key("facets") {
                sections.insert(parent);
            }
        }
        let has_terms = |page: &Page| {
            Taxonomy::ALL
                .iter()
                .any(|taxonomy| !taxonomy.terms_of(&page.front).is_empty())
        };
        let had_terms = old(id).is_some_and(|o| has_terms(&before.pages[o]));
        if has_terms(page) || had_terms {
            languages.insert(page.lang.as_str());
        }
        if terms_changed {
            retermed.insert(page.lang.as_str());
        }
    }
    // The last site's pages are rendered only when their paths may differ from the new ones.
    let views = Views::new(after.config, before, inputs);
    let (config, templates) = (after.config, after.templates);
    let before = (!sections.is_empty() || !retermed.is_empty())
        .then(|| Renderer::new(config, before, &views, templates, None));
    for section in sections {
        made.extend(after.facet_pages(section));
        if let (Some(before), Some(section)) = (&before, old(section)) {
            was.extend(before.facet_pages(section));
        }
    }
    for lang in languages {
        for taxonomy in Taxonomy::ALL {
            made.extend(after.taxonomy_pages(taxonomy, lang));
            if let Some(before) = before.as_ref().filter(|_| retermed.contains(lang)) {
                was.extend(before.taxonomy_pages(taxonomy, lang));
            }
        }
    }
    if after.templates.has("search.html") {
        made.extend(retermed.iter().map(|lang| after.search_page(lang)));
    }
    let now: HashSet<&str> = made
        .iter()
        .filter_map(|result| result.as_ref().ok())
        .map(|output| output.path.as_str())
        .collect();
    removed.extend(
        was.iter()
            .filter_map(|result| result.as_ref().ok())
            .map(|output| output.path.clone())
            .filter(|path| !now.contains(path.as_str())),
    );
    if dated {
        made.extend(crate::render::sitemap(after.config, site).map(Ok));
    }
    made
}
