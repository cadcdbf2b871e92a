//! `site.yaml` → [`Config`]: the site's settings, read with serde.
//!
//! A key no field knows is a warning naming it (a typo should not silently change nothing); a value
//! of the wrong type is an error at `site.yaml:line:col`.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::paths;
use crate::security::urls;
use crate::yaml;

mod base_url;
mod footer;
mod frameworks;
mod keys;
mod names;
mod safety;
pub use footer::{Footer, FooterLink};
pub use safety::{Helpline, Safety};

/// The name of the configuration file at the site's root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The site's settings.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// The site's title: one string, or a map language → string.
    pub title: Localized,
    /// A one-sentence description of the site.
    #[serde(default)]
    pub description: Option<Localized>,
    /// Where the site is published, e.g. `https://example.org/network`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The language of files without a language suffix.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// The site's languages, code → settings, in the order they are offered to readers.
    #[serde(default)]
    pub languages: IndexMap<String, LanguageConfig>,
    /// The theme: a folder under `themes/`, or `default`, built into soteria, without one.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where the quick-exit button leads.
    #[serde(default)]
    pub quick_exit: QuickExit,
    /// Standards frameworks, id → settings (`section`, `label`); the first is the default.
    #[serde(default)]
    pub standards: IndexMap<String, serde_yaml::Value>,
    /// What a site adds to content types: fields, and allowed values of built-in choices. The
    /// content schema checks it against the built-in types
    /// ([`crate::content::schema::Schema::new`]).
    #[serde(default)]
    pub types: IndexMap<String, TypeExtension>,
    /// How Markdown is turned into HTML.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Names of taxonomy terms.
    #[serde(default)]
    pub taxonomies: TaxonomiesConfig,
    /// What the output promises readers (docs/security.md).
    #[serde(default)]
    pub security: SecurityConfig,
    /// Publish `/translation-status/` (it names the content's files): off unless a site asks;
    /// `soteria status` is the editors' view either way.
    #[serde(default)]
    pub translation_status_page: bool,
    /// The safety page and helpline numbers.
    #[serde(default)]
    pub safety: Safety,
    /// Who publishes the site and the pages linked from every page's foot.
    #[serde(default)]
    pub footer: Footer,
    /// The text of `site.yaml`, to say where a value is written.
    #[serde(skip)]
    source: String,
}

/// Settings of what the output promises readers.
#[derive(Debug, Clone, Deserialize)]
pub struct SecurityConfig {
    /// How content that makes readers' browsers fetch from another host is reported: `warning`
    /// (the default) or `error`.
    #[serde(default = "warning")]
    pub third_party_resources: Severity,
    /// Write `_headers` (read by Netlify and Cloudflare Pages) with the Content-Security-Policy
    /// and the other security headers; on by default.
    #[serde(default = "yes")]
    pub headers_file: bool,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            third_party_resources: warning(),
            headers_file: yes(),
        }
    }
}

fn warning() -> Severity {
    Severity::Warning
}

fn yes() -> bool {
    true
}

/// Names of taxonomy terms, per language.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaxonomiesConfig {
    /// Theme slug → its name (one string, or a map language → name). Themes not listed are
    /// named after their slug.
    #[serde(default)]
    pub themes: IndexMap<String, Localized>,
}

/// What a site adds to a content type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TypeExtension {
    /// New fields, name → settings.
    #[serde(default)]
    pub fields: IndexMap<String, FieldConfig>,
    /// More allowed values for the type's built-in choices (`evidence`, `kind`).
    #[serde(default)]
    pub values: IndexMap<String, Vec<String>>,
}

/// A field a site adds to a content type.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldConfig {
    /// What its value must be (for `one_of`, the allowed values are `values`).
    pub kind: FieldKind,
    /// Whether pages of the type must have it.
    #[serde(default)]
    pub required: bool,
    /// For `one_of`: the allowed values.
    #[serde(default)]
    pub values: Vec<String>,
    /// What the field is for, shown by editors' tools (`soteria schema`, `soteria cms`).
    #[serde(default)]
    pub description: Option<String>,
    /// Whether its text is translated (a `text` field): `soteria translate` gives it to
    /// translators, as it does `title` and `description`.
    #[serde(default)]
    pub translate: bool,
}

