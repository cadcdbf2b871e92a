//! What each content type's pages must and may say in their front matter — the built-in fields
//! and those `site.yaml` adds under `types:` — and the check that turns a page's YAML mapping
//! into a typed [`FrontMatter`].

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::Value;

use crate::config::{Config, FieldKind, CONFIG_FILE};
use crate::content::countries;
use crate::content::fields::{as_text, FrontMatter};
use crate::content::front_matter::Parsed;
use crate::content::types::ContentType;
use crate::diagnostics::{Diagnostic, Severity};

/// One front matter field of a type: built in, or added by the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The key.
    pub name: String,
    /// What its value must be.
    pub kind: FieldKind,
    /// Whether a page of the type must have it.
    pub required: bool,
}

impl Field {
    fn optional(name: &str, kind: FieldKind) -> Field {
        Field {
            name: name.to_string(),
            kind,
            required: false,
        }
    }

    fn required(name: &str, kind: FieldKind) -> Field {
        Field {
            required: true,
            ..Field::optional(name, kind)
        }
    }
}

/// The kinds of tool a `tool` page may be.
pub const TOOL_KINDS: &[&str] = &[
    "checklist",
    "template",
    "toolkit",
    "training",
    "guide",
    "form",
    "video",
    "report",
];

/// How well a practice's effect is known.
pub const EVIDENCE_LEVELS: &[&str] = &["emerging", "promising", "evaluated"];

/// Fields every page and section may have.
fn common_fields() -> Vec<Field> {
    use FieldKind::{Bool, CountryList, Date, Integer, Text, TextList};
    vec![
        Field::required("title", Text),
        Field::optional("description", Text),
        Field::optional("date", Date),
        Field::optional("updated", Date),
        Field::optional("draft", Bool),
        Field::optional("weight", Integer),
        Field::optional("slug", Text),
        Field::optional("aliases", TextList),
        Field::optional("themes", TextList),
        Field::optional("standards", TextList),
        Field::optional("countries", CountryList),
        Field::optional("template", Text),
        Field::optional("type", Text),
        Field::optional("source_hash", Text),
        Field::optional("translation", FieldKind::Map),
    ]
}

/// The fields a type adds to the common ones, before a site adds its own. Section pages
/// (`_index.md`) only need the common fields: they introduce a listing rather than being an item
/// of the type.
fn built_in_fields(content_type: ContentType) -> Vec<Field> {
    use FieldKind::{Country, Date, Map, MapList, Text, TextList};
    let (optional, required) = (Field::optional, Field::required);
    match content_type {
        ContentType::Page | ContentType::Guidance => Vec::new(),
        ContentType::Standard => vec![
            optional("framework", Text),
            required("number", Text),
            optional("substandards", MapList),
        ],
        ContentType::Tool => vec![
            optional("kind", FieldKind::one_of(TOOL_KINDS)),
            optional("audience", TextList),
            optional("files", MapList),
        ],
        ContentType::Finding => vec![
            optional("mapping", Text),
            required("country", Country),
            optional("data", Map),
        ],
        ContentType::Practice => vec![
            required("country", Country),
            optional("target_group", Text),
            optional("organisation", Text),
            optional("period", Text),
            optional("evidence", FieldKind::one_of(EVIDENCE_LEVELS)),
            optional("source", Text),
        ],
        ContentType::Project => vec![
            optional("partners", TextList),
            optional("period", Text),
            optional("funding", Text),
            optional("lead", Text),
        ],
        ContentType::News => vec![required("date", Date)],
    }
}

/// The fields of every content type: built in, extended by the site.
#[derive(Debug, Clone)]
pub struct Schema {
    common: Vec<Field>,
    types: HashMap<ContentType, Vec<Field>>,
}

