//! Taxonomies: pages that gather everything about a country (`/countries/se/`) or a theme
//! (`/themes/trafficking/`), in every language, with an index of each (`/countries/`): the
//! terms pages have, their names, and the rendering of those pages.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context;
use super::renderer::Renderer;
use crate::diagnostics::Diagnostic;
use crate::locale::{i18n, Taxonomy, TermNames};
use crate::output::Output;
use crate::resolve::{Page, PageId, Site};

/// A term with its link, for a page's own countries and themes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermLink {
    /// The term (`se`, `trafficking`).
    pub(crate) term: String,
    /// Its name in the reader's language.
    pub(crate) name: String,
    /// Its page.
    pub(crate) url: String,
    /// How many pages have it (on index pages).
    pub(crate) count: usize,
}

/// The pages of every term of `taxonomy` in `lang`, terms sorted by name.
pub(crate) fn terms(
    site: &Site,
    taxonomy: Taxonomy,
    lang: &str,
    names: &TermNames,
) -> Vec<(String, String, Vec<PageId>)> {
    let mut by_term: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        if page.lang == lang && !page.is_section {
            for term in taxonomy.terms_of(&page.front) {
                by_term.entry(term).or_default().push(id);
            }
        }
    }
    let mut list: Vec<(String, String, Vec<PageId>)> = by_term
        .into_iter()
        .map(|(term, pages)| (names.name(taxonomy, &term, lang), term, pages))
        .collect();
    list.sort();
    list.into_iter()
        .map(|(name, term, pages)| (term, name, pages))
        .collect()
}

impl Renderer<'_> {
    /// The index of `taxonomy` in `lang` and the page of each of its terms.
    pub(crate) fn taxonomy_pages(
        &self,
        taxonomy: Taxonomy,
        lang: &str,
    ) -> Vec<Result<Output, Diagnostic>> {
        let site = self.site;
        let strings = self.views.strings(lang);
        let terms = terms(site, taxonomy, lang, self.views.names());
        if terms.is_empty() {
            return Vec::new();
        }
        let prefix = self.site.urls.path(lang, "");
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
            let mut listed: Vec<&Page> = pages.iter().map(|&p| &*site.pages[p]).collect();
            listed.sort_by(|a, b| {
                (a.content_type.name(), &a.front.title)
                    .cmp(&(b.content_type.name(), &b.front.title))
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
}
