//! Small helpers around serde_yaml: where a key sits in the text, how deep its lists and maps
//! nest (see [`too_deep`]), and its errors put in our own words (see [`to_diagnostic`]).
//!
//! serde_yaml's `Value` carries no positions, so keys are found by reading the block-style YAML
//! that editors write: one `key: value` per line, nested keys indented below their parent.

mod errors;
mod nesting;

pub(crate) use errors::to_diagnostic;
pub(crate) use nesting::{too_deep, MAX_NESTING};

use crate::diagnostics::Location;

/// The location of the value of a dotted key path (`markdown.unsafe_html`) in block-style YAML,
/// or of the key itself when it has no value on its line.
pub(crate) fn locate_key_path(text: &str, path: &str) -> Option<Location> {
    let keys: Vec<&str> = path.split('.').collect();
    let (line_index, indent) = find_key_path(text, &keys)?;
    Some(key_location(text, line_index, indent, keys.last()?))
}

/// The location of the last key of `keys` itself (not its value), each key nested below the
/// one before: for a key that may hold dots (`languages` → `pt.BR`).
pub(crate) fn locate_key(text: &str, keys: &[&str]) -> Option<Location> {
    let (line_index, indent) = find_key_path(text, keys)?;
    // The line itself: a location keeps only a stretch of a long one.
    let line = text.lines().nth(line_index)?;
    // `indent` is the line's leading white space, `- ` and `:` are ASCII: char boundaries.
    let start = indent + line.get(indent..)?.strip_prefix("- ").map_or(0, |_| 2);
    let colon = start + line_key_end(line.get(start..)?)?;
    let column = line.get(..start)?.chars().count() + 1;
    let len = line.get(start..colon)?.trim_end().chars().count();
    Some(Location::of_line(line_index + 1, column, len, line))
}

/// The line index and indentation of the last key of `keys`.
fn find_key_path(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    let mut search_from_line = 0;
    let mut min_indent = 0;
    let mut found = None;
    for key in keys {
        let (line_index, indent) = find_key(text, key, search_from_line, min_indent)?;
        found = Some((line_index, indent));
        search_from_line = line_index + 1;
        min_indent = indent + 1;
    }
    found
}

/// Finds `key:` at an indentation of at least `min_indent`, from line `from` on, stopping when
/// the indentation falls back below `min_indent` (the parent mapping ended).
fn find_key(text: &str, key: &str, from: usize, min_indent: usize) -> Option<(usize, usize)> {
    for (index, line) in text.lines().enumerate().skip(from) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent < min_indent {
            return None;
        }
        if line_key(trimmed) == Some(key) {
            return Some((index, indent));
        }
    }
    None
}

/// The key of a `key: value` line (quotes removed), if the line is one.
pub(crate) fn line_key(trimmed: &str) -> Option<&str> {
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let key = trimmed.get(..line_key_end(trimmed)?)?.trim();
    Some(key.trim_matches(|c| c == '"' || c == '\''))
}

/// The byte index of the `:` that ends the key of a `key: value` line (without its `- `): the
/// first `:` followed by a space or the end of the line, outside quotes.
fn line_key_end(trimmed: &str) -> Option<usize> {
    let quote = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'');
    // A quoted key may hold `: `; its colon comes after the closing quote.
    let from = match quote {
        Some(q) => trimmed
            .get(1..)
            .and_then(|t| t.find(q))
            .map_or(0, |i| i + 2),
        None => 0,
    };
    let colon = from + trimmed.get(from..)?.find(':')?;
    let after = trimmed.get(colon + 1..)?;
    (after.is_empty() || after.starts_with(' ') || after.starts_with('\t')).then_some(colon)
}

/// The location of the value on a key's line (or the key when the value is on later lines).
fn key_location(text: &str, line_index: usize, indent: usize, key: &str) -> Location {
    let line = text.lines().nth(line_index).unwrap_or("");
    key_location_on(line, line_index + 1, indent, key)
}

