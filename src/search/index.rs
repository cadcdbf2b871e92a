//! A language's index: its documents analysed, their postings encoded and cut into shards, the
//! stored fields and the facets file written under content-hashed names, and the manifest that
//! names them all. [`LanguageIndex`] is what `soteria serve` keeps to go on from it after an
//! edit of page bodies (see `update`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::documents::{analyse, Document, PageDocuments, SearchCache};
use super::facets::facets;
use super::postings::{average_body, encode_postings, gather_postings, stems_of_forms};
use super::shards::{shard_file, shard_ranges, Shard};
use super::stored::{stored_file, stored_ranges, StoredPage};
use super::Analyzer;
use crate::locale::Locale;
use crate::output::{Output, Sink};
use crate::resolve::{PageId, Site};

/// The version of the index format.
const FORMAT: u32 = 5;

/// The last index `soteria serve` kept, and the pages whose bodies changed since: the site is
/// the one the index was made for but for those pages' contents (the same pages, the same ids).
pub(crate) struct Since<'a> {
    /// The last index, per language.
    pub(crate) indexes: Vec<LanguageIndex>,
    /// The pages whose documents may have changed.
    pub(crate) changed: &'a [PageId],
}

/// The index of every language, its files put into `sink` as soon as each language's are
/// made. From scratch; or with a `cache`, taking from it the documents of pages that did not
/// change; or, with a cache and the last index (`since`), from that index: only the changed
/// pages' documents are made again, with the postings of the stems they had or have, and only
/// the files that changed are put. Returns each language's index when there is a cache (to go
/// on from it), and the paths of the last index's files that the new one no longer has.
pub(crate) fn build_index(
    site: &Site,
    locale: &Locale,
    languages: &[&str],
    cache: Option<&SearchCache>,
    since: Option<Since<'_>>,
    sink: &dyn Sink,
) -> std::io::Result<(Vec<LanguageIndex>, Vec<String>)> {
    if let (Some(cache), Some(since)) = (cache, since) {
        return update_index(site, locale, cache, since, sink);
    }
    let mut indexes = Vec::new();
    // One language after the other (each is built in parallel): the documents of one language
    // at a time are in memory, not of all.
    for lang in languages {
        let (files, index) = build_language(site, locale, lang, cache);
        sink.put(files)?;
        if cache.is_some() {
            indexes.push(index);
        } else {
            // Its memory is given back while the next language is analysed.
            crate::drop_in_background(index);
        }
    }
    Ok((indexes, Vec::new()))
}

/// [`build_index`] from the last index: each language's with changed pages goes on from its
/// last one (see `update`), the others stay as they were.
fn update_index(
    site: &Site,
    locale: &Locale,
    cache: &SearchCache,
    since: Since<'_>,
    sink: &dyn Sink,
) -> std::io::Result<(Vec<LanguageIndex>, Vec<String>)> {
    let mut indexes = Vec::with_capacity(since.indexes.len());
    let mut removed = Vec::new();
    for index in since.indexes {
        let mine: Vec<PageId> = since
            .changed
            .iter()
            .copied()
            .filter(|&id| site.pages[id].lang == index.lang)
            .collect();
        if mine.is_empty() {
            indexes.push(index);
            continue;
        }
        let before: HashSet<String> = index.files().collect();
        let (files, index) = index.update(site, locale, cache, &mine);
        sink.put(files)?;
        let after: HashSet<String> = index.files().collect();
        removed.extend(before.difference(&after).cloned());
        indexes.push(index);
    }
    removed.sort();
    Ok((indexes, removed))
}

/// A language's index as `soteria serve` keeps it: enough to write again only the files an
/// edit of page bodies changes.
pub(crate) struct LanguageIndex {
    pub(crate) lang: String,
    /// The language's pages in site order, and each one's documents (ids follow this order).
    pub(crate) pages: Vec<PageId>,
    pub(crate) analysed: Vec<Arc<PageDocuments>>,
    /// The total lengths of the title, heading and body fields.
    pub(crate) lengths: [usize; 3],
    /// Each folded form and the stem it is indexed under.
    pub(crate) forms: BTreeMap<Arc<str>, Arc<str>>,
    /// Each stem's document frequency and encoded postings.
    pub(crate) encoded: FxHashMap<Arc<str>, (usize, Vec<u32>)>,
    /// The shards as last written.
    shards: Vec<Shard>,
    /// The stored fields' files, in order: the range of pages (indices into `pages`) each holds,
    /// and its name.
    stored: Vec<(std::ops::Range<usize>, String)>,
    facets: String,
}

impl std::fmt::Debug for LanguageIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageIndex")
            .field("lang", &self.lang)
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

impl LanguageIndex {
    /// Every file of the index but the manifest, by path.
    pub(crate) fn files(&self) -> impl Iterator<Item = String> + '_ {
        let dir = format!("search/{}/", self.lang);
        self.shards
            .iter()
            .map(|(_, _, _, name)| name)
            .chain(self.stored.iter().map(|(_, name)| name))
            .chain(std::iter::once(&self.facets))
            .map(move |name| format!("{dir}{name}"))
    }
}