impl FieldConfig {
    /// What its value must be, a `one_of` with its `values`.
    pub(crate) fn field_kind(&self) -> FieldKind {
        match &self.kind {
            FieldKind::OneOf(_) => FieldKind::OneOf(self.values.clone()),
            kind => kind.clone(),
        }
    }
}

/// What a front matter field's value must be: the kinds of the built-in fields, and those a site
/// names in `site.yaml` (`kind: text`, …, `kind: one_of` with its `values`). It is defined here,
/// beside the settings that name it, so that `config` needs nothing of `content`, whose schema
/// checks values against it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A string (numbers are taken as their text).
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A date, `YYYY-MM-DD`, optionally with a time (`2024-05-01T09:30:00Z`).
    Date,
    /// A list of strings (`list` in `site.yaml`).
    #[serde(rename = "list")]
    TextList,
    /// One of a set of words. Sites may add words to a built-in set; in `site.yaml` the words
    /// are the field's `values`.
    OneOf(#[serde(skip)] Vec<String>),
    /// An ISO 3166-1 alpha-2 country code (`se`).
    Country,
    /// A list of country codes (`countries` in `site.yaml`).
    #[serde(rename = "countries")]
    CountryList,
    /// A `key: value` map.
    Map,
    /// A list of `key: value` maps (built-in fields only: `substandards`, `files`).
    #[serde(skip)]
    MapList,
}

impl FieldKind {
    /// One of `words`.
    pub(crate) fn one_of(words: &[&str]) -> FieldKind {
        FieldKind::OneOf(words.iter().map(|word| (*word).to_string()).collect())
    }
}

/// A text that may differ per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    /// The same text in every language.
    One(String),
    /// Language code → text.
    PerLanguage(IndexMap<String, String>),
}

