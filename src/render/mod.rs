//! Render: the resolved [`Site`] → output files: every page through its template (in parallel,
//! templates parsed once), a 404 page and a news feed per language, redirects, the sitemap,
//! robots.txt, the highlighting stylesheet and the editors' translation overview.

pub mod context;
pub mod facets;
pub mod findings_view;
pub mod i18n;
pub mod standards_view;
pub mod taxonomy;
pub mod templates;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::output::static_files::Attachment;
use crate::output::{aliases, feeds, sitemap, Output};
use crate::resolve::{Page, PageId, Site};
use crate::security::headers;
use crate::status::LanguageStatus;

use context::{PageView, SiteView, Views};
use taxonomy::{Taxonomy, TermLink, TermNames};
pub use templates::Templates;

/// UI strings of the theme, per language.
pub type Strings = HashMap<String, i18n::StringMap>;

/// The path of the editors' translation overview.
pub const TRANSLATION_STATUS_PATH: &str = "translation-status/";

/// What rendering needs besides the site and its templates.
pub struct RenderInputs<'a> {
    /// The theme's UI strings per language.
    pub strings: &'a Strings,
    /// Names of countries and themes per language.
    pub names: &'a TermNames,
    /// For the editors' overview.
    pub translation_status: &'a [LanguageStatus],
    /// The files pages list in `files`, by (page, file name).
    pub attachments: &'a HashMap<(PageId, String), Attachment>,
    /// The pages of the previous build, for `soteria serve`.
    pub cache: Option<&'a RenderCache>,
}

/// The pages `soteria serve` rendered last time, by a hash of the template and everything it was
/// given. A page whose context is unchanged is taken from here instead of rendered again; as
/// the template is a pure function of its context, the result is the same. (A change to the
/// templates, strings or configuration starts a new cache.)
pub type RenderCache = crate::memo::Memo<Arc<str>>;

