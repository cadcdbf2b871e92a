//! The short label of each standards framework (`BQS`, `TRM`) per language: wherever a standard's
//! number is shown, the label goes with it, so that a page citing two frameworks never shows two
//! bare "2"s.

use serde_yaml::Value;

use super::{locate_map_key, Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::yaml;

impl Config {
    /// The label of `framework` in `lang` (`BQS`), if `site.yaml` gives one.
    pub(crate) fn framework_label(&self, framework: &str, lang: &str) -> Option<&str> {
        match self.standards.get(framework)?.get("label")? {
            Value::String(label) => Some(label.as_str()),
            Value::Mapping(map) => map.get(lang).and_then(Value::as_str),
            _ => None,
        }
    }

    /// How a standard's number is shown in `lang`: `BQS 2`, or `2` for a framework without a
    /// label.
    pub(crate) fn standard_code(&self, framework: &str, number: &str, lang: &str) -> String {
        match self.framework_label(framework, lang) {
            Some(label) if !label.trim().is_empty() => format!("{} {number}", label.trim()),
            _ => number.to_string(),
        }
    }

    /// A site with two or more frameworks gives each a label in every one of its languages (a
    /// site with one may leave it out); a label is one text or a map language → text.
    pub(super) fn check_framework_labels(&self, text: &str) -> Vec<Diagnostic> {
        let needed = self.standards.len() > 1;
        let mut languages: Vec<&str> = self.languages.keys().map(String::as_str).collect();
        if languages.is_empty() {
            languages.push(&self.default_language);
        }
        let mut errors = Vec::new();
        for (id, settings) in &self.standards {
            let label = settings.get("label");
            let here = || {
                yaml::locate_key(text, &["standards", id, "label"])
                    .or_else(|| locate_map_key(text, "standards", id))
            };
            let missing: Vec<&str> = match label {
                None if needed => languages.clone(),
                None | Some(Value::String(_)) => Vec::new(),
                Some(Value::Mapping(map)) => languages
                    .iter()
                    .copied()
                    .filter(|lang| map.get(*lang).is_none_or(|v| v.as_str().is_none()))
                    .collect(),
                Some(_) => {
                    errors.push(
                        Diagnostic::error(
                            "config-value",
                            CONFIG_FILE,
                            format!("the label of standards framework `{id}` is not text"),
                        )
                        .at_opt(here())
                        .with_help(
                            "write `label: BQS`, or one per language: `label: {en: BQS, sv: BQS}`",
                        ),
                    );
                    continue;
                }
            };
            if !missing.is_empty() {
                errors.push(
                    Diagnostic::error(
                        "framework-label",
                        CONFIG_FILE,
                        format!(
                            "standards framework `{id}` has no label in {}",
                            missing.join(", ")
                        ),
                    )
                    .at_opt(here())
                    .with_help(format!(
                        "with more than one framework, readers tell their numbers apart by a short label in each language: `label: {{{}}}`",
                        languages
                            .iter()
                            .map(|l| format!("{l}: BQS"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        errors
    }
}