impl Localized {
    /// The text in `lang`, else in `fallback`, else the first one given.
    pub fn get(&self, lang: &str, fallback: &str) -> &str {
        match self {
            Localized::One(text) => text,
            Localized::PerLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(fallback))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// A language of the site.
#[derive(Debug, Clone, Deserialize)]
pub struct LanguageConfig {
    /// The language's name in itself, e.g. `Svenska`.
    pub name: String,
    /// Writing direction.
    #[serde(default)]
    pub dir: Direction,
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, …).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Settings of the quick-exit button.
#[derive(Debug, Clone, Deserialize)]
pub struct QuickExit {
    /// The neutral page the button leaves for.
    pub url: String,
}

impl Default for QuickExit {
    fn default() -> Self {
        QuickExit {
            url: "https://www.google.com/search?q=weather".to_string(),
        }
    }
}

/// Settings of the Markdown renderer.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through without sanitising it. Only for sites whose every editor
    /// is trusted with scripts.
    #[serde(default)]
    pub unsafe_html: bool,
}

/// Where `key` of the map `map` is written, or the map itself when the key is written with YAML
/// escapes (`"a\0b"`) and cannot be found as it reads.
fn locate_map_key(text: &str, map: &str, key: &str) -> Option<crate::diagnostics::Location> {
    yaml::locate_key(text, &[map, key]).or_else(|| yaml::locate_key(text, &[map]))
}

/// No address: the site is built for the root of any host, without sitemap or robots.txt.
fn default_base_url() -> String {
    String::new()
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// Reads `site.yaml` at `root`. Returns the config and its warnings, or the errors that make
    /// it unusable.
    pub fn from_file(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            vec![Diagnostic::error(
                "config-read",
                CONFIG_FILE,
                format!("cannot read it: {error}"),
            )
            .with_help(format!(
                "run soteria in the site's folder or give it with --root; looked in {}",
                root.display()
            ))]
        })?;
        Config::parse(&text)
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        // Unknown keys are collected by serde_ignored (warnings), so `deny_unknown_fields` only
        // ever fires for keys it did not see; both paths end up as diagnostics.
        let mut unknown = Vec::new();
        let deserializer = serde_yaml::Deserializer::from_str(text);
        let result: Result<Config, _> = serde_ignored::deserialize(deserializer, |path| {
            unknown.push(path.to_string());
        });
        let mut config =
            result.map_err(|error| vec![yaml::to_diagnostic(CONFIG_FILE, text, 1, &error)])?;
        let mut warnings: Vec<Diagnostic> = unknown
            .into_iter()
            .map(|key| keys::unknown_key(text, &key))
            .collect();
        config.source = text.to_string();
        config.validate(text)?;
        // After the check, so that `base_url: /` is refused rather than read as none.
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        warnings.extend(config.missing_names(text));
        Ok((config, warnings))
    }

    fn validate(&self, text: &str) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        if let Err(why) = urls::check_base_url(&self.base_url) {
            errors.push(
                base_url::bad_base_url(&self.base_url, &why, CONFIG_FILE)
                    .at_opt(yaml::locate_key_path(text, "base_url")),
            );
        }
        if let Err(why) = urls::check_web_address(&self.quick_exit.url) {
            errors.push(
                Diagnostic::error(
                    "config-value",
                    CONFIG_FILE,
                    format!(
                        "`quick_exit.url` must be a web address, and `{}` is not: {why}",
                        self.quick_exit.url.escape_debug()
                    ),
                )
                .at_opt(
                    yaml::locate_key_path(text, "quick_exit.url")
                        .or_else(|| yaml::locate_key_path(text, "quick_exit")),
                )
                .with_help(
                    "the quick exit leads away from the site: write a neutral page's address, e.g. `url: https://www.bbc.com/weather`",
                ),
            );
        }
        if !self.languages.is_empty() && !self.languages.contains_key(&self.default_language) {
            errors.push(
                Diagnostic::error(
                    "config-value",
                    CONFIG_FILE,
                    format!(
                        "`default_language` is `{}`, which is not one of `languages`",
                        self.default_language
                    ),
                )
                .at_opt(yaml::locate_key_path(text, "default_language"))
                .with_help(format!(
                    "add `{}` under `languages` or pick one of: {}",
                    self.default_language,
                    self.languages
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        errors.extend(self.check_path_values(text));
        errors.extend(self.check_framework_labels(text));
        errors.extend(self.safety.check(text));
        errors.extend(self.footer.check(text));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Values that become folders of the output or files read (language codes, the theme's
    /// name, standards framework ids) must be safe path segments; see [`crate::paths`].
    fn check_path_values(&self, text: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let error = |message: String, location: Option<_>, help: &str| {
            Diagnostic::error("config-value", CONFIG_FILE, message)
                .at_opt(location)
                .with_help(help)
        };
        let mut codes: Vec<(&str, Option<_>)> = self
            .languages
            .keys()
            .map(|code| (code.as_str(), locate_map_key(text, "languages", code)))
            .collect();
        if !self.languages.contains_key(&self.default_language) {
            let location = yaml::locate_key_path(text, "default_language");
            codes.push((&self.default_language, location));
        }
        for (code, location) in codes {
            if let Err(message) = paths::check_language_code(code) {
                errors.push(error(message, location, paths::LANGUAGE_CODE_HELP));
            }
        }
        if let Err(why) = paths::check_segment(&self.theme) {
            errors.push(error(
                format!("the theme `{}` {why}", paths::shown(&self.theme)),
                yaml::locate_key_path(text, "theme"),
                "name a folder under `themes/`, e.g. `theme: default`",
            ));
        }
        for id in self.standards.keys() {
            if let Err(why) = paths::check_segment(id) {
                errors.push(error(
                    format!("the standards framework id `{}` {why}", paths::shown(id)),
                    locate_map_key(text, "standards", id),
                    &format!("{}, e.g. `barnahus`", paths::SEGMENT_HELP),
                ));
            }
        }
        errors
    }

    /// Where the value of `key_path` (`types.practice.fields.sector`) is written in `site.yaml`,
    /// for diagnostics of what other phases find in it.
    pub(crate) fn locate(&self, key_path: &str) -> Option<crate::diagnostics::Location> {
        yaml::locate_key_path(&self.source, key_path)
    }

    /// The path part of `base_url`, always starting and ending with `/` (e.g. `/network/`).
    pub fn base_path(&self) -> String {
        let without_scheme = self
            .base_url
            .strip_prefix("https://")
            .or_else(|| self.base_url.strip_prefix("http://"));
        let path = match without_scheme {
            Some(rest) => rest.find('/').and_then(|i| rest.get(i..)).unwrap_or(""),
            None => self.base_url.as_str(),
        };
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".to_string()
        } else {
            format!("/{path}/")
        }
    }

    /// The absolute URL of a site path that starts with the base path.
    pub fn permalink(&self, path: &str) -> String {
        let origin_end = self
            .base_url
            .strip_prefix("https://")
            .or_else(|| self.base_url.strip_prefix("http://"))
            .map(|rest| self.base_url.len() - rest.len() + rest.find('/').unwrap_or(rest.len()));
        match origin_end {
            Some(end) => format!("{}{path}", self.base_url.get(..end).unwrap_or("")),
            None => path.to_string(),
        }
    }

    /// The site's languages in order, the default first. A site that lists none has one.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .keys()
                .map(String::as_str)
                .filter(|code| *code != self.default_language),
        );
        codes
    }

    /// The writing direction of `lang`.
    pub fn direction(&self, lang: &str) -> Direction {
        self.languages.get(lang).map_or(Direction::Ltr, |l| l.dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_and_permalinks_follow_base_url() {
        let (config, _) = Config::parse("title: T\nbase_url: https://x.org/network/\n").unwrap();
        assert_eq!(config.base_path(), "/network/");
        assert_eq!(config.permalink("/network/a/"), "https://x.org/network/a/");
        let (config, _) = Config::parse("title: T\nbase_url: https://x.org\n").unwrap();
        assert_eq!(config.base_path(), "/");
        assert_eq!(config.permalink("/a/"), "https://x.org/a/");
    }

    #[test]
    fn unknown_key_is_a_warning_naming_it() {
        let (_, warnings) = Config::parse("title: T\ntitel: typo\n").unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("`titel`"));
        assert_eq!(warnings[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn language_codes_and_names_of_folders_are_checked_where_written() {
        let text = "title: T\ntheme: ../elsewhere\nlanguages:\n  en: {name: English}\n  \"../../x\":\n    name: X\n  /tmp/abs: {name: Y}\nstandards:\n  \"a/b\": {section: s}\n";
        let errors = Config::parse(text).unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .map(|e| {
                let l = e.location.as_ref().unwrap();
                (l.line, l.column, e.message.as_str())
            })
            .collect();
        assert_eq!(
            found,
            [
                (5, 3, "`../../x` is not a language code"),
                (7, 3, "`/tmp/abs` is not a language code"),
                (
                    2,
                    8,
                    "the theme `../elsewhere` contains `/`; it must be one part of a path, without slashes"
                ),
                (
                    9,
                    3,
                    "the standards framework id `a/b` contains `/`; it must be one part of a path, without slashes"
                ),
            ]
        );
        let errors = Config::parse("title: T\ndefault_language: ../x\n").unwrap_err();
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn wrong_type_is_an_error_at_its_line() {
        let errors = Config::parse("title: T\nmarkdown:\n  unsafe_html: perhaps\n").unwrap_err();
        let location = errors[0].location.as_ref().unwrap();
        assert_eq!(location.line, 3, "{errors:?}");
        assert!(
            errors[0].message.contains("unsafe_html"),
            "{}",
            errors[0].message
        );
    }
}
