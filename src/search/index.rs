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
use super::postings::{
    average_body, encode_postings, gather_postings, join, stems_of_forms, Encoded,
};
use super::shards::{shard_file, shard_ranges, Shard};
use super::stored::{stored_file, stored_ranges, StoredPage};
use super::Analyzer;
use crate::locale::Locale;
use crate::output::{Output, Sink};
use crate::resolve::{PageId, Site};

/// The version of the index format.
const FORMAT: u32 = 5;

/// Asked now and then while `soteria serve` makes the index an edit left: `true` when another
/// edit waits, and the index is left for later (the pages of the next edit come first).
pub(crate) type Interrupt<'a> = &'a (dyn Fn() -> bool + Sync);

/// The index of every language, made from scratch, or with a `cache` taking from it the
/// documents of pages that did not change; its files are put into `sink` as soon as each
/// language's are made. Returns each language's index when there is a cache (`soteria serve`
/// goes on from them, see [`update_indexes`]).
pub(crate) fn build_index(
    site: &Site,
    locale: &Locale,
    languages: &[&str],
    cache: Option<&SearchCache>,
    sink: &dyn Sink,
) -> std::io::Result<Vec<LanguageIndex>> {
    let mut indexes = Vec::new();
    // One language after the other (each is built in parallel): the documents of one language
    // at a time are in memory, not of all.
    for lang in languages {
        let made = build_language(site, locale, lang, cache, &HashSet::new(), &|| false);
        // Never interrupted.
        let Some((files, index)) = made else { continue };
        sink.put(files)?;
        if cache.is_some() {
            indexes.push(index);
        } else {
            // Its memory is given back while the next language is analysed.
            crate::drop_in_background(index);
        }
    }
    Ok(indexes)
}

/// What the index has not taken in yet (see [`update_indexes`]).
pub(crate) struct Pending<'a> {
    /// The pages whose documents may have changed.
    pub(crate) changed: &'a [PageId],
    /// The languages whose index must be made again.
    pub(crate) again: &'a [String],
}

/// What [`update_indexes`] did.
pub(crate) struct Updated {
    /// The paths of the files the indexes no longer have.
    pub(crate) removed: Vec<String>,
    /// How many of the languages, in order, are up to date: all of them unless interrupted.
    pub(crate) done: usize,
}

/// `soteria serve`'s index after edits, made from the last one (`indexes`, per language, made
/// for the same pages under the same ids but for the contents of `changed`): a language in
/// `again` is made again from the documents kept in `cache` (pages were added, or the facets
/// changed); in the others only the changed pages' documents are made again, with the postings
/// of the stems they had or have (see `update`). Only files that did not exist before are put
/// into `sink`. One language after the other: when `interrupted` says so, the languages from
/// [`Updated::done`] on are left as they were, with nothing of theirs put.
pub(crate) fn update_indexes(
    site: &Site,
    locale: &Locale,
    cache: &SearchCache,
    indexes: &mut [LanguageIndex],
    Pending { changed, again }: Pending<'_>,
    sink: &dyn Sink,
    interrupted: Interrupt<'_>,
) -> std::io::Result<Updated> {
    let mut removed = Vec::new();
    for (done, index) in indexes.iter_mut().enumerate() {
        let mine: Vec<PageId> = changed
            .iter()
            .copied()
            .filter(|&id| site.pages[id].lang == index.lang)
            .collect();
        let from_scratch = again.contains(&index.lang);
        if mine.is_empty() && !from_scratch {
            continue;
        }
        let before: HashSet<String> = index.files().collect();
        let mut made = match from_scratch {
            true => None,
            false => match index.update(site, locale, cache, &mine, &before, interrupted) {
                Update::Made(files) => Some(files),
                Update::Interrupted => return Ok(Updated { removed, done }),
                Update::Again => None,
            },
        };
        if made.is_none() {
            match build_language(site, locale, &index.lang, Some(cache), &before, interrupted) {
                Some((files, new)) => {
                    *index = new;
                    made = Some(files);
                }
                None => return Ok(Updated { removed, done }),
            }
        }
        sink.put(made.unwrap_or_default())?;
        let after: HashSet<String> = index.files().collect();
        removed.extend(before.difference(&after).cloned());
    }
    removed.sort();
    Ok(Updated {
        removed,
        done: indexes.len(),
    })
}

