//! The front matter as the rest of the build reads it: the fields every page may have and each
//! content type's own ([`TypeFields`]), typed once, after [`super::schema::check`] has checked
//! them. The mapping as written stays in [`FrontMatter::meta`], for templates and for the fields
//! a site adds.
//!
//! Text fields take a number as its text (`number: 5`); words that become parts of URLs or are
//! compared as written (`country`, `themes`, `evidence`, `framework`, `source_hash`) are taken
//! only when written as text.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::content::types::ContentType;

/// The front matter every page has, typed, with its type's own fields.
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
    /// Its themes (taxonomy terms), as written.
    pub themes: Vec<String>,
    /// The standards it addresses (`"5"`, `"1.2"`, `"trm/3"`), as written.
    pub standards: Vec<String>,
    /// The countries it is about (ISO 3166-1 alpha-2 codes), as written.
    pub countries: Vec<String>,
    /// The one country it is about (`country`), as written: required on findings and practices,
    /// which check it is a country code; on a page of another type a taxonomy term all the same
    /// (a site may give other types a `country` in `site.yaml`).
    pub country: Option<String>,
    /// How well a practice's effect is known (`evidence`), as written: checked on practices; a
    /// facet value on any page, as `country` is a taxonomy term.
    pub evidence: Option<String>,
    /// The template to render the page with, instead of its type's.
    pub template: Option<String>,
    /// A section's type, inherited by its pages.
    pub content_type: Option<String>,
    /// For a translation: the hash of the source it was translated from.
    pub source_hash: Option<String>,
    /// The fields of its content type.
    pub fields: TypeFields,
    /// All front matter fields as written, for templates.
    pub meta: Mapping,
}

/// The fields a content type adds to the common ones. On a section's own page they are read the
/// same way but not checked: a section needs only the common fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum TypeFields {
    /// A type without fields of its own (`page`, `guidance`, `news`).
    #[default]
    None,
    /// A standard's.
    Standard(StandardFields),
    /// A tool's.
    Tool(ToolFields),
    /// A finding's.
    Finding(FindingFields),
    /// A practice's.
    Practice(PracticeFields),
    /// A project's.
    Project(ProjectFields),
}

/// The fields of a `standard`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StandardFields {
    /// The framework it belongs to, when not its section's.
    pub framework: Option<String>,
    /// Its number (`"5"`); required on a standard page.
    pub number: Option<String>,
    /// Its sub-standards (those with an `id` and a `title`).
    pub substandards: Vec<SubStandard>,
}

/// A sub-standard as a standard page declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubStandard {
    /// Its number (`1.2`).
    pub id: String,
    /// Its title, in the page's language.
    pub title: String,
}

/// The fields of a `tool`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ToolFields {
    /// What kind of tool it is (`checklist`, …).
    pub kind: Option<String>,
    /// Who it is for.
    pub audience: Vec<String>,
    /// The files beside it that it lists (those with a `file`).
    pub files: Vec<Attachment>,
}

/// A file a tool lists in `files`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its name, beside the page's `index.md`.
    pub file: String,
    /// What readers see instead of the name, when given.
    pub title: Option<String>,
}

/// The fields of a `finding`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindingFields {
    /// The mapping it belongs to.
    pub mapping: Option<String>,
    /// Its values, element → `{level, summary, illustrative}`, compared across countries.
    pub data: Mapping,
}

/// The fields of a `practice` (its `country` and `evidence` are
/// [`FrontMatter::country`] and [`FrontMatter::evidence`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PracticeFields {
    /// Whom it is for.
    pub target_group: Option<String>,
    /// Who runs it.
    pub organisation: Option<String>,
    /// When it runs.
    pub period: Option<String>,
    /// Where it is described.
    pub source: Option<String>,
}

/// The fields of a `project`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectFields {
    /// Its partners.
    pub partners: Vec<String>,
    /// When it runs.
    pub period: Option<String>,
    /// Who funds it.
    pub funding: Option<String>,
    /// Who leads it.
    pub lead: Option<String>,
}

