//! Load: find the site's content files (Markdown sources and the files beside them) and read them.
//!
//! Nothing here interprets a file beyond its name: which page it is (its key), which language it
//! is in, and whether it is a section's own page (`_index.md`).

pub mod countries;
pub mod fields;
pub mod front_matter;
pub(crate) mod language_suffix;
pub(crate) mod links;
pub mod schema;
pub mod types;
pub(crate) mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};

/// The folder under the site's root that holds the content.
pub const CONTENT_DIR: &str = "content";

/// The folders under the site's root that hold its sources: what `serve` watches, and where no
/// build may write its output.
pub const SOURCE_FOLDERS: [&str; 5] = [CONTENT_DIR, "themes", "templates", "static", "i18n"];

/// A Markdown source file, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the site's root, as diagnostics show it (`content/guidance/a.md`).
    pub path: PathBuf,
    /// Which page this file is, and in which language.
    pub id: SourceId,
    /// The file's text.
    pub text: String,
}

/// Which page a source file is: its key, language and kind, derived from its file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId {
    /// The page's path under `content/` without extension, language or `_index`/`index`
    /// (`guidance/referral`; `guidance` for `guidance/_index.md`; `` for the home page).
    pub key: String,
    /// The language code (the site's default when the name has no suffix).
    pub lang: String,
    /// True for a section's own page (`_index.md`).
    pub is_section: bool,
    /// The path under `content/` with `/` separators (`guidance/referral.sv.md`).
    pub rel: String,
}

impl SourceId {
    /// Derives the id from a path under `content/` (with `/` separators). `languages` are the
    /// site's language codes, the first being the default.
    pub fn from_rel(rel: &str, languages: &[&str]) -> SourceId {
        let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = file.strip_suffix(".md").unwrap_or(file);
        let (stem, lang) = match stem.rsplit_once('.') {
            Some((base, code)) if languages.contains(&code) => (base, code),
            _ => (stem, languages[0]),
        };
        let join = |a: &str, b: &str| {
            if a.is_empty() {
                b.to_string()
            } else {
                format!("{a}/{b}")
            }
        };
        let (key, is_section) = match stem {
            "_index" => (dir.to_string(), true),
            "index" if !dir.is_empty() => (dir.to_string(), false),
            _ => (join(dir, stem), false),
        };
        SourceId {
            key,
            lang: lang.to_string(),
            is_section,
            rel: rel.to_string(),
        }
    }

    /// The key of the section this page or section belongs to (`` for top-level ones); `None`
    /// for the home page.
    pub fn parent_key(&self) -> Option<&str> {
        if self.key.is_empty() {
            return None;
        }
        Some(self.key.rsplit_once('/').map_or("", |(parent, _)| parent))
    }
}

/// A file beside the content that is copied as it is (an image, a PDF attachment).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path under `content/` with `/` separators.
    pub rel: String,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// The Markdown files, sorted by path.
    pub sources: Vec<SourceFile>,
    /// The other files, sorted by path.
    pub assets: Vec<Asset>,
}

/// Finds and reads the site's content. Unreadable files are reported, the rest still loaded.
pub fn load(root: &Path, languages: &[&str]) -> (Content, Vec<Diagnostic>) {
    load_reusing(root, languages, None)
}

/// What a reload may keep of the content loaded before: the files not in `changed` (paths as
/// [`SourceFile::path`] gives them) keep their text instead of being read again.
#[derive(Debug, Clone, Copy)]
pub struct Reuse<'a> {
    /// The content of the last load.
    pub previous: &'a Content,
    /// The files changed since.
    pub changed: &'a HashSet<PathBuf>,
}

