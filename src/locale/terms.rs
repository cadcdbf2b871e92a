//! Term names: what countries (`se`) and themes (`trafficking`) are called in each language,
//! and the two taxonomies whose terms they name.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content::fields::FrontMatter;
use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// The two taxonomies and the front matter fields they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Taxonomy {
    /// From `country` and `countries`.
    Countries,
    /// From `themes`.
    Themes,
}

impl Taxonomy {
    /// Both taxonomies.
    pub(crate) const ALL: [Taxonomy; 2] = [Taxonomy::Countries, Taxonomy::Themes];

    /// The first segment of its URLs.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Taxonomy::Countries => "countries",
            Taxonomy::Themes => "themes",
        }
    }

    /// The terms a page has in this taxonomy, lower-cased, in the order written.
    pub(crate) fn terms_of(self, front: &FrontMatter) -> Vec<String> {
        let mut terms: Vec<String> = match self {
            Taxonomy::Countries => front
                .country
                .as_deref()
                .into_iter()
                .chain(front.countries.iter().map(String::as_str))
                .map(str::to_lowercase)
                .collect(),
            Taxonomy::Themes => front.themes.iter().map(|t| t.to_lowercase()).collect(),
        };
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
        terms
    }
}

/// The names of terms in every language.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermNames {
    /// Language → country code → name.
    countries: HashMap<String, BTreeMap<String, String>>,
    /// Theme slug → name per language.
    themes: HashMap<String, crate::config::Localized>,
    default_language: String,
}

impl TermNames {
    /// Loads country names from the theme's (and the site's) `i18n/countries/LANG.yaml`.
    pub(crate) fn load(root: &Path, config: &Config) -> (TermNames, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut countries = HashMap::new();
        for lang in config.language_codes() {
            let mut names = BTreeMap::new();
            let rel = format!("i18n/countries/{lang}.yaml");
            let theme = Theme::of(root, &config.theme).read_text(root, &rel);
            let own = std::fs::read_to_string(root.join(&rel))
                .ok()
                .map(|text| (PathBuf::from(&rel), text));
            for (shown, text) in theme.into_iter().chain(own) {
                match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => names.extend(map),
                    Err(error) => {
                        diagnostics.push(crate::yaml::to_diagnostic(shown, &text, 1, &error))
                    }
                }
            }
            countries.insert(lang.to_string(), names);
        }
        let names = TermNames {
            countries,
            themes: config
                .taxonomies
                .themes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            default_language: config.default_language.clone(),
        };
        (names, diagnostics)
    }

    /// The name of `term` of `taxonomy` in `lang`.
    pub(crate) fn name(&self, taxonomy: Taxonomy, term: &str, lang: &str) -> String {
        match taxonomy {
            Taxonomy::Countries => [lang, self.default_language.as_str()]
                .iter()
                .find_map(|l| self.countries.get(*l)?.get(term))
                .cloned()
                .unwrap_or_else(|| term.to_uppercase()),
            Taxonomy::Themes => match self.themes.get(term) {
                Some(name) => name.get(lang, &self.default_language).to_string(),
                None => {
                    let words = term.replace(['-', '_'], " ");
                    let mut chars = words.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
            },
        }
    }
}
