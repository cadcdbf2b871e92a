//! Parse: source files → [`ParsedPage`]s: front matter checked against the page's content type,
//! Markdown rendered to HTML with its headings and references listed.
//!
//! A page's type comes from its section (`type:` in `_index.md`), inherited down the tree, so
//! every file's front matter is read first, then each page is checked and rendered in parallel.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::content::front_matter::{self, Parsed};
use crate::content::schema::{self, FrontMatter, Schema};
use crate::content::{SourceFile, SourceId};
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{self, MarkdownOptions, Rendered};

/// A source file, checked and rendered, not yet linked to the rest of the site.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// The file, relative to the site's root.
    pub path: PathBuf,
    /// Which page it is, in which language.
    pub id: SourceId,
    /// Its content type (`guidance`, `standard`, …).
    pub content_type: String,
    /// Its front matter, typed.
    pub front: FrontMatter,
    /// Where each front matter field's value is, for later checks (slug, aliases, references).
    pub field_locations: Vec<(String, Location)>,
    /// The front matter's YAML text and the file line it starts on, to locate list items.
    pub front_text: (String, usize),
    /// Its body, rendered.
    pub body: Rendered,
}

impl ParsedPage {
    /// The location of a front matter field's value (or of the front matter's start).
    pub fn field_location(&self, name: &str) -> Location {
        self.field_locations
            .iter()
            .find(|(key, _)| key == name)
            .or_else(|| self.field_locations.first())
            .map(|(_, location)| location.clone())
            .unwrap_or(Location {
                line: 1,
                column: 1,
                len: 3,
                line_text: "---".to_string(),
            })
    }
}

impl ParsedPage {
    /// The location of `needle` in the front matter, at or after the line of field `field`: an
    /// item of a list written one per line, say.
    pub fn locate_in_field(&self, field: &str, needle: &str) -> Option<Location> {
        let (yaml, first_line) = &self.front_text;
        let field_line = self
            .field_locations
            .iter()
            .find(|(k, _)| k == field)?
            .1
            .line;
        let start: usize = yaml
            .split_inclusive('\n')
            .take(field_line.saturating_sub(*first_line))
            .map(str::len)
            .sum();
        let offset = start + yaml[start..].find(needle)?;
        let mut location = Location::from_offset(yaml, offset, needle.len());
        location.line += first_line - 1;
        Some(location)
    }
}

/// Parses every source. Files with errors are left out and their errors returned.
pub fn parse_all(
    sources: &[SourceFile],
    schema: &Schema,
    options: MarkdownOptions,
) -> (Vec<ParsedPage>, Vec<Diagnostic>) {
    let front: Vec<Result<Parsed<'_>, Diagnostic>> = sources
        .par_iter()
        .map(|source| front_matter::parse(&source.path, &source.text))
        .collect();
    let mut diagnostics = Vec::new();
    let section_types = section_types(sources, &front, &mut diagnostics);

    let results: Vec<Result<ParsedPage, Vec<Diagnostic>>> = sources
        .par_iter()
        .zip(front.par_iter())
        .filter_map(|(source, parsed)| parsed.as_ref().ok().map(|parsed| (source, parsed)))
        .map(|(source, parsed)| {
            let content_type = type_of(&source.id, &section_types);
            let front = schema::check(
                &source.path,
                parsed,
                schema,
                &content_type,
                source.id.is_section,
            )?;
            let body = markdown::render(
                &source.path,
                &source.text,
                parsed.split.body_offset,
                parsed.split.body,
                options,
            );
            Ok(ParsedPage {
                path: source.path.clone(),
                id: source.id.clone(),
                content_type,
                front,
                field_locations: parsed.keys.clone(),
                front_text: (parsed.split.yaml.to_string(), parsed.split.yaml_first_line),
                body,
            })
        })
        .collect();

    diagnostics.extend(front.into_iter().filter_map(Result::err));
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(mut page) => {
                diagnostics.append(&mut page.body.diagnostics);
                pages.push(page);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    (pages, diagnostics)
}

/// The `type:` each section declares, by section key, checked against the known types.
fn section_types(
    sources: &[SourceFile],
    front: &[Result<Parsed<'_>, Diagnostic>],
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    let mut types = HashMap::new();
    for (source, parsed) in sources.iter().zip(front) {
        let Ok(parsed) = parsed else { continue };
        let Some(value) = parsed.mapping.get(Value::String("type".into())) else {
            continue;
        };
        let Some(name) = value.as_str() else { continue };
        if !schema::TYPES.contains(&name) {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-type",
                    &source.path,
                    format!("unknown content type `{name}`"),
                )
                .at(parsed.location_of("type"))
                .with_help(format!("use one of: {}", schema::TYPES.join(", "))),
            );
        } else if !source.id.is_section {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-type",
                    &source.path,
                    "`type` is set by a section, not by a page",
                )
                .at(parsed.location_of("type"))
                .with_help("move `type:` to the section's `_index.md`; its pages inherit it"),
            );
        } else {
            types
                .entry(source.id.key.clone())
                .or_insert_with(|| name.to_string());
        }
    }
    types
}

/// A page's type: its own section's, or the nearest ancestor section's, or `page`.
fn type_of(id: &SourceId, section_types: &HashMap<String, String>) -> String {
    let mut key = if id.is_section {
        Some(id.key.as_str())
    } else {
        id.parent_key()
    };
    while let Some(k) = key {
        if let Some(found) = section_types.get(k) {
            return found.clone();
        }
        key = if k.is_empty() {
            None
        } else {
            Some(k.rfind('/').map_or("", |i| &k[..i]))
        };
    }
    schema::DEFAULT_TYPE.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("content").join(rel),
            id: SourceId::from_rel(rel, &["en"]),
            text: text.to_string(),
        }
    }

    #[test]
    fn pages_inherit_their_sections_type() {
        let sources = [
            source("_index.md", "---\ntitle: Home\n---\n"),
            source("news/_index.md", "---\ntitle: News\ntype: news\n---\n"),
            source("news/2024/first.md", "---\ntitle: First\n---\n"),
            source("about.md", "---\ntitle: About\n---\n"),
        ];
        let schema = Schema::new(&crate::Config::parse("title: T\n").unwrap().0);
        let (pages, diagnostics) = parse_all(&sources, &schema, MarkdownOptions::default());
        // The news page lacks its required date: the type was inherited two levels down.
        assert_eq!(pages.len(), 3);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("`date`"));
        let about = pages.iter().find(|p| p.id.key == "about").unwrap();
        assert_eq!(about.content_type, "page");
    }
}
