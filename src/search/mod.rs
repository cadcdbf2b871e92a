//! Search: a static index per language (`output/search/LANG/`), sharded by the first letters of
//! words, so that a query downloads only the shards of its words and the stored fields of the
//! results it shows. The format is described in `docs/search-index.md`; the client that reads it
//! is the theme's `js/search.js`.

mod analyze;
mod extract;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use analyze::{fold, Analyzer, Token};

use crate::output::Output;
use crate::render::context::Views;
use crate::render::i18n;
use crate::render::taxonomy::Taxonomy;
use crate::resolve::{Page, Site};

/// The version of the index format.
const FORMAT: u32 = 1;
/// How many leading characters of a word name its shard.
const PREFIX: usize = 2;
/// How many documents' stored fields share a file.
const STORED_CHUNK: usize = 64;
/// How much of a document's text is stored for excerpts.
const STORED_TEXT: usize = 600;

/// A document: a page or one of its sections.
struct Document {
    stored: Stored,
    title: Vec<Token>,
    heading: Vec<Token>,
    body: Vec<Token>,
    facets: Vec<Vec<String>>,
}

/// What the client shows of a result.
#[derive(Serialize)]
struct Stored {
    url: String,
    title: String,
    heading: String,
    #[serde(rename = "type")]
    content_type: String,
    text: String,
    date: String,
    /// The language of the text, when it is not the index's (an untranslated page).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
}

/// The filters, in the order of the facets file's document entries.
const FILTERS: [&str; 4] = ["type", "country", "standard", "theme"];

/// The index files of every language.
pub fn build_index(site: &Site, views: &Views<'_>, languages: &[&str]) -> Vec<Output> {
    languages
        .par_iter()
        .flat_map(|lang| build_language(site, views, lang))
        .collect()
}

