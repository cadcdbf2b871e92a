//! How deep the lists and maps of a YAML text nest, found before serde_yaml reads it.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

/// How deep lists and maps may nest: serde_yaml refuses deeper values, but only after its
/// parser has read them all, in time that grows with the square of the depth (100,000 nested
/// `[` took 52 s), so deeper flow collections (`[…]`, `{…}`) are refused before it sees them.
pub(crate) const MAX_NESTING: usize = 128;

/// The byte offset of the first `[` or `{` of block-style YAML (as editors write it) that
/// opens a flow collection nested deeper than [`MAX_NESTING`], if one does.
///
/// Brackets count where YAML reads them as collections: at the start of a value, and anywhere
/// inside a collection, except in quoted text, comments and block scalars (`|`, `>`). In the
/// plain text of a block value (`title: a [b`) they are letters.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let line_end = |i: usize| {
        bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |n| i + n)
    };
    let spaces_from = |i: usize| {
        bytes
            .get(i..)
            .map_or(0, |rest| rest.iter().take_while(|&&b| b == b' ').count())
    };
    let mut depth = 0usize;
    // Whether what comes next starts a value: at a line's start, after `key: `, `- `, `[`, `,`.
    let mut value_start = true;
    let mut indent = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = at(i);
        let after_blank = i.checked_sub(1).is_none_or(|before| blank(at(before)));
        match b {
            b'\n' => {
                i += 1;
                indent = spaces_from(i);
                value_start = value_start || depth == 0;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' if after_blank => i = line_end(i),
            b'"' | b'\'' if value_start || depth > 0 => {
                i = quoted_end(bytes, i);
                value_start = false;
            }
            b'[' | b'{' if value_start || depth > 0 => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
                value_start = true;
                i += 1;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                value_start = false;
                i += 1;
            }
            b',' if depth > 0 => {
                value_start = true;
                i += 1;
            }
            b':' if depth > 0 || blank(at(i + 1)) => {
                value_start = true;
                i += 1;
            }
            b'-' | b'?' if depth == 0 && value_start && blank(at(i + 1)) => i += 1,
            // An anchor or a tag before a value: the value still starts after it.
            b'&' | b'!' if value_start => {
                while i < bytes.len() && !blank(at(i)) {
                    i += 1;
                }
            }
            b'|' | b'>' if depth == 0 && value_start => {
                // A block scalar: its lines are those indented more than the line it starts on.
                let mut next = line_end(i);
                while next < bytes.len() {
                    let line = bytes.get(next + 1..line_end(next + 1)).unwrap_or(&[]);
                    let spaces = spaces_from(next + 1);
                    if spaces <= indent && line.iter().any(|&b| !blank(b)) {
                        break;
                    }
                    next = line_end(next + 1);
                }
                i = next;
            }
            _ if depth > 0 => {
                value_start = false;
                i += 1;
            }
            _ => {
                // Plain text in a block value, up to the `: ` after a key, a comment or the line's end.
                value_start = false;
                while i < bytes.len() && at(i) != b'\n' {
                    if at(i) == b':' && blank(at(i + 1)) {
                        break;
                    }
                    if at(i) == b'#' && i.checked_sub(1).is_none_or(|before| blank(at(before))) {
                        break;
                    }
                    i += 1;
                }
            }
        }
    }
    None
}

/// The offset just after the quoted text that starts at `start` (`"…"` with `\` escapes, or
/// `'…'` with `''` for a quote), or the text's end when it is not closed.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let Some(&quote) = bytes.get(start) else {
        return bytes.len();
    };
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// What serde_yaml reads is never refused as too deep, and anything is scanned without
        /// a panic.
        #[test]
        fn what_serde_yaml_reads_is_not_too_deep(yaml in text(40)) {
            let deep = too_deep(&yaml);
            if serde_yaml::from_str::<serde_yaml::Value>(&yaml).is_ok() {
                prop_assert_eq!(deep, None);
            }
        }

        /// Nested lists and maps are refused exactly past the limit, at the bracket that went
        /// past it, whatever text stands in them.
        #[test]
        fn nesting_is_counted(depth in 100usize..160, key in prop::sample::select(vec!["x", "title", "a_b"]), item in text(6)) {
            let item = item.replace(['[', ']', '{', '}', '"', '\\', '\'', '#', '\n', '\r', '|', '>', '&', '!'], "");
            let open: String = (0..depth).map(|i| if i % 2 == 0 { "[" } else { "{a: " }).collect();
            let close: String = (0..depth).rev().map(|i| if i % 2 == 0 { "]" } else { "}" }).collect();
            let yaml = format!("{key}: {open}\"{item}\"{close}\n");
            let expected = (depth > MAX_NESTING).then(|| {
                yaml.match_indices(['[', '{']).nth(MAX_NESTING).map_or(0, |(at, _)| at)
            });
            prop_assert_eq!(too_deep(&yaml), expected);
        }
    }
}
