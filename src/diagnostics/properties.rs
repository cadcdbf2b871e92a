use proptest::prelude::*;

use super::*;
use crate::unicode_strategy::text;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Line and column count lines and characters up to the offset (moved back to the start
    /// of its character), whatever order offsets are asked in, and the text kept shows the
    /// character at the column.
    #[test]
    fn locations_count_lines_and_characters(
        text in text(40),
        offsets in prop::collection::vec(0usize..200, 1..6),
        len in 0usize..8,
    ) {
        let locator = Locator::new(&text);
        for offset in offsets {
            let location = locator.locate(offset, len);
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(location.line, before.matches('\n').count() + 1);
            prop_assert_eq!(location.column, text[line_start..at].chars().count() + 1);
            prop_assert_eq!(&location, &Location::from_offset(&text, offset, len));
            let shown = location.line_text.chars().nth(location.column - location.text_column);
            let actual = text[at..].chars().next().filter(|c| *c != '\n' && *c != '\r');
            if let Some(actual) = actual {
                prop_assert_eq!(shown, Some(actual));
            }
            let _ = Diagnostic::error("x", "a.md", "m").at(location).render();
        }
    }
}
