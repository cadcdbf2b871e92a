//! Search: a static index per language (`output/search/LANG/`), sharded by the first letters of
//! words, so that a query downloads only the shards of its words and the stored fields of the
//! results it shows. The format is described in `docs/search-index.md`; the client that reads it
//! is the theme's `js/search.js`.

#![cfg_attr(not(test), warn(clippy::string_slice))]

mod analyze;

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
use crate::resolve::{Page, PageId, Site};

/// The version of the index format.
const FORMAT: u32 = 3;
/// How many bytes of forms and postings a shard holds at least (unless it is the last) and at
/// most (unless one stem's postings are larger); in between, one form in SHARD_CUT starts a
/// new shard (see [`shard_ranges`]).
const SHARD_MIN: usize = 8 * 1024;
const SHARD_MAX: usize = 48 * 1024;
const SHARD_CUT: u64 = 32;
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
    /// The page's filter values, shared by its documents.
    facets: Arc<Vec<Vec<String>>>,
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
        &*page.sections,
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

/// The index files of every language; with a `cache`, only changed pages are analysed again,
/// and each language's index is returned too, to be patched after an edit of page bodies.
/// With a `sink`, each language's files go there as soon as they are made (and are not
/// returned).
pub fn build_index(
    site: &Site,
    views: &Views<'_>,
    languages: &[&str],
    cache: Option<&SearchCache>,
    sink: Option<crate::render::Sink<'_>>,
) -> std::io::Result<(Vec<Output>, Vec<LanguageIndex>)> {
    let mut outputs = Vec::new();
    let mut indexes = Vec::new();
    // One language after the other (each is built in parallel): the documents of one language
    // at a time are in memory, not of all.
    for lang in languages {
        let (files, index) = build_language(site, views, lang, cache);
        match sink {
            Some(sink) => sink(&files)?,
            None => outputs.extend(files),
        }
        if cache.is_some() {
            indexes.push(index);
        } else {
            // Its memory is given back while the next language is analysed.
            crate::drop_in_background(index);
        }
    }
    Ok((outputs, indexes))
}

/// A shard as written: its first and last forms, its size in forms, and its file's name.
type Shard = (Arc<str>, Arc<str>, usize, String);

/// A language's index as `soteria serve` keeps it: enough to write again only the files an
/// edit of page bodies changes.
pub struct LanguageIndex {
    lang: String,
    /// The language's pages in site order, and each one's documents (ids follow this order).
    pages: Vec<PageId>,
    analysed: Vec<Arc<PageDocuments>>,
    /// The total lengths of the title, heading and body fields.
    lengths: [usize; 3],
    /// Each folded form and the stem it is indexed under.
    forms: BTreeMap<Arc<str>, Arc<str>>,
    /// Each stem's document frequency and encoded postings.
    encoded: FxHashMap<Arc<str>, (usize, Vec<u32>)>,
    /// The shards as last written.
    shards: Vec<Shard>,
    /// The stored fields' files, in order.
    stored: Vec<String>,
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
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        let dir = format!("search/{}/", self.lang);
        self.shards
            .iter()
            .map(|(_, _, _, name)| name)
            .chain(&self.stored)
            .chain(std::iter::once(&self.facets))
            .map(move |name| format!("{dir}{name}"))
    }
}

