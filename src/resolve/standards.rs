//! Standards: the frameworks of `site.yaml`, the standard pages that declare their numbers and
//! sub-standards, references to them (`[[std:5]]`, front matter `standards:`), and the pages that
//! refer to each standard (its backlinks).

use std::collections::HashMap;

use serde_yaml::Value;

use crate::config::Config;
use crate::content::fields::{SubStandard, TypeFields};
use crate::content::types::ContentType;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::StandardRef;
use crate::parse::ParsedPage;

/// The framework used when a site declares none.
const IMPLICIT_FRAMEWORK: &str = "standards";

/// A reference resolved: which standard, and which of its sub-standards.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct StandardId {
    /// The framework's id.
    pub framework: String,
    /// The standard's number (`1`), never a sub-standard's.
    pub number: String,
    /// The sub-standard's id (`1.2`), when the reference is to one.
    pub sub: Option<String>,
}

impl StandardId {
    /// The standard this points into (without sub-standard).
    pub(crate) fn standard(&self) -> StandardId {
        StandardId {
            sub: None,
            ..self.clone()
        }
    }

    /// The anchor of a sub-standard on its standard's page.
    pub(crate) fn anchor(&self) -> Option<String> {
        self.sub.as_ref().map(|id| sub_anchor(id))
    }
}

/// The anchor of sub-standard `id` (`1.2` → `substandard-1-2`).
pub(crate) fn sub_anchor(id: &str) -> String {
    format!("substandard-{}", id.replace('.', "-"))
}

/// The site's standards.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registry {
    /// Framework ids in `site.yaml` order; the first is the default.
    pub frameworks: Vec<String>,
    /// Standard → the key of its page.
    pages: HashMap<(String, String), String>,
    /// Sub-standard (framework, id) → its standard's number.
    subs: HashMap<(String, String), String>,
    /// (framework, language) → the framework's label there (`BQS`).
    labels: HashMap<(String, String), String>,
}

