//! Taxonomies: pages that gather everything about a country (`/countries/se/`) or a theme
//! (`/themes/trafficking/`), in every language, with an index of each (`/countries/`): the
//! terms pages have, their names, and the rendering of those pages.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::context;
use super::i18n;
use super::renderer::Renderer;
use crate::config::Config;
use crate::content::relative;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::resolve::{Page, PageId, Site};

/// The two taxonomies and the front matter fields they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Taxonomy {
    /// From `country` and `countries`.
    Countries,
    /// From `themes`.
    Themes,
}

impl Taxonomy {
    /// Both taxonomies.
    pub(crate) const ALL: [Taxonomy; 2] = [Taxonomy::Countries, Taxonomy::Themes];

    /// The first segment of its URLs.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Taxonomy::Countries => "countries",
            Taxonomy::Themes => "themes",
        }
    }

    /// The terms a page has in this taxonomy, lower-cased, in the order written.
    pub(crate) fn terms_of(self, page: &Page) -> Vec<String> {
        let front = &page.front;
        let mut terms: Vec<String> = match self {
            Taxonomy::Countries => front
                .country
                .as_deref()
                .into_iter()
                .chain(front.countries.iter().map(String::as_str))
                .map(str::to_lowercase)
                .collect(),
            Taxonomy::Themes => front.themes.iter().map(|t| t.to_lowercase()).collect(),
        };
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
        terms
    }
}

/// The names of terms in every language.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermNames {
    /// Language → country code → name.
    countries: HashMap<String, BTreeMap<String, String>>,
    /// Theme slug → name per language.
    themes: HashMap<String, crate::config::Localized>,
    default_language: String,
}

impl TermNames {
    /// Loads country names from the theme's (and the site's) `i18n/countries/LANG.yaml`.
    pub(crate) fn load(root: &Path, config: &Config) -> (TermNames, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut countries = HashMap::new();
        for lang in config.language_codes() {
            let mut names = BTreeMap::new();
            let theme = root
                .join("themes")
                .join(&config.theme)
                .join("i18n/countries");
            for dir in [theme, root.join("i18n/countries")] {
                let path = dir.join(format!("{lang}.yaml"));
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => names.extend(map),
                    Err(error) => diagnostics.push(crate::yaml::to_diagnostic(
                        relative(root, &path),
                        &text,
                        1,
                        &error,
                    )),
                }
            }
            countries.insert(lang.to_string(), names);
        }
        let names = TermNames {
            countries,
            themes: config
                .taxonomies
                .themes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            default_language: config.default_language.clone(),
        };
        (names, diagnostics)
    }

    /// The name of `term` of `taxonomy` in `lang`.
    pub(crate) fn name(&self, taxonomy: Taxonomy, term: &str, lang: &str) -> String {
        match taxonomy {
            Taxonomy::Countries => [lang, self.default_language.as_str()]
                .iter()
                .find_map(|l| self.countries.get(*l)?.get(term))
                .cloned()
                .unwrap_or_else(|| term.to_uppercase()),
            Taxonomy::Themes => match self.themes.get(term) {
                Some(name) => name.get(lang, &self.default_language).to_string(),
                None => {
                    let words = term.replace(['-', '_'], " ");
                    let mut chars = words.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            },
        }
    }
}

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
            for term in taxonomy.terms_of(page) {
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
