//! Names written per language in site.yaml (taxonomy themes, helplines): each should exist in
//! every language of the site; a missing one is a warning where the name is written.

use super::{Config, Localized, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::yaml;

impl Config {
    /// A warning for each name given per language that lacks some of the site's languages.
    pub(super) fn missing_names(&self, text: &str) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for (slug, name) in &self.taxonomies.themes {
            if let Some(missing) = self.missing_languages(name) {
                warnings.push(
                    Diagnostic::warning(
                        "missing-translation",
                        CONFIG_FILE,
                        format!(
                            "the theme `{slug}` has no name in {missing}; readers of {} see it in `{}`",
                            if missing.contains(", ") { "those languages" } else { "that language" },
                            self.default_language
                        ),
                    )
                    .at_opt(yaml::locate_key(text, &["taxonomies", "themes", slug]))
                    .with_help(format!(
                        "add the name in each language to `taxonomies.themes.{slug}` in site.yaml"
                    )),
                );
            }
        }
        for (at, helpline) in self.safety.helplines.iter().enumerate() {
            if let Some(missing) = self.missing_languages(&helpline.name) {
                warnings.push(
                    Diagnostic::warning(
                        "missing-translation",
                        CONFIG_FILE,
                        format!(
                            "helpline {} ({}) has no name in {missing}",
                            at + 1,
                            helpline.number
                        ),
                    )
                    .at_opt(
                        yaml::locate_item_key(text, "safety.helplines", at, "name")
                            .or_else(|| yaml::locate_key_path(text, "safety.helplines")),
                    )
                    .with_help("add the name in each language to the helpline in site.yaml"),
                );
            }
        }
        warnings
    }

    /// The site's languages that `name` lacks, as `` `uk`, `ar` ``, when it is given per
    /// language and lacks any (one name for every language lacks none).
    fn missing_languages(&self, name: &Localized) -> Option<String> {
        let Localized::PerLanguage(names) = name else {
            return None;
        };
        let missing: Vec<String> = self
            .languages
            .keys()
            .filter(|code| !names.contains_key(*code))
            .map(|code| format!("`{code}`"))
            .collect();
        (!missing.is_empty()).then(|| missing.join(", "))
    }
}
