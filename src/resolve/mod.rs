//! Resolve: parsed pages → the [`Site`]: every page's URL, its section, the section listings in
//! order, and every reference checked and filled in. After this phase the site is immutable.

mod links;
mod urls;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::content::schema::FrontMatter;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::Heading;
use crate::parse::ParsedPage;

pub use urls::normalize_alias;

/// An index into [`Site::pages`].
pub type PageId = usize;

/// A page of the built site (a section's own page included).
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file, relative to the site's root; `None` for a home page the site lacks.
    pub source: Option<PathBuf>,
    /// The page's path under `content/` without extension or language (`` for the home page).
    pub key: String,
    /// Its language.
    pub lang: String,
    /// True for sections (and the home page).
    pub is_section: bool,
    /// Its content type.
    pub content_type: String,
    /// Its front matter.
    pub front: FrontMatter,
    /// Its body as HTML, references filled in.
    pub html: String,
    /// Its headings.
    pub headings: Vec<Heading>,
    /// Its path below the site's base path, ending in `/` (`` for the home page).
    pub path: String,
    /// The section it belongs to.
    pub parent: Option<PageId>,
    /// For sections: its pages, in listing order.
    pub pages: Vec<PageId>,
    /// For sections: its sub-sections, in listing order.
    pub subsections: Vec<PageId>,
    /// The redirects to it: output paths of alias pages (`old/path/index.html`).
    pub aliases: Vec<String>,
    /// Where each front matter field's value is in the source, for later diagnostics.
    pub field_locations: Vec<(String, Location)>,
}

/// The whole site, resolved.
#[derive(Debug, Clone)]
pub struct Site {
    /// Every page; sections first, then pages, each in path order.
    pub pages: Vec<Page>,
    /// The home page of each language, by language code.
    pub homes: HashMap<String, PageId>,
}

impl Site {
    /// The pages from the home page down to `id`'s parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[id].parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.pages[parent].parent;
        }
        chain.reverse();
        chain
    }
}

/// What to include in the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// Builds the site from its parsed pages.
pub fn resolve(
    config: &Config,
    parsed: Vec<ParsedPage>,
    options: ResolveOptions,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let link_targets = links::LinkTargets::new(&parsed);
    let included: Vec<ParsedPage> = parsed
        .into_iter()
        .filter(|page| options.drafts || !page.front.draft)
        .collect();
    let paths = urls::assign_paths(config, &included, &mut diagnostics);

    let mut pages: Vec<Page> = Vec::with_capacity(included.len() + 1);
    let mut sources: Vec<Option<&ParsedPage>> = Vec::with_capacity(included.len() + 1);
    for (page, (path, aliases)) in included.iter().zip(paths) {
        pages.push(Page {
            source: Some(page.path.clone()),
            key: page.id.key.clone(),
            lang: page.id.lang.clone(),
            is_section: page.id.is_section,
            content_type: page.content_type.clone(),
            front: page.front.clone(),
            html: String::new(),
            headings: page.body.headings.clone(),
            path,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            aliases,
            field_locations: page.field_locations.clone(),
        });
        sources.push(Some(page));
    }
    let default_language = config.default_language.as_str();
    if !pages
        .iter()
        .any(|p| p.key.is_empty() && p.lang == default_language)
    {
        pages.push(implicit_home(config));
        sources.push(None);
    }
    urls::check_unique_outputs(&pages, &mut diagnostics);

    let homes: HashMap<String, PageId> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.key.is_empty())
        .map(|(id, page)| (page.lang.clone(), id))
        .collect();
    let parents: Vec<Option<PageId>> = {
        let index = page_index(&pages);
        pages
            .iter()
            .map(|page| find_parent(page, &index, &homes, default_language))
            .collect()
    };
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
    let order: Vec<_> = pages.iter().map(listing_key).collect();
    for page in &mut pages {
        page.pages.sort_by(|a, b| order[*a].cmp(&order[*b]));
        page.subsections.sort_by(|a, b| order[*a].cmp(&order[*b]));
    }

    let index = page_index(&pages);
    let resolver = links::Resolver::new(config, &pages, &index, &link_targets);
    let html: Vec<String> = sources
        .iter()
        .zip(&pages)
        .map(|(source, page)| match source {
            Some(source) => resolver.fill(source, page, &mut diagnostics),
            None => String::new(),
        })
        .collect();
    drop(index);
    for (page, html) in pages.iter_mut().zip(html) {
        page.html = html;
    }
    (Site { pages, homes }, diagnostics)
}

/// Pages by (key, language).
fn page_index(pages: &[Page]) -> HashMap<(&str, &str), PageId> {
    pages
        .iter()
        .enumerate()
        .map(|(id, page)| ((page.key.as_str(), page.lang.as_str()), id))
        .collect()
}

/// The home page of a site without `content/_index.md`: titled with the site's title.
fn implicit_home(config: &Config) -> Page {
    Page {
        source: None,
        key: String::new(),
        lang: config.default_language.clone(),
        is_section: true,
        content_type: "page".to_string(),
        front: FrontMatter {
            title: config
                .title
                .get(&config.default_language, &config.default_language)
                .to_string(),
            ..FrontMatter::default()
        },
        html: String::new(),
        headings: Vec::new(),
        path: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        aliases: Vec::new(),
        field_locations: Vec::new(),
    }
}

/// The nearest section above `page` in its language (the home page for top-level pages).
fn find_parent(
    page: &Page,
    index: &HashMap<(&str, &str), PageId>,
    homes: &HashMap<String, PageId>,
    default_language: &str,
) -> Option<PageId> {
    if page.key.is_empty() {
        return None;
    }
    let mut key = page.key.as_str();
    while let Some(slash) = key.rfind('/') {
        key = &key[..slash];
        if let Some(&id) = index.get(&(key, page.lang.as_str())) {
            return Some(id);
        }
    }
    homes
        .get(&page.lang)
        .or_else(|| homes.get(default_language))
        .copied()
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
