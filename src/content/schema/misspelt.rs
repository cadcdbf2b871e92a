//! Misspelt front matter keys: a key that no content type knows but that is one or two letters
//! away from a field of the page's type (`darft` for `draft`) is a warning naming that field, at
//! the key. Other unknown keys are the site's own and pass unsaid, as SPEC.md allows fields of
//! a site's own (templates may read them).

use std::path::Path;

use crate::content::front_matter::Parsed;
use crate::content::types::ContentType;
use crate::diagnostics::{Diagnostic, Location};

use super::Schema;

/// A warning for each top-level key of the front matter that no type has as a field and that
/// looks like a misspelling of a field of `content_type`.
pub(crate) fn misspelt_keys(
    path: &Path,
    parsed: &Parsed<'_>,
    schema: &Schema,
    content_type: ContentType,
    is_section: bool,
) -> Vec<Diagnostic> {
    let any_type = |key: &str| {
        schema.common.iter().any(|f| f.name == key)
            || schema.types.values().flatten().any(|f| f.name == key)
    };
    parsed
        .keys
        .iter()
        .filter(|(key, _)| !any_type(key))
        .filter_map(|(key, value_at)| {
            let fields = schema.fields(content_type, is_section);
            let field = crate::spelling::nearest(key, fields.map(|f| f.name.as_str()))?;
            Some(
                Diagnostic::warning(
                    "unknown-field",
                    path,
                    format!("unknown field `{key}`: did you mean `{field}`?"),
                )
                .at(key_location(key, value_at))
                .with_help(format!(
                    "rename it to `{field}`; as it is, a build ignores it"
                )),
            )
        })
        .collect()
}

/// Where `key` is on its line, given where its value is: the first place on that line that the
/// key is written, or the value's place when the key is written otherwise (escaped) or the
/// line is too long to be kept whole.
fn key_location(key: &str, value_at: &Location) -> Location {
    match value_at.line_text.find(key) {
        Some(byte) if value_at.text_column == 1 => {
            let before = value_at.line_text.get(..byte).unwrap_or("").chars().count();
            Location::of_line(
                value_at.line,
                1 + before,
                key.chars().count(),
                &value_at.line_text,
            )
        }
        _ => value_at.clone(),
    }
}
