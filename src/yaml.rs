//! Small helpers around serde_yaml: where a key sits in the text, and error messages without the
//! "at line X column Y" that our diagnostics already show.
//!
//! serde_yaml's `Value` carries no positions, so keys are found by reading the block-style YAML
//! that editors write: one `key: value` per line, nested keys indented below their parent.

use crate::diagnostics::{Diagnostic, Location};

/// serde_yaml's message without its trailing position, and with the positions it names inside
/// (libyaml's "while parsing … at line N") counted as lines of the file, not of the YAML text.
pub(crate) fn error_message(error: &serde_yaml::Error, first_line: usize) -> String {
    let message = error.to_string();
    let own_position = error
        .location()
        .map(|l| format!(" at line {} column {}", l.line(), l.column()));
    let message = match own_position {
        Some(position) if message.ends_with(&position) => {
            &message[..message.len() - position.len()]
        }
        _ => message.as_str(),
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find("line ") {
        out.push_str(&rest[..index + 5]);
        rest = &rest[index + 5..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match rest[..digits].parse::<usize>() {
            Ok(line) => out.push_str(&(line + first_line - 1).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

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
    let mut location = Location::from_line(text, line_index + 1);
    let line = &location.line_text;
    let start = indent + line[indent..].strip_prefix("- ").map_or(0, |_| 2);
    let colon = start + line_key_end(&line[start..])?;
    location.column = line[..start].chars().count() + 1;
    location.len = line[start..colon].trim_end().chars().count().max(1);
    Some(location)
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
    let key = trimmed[..line_key_end(trimmed)?].trim();
    Some(key.trim_matches(|c| c == '"' || c == '\''))
}

/// The byte index of the `:` that ends the key of a `key: value` line (without its `- `): the
/// first `:` followed by a space or the end of the line, outside quotes.
fn line_key_end(trimmed: &str) -> Option<usize> {
    let quote = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'');
    // A quoted key may hold `: `; its colon comes after the closing quote.
    let from = match quote {
        Some(q) => trimmed[1..].find(q).map_or(0, |i| i + 2),
        None => 0,
    };
    let colon = from + trimmed[from..].find(':')?;
    let after = &trimmed[colon + 1..];
    (after.is_empty() || after.starts_with(' ') || after.starts_with('\t')).then_some(colon)
}

/// The location of the value on a key's line (or the key when the value is on later lines).
fn key_location(text: &str, line_index: usize, indent: usize, key: &str) -> Location {
    let mut location = Location::from_line(text, line_index + 1);
    let line = location.line_text.clone();
    let after_key = line[indent..].find(':').map(|i| indent + i + 1);
    let value_start = after_key.map(|i| i + (line[i..].len() - line[i..].trim_start().len()));
    match value_start {
        Some(start) if start < line.len() && !line[start..].starts_with('#') => {
            location.column = line[..start].chars().count() + 1;
            location.len = line[start..].trim_end().chars().count().max(1);
        }
        _ => {
            location.column = line[..indent].chars().count() + 1;
            location.len = key.chars().count().max(1);
        }
    }
    location
}

/// The top-level keys of block-style YAML with the location of each value, in order.
pub(crate) fn top_level_keys(text: &str) -> Vec<(String, Location)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(index, line)| {
            let key = line_key(line)?;
            Some((key.to_string(), key_location(text, index, 0, key)))
        })
        .collect()
}

/// Turns a serde_yaml error into a diagnostic at its place in the file. `first_line` is the
/// line of the file where the YAML text starts (front matter sits below a `---` line).
pub(crate) fn to_diagnostic(
    file: impl Into<std::path::PathBuf>,
    file_text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let message = error_message(error, first_line);
    let location = error.location().map(|l| {
        let line = first_line + l.line() - 1;
        let mut location = Location::from_line(file_text, line);
        location.column = l.column();
        location.len = location
            .line_text
            .chars()
            .count()
            .saturating_sub(l.column() - 1)
            .max(1);
        location
    });
    let help = if message.contains("unknown field") {
        "check the spelling of the key; the allowed keys are listed above"
    } else if message.contains("invalid type") {
        "give a value of the type named above"
    } else {
        "YAML needs `key: value` on each line, consistent indentation, and quotes around values with `: ` or `#`"
    };
    Diagnostic::error("yaml", file, message)
        .at_opt(location)
        .with_help(help)
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
