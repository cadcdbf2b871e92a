//! One content type's front matter as a JSON Schema (draft 2020-12): each field's kind as a
//! JSON type, enums with their allowed values, the required fields, and a description for
//! editors' tools to show.

use serde_json::{json, Map, Value};

use crate::config::FieldKind;
use crate::content::countries::ISO_3166_ALPHA2;
use crate::content::schema::Field;
use crate::content::types::ContentType;

use super::SiteModel;

/// The JSON Schema dialect the files declare.
pub(crate) const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A date as `check` takes it: `2024-05-31`, optionally with a time and a zone.
const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\.[0-9]+)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$";

/// Where the list of country codes is, in each file.
const COUNTRY_REF: &str = "#/$defs/country";

/// What the built-in fields are for, shown by editors' tools beside the field.
pub(crate) fn built_in_description(name: &str) -> Option<&'static str> {
    Some(match name {
        "title" => "The page's title, in the page's language.",
        "description" => "A one-sentence summary, shown in listings, search results and link previews.",
        "date" => "The date of publication, year-month-day (2024-05-31).",
        "updated" => "The date of the last real change, year-month-day.",
        "draft" => "true keeps the page out of the built site (soteria build --drafts shows it).",
        "weight" => "A whole number that orders pages in listings: lower first.",
        "slug" => "The last part of the page's address, instead of its file name.",
        "aliases" => "Old addresses of the page, redirected to it.",
        "themes" => "The themes the page is about (slugs of site.yaml's `taxonomies.themes`).",
        "standards" => "The standards the page addresses: `5`, `1.2`, or `trm/3` for another framework.",
        "countries" => "The countries the page is about, as ISO 3166-1 alpha-2 codes in lower case.",
        "template" => "The theme template that renders the page, instead of its type's.",
        "type" => "The content type of the section's pages.",
        "source_hash" => "Written by `soteria new --lang` and `soteria translate import`: which version of the original this translates.",
        "translation" => "Written by `soteria translate import`: the original's text each translated part translates, and translations awaiting review.",
        "framework" => "The standards framework of the standard (site.yaml's `standards`).",
        "number" => "The standard's number in its framework, in quotes (\"5\").",
        "substandards" => "The sub-standards, each `- id: \"5.1\"` with its `title`.",
        "kind" => "What kind of tool it is.",
        "audience" => "Who the tool is for.",
        "files" => "The attachments beside the page's index.md, each `- file: name.pdf` with an optional `title`.",
        "mapping" => "The mapping the finding belongs to.",
        "country" => "The country, as an ISO 3166-1 alpha-2 code in lower case (se, ua).",
        "data" => "The finding's values, compared across countries on the findings pages.",
        "target_group" => "Whom the practice is for.",
        "organisation" => "Who runs the practice.",
        "period" => "When it ran, e.g. 2019–2023.",
        "evidence" => "How well its effect is known.",
        "source" => "Where the description of the practice comes from.",
        "partners" => "The project's partners.",
        "funding" => "Who funds the project.",
        "lead" => "Who leads the project.",
        _ => return None,
    })
}

/// The JSON Schema of a page's front matter (a section's own page with `is_section`).
pub(crate) fn front_matter(
    model: &SiteModel,
    content_type: ContentType,
    is_section: bool,
) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in model.schema.fields(content_type, is_section) {
        if field.name == "type" && !is_section {
            // `check` refuses a page's own `type:`: sections set it.
            properties.insert(field.name.clone(), Value::Bool(false));
            continue;
        }
        properties.insert(
            field.name.clone(),
            property(model, content_type, field, is_section),
        );
        if field.required {
            required.push(Value::String(field.name.clone()));
        }
    }
    let (title, description) = if is_section {
        (
            "A section's _index.md".to_string(),
            "The front matter of a section's own page (_index.md): its title, introduction and the type of its pages.".to_string(),
        )
    } else {
        (
            format!("A {content_type} page"),
            format!("The front matter of a {content_type} page of the site, as `soteria check` reads it."),
        )
    };
    json!({
        "$schema": DIALECT,
        "$comment": "Made by `soteria schema` from site.yaml and the site's standard pages. Change: nothing here by hand; run `soteria schema` again after changing `types:` or `standards:` in site.yaml or adding a standard.",
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        // Every country field refers to the one list rather than repeating 249 codes.
        "$defs": { "country": {
            "description": "An ISO 3166-1 alpha-2 country code, in lower case.",
            "enum": ISO_3166_ALPHA2,
        } },
    })
}

/// One field's schema, with its description.
fn property(
    model: &SiteModel,
    content_type: ContentType,
    field: &Field,
    is_section: bool,
) -> Value {
    let mut schema = match (field.name.as_str(), &field.kind) {
        ("standards", FieldKind::TextList) if !model.standard_ids.is_empty() => json!({
            "type": "array",
            "items": { "enum": model.standard_ids },
        }),
        ("framework", FieldKind::Text) if content_type == ContentType::Standard => {
            json!({ "enum": model.frameworks })
        }
        ("type", FieldKind::Text) if is_section => {
            json!({ "enum": ContentType::ALL.map(ContentType::name) })
        }
        ("themes", FieldKind::TextList) if !model.themes.is_empty() => json!({
            "type": "array",
            "items": { "type": "string", "examples": model.themes },
        }),
        (name, kind) => of_kind(name, kind),
    };
    let description = model.description_of(content_type, &field.name);
    if let (Some(text), Some(object)) = (description, schema.as_object_mut()) {
        object.insert("description".to_string(), Value::String(text.to_string()));
    }
    schema
}

/// The schema of a value of `kind` (the field `name`'s, for the shape of built-in lists).
fn of_kind(name: &str, kind: &FieldKind) -> Value {
    // `check` takes a number where it wants text (`number: 5`), as its text.
    let text = || json!({ "type": ["string", "number"] });
    match kind {
        FieldKind::Text => text(),
        FieldKind::Bool => json!({ "type": "boolean" }),
        FieldKind::Integer => json!({ "type": "integer" }),
        FieldKind::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        FieldKind::TextList => json!({ "type": "array", "items": text() }),
        FieldKind::OneOf(values) => json!({ "enum": values }),
        FieldKind::Country => json!({ "$ref": COUNTRY_REF }),
        FieldKind::CountryList => json!({ "type": "array", "items": { "$ref": COUNTRY_REF } }),
        FieldKind::Map => json!({ "type": "object" }),
        FieldKind::MapList => {
            let keys = match name {
                "substandards" => json!({ "id": text(), "title": text() }),
                "files" => json!({ "file": text(), "title": text() }),
                _ => json!({}),
            };
            json!({ "type": "array", "items": { "type": "object", "properties": keys } })
        }
    }
}