/// Like [`load`], reading again only the Markdown files that `reuse` says changed (all of them
/// without it). The folders are always walked, so added and removed files are found.
pub fn load_reusing(
    root: &Path,
    languages: &[&str],
    reuse: Option<Reuse<'_>>,
) -> (Content, Vec<Diagnostic>) {
    let known: HashMap<&Path, &str> = reuse
        .map(|reuse| {
            reuse
                .previous
                .sources
                .iter()
                .filter(|source| !reuse.changed.contains(&source.path))
                .map(|source| (source.path.as_path(), source.text.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let content_dir = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("content-missing", CONTENT_DIR, "there is no content folder")
                .with_help("create `content/_index.md` with a `title` for the home page"),
        );
        return (Content::default(), diagnostics);
    }
    let walk = walk::Walk {
        read_error: "content-read",
        hidden: false,
    };
    let (found, problems) = walk::files(root, &content_dir, walk);
    diagnostics.extend(problems);
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for walk::Found { path, rel } in found {
        // A Markdown file's name is its URL (unless it sets a `slug`); other files are copied
        // under their own names.
        let rule = if rel.ends_with(".md") {
            crate::paths::check_segment
        } else {
            crate::paths::check_file_name
        };
        let problem = bad_name(CONTENT_DIR, &rel, rule).or_else(|| {
            rel.ends_with(".md")
                .then(|| language_suffix::check(CONTENT_DIR, &rel, languages))
                .flatten()
        });
        if let Some(problem) = problem {
            diagnostics.push(problem);
        } else if rel.ends_with(".md") {
            markdown.push((path, rel));
        } else {
            assets.push(Asset { source: path, rel });
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, rel)| {
            let shown = relative(root, &path);
            if let Some(text) = known.get(shown.as_path()) {
                return Ok(SourceFile {
                    id: SourceId::from_rel(&rel, languages),
                    path: shown,
                    text: (*text).to_string(),
                });
            }
            let bytes = crate::files::read_regular(&path).map_err(|error| {
                Diagnostic::error("content-read", &shown, format!("cannot read it: {error}"))
            })?;
            let text = String::from_utf8(bytes).map_err(|error| encoding_error(&shown, &error))?;
            Ok(SourceFile {
                path: shown,
                id: SourceId::from_rel(&rel, languages),
                text,
            })
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(source) if is_empty_translation(&source, languages) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "empty-translation",
                        &source.path,
                        "the file is empty, so the page is taken as not translated into this language",
                    )
                    .with_help("write the translation into it, or delete it (Decap CMS leaves such files for the languages an editor did not fill in)"),
                );
            }
            Ok(source) => sources.push(source),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (Content { sources, assets }, diagnostics)
}

/// True for a translation's file with nothing but white space in it: Decap CMS writes one for
/// every language of a new page, filled in or not.
fn is_empty_translation(source: &SourceFile, languages: &[&str]) -> bool {
    languages.first() != Some(&source.id.lang.as_str()) && source.text.trim().is_empty()
}

/// The error for a file that is not UTF-8, at the line and column of its first byte that is not.
fn encoding_error(shown: &Path, error: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Diagnostic::error("encoding", shown, "the file is saved as UTF-16, not UTF-8")
            .at(Location::of_line(1, 1, 1, "\u{fffd}"))
            .with_help("save the file as UTF-8 in your editor");
    }
    // Up to the first bad byte the text is the same with the bad bytes replaced, so its offset
    // is a place in the replaced text.
    let valid_up_to = error.utf8_error().valid_up_to();
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<String> = bytes
        .iter()
        .skip(valid_up_to)
        .take(error.utf8_error().error_len().unwrap_or(1))
        .map(|byte| format!("{byte:#04x}"))
        .collect();
    Diagnostic::error(
        "encoding",
        shown,
        format!(
            "the file is not valid UTF-8: {} {} here {} not UTF-8",
            if bad.len() == 1 {
                "the byte"
            } else {
                "the bytes"
            },
            bad.join(" "),
            if bad.len() == 1 { "is" } else { "are" },
        ),
    )
    .at(Location::from_offset(&text, valid_up_to, 1))
    .with_help(
        "save the file as UTF-8 in your editor (it may have been saved as Latin-1 or Windows-1252)",
    )
}

/// An error for a file under `dir` (`content`, `static`) whose path `rel` has a part that cannot
/// be part of an output path (file names become URLs and output files); `check` is the rule
/// from [`crate::paths`] that the part must pass.
pub(crate) fn bad_name(
    dir: &str,
    rel: &str,
    check: fn(&str) -> Result<(), crate::paths::Unsafe>,
) -> Option<Diagnostic> {
    use crate::paths::{shown, SEGMENT_HELP};
    let (part, why) = rel
        .split('/')
        .find_map(|part| check(part).err().map(|why| (part, why)))?;
    Some(
        Diagnostic::error(
            "file-name",
            format!("{dir}/{}", shown(rel)),
            format!("the name `{}` {why}", shown(part)),
        )
        .with_help(format!(
            "rename it, as its name becomes part of the site's URLs: {SEGMENT_HELP}"
        )),
    )
}

/// `path` below `dir` with `/` between its parts (a backslash in a name stays, to be refused),
/// or `None` when a part is not UTF-8.
pub(crate) fn rel_path(path: &Path, dir: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .strip_prefix(dir)
        .ok()?
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// `path` relative to the site's root, for showing to people.
pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Bytes that are not UTF-8 are reported on the line of the first bad byte.
        #[test]
        fn bad_bytes_are_reported_at_their_line(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            if let Err(error) = String::from_utf8(bytes.clone()) {
                let diagnostic = encoding_error(Path::new("a.md"), &error);
                let location = diagnostic.location.as_deref().unwrap();
                let first_bad = error.utf8_error().valid_up_to();
                let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
                if !utf16 {
                    let lines = bytes[..first_bad].iter().filter(|&&b| b == b'\n').count();
                    prop_assert_eq!(location.line, lines + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_languages_and_sections_come_from_file_names() {
        let langs = ["en", "sv"];
        let id = |rel| SourceId::from_rel(rel, &langs);
        let home = id("_index.md");
        assert_eq!((home.key.as_str(), home.is_section), ("", true));
        assert_eq!(home.parent_key(), None);
        let section = id("guidance/_index.sv.md");
        assert_eq!(
            (section.key.as_str(), section.lang.as_str()),
            ("guidance", "sv")
        );
        assert_eq!(section.parent_key(), Some(""));
        let page = id("guidance/referral.sv.md");
        assert_eq!(
            (page.key.as_str(), page.lang.as_str()),
            ("guidance/referral", "sv")
        );
        assert_eq!(page.parent_key(), Some("guidance"));
        let bundle = id("tools/checklist/index.md");
        assert_eq!(
            (bundle.key.as_str(), bundle.is_section),
            ("tools/checklist", false)
        );
        let dotted = id("news/v1.2.md");
        assert_eq!(
            (dotted.key.as_str(), dotted.lang.as_str()),
            ("news/v1.2", "en")
        );
    }
}