/// The location of the value on a key's line (or of the key when the value is on later lines):
/// `line` is the line's text, `number` its 1-based number, `indent` the bytes of white space
/// before the key.
fn key_location_on(line: &str, number: usize, indent: usize, key: &str) -> Location {
    let rest = line.get(indent..).unwrap_or("");
    let value = rest
        .split_once(':')
        .map(|(_, after)| after.trim_start())
        .filter(|value| !value.is_empty() && !value.starts_with('#'));
    match value {
        Some(value) => {
            // The value is a suffix of the line: its start is a char boundary.
            let start = line.len() - value.len();
            let column = line.get(..start).map_or(0, |t| t.chars().count()) + 1;
            Location::of_line(number, column, value.trim_end().chars().count(), line)
        }
        None => {
            let column = line.get(..indent).map_or(0, |t| t.chars().count()) + 1;
            Location::of_line(number, column, key.chars().count(), line)
        }
    }
}

/// The location of the value of `key` in item `index` (from 0) of the block-style list at the
/// dotted key path `list` (`safety.helplines`, item 1, `number`): on the item's `- ` line or
/// below it. `None` for a list written in flow style (`[…]`) or an item without the key.
pub(crate) fn locate_item_key(text: &str, list: &str, index: usize, key: &str) -> Option<Location> {
    let keys: Vec<&str> = list.split('.').collect();
    let (list_line, list_indent) = find_key_path(text, &keys)?;
    let mut item_indent = None;
    let mut item = None;
    for (number, line) in text.lines().enumerate().skip(list_line + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let starts_item = trimmed.starts_with("- ") || trimmed == "-";
        match item_indent {
            None if starts_item && indent >= list_indent => item_indent = Some(indent),
            None => return None,
            Some(at) if indent < at || (indent == at && !starts_item) => return None,
            Some(_) => {}
        }
        if starts_item && Some(indent) == item_indent {
            item = Some(item.map_or(0, |i: usize| i + 1));
            if item > Some(index) {
                return None;
            }
        }
        let key_indent = if starts_item && Some(indent) == item_indent {
            indent + 2
        } else {
            indent
        };
        let own = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        if item == Some(index) && line_key(own) == Some(key) {
            return Some(key_location_on(line, number + 1, key_indent, key));
        }
    }
    None
}

/// The top-level keys of block-style YAML with the location of each value, in order.
pub(crate) fn top_level_keys(text: &str) -> Vec<(String, Location)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(index, line)| {
            let key = line_key(line)?;
            Some((key.to_string(), key_location_on(line, index + 1, 0, key)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_below_their_parent() {
        let text = "title: T\nunsafe_html: 1\nmarkdown:\n  # comment\n  unsafe_html: yes\n";
        let location = locate_key_path(text, "markdown.unsafe_html").unwrap();
        assert_eq!((location.line, location.column), (5, 16));
        assert_eq!(locate_key_path(text, "title").unwrap().column, 8);
        assert!(locate_key_path(text, "markdown.title").is_none());
    }

    #[test]
    fn finds_a_key_of_a_list_item() {
        let text = "safety:\n  helplines:\n    - number: \"112\"\n      name: A\n    -\n      name: B\n      number: x\nother: 1\n";
        let first = locate_item_key(text, "safety.helplines", 0, "number").unwrap();
        assert_eq!((first.line, first.column, first.len), (3, 15, 5));
        let second = locate_item_key(text, "safety.helplines", 1, "number").unwrap();
        assert_eq!((second.line, second.column, second.len), (7, 15, 1));
        assert!(locate_item_key(text, "safety.helplines", 2, "number").is_none());
        assert!(locate_item_key("a:\n  l: [{n: 1}]\n", "a.l", 0, "n").is_none());
    }

    #[test]
    fn finds_keys_that_hold_dots() {
        let text = "languages:\n  en:\n    name: English\n  \"../../x\": {name: X}\n";
        let location = locate_key(text, &["languages", "../../x"]).unwrap();
        assert_eq!((location.line, location.column, location.len), (4, 3, 9));
        let location = locate_key(text, &["languages", "en"]).unwrap();
        assert_eq!((location.line, location.column, location.len), (2, 3, 2));
    }

    #[test]
    fn lists_top_level_keys_with_value_positions() {
        let keys = top_level_keys("title: \"A: b\"\ntags:\n  - x\ndraft: no # later\n");
        let names: Vec<_> = keys
            .iter()
            .map(|(k, l)| (k.as_str(), l.line, l.column))
            .collect();
        assert_eq!(names, [("title", 1, 8), ("tags", 2, 1), ("draft", 4, 8)]);
    }
}
