//! Where a build's files go as they are made: one seam for `build` (the staging folder), for
//! `serve` and `check` (memory), and for a build that has already failed (nowhere).

use std::io;
use std::sync::Mutex;

use super::{check_contained, Output, Staging};

/// Takes the files of a build as the phases make them, from several threads at once, so that
/// no phase needs to know whether the site is written to disk or held in memory.
pub(crate) trait Sink: Sync {
    /// Takes `files`, whose paths are checked to stay inside the output folder.
    fn put(&self, files: Vec<Output>) -> io::Result<()>;

    /// Whether the files stay in memory, each with the others until the build ends: then the
    /// room a file's buffer has beyond its length is worth giving back.
    fn holds_in_memory(&self) -> bool {
        false
    }
}

impl Sink for Staging {
    fn put(&self, files: Vec<Output>) -> io::Result<()> {
        self.write(&files)
    }
}

/// The files of a site held in memory: what `soteria serve` serves, what `check` checks.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    files: Mutex<Vec<Output>>,
}

impl Memory {
    /// The files put in, sorted by path (they arrive from several threads in no set order).
    pub(crate) fn into_files(self) -> Vec<Output> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, mut files: Vec<Output>) -> io::Result<()> {
        // What `serve` holds in memory gets the same last check as what `build` writes.
        check_contained(&files)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut files);
        Ok(())
    }

    fn holds_in_memory(&self) -> bool {
        true
    }
}

/// Takes files and forgets them: where a build's files go once it has an error, as it will
/// fail and nothing it made is written or served.
#[derive(Debug, Default)]
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _files: Vec<Output>) -> io::Result<()> {
        Ok(())
    }
}
