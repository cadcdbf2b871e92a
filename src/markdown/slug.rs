//! Slugs: the URL- and anchor-safe form of a text, keeping letters of every script so that
//! Swedish, Ukrainian or Arabic headings get readable anchors.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use unicode_normalization::char::is_combining_mark;

/// Lower-cases `text` and joins its runs of letters and digits with `-`. A combining mark stays
/// with the letter before it: Devanagari's virama and nukta are part of their words, and a
/// lower-cased `İ` is `i` with a dot above, whose slug is itself.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let after_letter = !slug.is_empty() && !slug.ends_with('-');
        if c.is_alphanumeric() || (is_combining_mark(c) && after_letter) {
            slug.extend(c.to_lowercase());
        } else if is_combining_mark(c) {
            // A mark on nothing (at the start, after a space) is dropped.
        } else if after_letter {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn keeps_letters_of_all_scripts() {
        assert_eq!(
            slugify("Best interests of the child"),
            "best-interests-of-the-child"
        );
        assert_eq!(
            slugify("  1.2 Right to be heard!  "),
            "1-2-right-to-be-heard"
        );
        assert_eq!(slugify("Hänvisning & stöd"), "hänvisning-stöd");
        assert_eq!(slugify("Захист дітей"), "захист-дітей");
        assert_eq!(slugify("?!"), "section");
        assert_eq!(slugify("हिन्दी भाषा"), "हिन्दी-भाषा", "the virama stays");
        assert_eq!(slugify("İstanbul"), "i\u{307}stanbul");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::slugify;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// A slug is its own slug, and never a path: no `/`, no `..`, no leading dot, not empty.
        #[test]
        fn slugs_are_idempotent_and_no_paths(text in text(24)) {
            let slug = slugify(&text);
            prop_assert_eq!(&slugify(&slug), &slug);
            prop_assert!(!slug.is_empty());
            prop_assert!(!slug.contains('/') && !slug.contains("..") && !slug.starts_with('.'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
        }
    }
}
