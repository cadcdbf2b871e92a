//! The one walk over the site's folders of files (`content/`, `static/`, the theme's
//! `static/`): the files in name order, each screened before anything reads it. A symbolic link
//! out of the site is an error (see [`super::links`]), another link, a named pipe, a socket or a
//! device a warning, a folder that cannot be read an error, a name that is not UTF-8 an error;
//! editors' leftovers pass unsaid. What each folder's files may be called is its caller's rule.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::links::{self, SiteRoot};
use super::relative;
use crate::diagnostics::Diagnostic;

/// A file found by [`files`].
#[derive(Debug)]
pub(crate) struct Found {
    /// Where it is on disk.
    pub(crate) path: PathBuf,
    /// Its path below the walked folder, with `/` between its parts.
    pub(crate) rel: String,
}

/// How [`files`] walks a folder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk {
    /// The code of the error for an entry that cannot be read (`content-read`, `static-read`).
    pub(crate) read_error: &'static str,
    /// Whether names starting with `.` below the folder are walked (`static/.well-known/`
    /// is published; `content/.drafts/` is not content).
    pub(crate) hidden: bool,
}

/// The regular files under `dir` (a folder of the site at `root`) in name order, and what was
/// said of the entries left out.
pub(crate) fn files(root: &Path, dir: &Path, walk: Walk) -> (Vec<Found>, Vec<Diagnostic>) {
    let site = SiteRoot::new(root);
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let mut walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| walk.hidden || entry.depth() == 0 || !is_hidden(entry.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if links::is_dangling(&error) => continue,
            Err(error) => {
                let path = relative(root, error.path().unwrap_or(dir));
                diagnostics.push(Diagnostic::error(
                    walk.read_error,
                    path,
                    format!("cannot read it: {error}"),
                ));
                continue;
            }
        };
        if let Some((problem, skip_folder)) = screen(&site, root, &entry) {
            diagnostics.push(problem);
            if skip_folder {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() || is_editor_leftover(entry.file_name()) {
            continue;
        }
        match super::rel_path(entry.path(), dir) {
            Some(rel) => found.push(Found {
                path: entry.into_path(),
                rel,
            }),
            None => diagnostics.push(
                Diagnostic::error(
                    "file-name",
                    relative(root, entry.path()),
                    "the file name is not valid UTF-8",
                )
                .with_help("rename the file using UTF-8 characters"),
            ),
        }
    }
    (found, diagnostics)
}

/// What the walk says of `entry` before reading it: a symbolic link out of the site is an error
/// (and a folder of it is not walked: `true`), another link, a pipe, a socket or a device a
/// warning; editors' leftovers pass unsaid.
fn screen(site: &SiteRoot, root: &Path, entry: &walkdir::DirEntry) -> Option<(Diagnostic, bool)> {
    if let Some(problem) = site.outside(entry) {
        return Some((problem, entry.file_type().is_dir()));
    }
    if is_editor_leftover(entry.file_name()) {
        return None;
    }
    not_a_file_warning(root, entry).map(|warning| (warning, false))
}

/// The warning for an entry among the site's files that is neither a file nor a folder, and is
/// left out: a symbolic link, which a build does not follow (a link could bring files from
/// anywhere on the machine into the site, or lead back into its own folder without end), or a
/// named pipe, socket or device, which has no content to publish and could block a build that
/// read it. `None` for files and folders.
fn not_a_file_warning(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    let kind = entry.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    if kind.is_symlink() {
        return Some(symlink_warning(root, entry.path()));
    }
    Some(
        Diagnostic::warning(
            "not-a-file",
            relative(root, entry.path()),
            "this is not a file but a named pipe, a socket or a device, which a build leaves out",
        )
        .with_help("put a file here, or remove it"),
    )
}

/// The warning for a symbolic link, naming it, and saying when it loops or leads nowhere.
fn symlink_warning(root: &Path, link: &Path) -> Diagnostic {
    let shown = relative(root, link);
    let message = match std::fs::metadata(link) {
        Ok(_) => {
            let target = std::fs::read_link(link).unwrap_or_default();
            format!(
                "this is a symbolic link (to {}), which a build does not follow: what it points to is not part of the site",
                target.display()
            )
        }
        Err(error) => format!(
            "this is a symbolic link that leads nowhere ({error}): it loops, or what it points to is missing; a build does not follow it"
        ),
    };
    Diagnostic::warning("symlink", shown, message)
        .with_help("put the file or folder itself here instead of a link to it, or remove the link")
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Backup and swap files editors leave beside the ones they save.
pub(crate) fn is_editor_leftover(name: &OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.ends_with('~') || n.ends_with(".swp") || n.starts_with(".#"))
}
