//! Content types and their fields: what each type of page must and may say in its front matter,
//! and the checks that turn a YAML mapping into a typed [`FrontMatter`].

use std::path::Path;

use serde_yaml::{Mapping, Value};

use std::collections::HashMap;

use crate::config::{Config, FieldKindName};
use crate::content::countries;
use crate::content::front_matter::Parsed;
use crate::diagnostics::Diagnostic;

/// The built-in content types.
pub const TYPES: &[&str] = &[
    "page", "guidance", "standard", "tool", "finding", "practice", "project", "news",
];

/// The type of pages whose section names none.
pub const DEFAULT_TYPE: &str = "page";

/// What a field's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string (numbers are taken as their text).
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A date, `YYYY-MM-DD`, optionally with a time (`2024-05-01T09:30:00Z`).
    Date,
    /// A list of strings.
    TextList,
    /// One of a fixed set of words.
    OneOf(&'static [&'static str]),
    /// A list of `key: value` maps.
    MapList,
    /// A `key: value` map.
    Map,
    /// An ISO 3166-1 alpha-2 country code (`se`).
    Country,
    /// A list of country codes.
    CountryList,
}

/// One front matter field of a type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// What its value must be.
    pub kind: FieldKind,
    /// Whether a page of the type must have it.
    pub required: bool,
}

const fn field(name: &'static str, kind: FieldKind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

const fn required(name: &'static str, kind: FieldKind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

/// Fields every page and section may have.
pub const COMMON_FIELDS: &[Field] = &[
    required("title", FieldKind::Text),
    field("description", FieldKind::Text),
    field("date", FieldKind::Date),
    field("updated", FieldKind::Date),
    field("draft", FieldKind::Bool),
    field("weight", FieldKind::Integer),
    field("slug", FieldKind::Text),
    field("aliases", FieldKind::TextList),
    field("themes", FieldKind::TextList),
    field("standards", FieldKind::TextList),
    field("countries", FieldKind::CountryList),
    field("template", FieldKind::Text),
    field("type", FieldKind::Text),
    field("source_hash", FieldKind::Text),
];

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

/// The fields a type adds to the common ones. Section pages (`_index.md`) only need the common
/// required fields: they introduce a listing rather than being an item of the type.
pub fn built_in_fields(content_type: &str) -> &'static [Field] {
    match content_type {
        "standard" => STANDARD_FIELDS,
        "tool" => TOOL_FIELDS,
        "finding" => FINDING_FIELDS,
        "practice" => PRACTICE_FIELDS,
        "project" => PROJECT_FIELDS,
        "news" => NEWS_FIELDS,
        _ => &[],
    }
}

const STANDARD_FIELDS: &[Field] = &[
    field("framework", FieldKind::Text),
    required("number", FieldKind::Text),
    field("substandards", FieldKind::MapList),
];

const TOOL_FIELDS: &[Field] = &[
    field("kind", FieldKind::OneOf(TOOL_KINDS)),
    field("audience", FieldKind::TextList),
    field("files", FieldKind::MapList),
];

const FINDING_FIELDS: &[Field] = &[
    field("mapping", FieldKind::Text),
    required("country", FieldKind::Country),
    field("data", FieldKind::Map),
];

const PRACTICE_FIELDS: &[Field] = &[
    required("country", FieldKind::Country),
    field("target_group", FieldKind::Text),
    field("organisation", FieldKind::Text),
    field("period", FieldKind::Text),
    field("evidence", FieldKind::OneOf(EVIDENCE_LEVELS)),
    field("source", FieldKind::Text),
];

const PROJECT_FIELDS: &[Field] = &[
    field("partners", FieldKind::TextList),
    field("period", FieldKind::Text),
    field("funding", FieldKind::Text),
    field("lead", FieldKind::Text),
];

const NEWS_FIELDS: &[Field] = &[required("date", FieldKind::Date)];

/// The front matter every page has, typed. Type-specific fields stay in `meta`.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The page's title.
    pub title: String,
    /// A one-sentence summary, for listings and `<meta name="description">`.
    pub description: Option<String>,
    /// When it was published (ISO 8601).
    pub date: Option<String>,
    /// When it was last changed (ISO 8601).
    pub updated: Option<String>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Lower weights come first in listings.
    pub weight: Option<i64>,
    /// Replaces the last part of the page's URL.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// The template to render the page with, instead of its type's.
    pub template: Option<String>,
    /// A section's type, inherited by its pages.
    pub content_type: Option<String>,
    /// All front matter fields as written, for templates.
    pub meta: Mapping,
}

