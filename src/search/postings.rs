//! Postings: for each stem, the documents it is in and its impact on each (BM25 without the
//! idf, weighted by field), gathered in parallel and encoded as the shards store them.

use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::documents::{Document, PageDocuments};
use super::Interrupt;

/// How many documents a stem's postings keep at most: the best by impact. A reader never pages
/// past the first results of a word that common, and this keeps every shard small.
const MAX_POSTINGS: usize = 1000;
/// BM25 parameters and field weights (title, heading, body).
const K1: f64 = 1.2;
const B: f64 = 0.75;
const WEIGHTS: [f64; 3] = [3.0, 2.0, 1.0];

/// The average body length the impacts are computed with: whole words, so that an edit
/// seldom changes it (and with it every stem's postings).
pub(crate) fn average_body(lengths: &[usize; 3], documents: usize) -> f64 {
    (lengths[2] as f64 / documents.max(1) as f64).round()
}

/// A stem's documents, in order, with its counts in their title, heading and body.
pub(crate) type StemPostings = Vec<(u32, [u32; 3])>;

/// Some stems' postings.
type Bucket = FxHashMap<Arc<str>, StemPostings>;

/// Each stem's postings, spread over buckets by the stem's hash: runs of documents are gathered
/// in parallel, and then each bucket is joined in parallel, not one map into another.
pub(crate) struct Postings {
    buckets: Vec<Bucket>,
}

/// How many buckets [`Postings`] has.
const POSTING_BUCKETS: usize = 64;

fn bucket_of(stem: &str) -> usize {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(stem) % POSTING_BUCKETS as u64) as usize
}

impl Postings {
    pub(crate) fn get(&self, stem: &Arc<str>) -> Option<&StemPostings> {
        self.buckets[bucket_of(stem)].get(stem)
    }

    pub(crate) fn into_par_iter(self) -> impl ParallelIterator<Item = (Arc<str>, StemPostings)> {
        self.buckets.into_par_iter().flat_map_iter(|bucket| bucket)
    }
}

/// The postings of the stems `keep` accepts, in document order, and the total lengths of the
/// title, heading and body fields. Runs of documents are added up in parallel, then each
/// bucket's runs are joined in order, so each stem's postings stay sorted by document. `None`
/// when `interrupted` (asked between runs).
pub(crate) fn gather_postings(
    documents: &[&Document],
    keep: impl Fn(&Arc<str>) -> bool + Sync,
    interrupted: Interrupt<'_>,
) -> Option<(Postings, [usize; 3])> {
    let runs: Vec<Run> = documents
        .par_chunks(256)
        .map(|docs| {
            if interrupted() {
                return None;
            }
            let mut run = Run::default();
            for document in docs {
                run.add(document, &keep);
            }
            Some(run)
        })
        .collect::<Option<_>>()?;
    Some(join(runs))
}

/// The postings of a run of documents, numbered from 0 (their place in the run), and their
/// fields' lengths: [`join`] puts runs one after the other.
pub(crate) struct Run {
    buckets: Vec<Bucket>,
    lengths: [usize; 3],
    documents: u32,
}

impl Default for Run {
    fn default() -> Run {
        Run {
            buckets: vec![FxHashMap::default(); POSTING_BUCKETS],
            lengths: [0; 3],
            documents: 0,
        }
    }
}

impl Run {
    /// Adds every stem of `page`'s documents and lets their counts go: a build, which keeps
    /// nothing, never holds a language's counts beside its postings.
    pub(crate) fn take(&mut self, page: &mut PageDocuments) {
        for document in &mut page.documents {
            self.add(document, |_| true);
            document.counts = Box::default();
        }
    }

    /// Adds the next document's stems that `keep` accepts.
    fn add(&mut self, document: &Document, keep: impl Fn(&Arc<str>) -> bool) {
        let id = self.documents;
        self.documents += 1;
        for (total, length) in self.lengths.iter_mut().zip(document.lengths) {
            *total += length;
        }
        for (stem, tf) in document.counts.iter().filter(|(stem, _)| keep(stem)) {
            let bucket = &mut self.buckets[bucket_of(stem)];
            match bucket.get_mut(stem) {
                Some(docs) => docs.push((id, *tf)),
                None => {
                    bucket.insert(Arc::clone(stem), vec![(id, *tf)]);
                }
            }
        }
    }
}

/// The postings of `runs` one after the other (each run's documents numbered after the ones
/// before), and the fields' total lengths; each bucket is joined in parallel.
pub(crate) fn join(runs: Vec<Run>) -> (Postings, [usize; 3]) {
    let mut lengths = [0usize; 3];
    let mut by_bucket: Vec<Vec<(u32, Bucket)>> = (0..POSTING_BUCKETS)
        .map(|_| Vec::with_capacity(runs.len()))
        .collect();
    let mut first = 0u32;
    for run in runs {
        for (total, more) in lengths.iter_mut().zip(run.lengths) {
            *total += more;
        }
        for (all, bucket) in by_bucket.iter_mut().zip(run.buckets) {
            all.push((first, bucket));
        }
        first += run.documents;
    }
    let buckets = by_bucket
        .into_par_iter()
        .map(|runs| {
            let mut joined = Bucket::default();
            for (first, run) in runs {
                for (stem, mut docs) in run {
                    for (id, _) in &mut docs {
                        *id += first;
                    }
                    match joined.entry(stem) {
                        Entry::Occupied(mut all) => all.get_mut().append(&mut docs),
                        Entry::Vacant(all) => {
                            all.insert(docs);
                        }
                    }
                }
            }
            joined
        })
        .collect();
    (Postings { buckets }, lengths)
}

/// The stem of each form `keep` accepts: the first page with the form decides (see
/// `WordCache::take_new`). `None` when `interrupted` (asked every few hundred pages).
pub(crate) fn stems_of_forms(
    analysed: &[Arc<PageDocuments>],
    keep: impl Fn(&Arc<str>) -> bool,
    interrupted: Interrupt<'_>,
) -> Option<BTreeMap<Arc<str>, Arc<str>>> {
    let mut forms: BTreeMap<Arc<str>, Arc<str>> = BTreeMap::new();
    for pages in analysed.chunks(256) {
        if interrupted() {
            return None;
        }
        for word in pages.iter().flat_map(|p| &p.words) {
            if keep(&word.form) && !forms.contains_key(&word.form) {
                forms.insert(Arc::clone(&word.form), Arc::clone(&word.stem));
            }
        }
    }
    Some(forms)
}

/// A stem's postings as a shard stores them: its document frequency, and the pairs of
/// [`encode_postings`].
pub(crate) type Encoded = (usize, Vec<u32>);

/// A stem's postings: its document frequency, and for its best documents (by impact, at most
/// MAX_POSTINGS, in document order) pairs of the gap to the previous document id and the impact:
/// the document's BM25 score for the stem without the idf, weighted by field and by the page's
/// type (`type_weight`), times 100.
pub(crate) fn encode_postings(
    docs: &[(u32, [u32; 3])],
    documents: &[&Document],
    average_body: f64,
) -> Encoded {
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
            let score = score * documents[doc as usize].weight;
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
