//! Parse: source files → [`ParsedPage`]s: front matter checked against the page's content type,
//! Markdown rendered to HTML with its headings and references listed.
//!
//! A page's type comes from its section (`type:` in `_index.md`), inherited down the tree, so
//! every file's front matter is read first, then each page is checked and rendered in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::content::fields::FrontMatter;
use crate::content::front_matter::{self, Parsed};
use crate::content::schema::{self, Schema};
use crate::content::types::ContentType;
use crate::content::{SourceFile, SourceId};
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{self, MarkdownOptions, OtherLanguage, Rendered};
use crate::translate::{self, reading::Outdated};

/// A source file, checked and rendered, not yet linked to the rest of the site.
#[derive(Debug, Clone)]
pub(crate) struct ParsedPage {
    /// The file, relative to the site's root.
    pub path: PathBuf,
    /// Which page it is, in which language.
    pub id: SourceId,
    /// Its content type (`guidance`, `standard`, …).
    pub content_type: ContentType,
    /// Its front matter, typed.
    pub front: FrontMatter,
    /// Where each front matter field's value is, for later checks (slug, aliases, references).
    pub field_locations: Vec<(String, Location)>,
    /// The front matter's YAML text and the file line it starts on, to locate list items.
    pub front_text: (String, usize),
    /// Its body, rendered.
    pub body: Rendered,
    /// For a translation whose original changed since it was translated: what its readers are
    /// told (set once every file is parsed, by [`crate::status::note_outdated`]).
    pub outdated: Option<Arc<Outdated>>,
}

impl ParsedPage {
    /// The location of a front matter field's value (or of the front matter's start).
    pub(crate) fn field_location(&self, name: &str) -> Location {
        self.field_locations
            .iter()
            .find(|(key, _)| key == name)
            .or_else(|| self.field_locations.first())
            .map(|(_, location)| location.clone())
            .unwrap_or_else(|| Location::of_line(1, 1, 3, "---"))
    }
}

impl ParsedPage {
    /// The location of `needle` in the front matter, at or after the line of field `field`: an
    /// item of a list written one per line, say.
    pub(crate) fn locate_in_field(&self, field: &str, needle: &str) -> Option<Location> {
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
        // `start` is a sum of whole lines' lengths: a char boundary.
        let offset = start + yaml.get(start..)?.find(needle)?;
        let mut location = Location::from_offset(yaml, offset, needle.len());
        location.line += first_line - 1;
        Some(location)
    }
}

/// Parse results kept between the builds of `soteria serve`: a file whose text and content type
/// are unchanged since the last build is not parsed again.
#[derive(Debug, Default)]
pub(crate) struct ParseCache {
    entries: HashMap<PathBuf, ParsedFile>,
}

impl ParseCache {
    /// The last result of the file at `path`.
    pub(crate) fn get(&self, path: &Path) -> Option<&ParsedFile> {
        self.entries.get(path)
    }

    /// Keeps `parsed` as the last result of its file (see [`parse_file`]).
    pub(crate) fn insert(&mut self, path: PathBuf, parsed: ParsedFile) {
        self.entries.insert(path, parsed);
    }
}

