//! Search: a static index per language (`output/search/LANG/`), sharded by the first letters of
//! words, so that a query downloads only the shards of its words and the stored fields of the
//! results it shows. The format is described in `docs/search-index.md`; the client that reads it
//! is the theme's `js/search.js`.
//!
//! A page becomes `documents` (the page and its sections, as the Markdown phase recorded them, analysed into stems by
//! `analyze`, with its `facets`); a language's documents become `postings`, cut into `shards`;
//! `index` writes a language's files and keeps what `soteria serve` needs to go on from them
//! after an edit of page bodies (`update`).

#![cfg_attr(not(test), warn(clippy::string_slice))]

mod analyze;
mod documents;
mod facets;
mod index;
mod postings;
mod shards;
mod stored;
mod update;

pub use analyze::{Analyzer, Token};
pub(crate) use analyze::{Word, WordCache};
pub(crate) use documents::SearchCache;
pub(crate) use index::{build_index, update_indexes, Interrupt, LanguageIndex, Pending, Updated};

/// The character of `text` starting at byte `at`, and its length in bytes; an ASCII byte is
/// taken as it is, only other characters are decoded (the text scans of [`analyze`]
/// read a character at a time, and most are ASCII).
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

/// Takes a page's `sections` in as the index takes them: the words of each in every language of
/// `languages` (for the fuzz targets, feature `fuzzing`).
#[cfg(feature = "fuzzing")]
pub(crate) fn analyse_for_fuzzing(sections: &crate::markdown::Sections, languages: &[&str]) {
    for lang in languages {
        let analyzer = Analyzer::new(lang);
        let mut cache = WordCache::default();
        for section in sections.iter() {
            analyzer.each_word(section.heading, &mut cache, |_| {});
            analyzer.each_word(section.text, &mut cache, |_| {});
        }
    }
}
