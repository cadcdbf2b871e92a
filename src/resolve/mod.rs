//! Resolve: parsed pages → the [`Site`]: every page's URL in every language (`urls`), its
//! translations, its section and the section listings in order (`tree`), its attachments found
//! (`attachments`), and every reference checked and filled in (`links`, `standards`). After
//! this phase the site is immutable.
//!
//! Every page of the default language exists in every language: as its translation where there
//! is one, else as a *fallback* page showing the original under a notice. So a reader never meets
//! a 404 for a page that exists, and links always stay in the reader's language.

mod attachments;
mod insert;
mod links;
mod site_links;
pub(crate) mod standards;
mod tree;
mod urls;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::fields::FrontMatter;
use crate::content::types::ContentType;
use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::StandardRef;
use crate::markdown::{Heading, Sections};
use crate::parse::ParsedPage;
use crate::translate::reading::Outdated;

pub(crate) use attachments::Attachment;
use standards::{Registry, StandardId};
pub(crate) use urls::{Alias, Urls};

/// An index into [`Site::pages`].
pub(crate) type PageId = usize;

/// A page of the built site (a section's own page included), in one language.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The source file, relative to the site's root; `None` for a home page the site lacks.
    pub source: Option<PathBuf>,
    /// The page's path under `content/` without extension or language (`` for the home page).
    pub key: String,
    /// The language of the site this page belongs to (its URL's language).
    pub lang: String,
    /// The language its text is in: `lang`, or the default language for a fallback page.
    pub content_lang: String,
    /// True when there is no translation and the original is shown instead.
    pub is_fallback: bool,
    /// True for sections (and the home page).
    pub is_section: bool,
    /// Its content type.
    pub content_type: ContentType,
    /// Its front matter (shared with its fallbacks).
    pub front: Arc<FrontMatter>,
    /// Its body as HTML, references filled in for its language.
    pub html: String,
    /// Its body's sections for search, references filled in for its language (shared with its
    /// source and its fallbacks when it has none).
    pub sections: Arc<Sections>,
    /// Its headings (shared with its fallbacks).
    pub headings: Arc<Vec<Heading>>,
    /// Its path below the site's base path, ending in `/` (`` or `sv/` for home pages).
    pub path: String,
    /// Its URL: the base path, then `path` (`/network/sv/guidance/referral/`).
    pub url: String,
    /// The section it belongs to.
    pub parent: Option<PageId>,
    /// For sections: its pages, in listing order.
    pub pages: Vec<PageId>,
    /// For sections: its sub-sections, in listing order.
    pub subsections: Vec<PageId>,
    /// The redirects to it, each with its output path (`old/path/index.html`).
    pub aliases: Vec<Alias>,
    /// Its real translations (itself included unless it is a fallback), in the site's language
    /// order.
    pub translations: Vec<PageId>,
    /// The standards its front matter says it addresses, in the order written.
    pub standards: Vec<StandardId>,
    /// The files it lists in `files` that are beside it, in the order listed.
    pub attachments: Vec<Attachment>,
    /// Where each front matter field's value is in the source, for later diagnostics.
    pub field_locations: Arc<Vec<(String, Location)>>,
    /// For a translation whose original changed since it was translated: what its readers
    /// are told.
    pub outdated: Option<Arc<Outdated>>,
}

/// The whole site, resolved. Its parts are shared (`Arc`), so that a copy costs little: a
/// rebuild after an edit of page bodies makes the next site from this one by putting in new
/// pages, and the two share everything else.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// Every page, in every language.
    pub pages: Vec<Arc<Page>>,
    /// The home page of each language, by language code.
    pub homes: HashMap<String, PageId>,
    /// How the site's paths become URLs.
    pub urls: Urls,
    /// Pages by (key, language).
    index: Arc<HashMap<(String, String), PageId>>,
    /// The site's standards.
    pub standards: Arc<Registry>,
    /// For each standard (without sub-standard) and language: the pages that refer to it, in
    /// front matter or inline.
    pub backlinks: Arc<HashMap<(StandardId, String), Vec<PageId>>>,
    /// Every source path a link may name, kept to fill a page again after an edit.
    targets: Arc<links::LinkTargets>,
    /// Every page's path and redirect, for links written as site paths.
    site_paths: Arc<site_links::SitePaths>,
}

