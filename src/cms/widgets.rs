//! Each front matter field as a Decap CMS widget: a select for enums and country codes, a
//! relation-like select of the site's standard ids, a datetime for dates, a list for lists, and
//! the page's Markdown body.

use serde_yaml::{Mapping, Value};

use crate::config::FieldKind;
use crate::content::countries::ISO_3166_ALPHA2;
use crate::content::schema::Field;
use crate::content::types::ContentType;
use crate::schema::SiteModel;

/// Fields Soteria writes or reads for itself, left out of the forms (the CMS keeps them as they
/// are in the file): a section's `type`, a page's own template, and the translation's hash and
/// record.
const NOT_IN_FORMS: &[&str] = &["type", "template", "source_hash", "translation"];

/// Fields whose text differs per language; every other field is the same in each translation
/// (Decap copies it from the default language's file).
const TRANSLATED: &[&str] = &["title", "description", "substandards", "files", "audience"];

/// A YAML mapping from `(key, value)` pairs, in their order.
pub(crate) fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Mapping(
        pairs
            .into_iter()
            .map(|(key, value)| (Value::String(key.to_string()), value))
            .collect::<Mapping>(),
    )
}

/// A YAML string.
pub(crate) fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

/// A YAML list of strings.
fn texts<S: AsRef<str>>(values: &[S]) -> Value {
    Value::Sequence(values.iter().map(|v| text(v.as_ref())).collect())
}

/// The form fields of a page of `content_type`: its front matter fields, then the body.
pub(crate) fn form_fields(model: &SiteModel, content_type: ContentType) -> Vec<Value> {
    // A type may set a common field again (`date` is required for news): its own setting wins,
    // in the common field's place, since Decap wants each name once.
    let mut named: Vec<(&str, Value)> = Vec::new();
    for field in model.schema.fields(content_type, false) {
        if NOT_IN_FORMS.contains(&field.name.as_str()) {
            continue;
        }
        let Some(widget) = widget(model, content_type, field) else {
            continue;
        };
        match named.iter_mut().find(|(name, _)| *name == field.name) {
            Some(slot) => slot.1 = widget,
            None => named.push((&field.name, widget)),
        }
    }
    let mut fields: Vec<Value> = named.into_iter().map(|(_, widget)| widget).collect();
    fields.push(map([
        ("label", text("Text")),
        ("name", text("body")),
        ("widget", text("markdown")),
        ("i18n", Value::Bool(true)),
    ]));
    fields
}

/// One field's widget, or `None` for a free-form map (`data` of a finding), which no Decap
/// widget edits; the CMS leaves it in the file as it is.
fn widget(model: &SiteModel, content_type: ContentType, field: &Field) -> Option<Value> {
    let name = field.name.as_str();
    let (widget, mut extra): (&str, Vec<(&str, Value)>) = match (name, &field.kind) {
        ("standards", FieldKind::TextList) if !model.standard_ids.is_empty() => (
            "select",
            vec![
                ("options", texts(&model.standard_ids)),
                ("multiple", Value::Bool(true)),
            ],
        ),
        ("themes", FieldKind::TextList) if !model.themes.is_empty() => (
            "select",
            vec![
                ("options", texts(&model.themes)),
                ("multiple", Value::Bool(true)),
            ],
        ),
        ("framework", FieldKind::Text) if content_type == ContentType::Standard => {
            ("select", vec![("options", texts(&model.frameworks))])
        }
        ("description", FieldKind::Text) => ("text", Vec::new()),
        (_, FieldKind::Text) => ("string", Vec::new()),
        // No `default`: a default is a value, which Decap copies into a file for every language.
        (_, FieldKind::Bool) => ("boolean", Vec::new()),
        (_, FieldKind::Integer) => ("number", vec![("value_type", text("int"))]),
        (_, FieldKind::Date) => (
            "datetime",
            vec![
                ("format", text("YYYY-MM-DD")),
                ("date_format", text("YYYY-MM-DD")),
                ("time_format", Value::Bool(false)),
            ],
        ),
        (_, FieldKind::TextList) => ("list", Vec::new()),
        (_, FieldKind::OneOf(values)) => ("select", vec![("options", texts(values))]),
        (_, FieldKind::Country) => ("select", vec![("options", texts(ISO_3166_ALPHA2))]),
        (_, FieldKind::CountryList) => (
            "select",
            vec![
                ("options", texts(ISO_3166_ALPHA2)),
                ("multiple", Value::Bool(true)),
            ],
        ),
        (_, FieldKind::MapList) => ("list", vec![("fields", item_fields(name))]),
        (_, FieldKind::Map) => return None,
    };
    // Decap's list widget takes only `i18n: true` (its own config schema has a boolean there).
    let translated = TRANSLATED.contains(&name) || widget == "list";
    let mut pairs = vec![
        ("label", text(&label(name))),
        ("name", text(name)),
        ("widget", text(widget)),
        ("required", Value::Bool(field.required)),
        (
            "i18n",
            if translated {
                Value::Bool(true)
            } else {
                text("duplicate")
            },
        ),
    ];
    pairs.append(&mut extra);
    let hint = model.description_of(content_type, name);
    let mut value = Value::Mapping(
        pairs
            .into_iter()
            .map(|(key, value)| (text(key), value))
            .collect(),
    );
    if let (Some(hint), Value::Mapping(mapping)) = (hint, &mut value) {
        mapping.insert(text("hint"), text(hint));
    }
    Some(value)
}

/// The fields of one item of a built-in list of maps.
fn item_fields(name: &str) -> Value {
    let string = |key: &str, required: bool| {
        map([
            ("label", text(&label(key))),
            ("name", text(key)),
            ("widget", text("string")),
            ("required", Value::Bool(required)),
        ])
    };
    Value::Sequence(match name {
        "substandards" => vec![string("id", true), string("title", true)],
        "files" => vec![string("file", true), string("title", false)],
        _ => Vec::new(),
    })
}

/// A field's label in the forms: its name with spaces, capitalised (`target_group` → `Target
/// group`).
fn label(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}