fn build_language(site: &Site, views: &Views<'_>, lang: &str) -> Vec<Output> {
    let analyzer = Analyzer::new(lang);
    let strings = views.strings(lang);
    let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
    let documents: Vec<Document> = pages
        .par_iter()
        .flat_map_iter(|page| documents_of(page, views, &analyzer))
        .collect();
    let dir = format!("search/{lang}/");
    let mut outputs = Vec::new();

    // stem → doc → [title, heading, body] frequencies; form → stem.
    let mut postings: BTreeMap<&str, BTreeMap<u32, [u32; 3]>> = BTreeMap::new();
    let mut forms: BTreeMap<&str, &str> = BTreeMap::new();
    let mut lengths = [0usize; 3];
    for (id, document) in documents.iter().enumerate() {
        let fields = [&document.title, &document.heading, &document.body];
        for (field, tokens) in fields.iter().enumerate() {
            lengths[field] += tokens.len();
            for token in tokens.iter() {
                forms.entry(&token.form).or_insert(&token.stem);
                postings
                    .entry(&token.stem)
                    .or_default()
                    .entry(id as u32)
                    .or_insert([0; 3])[field] += 1;
            }
        }
    }

    let mut shard_forms: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for (form, stem) in &forms {
        shard_forms
            .entry(shard_key(form))
            .or_default()
            .push((form, stem));
    }
    let mut shards = BTreeMap::new();
    for (key, entries) in shard_forms {
        let mut local: BTreeMap<&str, usize> = BTreeMap::new();
        let mut shard_postings: Vec<Vec<u32>> = Vec::new();
        let mut shard_form_map: BTreeMap<&str, usize> = BTreeMap::new();
        for (form, stem) in entries {
            let index = *local.entry(stem).or_insert_with(|| {
                let list = postings[stem]
                    .iter()
                    .flat_map(|(&doc, tf)| {
                        [
                            doc,
                            tf[0],
                            tf[1],
                            tf[2],
                            documents[doc as usize].body.len() as u32,
                        ]
                    })
                    .collect();
                shard_postings.push(list);
                shard_postings.len() - 1
            });
            shard_form_map.insert(form, index);
        }
        let json = serde_json::json!({"forms": shard_form_map, "postings": shard_postings});
        let (name, bytes) = hashed("shard", &json);
        shards.insert(key, name.clone());
        outputs.push(Output::bytes(format!("{dir}{name}"), bytes));
    }

    let mut stored_files = Vec::new();
    for (chunk, docs) in documents.chunks(STORED_CHUNK).enumerate() {
        let stored: Vec<&Stored> = docs.iter().map(|d| &d.stored).collect();
        let (name, bytes) = hashed(&format!("docs-{chunk}"), &stored);
        stored_files.push(name.clone());
        outputs.push(Output::bytes(format!("{dir}{name}"), bytes));
    }

    let facets_json = facets(&documents, views, lang, strings);
    let (facets_name, facets_bytes) = hashed("facets", &facets_json);
    outputs.push(Output::bytes(format!("{dir}{facets_name}"), facets_bytes));

    let count = documents.len().max(1) as f64;
    let manifest = serde_json::json!({
        "version": FORMAT,
        "lang": lang,
        "docs": documents.len(),
        "avg": lengths.map(|l| ((l as f64 / count) * 10.0).round() / 10.0),
        "prefix": PREFIX,
        "shards": shards,
        "stored": {"size": STORED_CHUNK, "files": stored_files},
        "facets": facets_name,
    });
    outputs.push(Output::bytes(
        format!("{dir}manifest.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    outputs
}

/// The documents of a page: the page itself, then each `h2`/`h3` section.
fn documents_of(page: &Page, views: &Views<'_>, analyzer: &Analyzer) -> Vec<Document> {
    let url = views.url(page);
    let facets = page_facets(page);
    let date = page.front.date.clone().unwrap_or_default();
    extract::sections(&page.html)
        .into_iter()
        .enumerate()
        .filter(|(i, section)| *i == 0 || !section.id.is_empty())
        .map(|(i, section)| {
            let is_page = i == 0;
            let mut text = section.text.clone();
            if is_page {
                if let Some(description) = &page.front.description {
                    text = format!("{description} {text}");
                }
            }
            Document {
                title: if is_page {
                    analyzer.tokens(&page.front.title)
                } else {
                    Vec::new()
                },
                heading: analyzer.tokens(&section.heading),
                body: analyzer.tokens(&text),
                stored: Stored {
                    url: if is_page {
                        url.clone()
                    } else {
                        format!("{url}#{}", section.id)
                    },
                    title: page.front.title.clone(),
                    heading: section.heading,
                    content_type: page.content_type.clone(),
                    text: truncate(&text, STORED_TEXT),
                    date: date.clone(),
                    lang: page.is_fallback.then(|| page.content_lang.clone()),
                },
                facets: facets.clone(),
            }
        })
        .collect()
}

/// A page's filter values: its type, countries, standards and themes, as ids with names.
fn page_facets(page: &Page) -> Vec<Vec<String>> {
    let standards = page
        .standards
        .iter()
        .map(|id| format!("{}-{}", id.framework, id.number))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    vec![
        vec![page.content_type.clone()],
        Taxonomy::Countries.terms_of(page),
        standards,
        Taxonomy::Themes.terms_of(page),
    ]
}

/// The facets file: every filter's values with their names, and each document's value indices.
fn facets(
    documents: &[Document],
    views: &Views<'_>,
    lang: &str,
    strings: &i18n::StringMap,
) -> serde_json::Value {
    let names = views.names();
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
                views
                    .standard_link(&standard, lang)
                    .map_or_else(|| id.to_string(), |l| format!("{} {}", l.number, l.title))
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

/// The shard a folded form belongs to: its first characters.
fn shard_key(form: &str) -> String {
    form.chars().take(PREFIX).collect()
}

/// JSON bytes and a file name carrying their hash: `prefix-0123456789.json`.
fn hashed(prefix: &str, value: &impl Serialize) -> (String, Vec<u8>) {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    (format!("{prefix}-{hash}.json"), bytes)
}

/// At most `max` characters of `text`, cut at a word boundary.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}
