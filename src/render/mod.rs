//! Render: the resolved [`Site`] → output files: every page through its template (in parallel,
//! templates parsed once), a 404 page and a news feed per language, redirects, the sitemap,
//! robots.txt, the highlighting stylesheet and the editors' translation overview; and where the
//! files beside the content are copied.
//!
//! The `renderer` renders a page, `taxonomy` and `facets` render the pages of their terms and
//! values; `context` and the `*_view` modules make what templates are given; `feeds`, `sitemap`
//! and `page_files` (redirects) write their files without templates; `assets` places the files
//! beside the content. The words come from `crate::locale`.

pub(crate) mod assets;
pub(crate) mod context;
pub(crate) mod facets;
mod feeds;
pub(crate) mod findings_view;
mod footer_view;
mod outdated_view;
pub(crate) mod page_files;
mod print;
mod print_html;
mod renderer;
mod safety_view;
pub(crate) mod search_view;
mod sitemap;
pub(crate) mod standards_view;
mod switcher;
pub(crate) mod taxonomy;
pub(crate) mod templates;
mod text_keys;

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::output::{Output, Sink};
use crate::resolve::{PageId, Site};
use crate::security::headers;
use crate::status::LanguageStatus;

use crate::locale::{Locale, Taxonomy};
use context::Views;
pub(crate) use renderer::Renderer;
pub(crate) use templates::Templates;

/// The path of the editors' translation overview.
pub(crate) const TRANSLATION_STATUS_PATH: &str = "translation-status/";

/// What rendering needs besides the site and its templates.
pub(crate) struct RenderInputs<'a> {
    /// The interface strings and the names of countries and themes, per language.
    pub(crate) locale: &'a Locale,
    /// For the editors' overview.
    pub(crate) translation_status: &'a [LanguageStatus],
    /// The pages of the previous build, for `soteria serve`.
    pub(crate) cache: Option<&'a RenderCache>,
}

/// The pages `soteria serve` rendered last time, by a hash of the template and everything it was
/// given. A page whose context is unchanged is taken from here instead of rendered again; as
/// the template is a pure function of its context, the result is the same. (A change to the
/// templates, strings or configuration starts a new cache.)
pub(crate) type RenderCache = crate::memo::Memo<Arc<str>>;

/// How many pages a thread renders before handing them to the [`Sink`].
const SINK_BATCH: usize = 128;

/// What [`render_site`] made.
#[derive(Debug, Default)]
pub(crate) struct RenderedSite {
    /// The redirects of the pages' aliases (the pages themselves went to the [`Sink`]).
    pub(crate) pages: Vec<Output>,
    /// The files the site generates besides its pages: 404 pages, taxonomy and facet pages,
    /// feeds, search pages, the translation overview, the sitemap, robots.txt, the stylesheet.
    pub(crate) generated: Vec<Output>,
    /// The problems found (template errors).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A rendered file, or the problem that kept it from being rendered.
type Rendered = Result<Output, Diagnostic>;

/// Renders every generated file of the site. The pages go to `sink` as they are made, so that
/// a large site's pages need never be all in memory at once; the other files are returned. A
/// failure to write is returned as the error.
pub(crate) fn render_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    inputs: &RenderInputs<'_>,
    sink: &dyn Sink,
) -> std::io::Result<RenderedSite> {
    let translation_status = inputs.translation_status;
    let views = Views::new(config, site, inputs);
    let mut renderer = Renderer::new(config, site, &views, templates, inputs.cache);
    // Pages written within moments need not have their buffers shrunk.
    renderer.kept = sink.holds_in_memory();
    let results = render_every_page(&renderer, sink)?;
    let mut pages = Vec::with_capacity(results.len());
    let mut outputs = Vec::with_capacity(16);
    let mut problems = Problems::default();
    for result in results {
        problems.keep(result, &mut pages);
    }
    // The other pages are made in parallel too, and kept in a fixed order.
    let languages = config.language_codes();
    let (generated, sitemap) = rayon::join(
        || generated_pages(&renderer, &languages),
        // Its URLs must be absolute: without `base_url` it is left out (with a warning).
        || {
            config
                .has_base_url()
                .then(|| sitemap::render_sitemap(config, site))
        },
    );
    for result in generated {
        problems.keep(result, &mut outputs);
    }
    if config.translation_status_page && !translation_status.is_empty() {
        problems.keep(
            renderer.translation_status(translation_status),
            &mut outputs,
        );
    }
    pages.extend(page_files::redirects(site));
    if templates.has("search.html") {
        for lang in &languages {
            problems.keep(renderer.search_page(lang), &mut outputs);
        }
    }
    if let Some(sitemap) = sitemap {
        outputs.push(Output::bytes("sitemap.xml", sitemap));
        outputs.push(Output::bytes(
            "robots.txt",
            sitemap::render_robots(config, site),
        ));
    }
    if config.security.headers_file {
        outputs.push(Output::bytes(
            headers::HEADERS_FILE,
            headers::render_headers_file(),
        ));
    }
    outputs.push(Output::bytes(
        "syntax.css",
        markdown::highlight_stylesheet(),
    ));
    Ok(RenderedSite {
        pages,
        generated: outputs,
        diagnostics: problems.diagnostics,
    })
}

