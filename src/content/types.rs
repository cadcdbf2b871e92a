//! Content types: what kind of material a page is (`guidance`, `standard`, …). A section's
//! `_index.md` sets its pages' type (`type: guidance`); pages outside a typed section are
//! [`ContentType::Page`].

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A built-in content type. Templates, search results and file names (`standard.html`) see its
/// name, as written in `type:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    /// Any page; the type of pages whose section names none.
    #[default]
    Page,
    /// Guidance documents.
    Guidance,
    /// A standard of a framework, with its number and sub-standards.
    Standard,
    /// A practical tool: checklists, templates, training material, with attachments.
    Tool,
    /// A country's findings in a mapping.
    Finding,
    /// An entry of the registry of good practice.
    Practice,
    /// A project of the network.
    Project,
    /// News, dated.
    News,
}

impl ContentType {
    /// Every content type, in the order diagnostics list them.
    pub const ALL: [ContentType; 8] = [
        ContentType::Page,
        ContentType::Guidance,
        ContentType::Standard,
        ContentType::Tool,
        ContentType::Finding,
        ContentType::Practice,
        ContentType::Project,
        ContentType::News,
    ];

    /// The type's name, as written in `type:`.
    pub fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Guidance => "guidance",
            ContentType::Standard => "standard",
            ContentType::Tool => "tool",
            ContentType::Finding => "finding",
            ContentType::Practice => "practice",
            ContentType::Project => "project",
            ContentType::News => "news",
        }
    }

    /// The names of all types, for a diagnostic's help (`page, guidance, …`).
    pub fn names() -> String {
        ContentType::ALL.map(ContentType::name).join(", ")
    }
}

impl fmt::Display for ContentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A type name that is none of the built-in types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown content type `{0}`")]
pub struct UnknownType(pub String);

impl FromStr for ContentType {
    type Err = UnknownType;

    /// The type named `name`, exactly as [`ContentType::name`] writes it.
    fn from_str(name: &str) -> Result<ContentType, UnknownType> {
        ContentType::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| UnknownType(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_serialise_as_written() {
        for content_type in ContentType::ALL {
            assert_eq!(content_type.name().parse(), Ok(content_type));
            assert_eq!(
                serde_json::to_string(&content_type).unwrap(),
                format!("\"{content_type}\"")
            );
        }
        assert_eq!(ContentType::default(), ContentType::Page);
    }

    #[test]
    fn an_unknown_type_is_named_and_the_known_ones_listed() {
        let error = "Standard".parse::<ContentType>().unwrap_err();
        assert_eq!(error.to_string(), "unknown content type `Standard`");
        assert_eq!(
            ContentType::names(),
            "page, guidance, standard, tool, finding, practice, project, news"
        );
    }
}
