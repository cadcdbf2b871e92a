//! What a translation's readers are shown of how it stands: which of its blocks still show the
//! original's text (marked with the original's language when the page is rendered).

use std::collections::HashSet;

use serde_yaml::Mapping;

use super::record::{self, Record};
use super::segments::{self, Kind};

/// Where the text of each block of a translation that still shows the original's text starts
/// (bytes of the file's `text`, whose body starts at `body_offset`), by the record in its front
/// matter `front`; none without a record (a translation made by hand is taken as translated).
pub(crate) fn in_original_language(front: &Mapping, text: &str, body_offset: usize) -> Vec<usize> {
    let Some(record) = Record::read(front) else {
        return Vec::new();
    };
    let page = segments::of_page(front, &[], text, body_offset);
    let untranslated: HashSet<&str> = record::in_original_language(&page, &record)
        .into_iter()
        .collect();
    page.segments
        .iter()
        .filter(|segment| segment.kind != Kind::Field && untranslated.contains(&*segment.path))
        .map(|segment| segment.span.start)
        .collect()
}

