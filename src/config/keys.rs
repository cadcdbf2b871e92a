//! The keys `site.yaml` knows, by where they are written: what a key serde passed over (an
//! unknown one) may be a misspelling of. Only suggestions come from here — whether a key is
//! known is serde's to say — so a key missing from this list costs a suggestion, never a false
//! warning (a test checks that every key listed is one serde knows).

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use crate::yaml;

/// Keys by the path of the map they are in; `*` stands for any one part (a language code, a
/// type's name, a field's name, a list item's number).
const KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "title",
            "description",
            "base_url",
            "default_language",
            "languages",
            "theme",
            "quick_exit",
            "standards",
            "types",
            "markdown",
            "taxonomies",
            "security",
            "translation_status_page",
            "safety",
            "footer",
        ],
    ),
    ("languages.*", &["name", "dir"]),
    ("quick_exit", &["url"]),
    ("markdown", &["unsafe_html"]),
    ("taxonomies", &["themes"]),
    ("security", &["third_party_resources", "headers_file"]),
    ("types.*", &["fields", "values"]),
    (
        "types.*.fields.*",
        &["kind", "required", "values", "description", "translate"],
    ),
    ("safety", &["page", "helplines"]),
    ("safety.helplines.*", &["number", "name"]),
    ("footer", &["publisher", "links"]),
    ("footer.links.*", &["page", "label"]),
];

/// The warning for the unknown key at `path` (dotted, as serde_ignored writes it) of the
/// `site.yaml` `text`, at the key, naming the key it is most likely a misspelling of.
pub(crate) fn unknown_key(text: &str, path: &str) -> Diagnostic {
    let parts: Vec<&str> = path.split('.').collect();
    let at = yaml::locate_key(text, &parts).or_else(|| yaml::locate_key_path(text, path));
    let (message, help) = match suggestion(path) {
        Some(known) => (
            format!("unknown key `{path}` is ignored: did you mean `{known}`?"),
            format!("rename it to `{known}`"),
        ),
        None => (
            format!("unknown key `{path}` is ignored"),
            "check its spelling; the keys are listed in docs/content.md".to_string(),
        ),
    };
    Diagnostic::warning("unknown-key", CONFIG_FILE, message)
        .at_opt(at)
        .with_help(help)
}

/// The known key that the unknown key at `path` (dotted, as serde_ignored writes it) is most
/// likely a misspelling of.
pub(crate) fn suggestion(path: &str) -> Option<&'static str> {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let parts: Vec<&str> = parent.split('.').filter(|p| !p.is_empty()).collect();
    let (_, known) = KEYS.iter().find(|(pattern, _)| {
        let pattern: Vec<&str> = pattern.split('.').filter(|p| !p.is_empty()).collect();
        pattern.len() == parts.len()
            && pattern
                .iter()
                .zip(&parts)
                .all(|(want, part)| *want == "*" || want == part)
    })?;
    crate::spelling::nearest(key, known.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_at_any_depth_name_the_key() {
        assert_eq!(suggestion("default_langauge"), Some("default_language"));
        assert_eq!(suggestion("quick_exit.ulr"), Some("url"));
        assert_eq!(suggestion("languages.sv.nmae"), Some("name"));
        assert_eq!(
            suggestion("types.practice.fields.sector.requird"),
            Some("required")
        );
        assert_eq!(suggestion("safety.helplines.0.numbr"), Some("number"));
        assert_eq!(suggestion("colour_scheme"), None);
    }

    /// Every key listed is one serde reads: written into a site.yaml, none is reported unknown.
    #[test]
    fn every_key_listed_is_known() {
        let yaml = "title: T\ndescription: D\nbase_url: https://example.org\ndefault_language: en\n\
            languages:\n  en:\n    name: English\n    dir: ltr\ntheme: default\n\
            quick_exit:\n  url: https://example.org/weather\nstandards: {}\n\
            types:\n  practice:\n    fields:\n      sector: {kind: one_of, required: true, values: [a], description: S, translate: false}\n    values: {}\n\
            markdown:\n  unsafe_html: false\ntaxonomies:\n  themes: {}\n\
            security:\n  third_party_resources: warning\n  headers_file: true\n\
            translation_status_page: false\n\
            safety:\n  page: ''\n  helplines:\n    - number: '116 111'\n      name: Helpline\n\
            footer:\n  publisher: P\n  links:\n    - page: about\n      label: About\n";
        let (_, warnings) = crate::Config::parse(yaml).expect("a valid site.yaml");
        let unknown: Vec<_> = warnings
            .iter()
            .filter(|w| w.code == "unknown-key")
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
        let written: usize = KEYS.iter().map(|(_, keys)| keys.len()).sum();
        assert_eq!(
            written, 37,
            "a key added to KEYS is added to the site.yaml above"
        );
    }
}
