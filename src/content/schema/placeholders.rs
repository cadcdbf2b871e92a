//! Placeholders: front matter values that start with `TODO:` (as `soteria new` writes them for
//! the fields a page must have). On a draft each is a warning, so a new page passes `check` as it
//! is; on a page to be published each is an error, so no `TODO:` reaches readers.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::config::FieldKind;
use crate::content::front_matter::Parsed;
use crate::diagnostics::{Diagnostic, Severity};

/// What a placeholder value starts with.
pub(crate) const PLACEHOLDER: &str = "TODO:";

/// True for a text value that starts with [`PLACEHOLDER`].
pub(crate) fn is_placeholder(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| text.trim_start().starts_with(PLACEHOLDER))
}

/// True when the front matter says `draft: true`.
pub(crate) fn is_draft(mapping: &Mapping) -> bool {
    mapping.get("draft") == Some(&Value::Bool(true))
}

/// A diagnostic for each top-level value of the front matter that is still a placeholder: a
/// warning on a draft, an error on a page to be published.
pub(crate) fn found(path: &Path, parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    let draft = is_draft(&parsed.mapping);
    parsed
        .mapping
        .iter()
        .filter(|(_, value)| is_placeholder(value))
        .filter_map(|(key, value)| Some((key.as_str()?, value.as_str()?)))
        .map(|(key, value)| {
            let message = format!("`{key}` is still a placeholder: {value}");
            let diagnostic = if draft {
                Diagnostic::warning("placeholder", path, message).with_help(format!(
                    "fill in `{key}` before you remove `draft: true`; on a published page a `{PLACEHOLDER}` value is an error"
                ))
            } else {
                Diagnostic::error("placeholder", path, message).with_help(format!(
                    "fill in `{key}`, or write `draft: true` to keep the page out of the site until it is ready"
                ))
            };
            diagnostic.at(parsed.location_of(key))
        })
        .collect()
}

/// The diagnostics of [`found`] of `severity` only.
pub(crate) fn found_of(path: &Path, parsed: &Parsed<'_>, severity: Severity) -> Vec<Diagnostic> {
    found(path, parsed)
        .into_iter()
        .filter(|d| d.severity == severity)
        .collect()
}

/// The mapping without its placeholder values, but for `title` (shown as it is on a draft
/// built with `--drafts`): a `TODO:` is no country, date or number to list a page by.
pub(crate) fn without_placeholders(mapping: &Mapping) -> Mapping {
    mapping
        .iter()
        .filter(|(key, value)| key.as_str() == Some("title") || !is_placeholder(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The placeholder `soteria new` writes for a required field of `kind` named `name`, as a YAML
/// double-quoted scalar.
pub(crate) fn for_field(name: &str, kind: &FieldKind) -> String {
    let what = match kind {
        FieldKind::Text if name == "number" => "the standard's number, e.g. 5".to_string(),
        FieldKind::Text => format!("the {}", name.replace('_', " ")),
        FieldKind::Bool => "true or false".to_string(),
        FieldKind::Integer => "a whole number".to_string(),
        FieldKind::Date => "a date, e.g. 2024-05-31".to_string(),
        FieldKind::TextList => "a list, e.g. [first, second]".to_string(),
        FieldKind::OneOf(values) => format!("one of {}", values.join(", ")),
        FieldKind::MapList => "one `- key: value` block per item".to_string(),
        FieldKind::Map => "`key: value` lines indented below".to_string(),
        FieldKind::Country => "a two-letter country code, e.g. se".to_string(),
        FieldKind::CountryList => "two-letter country codes, e.g. [se, fi]".to_string(),
    };
    // A JSON string is a YAML double-quoted scalar: quotes and backslashes in a site's values
    // stay text.
    serde_json::to_string(&format!("{PLACEHOLDER} {what}"))
        .unwrap_or_else(|_| format!("\"{PLACEHOLDER}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter;

    fn codes(text: &str) -> Vec<(Severity, usize)> {
        let parsed = front_matter::parse(Path::new("a.md"), text).unwrap();
        found(Path::new("a.md"), &parsed)
            .into_iter()
            .map(|d| (d.severity, d.location.unwrap().line))
            .collect()
    }

    #[test]
    fn a_placeholder_is_a_warning_on_a_draft_and_an_error_otherwise() {
        let page = "---\ntitle: A\ncountry: \"TODO: a country\"\n";
        assert_eq!(
            codes(&format!("{page}draft: true\n---\n")),
            [(Severity::Warning, 3)]
        );
        assert_eq!(codes(&format!("{page}---\n")), [(Severity::Error, 3)]);
        assert_eq!(codes("---\ntitle: A\nnote: to do\n---\n"), []);
    }

    #[test]
    fn placeholders_written_by_new_are_placeholders_and_valid_yaml() {
        let kind = FieldKind::OneOf(vec!["a \"b\"".to_string(), "c\\d".to_string()]);
        let yaml = format!("sector: {}", for_field("sector", &kind));
        let value: Mapping = serde_yaml::from_str(&yaml).unwrap();
        assert!(is_placeholder(&value["sector"]), "{yaml}");
        assert_eq!(value["sector"].as_str(), Some("TODO: one of a \"b\", c\\d"));
    }
}
