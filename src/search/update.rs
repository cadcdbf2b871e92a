//! A language's index after edits of page bodies (`soteria serve`), made from the last one:
//! only the pages' documents, the stems and forms they had or have, and the files those reach
//! are made again.

use std::collections::HashSet;
use std::sync::Arc;

use super::documents::{Document, PageDocuments, SearchCache};
use super::index::{Changed, Interrupt, LanguageIndex, Update};
use super::postings::{average_body, encode_postings, gather_postings, stems_of_forms, Encoded};
use super::Analyzer;
use crate::locale::Locale;
use crate::resolve::{PageId, Site};

impl LanguageIndex {
    /// Takes in new bodies of the pages `changed_pages` (ids of this language's pages): their
    /// documents, the postings of the stems they had or have, the forms they had or have, and
    /// the files that changed (those not among the `known` files served). [`Update::Again`]
    /// when the edit reaches every stem's postings (a page gained or lost a section, shifting
    /// document ids, or the average body length moved): the index must then be made again.
    /// Everything is worked out before the index is changed, so that when `interrupted` it is
    /// left as it was.
    pub(super) fn update(
        &mut self,
        site: &Site,
        locale: &Locale,
        cache: &SearchCache,
        changed_pages: &[PageId],
        known: &HashSet<String>,
        interrupted: Interrupt<'_>,
    ) -> Update {
        let analyzer = Analyzer::new(&self.lang);
        let mut changed = Changed::default();
        let mut lengths = self.lengths;
        let mut analysed = self.analysed.clone();
        for &id in changed_pages {
            if site.pages[id].front.draft && self.pages.binary_search(&id).is_err() {
                // A draft that stays one: not in the index.
                continue;
            }
            let Ok(at) = self.pages.binary_search(&id) else {
                return Update::Again;
            };
            let new = cache.documents(site, locale, &site.pages[id], &analyzer);
            let old = &self.analysed[at];
            if new.documents.len() != old.documents.len() {
                return Update::Again;
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
            changed.pages.insert(at);
            analysed[at] = new;
        }
        let count: usize = self.analysed.iter().map(|p| p.documents.len()).sum();
        let average = average_body(&self.lengths, count);
        if average_body(&lengths, count) != average {
            return Update::Again;
        }
        if interrupted() {
            return Update::Interrupted;
        }

        // The postings of the stems the pages had or have, from every document.
        let documents: Vec<&Document> = analysed.iter().flat_map(|p| &p.documents).collect();
        let Some((postings, _)) =
            gather_postings(&documents, |stem| changed.stems.contains(stem), interrupted)
        else {
            return Update::Interrupted;
        };
        let encoded: Vec<(Arc<str>, Option<Encoded>)> = changed
            .stems
            .iter()
            .map(|stem| {
                let docs = postings.get(stem);
                let encoded = docs.map(|docs| encode_postings(docs, &documents, average));
                (Arc::clone(stem), encoded)
            })
            .collect();
        drop(documents);
        // The forms the pages had or have: the first page with each decides its stem.
        let found = stems_of_forms(&analysed, |form| changed.forms.contains(form), interrupted);
        let Some(found) = found.filter(|_| !interrupted()) else {
            return Update::Interrupted;
        };

        // The index changes from here on.
        let mut undo = IndexParts {
            analysed: std::mem::replace(&mut self.analysed, analysed),
            lengths: std::mem::replace(&mut self.lengths, lengths),
            encoded: Vec::new(),
            forms: Vec::new(),
        };
        for (stem, encoded) in encoded {
            let before = match encoded {
                Some(encoded) => self.encoded.insert(Arc::clone(&stem), encoded),
                None => self.encoded.remove(&stem),
            };
            undo.encoded.push((stem, before));
        }
        for form in &changed.forms {
            let before = match found.get(form) {
                Some(stem) => self.forms.insert(Arc::clone(form), Arc::clone(stem)),
                None => self.forms.remove(form),
            };
            undo.forms.push((Arc::clone(form), before));
        }
        let mut outputs = Vec::new();
        match self.write(&changed, known, &mut outputs, interrupted) {
            Some(()) => Update::Made(outputs),
            None => {
                undo.apply(self);
                Update::Interrupted
            }
        }
    }
}

/// What an update changed in an index before it was interrupted, to put back.
struct IndexParts {
    analysed: Vec<Arc<PageDocuments>>,
    lengths: [usize; 3],
    encoded: Vec<(Arc<str>, Option<Encoded>)>,
    forms: Vec<(Arc<str>, Option<Arc<str>>)>,
}

impl IndexParts {
    fn apply(self, index: &mut LanguageIndex) {
        index.analysed = self.analysed;
        index.lengths = self.lengths;
        for (stem, before) in self.encoded {
            match before {
                Some(encoded) => index.encoded.insert(stem, encoded),
                None => index.encoded.remove(&stem),
            };
        }
        for (form, before) in self.forms {
            match before {
                Some(stem) => index.forms.insert(form, stem),
                None => index.forms.remove(&form),
            };
        }
    }
}
