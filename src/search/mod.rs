//! Search: a static index per language (`output/search/LANG/`), sharded by the first letters of
//! words, so that a query downloads only the shards of its words and the stored fields of the
//! results it shows. The format is described in `docs/search-index.md`; the client that reads it
//! is the theme's `js/search.js`.

mod analyze;
mod extract;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use analyze::{fold, Analyzer, Token, Word, WordCache};

use crate::output::Output;
use crate::render::context::Views;
use crate::render::i18n;
use crate::render::taxonomy::Taxonomy;
use crate::resolve::{Page, Site};

/// The version of the index format.
const FORMAT: u32 = 2;
/// About how many bytes of forms and postings a shard holds before the next one starts.
const SHARD_TARGET: usize = 16 * 1024;
/// How many documents a stem's postings keep at most: the best by impact. A reader never pages
/// past the first results of a word that common, and this keeps every shard small.
const MAX_POSTINGS: usize = 1000;
/// How many documents' stored fields share a file.
const STORED_CHUNK: usize = 8;
/// How much of a document's text is stored for excerpts.
const STORED_TEXT: usize = 280;
/// BM25 parameters and field weights (title, heading, body).
const K1: f64 = 1.2;
const B: f64 = 0.75;
const WEIGHTS: [f64; 3] = [3.0, 2.0, 1.0];