/// What [`LanguageIndex::update`] did.
pub(crate) enum Update {
    /// The index took the edits in: the files that changed.
    Made(Vec<Output>),
    /// The edits reach every stem's postings: the index must be made again.
    Again,
    /// Left as it was.
    Interrupted,
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
    pub(crate) encoded: FxHashMap<Arc<str>, Encoded>,
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

/// A language's index from scratch, or from the documents kept in `cache`; the files whose
/// paths are `known` (made before, with the same content: their names are their contents'
/// hashes) are not made again. `None` when `interrupted`.
pub(crate) fn build_language(
    site: &Site,
    locale: &Locale,
    lang: &str,
    cache: Option<&SearchCache>,
    known: &HashSet<String>,
    interrupted: Interrupt<'_>,
) -> Option<(Vec<Output>, LanguageIndex)> {
    let analyzer = Analyzer::new(lang);
    // Drafts (built with `--drafts`) are not for readers to find.
    let pages: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| site.pages[id].lang == lang && !site.pages[id].front.draft)
        .collect();
    // A build keeps nothing: its pages' stem counts are added up as they are analysed.
    let (analysed, runs) = analyse(site, locale, &analyzer, &pages, cache);
    if interrupted() {
        return None;
    }
    let (postings, lengths) = match runs {
        Some(runs) => join(runs),
        None => {
            let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
            gather_postings(&documents, |_| true, interrupted)?
        }
    };
    if interrupted() {
        return None;
    }
    let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
    let average = average_body(&lengths, documents.len());
    // The forms' stems and the facets file are made one after the other while the postings
    // are encoded in parallel.
    let ((forms, (facets_name, facets_bytes)), encoded) = rayon::join(
        || {
            let forms = stems_of_forms(&analysed, |_| true, interrupted);
            let facets = hashed("facets", &facets(&documents, site, locale, lang));
            (forms, facets)
        },
        || -> Option<FxHashMap<Arc<str>, Encoded>> {
            postings
                .into_par_iter()
                .map(|(stem, docs)| {
                    if interrupted() {
                        return None;
                    }
                    let encoded = encode_postings(&docs, &documents, average);
                    Some((stem, encoded))
                })
                .collect()
        },
    );
    drop(documents);
    let (forms, encoded) = (forms?, encoded?);
    if interrupted() {
        return None;
    }

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
    let mut outputs = Vec::new();
    if !known.contains(&format!("search/{lang}/{facets_name}")) {
        outputs.push(Output::bytes(
            format!("search/{lang}/{facets_name}"),
            facets_bytes,
        ));
    }
    index.facets = facets_name;
    index.write(&Changed::default(), known, &mut outputs, interrupted)?;
    Some((outputs, index))
}

/// A file of stored fields: the range of pages (indices into the index's pages) it holds, its
/// name, and its bytes when they are to be written.
type StoredFile = (std::ops::Range<usize>, String, Option<Vec<u8>>);

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
    /// files whose pages changed, and the manifest; the other files, and those whose paths are
    /// `known` (the same content under the same name), stay as they were. `None`, with the
    /// index's files as they were, when `interrupted`.
    pub(crate) fn write(
        &mut self,
        changed: &Changed,
        known: &HashSet<String>,
        outputs: &mut Vec<Output>,
        interrupted: Interrupt<'_>,
    ) -> Option<()> {
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
                if interrupted() {
                    return None;
                }
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
                        let new = !known.contains(&format!("{dir}{name}"));
                        (name, new.then(|| gzip(&bytes)))
                    }
                };
                let shard = (Arc::clone(first), Arc::clone(last), slice.len(), name);
                Some((shard, bytes))
            })
            .collect::<Option<_>>()?;
        let stored = self.write_stored(changed, known, interrupted)?;
        self.shards = shards
            .into_iter()
            .map(|(shard, bytes)| {
                if let Some(bytes) = bytes {
                    outputs.push(Output::bytes(format!("{dir}{}", shard.3), bytes));
                }
                shard
            })
            .collect();
        self.stored = stored
            .into_iter()
            .map(|(range, name, bytes)| {
                if let Some(bytes) = bytes {
                    outputs.push(Output::bytes(format!("{dir}{name}"), bytes));
                }
                (range, name)
            })
            .collect();

        let count: usize = self.analysed.iter().map(|p| p.documents.len()).sum();
        let total = count.max(1) as f64;
        let manifest = serde_json::json!({
            "version": FORMAT,
            "lang": self.lang,
            "docs": count,
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
        Some(())
    }

    /// The stored fields' files: runs of whole pages (see `stored`), with the bytes of those
    /// whose pages changed and that were not written before (a file whose pages and bytes are
    /// as before keeps its name). `None` when `interrupted`.
    fn write_stored(
        &self,
        changed: &Changed,
        known: &HashSet<String>,
        interrupted: Interrupt<'_>,
    ) -> Option<Vec<StoredFile>> {
        let dir = format!("search/{}/", self.lang);
        let pages: Vec<StoredPage<'_>> = self
            .analysed
            .par_iter()
            .map(|page| StoredPage {
                url: page.documents.first().map_or("", |d| d.stored.url()),
                json: page.stored_json(),
            })
            .collect();
        let before: HashMap<(usize, usize), &str> = self
            .stored
            .iter()
            .map(|(range, name)| ((range.start, range.end), name.as_str()))
            .collect();
        stored_ranges(&pages)
            .into_par_iter()
            .map(|range| {
                if interrupted() {
                    return None;
                }
                let previous = before.get(&(range.start, range.end));
                let untouched = range.clone().all(|at| !changed.pages.contains(&at));
                if let Some(name) = previous.filter(|_| untouched) {
                    return Some((range, (*name).to_string(), None));
                }
                let bytes = stored_file(&pages[range.clone()]);
                let name = hashed_name("d", &bytes);
                let bytes = (!known.contains(&format!("{dir}{name}"))).then(|| gzip(&bytes));
                Some((range, name, bytes))
            })
            .collect()
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

/// How many documents each page has, in order, one character each: `0`–`9`, `a`–`z`, `A`–`Y`
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
