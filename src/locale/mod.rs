//! Locale: the words a site shows around its content, per language — the theme's interface
//! strings (`i18n/LANG.yaml`, see [`i18n`]) and the names of countries and themes (see
//! [`terms`]). Read once per build, with the configuration; render and search both read them.

pub(crate) mod i18n;
pub(crate) mod terms;

use std::path::Path;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

pub(crate) use i18n::{StringMap, Strings};
pub(crate) use terms::{Taxonomy, TermNames};

/// Every language's interface strings and term names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Locale {
    strings: Strings,
    names: TermNames,
    default_language: String,
}

impl Locale {
    /// Reads the strings and the term names of every language of `config`, from the theme and
    /// the site's own `i18n/`, with the problems found in them.
    pub(crate) fn load(root: &Path, config: &Config) -> (Locale, Vec<Diagnostic>) {
        let languages = config.language_codes();
        let (strings, mut diagnostics) = i18n::load_all(root, config, &languages);
        let (names, name_warnings) = TermNames::load(root, config);
        diagnostics.extend(name_warnings);
        let locale = Locale {
            strings,
            names,
            default_language: config.default_language.clone(),
        };
        (locale, diagnostics)
    }

    /// The interface strings of `lang` (the default language's for a language without any).
    pub(crate) fn strings(&self, lang: &str) -> &StringMap {
        static EMPTY: StringMap = StringMap::new();
        self.strings
            .get(lang)
            .or_else(|| self.strings.get(&self.default_language))
            .unwrap_or(&EMPTY)
    }

    /// Every language's interface strings, by language code.
    pub(crate) fn all_strings(&self) -> &Strings {
        &self.strings
    }

    /// The names of taxonomy terms.
    pub(crate) fn names(&self) -> &TermNames {
        &self.names
    }
}