/// A field as checked: the built-in ones and those a site adds in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The key.
    pub name: String,
    /// What its value must be.
    pub kind: Kind,
    /// Whether a page of the type must have it.
    pub required: bool,
}

/// What a field's value must be (owned, so that sites can add choices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// See [`FieldKind::Text`].
    Text,
    /// See [`FieldKind::Bool`].
    Bool,
    /// See [`FieldKind::Integer`].
    Integer,
    /// See [`FieldKind::Date`].
    Date,
    /// See [`FieldKind::TextList`].
    TextList,
    /// One of these words.
    OneOf(Vec<String>),
    /// See [`FieldKind::MapList`].
    MapList,
    /// See [`FieldKind::Map`].
    Map,
    /// See [`FieldKind::Country`].
    Country,
    /// See [`FieldKind::CountryList`].
    CountryList,
}

impl From<FieldKind> for Kind {
    fn from(kind: FieldKind) -> Kind {
        match kind {
            FieldKind::Text => Kind::Text,
            FieldKind::Bool => Kind::Bool,
            FieldKind::Integer => Kind::Integer,
            FieldKind::Date => Kind::Date,
            FieldKind::TextList => Kind::TextList,
            FieldKind::OneOf(values) => {
                Kind::OneOf(values.iter().map(|v| (*v).to_string()).collect())
            }
            FieldKind::MapList => Kind::MapList,
            FieldKind::Map => Kind::Map,
            FieldKind::Country => Kind::Country,
            FieldKind::CountryList => Kind::CountryList,
        }
    }
}

impl From<&Field> for FieldSpec {
    fn from(field: &Field) -> FieldSpec {
        FieldSpec {
            name: field.name.to_string(),
            kind: field.kind.into(),
            required: field.required,
        }
    }
}

/// The fields of every content type: built in, extended by the site.
#[derive(Debug, Clone)]
pub struct Schema {
    common: Vec<FieldSpec>,
    types: HashMap<String, Vec<FieldSpec>>,
}

impl Schema {
    /// The built-in fields, with what `config` adds (checked when the config was read).
    pub fn new(config: &Config) -> Schema {
        let mut types: HashMap<String, Vec<FieldSpec>> = TYPES
            .iter()
            .map(|t| {
                (
                    (*t).to_string(),
                    built_in_fields(t).iter().map(FieldSpec::from).collect(),
                )
            })
            .collect();
        for (name, extension) in &config.types {
            let Some(fields) = types.get_mut(name) else {
                continue;
            };
            for (field, extra) in &extension.values {
                if let Some(Kind::OneOf(values)) = fields
                    .iter_mut()
                    .find(|f| &f.name == field)
                    .map(|f| &mut f.kind)
                {
                    values.extend(extra.iter().cloned());
                }
            }
            for (field, settings) in &extension.fields {
                let kind = match settings.kind {
                    FieldKindName::Text => Kind::Text,
                    FieldKindName::Bool => Kind::Bool,
                    FieldKindName::Integer => Kind::Integer,
                    FieldKindName::Date => Kind::Date,
                    FieldKindName::List => Kind::TextList,
                    FieldKindName::OneOf => Kind::OneOf(settings.values.clone()),
                    FieldKindName::Country => Kind::Country,
                    FieldKindName::Countries => Kind::CountryList,
                    FieldKindName::Map => Kind::Map,
                };
                fields.retain(|f| &f.name != field);
                fields.push(FieldSpec {
                    name: field.clone(),
                    kind,
                    required: settings.required,
                });
            }
        }
        Schema {
            common: COMMON_FIELDS.iter().map(FieldSpec::from).collect(),
            types,
        }
    }

