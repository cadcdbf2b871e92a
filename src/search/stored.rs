//! The stored fields' files: runs of whole pages, each page's documents after it, cut where the
//! pages' hashes say so, as the shards are (see `shards`), so that an edit changes few files.

use std::ops::Range;

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

/// The files: consecutive runs of pages. A file ends before a page whose URL's hash says so once
/// it holds half the target size (see [`FILES`]), or at one and a half times it: where files
/// begin depends on the pages around, not on all before.
pub(crate) fn stored_ranges(pages: &[StoredPage<'_>]) -> Vec<Range<usize>> {
    let size_of = |page: &StoredPage<'_>| page.json.iter().map(|j| j.len() + 1).sum::<usize>();
    let total: usize = pages.iter().map(size_of).sum();
    let target = (total / FILES)
        .next_power_of_two()
        .clamp(TARGET_MIN, TARGET_MAX);
    let (min, max) = (target / 2, target + target / 2);
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (at, page) in pages.iter().enumerate() {
        if at > start
            && (size >= max
                || (size >= min
                    && super::shards::fnv1a(page.url.as_bytes()).is_multiple_of(STORED_CUT)))
        {
            ranges.push(start..at);
            start = at;
            size = 0;
        }
        size += size_of(page);
    }
    if start < pages.len() {
        ranges.push(start..pages.len());
    }
    ranges
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
