//! Translation status: for each language, which pages of the default language are translated,
//! which translations are outdated (the source changed after `source_hash` was written), and
//! which are missing. Used by `soteria status` and by the editors' overview page.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_yaml::Value;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::content::{front_matter, SourceFile, SourceId};
use crate::parse::ParsedPage;

/// A short, stable hash of a source file's text: the first 16 hex digits of its SHA-256.
pub fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The translation status of one language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    /// The language code.
    pub lang: String,
    /// The language's name.
    pub name: String,
    /// How many pages the default language has.
    pub total: usize,
    /// Translations that are up to date (or carry no `source_hash` to tell).
    pub translated: Vec<String>,
    /// Translations whose source changed since they were made.
    pub outdated: Vec<String>,
    /// Pages with no translation, by their source file under `content/`.
    pub missing: Vec<String>,
}

impl LanguageStatus {
    /// A share of the total, in whole percent.
    pub fn percent(&self, count: usize) -> usize {
        (count * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The status of every language but the default one. Drafts are left out.
pub fn compute(config: &Config, sources: &[SourceFile]) -> Vec<LanguageStatus> {
    let default = config.default_language.as_str();
    // Each file's front matter read (and each original hashed) in parallel, then gathered in
    // the files' order.
    let found: Vec<Option<(&SourceId, Found)>> = sources
        .par_iter()
        .map(|source| read(source, default).map(|found| (&source.id, found)))
        .collect();
    tally(config, found.into_iter().flatten())
}

/// [`compute`] for a build, from its parsed pages, whose front matter is read already (`sources`
/// are the files they were parsed from, for the originals' hashes). Files with errors are not
/// among the pages, but a build with errors has no overview either.
pub fn of_parsed(
    config: &Config,
    parsed: &[ParsedPage],
    sources: &[SourceFile],
) -> Vec<LanguageStatus> {
    let default = config.default_language.as_str();
    let texts: HashMap<&Path, &str> = sources
        .iter()
        .map(|source| (source.path.as_path(), source.text.as_str()))
        .collect();
    let found: Vec<(&SourceId, Found)> = parsed
        .par_iter()
        .filter_map(|page| {
            let text = texts.get(page.path.as_path()).copied().unwrap_or("");
            let recorded = page.front.source_hash.as_deref();
            let found = Found::of(&page.id, default, page.front.draft, recorded, text)?;
            Some((&page.id, found))
        })
        .collect();
    tally(config, found)
}

/// The status from what was found of each file, in the files' order.
fn tally<'a>(
    config: &Config,
    found: impl IntoIterator<Item = (&'a SourceId, Found)>,
) -> Vec<LanguageStatus> {
    let default = config.default_language.as_str();
    let mut originals: Vec<(&str, &str, String)> = Vec::new();
    let mut translations: HashMap<(&str, &str), Option<String>> = HashMap::new();
    for (id, found) in found {
        match found {
            Found::Original(hash) => originals.push((&id.key, &id.rel, hash)),
            Found::Translation(recorded) => {
                translations.insert((&id.key, &id.lang), recorded);
            }
        }
    }
    originals.sort_by(|a, b| a.1.cmp(b.1));
    config
        .language_codes()
        .into_iter()
        .filter(|lang| *lang != default)
        .map(|lang| {
            let mut status = LanguageStatus {
                lang: lang.to_string(),
                name: config
                    .languages
                    .get(lang)
                    .map_or_else(|| lang.to_string(), |l| l.name.clone()),
                total: originals.len(),
                translated: Vec::new(),
                outdated: Vec::new(),
                missing: Vec::new(),
            };
            for (key, rel, hash) in &originals {
                let list = match translations.get(&(*key, lang)) {
                    None => &mut status.missing,
                    Some(Some(recorded)) if recorded != hash => &mut status.outdated,
                    Some(_) => &mut status.translated,
                };
                list.push((*rel).to_string());
            }
            status
        })
        .collect()
}

/// What [`compute`] reads from one file; `None` for a draft (or a file it cannot read).
fn read(source: &SourceFile, default: &str) -> Option<Found> {
    let parsed = front_matter::parse(&source.path, &source.text).ok()?;
    let get = |key: &str| parsed.mapping.get(Value::String(key.to_string()));
    let draft = get("draft").and_then(Value::as_bool) == Some(true);
    let recorded = get("source_hash").and_then(Value::as_str);
    Found::of(&source.id, default, draft, recorded, &source.text)
}

/// [`compute`] again after an edit of `original`, a file of the default language whose front
/// matter is as it was (so it is as much a draft as before): its translations may now be
/// outdated, or up to date again. `sources` are all the site's files, sorted by path.
pub fn update(
    statuses: &mut [LanguageStatus],
    config: &Config,
    original: &SourceFile,
    sources: &[SourceFile],
) {
    let default = config.default_language.as_str();
    let Some(Found::Original(hash)) = read(original, default) else {
        return;
    };
    let rel = &original.id.rel;
    for status in statuses.iter_mut() {
        let lists = [
            &mut status.translated,
            &mut status.outdated,
            &mut status.missing,
        ];
        let mut listed = false;
        for list in lists {
            if let Ok(at) = list.binary_search(rel) {
                list.remove(at);
                listed = true;
            }
        }
        if !listed {
            continue;
        }
        // As in `compute`: the last file of the page in the language that is not a draft.
        let translation = sources
            .iter()
            .filter(|s| s.id.key == original.id.key && s.id.lang == status.lang)
            .filter_map(|source| read(source, default))
            .next_back();
        let list = match translation {
            None => &mut status.missing,
            Some(Found::Translation(Some(recorded))) if recorded != hash => &mut status.outdated,
            Some(_) => &mut status.translated,
        };
        let at = list.binary_search(rel).unwrap_or_else(|at| at);
        list.insert(at, rel.clone());
    }
}

/// What [`compute`] reads from one file.
enum Found {
    /// An original: its hash.
    Original(String),
    /// A translation: the `source_hash` it records.
    Translation(Option<String>),
}

impl Found {
    /// What a file of page `id` with text `text` counts as, given whether its front matter
    /// says it is a draft and the `source_hash` it records; `None` for a draft.
    fn of(
        id: &SourceId,
        default: &str,
        draft: bool,
        recorded: Option<&str>,
        text: &str,
    ) -> Option<Found> {
        if draft {
            return None;
        }
        Some(if id.lang == default {
            Found::Original(source_hash(text))
        } else {
            Found::Translation(recorded.map(str::to_string))
        })
    }
}

/// The status as text a person reads at a glance.
pub fn render_text(statuses: &[LanguageStatus]) -> String {
    let mut out = String::new();
    for s in statuses {
        out.push_str(&format!(
            "{} ({}): {}/{} translated ({}%), {} outdated ({}%), {} missing ({}%)\n",
            s.lang,
            s.name,
            s.translated.len(),
            s.total,
            s.percent(s.translated.len()),
            s.outdated.len(),
            s.percent(s.outdated.len()),
            s.missing.len(),
            s.percent(s.missing.len()),
        ));
        for (label, list) in [("outdated", &s.outdated), ("missing", &s.missing)] {
            for rel in list {
                out.push_str(&format!("  {label:<8} content/{rel}\n"));
            }
        }
    }
    if statuses.is_empty() {
        out.push_str("the site has one language: nothing to translate\n");
    }
    out
}

/// The status as JSON for dashboards and CI.
pub fn render_json(statuses: &[LanguageStatus]) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        lang: &'a str,
        name: &'a str,
        total: usize,
        translated: usize,
        outdated: usize,
        missing: usize,
        translated_percent: usize,
        pages: Pages<'a>,
    }
    #[derive(Serialize)]
    struct Pages<'a> {
        translated: &'a [String],
        outdated: &'a [String],
        missing: &'a [String],
    }
    let items: Vec<Json<'_>> = statuses
        .iter()
        .map(|s| Json {
            lang: &s.lang,
            name: &s.name,
            total: s.total,
            translated: s.translated.len(),
            outdated: s.outdated.len(),
            missing: s.missing.len(),
            translated_percent: s.percent(s.translated.len()),
            pages: Pages {
                translated: &s.translated,
                outdated: &s.outdated,
                missing: &s.missing,
            },
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceId;

    fn source(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            path: format!("content/{rel}").into(),
            id: SourceId::from_rel(rel, &["en", "sv"]),
            text: text.to_string(),
        }
    }

    #[test]
    fn tells_translated_outdated_and_missing_apart() {
        let (config, _) = crate::Config::parse(
            "title: T\nlanguages:\n  en: {name: English}\n  sv: {name: Svenska}\n",
        )
        .unwrap();
        let a = "---\ntitle: A\n---\n";
        let sources = [
            source("a.md", a),
            source(
                "a.sv.md",
                &format!("---\ntitle: A\nsource_hash: {}\n---\n", source_hash(a)),
            ),
            source("b.md", "---\ntitle: B\n---\n"),
            source(
                "b.sv.md",
                "---\ntitle: B\nsource_hash: 0000000000000000\n---\n",
            ),
            source("c.md", "---\ntitle: C\n---\n"),
        ];
        let status = compute(&config, &sources);
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].translated, ["a.md"]);
        assert_eq!(status[0].outdated, ["b.md"]);
        assert_eq!(status[0].missing, ["c.md"]);
        assert_eq!(status[0].percent(1), 33);

        // A build tells the same from its parsed pages.
        let schema = crate::content::schema::Schema::new(&config).unwrap();
        let (parsed, problems) =
            crate::parse::parse_all(&sources, &schema, Default::default(), None);
        assert!(problems.is_empty(), "{problems:?}");
        let built = of_parsed(&config, &parsed, &sources);
        assert_eq!(built[0].translated, status[0].translated);
        assert_eq!(built[0].outdated, status[0].outdated);
        assert_eq!(built[0].missing, status[0].missing);
    }
}