impl FrontMatter {
    /// True when the page says it is made up (`example: true`): an illustrative practice or
    /// finding, labelled "Fictional example" wherever it is listed or found.
    pub(crate) fn is_example(&self) -> bool {
        self.meta
            .get("example")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The typed front matter of a page of `content_type` from its mapping (checked, except for
    /// a section's type fields).
    pub(crate) fn read(meta: Mapping, content_type: ContentType) -> FrontMatter {
        let field = Reader(&meta);
        FrontMatter {
            title: field.text("title").unwrap_or_default(),
            description: field.text("description"),
            date: field.text("date"),
            updated: field.text("updated"),
            draft: field.get("draft").and_then(Value::as_bool).unwrap_or(false),
            weight: field.get("weight").and_then(Value::as_i64),
            slug: field.text("slug"),
            aliases: field.texts("aliases"),
            themes: field.words("themes"),
            standards: field.texts("standards"),
            countries: field.words("countries"),
            country: field.word("country"),
            evidence: field.word("evidence"),
            template: field.text("template"),
            content_type: field.text("type"),
            source_hash: field.word("source_hash"),
            fields: TypeFields::read(field, content_type),
            meta,
        }
    }

    /// The sub-standards a standard page declares.
    pub fn substandards(&self) -> &[SubStandard] {
        match &self.fields {
            TypeFields::Standard(standard) => &standard.substandards,
            _ => &[],
        }
    }

    /// The files a tool lists in `files`.
    pub fn attachments(&self) -> &[Attachment] {
        match &self.fields {
            TypeFields::Tool(tool) => &tool.files,
            _ => &[],
        }
    }
}

impl TypeFields {
    fn read(field: Reader<'_>, content_type: ContentType) -> TypeFields {
        match content_type {
            ContentType::Page | ContentType::Guidance | ContentType::News => TypeFields::None,
            ContentType::Standard => TypeFields::Standard(StandardFields {
                framework: field.word("framework"),
                number: field.text("number"),
                substandards: field.maps("substandards", |item| {
                    Some(SubStandard {
                        id: as_text(item.get("id")?)?,
                        title: as_text(item.get("title")?)?,
                    })
                }),
            }),
            ContentType::Tool => TypeFields::Tool(ToolFields {
                kind: field.word("kind"),
                audience: field.texts("audience"),
                files: field.maps("files", |item| {
                    Some(Attachment {
                        file: item.get("file")?.as_str()?.to_string(),
                        title: item
                            .get("title")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                }),
            }),
            ContentType::Finding => TypeFields::Finding(FindingFields {
                mapping: field.text("mapping"),
                data: field
                    .get("data")
                    .and_then(Value::as_mapping)
                    .cloned()
                    .unwrap_or_default(),
            }),
            ContentType::Practice => TypeFields::Practice(PracticeFields {
                target_group: field.text("target_group"),
                organisation: field.text("organisation"),
                period: field.text("period"),
                source: field.text("source"),
            }),
            ContentType::Project => TypeFields::Project(ProjectFields {
                partners: field.texts("partners"),
                period: field.text("period"),
                funding: field.text("funding"),
                lead: field.text("lead"),
            }),
        }
    }
}

/// Reads the fields of a front matter mapping.
#[derive(Clone, Copy)]
struct Reader<'a>(&'a Mapping);

impl<'a> Reader<'a> {
    fn get(self, name: &str) -> Option<&'a Value> {
        self.0.get(name)
    }

    /// A text field: a string, or a number as its text.
    fn text(self, name: &str) -> Option<String> {
        self.get(name).and_then(as_text)
    }

    /// A field taken only when written as text.
    fn word(self, name: &str) -> Option<String> {
        self.get(name).and_then(Value::as_str).map(str::to_string)
    }

    /// A list of texts (numbers as their text); other items are left out.
    fn texts(self, name: &str) -> Vec<String> {
        self.items(name).filter_map(as_text).collect()
    }

    /// A list of words written as text; other items are left out.
    fn words(self, name: &str) -> Vec<String> {
        self.items(name)
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    }

    /// A list of `key: value` maps, each read by `item` (`None` leaves it out).
    fn maps<T>(self, name: &str, item: impl Fn(&Value) -> Option<T>) -> Vec<T> {
        self.items(name).filter_map(item).collect()
    }

    fn items(self, name: &str) -> impl Iterator<Item = &'a Value> {
        self.get(name)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str, content_type: ContentType) -> FrontMatter {
        FrontMatter::read(serde_yaml::from_str(yaml).unwrap(), content_type)
    }

    #[test]
    fn each_type_reads_its_own_fields() {
        let yaml = "title: T\nnumber: 5\nframework: trm\nsubstandards:\n  - {id: 5.1, title: One}\n  - {id: 5.2}\ncountry: SE\nevidence: evaluated\nfiles:\n  - {file: a.pdf, title: A}\n  - {title: no file}\n";
        let standard = read(yaml, ContentType::Standard);
        assert_eq!(
            standard.fields,
            TypeFields::Standard(StandardFields {
                framework: Some("trm".to_string()),
                number: Some("5".to_string()),
                substandards: vec![SubStandard {
                    id: "5.1".to_string(),
                    title: "One".to_string()
                }],
            })
        );
        assert!(standard.attachments().is_empty());
        let practice = read(yaml, ContentType::Practice);
        assert!(practice.substandards().is_empty());
        let tool = read(yaml, ContentType::Tool);
        assert_eq!(
            tool.attachments(),
            [Attachment {
                file: "a.pdf".to_string(),
                title: Some("A".to_string())
            }]
        );
        assert_eq!(read(yaml, ContentType::Guidance).fields, TypeFields::None);
    }

    #[test]
    fn common_fields_are_read_as_the_build_takes_them() {
        let front = read(
            "title: 2024\nthemes: [care, 7]\nstandards: [5, \"1.2\"]\ncountries: [se]\ncountry: SE\nevidence: strong\nsource_hash: 123\n",
            ContentType::Page,
        );
        assert_eq!(front.title, "2024");
        assert_eq!(front.themes, ["care"]);
        assert_eq!(front.standards, ["5", "1.2"]);
        assert_eq!(front.countries, ["se"]);
        assert_eq!(
            (front.country.as_deref(), front.evidence.as_deref()),
            (Some("SE"), Some("strong"))
        );
        assert_eq!(front.source_hash, None);
        assert_eq!(front.meta.len(), 7);
    }
}
