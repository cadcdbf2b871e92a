//! Translation status: for each language, which pages of the default language are translated,
//! which translations are outdated (the source changed after `source_hash` was written), and
//! which are missing. Used by `soteria status` and by the editors' overview page.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_yaml::Value;

use crate::config::Config;
use crate::content::{front_matter, SourceFile, SourceId};
use crate::parse::ParsedPage;
use crate::translate::progress::{self, PageProgress};

mod outdated;
pub(crate) use outdated::note_outdated;

pub use crate::translate::source_hash;

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
    /// Each page's translation segment by segment ([`add_progress`]; a build's overview and
    /// `status --summary` leave it empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageProgress>,
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
    let files: Vec<Option<FileStatus>> = sources
        .par_iter()
        .map(|source| FileStatus::read(source, default))
        .collect();
    tally(config, files.iter().flatten())
}

/// Adds each page's translation segment by segment to `statuses` (from [`compute`]): what
/// `soteria status` shows page by page, and leaves out of its summary.
pub fn add_progress(config: &Config, sources: &[SourceFile], statuses: &mut [LanguageStatus]) {
    let default = config.default_language.as_str();
    let extra = crate::translate::extra_fields(config);
    for status in statuses {
        status.pages = progress::of_language(sources, default, &status.lang, &extra);
    }
}

/// [`compute`] for a build, from its parsed pages, whose front matter is read already (`sources`
/// are the files they were parsed from, for the originals' hashes): what each file counts as,
/// in the files' order, and the status. Files with errors are not among the pages, but a build
/// with errors has no overview either.
pub(crate) fn of_parsed(
    config: &Config,
    parsed: &[ParsedPage],
    sources: &[SourceFile],
) -> (Vec<FileStatus>, Vec<LanguageStatus>) {
    let default = config.default_language.as_str();
    let texts: HashMap<&Path, &str> = sources
        .iter()
        .map(|source| (source.path.as_path(), source.text.as_str()))
        .collect();
    let files: Vec<FileStatus> = parsed
        .par_iter()
        .filter_map(|page| {
            let text = texts.get(page.path.as_path()).copied().unwrap_or("");
            FileStatus::of_parsed(page, text, default)
        })
        .collect();
    let status = tally(config, &files);
    (files, status)
}

