//! Facets: the filters a reader can narrow results by (type, country, standard, theme), each
//! page's values, and the facets file with every value's name in the index's language.

use std::collections::BTreeMap;

use super::documents::Document;
use crate::locale::{i18n, Locale, Taxonomy};
use crate::resolve::{Page, Site};

/// The filters, in the order of the facets file's document entries.
const FILTERS: [&str; 4] = ["type", "country", "standard", "theme"];

/// A page's filter values: its type, countries, standards and themes, as ids with names.
pub(crate) fn page_facets(page: &Page) -> Vec<Vec<String>> {
    let standards = page
        .standards
        .iter()
        .map(|id| format!("{}-{}", id.framework, id.number))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    vec![
        vec![page.content_type.name().to_string()],
        Taxonomy::Countries.terms_of(&page.front),
        standards,
        Taxonomy::Themes.terms_of(&page.front),
    ]
}

/// The names of a page's type, countries and themes in its language, as one text: a reader
/// who types a theme's name (`aga`) finds the pages filed under it.
pub(crate) fn page_labels(page: &Page, locale: &Locale) -> String {
    let (strings, names, lang) = (locale.strings(&page.lang), locale.names(), &page.lang);
    let type_key = format!("type_{}", page.content_type.name());
    let mut labels = vec![i18n::text(strings, &type_key).to_string()];
    for taxonomy in [Taxonomy::Countries, Taxonomy::Themes] {
        let terms = taxonomy.terms_of(&page.front);
        labels.extend(terms.iter().map(|term| names.name(taxonomy, term, lang)));
    }
    labels.join(" ")
}

/// The facets file: every filter's values with their names, and each document's value indices.
pub(crate) fn facets(
    documents: &[&Document],
    site: &Site,
    locale: &Locale,
    lang: &str,
) -> serde_json::Value {
    let (strings, names) = (locale.strings(lang), locale.names());
    let mut values: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); FILTERS.len()];
    for document in documents {
        for (filter, ids) in document.facets.iter().enumerate() {
            for id in ids {
                values[filter].entry(id.as_str()).or_insert(0);
            }
        }
    }
    for map in &mut values {
        for (index, slot) in map.values_mut().enumerate() {
            *slot = index;
        }
    }
    let name = |filter: &str, id: &str| -> String {
        match filter {
            "type" => i18n::text(strings, &format!("type_{id}")).to_string(),
            "country" => names.name(Taxonomy::Countries, id, lang),
            "theme" => names.name(Taxonomy::Themes, id, lang),
            _ => {
                let (framework, number) = id.split_once('-').unwrap_or(("", id));
                let standard = crate::resolve::standards::StandardId {
                    framework: framework.to_string(),
                    number: number.to_string(),
                    sub: None,
                };
                let code = site.standards.code(framework, number, lang);
                site.standard_page(&standard, lang)
                    .map_or(code.clone(), |page| format!("{code} {}", page.front.title))
            }
        }
    };
    let value_lists: BTreeMap<&str, Vec<[String; 2]>> = FILTERS
        .iter()
        .zip(&values)
        .map(|(filter, map)| {
            (
                *filter,
                map.keys()
                    .map(|id| [id.to_string(), name(filter, id)])
                    .collect(),
            )
        })
        .collect();
    let docs: Vec<serde_json::Value> = documents
        .iter()
        .map(|d| {
            let index = |filter: usize| -> Vec<usize> {
                d.facets[filter]
                    .iter()
                    .map(|id| values[filter][id.as_str()])
                    .collect()
            };
            serde_json::json!([
                index(0).first().copied().unwrap_or(0),
                index(1),
                index(2),
                index(3)
            ])
        })
        .collect();
    serde_json::json!({"values": value_lists, "docs": docs})
}
