//! Shards: the sorted forms cut into runs where their hash says so, so that an edit changes few
//! shards, and each shard's file of forms, stems and postings.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::postings::Encoded;

/// How many bytes of forms and postings a shard holds at least (unless it is the last) and at
/// most (unless one stem's postings are larger); in between, one form in SHARD_CUT starts a
/// new shard (see [`shard_ranges`]).
const SHARD_MIN: usize = 8 * 1024;
const SHARD_MAX: usize = 48 * 1024;
const SHARD_CUT: u64 = 32;

/// A shard as written: its first and last forms, its size in forms, and its file's name.
pub(crate) type Shard = (Arc<str>, Arc<str>, usize, String);

/// The shards: consecutive runs of the sorted forms. A shard ends before a form whose hash says
/// so once the shard has [`SHARD_MIN`] bytes (or at [`SHARD_MAX`]), so where shards begin
/// depends on the forms around, not on everything before: an edit changes few shards.
pub(crate) fn shard_ranges(
    forms: &[(&Arc<str>, &Arc<str>)],
    encoded: &FxHashMap<Arc<str>, Encoded>,
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

/// A shard's file: its forms, each with the index of its stem among the shard's stems, and each
/// stem's document frequency and postings.
pub(crate) fn shard_file(
    forms: &[(&Arc<str>, &Arc<str>)],
    encoded: &FxHashMap<Arc<str>, Encoded>,
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

/// The 64-bit FNV-1a hash: small, stable across versions and machines.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
