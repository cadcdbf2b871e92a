//! `soteria translate export` and `soteria translate import`: files in and out.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, SourceFile, SourceId};
use crate::diagnostics::{Diagnostic, Location};
use crate::translate::import::{self, Imported};
use crate::translate::{export, po, xliff, Returned, State};

/// A translator's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// GNU gettext PO (Poedit, Weblate, Crowdin).
    Po,
    /// XLIFF 2.0 (memoQ, Trados, Okapi).
    Xliff,
}

impl FileFormat {
    /// The files' extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Po => "po",
            FileFormat::Xliff => "xlf",
        }
    }

    /// The format of a file, from its extension.
    fn of(path: &Path) -> Option<FileFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "po" => Some(FileFormat::Po),
            "xlf" | "xliff" => Some(FileFormat::Xliff),
            _ => None,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// The files written, in order.
    pub files: Vec<PathBuf>,
    /// Segments written, and of them translated, needing review, new.
    pub segments: [usize; 4],
}

/// Writes a translator's file per page of the default language into `lang` under `out`
/// (`out/guidance/referral.po`); with `only_outdated`, only the segments to translate or
/// review, and only pages that have some; with `replace`, the files of the format already
/// under `out` are removed first (a folder of Soteria's own). Errors: files whose front matter
/// cannot be read, a language the site does not have, a file that cannot be written.
pub fn export_files(
    root: &Path,
    config: &Config,
    lang: &str,
    format: FileFormat,
    out: &Path,
    only_outdated: bool,
    replace: bool,
) -> Result<Exported, Vec<Diagnostic>> {
    let default = config.default_language.as_str();
    let languages = config.language_codes();
    if lang == default || !languages.contains(&lang) {
        return Err(vec![Diagnostic::error(
            "translate-export",
            crate::config::CONFIG_FILE,
            format!(
                "`{lang}` is not one of the site's languages to translate into ({})",
                languages.get(1..).unwrap_or_default().join(", ")
            ),
        )
        .with_help(
            "name a language of site.yaml's `languages` other than the default",
        )]);
    }
    let (content, mut errors) = content::load(root, &languages);
    let extra = super::extra_fields(config);
    let (documents, problems) =
        export::documents(&content.sources, default, lang, &extra, only_outdated);
    errors.extend(problems);
    if errors.iter().any(Diagnostic::is_error) {
        return Err(errors);
    }
    if replace {
        let earlier = walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| {
                entry.file_type().is_file() && FileFormat::of(entry.path()) == Some(format)
            });
        for entry in earlier {
            let _ = fs::remove_file(entry.path());
        }
    }
    let mut exported = Exported::default();
    for document in &documents {
        let rel = document
            .original
            .strip_prefix("content/")
            .unwrap_or(&document.original);
        let stem = rel.strip_suffix(".md").unwrap_or(rel);
        let path = out.join(format!("{stem}.{}", format.extension()));
        let text = match format {
            FileFormat::Po => po::write(document),
            FileFormat::Xliff => xliff::write(document),
        };
        write(&path, &text).map_err(|error| {
            vec![Diagnostic::error(
                "translate-export",
                &path,
                format!("cannot write the file: {error}"),
            )
            .with_help("check that the folder given with --out can be written")]
        })?;
        exported.files.push(path);
        for unit in &document.units {
            exported.segments[0] += 1;
            let index = match unit.state {
                State::Translated => 1,
                State::NeedsReview { .. } => 2,
                State::New => 3,
            };
            exported.segments[index] += 1;
        }
    }
    Ok(exported)
}

/// What importing one file did.
#[derive(Debug, Clone)]
pub struct ImportedFile {
    /// The translator's file.
    pub file: PathBuf,
    /// The translation written, under the site's folder; `None` when the file translates
    /// nothing of a page that has no translation yet.
    pub written: Option<PathBuf>,
    /// Segments translated, awaiting review, untranslated.
    pub counts: [usize; 3],
}

/// Imports translators' `files` into the site at `root`, one after the other (a later file
/// of the same page sees the earlier one's translation). A file with errors writes nothing;
/// the others are still imported. Returns what was imported, and every error and warning.
pub fn import_files(
    root: &Path,
    config: &Config,
    files: &[PathBuf],
) -> (Vec<ImportedFile>, Vec<Diagnostic>) {
    let languages = config.language_codes();
    let (content, mut diagnostics) = content::load(root, &languages);
    let mut sources = content.sources;
    let extra = super::extra_fields(config);
    let mut imported = Vec::new();
    for file in files {
        let result = read(file).and_then(|(text, returned)| {
            let site = import::Site {
                sources: &sources,
                languages: &languages,
                extra: &extra,
            };
            import::apply(&site, file, &text, &returned)
        });
        match result {
            Ok(Imported {
                rel,
                text,
                counts,
                warnings,
                empty,
            }) => {
                diagnostics.extend(warnings);
                if empty {
                    diagnostics.push(
                        Diagnostic::warning(
                            "translate-import",
                            file,
                            format!("nothing in the file is translated: content/{rel} was not created"),
                        )
                        .with_help("translate at least one segment, or leave the page to show its original under a notice"),
                    );
                    imported.push(ImportedFile {
                        file: file.clone(),
                        written: None,
                        counts,
                    });
                    continue;
                }
                let written = Path::new(content::CONTENT_DIR).join(&rel);
                if let Err(error) = write(&root.join(&written), &text) {
                    diagnostics.push(
                        Diagnostic::error(
                            "translate-import",
                            &written,
                            format!("cannot write the translation: {error}"),
                        )
                        .with_help("check that the content folder can be written"),
                    );
                    continue;
                }
                let source = SourceFile {
                    path: written.clone(),
                    id: SourceId::from_rel(&rel, &languages),
                    text,
                };
                match sources.iter_mut().find(|s| s.id.rel == rel) {
                    Some(existing) => *existing = source,
                    None => sources.push(source),
                }
                imported.push(ImportedFile {
                    file: file.clone(),
                    written: Some(written),
                    counts,
                });
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    (imported, diagnostics)
}

/// A translator's file read: its text and what it says.
fn read(file: &Path) -> Result<(String, Returned), Vec<Diagnostic>> {
    let error = |message: String, help: &str| {
        vec![Diagnostic::error("translate-import", file, message).with_help(help.to_string())]
    };
    let Some(format) = FileFormat::of(file) else {
        return Err(error(
            "not a PO (.po) or XLIFF (.xlf, .xliff) file".to_string(),
            "import the files `soteria translate export` wrote, after translating them",
        ));
    };
    let bytes = fs::read(file).map_err(|e| {
        error(
            format!("cannot read the file: {e}"),
            "check the file's name",
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return Err(vec![Diagnostic::error(
                "translate-import",
                file,
                "the file is not UTF-8 text",
            )
            .at(Location::from_offset(&text, at, 1))
            .with_help("save it as UTF-8 in the translation tool")]);
        }
    };
    let returned = match format {
        FileFormat::Po => po::read(file, &text)?,
        FileFormat::Xliff => xliff::read(file, &text)?,
    };
    Ok((text, returned))
}

/// Writes `text` to `path` whole or not at all: into a file beside it, then renamed over it.
fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.soteria-new"));
    fs::write(&temporary, text)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}