/// The documents of every page of `lang`, in site order.
fn analyse(
    site: &Site,
    views: &Views<'_>,
    analyzer: &Analyzer,
    pages: &[PageId],
    cache: Option<&SearchCache>,
) -> Vec<Arc<PageDocuments>> {
    pages
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            // Without a cache, a run of pages shares one word cache: text repeats its words.
            let mut words = WordCache::default();
            chunk
                .iter()
                .map(|&id| {
                    let page = &site.pages[id];
                    match cache {
                        Some(cache) => cache.documents(page, views, analyzer),
                        None => Arc::new(PageDocuments {
                            documents: documents_of(page, views, analyzer, &mut words),
                            words: words.take_new(),
                        }),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The average body length the impacts are computed with: whole words, so that an edit
/// seldom changes it (and with it every stem's postings).
fn average_body(lengths: &[usize; 3], documents: usize) -> f64 {
    (lengths[2] as f64 / documents.max(1) as f64).round()
}

fn build_language(
    site: &Site,
    views: &Views<'_>,
    lang: &str,
    cache: Option<&SearchCache>,
) -> (Vec<Output>, LanguageIndex) {
    let analyzer = Analyzer::new(lang);
    let pages: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| site.pages[id].lang == lang)
        .collect();
    let mut analysed = analyse(site, views, &analyzer, &pages, cache);
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
    let strings = views.strings(lang);
    // The forms' stems and the facets file are made one after the other while the postings
    // are encoded in parallel.
    let ((forms, (facets_name, facets_bytes)), encoded) = rayon::join(
        || {
            let forms = stems_of_forms(&analysed, |_| true);
            let facets = hashed("facets", &facets(&documents, views, lang, strings));
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
    let documents = index
        .analysed
        .iter()
        .map(|p| p.documents.len())
        .sum::<usize>();
    let chunks: Vec<usize> = (0..documents.div_ceil(STORED_CHUNK)).collect();
    index.facets = facets_name;
    index.write(&Changed::default(), &chunks, &mut outputs);
    (outputs, index)
}

/// A stem's documents, in order, with its counts in their title, heading and body.
type StemPostings = Vec<(u32, [u32; 3])>;

/// Some stems' postings.
type Bucket = FxHashMap<Arc<str>, StemPostings>;

/// Each stem's postings, spread over buckets by the stem's hash: runs of documents are gathered
/// in parallel, and then each bucket is joined in parallel, not one map into another.
struct Postings {
    buckets: Vec<Bucket>,
}

/// How many buckets [`Postings`] has.
const POSTING_BUCKETS: usize = 64;

fn bucket_of(stem: &str) -> usize {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(stem) % POSTING_BUCKETS as u64) as usize
}

impl Postings {
    fn get(&self, stem: &Arc<str>) -> Option<&StemPostings> {
        self.buckets[bucket_of(stem)].get(stem)
    }

    fn into_par_iter(self) -> impl ParallelIterator<Item = (Arc<str>, StemPostings)> {
        self.buckets.into_par_iter().flat_map_iter(|bucket| bucket)
    }
}

/// The postings of the stems `keep` accepts, in document order, and the total lengths of the
/// title, heading and body fields. Runs of documents are added up in parallel, then each
/// bucket's runs are joined in order, so each stem's postings stay sorted by document.
fn gather_postings(
    documents: &[&Document],
    keep: impl Fn(&Arc<str>) -> bool + Sync,
) -> (Postings, [usize; 3]) {
    let runs: Vec<(Vec<Bucket>, [usize; 3])> = documents
        .par_chunks(256)
        .enumerate()
        .map(|(chunk, docs)| {
            let mut buckets = vec![FxHashMap::default(); POSTING_BUCKETS];
            let mut lengths = [0usize; 3];
            for (offset, document) in docs.iter().enumerate() {
                let id = (chunk * 256 + offset) as u32;
                for (total, length) in lengths.iter_mut().zip(document.lengths) {
                    *total += length;
                }
                for (stem, tf) in document.counts.iter().filter(|(stem, _)| keep(stem)) {
                    let bucket: &mut Bucket = &mut buckets[bucket_of(stem)];
                    match bucket.get_mut(stem) {
                        Some(docs) => docs.push((id, *tf)),
                        None => {
                            bucket.insert(Arc::clone(stem), vec![(id, *tf)]);
                        }
                    }
                }
            }
            (buckets, lengths)
        })
        .collect();
    let mut lengths = [0usize; 3];
    let mut by_bucket: Vec<Vec<Bucket>> = (0..POSTING_BUCKETS)
        .map(|_| Vec::with_capacity(runs.len()))
        .collect();
    for (buckets, run_lengths) in runs {
        for (total, more) in lengths.iter_mut().zip(run_lengths) {
            *total += more;
        }
        for (all, bucket) in by_bucket.iter_mut().zip(buckets) {
            all.push(bucket);
        }
    }
    let buckets = by_bucket
        .into_par_iter()
        .map(|runs| {
            let mut runs = runs.into_iter();
            let mut joined = runs.next().unwrap_or_default();
            for run in runs {
                for (stem, mut docs) in run {
                    joined.entry(stem).or_default().append(&mut docs);
                }
            }
            joined
        })
        .collect();
    (Postings { buckets }, lengths)
}

/// The stem of each form `keep` accepts: the first page with the form decides (see
/// `WordCache::take_new`).
fn stems_of_forms(
    analysed: &[Arc<PageDocuments>],
    keep: impl Fn(&Arc<str>) -> bool,
) -> BTreeMap<Arc<str>, Arc<str>> {
    let mut forms: BTreeMap<Arc<str>, Arc<str>> = BTreeMap::new();
    for word in analysed.iter().flat_map(|p| &p.words) {
        if keep(&word.form) && !forms.contains_key(&word.form) {
            forms.insert(Arc::clone(&word.form), Arc::clone(&word.stem));
        }
    }
    forms
}

/// What an edit changed in an index: forms and stems whose shard entries must be written again.
#[derive(Default)]
struct Changed {
    forms: rustc_hash::FxHashSet<Arc<str>>,
    stems: rustc_hash::FxHashSet<Arc<str>>,
}

impl LanguageIndex {
    /// Writes the shards whose forms or stems changed (all, the first time), the stored fields
    /// of the document chunks `chunks`, and the manifest; the other files stay as they were.
    fn write(&mut self, changed: &Changed, chunks: &[usize], outputs: &mut Vec<Output>) {
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
                let kept = before
                    .get(&(&**first, &**last, slice.len()))
                    .filter(|_| untouched);
                let (name, bytes) = match kept {
                    Some(name) => ((*name).to_string(), None),
                    None => {
                        let bytes = shard_file(slice, &self.encoded);
                        (hashed_name("s", &bytes), Some(bytes))
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

        let documents: Vec<&Document> = self.analysed.iter().flat_map(|p| &p.documents).collect();
        let count = documents.chunks(STORED_CHUNK).len();
        self.stored.resize(count, String::new());
        let written: Vec<(usize, String, Vec<u8>)> = chunks
            .par_iter()
            .filter_map(|&chunk| {
                let docs = documents.chunks(STORED_CHUNK).nth(chunk)?;
                let stored: Vec<&Stored> = docs.iter().map(|d| &d.stored).collect();
                let bytes = serde_json::to_vec(&stored).unwrap_or_default();
                Some((chunk, hashed_name("d", &bytes), bytes))
            })
            .collect();
        for (chunk, name, bytes) in written {
            outputs.push(Output::bytes(format!("{dir}{name}"), bytes));
            self.stored[chunk] = name;
        }

        let total = documents.len().max(1) as f64;
        let manifest = serde_json::json!({
            "version": FORMAT,
            "lang": self.lang,
            "docs": documents.len(),
            "avg": self.lengths.map(|l| ((l as f64 / total) * 10.0).round() / 10.0),
            "shards": {
                "first": self.shards.iter().map(|(first, ..)| &**first).collect::<Vec<_>>(),
                "files": self.shards.iter().map(|(.., name)| name).collect::<Vec<_>>(),
            },
            "stored": {"files": self.stored, "size": STORED_CHUNK},
            "facets": self.facets,
        });
        outputs.push(Output::bytes(
            format!("{dir}manifest.json"),
            serde_json::to_vec(&manifest).unwrap_or_default(),
        ));
    }

    /// Takes in new bodies of the pages `changed` (ids of this language's pages): their
    /// documents, the postings of the stems they had or have, the forms they had or have, and
    /// writes the files that changed. `None` when the edit reaches every stem's postings (a
    /// page gained or lost a section, shifting document ids, or the average body length moved):
    /// the index must then be built again.
    fn patch(
        &mut self,
        site: &Site,
        views: &Views<'_>,
        cache: &SearchCache,
        changed_pages: &[PageId],
        outputs: &mut Vec<Output>,
    ) -> Option<()> {
        let analyzer = Analyzer::new(&self.lang);
        let mut changed = Changed::default();
        let mut lengths = self.lengths;
        let mut replaced = Vec::new();
        for &id in changed_pages {
            let at = self.pages.binary_search(&id).ok()?;
            let new = cache.documents(&site.pages[id], views, &analyzer);
            let old = &self.analysed[at];
            if new.documents.len() != old.documents.len() {
                return None;
            }
            for (old, new) in old.documents.iter().zip(&new.documents) {
                for (total, (before, now)) in
                    lengths.iter_mut().zip(old.lengths.iter().zip(new.lengths))
                {
                    *total = *total - before + now;
                }
            }
            for document in old.documents.iter().chain(&new.documents) {
                changed
                    .stems
                    .extend(document.counts.iter().map(|(stem, _)| Arc::clone(stem)));
            }
            changed.forms.extend(
                old.words
                    .iter()
                    .chain(&new.words)
                    .map(|w| Arc::clone(&w.form)),
            );
            replaced.push((at, new));
        }
        let count: usize = self.analysed.iter().map(|p| p.documents.len()).sum();
        let average = average_body(&self.lengths, count);
        if average_body(&lengths, count) != average {
            return None;
        }
        let mut chunks = Vec::new();
        let first_doc: Vec<usize> = self
            .analysed
            .iter()
            .scan(0, |next, p| {
                let first = *next;
                *next += p.documents.len();
                Some(first)
            })
            .collect();
        for (at, new) in replaced {
            let first = first_doc[at];
            chunks.extend((first..first + new.documents.len()).map(|d| d / STORED_CHUNK));
            self.analysed[at] = new;
        }
        chunks.sort_unstable();
        chunks.dedup();
        self.lengths = lengths;

        // The postings of the stems the pages had or have, from every document.
        let documents: Vec<&Document> = self.analysed.iter().flat_map(|p| &p.documents).collect();
        let (postings, _) = gather_postings(&documents, |stem| changed.stems.contains(stem));
        for stem in &changed.stems {
            match postings.get(stem) {
                Some(docs) => {
                    let encoded = encode_postings(docs, &documents, average);
                    self.encoded.insert(Arc::clone(stem), encoded);
                }
                None => {
                    self.encoded.remove(stem);
                }
            }
        }
        // The forms the pages had or have: the first page with each decides its stem.
        let found = stems_of_forms(&self.analysed, |form| changed.forms.contains(form));
        for form in &changed.forms {
            match found.get(form) {
                Some(stem) => {
                    self.forms.insert(Arc::clone(form), Arc::clone(stem));
                }
                None => {
                    self.forms.remove(form);
                }
            }
        }
        drop(documents);
        self.write(&changed, &chunks, outputs);
        Some(())
    }
}

/// Patches the indexes of the languages of the pages `changed` after an edit of their bodies
/// (building a language's again where a patch cannot do): the files written, and the paths of
/// the files the indexes no longer have.
pub fn patch_index(
    indexes: &mut [LanguageIndex],
    site: &Site,
    views: &Views<'_>,
    cache: &SearchCache,
    changed: &[PageId],
) -> (Vec<Output>, Vec<String>) {
    let mut outputs = Vec::new();
    let mut removed = Vec::new();
    for index in indexes.iter_mut() {
        let mine: Vec<PageId> = changed
            .iter()
            .copied()
            .filter(|&id| site.pages[id].lang == index.lang)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let before: std::collections::HashSet<String> = index.files().collect();
        let mut written = Vec::new();
        if index
            .patch(site, views, cache, &mine, &mut written)
            .is_none()
        {
            let (files, built) = build_language(site, views, &index.lang, Some(cache));
            written = files;
            *index = built;
        }
        let after: std::collections::HashSet<String> = index.files().collect();
        removed.extend(before.difference(&after).cloned());
        outputs.extend(written);
    }
    removed.sort();
    (outputs, removed)
}

/// The shards: consecutive runs of the sorted forms. A shard ends before a form whose hash says
/// so once the shard has [`SHARD_MIN`] bytes (or at [`SHARD_MAX`]), so where shards begin
/// depends on the forms around, not on everything before: an edit changes few shards.
fn shard_ranges(
    forms: &[(&Arc<str>, &Arc<str>)],
    encoded: &FxHashMap<Arc<str>, (usize, Vec<u32>)>,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut size = 0;
    let mut in_shard = rustc_hash::FxHashSet::default();
    for (at, (form, stem)) in forms.iter().enumerate() {
        if at > start
            && (size >= SHARD_MAX
                || (size >= SHARD_MIN && fnv1a(form.as_bytes()).is_multiple_of(SHARD_CUT)))
        {
            ranges.push(start..at);
            start = at;
            size = 0;
            in_shard.clear();
        }
        size += form.len() + 6;
        if in_shard.insert(*stem) {
            size += encoded.get(*stem).map_or(0, |(_, list)| list.len() * 3 + 8);
        }
    }
    if start < forms.len() {
        ranges.push(start..forms.len());
    }
    ranges
}

/// The character of `text` starting at byte `at`, and its length in bytes; an ASCII byte is
/// taken as it is, only other characters are decoded (the text scans of [`analyze`] read a
/// character at a time, and most are ASCII).
#[inline(always)]
fn char_at(text: &str, at: usize) -> (char, usize) {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => (char::from(byte), 1),
        // Past the end, or inside a character (callers step whole characters: never), it is a
        // space of one byte, which ends any word and moves the scan on.
        _ => match text.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c, c.len_utf8()),
            None => (' ', 1),
        },
    }
}

/// The 64-bit FNV-1a hash: small, stable across versions and machines.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The documents of a page: the page itself, then each `h2`/`h3` section.
fn documents_of(
    page: &Page,
    views: &Views<'_>,
    analyzer: &Analyzer,
    cache: &mut WordCache,
) -> Vec<Document> {
    let url = views.url(page);
    let facets = Arc::new(page_facets(page));
    let date = page.front.date.clone().unwrap_or_default();
    page.sections
        .iter()
        .enumerate()
        .filter(|(i, section)| *i == 0 || !section.id.is_empty())
        .map(|(i, section)| {
            let is_page = i == 0;
            let text = match &page.front.description {
                Some(description) if is_page => format!("{description} {}", section.text).into(),
                _ => std::borrow::Cow::Borrowed(section.text),
            };
            let mut counts: FxHashMap<u32, [u32; 3]> = FxHashMap::default();
            let mut lengths = [0usize; 3];
            let title = if is_page {
                page.front.title.as_str()
            } else {
                ""
            };
            for (field, text) in [title, section.heading, &text].into_iter().enumerate() {
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
                    heading: section.heading.to_string(),
                    content_type: page.content_type.clone(),
                    text: truncate(&text, STORED_TEXT),
                    date: date.clone(),
                    lang: page.is_fallback.then(|| page.content_lang.clone()),
                },
                facets: Arc::clone(&facets),
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
        // The best MAX_POSTINGS by impact (ties: the earlier document), found without sorting
        // them all: the order is total, so they are the same ones a sort would keep.
        scored.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(MAX_POSTINGS);
        scored.sort_unstable_by_key(|(doc, _)| *doc);
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

/// A shard's file: its forms, each with the index of its stem among the shard's stems, and each
/// stem's document frequency and postings.
fn shard_file(
    forms: &[(&Arc<str>, &Arc<str>)],
    encoded: &FxHashMap<Arc<str>, (usize, Vec<u32>)>,
) -> Vec<u8> {
    let mut local: BTreeMap<&str, usize> = BTreeMap::new();
    let mut df = Vec::new();
    let mut postings: Vec<&Vec<u32>> = Vec::new();
    let mut map = BTreeMap::new();
    for (form, stem) in forms {
        let index = *local.entry(&***stem).or_insert_with(|| {
            let (count, list) = &encoded[*stem];
            df.push(*count);
            postings.push(list);
            postings.len() - 1
        });
        map.insert(&***form, index);
    }
    serde_json::to_vec(&serde_json::json!({"forms": map, "df": df, "postings": postings}))
        .unwrap_or_default()
}

/// JSON bytes and a file name carrying their hash: `prefix-0123456789.json`.
fn hashed(prefix: &str, value: &impl Serialize) -> (String, Vec<u8>) {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    (hashed_name(prefix, &bytes), bytes)
}

/// The name of a file of `bytes`, carrying their hash: `prefix-0123456789.json`. A file whose
/// content changes gets a new name, so every file but the manifest can be cached forever.
fn hashed_name(prefix: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hash}.json")
}

/// At most `max` characters of `text`, cut at a word boundary.
fn truncate(text: &str, max: usize) -> String {
    // Fewer bytes than `max` are fewer characters too; else find where character `max` starts.
    let cut_at = if text.len() <= max {
        None
    } else {
        text.char_indices().nth(max).map(|(at, _)| at)
    };
    let Some(cut_at) = cut_at else {
        return text.to_string();
    };
    // `char_indices` gave `cut_at`, so both parts are whole characters.
    let (cut, _) = text.split_at_checked(cut_at).unwrap_or((text, ""));
    match cut.rsplit_once(' ') {
        Some((words, _)) => format!("{words}…"),
        None => format!("{cut}…"),
    }
}

/// Takes a page's `sections` in as the index takes them: the words of each in every language of
/// `languages` (for the fuzz targets, feature `fuzzing`).
#[cfg(feature = "fuzzing")]
pub fn analyse_for_fuzzing(sections: &crate::markdown::Sections, languages: &[&str]) {
    for lang in languages {
        let analyzer = Analyzer::new(lang);
        let mut cache = WordCache::default();
        for section in sections.iter() {
            analyzer.each_word(section.heading, &mut cache, |_| {});
            analyzer.each_word(section.text, &mut cache, |_| {});
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::truncate;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// A cut excerpt is the start of the text (with `…` when cut), at most `max` characters
        /// and the mark.
        #[test]
        fn cut_excerpts_are_prefixes(text in text(32), max in 0usize..40) {
            let cut = truncate(&text, max);
            match cut.strip_suffix('…') {
                Some(kept) if cut != text => {
                    prop_assert!(text.starts_with(kept), "{:?} → {:?}", text, cut);
                    prop_assert!(kept.chars().count() <= max);
                }
                _ => prop_assert_eq!(&cut, &text),
            }
        }
    }
}