    /// The fields a page (or, with `is_section`, a section page) of `content_type` is checked
    /// against. Sections only need the common fields: they introduce a listing of the type.
    pub fn fields(&self, content_type: &str, is_section: bool) -> impl Iterator<Item = &FieldSpec> {
        let specific = if is_section {
            None
        } else {
            self.types.get(content_type)
        };
        self.common.iter().chain(specific.into_iter().flatten())
    }
}

impl FrontMatter {
    /// The files a page lists in `files`: each file name with its title, when given.
    pub fn attachments(&self) -> Vec<(&str, Option<&str>)> {
        self.meta
            .get("files")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let file = entry.get("file")?.as_str()?;
                Some((file, entry.get("title").and_then(Value::as_str)))
            })
            .collect()
    }
}

/// Checks the front matter of a page of `content_type` (sections: only the common fields) and
/// returns it typed, or every problem found.
pub fn check(
    path: &Path,
    parsed: &Parsed<'_>,
    schema: &Schema,
    content_type: &str,
    is_section: bool,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for field in schema.fields(content_type, is_section) {
        let key = Value::String(field.name.clone());
        match parsed.mapping.get(&key) {
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
    let get = |name: &str| parsed.mapping.get(Value::String(name.to_string()));
    let text = |name: &str| get(name).and_then(as_text);
    Ok(FrontMatter {
        title: text("title").unwrap_or_default(),
        description: text("description"),
        date: text("date"),
        updated: text("updated"),
        draft: get("draft").and_then(Value::as_bool).unwrap_or(false),
        weight: get("weight").and_then(Value::as_i64),
        slug: text("slug"),
        aliases: get("aliases").map(text_list).unwrap_or_default(),
        template: text("template"),
        content_type: text("type"),
        meta: parsed.mapping.clone(),
    })
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

fn check_value(kind: &Kind, value: &Value) -> Result<(), Problem> {
    let found = describe(value);
    let country = |value: &Value| {
        value
            .as_str()
            .is_some_and(|c| countries::is_country_code(&c.to_lowercase()))
    };
    match kind {
        Kind::Text if as_text(value).is_some() => Ok(()),
        Kind::Text => Err(Problem::new(format!("must be text, found {found}"))),
        Kind::Bool if value.is_bool() => Ok(()),
        Kind::Bool => Err(Problem::new(format!(
            "must be true or false, found {found}"
        ))),
        Kind::Integer if value.is_i64() => Ok(()),
        Kind::Integer => Err(Problem::new(format!(
            "must be a whole number, found {found}"
        ))),
        Kind::Date => match value.as_str() {
            Some(text) if is_date(text) => Ok(()),
            _ => Err(Problem::new(format!(
                "must be a date like 2024-05-31, found {found}"
            ))),
        },
        Kind::TextList => match value.as_sequence() {
            Some(items) if items.iter().all(|item| as_text(item).is_some()) => Ok(()),
            Some(_) => Err(Problem::new(
                "must be a list of texts, but an item is not text".to_string(),
            )),
            None => Err(Problem::new(format!("must be a list, found {found}"))),
        },
        Kind::OneOf(allowed) => match value.as_str() {
            Some(word) if allowed.iter().any(|a| a == word) => Ok(()),
            _ => Err(Problem {
                code: "bad-value",
                message: format!("must be one of {}, found {found}", allowed.join(", ")),
            }),
        },
        Kind::MapList => match value.as_sequence() {
            Some(items) if items.iter().all(Value::is_mapping) => Ok(()),
            Some(_) => Err(Problem::new(
                "must be a list of `key: value` maps, but an item is not one".to_string(),
            )),
            None => Err(Problem::new(format!("must be a list, found {found}"))),
        },
        Kind::Map if value.is_mapping() => Ok(()),
        Kind::Map => Err(Problem::new(format!(
            "must be a map of `key: value` lines, found {found}"
        ))),
        Kind::Country if country(value) => Ok(()),
        Kind::Country => Err(Problem {
            code: "bad-country",
            message: format!("must be an ISO 3166-1 alpha-2 country code, found {found}"),
        }),
        Kind::CountryList => match value.as_sequence() {
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

fn help_for(field: &FieldSpec) -> String {
    let name = &field.name;
    match &field.kind {
        Kind::Text => format!("write `{name}: some text`; put quotes around text with `: ` or `#`"),
        Kind::Bool => format!("write `{name}: true` or `{name}: false`"),
        Kind::Integer => format!("write a whole number, e.g. `{name}: 10`"),
        Kind::Date => format!("write the date as year-month-day, e.g. `{name}: 2024-05-31`"),
        Kind::TextList => format!("write a list, e.g. `{name}: [first, second]`"),
        Kind::OneOf(allowed) => format!("allowed values: {}", allowed.join(", ")),
        Kind::MapList => format!("write one `- key: value` block per item under `{name}:`"),
        Kind::Map => format!("write `key: value` lines indented under `{name}:`"),
        Kind::Country => format!("write the two-letter code in lower case, e.g. `{name}: se` for Sweden or `ua` for Ukraine (quote `\"no\"` for Norway)"),
        Kind::CountryList => format!("write two-letter codes, e.g. `{name}: [se, fi, \"no\"]`"),
    }
}

/// A value as text: strings as they are, numbers as written.
pub(crate) fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn text_list(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|items| items.iter().filter_map(as_text).collect())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter;

    fn check_text(text: &str, content_type: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let parsed = front_matter::parse(Path::new("a.md"), text).unwrap();
        let (config, _) = crate::Config::parse(
            "title: T\ntypes:\n  practice:\n    values:\n      evidence: [anecdotal]\n    fields:\n      sector: {kind: one_of, values: [health, justice]}\n",
        )
        .unwrap();
        check(
            Path::new("a.md"),
            &parsed,
            &Schema::new(&config),
            content_type,
            false,
        )
    }

    #[test]
    fn all_problems_of_a_page_are_reported_at_their_lines() {
        let errors =
            check_text("---\ndraft: \"sometimes\"\nweight: heavy\n---\n", "news").unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.code, e.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            found,
            [
                ("missing-field", 1),
                ("field-type", 2),
                ("field-type", 3),
                ("missing-field", 1)
            ]
        );
        assert!(errors[1].message.contains("must be true or false"));
        assert!(errors[3].message.contains("`date`"));
    }

    #[test]
    fn enum_errors_name_the_allowed_values() {
        let errors = check_text(
            "---\ntitle: T\ncountry: se\nevidence: strong\n---\n",
            "practice",
        )
        .unwrap_err();
        assert!(errors[0].message.contains("emerging, promising, evaluated"));
    }

    #[test]
    fn countries_are_iso_codes() {
        let errors = check_text(
            "---\ntitle: T\ncountry: sweden\ncountries: [se, xx]\n---\n",
            "practice",
        )
        .unwrap_err();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.code, e.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(codes, [("bad-country", 4), ("bad-country", 3)]);
        assert!(
            errors[0].message.contains("\"xx\""),
            "{}",
            errors[0].message
        );
        assert!(check_text(
            "---\ntitle: T\ncountry: \"no\"\ncountries: [SE]\n---\n",
            "practice"
        )
        .is_ok());
    }

    #[test]
    fn sites_add_fields_and_values() {
        assert!(check_text(
            "---\ntitle: T\ncountry: se\nevidence: anecdotal\nsector: health\n---\n",
            "practice"
        )
        .is_ok());
        let errors = check_text(
            "---\ntitle: T\ncountry: se\nsector: police\n---\n",
            "practice",
        )
        .unwrap_err();
        assert_eq!(errors[0].code, "bad-value");
        assert!(
            errors[0].message.contains("one of health, justice"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn typed_fields_are_read() {
        let front = check_text(
            "---\ntitle: 2024\ndraft: true\nweight: 3\naliases: [/old/]\ndate: 2024-05-01\n---\n",
            "page",
        )
        .unwrap();
        assert_eq!(front.title, "2024");
        assert!(front.draft);
        assert_eq!(front.weight, Some(3));
        assert_eq!(front.aliases, ["/old/"]);
    }

    #[test]
    fn dates_are_checked() {
        for good in [
            "2024-05-01",
            "2024-05-01T09:30:00Z",
            "2024-05-01T09:30+02:00",
            "2024-05-01 09:30:00",
        ] {
            assert!(is_date(good), "{good}");
        }
        for bad in ["2024-13-01", "May 2024", "2024-5-1", "2024-05-01T9"] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
