//! A language's index after edits of page bodies (`soteria serve`), made from the last one:
//! only the pages' documents, the stems and forms they had or have, and the files those reach
//! are made again.

use std::sync::Arc;

use super::documents::{Document, SearchCache};
use super::index::{build_language, Changed, LanguageIndex};
use super::postings::{average_body, encode_postings, gather_postings, stems_of_forms};
use super::Analyzer;
use crate::locale::Locale;
use crate::output::Output;
use crate::resolve::{PageId, Site};

impl LanguageIndex {
    /// This index after edits of the bodies of its pages `changed`: the files that changed,
    /// and the new index. Where the edits reach every stem's postings, the index is made again
    /// from its pages' documents (those that did not change taken from `cache`).
    pub(super) fn update(
        mut self,
        site: &Site,
        locale: &Locale,
        cache: &SearchCache,
        changed: &[PageId],
    ) -> (Vec<Output>, LanguageIndex) {
        let mut written = Vec::new();
        match self.take_in(site, locale, cache, changed, &mut written) {
            Some(()) => (written, self),
            None => build_language(site, locale, &self.lang, Some(cache)),
        }
    }

    /// Takes in new bodies of the pages `changed` (ids of this language's pages): their
    /// documents, the postings of the stems they had or have, the forms they had or have, and
    /// writes the files that changed. `None` when the edit reaches every stem's postings (a
    /// page gained or lost a section, shifting document ids, or the average body length moved):
    /// the index must then be built again.
    fn take_in(
        &mut self,
        site: &Site,
        locale: &Locale,
        cache: &SearchCache,
        changed_pages: &[PageId],
        outputs: &mut Vec<Output>,
    ) -> Option<()> {
        let analyzer = Analyzer::new(&self.lang);
        let mut changed = Changed::default();
        let mut lengths = self.lengths;
        let mut replaced = Vec::new();
        for &id in changed_pages {
            if site.pages[id].front.draft && self.pages.binary_search(&id).is_err() {
                // A draft that stays one: not in the index.
                continue;
            }
            let at = self.pages.binary_search(&id).ok()?;
            let new = cache.documents(site, locale, &site.pages[id], &analyzer);
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
        for (at, new) in replaced {
            changed.pages.insert(at);
            self.analysed[at] = new;
        }
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
        self.write(&changed, outputs);
        Some(())
    }
}
