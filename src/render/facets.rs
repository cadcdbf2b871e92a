//! Facets: a section that declares `facets: [country, themes, standards, evidence]` gets, for each
//! value of each facet, a plain page listing its matching pages (so filtering works without
//! JavaScript), and its listing cards carry the values a small script filters on in the browser.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
use crate::locale::i18n::{self, StringMap};
use crate::locale::Taxonomy;
use crate::output::Output;
use crate::render::context::Views;
use crate::render::renderer::Renderer;
use crate::resolve::{Page, PageId};

/// The fields a section may facet its pages on.
pub(crate) const FACET_FIELDS: &[&str] = &["country", "themes", "standards", "evidence"];

/// A value of a facet, with its plain page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FacetValue {
    /// The value as filtered on (`se`, `trafficking`, `barnahus-5`, `evaluated`).
    pub(crate) value: String,
    /// Its name in the reader's language.
    pub(crate) name: String,
    /// How many pages have it.
    pub(crate) count: usize,
    /// Its plain page.
    pub(crate) url: String,
}

/// A facet of a section.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Facet {
    /// The field (`country`).
    pub(crate) field: String,
    /// Its values, sorted by name.
    pub(crate) values: Vec<FacetValue>,
}

/// The facets a section declares.
pub(crate) fn declared(section: &Page) -> Vec<String> {
    section
        .front
        .meta
        .get("facets")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|f| FACET_FIELDS.contains(f))
        .map(str::to_string)
        .collect()
}

impl Views<'_> {
    /// The values `page` has for facet `field`, each with its name in the page's language.
    pub(crate) fn facet_values(
        &self,
        field: &str,
        page: &Page,
        strings: &StringMap,
    ) -> Vec<(String, String)> {
        let names = self.names();
        let mut values: Vec<(String, String)> = match field {
            "country" => Taxonomy::Countries
                .terms_of(&page.front)
                .into_iter()
                .map(|c| (names.name(Taxonomy::Countries, &c, &page.lang), c))
                .map(|(name, c)| (c, name))
                .collect(),
            "themes" => Taxonomy::Themes
                .terms_of(&page.front)
                .into_iter()
                .map(|t| (names.name(Taxonomy::Themes, &t, &page.lang), t))
                .map(|(name, t)| (t, name))
                .collect(),
            "standards" => page
                .standards
                .iter()
                .map(|id| id.standard())
                .filter_map(|id| {
                    let link = self.standard_link(&id, &page.lang)?;
                    Some((
                        format!("{}-{}", id.framework, id.number),
                        format!("{} {}", link.code, link.title),
                    ))
                })
                .collect(),
            "evidence" => page
                .front
                .evidence
                .as_deref()
                .map(|v| {
                    (
                        v.to_string(),
                        i18n::text(strings, &format!("{field}_{v}")).to_string(),
                    )
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        values.retain(|(value, _)| seen.insert(value.clone()));
        values
    }

    /// The space-separated `field:value` tokens of a page, for the browser's filter.
    pub(crate) fn filter_tokens(&self, section: &Page, page: &Page, strings: &StringMap) -> String {
        declared(section)
            .iter()
            .flat_map(|field| {
                self.facet_values(field, page, strings)
                    .into_iter()
                    .map(move |(value, _)| format!("{field}:{value}"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The facets of section `id` with the values its pages have.
    pub(crate) fn facets(&self, id: PageId, strings: &StringMap) -> Vec<Facet> {
        let site = self.site_data();
        let section = &site.pages[id];
        declared(section)
            .into_iter()
            .map(|field| {
                let mut values: BTreeMap<String, (String, usize)> = BTreeMap::new();
                for &p in &section.pages {
                    for (value, name) in self.facet_values(&field, &site.pages[p], strings) {
                        values.entry(value).or_insert((name, 0)).1 += 1;
                    }
                }
                let mut values: Vec<FacetValue> = values
                    .into_iter()
                    .map(|(value, (name, count))| FacetValue {
                        url: format!("{}{field}/{value}/", section.url),
                        value,
                        name,
                        count,
                    })
                    .collect();
                values.sort_by(|a, b| a.name.cmp(&b.name));
                Facet { field, values }
            })
            .filter(|facet| !facet.values.is_empty())
            .collect()
    }
}

impl Renderer<'_> {
    /// The plain page of every value of every facet of section `id`.
    pub(crate) fn facet_pages(&self, id: PageId) -> Vec<Result<Output, Diagnostic>> {
        let site = self.site;
        let section = &site.pages[id];
        let strings = self.views.strings(&section.lang);
        let mut results = Vec::new();
        for facet in self.views.facets(id, strings) {
            for value in &facet.values {
                let path = format!("{}{}/{}/", section.path, facet.field, value.value);
                // An untranslated section's title may run the other way than the value's name:
                // isolated (FSI … PDI, the plain-text <bdi>) so that the dash stays between them.
                let title = if section.is_fallback {
                    format!("\u{2068}{}\u{2069} – {}", section.front.title, value.name)
                } else {
                    format!("{} – {}", section.front.title, value.name)
                };
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
}