/// A document: a page or one of its sections.
struct Document {
    stored: Stored,
    /// Each stem's number of occurrences in the title, the heading and the body.
    counts: Box<[(Arc<str>, [u32; 3])]>,
    /// How many words the title, the heading and the body have.
    lengths: [usize; 3],
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

/// A page's search documents, and the words first met in them.
pub struct PageDocuments {
    documents: Vec<Document>,
    words: Vec<Word>,
}

/// The pages' documents `soteria serve` analysed last time, by a fingerprint of everything they
/// are made of, so that a rebuild analyses only the pages that changed; the index is then
/// assembled from all of them as in a full build.
pub type SearchCache = crate::memo::Memo<Arc<PageDocuments>>;

impl SearchCache {
    fn documents(&self, page: &Page, views: &Views<'_>, analyzer: &Analyzer) -> Arc<PageDocuments> {
        let key = fingerprint(page, views);
        self.get(key).unwrap_or_else(|| {
            let mut words = WordCache::default();
            let documents = Arc::new(PageDocuments {
                documents: documents_of(page, views, analyzer, &mut words),
                words: words.take_new(),
            });
            self.keep(key, Arc::clone(&documents));
            documents
        })
    }
}

/// Everything [`documents_of`] reads of a page.
fn fingerprint(page: &Page, views: &Views<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        &page.lang,
        views.url(page),
        &page.html,
        &page.front.title,
        &page.front.description,
        &page.front.date,
        &page.content_type,
        page.is_fallback,
        &page.content_lang,
        page_facets(page),
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// The index files of every language; with a `cache`, only changed pages are analysed again.
pub fn build_index(
    site: &Site,
    views: &Views<'_>,
    languages: &[&str],
    cache: Option<&SearchCache>,
) -> Vec<Output> {
    languages
        .par_iter()
        .flat_map(|lang| build_language(site, views, lang, cache))
        .collect()
}

fn build_language(
    site: &Site,
    views: &Views<'_>,
    lang: &str,
    cache: Option<&SearchCache>,
) -> Vec<Output> {
    let analyzer = Analyzer::new(lang);
    let strings = views.strings(lang);
    let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang).collect();
    let analysed: Vec<Arc<PageDocuments>> = pages
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            // Without a cache, a run of pages shares one word cache: text repeats its words.
            let mut words = WordCache::default();
            chunk
                .iter()
                .map(|page| match cache {
                    Some(cache) => cache.documents(page, views, &analyzer),
                    None => Arc::new(PageDocuments {
                        documents: documents_of(page, views, &analyzer, &mut words),
                        words: words.take_new(),
                    }),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
    let dir = format!("search/{lang}/");
    let mut outputs = Vec::new();

    // Runs of documents are added up in parallel, then joined in document order, so each stem's
    // postings stay sorted by document.
    let (postings, lengths) = documents
        .par_chunks(256)
        .enumerate()
        .map(|(chunk, docs)| {
            let mut postings: HashMap<&str, Vec<(u32, [u32; 3])>> = HashMap::new();
            let mut lengths = [0usize; 3];
            for (offset, document) in docs.iter().enumerate() {
                let id = (chunk * 256 + offset) as u32;
                for (total, length) in lengths.iter_mut().zip(document.lengths) {
                    *total += length;
                }
                for (stem, tf) in &document.counts {
                    postings.entry(stem).or_default().push((id, *tf));
                }
            }
            (postings, lengths)
        })
        .reduce(
            || (HashMap::new(), [0; 3]),
            |(mut postings, mut lengths), (later, later_lengths)| {
                for (stem, mut docs) in later {
                    postings.entry(stem).or_default().append(&mut docs);
                }
                for (total, more) in lengths.iter_mut().zip(later_lengths) {
                    *total += more;
                }
                (postings, lengths)
            },
        );
    // The first document with a form decides its stem (see `WordCache::into_words`).
    let mut forms: BTreeMap<&str, &str> = BTreeMap::new();
    for word in analysed.iter().flat_map(|p| &p.words) {
        forms.entry(&word.form).or_insert(&word.stem);
    }

    let average_body = lengths[2] as f64 / documents.len().max(1) as f64;
    let encoded: HashMap<&str, (usize, Vec<u32>)> = postings
        .par_iter()
        .map(|(stem, docs)| (*stem, encode_postings(docs, &documents, average_body)))
        .collect();

    // Shards: consecutive runs of the sorted forms, each about SHARD_TARGET bytes.
    let mut first_forms: Vec<&str> = Vec::new();
    let mut shard_bytes: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<(&str, &str)> = Vec::new();
    let mut size = 0;
    let mut in_shard = std::collections::HashSet::new();
    for (form, stem) in &forms {
        if size >= SHARD_TARGET {
            first_forms.push(current[0].0);
            shard_bytes.push(shard_file(&current, &encoded));
            current.clear();
            size = 0;
            in_shard.clear();
        }
        size += form.len() + 6;
        if in_shard.insert(*stem) {
            size += encoded[stem].1.len() * 3 + 8;
        }
        current.push((form, stem));
    }
    if let Some((first, _)) = current.first() {
        first_forms.push(first);
        shard_bytes.push(shard_file(&current, &encoded));
    }
    let shard_dir = numbered_files(&dir, "s", shard_bytes, &mut outputs);

    let chunks: Vec<Vec<u8>> = documents
        .chunks(STORED_CHUNK)
        .map(|docs| {
            let stored: Vec<&Stored> = docs.iter().map(|d| &d.stored).collect();
            serde_json::to_vec(&stored).unwrap_or_default()
        })
        .collect();
    let stored_dir = numbered_files(&dir, "d", chunks, &mut outputs);

    let facets_json = facets(&documents, views, lang, strings);
    let (facets_name, facets_bytes) = hashed("facets", &facets_json);
    outputs.push(Output::bytes(format!("{dir}{facets_name}"), facets_bytes));

    let count = documents.len().max(1) as f64;
    let manifest = serde_json::json!({
        "version": FORMAT,
        "lang": lang,
        "docs": documents.len(),
        "avg": lengths.map(|l| ((l as f64 / count) * 10.0).round() / 10.0),
        "shards": {"dir": shard_dir, "first": first_forms},
        "stored": {"dir": stored_dir, "size": STORED_CHUNK},
        "facets": facets_name,
    });
    outputs.push(Output::bytes(
        format!("{dir}manifest.json"),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    outputs
}

/// The documents of a page: the page itself, then each `h2`/`h3` section.
fn documents_of(
    page: &Page,
    views: &Views<'_>,
    analyzer: &Analyzer,
    cache: &mut WordCache,
) -> Vec<Document> {
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
            let mut counts: FxHashMap<u32, [u32; 3]> = FxHashMap::default();
            let mut lengths = [0usize; 3];
            let title = if is_page {
                page.front.title.as_str()
            } else {
                ""
            };
            for (field, text) in [title, &section.heading, &text].into_iter().enumerate() {
                analyzer.each_stem(text, cache, |stem| {
                    lengths[field] += 1;
                    counts.entry(stem).or_insert([0; 3])[field] += 1;
                });
            }
            Document {
                counts: counts
                    .into_iter()
                    .map(|(stem, tf)| (Arc::clone(cache.stem(stem)), tf))
                    .collect(),
                lengths,
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
    documents: &[&Document],
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

/// A stem's postings: its document frequency, and for its best documents (by impact, at most
/// MAX_POSTINGS, in document order) pairs of the gap to the previous document id and the impact:
/// the document's BM25 score for the stem without the idf, weighted by field, times 100.
fn encode_postings(
    docs: &[(u32, [u32; 3])],
    documents: &[&Document],
    average_body: f64,
) -> (usize, Vec<u32>) {
    let mut scored: Vec<(u32, u32)> = docs
        .iter()
        .map(|&(doc, ref tf)| {
            let length = documents[doc as usize].lengths[2] as f64;
            let norm = K1 * (1.0 - B + B * length / average_body.max(1.0));
            let score: f64 = tf
                .iter()
                .zip(WEIGHTS)
                .filter(|(tf, _)| **tf > 0)
                .map(|(&tf, weight)| weight * f64::from(tf) * (K1 + 1.0) / (f64::from(tf) + norm))
                .sum();
            (doc, (score * 100.0).round().max(1.0) as u32)
        })
        .collect();
    if scored.len() > MAX_POSTINGS {
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(MAX_POSTINGS);
        scored.sort_by_key(|(doc, _)| *doc);
    }
    let mut previous = 0;
    let mut list = Vec::with_capacity(scored.len() * 2);
    for (doc, impact) in scored {
        list.push(doc - previous);
        list.push(impact);
        previous = doc;
    }
    (docs.len(), list)
}

/// Writes `files` as `DIR/0.json`, `DIR/1.json`, … in a folder named by the hash of them all
/// (`s-0123456789`), so that the manifest names one folder instead of every file, and every file
/// can still be cached forever under its path. Returns the folder's name.
fn numbered_files(
    dir: &str,
    prefix: &str,
    files: Vec<Vec<u8>>,
    outputs: &mut Vec<Output>,
) -> String {
    let mut hasher = Sha256::new();
    for file in &files {
        hasher.update((file.len() as u64).to_le_bytes());
        hasher.update(file);
    }
    let digest = hasher.finalize();
    let folder: String = format!(
        "{prefix}-{}",
        digest[..5]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    for (index, bytes) in files.into_iter().enumerate() {
        outputs.push(Output::bytes(format!("{dir}{folder}/{index}.json"), bytes));
    }
    folder
}

/// A shard's file: its forms, each with the index of its stem among the shard's stems, and each
/// stem's document frequency and postings.
fn shard_file(forms: &[(&str, &str)], encoded: &HashMap<&str, (usize, Vec<u32>)>) -> Vec<u8> {
    let mut local: BTreeMap<&str, usize> = BTreeMap::new();
    let mut df = Vec::new();
    let mut postings: Vec<&Vec<u32>> = Vec::new();
    let mut map = BTreeMap::new();
    for (form, stem) in forms {
        let index = *local.entry(stem).or_insert_with(|| {
            let (count, list) = &encoded[stem];
            df.push(*count);
            postings.push(list);
            postings.len() - 1
        });
        map.insert(*form, index);
    }
    serde_json::to_vec(&serde_json::json!({"forms": map, "df": df, "postings": postings}))
        .unwrap_or_default()
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
