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

/// The shards: consecutive runs of the sorted forms (see [`runs`], the stems' postings counted
/// once a shard), so where shards begin depends on the forms around, not on everything before:
/// an edit changes few shards.
pub(crate) fn shard_ranges(
    forms: &[(&Arc<str>, &Arc<str>)],
    encoded: &FxHashMap<Arc<str>, Encoded>,
) -> Vec<std::ops::Range<usize>> {
    let mut in_shard = rustc_hash::FxHashSet::default();
    let cuts = Cuts {
        min: SHARD_MIN,
        max: SHARD_MAX,
        one_in: SHARD_CUT,
    };
    runs(
        forms.len(),
        cuts,
        |at| forms[at].0.as_bytes(),
        |at, starts_run| {
            if starts_run {
                in_shard.clear();
            }
            let (form, stem) = forms[at];
            let postings = match in_shard.insert(stem) {
                true => encoded.get(stem).map_or(0, |(_, list)| list.len() * 3 + 8),
                false => 0,
            };
            form.len() + 6 + postings
        },
    )
}

/// Where runs of items are cut: a run ends before an item whose key's hash is a multiple of
/// `one_in` once the run holds `min` bytes, or at `max` bytes (unless one item is larger).
#[derive(Clone, Copy)]
pub(crate) struct Cuts {
    pub(crate) min: usize,
    pub(crate) max: usize,
    pub(crate) one_in: u64,
}

/// Consecutive runs of `count` items cut as `cuts` says, by each item's `key` (its bytes are
/// hashed) and `size` in bytes (told whether the item starts a run). Where a run begins
/// depends on the items around it, not on all before: an edit moves few cuts. The shards and
/// the stored fields' files are cut so.
pub(crate) fn runs<'k>(
    count: usize,
    cuts: Cuts,
    key: impl Fn(usize) -> &'k [u8],
    mut size: impl FnMut(usize, bool) -> usize,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for at in 0..count {
        let cut = at > start
            && (bytes >= cuts.max
                || (bytes >= cuts.min && fnv1a(key(at)).is_multiple_of(cuts.one_in)));
        if cut {
            ranges.push(start..at);
            start = at;
            bytes = 0;
        }
        bytes += size(at, at == start);
    }
    if start < count {
        ranges.push(start..count);
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
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
