//! Render: the resolved [`Site`] → output files: every page through its template (in parallel,
//! templates parsed once), the 404 page, redirects, the sitemap, robots.txt and the
//! highlighting stylesheet.

pub mod context;
pub mod templates;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::output::{aliases, sitemap, Output};
use crate::resolve::{Page, PageId, Site};

use context::{PageView, Views};
pub use templates::Templates;

/// UI strings of the theme, per language.
pub type Strings = HashMap<String, BTreeMap<String, String>>;

/// Renders every generated file of the site.
pub fn render_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    strings: &Strings,
) -> (Vec<Output>, Vec<Diagnostic>) {
    let views = Views::new(config, site);
    let results: Vec<Result<Output, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| render_page(config, site, &views, templates, strings, id))
        .collect();
    let mut outputs = Vec::with_capacity(results.len() + 8);
    let mut diagnostics = Vec::new();
    let mut seen_template_errors = std::collections::HashSet::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            // One broken template would otherwise report the same error once per page.
            Err(diagnostic) => {
                if seen_template_errors
                    .insert((diagnostic.file.clone(), diagnostic.message.clone()))
                {
                    diagnostics.push(diagnostic);
                }
            }
        }
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
    match render_not_found(config, site, &views, templates, strings) {
        Ok(output) => outputs.push(output),
        Err(diagnostic) => diagnostics.push(diagnostic),
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

fn render_page(
    config: &Config,
    site: &Site,
    views: &Views<'_>,
    templates: &Templates,
    strings: &Strings,
    id: PageId,
) -> Result<Output, Diagnostic> {
    let page = &site.pages[id];
    let template = template_for(page, templates)?;
    let view = views.page(id);
    let html = render_template(
        config, views, templates, strings, &template, &page.lang, &view,
    )?;
    Ok(Output::bytes(format!("{}index.html", page.path), html))
}

fn render_not_found(
    config: &Config,
    site: &Site,
    views: &Views<'_>,
    templates: &Templates,
    strings: &Strings,
) -> Result<Output, Diagnostic> {
    let lang = config.default_language.as_str();
    let Some(&home) = site.homes.get(lang) else {
        return Ok(Output::bytes("404.html", ""));
    };
    let mut view = views.page(home);
    let title = strings
        .get(lang)
        .and_then(|s| s.get("not_found_title"))
        .map_or("Page not found", String::as_str);
    view.title = title;
    view.description = "";
    view.kind = "page";
    view.content = "";
    view.toc.clear();
    view.pages.clear();
    view.subsections.clear();
    view.breadcrumbs.clear();
    view.url = format!("{}404.html", views.base_path());
    view.permalink = config.permalink(&view.url);
    let html = render_template(config, views, templates, strings, "404.html", lang, &view)?;
    Ok(Output::bytes("404.html", html))
}

fn render_template(
    config: &Config,
    views: &Views<'_>,
    templates: &Templates,
    strings: &Strings,
    template: &str,
    lang: &str,
    view: &PageView<'_>,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("dir", config.direction(lang).as_str());
    context.insert("site", &views.site(lang, &view.url));
    context.insert("page", view);
    context.insert(
        "t",
        strings
            .get(lang)
            .or_else(|| strings.get(&config.default_language))
            .unwrap_or(&BTreeMap::new()),
    );
    templates.tera.render(template, &context).map_err(|error| {
        let mut diagnostic =
            templates::template_error(std::path::Path::new(""), &templates.files, &error);
        if diagnostic.file == std::path::Path::new("templates") {
            diagnostic.file = templates.file_of(template);
        }
        diagnostic
    })
}