pub(crate) fn build_language(
    site: &Site,
    locale: &Locale,
    lang: &str,
    cache: Option<&SearchCache>,
) -> (Vec<Output>, LanguageIndex) {
    let analyzer = Analyzer::new(lang);
    // Drafts (built with `--drafts`) are not for readers to find.
    let pages: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| site.pages[id].lang == lang && !site.pages[id].front.draft)
        .collect();
    let mut analysed = analyse(site, locale, &analyzer, &pages, cache);
    let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
    let (postings, lengths) = gather_postings(&documents, |_| true);
    drop(documents);
    if cache.is_none() {
        // A build keeps nothing: the stems' counts are in the postings now, so let them go.
        for page in &mut analysed {
            if let Some(page) = Arc::get_mut(page) {
                for document in &mut page.documents {
                    document.counts = Box::default();
                }
            }
        }
    }
    let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
    let average = average_body(&lengths, documents.len());
    // The forms' stems and the facets file are made one after the other while the postings
    // are encoded in parallel.
    let ((forms, (facets_name, facets_bytes)), encoded) = rayon::join(
        || {
            let forms = stems_of_forms(&analysed, |_| true);
            let facets = hashed("facets", &facets(&documents, site, locale, lang));
            (forms, facets)
        },
        || -> FxHashMap<Arc<str>, (usize, Vec<u32>)> {
            postings
                .into_par_iter()
                .map(|(stem, docs)| {
                    let encoded = encode_postings(&docs, &documents, average);
                    (stem, encoded)
                })
                .collect()
        },
    );
    drop(documents);

    let mut index = LanguageIndex {
        lang: lang.to_string(),
        pages,
        analysed,
        lengths,
        forms,
        encoded,
        shards: Vec::new(),
        stored: Vec::new(),
        facets: String::new(),
    };
    let mut outputs = vec![Output::bytes(
        format!("search/{lang}/{facets_name}"),
        facets_bytes,
    )];
    index.facets = facets_name;
    index.write(&Changed::default(), &mut outputs);
    (outputs, index)
}

/// What an edit changed in an index: forms and stems whose shard entries must be written again,
/// and pages (indices into the index's pages) whose stored fields must be.
#[derive(Default)]
pub(crate) struct Changed {
    pub(crate) forms: rustc_hash::FxHashSet<Arc<str>>,
    pub(crate) stems: rustc_hash::FxHashSet<Arc<str>>,
    pub(crate) pages: rustc_hash::FxHashSet<usize>,
}

impl LanguageIndex {
    /// Writes the shards whose forms or stems changed (all, the first time), the stored fields'
    /// files whose pages changed, and the manifest; the other files stay as they were.
    pub(crate) fn write(&mut self, changed: &Changed, outputs: &mut Vec<Output>) {
        let dir = format!("search/{}/", self.lang);
        let before: HashMap<(&str, &str, usize), &str> = self
            .shards
            .iter()
            .map(|(first, last, len, name)| ((&**first, &**last, *len), name.as_str()))
            .collect();
        let forms: Vec<(&Arc<str>, &Arc<str>)> = self.forms.iter().collect();
        // Each shard that changed is serialised and named in parallel, kept in order.
        let shards: Vec<(Shard, Option<Vec<u8>>)> = shard_ranges(&forms, &self.encoded)
            .into_par_iter()
            .map(|range| {
                let slice = &forms[range];
                let (first, last) = (slice[0].0, slice[slice.len() - 1].0);
                let untouched = slice.iter().all(|(form, stem)| {
                    !changed.forms.contains(*form) && !changed.stems.contains(*stem)
                });
                let previous = before.get(&(&**first, &**last, slice.len()));
                let (name, bytes) = match previous.filter(|_| untouched) {
                    Some(name) => ((*name).to_string(), None),
                    None => {
                        let bytes = shard_file(slice, &self.encoded);
                        let name = hashed_name("s", &bytes);
                        // A touched shard that comes out byte for byte as before (its name is
                        // its content's hash) is not written again.
                        match previous.filter(|p| **p == name) {
                            Some(_) => (name, None),
                            None => (name, Some(gzip(&bytes))),
                        }
                    }
                };
                let shard = (Arc::clone(first), Arc::clone(last), slice.len(), name);
                (shard, bytes)
            })
            .collect();
        self.shards = shards
            .into_iter()
            .map(|(shard, bytes)| {
                if let Some(bytes) = bytes {
                    outputs.push(Output::bytes(format!("{dir}{}", shard.3), bytes));
                }
                shard
            })
            .collect();

        self.write_stored(changed, outputs);
        let documents: Vec<&Document> = self.analysed.iter().flat_map(|p| &p.documents).collect();
        let total = documents.len().max(1) as f64;
        let manifest = serde_json::json!({
            "version": FORMAT,
            "lang": self.lang,
            "docs": documents.len(),
            "avg": self.lengths.map(|l| ((l as f64 / total) * 10.0).round() / 10.0),
            "shards": {
                "first": self.shards.iter().map(|(first, ..)| &**first).collect::<Vec<_>>(),
                "files": hashes(self.shards.iter().map(|(.., name)| name)),
            },
            "stored": {
                "docs": self.stored.iter().map(|(pages, _)| {
                    self.analysed[pages.clone()].iter().map(|p| p.documents.len()).sum::<usize>()
                }).collect::<Vec<_>>(),
                "files": hashes(self.stored.iter().map(|(_, name)| name)),
            },
            "facets": self.facets,
            "pages": pages_text(self.analysed.iter().map(|p| p.documents.len())),
        });
        outputs.push(Output::bytes(
            format!("{dir}manifest.json.gz"),
            gzip(&serde_json::to_vec(&manifest).unwrap_or_default()),
        ));
    }
}