impl Schema {
    /// The built-in fields with what `site.yaml` adds under `types:`, or the errors in what it
    /// adds, each at its place in `site.yaml`: an unknown type, more values for a field that has
    /// no fixed list of them, a `one_of` field without `values`.
    pub fn new(config: &Config) -> Result<Schema, Vec<Diagnostic>> {
        let mut types: HashMap<ContentType, Vec<Field>> = ContentType::ALL
            .into_iter()
            .map(|t| (t, built_in_fields(t)))
            .collect();
        let mut errors = Vec::new();
        for (name, extension) in &config.types {
            let Ok(content_type) = name.parse::<ContentType>() else {
                errors.push(
                    config_error(
                        config,
                        &format!("types.{name}"),
                        format!("`types` names an unknown content type `{name}`"),
                    )
                    .with_help(format!("extend one of: {}", ContentType::names())),
                );
                continue;
            };
            let fields = types.entry(content_type).or_default();
            for (field, extra) in &extension.values {
                match fields.iter_mut().find(|f| &f.name == field) {
                    Some(Field {
                        kind: FieldKind::OneOf(values),
                        ..
                    }) => values.extend(extra.iter().cloned()),
                    _ => errors.push(
                        config_error(
                            config,
                            &format!("types.{name}.values.{field}"),
                            format!("`{field}` of `{name}` has no fixed list of values to extend"),
                        )
                        .with_help("add a field of kind `one_of` under `fields` instead"),
                    ),
                }
            }
            for (field, settings) in &extension.fields {
                if matches!(settings.kind, FieldKind::OneOf(_)) && settings.values.is_empty() {
                    errors.push(
                        config_error(
                            config,
                            &format!("types.{name}.fields.{field}"),
                            format!("the `one_of` field `{field}` lists no `values`"),
                        )
                        .with_help("add `values: [first, second]`"),
                    );
                }
                fields.retain(|f| &f.name != field);
                fields.push(Field {
                    name: field.clone(),
                    kind: settings.field_kind(),
                    required: settings.required,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Schema {
            common: common_fields(),
            types,
        })
    }

    /// The fields a page (or, with `is_section`, a section page) of `content_type` is checked
    /// against. Sections only need the common fields: they introduce a listing of the type.
    pub fn fields(
        &self,
        content_type: ContentType,
        is_section: bool,
    ) -> impl Iterator<Item = &Field> {
        let specific = if is_section {
            None
        } else {
            self.types.get(&content_type)
        };
        self.common.iter().chain(specific.into_iter().flatten())
    }
}

/// A configuration error in what `site.yaml` writes at `key_path`.
fn config_error(config: &Config, key_path: &str, message: String) -> Diagnostic {
    Diagnostic::error("config-value", CONFIG_FILE, message).at_opt(config.locate(key_path))
}

/// Checks the front matter of a page of `content_type` (sections: only the common fields) and
/// returns it typed, or every problem found. A placeholder (`TODO: …`) stands for a value to
/// come: an error on a page to be published, on a draft a warning that [`draft_placeholders`]
/// gives.
pub fn check(
    path: &Path,
    parsed: &Parsed<'_>,
    schema: &Schema,
    content_type: ContentType,
    is_section: bool,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut errors = placeholders::found_of(path, parsed, Severity::Error);
    for field in schema.fields(content_type, is_section) {
        let key = Value::String(field.name.clone());
        match parsed.mapping.get(&key) {
            Some(value) if placeholders::is_placeholder(value) => {}
            None | Some(Value::Null) if field.required => errors.push(
                Diagnostic::error(
                    "missing-field",
                    path,
                    format!("a {content_type} page needs a `{}` field", field.name),
                )
                .at(parsed.opening())
                .with_help(format!("add `{}: …` to the front matter", field.name)),
            ),
            None | Some(Value::Null) => {}
            Some(value) => {
                if let Err(problem) = check_value(&field.kind, value) {
                    errors.push(
                        Diagnostic::error(
                            problem.code,
                            path,
                            format!("`{}` {}", field.name, problem.message),
                        )
                        .at(parsed.location_of(&field.name))
                        .with_help(help_for(field)),
                    );
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FrontMatter::read(
        placeholders::without_placeholders(&parsed.mapping),
        content_type,
    ))
}

/// The warnings for the placeholders of a draft page (see [`check`]).
pub(crate) fn draft_placeholders(path: &Path, parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    placeholders::found_of(path, parsed, Severity::Warning)
}

/// The fields that only one built-in type reads, with that type: on a page of another type
/// (that the site has not given such a field) they would be taken for nothing, silently.
const OWN_FIELDS: &[(&str, ContentType, &str)] = &[
    ("files", ContentType::Tool, "attachments"),
    ("substandards", ContentType::Standard, "sub-standards"),
];

/// A warning for each field of [`OWN_FIELDS`] that a page of another type sets.
pub(crate) fn ignored_fields(
    path: &Path,
    parsed: &Parsed<'_>,
    schema: &Schema,
    content_type: ContentType,
    is_section: bool,
) -> Vec<Diagnostic> {
    OWN_FIELDS
        .iter()
        .filter(|(name, owner, _)| {
            *owner != content_type
                && parsed.mapping.contains_key(*name)
                && !schema
                    .fields(content_type, is_section)
                    .any(|field| field.name == *name)
        })
        .map(|(name, owner, what)| {
            Diagnostic::warning(
                "field-ignored",
                path,
                format!("`{name}` lists {what} only on a {owner} page; this is a {content_type} page"),
            )
            .at(parsed.location_of(name))
            .with_help(format!(
                "move the page into a section of {owner} pages or write `type: {owner}` in its section's `_index.md`; or remove `{name}`"
            ))
        })
        .collect()
}

/// Why a value does not fit its field.
struct Problem {
    code: &'static str,
    message: String,
}

impl Problem {
    fn new(message: String) -> Problem {
        Problem {
            code: "field-type",
            message,
        }
    }
}

fn check_value(kind: &FieldKind, value: &Value) -> Result<(), Problem> {
    let found = describe(value);
    let country = |value: &Value| {
        value
            .as_str()
            .is_some_and(|c| countries::is_country_code(&c.to_lowercase()))
    };
    match kind {
        FieldKind::Text if as_text(value).is_some() => Ok(()),
        FieldKind::Text => Err(Problem::new(format!("must be text, found {found}"))),
        FieldKind::Bool if value.is_bool() => Ok(()),
        FieldKind::Bool => Err(Problem::new(format!(
            "must be true or false, found {found}"
        ))),
        FieldKind::Integer if value.is_i64() => Ok(()),
        FieldKind::Integer => Err(Problem::new(format!(
            "must be a whole number, found {found}"
        ))),
        FieldKind::Date => match value.as_str() {
            Some(text) if is_date(text) => Ok(()),
            _ => Err(Problem::new(format!(
                "must be a date like 2024-05-31, found {found}"
            ))),
        },
        FieldKind::TextList => match value.as_sequence() {
            Some(items) if items.iter().all(|item| as_text(item).is_some()) => Ok(()),
            Some(_) => Err(Problem::new(
                "must be a list of texts, but an item is not text".to_string(),
            )),
            None => Err(Problem::new(format!("must be a list, found {found}"))),
        },
        FieldKind::OneOf(allowed) => match value.as_str() {
            Some(word) if allowed.iter().any(|a| a == word) => Ok(()),
            _ => Err(Problem {
                code: "bad-value",
                message: format!("must be one of {}, found {found}", allowed.join(", ")),
            }),
        },
        FieldKind::MapList => match value.as_sequence() {
            Some(items) if items.iter().all(Value::is_mapping) => Ok(()),
            Some(_) => Err(Problem::new(
                "must be a list of `key: value` maps, but an item is not one".to_string(),
            )),
            None => Err(Problem::new(format!("must be a list, found {found}"))),
        },
        FieldKind::Map if value.is_mapping() => Ok(()),
        FieldKind::Map => Err(Problem::new(format!(
            "must be a map of `key: value` lines, found {found}"
        ))),
        FieldKind::Country if country(value) => Ok(()),
        FieldKind::Country => Err(Problem {
            code: "bad-country",
            message: format!("must be an ISO 3166-1 alpha-2 country code, found {found}"),
        }),
        FieldKind::CountryList => match value.as_sequence() {
            Some(items) => match items.iter().find(|item| !country(item)) {
                None => Ok(()),
                Some(bad) => Err(Problem {
                    code: "bad-country",
                    message: format!(
                        "must list ISO 3166-1 alpha-2 country codes, found {}",
                        describe(bad)
                    ),
                }),
            },
            None => Err(Problem::new(format!(
                "must be a list of country codes, found {found}"
            ))),
        },
    }
}

fn help_for(field: &Field) -> String {
    let name = &field.name;
    match &field.kind {
        FieldKind::Text => format!("write `{name}: some text`; put quotes around text with `: ` or `#`"),
        FieldKind::Bool => format!("write `{name}: true` or `{name}: false`"),
        FieldKind::Integer => format!("write a whole number, e.g. `{name}: 10`"),
        FieldKind::Date => format!("write the date as year-month-day, e.g. `{name}: 2024-05-31`"),
        FieldKind::TextList => format!("write a list, e.g. `{name}: [first, second]`"),
        FieldKind::OneOf(allowed) => format!("allowed values: {}", allowed.join(", ")),
        FieldKind::MapList => format!("write one `- key: value` block per item under `{name}:`"),
        FieldKind::Map => format!("write `key: value` lines indented under `{name}:`"),
        FieldKind::Country => format!("write the two-letter code in lower case, e.g. `{name}: se` for Sweden or `ua` for Ukraine (quote `\"no\"` for Norway)"),
        FieldKind::CountryList => format!("write two-letter codes, e.g. `{name}: [se, fi, \"no\"]`"),
    }
}

/// How a value is described in an error: its type, and the value when short.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("the text \"{s}\""),
        Value::String(_) => "a long text".to_string(),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a map".to_string(),
        Value::Tagged(_) => "a tagged value".to_string(),
    }
}

/// True for `YYYY-MM-DD`, optionally followed by `THH:MM[:SS][.frac][Z|±HH:MM]`.
pub(crate) fn is_date(text: &str) -> bool {
    let number = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let dashes = text.get(4..5) == Some("-") && text.get(7..8) == Some("-");
    let (Some(_year), Some(month), Some(day), true) =
        (number(0..4), number(5..7), number(8..10), dashes)
    else {
        return false;
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let time = text.get(10..).unwrap_or("");
    if time.is_empty() {
        return true;
    }
    let Some(time) = time.strip_prefix(['T', ' ']) else {
        return false;
    };
    let time = time.trim_end_matches('Z');
    let time = match time.rsplit_once(['+', '-']) {
        Some((clock, _)) if clock.len() >= 5 => clock,
        _ => time,
    };
    let clock = time.split('.').next().unwrap_or("");
    let parts: Vec<&str> = clock.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

mod misspelt;
pub(crate) mod placeholders;
pub(crate) use misspelt::misspelt_keys;
#[cfg(test)]
mod tests;
