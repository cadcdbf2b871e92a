//! Render: the resolved [`Site`] → output files: every page through its template (in parallel,
//! templates parsed once), a 404 page and a news feed per language, redirects, the sitemap,
//! robots.txt, the highlighting stylesheet and the editors' translation overview.

pub mod context;
pub mod i18n;
pub mod standards_view;
pub mod templates;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::output::{aliases, feeds, sitemap, Output};
use crate::resolve::{Page, PageId, Site};
use crate::status::LanguageStatus;

use context::{PageView, Views};
pub use templates::Templates;

/// UI strings of the theme, per language.
pub type Strings = HashMap<String, i18n::StringMap>;

/// The path of the editors' translation overview.
pub const TRANSLATION_STATUS_PATH: &str = "translation-status/";

/// Renders every generated file of the site.
pub fn render_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    strings: &Strings,
    translation_status: &[LanguageStatus],
) -> (Vec<Output>, Vec<Diagnostic>) {
    let views = Views::new(config, site, strings);
    let renderer = Renderer {
        config,
        views: &views,
        templates,
    };
    let results: Vec<Result<Output, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| renderer.page(id))
        .collect();
    let mut outputs = Vec::with_capacity(results.len() + 16);
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
        keep(result, &mut outputs);
    }
    for lang in config.language_codes() {
        if let Some(&home) = site.homes.get(lang) {
            keep(renderer.not_found(home), &mut outputs);
        }
        if let Some(feed) = feeds::render_feed(config, site, &views, lang) {
            outputs.push(Output::bytes(
                format!("{}atom.xml", views.language_prefix(lang)),
                feed,
            ));
        }
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
            outputs.push(Output::bytes(
                alias.clone(),
                aliases::render_redirect(&target, &page.lang),
            ));
        }
    }
    outputs.push(Output::bytes(
        "sitemap.xml",
        sitemap::render_sitemap(config, site),
    ));
    outputs.push(Output::bytes("robots.txt", sitemap::render_robots(config)));
    outputs.push(Output::bytes(
        "syntax.css",
        markdown::highlight_stylesheet(),
    ));
    (outputs, diagnostics)
}

/// Renders pages of one site with its templates.
struct Renderer<'a> {
    config: &'a Config,
    views: &'a Views<'a>,
    templates: &'a Templates,
}

impl Renderer<'_> {
    fn page(&self, id: PageId) -> Result<Output, Diagnostic> {
        let page = &self.views_site().pages[id];
        let template = template_for(page, self.templates)?;
        let view = self.views.page(id);
        let html = self.render(&template, &page.lang, &view, None)?;
        Ok(Output::bytes(format!("{}index.html", page.path), html))
    }

    fn views_site(&self) -> &Site {
        self.views.site_data()
    }

    /// The 404 page of the language of `home`: the home page's view with the page's own parts
    /// emptied, at `404.html` (or `sv/404.html`).
    fn not_found(&self, home: PageId) -> Result<Output, Diagnostic> {
        let lang = self.views_site().pages[home].lang.as_str();
        let mut view = self.views.page(home);
        view.title = i18n::text(self.views.strings(lang), "not_found_title");
        view.description = "";
        view.kind = "page";
        view.content = "";
        view.is_fallback = false;
        view.notice.clear();
        view.toc.clear();
        view.pages.clear();
        view.subsections.clear();
        view.breadcrumbs.clear();
        view.translations.clear();
        view.x_default.clear();
        let path = format!("{}404.html", self.views.language_prefix(lang));
        view.url = format!("{}{path}", self.views.base_path());
        view.permalink = self.config.permalink(&view.url);
        view.canonical = view.permalink.clone();
        let html = self.render("404.html", lang, &view, None)?;
        Ok(Output::bytes(path, html))
    }

    /// The editors' overview of translations: not linked from the site, not in the sitemap,
    /// `noindex`.
    fn translation_status(&self, status: &[LanguageStatus]) -> Result<Output, Diagnostic> {
        let lang = self.config.default_language.as_str();
        let home = self.views_site().homes.get(lang).copied().unwrap_or(0);
        let mut view = self.views.page(home);
        view.title = i18n::text(self.views.strings(lang), "translation_overview");
        view.description = "";
        view.kind = "page";
        view.content = "";
        view.toc.clear();
        view.pages.clear();
        view.subsections.clear();
        view.translations.clear();
        view.x_default.clear();
        view.url = format!("{}{TRANSLATION_STATUS_PATH}", self.views.base_path());
        view.permalink = self.config.permalink(&view.url);
        view.canonical = view.permalink.clone();
        let html = self.render("translation-status.html", lang, &view, Some(status))?;
        Ok(Output::bytes(
            format!("{TRANSLATION_STATUS_PATH}index.html"),
            html,
        ))
    }

    fn render(
        &self,
        template: &str,
        lang: &str,
        view: &PageView<'_>,
        status: Option<&[LanguageStatus]>,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("lang", lang);
        context.insert("dir", self.config.direction(lang).as_str());
        context.insert("site", &self.views.site(lang, &view.url));
        context.insert("page", view);
        context.insert("t", self.views.strings(lang));
        if let Some(status) = status {
            context.insert("status", status);
        }
        self.templates
            .tera
            .render(template, &context)
            .map_err(|error| {
                let mut diagnostic = templates::template_error(
                    std::path::Path::new(""),
                    &self.templates.files,
                    &error,
                );
                if diagnostic.file == std::path::Path::new("templates") {
                    diagnostic.file = self.templates.file_of(template);
                }
                diagnostic
            })
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
