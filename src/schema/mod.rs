//! `soteria schema`: the front matter of each content type of a site as a JSON Schema file, for
//! editors' tools (completion and errors as they type) and for `soteria cms`, which makes a Decap
//! CMS configuration from the same model.
//!
//! The model is read as a build reads the site: `site.yaml`'s fields and frameworks, the content
//! types of its sections, and the standards its standard pages declare (their ids become an enum).

pub(crate) mod json;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::config::Config;
use crate::content::schema::Schema;
use crate::content::types::ContentType;
use crate::content::{self, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::markdown::MarkdownOptions;
use crate::parse;
use crate::pipeline::BuildError;
use crate::resolve::standards::Registry;

/// The folder `soteria schema` writes into by default, under the site's root.
pub(crate) const DEFAULT_DIR: &str = "schemas";

/// The file name of the schema of `_index.md` files.
pub(crate) const SECTION_FILE: &str = "_index.schema.json";

/// What a site's front matter may say: the fields of each type, and the values that come from
/// the site itself (frameworks, standards, themes, sections).
#[derive(Debug)]
pub(crate) struct SiteModel {
    /// The configuration.
    pub(crate) config: Config,
    /// The fields of each content type, built in and added by `site.yaml`.
    pub(crate) schema: Schema,
    /// Framework ids, the default first.
    pub(crate) frameworks: Vec<String>,
    /// Every standard and sub-standard id as front matter names it (`5`, `1.2`, `trm/3`).
    pub(crate) standard_ids: Vec<String>,
    /// The theme slugs `site.yaml` names.
    pub(crate) themes: Vec<String>,
    /// The sections under `content/` (the home page aside), sorted by key.
    pub(crate) sections: Vec<Section>,
    /// (type, field) → the description `site.yaml` gives a field it adds.
    pub(crate) site_descriptions: HashMap<(String, String), String>,
}

/// A section of the site, as editors' tools group its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// Its key under `content/` (`standards/transnational-referral`).
    pub(crate) key: String,
    /// The type of its pages.
    pub(crate) content_type: ContentType,
    /// Its title in the default language.
    pub(crate) title: String,
    /// True when its pages are folders (`tools/checklist/index.md`) rather than files.
    pub(crate) page_folders: bool,
}

impl SiteModel {
    /// Reads the site at `root`. Pages with errors are left out of the standards found (`check`
    /// reports them); a configuration that cannot be used is an error.
    pub(crate) fn from_site(root: &Path) -> Result<SiteModel, BuildError> {
        let (config, _) = Config::from_file(root).map_err(BuildError::Config)?;
        let schema = Schema::new(&config).map_err(BuildError::Config)?;
        let languages = config.language_codes();
        let (content, _) = content::load(root, &languages);
        let options = MarkdownOptions {
            unsafe_html: config.markdown.unsafe_html,
            third_party_resources: config.security.third_party_resources,
            originals: None,
        };
        let (pages, _) = parse::parse_all(&content.sources, &schema, options, None);
        let mut ignored: Vec<Diagnostic> = Vec::new();
        let registry = Registry::new(&config, &pages, &mut ignored);
        let default_pages = pages
            .iter()
            .filter(|p| p.id.lang == config.default_language);
        let mut sections: Vec<Section> = default_pages
            .clone()
            .filter(|p| p.id.is_section && !p.id.key.is_empty())
            .map(|p| Section {
                key: p.id.key.clone(),
                content_type: p.content_type,
                title: p.front.title.clone(),
                page_folders: default_pages.clone().any(|page| {
                    !page.id.is_section
                        && page.id.parent_key() == Some(p.id.key.as_str())
                        && page.id.rel.ends_with("/index.md")
                }),
            })
            .collect();
        sections.sort_by(|a, b| a.key.cmp(&b.key));
        let site_descriptions = config
            .types
            .iter()
            .flat_map(|(type_name, extension)| {
                extension
                    .fields
                    .iter()
                    .filter_map(move |(field, settings)| {
                        let text = settings.description.clone()?;
                        Some(((type_name.clone(), field.clone()), text))
                    })
            })
            .collect();
        Ok(SiteModel {
            frameworks: registry.frameworks.clone(),
            standard_ids: registry.reference_ids(),
            themes: config.taxonomies.themes.keys().cloned().collect(),
            sections,
            site_descriptions,
            schema,
            config,
        })
    }

