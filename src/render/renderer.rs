//! The [`Renderer`]: renders one site's pages through its templates, with contexts made once
//! per language and used again, and with `soteria serve`'s [`RenderCache`]; and the pages the
//! site generates itself from the home page's view (404, the search page, the translation
//! overview). Taxonomy and facet pages are rendered in their own modules.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use tera::Context;

use super::context::{self, PageView, SiteView, Views};
use super::switcher;
use super::taxonomy;
use super::{templates, RenderCache, Templates, TRANSLATION_STATUS_PATH};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::locale::{i18n, Taxonomy};
use crate::output::Output;
use crate::resolve::{Page, PageId, Site};
use crate::status::LanguageStatus;

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

/// Renders pages of one site with its templates: [`super::render_site`] renders every page
/// with it, a rebuild after an edit of page bodies only those pages.
pub(crate) struct Renderer<'a> {
    pub(crate) config: &'a Config,
    pub(crate) site: &'a Site,
    pub(crate) views: &'a Views<'a>,
    pub(crate) templates: &'a Templates,
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
    pub(crate) kept: bool,
}

/// A context kept for the next page of its language, with the site view it holds.
struct Spare<'a> {
    lang: String,
    context: Context,
    site: SiteView<'a>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site` with `templates`; pages are kept in memory unless told otherwise.
    pub(crate) fn new(
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
    /// The page `id`, through its template.
    pub(crate) fn page(&self, id: PageId) -> Result<Output, Diagnostic> {
        let page = &self.site.pages[id];
        let template = template_for(page, self.templates)?;
        let view = self.views.page(id);
        let html = self.render(&template, &page.lang, &view, None)?;
        Ok(Output::bytes(super::page_files::index_path(page), html))
    }

    /// The 404 page of `lang`, at `404.html` (or `sv/404.html`).
    pub(crate) fn not_found(&self, lang: &str) -> Result<Output, Diagnostic> {
        let title = i18n::text(self.views.strings(lang), "not_found_title").to_string();
        let path = self.site.urls.path(lang, "404.html");
        let mut view = self.generated_view(lang, title, &path);
        view.breadcrumbs.clear();
        let html = self.render("404.html", lang, &view, None)?;
        Ok(Output::bytes(path, html))
    }

    /// The editors' overview of translations: not linked from the site, not in the sitemap,
    /// `noindex`.
    pub(crate) fn translation_status(
        &self,
        status: &[LanguageStatus],
    ) -> Result<Output, Diagnostic> {
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
    pub(crate) fn generated_view(&self, lang: &str, title: String, path: &str) -> PageView<'_> {
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
        view.draft = false;
        view.notice.clear();
        view.toc.clear();
        view.pages.clear();
        view.subsections.clear();
        view.translations = switcher::of_generated(self.config, &site.urls, lang, path);
        view.switcher = switcher::of_generated(self.config, &site.urls, lang, path);
        view.x_default.clear();
        view.standards.clear();
        view.countries.clear();
        view.themes.clear();
        view.standard = None;
        view.coverage = None;
        view.comparison = None;
        view.files.clear();
        view.facets.clear();
        view.print_url.clear();
        view.url = self.site.urls.url(path);
        view.permalink = self.config.permalink(&view.url);
        view.canonical = view.permalink.clone();
        view
    }

    /// The search page of `lang`: the form, the results the script fills in, and links to the
    /// listings for readers without JavaScript.
    pub(crate) fn search_page(&self, lang: &str) -> Result<Output, Diagnostic> {
        let strings = self.views.strings(lang);
        let path = self.site.urls.path(lang, "search/");
        let mut view = self.generated_view(lang, i18n::text(strings, "search").to_string(), &path);
        view.translations = self
            .config
            .language_codes()
            .into_iter()
            .map(|other| {
                let url = self.site.urls.in_language(other, "search/");
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
        let manifest = self
            .site
            .urls
            .url(&format!("search/{lang}/manifest.json.gz"));
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

    /// Renders `template` for `view` in `lang`, with the translation `status` (the overview's).
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

    /// Renders `template` for `view` in `lang`, with what `extra` adds to the context; from the
    /// cache when it has the page.
    pub(crate) fn render_with(
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
