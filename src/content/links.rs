//! Symbolic links under the site's folders (`content/`, `static/`, the theme's `static/`): one
//! that leads outside the site's root is refused with an error naming it, so that a build
//! publishes only the site's own files (`static -> ~/.ssh` would publish a private key), as
//! `serve` refuses to send them. One inside is not followed either (a link to `..` would publish
//! the whole site, its output included): it gets a warning naming it (see
//! `content::walk`). Only the folders themselves may be links within the site.

use std::path::{Path, PathBuf};

use crate::content::relative;
use crate::diagnostics::Diagnostic;

/// The site's root, as given (for showing paths) and resolved (for telling inside from outside).
#[derive(Debug)]
pub(crate) struct SiteRoot {
    given: PathBuf,
    resolved: Option<PathBuf>,
}

impl SiteRoot {
    /// The root at `root`.
    pub(crate) fn new(root: &Path) -> SiteRoot {
        SiteRoot {
            given: root.to_path_buf(),
            resolved: root.canonicalize().ok(),
        }
    }

    /// The error for a walked entry that is a symbolic link (a file, or a folder whose files
    /// are then not walked) leading outside the site; `None` when it stays inside.
    pub(crate) fn outside(&self, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
        if !entry.path_is_symlink() {
            return None;
        }
        let path = entry.path();
        let inside = match (&self.resolved, path.canonicalize()) {
            (Some(root), Ok(target)) => target.starts_with(root),
            // It loops or leads nowhere: warned about as such, not followed.
            (_, Err(_)) => true,
            (None, Ok(_)) => false,
        };
        if inside {
            return None;
        }
        let target = std::fs::read_link(path).unwrap_or_default();
        let what = if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            "folder"
        } else {
            "file"
        };
        Some(
            Diagnostic::error(
                "symlink-outside",
                relative(&self.given, path),
                format!(
                    "this {what} is a symbolic link to {}, outside the site's folder; a build publishes only the site's own files",
                    crate::paths::shown(&target.to_string_lossy())
                ),
            )
            .with_help("copy what should be published into the site (a link may point to a file or folder inside the site's folder)"),
        )
    }
}

/// Whether a walk error is a symbolic link to nothing: skipped, as before links were followed
/// (editors leave such links as lock files, `.#page.md`).
pub(crate) fn is_dangling(error: &walkdir::Error) -> bool {
    error.path().is_some_and(|path| {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(path).is_err()
    })
}
