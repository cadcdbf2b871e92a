//! Slugs: the URL- and anchor-safe form of a text, keeping letters of every script so that
//! Swedish, Ukrainian or Arabic headings get readable anchors.

/// Lower-cases `text` and joins its runs of letters and digits with `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
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
    }
}