impl Site {
    /// The pages from the home page down to `id`'s parent.
    pub(crate) fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[id].parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.pages[parent].parent;
        }
        chain.reverse();
        chain
    }

    /// The page `key` in `lang` (a translation or a fallback).
    pub(crate) fn get(&self, key: &str, lang: &str) -> Option<PageId> {
        self.index
            .get(&(key.to_string(), lang.to_string()))
            .copied()
    }

    /// The page of standard `id` (without its sub-standard) in `lang`.
    pub(crate) fn standard_page(&self, id: &StandardId, lang: &str) -> Option<&Page> {
        let key = self.standards.page_key(id)?;
        Some(&self.pages[self.get(key, lang)?])
    }

    /// The page in the default language that `id` translates or stands in for.
    pub(crate) fn original(&self, id: PageId, default_language: &str) -> Option<PageId> {
        self.get(&self.pages[id].key, default_language)
    }
}

/// What to include in the site.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResolveOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The content files (paths under `content/`) that could not be parsed: links to them are
    /// not reported as broken, as their own errors say what is wrong.
    pub unparsed: HashSet<String>,
}

/// Builds the site from its parsed pages and the files beside them (`assets`).
pub(crate) fn resolve(
    config: &Config,
    parsed: Vec<ParsedPage>,
    assets: &[Asset],
    options: ResolveOptions,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let link_targets = links::LinkTargets::new(&parsed, &config.default_language, options.unparsed);
    let mut included: Vec<ParsedPage> = parsed
        .into_iter()
        .filter(|page| options.drafts || !page.front.draft)
        .collect();
    for page in &included {
        urls::check_path_fields(page, &mut diagnostics);
    }
    let site_urls = Urls::new(config);
    let (mut pages, sources) = every_page(config, &site_urls, &included, assets, &mut diagnostics);
    urls::check_unique_outputs(&pages, &mut diagnostics);

    let index: HashMap<(String, String), PageId> = pages
        .iter()
        .enumerate()
        .map(|(id, page)| ((page.key.clone(), page.lang.clone()), id))
        .collect();
    tree::link_translations(&mut pages, &config.language_codes());
    diagnostics.extend(tree::untranslated_section_titles(
        &pages,
        &config.language_codes(),
        &config.default_language,
    ));
    tree::link_sections(&mut pages, &index, &config.default_language);
    // Shared from now on; each page is still this function's alone until it returns.
    let mut pages: Vec<Arc<Page>> = pages.into_iter().map(Arc::new).collect();

    diagnostics.extend(missing_safety_page(config, &index));
    let registry = Registry::new(config, &included, &mut diagnostics);
    let site_paths = site_links::SitePaths::new(&pages, &site_urls, &config.language_codes());
    let resolver = links::Resolver::new(
        config,
        &pages,
        &index,
        &link_targets,
        &site_paths,
        &registry,
    );
    let filled = fill_every_page(
        &resolver,
        &registry,
        &mut included,
        &sources,
        &pages,
        &mut diagnostics,
    );
    let backlinks = put_in(&mut pages, filled);
    let homes = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.key.is_empty())
        .map(|(id, page)| (page.lang.clone(), id))
        .collect();
    // The parsed pages are all in the site now.
    drop(sources);
    crate::drop_in_background(included);
    let site = Site {
        pages,
        homes,
        urls: site_urls,
        index: Arc::new(index),
        standards: Arc::new(registry),
        backlinks: Arc::new(backlinks),
        targets: Arc::new(link_targets),
        site_paths: Arc::new(site_paths),
    };
    (site, diagnostics)
}