/// The status from what each file counts as, in the files' order (the last file of a page in a
/// language is its translation there).
pub(crate) fn tally<'a>(
    config: &Config,
    files: impl IntoIterator<Item = &'a FileStatus>,
) -> Vec<LanguageStatus> {
    let default = config.default_language.as_str();
    let mut originals: Vec<(&str, &str, &str)> = Vec::new();
    let mut translations: HashMap<(&str, &str), Option<&str>> = HashMap::new();
    for file in files {
        match &file.found {
            Found::Original(hash) => originals.push((&file.id.key, &file.id.rel, hash)),
            Found::Translation(recorded) => {
                translations.insert((&file.id.key, &file.id.lang), recorded.as_deref());
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
                pages: Vec::new(),
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

/// What one file counts as in the status: the step of [`compute`] and [`of_parsed`] for one
/// file, for a rebuild after an edit of that file. Drafts count as nothing.
#[derive(Debug, Clone)]
pub(crate) struct FileStatus {
    /// The file's page and language.
    pub(crate) id: SourceId,
    found: Found,
}

impl FileStatus {
    /// What `source` counts as, from its front matter; `None` for a draft (or a file whose
    /// front matter cannot be read).
    fn read(source: &SourceFile, default: &str) -> Option<FileStatus> {
        let parsed = front_matter::parse(&source.path, &source.text).ok()?;
        let get = |key: &str| parsed.mapping.get(Value::String(key.to_string()));
        let draft = get("draft").and_then(Value::as_bool) == Some(true);
        let recorded = get("source_hash").and_then(Value::as_str);
        FileStatus::of(&source.id, default, draft, recorded, &source.text)
    }

    /// What the parsed `page`, whose file has `text`, counts as; `None` for a draft.
    pub(crate) fn of_parsed(page: &ParsedPage, text: &str, default: &str) -> Option<FileStatus> {
        let recorded = page.front.source_hash.as_deref();
        FileStatus::of(&page.id, default, page.front.draft, recorded, text)
    }

    /// Whether the tally of `files` (the last build's, `before` among them) can change when
    /// this file, after an edit, counts as `self` instead of `before`. An original's new hash
    /// matters only to the translations that recorded its old or its new hash (up to date
    /// before or after); the rest stay missing, outdated, or translated without a hash.
    pub(crate) fn retallies(&self, before: &FileStatus, files: &[FileStatus]) -> bool {
        match (&before.found, &self.found) {
            (Found::Original(old), Found::Original(new)) => {
                old != new
                    && files.iter().any(|file| {
                        file.id.key == self.id.key
                            && matches!(&file.found, Found::Translation(Some(recorded))
                                if recorded == old || recorded == new)
                    })
            }
            (before, now) => before != now,
        }
    }

    /// For an original: its page's key and its hash.
    pub(crate) fn original_hash(&self) -> Option<(&str, &str)> {
        match &self.found {
            Found::Original(hash) => Some((self.id.key.as_str(), hash.as_str())),
            Found::Translation(_) => None,
        }
    }

    /// What a file of page `id` with text `text` counts as, given whether its front matter
    /// says it is a draft and the `source_hash` it records; `None` for a draft.
    fn of(
        id: &SourceId,
        default: &str,
        draft: bool,
        recorded: Option<&str>,
        text: &str,
    ) -> Option<FileStatus> {
        if draft {
            return None;
        }
        let found = if id.lang == default {
            Found::Original(source_hash(text))
        } else {
            Found::Translation(recorded.map(str::to_string))
        };
        Some(FileStatus {
            id: id.clone(),
            found,
        })
    }
}

/// What a file counts as.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    /// An original: its hash.
    Original(String),
    /// A translation: the `source_hash` it records.
    Translation(Option<String>),
}

/// The status as text a person reads at a glance: a summary line per language first, then
/// (unless `summary_only`) each language's translation files to update or to create.
pub fn render_text(statuses: &[LanguageStatus], summary_only: bool) -> String {
    if statuses.is_empty() {
        return "the site has one language: nothing to translate\n".to_string();
    }
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
    }
    if summary_only {
        return out;
    }
    for s in statuses {
        let partial: Vec<&PageProgress> = s
            .pages
            .iter()
            .filter(|page| page.exists && page.missing + page.outdated > 0)
            .filter(|page| s.translated.contains(&page.original))
            .collect();
        if s.outdated.is_empty() && s.missing.is_empty() && partial.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} ({}):\n", s.lang, s.name));
        let page = |rel: &str| s.pages.iter().find(|page| page.original == rel);
        for rel in &s.outdated {
            out.push_str(&format!(
                "  outdated  content/{}  (update it: content/{rel} changed since it was translated{})\n",
                crate::translate::translation_rel(rel, &s.lang),
                page(rel).map(segments_to_do).unwrap_or_default()
            ));
        }
        for page in partial {
            out.push_str(&format!(
                "  partial   content/{}  ({})\n",
                page.translation,
                segments_to_do(page).trim_start_matches("; ")
            ));
        }
        for rel in &s.missing {
            out.push_str(&format!(
                "  missing   content/{}  (create it from content/{rel}{})\n",
                crate::translate::translation_rel(rel, &s.lang),
                page(rel)
                    .map(|p| format!(
                        "; {}, {}",
                        counted(p.segments, "segment"),
                        counted(p.words, "word")
                    ))
                    .unwrap_or_default()
            ));
        }
    }
    if statuses.iter().any(|s| !s.pages.is_empty()) {
        out.push_str("\nTo give translators these segments: soteria translate export --lang LANG --only-outdated\n");
    }
    out
}

/// `1 segment`, `2 segments`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// What is left to translate of a page: `; 2 of 14 segments outdated (sections "A", "B"), 1
/// missing; 35 words`.
fn segments_to_do(page: &PageProgress) -> String {
    let mut parts = Vec::new();
    if page.outdated > 0 {
        parts.push(format!(
            "{} of {} segments outdated",
            page.outdated, page.segments
        ));
    }
    if page.missing > 0 {
        parts.push(format!(
            "{} of {} segments untranslated",
            page.missing, page.segments
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    let sections: Vec<String> = page
        .changed_sections
        .iter()
        .map(|section| match &section.heading {
            None => "the introduction".to_string(),
            Some(heading) => format!("\"{heading}\""),
        })
        .collect();
    let sections = if sections.is_empty() {
        String::new()
    } else {
        format!(", changed: {}", sections.join(", "))
    };
    format!(
        "; {}{sections}; {} words to translate",
        parts.join(", "),
        page.words
    )
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
        segments: Segments,
        files: &'a [PageProgress],
    }
    #[derive(Serialize)]
    struct Segments {
        total: usize,
        translated: usize,
        outdated: usize,
        missing: usize,
        words_to_translate: usize,
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
            segments: Segments {
                total: s.pages.iter().map(|p| p.segments).sum(),
                translated: s.pages.iter().map(|p| p.translated).sum(),
                outdated: s.pages.iter().map(|p| p.outdated).sum(),
                missing: s.pages.iter().map(|p| p.missing).sum(),
                words_to_translate: s.pages.iter().map(|p| p.words).sum(),
            },
            files: &s.pages,
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
        let (_, built) = of_parsed(&config, &parsed, &sources);
        assert_eq!(built[0].translated, status[0].translated);
        assert_eq!(built[0].outdated, status[0].outdated);
        assert_eq!(built[0].missing, status[0].missing);
    }
}