impl LanguageIndex {
    /// Writes the stored fields' files whose pages changed (all, the first time): runs of whole
    /// pages (see `stored`); a file whose pages and bytes are as before keeps its name.
    fn write_stored(&mut self, changed: &Changed, outputs: &mut Vec<Output>) {
        let dir = format!("search/{}/", self.lang);
        let pages: Vec<StoredPage<'_>> = self
            .analysed
            .par_iter()
            .map(|page| {
                let own = page.documents.first().map(|d| &d.stored);
                StoredPage {
                    url: own.map_or("", |s| s.url()),
                    json: page
                        .documents
                        .iter()
                        .enumerate()
                        .map(|(at, d)| d.stored.to_json_after(own.filter(|_| at > 0)))
                        .collect(),
                }
            })
            .collect();
        let before: HashMap<(usize, usize), &str> = self
            .stored
            .iter()
            .map(|(range, name)| ((range.start, range.end), name.as_str()))
            .collect();
        let files: Vec<(std::ops::Range<usize>, String, Option<Vec<u8>>)> = stored_ranges(&pages)
            .into_par_iter()
            .map(|range| {
                let previous = before.get(&(range.start, range.end));
                let untouched = range.clone().all(|at| !changed.pages.contains(&at));
                if let Some(name) = previous.filter(|_| untouched) {
                    return (range, (*name).to_string(), None);
                }
                let bytes = stored_file(&pages[range.clone()]);
                let name = hashed_name("d", &bytes);
                let bytes = (previous != Some(&name.as_str())).then(|| gzip(&bytes));
                (range, name, bytes)
            })
            .collect();
        drop(pages);
        self.stored = files
            .into_iter()
            .map(|(range, name, bytes)| {
                if let Some(bytes) = bytes {
                    outputs.push(Output::bytes(format!("{dir}{name}"), bytes));
                }
                (range, name)
            })
            .collect();
    }
}

/// The content hashes of files named `prefix-HASH.json.gz`, one string: ten characters each.
fn hashes<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names
        .map(|name| {
            let hash = name.split_once('-').map_or("", |(_, rest)| rest);
            hash.strip_suffix(".json.gz").unwrap_or(hash)
        })
        .collect()
}

/// How many documents each page has, in order, one character each: `1`–`9`, `a`–`z`, `A`–`Y`
/// for 1 to 61, else `Z`, the number and `.`. The client groups a query's documents by page with
/// it (a page's own document comes first, its sections after it): one byte a page.
fn pages_text(counts: impl Iterator<Item = usize>) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY";
    let mut text = String::new();
    for count in counts {
        match count.checked_sub(1).and_then(|i| ALPHABET.get(i)) {
            Some(&c) => text.push(char::from(c)),
            None => text.push_str(&format!("Z{count}.")),
        }
    }
    text
}

/// JSON bytes, compressed, and a file name carrying their hash: `prefix-0123456789.json.gz`.
fn hashed(prefix: &str, value: &impl Serialize) -> (String, Vec<u8>) {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    (hashed_name(prefix, &bytes), gzip(&bytes))
}

/// The name of a file of JSON `bytes`, carrying their hash: `prefix-0123456789.json.gz`. A file
/// whose content changes gets a new name, so every file but the manifest can be cached forever.
pub(super) fn hashed_name(prefix: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hash}.json.gz")
}

/// `bytes` gzip-compressed, the same bytes for the same input (no time or name in the header).
/// Level 3: on the bench corpus a fifth of the JSON's bytes, 3% more than level 6, the usual
/// default, which took a tenth more of the whole build's CPU time (0.45 s of 4.7 s).
pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(3),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::pages_text;

    #[test]
    fn pages_are_one_character_each_and_long_ones_spelled_out() {
        assert_eq!(pages_text([1, 2, 10, 11, 61].into_iter()), "019aY");
        assert_eq!(pages_text([62, 0, 3].into_iter()), "Z62.Z0.2");
    }
}
