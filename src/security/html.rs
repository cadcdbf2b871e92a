//! Text that becomes HTML (or XML): the one escaping of text and quoted attribute values
//! ([`escape_html`]), and of addresses written into `href` and `src` ([`escape_href`]). Every
//! value Soteria writes into markup itself passes one of them; the Markdown writer's own
//! escaping (pulldown-cmark's) covers what it writes.

/// `text` escaped for HTML and XML text and for a double- or single-quoted attribute value:
/// `&`, `<`, `>`, `"` and `'` as character references. (Tera's own escaping also writes `/` as
/// `&#x2F;`, which makes every URL hard to read; templates use this one.)
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] escapes it; runs of text with nothing to
/// escape are copied whole.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        // `find` stopped at an ASCII character: `at` is a character boundary.
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            Some('>') => "&gt;",
            Some('"') => "&quot;",
            _ => "&#39;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// `url` escaped for a quoted `href` or `src` as the Markdown writer escapes its links': what
/// may not stand in a URL percent-encoded (spaces, quotes, `<`, non-ASCII), `&` and `'` as
/// character references; `%` and the URL's own punctuation are kept.
pub(crate) fn escape_href(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    let _ = pulldown_cmark_escape::escape_href(&mut escaped, url);
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_close_their_quotes() {
        assert_eq!(escape_html("a\"b'c<d>&"), "a&quot;b&#39;c&lt;d&gt;&amp;");
    }

    #[test]
    fn addresses_cannot_close_their_quotes() {
        assert_eq!(
            escape_href("/a b/\"x\"<y>?q=1&r='2'#é"),
            "/a%20b/%22x%22%3Cy%3E?q=1&amp;r=&#x27;2&#x27;#%C3%A9"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Escaped text has nothing that ends a text run or a quoted value, and reads back as
        /// it was written.
        #[test]
        fn escaped_text_reads_back(text in text(32)) {
            let escaped = escape_html(&text);
            prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{}", escaped);
            prop_assert_eq!(html_escape::decode_html_entities(&escaped), text);
        }

        /// An escaped address has nothing that ends a quoted value or starts a tag.
        #[test]
        fn escaped_addresses_stay_in_their_quotes(url in text(32)) {
            let escaped = escape_href(&url);
            prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{}", escaped);
        }
    }
}
