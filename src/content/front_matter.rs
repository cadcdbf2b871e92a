//! Front matter: the YAML block between `---` lines at the top of a Markdown file.
//!
//! Positions matter here: every error points at a line of the Markdown file, so the YAML's
//! own line numbers are shifted by the lines above it.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::path::Path;

use serde_yaml::Mapping;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

/// A source split into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// The 1-based line of the file on which the YAML text starts.
    pub yaml_first_line: usize,
    /// The Markdown after the closing `---` line.
    pub body: &'a str,
    /// The byte offset of `body` in the file.
    pub body_offset: usize,
}

/// The parsed front matter of a file: its mapping, and where each top-level key's value is.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The file split into YAML and body.
    pub split: Split<'a>,
    /// The front matter as a YAML mapping.
    pub mapping: Mapping,
    /// The top-level keys in order, each with the location of its value in the file.
    pub keys: Vec<(String, Location)>,
}

impl Parsed<'_> {
    /// The location of `key`'s value, or of the opening `---` when the key is absent.
    pub fn location_of(&self, key: &str) -> Location {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, location)| location.clone())
            .unwrap_or_else(|| self.opening())
    }

    /// The location of the opening `---` line.
    pub fn opening(&self) -> Location {
        Location::of_line(self.split.yaml_first_line - 1, 1, 3, "---")
    }
}

/// Splits `text` at its front matter. A UTF-8 byte-order mark before it is allowed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = rest.split_inclusive('\n').next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    // Offsets are sums of whole lines (and of the mark before them): char boundaries.
    let yaml_start = text.len() - rest.len() + first_line.len();
    let mut offset = yaml_start;
    for line in text.get(yaml_start..).unwrap_or("").split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            let (Some(yaml), Some(body)) = (text.get(yaml_start..offset), text.get(body_offset..))
            else {
                break;
            };
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body,
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// Why a file's front matter could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// The file does not start with `---`.
    #[error("the file does not start with front matter")]
    Missing,
    /// No closing `---` line.
    #[error("the front matter is not closed")]
    Unclosed,
}

/// Splits and parses the front matter of the file at `path` (shown in diagnostics).
pub fn parse<'a>(path: &Path, text: &'a str) -> Result<Parsed<'a>, Diagnostic> {
    let split = split(text).map_err(|error| {
        let help = match error {
            SplitError::Missing => {
                "start the file with a `---` line, then `title: …`, then another `---` line"
            }
            SplitError::Unclosed => "add a line with just `---` after the last front matter field",
        };
        Diagnostic::error("front-matter", path, error.to_string())
            .at(Location::from_line(text, 1))
            .with_help(help)
    })?;
    if let Some(at) = yaml::too_deep(split.yaml) {
        // The YAML starts on the line after the opening `---`.
        let yaml_offset = text.find('\n').map_or(0, |i| i + 1);
        return Err(Diagnostic::error(
            "yaml",
            path,
            format!(
                "lists or maps are nested more than {} deep here",
                yaml::MAX_NESTING
            ),
        )
        .at(Location::from_offset(text, yaml_offset + at, 1))
        .with_help("close each `[` with a `]` and each `{` with a `}`; a field's value is a text, a number, or a short list or map of them"));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(split.yaml)
        .map_err(|error| yaml::to_diagnostic(path, text, split.yaml_first_line, &error))?;
    let mapping = match value {
        serde_yaml::Value::Mapping(mapping) => mapping,
        serde_yaml::Value::Null => Mapping::new(),
        _ => {
            return Err(Diagnostic::error(
                "front-matter",
                path,
                "the front matter must be a list of `key: value` lines",
            )
            .at(Location::from_line(text, split.yaml_first_line))
            .with_help("write each field as `key: value` on its own line"))
        }
    };
    let first = split.yaml_first_line - 1;
    let keys = yaml::top_level_keys(split.yaml)
        .into_iter()
        .map(|(key, mut location)| {
            location.line += first;
            (key, location)
        })
        .collect();
    Ok(Parsed {
        split,
        mapping,
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_from_body_and_keeps_offsets() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(&text[split.body_offset..], "# Body\n");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_told_apart() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn yaml_errors_point_at_the_markdown_line() {
        let text = "---\ntitle: A\ndate: [unclosed\n---\nbody\n";
        let error = parse(Path::new("content/a.md"), text).unwrap_err();
        let location = error.location.unwrap();
        assert!(
            location.line >= 3,
            "line {} of the file, not of the YAML",
            location.line
        );
    }

    #[test]
    fn key_locations_are_lines_of_the_file() {
        let text = "---\ntitle: A\ndraft: maybe\n---\n";
        let parsed = parse(Path::new("a.md"), text).unwrap();
        let location = parsed.location_of("draft");
        assert_eq!((location.line, location.column), (3, 8));
        assert_eq!(parsed.location_of("absent").line, 1);
    }
}

#[cfg(test)]
mod properties {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Front matter and body come back as written, with or without a byte-order mark and
        /// with either line break, as long as no line of the YAML is a `---` of its own.
        #[test]
        fn split_gives_back_yaml_and_body(yaml in text(16), body in text(16), bom: bool, crlf: bool) {
            prop_assume!(!yaml.split('\n').any(|line| line.trim_end() == "---"));
            let yaml = format!("{yaml}\n");
            let br = if crlf { "\r\n" } else { "\n" };
            let file = format!("{}---{br}{yaml}---{br}{body}", if bom { "\u{feff}" } else { "" });
            let split = split(&file).unwrap();
            prop_assert_eq!(split.yaml, yaml.as_str());
            prop_assert_eq!(split.body, body.as_str());
            prop_assert_eq!(file.get(split.body_offset..), Some(body.as_str()));
        }

        /// Any file is split or refused, and parsed or reported, without a panic.
        #[test]
        fn any_file_is_split_or_refused(file in text(40)) {
            if let Ok(split) = split(&file) {
                prop_assert!(file.ends_with(split.body));
            }
            let _ = parse(Path::new("a.md"), &file);
        }
    }
}
