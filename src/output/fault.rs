//! Why the output could not be written, in the editor's words: the disk is full, the folder is on
//! a read-only file system or not theirs to write, or a file of the site went away during the
//! build. Each names the folder the editor gave or the site's own file, never the temporary
//! folder the build writes into first.

use std::fmt;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

/// A file of the site (a static file, an attachment) that could not be read when it was copied
/// into the output: it was moved, removed or replaced during the build.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", path.display())]
pub(crate) struct SourceUnreadable {
    /// The file, as the build found it.
    pub path: PathBuf,
    /// What reading it said.
    pub error: io::Error,
}

impl SourceUnreadable {
    /// The io error carrying it, as the writing functions return their errors.
    pub(crate) fn of(path: &Path, error: io::Error) -> io::Error {
        io::Error::new(
            error.kind(),
            SourceUnreadable {
                path: path.to_path_buf(),
                error,
            },
        )
    }

    /// The unreadable file `error` is about, if it is about one.
    pub(crate) fn find(error: &io::Error) -> Option<&SourceUnreadable> {
        error.get_ref()?.downcast_ref()
    }
}

/// Something the build had to write in `folder` (the output folder, or the folder holding it)
/// and could not.
#[derive(Debug)]
pub(crate) struct Unwritable {
    /// The folder, as the editor knows it.
    folder: PathBuf,
    /// What was being written, in words (`guidance/index.html`, `the new site`).
    what: String,
    error: io::Error,
}

impl Unwritable {
    /// The io error carrying it; an error that already says what happened (a file of the site
    /// that cannot be read, a previous output kept aside) is kept as it is.
    pub(crate) fn of(folder: &Path, what: impl Into<String>, error: io::Error) -> io::Error {
        if SourceUnreadable::find(&error).is_some() || !output_unchanged(&error) {
            return error;
        }
        io::Error::new(
            error.kind(),
            Unwritable {
                folder: folder.to_path_buf(),
                what: what.into(),
                error,
            },
        )
    }
}

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Unwritable {
            folder,
            what,
            error,
        } = self;
        let folder = folder.display();
        match error.kind() {
            ErrorKind::StorageFull => write!(
                f,
                "the disk holding {folder} is full: there is no room left for {what} ({error}); \
                 make room on it, or build into a folder on another disk with --output"
            ),
            ErrorKind::QuotaExceeded => write!(
                f,
                "your quota on the disk holding {folder} is used up: there is no room left for \
                 {what} ({error}); make room on it, or build into a folder on another disk with \
                 --output"
            ),
            ErrorKind::ReadOnlyFilesystem => write!(
                f,
                "{folder} is on a read-only file system, where {what} cannot be written \
                 ({error}); build into a writable folder with --output"
            ),
            ErrorKind::ResourceBusy => write!(
                f,
                "{what} cannot be put in place in {folder}: the output folder is busy ({error}); \
                 a mount point (a container's volume, say) cannot be replaced, so give a folder \
                 inside it with --output"
            ),
            ErrorKind::PermissionDenied => write!(
                f,
                "you may not write {what} in {folder} ({error}); give yourself write permission \
                 there, or build into another folder with --output"
            ),
            _ => write!(f, "{what} in {folder}: {error}"),
        }
    }
}

impl std::error::Error for Unwritable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The previous output could not be put back after a swap failed half-way: it is kept aside,
/// and the next build puts it back.
#[derive(Debug, thiserror::Error)]
#[error("{error}; the previous output is kept in {}, and the next build puts it back", kept.display())]
pub(crate) struct KeptAside {
    /// Where the previous output is.
    pub(crate) kept: PathBuf,
    /// Why the swap failed.
    pub(crate) error: io::Error,
}

/// Whether the output folder is as it was before the build that failed with `error`: always,
/// but when a swap failed half-way and the previous output is kept aside.
pub(crate) fn output_unchanged(error: &io::Error) -> bool {
    !error.get_ref().is_some_and(|inner| inner.is::<KeptAside>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_said_in_words_with_the_folder() {
        let error = Unwritable::of(
            Path::new("/srv/site"),
            "guidance/index.html",
            io::Error::from(ErrorKind::StorageFull),
        );
        let message = error.to_string();
        assert!(
            message.starts_with(
                "the disk holding /srv/site is full: there is no room left for guidance/index.html"
            ),
            "{message}"
        );
        assert!(output_unchanged(&error));
    }

    #[test]
    fn a_previous_output_kept_aside_is_said_and_not_called_unchanged() {
        let kept = io::Error::other(KeptAside {
            kept: PathBuf::from("/srv/.site.soteria-old"),
            error: io::Error::from(ErrorKind::PermissionDenied),
        });
        let error = Unwritable::of(Path::new("/srv"), "the new site", kept);
        assert!(!output_unchanged(&error));
        assert!(error.to_string().contains("kept in /srv/.site.soteria-old"));
    }

    #[test]
    fn an_unreadable_source_is_kept_as_it_is() {
        let error = SourceUnreadable::of(
            Path::new("content/a.pdf"),
            io::Error::from(ErrorKind::NotFound),
        );
        let error = Unwritable::of(Path::new("/srv/site"), "a.pdf", error);
        let source = SourceUnreadable::find(&error).map(|s| s.path.clone());
        assert_eq!(source, Some(PathBuf::from("content/a.pdf")));
    }
}
