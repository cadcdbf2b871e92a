//! The stored fields' files: runs of whole pages, each page's documents after it, cut where the
//! pages' hashes say so, as the shards are (see `shards`), so that an edit changes few files.

use std::ops::Range;

use super::shards::{runs, Cuts};

/// The size a file of stored fields aims at: the index's stored fields over about this many
/// files, rounded up to a power of two (so that an edit seldom changes it, and with it where
/// every file is cut), between TARGET_MIN and TARGET_MAX bytes. A small site gets small files (a
/// query reads only the pages it shows), a large one few files.
const FILES: usize = 512;
const TARGET_MIN: usize = 4 * 1024;
const TARGET_MAX: usize = 32 * 1024;
/// Between half the target and one and a half times it, one page in STORED_CUT starts a file.
const STORED_CUT: u64 = 8;

/// A page as the files are cut from it: its URL (whose hash may start a file) and the JSON of
/// its documents' stored fields, its own first.
pub(crate) struct StoredPage<'a> {
    pub(crate) url: &'a str,
    pub(crate) json: &'a [Vec<u8>],
}

/// The files: consecutive runs of pages (see [`runs`]), a file's size aimed at the index's
/// stored fields over about [`FILES`] files; a page's URL's hash may start one.
pub(crate) fn stored_ranges(pages: &[StoredPage<'_>]) -> Vec<Range<usize>> {
    let size_of = |page: &StoredPage<'_>| page.json.iter().map(|j| j.len() + 1).sum::<usize>();
    let total: usize = pages.iter().map(size_of).sum();
    let target = (total / FILES)
        .next_power_of_two()
        .clamp(TARGET_MIN, TARGET_MAX);
    let cuts = Cuts {
        min: target / 2,
        max: target + target / 2,
        one_in: STORED_CUT,
    };
    runs(
        pages.len(),
        cuts,
        |at| pages[at].url.as_bytes(),
        |at, _| size_of(&pages[at]),
    )
}

/// A file of stored fields: a JSON array of the pages' documents, in order.
pub(crate) fn stored_file(pages: &[StoredPage<'_>]) -> Vec<u8> {
    let mut bytes = vec![b'['];
    for (at, json) in pages.iter().flat_map(|p| p.json).enumerate() {
        if at > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(json);
    }
    bytes.push(b']');
    bytes
}