impl Registry {
    /// Collects the standards of the default language's standard pages, reporting malformed
    /// numbers, unknown frameworks and duplicates.
    pub(crate) fn new(
        config: &Config,
        pages: &[ParsedPage],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Registry {
        let mut registry = Registry {
            frameworks: config.standards.keys().cloned().collect(),
            labels: config
                .standards
                .keys()
                .flat_map(|f| {
                    config.language_codes().into_iter().filter_map(move |lang| {
                        let label = config.framework_label(f, lang)?;
                        Some(((f.clone(), lang.to_string()), label.to_string()))
                    })
                })
                .collect(),
            ..Registry::default()
        };
        if registry.frameworks.is_empty() {
            registry.frameworks.push(IMPLICIT_FRAMEWORK.to_string());
        }
        let sections: Vec<(String, String)> = config
            .standards
            .iter()
            .filter_map(|(id, settings)| {
                let section = settings
                    .get("section")?
                    .as_str()?
                    .trim_matches('/')
                    .to_string();
                Some((section, id.clone()))
            })
            .collect();
        let mut owners: HashMap<(String, String), &ParsedPage> = HashMap::new();
        let standard_pages = pages.iter().filter(|p| {
            p.content_type == ContentType::Standard
                && !p.id.is_section
                && p.id.lang == config.default_language
        });
        for page in standard_pages {
            let TypeFields::Standard(fields) = &page.front.fields else {
                continue;
            };
            let Some(number) = fields.number.clone() else {
                continue;
            };
            let framework =
                match registry.framework_of(page, fields.framework.as_deref(), &sections) {
                    Ok(framework) => framework,
                    Err(problem) => {
                        diagnostics.push(problem);
                        continue;
                    }
                };
            if !is_number(&number) || number.contains('.') {
                diagnostics.push(
                    Diagnostic::error("bad-number", &page.path, format!("`{number}` is not a standard number"))
                        .at(page.field_location("number"))
                        .with_help("write the number as digits in quotes, e.g. `number: \"5\"`; sub-standards go under `substandards`"),
                );
                continue;
            }
            let id = (framework.clone(), number.clone());
            if let Some(other) = owners.get(&id) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-standard",
                        &page.path,
                        format!(
                            "standard {number} of `{framework}` is also {}",
                            other.path.display()
                        ),
                    )
                    .at(page.field_location("number"))
                    .with_help("give each standard of a framework its own number"),
                );
                continue;
            }
            owners.insert(id.clone(), page);
            registry.pages.insert(id, page.id.key.clone());
            registry.add_substandards(page, &fields.substandards, &framework, &number, diagnostics);
        }
        registry
    }

    /// The framework of a standard `page`: the one it names (an error if there is none such),
    /// else the one whose section it is in, else the default.
    fn framework_of(
        &self,
        page: &ParsedPage,
        named: Option<&str>,
        sections: &[(String, String)],
    ) -> Result<String, Diagnostic> {
        match named {
            Some(framework) if self.frameworks.iter().any(|f| f == framework) => {
                Ok(framework.to_string())
            }
            Some(framework) => Err(Diagnostic::error(
                "unknown-framework",
                &page.path,
                format!("unknown standards framework `{framework}`"),
            )
            .at(page.field_location("framework"))
            .with_help(format!(
                "declare it under `standards:` in site.yaml, or use one of: {}",
                self.frameworks.join(", ")
            ))),
            None => Ok(framework_of_section(sections, &page.id.key)
                .unwrap_or_else(|| self.frameworks[0].clone())),
        }
    }

    /// Takes in the sub-standards of standard `number` of `framework` (on `page`), reporting
    /// those not numbered within it and those declared twice.
    fn add_substandards(
        &mut self,
        page: &ParsedPage,
        substandards: &[SubStandard],
        framework: &str,
        number: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for sub in substandards {
            let problem = if !is_number(&sub.id) || !sub.id.starts_with(&format!("{number}.")) {
                Some(format!(
                    "sub-standard `{}` is not numbered within standard {number}",
                    sub.id
                ))
            } else if self
                .subs
                .contains_key(&(framework.to_string(), sub.id.clone()))
            {
                Some(format!("sub-standard {} is declared twice", sub.id))
            } else {
                None
            };
            match problem {
                Some(message) => diagnostics.push(
                    Diagnostic::error("bad-number", &page.path, message)
                        .at(sub_location(page, &sub.id))
                        .with_help(format!(
                            "number sub-standards {number}.1, {number}.2, …, once each"
                        )),
                ),
                None => {
                    self.subs
                        .insert((framework.to_string(), sub.id.clone()), number.to_string());
                }
            }
        }
    }

    /// The key of a standard's page.
    pub(crate) fn page_key(&self, id: &StandardId) -> Option<&str> {
        self.pages
            .get(&(id.framework.clone(), id.number.clone()))
            .map(String::as_str)
    }

    /// Resolves a reference as written, or says why it points at nothing.
    pub(crate) fn resolve(&self, reference: &StandardRef) -> Result<StandardId, (String, String)> {
        let framework = reference
            .framework
            .clone()
            .unwrap_or_else(|| self.frameworks[0].clone());
        if !self.frameworks.contains(&framework) {
            return Err((
                format!("unknown standards framework `{framework}`"),
                format!("use one of: {}", self.frameworks.join(", ")),
            ));
        }
        let number = &reference.number;
        if self
            .pages
            .contains_key(&(framework.clone(), number.clone()))
        {
            return Ok(StandardId {
                framework,
                number: number.clone(),
                sub: None,
            });
        }
        if let Some(parent) = self.subs.get(&(framework.clone(), number.clone())) {
            return Ok(StandardId {
                framework,
                number: parent.clone(),
                sub: Some(number.clone()),
            });
        }
        let mut known: Vec<&str> = self
            .pages
            .keys()
            .chain(self.subs.keys())
            .filter(|(f, _)| *f == framework)
            .map(|(_, n)| n.as_str())
            .collect();
        known.sort_by_key(|n| {
            n.split('.')
                .map(|p| p.parse::<u32>().unwrap_or(u32::MAX))
                .collect::<Vec<_>>()
        });
        let known = if known.is_empty() {
            "none yet".to_string()
        } else {
            known.join(", ")
        };
        Err((
            format!("there is no standard `{number}` in `{framework}`"),
            format!("standards of `{framework}`: {known}"),
        ))
    }

    /// Every standard and sub-standard as a page's front matter may name it under `standards:`
    /// (`5`, `1.2` in the default framework; `trm/3` in another), frameworks in `site.yaml`
    /// order and numbers in number order: the values `soteria schema` offers editors.
    pub(crate) fn reference_ids(&self) -> Vec<String> {
        let mut ids: Vec<(usize, Vec<u32>, String)> = self
            .pages
            .keys()
            .chain(self.subs.keys())
            .filter_map(|(framework, number)| {
                let rank = self.frameworks.iter().position(|f| f == framework)?;
                let numbers = number.split('.').map(|p| p.parse().unwrap_or(u32::MAX));
                let written = if rank == 0 {
                    number.clone()
                } else {
                    format!("{framework}/{number}")
                };
                Some((rank, numbers.collect(), written))
            })
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, _, written)| written).collect()
    }

    /// The framework a section key belongs to, for coverage matrices.
    pub(crate) fn framework_of_section<'a>(
        &'a self,
        config: &'a Config,
        key: &str,
    ) -> Option<&'a str> {
        config
            .standards
            .iter()
            .find(|(_, settings)| {
                settings
                    .get("section")
                    .and_then(Value::as_str)
                    .map(|s| s.trim_matches('/'))
                    == Some(key)
            })
            .map(|(id, _)| id.as_str())
    }

    /// How standard (or sub-standard) `number` of `framework` is shown in `lang`: `BQS 2`, or
    /// `2` when the framework has no label (see `Config::standard_code`).
    pub(crate) fn code(&self, framework: &str, number: &str, lang: &str) -> String {
        match self.labels.get(&(framework.to_string(), lang.to_string())) {
            Some(label) if !label.trim().is_empty() => format!("{} {number}", label.trim()),
            _ => number.to_string(),
        }
    }

    /// The code of the standard whose page has `key` in `lang` (`BQS 2`), if it is one.
    pub(crate) fn code_of_page(&self, key: &str, lang: &str) -> Option<String> {
        self.pages
            .iter()
            .find(|(_, page)| page.as_str() == key)
            .map(|((framework, number), _)| self.code(framework, number, lang))
    }

    /// Every standard of `framework`, in number order, with its page key.
    pub(crate) fn standards_of(&self, framework: &str) -> Vec<(StandardId, &str)> {
        let mut list: Vec<(StandardId, &str)> = self
            .pages
            .iter()
            .filter(|((f, _), _)| f == framework)
            .map(|((f, n), key)| {
                (
                    StandardId {
                        framework: f.clone(),
                        number: n.clone(),
                        sub: None,
                    },
                    key.as_str(),
                )
            })
            .collect();
        list.sort_by_key(|(id, _)| id.number.parse::<u32>().unwrap_or(u32::MAX));
        list
    }
}