/// One file's parse result: the page (unless it has errors) and its diagnostics.
#[derive(Debug, Clone)]
pub(crate) struct ParsedFile {
    fingerprint: u64,
    pub(crate) page: Option<ParsedPage>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Parses every source. Files with errors are left out and their errors returned. With a
/// `cache`, unchanged files are taken from it, and it is left holding this build's results.
pub(crate) fn parse_all(
    sources: &[SourceFile],
    schema: &Schema,
    options: MarkdownOptions<'_>,
    cache: Option<&mut ParseCache>,
) -> (Vec<ParsedPage>, Vec<Diagnostic>) {
    // A page's type comes from the sections above it, so the sections' front matter comes first.
    let sections: Vec<(&SourceFile, Parsed<'_>)> = sources
        .iter()
        .filter(|source| source.id.is_section)
        .filter_map(|source| {
            front_matter::parse(&source.path, &source.text)
                .ok()
                .map(|parsed| (source, parsed))
        })
        .collect();
    let section_types = section_types(&sections);
    let mut diagnostics = Vec::new();

    let previous = cache.as_deref();
    let results: Vec<(ParsedFile, &SourceFile)> = sources
        .par_iter()
        .map(|source| {
            let content_type = type_of(&source.id, &section_types);
            let result = parse_file(source, content_type, schema, options, previous);
            (result, source)
        })
        .collect();

    let mut pages = Vec::with_capacity(results.len());
    let mut entries = HashMap::new();
    for (mut result, source) in results {
        if cache.is_some() {
            diagnostics.extend(result.diagnostics.iter().cloned());
            pages.extend(result.page.clone());
            entries.insert(source.path.clone(), result);
        } else {
            diagnostics.append(&mut result.diagnostics);
            pages.extend(result.page);
        }
    }
    if let Some(cache) = cache {
        cache.entries = entries;
    }
    (pages, diagnostics)
}

/// Checks and renders one file of type `content_type` (the type its sections give it), or
/// takes the result from `cache` when the file's text and type are as they were then: the step
/// of [`parse_all`] for one file, for a rebuild after an edit of that file.
pub(crate) fn parse_file(
    source: &SourceFile,
    content_type: ContentType,
    schema: &Schema,
    options: MarkdownOptions<'_>,
    cache: Option<&ParseCache>,
) -> ParsedFile {
    let fingerprint = cache.map_or(0, |_| fingerprint(&source.text, content_type));
    let cached = cache
        .and_then(|cache| cache.entries.get(&source.path))
        .filter(|entry| entry.fingerprint == fingerprint);
    match cached {
        Some(entry) => entry.clone(),
        None => crate::markdown::guard::guarded(&source.path, || {
            parse_one(source, content_type, schema, options, fingerprint)
        })
        .unwrap_or_else(|diagnostic| ParsedFile {
            fingerprint,
            page: None,
            diagnostics: vec![diagnostic],
        }),
    }
}

/// What a file's parse result depends on besides the site's configuration.
fn fingerprint(text: &str, content_type: ContentType) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    content_type.hash(&mut hasher);
    hasher.finish()
}

/// Checks and renders one file of type `content_type`.
fn parse_one(
    source: &SourceFile,
    content_type: ContentType,
    schema: &Schema,
    options: MarkdownOptions<'_>,
    fingerprint: u64,
) -> ParsedFile {
    let failed = |diagnostics| ParsedFile {
        fingerprint,
        page: None,
        diagnostics,
    };
    let parsed = match front_matter::parse(&source.path, &source.text) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return failed(vec![diagnostic]),
    };
    let type_error = type_problem(source, &parsed);
    let front = match schema::check(
        &source.path,
        &parsed,
        schema,
        content_type,
        source.id.is_section,
    ) {
        Ok(front) => front,
        Err(mut errors) => {
            errors.extend(type_error);
            return failed(errors);
        }
    };
    // A translation's blocks that still show the original's text, by its record.
    let starts = options
        .originals
        .filter(|originals| source.id.lang != originals.code)
        .map(|_| {
            translate::reading::in_original_language(
                &parsed.mapping,
                &source.text,
                parsed.split.body_offset,
            )
        })
        .unwrap_or_default();
    let other = options.originals.map(|language| OtherLanguage {
        language,
        starts: &starts,
    });
    let mut body = markdown::render_in(
        &source.path,
        &source.text,
        parsed.split.body_offset,
        parsed.split.body,
        options,
        other.as_ref(),
    );
    let mut diagnostics = std::mem::take(&mut body.diagnostics);
    diagnostics.extend(type_error);
    diagnostics.extend(schema::draft_placeholders(&source.path, &parsed));
    diagnostics.extend(schema::misspelt_keys(
        &source.path,
        &parsed,
        schema,
        content_type,
        source.id.is_section,
    ));
    diagnostics.extend(schema::ignored_fields(
        &source.path,
        &parsed,
        schema,
        content_type,
        source.id.is_section,
    ));
    ParsedFile {
        fingerprint,
        page: Some(ParsedPage {
            path: source.path.clone(),
            id: source.id.clone(),
            content_type,
            front,
            field_locations: parsed.keys,
            front_text: (parsed.split.yaml.to_string(), parsed.split.yaml_first_line),
            body,
            outdated: None,
        }),
        diagnostics,
    }
}

/// The `type:` each section declares, by section key. Problems with it are reported by
/// [`type_problem`] when the file itself is parsed.
fn section_types(sections: &[(&SourceFile, Parsed<'_>)]) -> HashMap<String, ContentType> {
    let mut types = HashMap::new();
    for (source, parsed) in sections {
        if let Some(Ok(content_type)) = declared_type(parsed).map(str::parse) {
            if type_problem(source, parsed).is_none() {
                types.entry(source.id.key.clone()).or_insert(content_type);
            }
        }
    }
    types
}

fn declared_type<'p>(parsed: &'p Parsed<'_>) -> Option<&'p str> {
    parsed
        .mapping
        .get(Value::String("type".into()))
        .and_then(Value::as_str)
}

/// What is wrong with a file's `type:`: an unknown type, or a type set by a page.
fn type_problem(source: &SourceFile, parsed: &Parsed<'_>) -> Option<Diagnostic> {
    let name = declared_type(parsed)?;
    if let Err(unknown) = name.parse::<ContentType>() {
        Some(
            Diagnostic::error("unknown-type", &source.path, unknown.to_string())
                .at(parsed.location_of("type"))
                .with_help(format!("use one of: {}", ContentType::names())),
        )
    } else if !source.id.is_section {
        Some(
            Diagnostic::error(
                "unknown-type",
                &source.path,
                "`type` is set by a section, not by a page",
            )
            .at(parsed.location_of("type"))
            .with_help("move `type:` to the section's `_index.md`; its pages inherit it"),
        )
    } else {
        None
    }
}

/// A page's type: its own section's, or the nearest ancestor section's, or `page`.
fn type_of(id: &SourceId, section_types: &HashMap<String, ContentType>) -> ContentType {
    let mut key = if id.is_section {
        Some(id.key.as_str())
    } else {
        id.parent_key()
    };
    while let Some(k) = key {
        if let Some(found) = section_types.get(k) {
            return *found;
        }
        key = if k.is_empty() {
            None
        } else {
            Some(k.rsplit_once('/').map_or("", |(parent, _)| parent))
        };
    }
    ContentType::default()
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
        let schema = Schema::new(&crate::Config::parse("title: T\n").unwrap().0).unwrap();
        let (pages, diagnostics) = parse_all(&sources, &schema, MarkdownOptions::default(), None);
        // The news page lacks its required date: the type was inherited two levels down.
        assert_eq!(pages.len(), 3);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("`date`"));
        let about = pages.iter().find(|p| p.id.key == "about").unwrap();
        assert_eq!(about.content_type, ContentType::Page);
    }
}