/// The error for a `safety.page` that names no page of the site: the link beside every quick
/// exit would lead to a 404.
fn missing_safety_page(
    config: &Config,
    index: &HashMap<(String, String), PageId>,
) -> Option<Diagnostic> {
    let path = config.safety.page_path()?;
    let key = path.trim_end_matches('/');
    let default = &config.default_language;
    if index.contains_key(&(key.to_string(), default.clone())) {
        return None;
    }
    let near = index
        .keys()
        .filter(|(_, lang)| lang == default)
        .map(|(known, _)| (strsim::levenshtein(known, key), known))
        .filter(|(distance, _)| *distance <= 3.max(key.len() / 4))
        .min()
        .map(|(_, known)| known);
    let help = match near {
        Some(near) => format!("did you mean `page: {near}`?"),
        None => format!(
            "write the path below content/ of the \"Staying safe online\" page (`page: safety` for content/safety.md), make content/{key}.md, or leave `page` out"
        ),
    };
    Some(
        Diagnostic::error(
            "config-value",
            crate::config::CONFIG_FILE,
            format!("`safety.page` is `{key}`, which is no page of the site (no content/{key}.md)"),
        )
        .at_opt(config.locate("safety.page"))
        .with_help(help),
    )
}

/// Every page of the site, each with the parsed page it shows (none for a home page the site
/// lacks): the pages as written, then the home page if the site has none, then the fallbacks.
fn every_page(
    config: &Config,
    site_urls: &Urls,
    included: &[ParsedPage],
    assets: &[Asset],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<Option<usize>>) {
    let paths = urls::Paths::new(config, site_urls, included);
    let sizes = attachments::Sizes::of(assets);
    let default_language = config.default_language.as_str();
    let languages = config.language_codes();
    let mut pages: Vec<Page> = Vec::with_capacity(included.len() * languages.len());
    let mut sources: Vec<Option<usize>> = Vec::with_capacity(pages.capacity());
    let written: Vec<(Page, Vec<Diagnostic>)> = included
        .par_iter()
        .map(|page| {
            let mut problems = Vec::new();
            let page = written_page(page, &paths, site_urls, &sizes, &mut problems);
            (page, problems)
        })
        .collect();
    for (source, (page, problems)) in written.into_iter().enumerate() {
        pages.push(page);
        sources.push(Some(source));
        diagnostics.extend(problems);
    }
    if !pages
        .iter()
        .any(|p| p.key.is_empty() && p.lang == default_language)
    {
        pages.push(implicit_home(config, site_urls));
        sources.push(None);
    }
    let existing: std::collections::HashSet<(String, String)> = pages
        .iter()
        .map(|p| (p.key.clone(), p.lang.clone()))
        .collect();
    let originals: Vec<PageId> = (0..pages.len())
        .filter(|&id| pages[id].lang == default_language)
        .collect();
    for &lang in languages.iter().filter(|&&l| l != default_language) {
        for &original in &originals {
            if existing.contains(&(pages[original].key.clone(), lang.to_string())) {
                continue;
            }
            let path = paths.path(&pages[original].key, lang);
            let fallback = Page {
                lang: lang.to_string(),
                is_fallback: true,
                url: site_urls.url(&path),
                path,
                aliases: Vec::new(),
                ..pages[original].clone()
            };
            pages.push(fallback);
            sources.push(sources[original]);
        }
    }
    (pages, sources)
}

