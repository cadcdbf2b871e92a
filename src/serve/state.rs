//! The site `serve` sends: the files of the last good build, its number, the overlay's status
//! and the open pages' event streams, shared between the builder and the HTTP handler.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};

use crate::output::{Output, OutputContent};
use crate::SiteFiles;

use super::overlay::ok_status;

/// A file `serve` can send.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Generated in memory.
    Bytes(Arc<Vec<u8>>),
    /// A file of the site, read when asked for.
    Copy(PathBuf),
}

/// What the server sends: the last good site, and what is wrong with the latest build.
#[derive(Debug)]
pub(crate) struct State {
    /// The site's root, resolved, to refuse files (symlinks) that lie outside it.
    pub(crate) root: PathBuf,
    /// The site being served, with its number: both under one lock, so that a page is never
    /// sent with the number of a newer site than the one it comes from (it would then never
    /// reload).
    pub(crate) site: RwLock<Served>,
    /// The JSON the overlay shows; `{"ok":true}` when the latest build succeeded.
    pub(crate) status: RwLock<Arc<String>>,
    /// The open pages' event streams.
    pub(crate) listeners: Mutex<Vec<mpsc::Sender<&'static str>>>,
}

impl State {
    /// Nothing served yet (build number 0), for the site at `root`.
    pub(crate) fn new(root: &Path) -> Self {
        State {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            site: RwLock::new(Served::default()),
            status: RwLock::new(Arc::new(ok_status(0))),
            listeners: Mutex::new(Vec::new()),
        }
    }

    /// The site being served (a panic elsewhere does not stop serving it).
    pub(crate) fn served(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `event` to every open page, forgetting the pages that have gone.
    pub(crate) fn broadcast(&self, event: &'static str) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|listener| listener.send(event).is_ok());
        }
    }

    /// Serves `files`: all the site's, or the changes to those served. A new site gets the next
    /// number. Returns the number served.
    pub(crate) fn put(&self, files: SiteFiles, new: bool) -> u64 {
        let (outputs, removed, whole) = match files {
            SiteFiles::Whole(outputs) => (outputs, Vec::new(), true),
            SiteFiles::Changes { changed, removed } => (changed, removed, false),
            // `serve` builds into memory: never written out.
            SiteFiles::Written => (Vec::new(), Vec::new(), false),
        };
        let mut files: HashMap<String, Body> = outputs.into_iter().map(body_of).collect();
        let mut site = self
            .site
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if whole {
            std::mem::swap(&mut site.files, &mut files);
        } else {
            for path in &removed {
                site.files.remove(path);
            }
            site.files.extend(files);
        }
        if new {
            site.build += 1;
        }
        site.build
        // The old files are let go after the lock.
    }
}

/// The files of the last good site, and how many builds have succeeded: its number. Pages carry
/// the number, so that a page that missed a reload event (its connection dropped) still notices.
#[derive(Debug, Default)]
pub(crate) struct Served {
    pub(crate) files: HashMap<String, Body>,
    pub(crate) build: u64,
}

fn body_of(output: Output) -> (String, Body) {
    let body = match output.content {
        OutputContent::Bytes(bytes) => Body::Bytes(Arc::new(bytes)),
        OutputContent::Builtin(_, bytes) => Body::Bytes(Arc::new(bytes.to_vec())),
        OutputContent::Copy(path) => Body::Copy(path),
    };
    (output.path, body)
}