    /// What field `name` of `content_type` is for: the site's `description` of a field it adds,
    /// else the built-in field's.
    pub(crate) fn description_of(&self, content_type: ContentType, name: &str) -> Option<&str> {
        self.site_descriptions
            .get(&(content_type.name().to_string(), name.to_string()))
            .map(String::as_str)
            .or_else(|| json::built_in_description(name))
    }

    /// The schema file of `content_type`'s pages (`guidance.schema.json`).
    pub(crate) fn file_name(content_type: ContentType) -> String {
        format!("{content_type}.schema.json")
    }

    /// Every schema file: one per content type, and one for sections' `_index.md`, by name.
    pub(crate) fn schema_files(&self) -> BTreeMap<String, Value> {
        let mut files: BTreeMap<String, Value> = ContentType::ALL
            .into_iter()
            .map(|t| (SiteModel::file_name(t), json::front_matter(self, t, false)))
            .collect();
        files.insert(
            SECTION_FILE.to_string(),
            json::front_matter(self, ContentType::Page, true),
        );
        files
    }

    /// Which content files each schema is for, as glob patterns relative to the site's root
    /// (`content/guidance/*.md`, translations and page folders included), schema file → patterns.
    pub(crate) fn file_patterns(&self) -> BTreeMap<String, Vec<String>> {
        let mut patterns: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for Section {
            key, content_type, ..
        } in &self.sections
        {
            patterns
                .entry(SiteModel::file_name(*content_type))
                .or_default()
                .extend([
                    format!("{CONTENT_DIR}/{key}/*.md"),
                    format!("{CONTENT_DIR}/{key}/*/index.md"),
                    format!("{CONTENT_DIR}/{key}/*/index.*.md"),
                ]);
        }
        patterns.insert(
            SECTION_FILE.to_string(),
            vec![
                format!("{CONTENT_DIR}/**/_index.md"),
                format!("{CONTENT_DIR}/**/_index.*.md"),
            ],
        );
        patterns
    }
}

/// JSON as the files hold it: keys sorted (serde_json's map), two-space indents, a final newline.
pub(crate) fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the schema files of the site at `root` into `out` (relative to `root` unless
/// absolute) and returns their paths.
pub fn write(root: &Path, out: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let model = SiteModel::from_site(root)?;
    write_model(&model, &root.join(out))
}

/// Writes `model`'s schema files into `dir`.
pub(crate) fn write_model(model: &SiteModel, dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    std::fs::create_dir_all(dir).map_err(BuildError::Write)?;
    let mut written = Vec::new();
    for (name, schema) in model.schema_files() {
        let path = dir.join(&name);
        std::fs::write(&path, to_text(&schema)).map_err(BuildError::Write)?;
        written.push(path);
    }
    Ok(written)
}

/// Where VS Code reads a workspace's settings, under the site's root.
pub(crate) const VSCODE_SETTINGS: &str = ".vscode/settings.json";

/// The comment at the top of [`VSCODE_SETTINGS`] (VS Code reads the file as JSON with comments).
const VSCODE_COMMENT: &str = "\
// VS Code settings for this site, written by `soteria init`. Change: add your own settings; after
// changing `types:` or `standards:` in site.yaml, or adding a section or a standard, run
// `soteria schema` again and add the new sections' files here.
// `yaml.schemas` maps each content type's JSON Schema (schemas/) to the files of its sections, for
// the YAML extension (redhat.vscode-yaml). That extension does not yet read front matter inside
// Markdown files (redhat-developer/vscode-yaml#207); docs/cms.md says what works today.
";

/// VS Code's settings for the site: the YAML extension's `yaml.schemas`, each schema in
/// `schema_dir` (relative to the site's root) mapped to the content files it is for.
pub(crate) fn vscode_settings(model: &SiteModel, schema_dir: &str) -> String {
    let schemas: serde_json::Map<String, Value> = model
        .file_patterns()
        .into_iter()
        .map(|(file, patterns)| (format!("./{schema_dir}/{file}"), json!(patterns)))
        .collect();
    format!(
        "{VSCODE_COMMENT}{}",
        to_text(&json!({ "yaml.schemas": schemas }))
    )
}

#[cfg(test)]
mod tests;