/// Renders every page of the site: the pages go to `sink` in batches as they are made, and
/// the failures are returned, in site order.
fn render_every_page(renderer: &Renderer<'_>, sink: &dyn Sink) -> std::io::Result<Vec<Rendered>> {
    let site = renderer.site;
    // A section's page lists all its pages and takes the longest to render: sections go first,
    // one to a task, so that no thread is left rendering several of them while the others wait.
    let (sections, others): (Vec<PageId>, Vec<PageId>) =
        (0..site.pages.len()).partition(|&id| site.pages[id].is_section);
    let batches: Vec<&[PageId]> = sections
        .chunks(1)
        .chain(others.chunks(SINK_BATCH))
        .collect();
    let batches: Vec<std::io::Result<Vec<(PageId, Rendered)>>> = batches
        .into_par_iter()
        .with_max_len(1)
        .map(|batch| {
            let results: Vec<(PageId, Rendered)> =
                batch.iter().map(|&id| (id, renderer.page(id))).collect();
            let (pages, problems): (Vec<_>, Vec<_>) =
                results.into_iter().partition(|(_, result)| result.is_ok());
            let pages: Vec<Output> = pages
                .into_iter()
                .filter_map(|(_, page)| page.ok())
                .collect();
            sink.put(pages)?;
            Ok(problems)
        })
        .collect();
    let mut results = Vec::new();
    for batch in batches {
        results.extend(batch?);
    }
    // Back in site order: the first of equal template errors is the one reported.
    results.sort_by_key(|(id, _)| *id);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

/// The pages the site makes besides its own, in parallel and in a fixed order: the facet pages
/// and print pages of every section, then for each language its 404 page, taxonomy pages and news feed.
fn generated_pages(renderer: &Renderer<'_>, languages: &[&str]) -> Vec<Rendered> {
    let (config, site) = (renderer.config, renderer.site);
    let printed = renderer.templates.has("print.html");
    let (faceted, by_language) = rayon::join(
        || {
            site.pages
                .par_iter()
                .enumerate()
                .filter(|(_, page)| page.is_section)
                .flat_map_iter(|(id, page)| {
                    let facets = if page.front.meta.contains_key("facets") {
                        renderer.facet_pages(id)
                    } else {
                        Vec::new()
                    };
                    let print =
                        (printed && print::has_print_page(page)).then(|| renderer.print_page(id));
                    facets.into_iter().chain(print)
                })
                .collect::<Vec<_>>()
        },
        || {
            languages
                .par_iter()
                .map(|&lang| {
                    let taxonomies: Vec<_> = Taxonomy::ALL
                        .par_iter()
                        .flat_map_iter(|&taxonomy| renderer.taxonomy_pages(taxonomy, lang))
                        .collect();
                    let feed = feed(config, site, lang);
                    (renderer.not_found(lang), taxonomies, feed)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut results = faceted;
    for (not_found, taxonomies, feed) in by_language {
        results.push(not_found);
        results.extend(taxonomies);
        results.extend(feed.map(Ok));
    }
    results
}

/// The print pages of the guides that the pages `ids` are part of (a rebuild after edits of page
/// bodies renders them again: they hold their pages' bodies).
pub(crate) fn print_pages_of(renderer: &Renderer<'_>, ids: &[PageId]) -> Vec<Rendered> {
    if !renderer.templates.has("print.html") {
        return Vec::new();
    }
    let site = renderer.site;
    let mut guides: Vec<PageId> = ids
        .iter()
        .filter_map(|&id| site.pages[id].parent)
        .filter(|&section| print::has_print_page(&site.pages[section]))
        .collect();
    guides.sort_unstable();
    guides.dedup();
    guides
        .par_iter()
        .map(|&id| renderer.print_page(id))
        .collect()
}

/// The problems of a render, each reported once.
#[derive(Default)]
struct Problems {
    diagnostics: Vec<Diagnostic>,
    seen: HashSet<(std::path::PathBuf, String)>,
}

impl Problems {
    /// Adds a rendered file to `outputs`, or its problem to the diagnostics unless the same
    /// problem was seen: one broken template would otherwise report the same error once per
    /// page.
    fn keep(&mut self, result: Rendered, outputs: &mut Vec<Output>) {
        match result {
            Ok(output) => outputs.push(output),
            Err(diagnostic) => {
                if self
                    .seen
                    .insert((diagnostic.file.clone(), diagnostic.message.clone()))
                {
                    self.diagnostics.push(diagnostic);
                }
            }
        }
    }
}

/// The sitemap, when the site has a base URL (its URLs must be absolute).
pub(crate) fn sitemap(config: &Config, site: &Site) -> Option<Output> {
    config
        .has_base_url()
        .then(|| Output::bytes("sitemap.xml", sitemap::render_sitemap(config, site)))
}

/// The news feed of `lang`, if the site has news.
pub(crate) fn feed(config: &Config, site: &Site, lang: &str) -> Option<Output> {
    feeds::render_feed(config, site, lang)
        .map(|feed| Output::bytes(site.urls.path(lang, "atom.xml"), feed))
}
