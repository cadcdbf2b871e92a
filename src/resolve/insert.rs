//! A new page put into a resolved site, for `soteria serve` after a new file: the site
//! [`super::resolve`] would make with it, made from the last one. Pages are numbered as a full
//! resolve numbers them (the pages as written in the files' order, then each language's
//! fallbacks in the originals' order), so the new page and its fallbacks take their places and
//! the pages after them move up; every number the site holds follows.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{tree, Page, PageId, Site};
use crate::config::Config;
use crate::content::types::ContentType;
use crate::diagnostics::Diagnostic;
use crate::parse::ParsedPage;

/// A site with a new page in it.
pub(crate) struct WithPage {
    pub(crate) site: Site,
    /// Each page's number in the new site, by its number in the last one.
    pub(crate) new_ids: Vec<PageId>,
    /// The new pages: the page, then those standing in for its translations.
    pub(crate) added: Vec<PageId>,
}

/// Where a page of the new site comes from.
enum Slot {
    Old(PageId),
    /// The new page (0) or its fallback in the site's next language (1, 2…).
    New(usize),
}

impl Site {
    /// This site with the page `parsed` (a new file) in it, its fallbacks, and the listings of
    /// its sections; the problems of its references go to `diagnostics`. `None` when the new
    /// page reaches further than its own pages and listings: a section, a translation, a
    /// standard, a draft, a page with a slug, redirects, files, standards it names or cites, a
    /// path another page, redirect or generated page has, the site's first news item (every
    /// page links to the feed then); or a site laid out otherwise than
    /// [`super::resolve`] lays it out (a home page it made itself).
    pub(crate) fn with_new_page(
        &self,
        config: &Config,
        parsed: &ParsedPage,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<WithPage> {
        let default = config.default_language.as_str();
        let front = &parsed.front;
        let simple = !parsed.id.is_section
            && parsed.id.lang == default
            && parsed.content_type != ContentType::Standard
            && !front.draft
            && front.slug.is_none()
            && front.aliases.is_empty()
            && front.standards.is_empty()
            && front.attachments().is_empty()
            && parsed.outdated.is_none();
        // The first news item gives every page a link to the feed.
        let first_news = parsed.content_type == ContentType::News
            && !self
                .pages
                .iter()
                .any(|p| p.content_type == ContentType::News && !p.is_section);
        let languages = config.language_codes();
        let key = parsed.id.key.as_str();
        if !simple || first_news || languages.iter().any(|lang| self.get(key, lang).is_some()) {
            return None;
        }
        let order = self.order_with(parsed, &languages)?;
        let mut new_ids = vec![0; self.pages.len()];
        for (new, slot) in order.iter().enumerate() {
            if let Slot::Old(old) = slot {
                new_ids[*old] = new;
            }
        }
        let added_pages = self.new_pages(parsed, &languages)?;
        let mut site = self.remapped(&order, &new_ids, &added_pages);
        let added: Vec<PageId> = order
            .iter()
            .enumerate()
            .filter_map(|(new, slot)| matches!(slot, Slot::New(_)).then_some(new))
            .collect();
        for &id in &added {
            let parent = site.pages[id].parent?;
            Arc::make_mut(&mut site.pages[id]).translations = vec![added[0]];
            // A page whose language has no section of its own is not listed by the one above.
            if site.pages[parent].lang == site.pages[id].lang {
                let mut listing = site.pages[parent].pages.clone();
                listing.push(id);
                tree::sort_listing(&site.pages, &mut listing);
                Arc::make_mut(&mut site.pages[parent]).pages = listing;
            }
            Arc::make_mut(&mut site.site_paths).add(&site.pages[id].path, key);
        }
        Arc::make_mut(&mut site.targets).add(parsed, default);
        for &id in &added {
            let (html, sections, cited) = site.fill_page(config, parsed, id, diagnostics);
            if !cited.is_empty() {
                return None;
            }
            let page = Arc::make_mut(&mut site.pages[id]);
            page.html = html;
            page.sections = sections;
        }
        Some(WithPage {
            site,
            new_ids,
            added,
        })
    }

    /// The pages of the new site in order: the written pages with the new one among them in
    /// the files' order, then each language's fallbacks with the new page's among them in the
    /// originals' order. `None` when this site is not laid out so.
    fn order_with(&self, parsed: &ParsedPage, languages: &[&str]) -> Option<Vec<Slot>> {
        let written = self.pages.iter().take_while(|p| !p.is_fallback).count();
        if self.pages[..written].iter().any(|p| p.source.is_none()) {
            return None;
        }
        let at = self.pages[..written]
            .partition_point(|p| p.source.as_deref() < Some(parsed.path.as_path()));
        let mut order: Vec<Slot> = (0..at).map(Slot::Old).collect();
        order.push(Slot::New(0));
        order.extend((at..written).map(Slot::Old));
        let mut rest = written;
        for (n, lang) in languages.iter().skip(1).enumerate() {
            let block = self.pages[rest..]
                .iter()
                .take_while(|p| p.is_fallback && p.lang == *lang)
                .count();
            let original = |id: PageId| self.get(&self.pages[id].key, languages[0]);
            let before = (rest..rest + block)
                .take_while(|&id| original(id).is_some_and(|o| o < at))
                .count();
            order.extend((rest..rest + before).map(Slot::Old));
            order.push(Slot::New(n + 1));
            order.extend((rest + before..rest + block).map(Slot::Old));
            rest += block;
        }
        (rest == self.pages.len()).then_some(order)
    }

    /// The new page and its fallbacks (in the site's language order), each at its path below
    /// its section's, with its section's number in this site; `None` when a path is taken.
    fn new_pages(&self, parsed: &ParsedPage, languages: &[&str]) -> Option<Vec<Page>> {
        let default = languages[0];
        let index = &*self.index;
        let mut pages: Vec<Page> = Vec::with_capacity(languages.len());
        for &lang in languages {
            let mut page = match pages.first() {
                None => Page {
                    lang: lang.to_string(),
                    content_lang: lang.to_string(),
                    ..Page::unplaced(parsed)
                },
                Some(original) => Page {
                    lang: lang.to_string(),
                    is_fallback: true,
                    ..original.clone()
                },
            };
            let parent = tree::find_parent(&page, index, default)?;
            let section = &self.pages[parent];
            let below = match section.key.as_str() {
                "" => page.key.as_str(),
                above => page.key.strip_prefix(above)?.strip_prefix('/')?,
            };
            page.path = format!("{}{below}/", section.path);
            if !self.site_paths.is_free(&page.path, lang, default) {
                return None;
            }
            page.url = self.urls.url(&page.path);
            page.parent = Some(parent);
            pages.push(page);
        }
        Some(pages)
    }

    /// The site of `order`: this one's pages renumbered by `new_ids`, the `added` pages among
    /// them (their sections renumbered too).
    fn remapped(&self, order: &[Slot], new_ids: &[PageId], added: &[Page]) -> Site {
        let renumber =
            |ids: &[PageId]| -> Vec<PageId> { ids.iter().map(|&i| new_ids[i]).collect() };
        // Most pages after the new ones are copied (with their bodies): on every core.
        let pages: Vec<Arc<Page>> = order
            .par_iter()
            .map(|slot| match slot {
                Slot::Old(id) => {
                    let page = &self.pages[*id];
                    let parent = page.parent.map(|p| new_ids[p]);
                    let lists = [&page.pages, &page.subsections, &page.translations];
                    let moved = parent != page.parent
                        || lists.iter().any(|ids| ids.iter().any(|&i| new_ids[i] != i));
                    if !moved {
                        return Arc::clone(page);
                    }
                    let mut page = Page::clone(page);
                    page.parent = parent;
                    page.pages = renumber(&page.pages);
                    page.subsections = renumber(&page.subsections);
                    page.translations = renumber(&page.translations);
                    Arc::new(page)
                }
                Slot::New(n) => {
                    let mut page = added[*n].clone();
                    page.parent = page.parent.map(|p| new_ids[p]);
                    Arc::new(page)
                }
            })
            .collect();
        let index: HashMap<(String, String), PageId> = pages
            .par_iter()
            .enumerate()
            .map(|(id, page)| ((page.key.clone(), page.lang.clone()), id))
            .collect();
        let homes = self
            .homes
            .iter()
            .map(|(lang, &id)| (lang.clone(), new_ids[id]))
            .collect();
        let backlinks = self
            .backlinks
            .iter()
            .map(|(standard, ids)| (standard.clone(), renumber(ids)))
            .collect();
        Site {
            pages,
            homes,
            urls: self.urls.clone(),
            index: Arc::new(index),
            standards: Arc::clone(&self.standards),
            backlinks: Arc::new(backlinks),
            targets: Arc::clone(&self.targets),
            site_paths: Arc::clone(&self.site_paths),
        }
    }
}
