//! "Did you mean …?": the known word a misspelt one is most likely meant to be, for the keys of
//! front matter and `site.yaml`.

/// The word of `known` that `key` is most likely a misspelling of: the nearest by
/// Damerau–Levenshtein distance (a swap of two letters counts one), if it is at most one edit
/// for keys of up to five letters and two for longer ones, or the same letters in another case.
pub(crate) fn nearest<'k>(key: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let allowed = if key.chars().count() <= 5 { 1 } else { 2 };
    known
        .into_iter()
        .filter(|name| *name != key)
        .map(|name| {
            let distance = strsim::damerau_levenshtein(&key.to_lowercase(), name);
            (distance, name)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_name_the_word_and_far_ones_nothing() {
        let known = ["draft", "title", "date", "description", "standards"];
        assert_eq!(nearest("darft", known), Some("draft"));
        assert_eq!(nearest("Title", known), Some("title"));
        assert_eq!(nearest("descripton", known), Some("description"));
        assert_eq!(nearest("standard", known), Some("standards"));
        assert_eq!(nearest("sector", known), None);
        assert_eq!(nearest("audience_note", known), None);
    }
}
