//! The theme a site is drawn with: its own `themes/NAME/` folder when it has one, else the
//! default theme compiled into the binary (the repository's `themes/default/`, embedded as a
//! whole). Templates, static files and strings are read through here; the site's own
//! `templates/`, `static/` and `i18n/` override the theme's files one by one (their loaders).

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

/// The default theme, as it was in `themes/default/` when the binary was built.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme that is compiled into the binary.
pub(crate) const BUILTIN_NAME: &str = "default";

/// How a file of the built-in theme is named in messages (`soteria:templates/page.html`).
const BUILTIN_SHOWN: &str = "soteria";

/// Where a site's theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Theme {
    /// The default theme inside the binary.
    Builtin,
    /// The folder `themes/NAME/` of the site (absolute, or as the site's root was given).
    Folder(PathBuf),
}

/// One file of a theme.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Its path inside the folder asked for, with `/` separators (`partials/toc.html`).
    pub(crate) rel: String,
    /// Where its bytes are.
    pub(crate) source: Source,
}

/// Where a theme file's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// On disk, in the site's `themes/NAME/`.
    Disk(PathBuf),
    /// Inside the binary, with its path in the theme (`static/css/soteria.css`).
    Builtin(&'static Path, &'static [u8]),
}

impl Theme {
    /// The theme `config.theme` names: the site's folder of that name when there is one, the
    /// built-in theme for `default` without one. (A missing folder of another name is
    /// reported by the templates' loader, the first to need it.)
    pub(crate) fn of(root: &Path, name: &str) -> Theme {
        let folder = root.join("themes").join(name);
        if name == BUILTIN_NAME && !folder.is_dir() {
            Theme::Builtin
        } else {
            Theme::Folder(folder)
        }
    }

    /// True when the theme can be used (the built-in one, or an existing folder).
    pub(crate) fn exists(&self) -> bool {
        match self {
            Theme::Builtin => true,
            Theme::Folder(folder) => folder.is_dir(),
        }
    }

    /// The folder on disk, for a site's own theme.
    pub(crate) fn folder(&self) -> Option<&Path> {
        match self {
            Theme::Builtin => None,
            Theme::Folder(folder) => Some(folder),
        }
    }

    /// The text of the theme's file at `rel` (`i18n/sv.yaml`), with the name to show in
    /// messages; `None` when the theme has no such file (or it cannot be read as text).
    pub(crate) fn read_text(&self, root: &Path, rel: &str) -> Option<(PathBuf, String)> {
        match self {
            Theme::Builtin => {
                let file = BUILTIN.get_file(rel)?;
                Some((shown_builtin(rel), file.contents_utf8()?.to_string()))
            }
            Theme::Folder(folder) => {
                let path = folder.join(rel);
                let bytes = crate::files::read_regular(&path).ok()?;
                let text = String::from_utf8(bytes).ok()?;
                Some((crate::content::relative(root, &path), text))
            }
        }
    }

    /// The built-in theme's files under `dir` (`templates`), sorted by path; hidden files are
    /// left out, as the walk of a folder leaves them out. For a theme folder, `None`: its
    /// files are walked by the loader like the site's own.
    pub(crate) fn builtin_files(&self, dir: &str) -> Option<Vec<ThemeFile>> {
        if *self != Theme::Builtin {
            return None;
        }
        let mut files = Vec::new();
        if let Some(start) = BUILTIN.get_dir(dir) {
            collect(start, dir, &mut files);
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Some(files)
    }
}

/// How a built-in theme file is named in messages.
pub(crate) fn shown_builtin(rel: &str) -> PathBuf {
    PathBuf::from(format!("{BUILTIN_SHOWN}:{rel}"))
}

/// Adds the files under `dir` (named `prefix` in the theme) to `files`.
fn collect(dir: &'static Dir<'static>, prefix: &str, files: &mut Vec<ThemeFile>) {
    for entry in dir.entries() {
        let hidden = entry
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match entry {
            DirEntry::Dir(sub) => collect(sub, prefix, files),
            DirEntry::File(file) => {
                let Some(rel) = file.path().strip_prefix(prefix).ok().and_then(Path::to_str) else {
                    continue;
                };
                files.push(ThemeFile {
                    rel: rel.replace('\\', "/"),
                    source: Source::Builtin(file.path(), file.contents()),
                });
            }
        }
    }
}

/// Every file of the built-in theme, with its path in the theme (`templates/page.html`), sorted,
/// for `soteria theme eject`.
pub(crate) fn builtin_all() -> Vec<(&'static Path, &'static [u8])> {
    fn gather(dir: &'static Dir<'static>, all: &mut Vec<(&'static Path, &'static [u8])>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(sub) => gather(sub, all),
                DirEntry::File(file) => all.push((file.path(), file.contents())),
            }
        }
    }
    let mut all = Vec::new();
    gather(&BUILTIN, &mut all);
    all.sort();
    all
}

/// Why `soteria theme eject` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    /// The folder exists and holds files: ejecting never replaces an editor's work.
    #[error("{0} is not empty; the theme is only written into a new or empty folder")]
    NotEmpty(PathBuf),
    /// Writing failed.
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
}

/// Writes the built-in theme into `dir` (a new or empty folder) for heavy changes, and returns
/// how many files it wrote. Nothing else changes: `site.yaml` names the theme it uses.
pub fn eject(dir: &Path) -> Result<usize, EjectError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(EjectError::NotEmpty(dir.to_path_buf()));
    }
    let files = builtin_all();
    for (rel, bytes) in &files {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| EjectError::Write(parent.to_path_buf(), error))?;
        }
        std::fs::write(&target, bytes).map_err(|error| EjectError::Write(target.clone(), error))?;
    }
    Ok(files.len())
}