/// The page a parsed file is, in its own language, at its path, with its aliases and its
/// attachments checked (the problems go to `problems`), before it is linked to the others.
fn written_page(
    page: &ParsedPage,
    paths: &urls::Paths<'_>,
    site_urls: &Urls,
    sizes: &attachments::Sizes<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Page {
    let aliases = urls::alias_outputs(page, problems);
    let path = paths.path(&page.id.key, &page.id.lang);
    let mut written = Page {
        url: site_urls.url(&path),
        path,
        aliases,
        ..Page::unplaced(page)
    };
    // A fallback is a copy of its original: it has the same files, checked here once.
    written.attachments = attachments::attachments_of(&written, sizes, problems);
    written
}

/// A page's body filled in: its HTML and sections, the standards it cites inline, and those its front matter
/// names.
type Filled = ((String, Arc<Sections>, Vec<StandardId>), Vec<StandardId>);

/// Every page's references filled in (see [`Site::fill_page`], the same for one page), in
/// parallel; the problems are gathered in page order. `sources` names each page's file among
/// `included` (none for a home page the site lacks). The pages of one file (the page and those
/// standing in for its translations) are filled together, and then the file's rendered body is
/// let go: it is not needed again, and a large site's parsed bodies and filled pages are not all
/// held at once.
fn fill_every_page(
    resolver: &links::Resolver<'_>,
    registry: &Registry,
    included: &mut [ParsedPage],
    sources: &[Option<usize>],
    pages: &[Arc<Page>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Filled> {
    let mut users: Vec<Vec<PageId>> = vec![Vec::new(); included.len()];
    for (id, source) in sources.iter().enumerate() {
        if let Some(&source) = source.as_ref() {
            users[source].push(id);
        }
    }
    let results: Vec<(PageId, Filled, Vec<Diagnostic>)> = included
        .par_iter_mut()
        .zip(users.par_iter())
        .flat_map_iter(|(source, ids)| {
            let filled: Vec<_> = ids
                .iter()
                .map(|&id| {
                    let mut problems = Vec::new();
                    let page = &pages[id];
                    let filled = resolver.fill(source, page, &mut problems);
                    let declared = declared_standards(registry, source, page, &mut problems);
                    (id, (filled, declared), problems)
                })
                .collect();
            source.body.html = String::new();
            filled
        })
        .collect();
    let mut filled: Vec<Filled> = (0..pages.len())
        .map(|_| ((String::new(), Arc::default(), Vec::new()), Vec::new()))
        .collect();
    let mut problems: Vec<Vec<Diagnostic>> = vec![Vec::new(); pages.len()];
    for (id, page_filled, page_problems) in results {
        filled[id] = page_filled;
        problems[id] = page_problems;
    }
    diagnostics.extend(problems.into_iter().flatten());
    filled
}

/// Puts each page's filled body and standards in, and returns the backlinks: for each standard
/// and language, the pages that refer to it.
fn put_in(
    pages: &mut [Arc<Page>],
    filled: Vec<Filled>,
) -> HashMap<(StandardId, String), Vec<PageId>> {
    let mut backlinks: HashMap<(StandardId, String), Vec<PageId>> = HashMap::new();
    for (id, (page, ((html, sections, cited), standards))) in
        pages.iter_mut().zip(filled).enumerate()
    {
        let mut all: Vec<StandardId> = standards
            .iter()
            .chain(&cited)
            .map(StandardId::standard)
            .collect();
        all.sort();
        all.dedup();
        for standard in all {
            backlinks
                .entry((standard, page.lang.clone()))
                .or_default()
                .push(id);
        }
        let page = Arc::make_mut(page);
        page.html = html;
        page.sections = sections;
        page.standards = standards;
    }
    backlinks
}

impl Site {
    /// The site without its pages' HTML (given back on another thread): what a build needs of
    /// it once the pages are written, as search reads the pages' sections. The bodies are the
    /// largest part of the site, and the search index is made after them. A page shared with
    /// another site value (a rebuild's) keeps its HTML.
    pub(crate) fn without_html(mut self) -> Site {
        let bodies: Vec<String> = self
            .pages
            .iter_mut()
            .filter_map(Arc::get_mut)
            .map(|page| std::mem::take(&mut page.html))
            .collect();
        crate::drop_in_background(bodies);
        self
    }

    /// Sorts the listings of section `id` again, as [`resolve`] sorts them: after an edit of
    /// the weight, date or title of a page it lists.
    pub(crate) fn sort_listings(&mut self, id: PageId) {
        let (mut pages, mut subsections) = (
            self.pages[id].pages.clone(),
            self.pages[id].subsections.clone(),
        );
        tree::sort_listing(&self.pages, &mut pages);
        tree::sort_listing(&self.pages, &mut subsections);
        if pages != self.pages[id].pages || subsections != self.pages[id].subsections {
            let section = Arc::make_mut(&mut self.pages[id]);
            section.pages = pages;
            section.subsections = subsections;
        }
    }

    /// Fills in the references of `source`'s body for page `id` (the page of that source, or a
    /// page standing in for its translation): the step of [`resolve`] for one page, for a
    /// rebuild after an edit of that body. Returns the HTML, the sections and the standards it cites inline;
    /// its problems are added to `diagnostics`.
    pub(crate) fn fill_page(
        &self,
        config: &Config,
        source: &ParsedPage,
        id: PageId,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (String, Arc<Sections>, Vec<StandardId>) {
        let resolver = links::Resolver::new(
            config,
            &self.pages,
            &self.index,
            &self.targets,
            &self.site_paths,
            &self.standards,
        );
        resolver.fill(source, &self.pages[id], diagnostics)
    }
}

/// The standards a page's front matter names, each checked; unknown ones are reported at their
/// place in the list (once, with the page that is not a fallback).
fn declared_standards(
    registry: &Registry,
    source: &ParsedPage,
    page: &Page,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<StandardId> {
    source
        .front
        .standards
        .iter()
        .filter_map(|item| match registry.resolve(&StandardRef::parse(item)) {
            Ok(id) => Some(id),
            Err((message, help)) => {
                if !page.is_fallback {
                    let location = source
                        .locate_in_field("standards", item)
                        .unwrap_or_else(|| source.field_location("standards"));
                    diagnostics.push(
                        Diagnostic::error("unknown-standard", &source.path, message)
                            .at(location)
                            .with_help(help),
                    );
                }
                None
            }
        })
        .collect()
}

impl Page {
    /// A page of `lang` with nothing in it yet: no source, front matter, body, path, URL,
    /// section, listings, aliases, translations or attachments.
    fn blank(lang: String) -> Page {
        Page {
            source: None,
            key: String::new(),
            content_lang: lang.clone(),
            lang,
            is_fallback: false,
            is_section: false,
            content_type: ContentType::Page,
            front: Arc::default(),
            html: String::new(),
            sections: Arc::default(),
            headings: Arc::default(),
            path: String::new(),
            url: String::new(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            aliases: Vec::new(),
            translations: Vec::new(),
            standards: Vec::new(),
            attachments: Vec::new(),
            field_locations: Arc::default(),
            outdated: None,
        }
    }

    /// The page a parsed file is, in its own language, before it has a place in the site (see
    /// [`Page::blank`] for what it lacks).
    fn unplaced(page: &ParsedPage) -> Page {
        Page {
            source: Some(page.path.clone()),
            key: page.id.key.clone(),
            is_section: page.id.is_section,
            content_type: page.content_type,
            front: Arc::new(page.front.clone()),
            headings: Arc::new(page.body.headings.clone()),
            field_locations: Arc::new(page.field_locations.clone()),
            outdated: page.outdated.clone(),
            ..Page::blank(page.id.lang.clone())
        }
    }
}

/// The home page of a site without `content/_index.md`: titled with the site's title.
fn implicit_home(config: &Config, urls: &Urls) -> Page {
    let lang = config.default_language.clone();
    Page {
        is_section: true,
        front: Arc::new(FrontMatter {
            title: config.title.get(&lang, &lang).to_string(),
            ..FrontMatter::default()
        }),
        url: urls.url(""),
        ..Page::blank(lang)
    }
}