/// Where a sub-standard's id is written (its `id:` line), else the `substandards` field.
fn sub_location(page: &ParsedPage, id: &str) -> Location {
    page.locate_in_field("substandards", id)
        .unwrap_or_else(|| page.field_location("substandards"))
}

/// True for `5`, `1.2`, `10.3.1`.
fn is_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The framework whose section holds `key` (the longest matching section).
fn framework_of_section(sections: &[(String, String)], key: &str) -> Option<String> {
    sections
        .iter()
        .filter(|(section, _)| key.starts_with(&format!("{section}/")) || section.is_empty())
        .max_by_key(|(section, _)| section.len())
        .map(|(_, id)| id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_digits_separated_by_dots() {
        for good in ["5", "10", "1.2", "10.3.1"] {
            assert!(is_number(good), "{good}");
        }
        for bad in ["", "five", "1.", ".2", "1..2", "1.a"] {
            assert!(!is_number(bad), "{bad}");
        }
    }

    #[test]
    fn pages_belong_to_the_framework_of_the_deepest_section() {
        let sections = vec![
            ("standards".to_string(), "barnahus".to_string()),
            ("standards/referral".to_string(), "trm".to_string()),
        ];
        assert_eq!(
            framework_of_section(&sections, "standards/x").as_deref(),
            Some("barnahus")
        );
        assert_eq!(
            framework_of_section(&sections, "standards/referral/x").as_deref(),
            Some("trm")
        );
        assert_eq!(framework_of_section(&sections, "guidance/x"), None);
    }
}