/// Feeds serialised JSON into a hasher without building the string.
struct HashWriter<'h>(&'h mut std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where pages go as soon as they are rendered (the build's staging folder), so that a large
/// site's pages are never all in memory at once.
pub type Sink<'a> = &'a (dyn Fn(&[Output]) -> std::io::Result<()> + Sync);

/// How many pages a thread renders before handing them to the [`Sink`].
const SINK_BATCH: usize = 128;

/// What [`render_site`] made.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// The pages (none when they went to a [`Sink`]) and the redirects of their aliases.
    pub pages: Vec<Output>,
    /// The files the site generates besides its pages: 404 pages, taxonomy and facet pages,
    /// feeds, search pages, the translation overview, the sitemap, robots.txt, the stylesheet.
    pub generated: Vec<Output>,
    /// The problems found (template errors).
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every generated file of the site. With a `sink`, the pages go there as they are
/// made and only the other files are returned; a failure to write is returned as the error.
pub fn render_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    inputs: &RenderInputs<'_>,
    sink: Option<Sink<'_>>,
) -> std::io::Result<RenderedSite> {
    let translation_status = inputs.translation_status;
    let views = Views::new(config, site, inputs);
    let mut renderer = Renderer::new(config, site, &views, templates, inputs.cache);
    // Pages sent to the sink are written within moments: no need to shrink their buffers.
    renderer.kept = sink.is_none();
    // A section's page lists all its pages and takes the longest to render: sections go first,
    // one to a task, so that no thread is left rendering several of them while the others wait.
    let (sections, others): (Vec<PageId>, Vec<PageId>) =
        (0..site.pages.len()).partition(|&id| site.pages[id].is_section);
    let batches: Vec<&[PageId]> = sections
        .chunks(1)
        .chain(others.chunks(SINK_BATCH))
        .collect();
    type Rendered = (PageId, Result<Output, Diagnostic>);
    let batches: Vec<std::io::Result<Vec<Rendered>>> = batches
        .into_par_iter()
        .with_max_len(1)
        .map(|batch| {
            let results: Vec<Rendered> = batch.iter().map(|&id| (id, renderer.page(id))).collect();
            let Some(sink) = sink else {
                return Ok(results);
            };
            let (pages, problems): (Vec<_>, Vec<_>) =
                results.into_iter().partition(|(_, result)| result.is_ok());
            let pages: Vec<Output> = pages
                .into_iter()
                .filter_map(|(_, page)| page.ok())
                .collect();
            sink(&pages)?;
            Ok(problems)
        })
        .collect();
    let mut results = Vec::with_capacity(if sink.is_some() { 0 } else { site.pages.len() });
    for batch in batches {
        results.extend(batch?);
    }
    // Back in site order: the first of equal template errors is the one reported.
    results.sort_by_key(|(id, _)| *id);
    let results = results.into_iter().map(|(_, result)| result);
    let mut pages = Vec::with_capacity(results.len());
    let mut outputs = Vec::with_capacity(16);
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    let mut keep = |result: Result<Output, Diagnostic>, outputs: &mut Vec<Output>| match result {
        Ok(output) => outputs.push(output),
        // One broken template would otherwise report the same error once per page.
        Err(diagnostic) => {
            if seen.insert((diagnostic.file.clone(), diagnostic.message.clone())) {
                diagnostics.push(diagnostic);
            }
        }
    };
    for result in results {
        keep(result, &mut pages);
    }
    // The other pages are made in parallel too, and kept in a fixed order.
    let languages = config.language_codes();
    let ((faceted, by_language), sitemap) = rayon::join(
        || {
            rayon::join(
                || {
                    site.pages
                        .par_iter()
                        .enumerate()
                        .filter(|(_, page)| {
                            page.is_section && page.front.meta.contains_key("facets")
                        })
                        .flat_map_iter(|(id, _)| renderer.facet_pages(id))
                        .collect::<Vec<_>>()
                },
                || {
                    languages
                        .par_iter()
                        .map(|&lang| {
                            let taxonomies: Vec<_> = Taxonomy::ALL
                                .par_iter()
                                .flat_map_iter(|&taxonomy| renderer.taxonomy(taxonomy, lang))
                                .collect();
                            let feed = feed(config, site, &views, lang);
                            (renderer.not_found(lang), taxonomies, feed)
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
        || sitemap::render_sitemap(config, site),
    );
    for result in faceted {
        keep(result, &mut outputs);
    }
    for (not_found, taxonomies, feed) in by_language {
        keep(not_found, &mut outputs);
        for result in taxonomies {
            keep(result, &mut outputs);
        }
        outputs.extend(feed);
    }
    if !translation_status.is_empty() {
        keep(
            renderer.translation_status(translation_status),
            &mut outputs,
        );
    }
    for page in &site.pages {
        let target = views.url(page);
        for alias in &page.aliases {
            pages.push(Output::bytes(
                alias.output.clone(),
                aliases::render_redirect(&target, &page.lang),
            ));
        }
    }
    if templates.has("search.html") {
        for lang in &languages {
            keep(renderer.search_page(lang), &mut outputs);
        }
    }
    outputs.push(Output::bytes("sitemap.xml", sitemap));
    outputs.push(Output::bytes("robots.txt", sitemap::render_robots(config)));
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
        diagnostics,
    })
}

/// The news feed of `lang`, if the site has news.
fn feed(config: &Config, site: &Site, views: &Views<'_>, lang: &str) -> Option<Output> {
    feeds::render_feed(config, site, views, lang)
        .map(|feed| Output::bytes(format!("{}atom.xml", views.language_prefix(lang)), feed))
}

/// Renders what a change to the bodies of the pages `ids` (and nothing else) changes: those
/// pages, the feeds (which carry news items' bodies) and the editors' translation overview.
pub fn render_pages(
    config: &Config,
    site: &Site,
    templates: &Templates,
    inputs: &RenderInputs<'_>,
    ids: &[PageId],
) -> (Vec<Output>, Vec<Diagnostic>) {
    let views = Views::new(config, site, inputs);
    let renderer = Renderer::new(config, site, &views, templates, None);
    let mut outputs = Vec::with_capacity(ids.len() + 8);
    let mut diagnostics = Vec::new();
    let results = ids
        .par_iter()
        .map(|&id| renderer.page(id))
        .collect::<Vec<_>>();
    let overview = (!inputs.translation_status.is_empty())
        .then(|| renderer.translation_status(inputs.translation_status));
    for result in results.into_iter().chain(overview) {
        match result {
            Ok(output) => outputs.push(output),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for lang in config.language_codes() {
        outputs.extend(feed(config, site, &views, lang));
    }
    (outputs, diagnostics)
}

/// Renders pages of one site with its templates.
struct Renderer<'a> {
    config: &'a Config,
    site: &'a Site,
    views: &'a Views<'a>,
    templates: &'a Templates,
    cache: Option<&'a RenderCache>,
    /// What every page of a language gets alike (its code, direction and UI strings), made
    /// once per language: turning the strings into template values for each page cost more
    /// than any other part of a page's context.
    language_contexts: HashMap<String, Context>,
    /// Contexts pages were rendered with, by language, to be used again: copying a language's
    /// context (its strings are a tree of values) for every page cost as much again. A page's
    /// own `page` is put in each time, and `site` when it differs from the one the context has
    /// (only the current section in the navigation changes from page to page).
    spare_contexts: Mutex<Vec<Spare<'a>>>,
    /// Whether the pages are kept in memory (all of them, until written or served).
    kept: bool,
}

/// A context kept for the next page of its language, with the site view it holds.
struct Spare<'a> {
    lang: String,
    context: Context,
    site: SiteView<'a>,
}

impl<'a> Renderer<'a> {
    fn new(
        config: &'a Config,
        site: &'a Site,
        views: &'a Views<'a>,
        templates: &'a Templates,
        cache: Option<&'a RenderCache>,
    ) -> Self {
        Renderer {
            config,
            site,
            views,
            templates,
            cache,
            language_contexts: config
                .language_codes()
                .into_iter()
                .map(|lang| (lang.to_string(), language_context(config, views, lang)))
                .collect(),
            spare_contexts: Mutex::default(),
            kept: true,
        }
    }

    /// A context holding `lang`'s part and `site`: a spare one (given `site` unless it has it),
    /// or a new copy.
    fn take_context(&self, lang: &str, site: &SiteView<'a>) -> Context {
        let mut spares = self
            .spare_contexts
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let found = spares.iter().position(|spare| spare.lang == lang);
        let spare = found.map(|at| spares.swap_remove(at));
        drop(spares);
        let mut context = match spare {
            Some(spare) if spare.site == *site => return spare.context,
            Some(spare) => spare.context,
            None => match self.language_contexts.get(lang) {
                Some(context) => context.clone(),
                None => language_context(self.config, self.views, lang),
            },
        };
        context.insert("site", site);
        context
    }

    /// Keeps `context`, taken for `lang` and given nothing but `site` and `page`, for the next
    /// page.
    fn give_back(&self, lang: &str, context: Context, site: SiteView<'a>) {
        self.spare_contexts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Spare {
                lang: lang.to_string(),
                context,
                site,
            });
    }
}

/// The part of a page's template context that depends on its language only.
fn language_context(config: &Config, views: &Views<'_>, lang: &str) -> Context {
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("dir", config.direction(lang).as_str());
    context.insert("t", views.strings(lang));
    context
}

impl Renderer<'_> {
    fn page(&self, id: PageId) -> Result<Output, Diagnostic> {
        let page = &self.site.pages[id];
        let template = template_for(page, self.templates)?;
        let view = self.views.page(id);
        let html = self.render(&template, &page.lang, &view, None)?;
        Ok(Output::bytes(format!("{}index.html", page.path), html))
    }

    /// The 404 page of `lang`, at `404.html` (or `sv/404.html`).
    fn not_found(&self, lang: &str) -> Result<Output, Diagnostic> {
        let title = i18n::text(self.views.strings(lang), "not_found_title").to_string();
        let path = format!("{}404.html", self.views.language_prefix(lang));
        let mut view = self.generated_view(lang, title, &path);
        view.breadcrumbs.clear();
        let html = self.render("404.html", lang, &view, None)?;
        Ok(Output::bytes(path, html))
    }

    /// The editors' overview of translations: not linked from the site, not in the sitemap,
    /// `noindex`.
    fn translation_status(&self, status: &[LanguageStatus]) -> Result<Output, Diagnostic> {
        let lang = self.config.default_language.as_str();
        let title = i18n::text(self.views.strings(lang), "translation_overview").to_string();
        let view = self.generated_view(lang, title, TRANSLATION_STATUS_PATH);
        let html = self.render("translation-status.html", lang, &view, Some(status))?;
        Ok(Output::bytes(
            format!("{TRANSLATION_STATUS_PATH}index.html"),
            html,
        ))
    }

    /// A view for a page the site generates itself (404, taxonomies): the home page's view of
    /// `lang` with the page's own parts emptied, at `path` below the base path.
    fn generated_view(&self, lang: &str, title: String, path: &str) -> PageView<'_> {
        let site = self.site;
        let home = site
            .homes
            .get(lang)
            .or_else(|| site.homes.get(&self.config.default_language))
            .copied()
            .unwrap_or(0);
        let mut view = self.views.page(home);
        view.breadcrumbs = vec![self.views.crumb(&site.pages[home])];
        view.title = title.into();
        view.description = "";
        view.kind = "page";
        view.content = "";
        view.has_code = false;
        view.is_fallback = false;
        view.notice.clear();
        view.toc.clear();
        view.pages.clear();
        view.subsections.clear();
        view.translations.clear();
        view.x_default.clear();
        view.standards.clear();
        view.countries.clear();
        view.themes.clear();
        view.standard = None;
        view.coverage = None;
        view.comparison = None;
        view.files.clear();
        view.facets.clear();
        view.url = format!("{}{path}", self.views.base_path());
        view.permalink = self.config.permalink(&view.url);
        view.canonical = view.permalink.clone();
        view
    }

    /// The index of `taxonomy` in `lang` and the page of each of its terms.
    fn taxonomy(&self, taxonomy: Taxonomy, lang: &str) -> Vec<Result<Output, Diagnostic>> {
        let site = self.site;
        let strings = self.views.strings(lang);
        let terms = taxonomy::terms(site, taxonomy, lang, self.views.names());
        if terms.is_empty() {
            return Vec::new();
        }
        let prefix = self.views.language_prefix(lang);
        let slug = taxonomy.slug();
        let index_title = i18n::text(strings, slug).to_string();
        let mut results = Vec::with_capacity(terms.len() + 1);
        let links: Vec<TermLink> = terms
            .iter()
            .map(|(term, name, pages)| TermLink {
                term: term.clone(),
                name: name.clone(),
                url: self.views.term_url(taxonomy, term, lang),
                count: pages.len(),
            })
            .collect();
        let index = self.generated_view(lang, index_title.clone(), &format!("{prefix}{slug}/"));
        results.push(
            self.render_with("taxonomy.html", lang, &index, |context| {
                context.insert("taxonomy", &taxonomy);
                context.insert("terms", &links);
            })
            .map(|html| Output::bytes(format!("{prefix}{slug}/index.html"), html)),
        );
        let (key, placeholder) = match taxonomy {
            Taxonomy::Countries => ("all_pages_of_country", "country"),
            Taxonomy::Themes => ("all_pages_of_theme", "theme"),
        };
        for (term, name, pages) in &terms {
            let title = i18n::fill(i18n::text(strings, key), &[(placeholder, name)]);
            let mut view = self.generated_view(lang, title, &format!("{prefix}{slug}/{term}/"));
            view.breadcrumbs.push(context::Crumb {
                title: index_title.clone().into(),
                lang,
                url: self.views.term_url(taxonomy, "", lang),
            });
            let mut listed: Vec<&Page> = pages.iter().map(|&p| &site.pages[p]).collect();
            listed.sort_by(|a, b| {
                (&a.content_type, &a.front.title).cmp(&(&b.content_type, &b.front.title))
            });
            view.pages = listed
                .into_iter()
                .map(|p| self.views.summary(p, strings))
                .collect();
            results.push(
                self.render_with("taxonomy.html", lang, &view, |context| {
                    context.insert("taxonomy", &taxonomy);
                    context.insert(
                        "term",
                        &TermLink {
                            term: term.clone(),
                            name: name.clone(),
                            url: view.url.clone(),
                            count: pages.len(),
                        },
                    );
                    context.insert("index_url", &self.views.term_url(taxonomy, "", lang));
                    context.insert("index_title", &index_title);
                })
                .map(|html| Output::bytes(format!("{prefix}{slug}/{term}/index.html"), html)),
            );
        }
        results
    }

    /// The search page of `lang`: the form, the results the script fills in, and links to the
    /// listings for readers without JavaScript.
    fn search_page(&self, lang: &str) -> Result<Output, Diagnostic> {
        let strings = self.views.strings(lang);
        let path = format!("{}search/", self.views.language_prefix(lang));
        let mut view = self.generated_view(lang, i18n::text(strings, "search").to_string(), &path);
        view.translations = self
            .config
            .language_codes()
            .into_iter()
            .map(|other| {
                let url = format!(
                    "{}{}search/",
                    self.views.base_path(),
                    self.views.language_prefix(other)
                );
                context::LanguageLink {
                    lang: other,
                    name: self
                        .config
                        .languages
                        .get(other)
                        .map_or(other, |l| l.name.as_str()),
                    permalink: self.config.permalink(&url),
                    url,
                    current: other == lang,
                }
            })
            .collect();
        let manifest = format!("{}search/{lang}/manifest.json", self.views.base_path());
        let site_view = self.views.site(lang, &view.url);
        let mut links: Vec<(String, String)> = site_view
            .nav
            .iter()
            .map(|n| (n.title.to_string(), n.url.clone()))
            .collect();
        for taxonomy in Taxonomy::ALL {
            if !taxonomy::terms(self.site, taxonomy, lang, self.views.names()).is_empty() {
                links.push((
                    i18n::text(strings, taxonomy.slug()).to_string(),
                    self.views.term_url(taxonomy, "", lang),
                ));
            }
        }
        let links: Vec<serde_json::Value> = links
            .into_iter()
            .map(|(title, url)| serde_json::json!({"title": title, "url": url}))
            .collect();
        let html = self.render_with("search.html", lang, &view, |context| {
            context.insert("search_manifest", &manifest);
            context.insert("listing_links", &links);
        })?;
        Ok(Output::bytes(format!("{path}index.html"), html))
    }

    /// The plain page of every value of every facet of section `id`.
    fn facet_pages(&self, id: PageId) -> Vec<Result<Output, Diagnostic>> {
        let site = self.site;
        let section = &site.pages[id];
        let strings = self.views.strings(&section.lang);
        let mut results = Vec::new();
        for facet in self.views.facets(id, strings) {
            for value in &facet.values {
                let path = format!("{}{}/{}/", section.path, facet.field, value.value);
                let title = format!("{} – {}", section.front.title, value.name);
                let mut view = self.generated_view(&section.lang, title, &path);
                view.breadcrumbs = self.views.page(id).breadcrumbs;
                view.breadcrumbs.push(self.views.crumb(section));
                view.pages = section
                    .pages
                    .iter()
                    .map(|&p| &site.pages[p])
                    .filter(|p| {
                        self.views
                            .facet_values(&facet.field, p, strings)
                            .iter()
                            .any(|(v, _)| *v == value.value)
                    })
                    .map(|p| self.views.summary(p, strings))
                    .collect();
                results.push(
                    self.render_with("taxonomy.html", &section.lang, &view, |context| {
                        context.insert("facet", &facet.field);
                    })
                    .map(|html| Output::bytes(format!("{path}index.html"), html)),
                );
            }
        }
        results
    }

    fn render(
        &self,
        template: &str,
        lang: &str,
        view: &PageView<'_>,
        status: Option<&[LanguageStatus]>,
    ) -> Result<String, Diagnostic> {
        self.render_with(template, lang, view, |context| {
            if let Some(status) = status {
                context.insert("status", status);
            }
        })
    }

    fn render_with(
        &self,
        template: &str,
        lang: &str,
        view: &PageView<'_>,
        extra: impl FnOnce(&mut Context),
    ) -> Result<String, Diagnostic> {
        let site = self.views.site(lang, &view.url);
        let mut extras = Context::new();
        extra(&mut extras);
        let extras = extras.into_json();
        let plain = extras.as_object().is_none_or(serde_json::Map::is_empty);
        // The key covers everything the template gets but the strings `t`, which only change
        // with a new cache. Serialising straight into the hasher costs less than rendering.
        let key = self.cache.map(|_| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (template, lang).hash(&mut hasher);
            let mut writer = HashWriter(&mut hasher);
            let _ = serde_json::to_writer(&mut writer, &site);
            let _ = serde_json::to_writer(&mut writer, view);
            let _ = serde_json::to_writer(&mut writer, &extras);
            hasher.finish()
        });
        if let (Some(cache), Some(key)) = (self.cache, key) {
            if let Some(html) = cache.get(key) {
                return Ok(html.to_string());
            }
        }
        let mut context = self.take_context(lang, &site);
        context.insert("page", view);
        if !plain {
            // (No extra is named `lang`, `dir` or `t`.) Such a context is not used again.
            context.extend(Context::from_value(extras).unwrap_or_default());
        }
        let rendered = self.templates.tera.render(template, &context);
        if plain {
            self.give_back(lang, context, site);
        }
        let mut html = rendered.map_err(|error| {
            let mut diagnostic =
                templates::template_error(std::path::Path::new(""), &self.templates.files, &error);
            if diagnostic.file == std::path::Path::new("templates") {
                diagnostic.file = self.templates.file_of(template);
            }
            diagnostic
        })?;
        // A kept page waits in memory with all the others: without the room its buffer kept
        // from growing by doubling.
        if self.kept {
            html.shrink_to_fit();
        }
        if let (Some(cache), Some(key)) = (self.cache, key) {
            cache.keep(key, Arc::from(html.as_str()));
        }
        Ok(html)
    }
}

/// The template a page is rendered with: its own `template`, else `index.html` for the home page,
/// `section.html` for sections, `TYPE.html` when the theme has one, else `page.html`.
fn template_for(page: &Page, templates: &Templates) -> Result<String, Diagnostic> {
    if let Some(name) = &page.front.template {
        if templates.has(name) {
            return Ok(name.clone());
        }
        let location = page
            .field_locations
            .iter()
            .find(|(key, _)| key == "template")
            .map(|(_, l)| l.clone());
        return Err(Diagnostic::error(
            "template",
            page.source.clone().unwrap_or_default(),
            format!("there is no template `{name}`"),
        )
        .at_opt(location)
        .with_help(format!(
            "use one of: {}",
            templates
                .files
                .keys()
                .filter(|n| !n.contains('/'))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let own = format!("{}.html", page.content_type);
    Ok(if page.key.is_empty() {
        "index.html".to_string()
    } else if page.is_section {
        "section.html".to_string()
    } else if templates.has(&own) {
        own
    } else {
        "page.html".to_string()
    })
}
