//! The previous output after a swap: put aside, and written over or removed by the next build
//! off its path.
//!
//! Removing an output (tens of thousands of files on a large site) is a good part of a build's
//! system time on a disk, and nothing the editor waits for needs it done. So a build renames the
//! output it replaced to `.NAME.soteria-old-PID-TIME` and leaves it there. The next build, under
//! the output's lock, takes the newest such folder as its staging folder and writes over it
//! ([`super::reuse`]), and removes every other one on a thread of its own while it renders,
//! waiting for that thread only at its end (or when a write finds the disk full, as the room
//! those folders take may be what the write needs). At most one old output is kept between
//! builds, and none outlives the next build but as the next output's files.
//!
//! Why the next build, not the build that put the folder aside: a command-line process that
//! exits ends its threads, so a removal started after the swap would be cut short by every
//! build. A detached process could finish it, but it would outlive the command that started
//! it (a CI job, or a script that measures, archives or deletes the folder next, would meet it
//! still at work, its system time counted nowhere), and a program using the library cannot
//! start one (`current_exe` is that program). The price is room: between builds the disk holds
//! the previous output beside the current one.
//!
//! A folder put aside is never taken for the site: it is never put back in the output's place
//! (an output that went missing is rebuilt, never replaced by an older one), `serve` serves from
//! memory, and a removal cut short (the build killed) keeps the folder's marker to the last, so
//! the next build still knows it for Soteria's and finishes it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

use super::{Place, MARKER_FILE};

/// The kind of the folders put aside, in their names (`.NAME.soteria-old-PID-TIME`). The same
/// name without numbers is the fallback swap's, which may hold the only copy of a site.
pub(crate) const PUT_ASIDE: &str = "old";

/// Renames `old`, an output just replaced, to a name of its own beside the output
/// (`.NAME.soteria-old-PID-TIME`), where the next build removes it. Returns the new name.
pub(crate) fn put_aside(place: &Place, old: &Path) -> io::Result<PathBuf> {
    let aside = place.numbered(PUT_ASIDE);
    fs::rename(old, &aside)?;
    Ok(aside)
}

/// The removal of the old outputs that earlier builds put aside, on a thread of its own.
/// Dropped, it waits for the thread: a process that ended would cut the removal short.
#[derive(Debug)]
pub(crate) struct Removal {
    work: Mutex<Work>,
}

#[derive(Debug)]
enum Work {
    /// Nothing to remove, or what the editor should be told of it already taken.
    None,
    /// The thread removing them, which returns what the editor should be told (after what an
    /// earlier removal told).
    Running(JoinHandle<Vec<String>>, Vec<String>),
    /// Removed without a thread (none could be started): what the editor should be told.
    Done(Vec<String>),
}

impl Work {
    /// The removal of `folders`, started on a thread of its own; `told`, what the editor should
    /// be told of an earlier one.
    fn of(folders: Vec<PathBuf>, told: Vec<String>) -> Work {
        if folders.is_empty() {
            return if told.is_empty() {
                Work::None
            } else {
                Work::Done(told)
            };
        }
        let folders = std::sync::Arc::new(folders);
        let on_thread = std::sync::Arc::clone(&folders);
        match std::thread::Builder::new()
            .name("old-output".to_string())
            .spawn(move || remove_all(&on_thread))
        {
            Ok(thread) => Work::Running(thread, told),
            // No thread to be had: the removal is done here, before the build, as it was.
            Err(_) => Work::Done([told, remove_all(&folders)].concat()),
        }
    }
}

impl Removal {
    /// Starts removing `folders`, put aside beside an output ([`put_aside_folders`]); call it
    /// holding the output's [`super::OutputLock`], so that no other build is using them.
    pub(crate) fn start(folders: Vec<PathBuf>) -> Removal {
        Removal {
            work: Mutex::new(Work::of(folders, Vec::new())),
        }
    }

    /// Removes `folder` too, after the folders being removed (a staging folder given up: see
    /// [`super::reuse`]).
    pub(crate) fn add(&self, folder: PathBuf) {
        self.wait();
        let mut work = self.work.lock().unwrap_or_else(|e| e.into_inner());
        let told = match std::mem::replace(&mut *work, Work::None) {
            Work::Done(notes) => notes,
            Work::None | Work::Running(..) => Vec::new(),
        };
        *work = Work::of(vec![folder], told);
    }

    /// Waits for the removal to end (callers at once wait together); whether there was
    /// anything to remove.
    pub(crate) fn wait(&self) -> bool {
        let mut work = self.work.lock().unwrap_or_else(|e| e.into_inner());
        if let Work::Running(..) = &*work {
            if let Work::Running(thread, told) = std::mem::replace(&mut *work, Work::None) {
                let notes = thread.join().unwrap_or_else(|_| {
                    vec!["the removal of a previous output stopped half-way; the next build finishes it".to_string()]
                });
                *work = Work::Done([told, notes].concat());
            }
        }
        matches!(*work, Work::Done(_))
    }

    /// Waits for the removal to end; returns what the editor should be told of it, the first
    /// time.
    pub(crate) fn finish(&self) -> Vec<String> {
        self.wait();
        let mut work = self.work.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *work, Work::None) {
            Work::Done(notes) => notes,
            Work::None | Work::Running(..) => Vec::new(),
        }
    }
}

impl Drop for Removal {
    fn drop(&mut self) {
        self.wait();
    }
}

/// The folders (not links) beside the output that earlier builds put aside, sorted by name.
pub(crate) fn put_aside_folders(place: &Place) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(&place.parent) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            place.is_numbered_name(&entry.file_name().to_string_lossy(), PUT_ASIDE)
                && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders
}

/// Removes each of `folders` that Soteria wrote (marked, or emptied by a removal cut short);
/// returns what the editor should be told of the others and of removals that failed.
fn remove_all(folders: &[PathBuf]) -> Vec<String> {
    let mut notes = Vec::new();
    for folder in folders {
        let ours = folder.join(MARKER_FILE).is_file()
            || fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none());
        if !ours {
            notes.push(format!(
                "{} is named as a previous output of Soteria but was not written by it, and is kept; remove it if you do not need it",
                folder.display()
            ));
        } else if let Err(error) = remove_ours(folder) {
            notes.push(format!(
                "the previous output in {} could not be removed ({error}); the next build tries again",
                folder.display()
            ));
        }
    }
    notes
}

/// Removes a folder Soteria wrote, its [`MARKER_FILE`] last: a removal cut short (a killed
/// build) leaves a folder that is still known for Soteria's, or an empty one, and the next
/// build removes either. [`super::tree::remove_tree`] removes in no set order, and could leave a
/// half-removed folder without its marker, which no build would then touch.
pub(crate) fn remove_ours(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER_FILE {
            continue;
        }
        super::tree::remove_tree(&entry.path())?;
    }
    super::tree::gone(fs::remove_file(dir.join(MARKER_FILE)))?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path) {
        fs::create_dir_all(dir.join("guidance")).unwrap();
        fs::write(dir.join(MARKER_FILE), "").unwrap();
        fs::write(dir.join("guidance/index.html"), "old").unwrap();
    }

    #[test]
    fn a_removal_keeps_the_marker_to_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("a/b")).unwrap();
        fs::write(site.join(MARKER_FILE), "").unwrap();
        fs::write(site.join("a/b/index.html"), "x").unwrap();
        fs::write(site.join("index.html"), "x").unwrap();
        remove_ours(&site).unwrap();
        assert!(!site.exists());
        // A folder replaced with --force has no marker to remove.
        fs::create_dir_all(site.join("a")).unwrap();
        remove_ours(&site).unwrap();
        assert!(!site.exists());
    }

    /// Marked and emptied folders put aside go; a folder of that name Soteria did not write,
    /// the fallback swap's `.NAME.soteria-old` and a link stay.
    #[test]
    fn only_soterias_folders_put_aside_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::of(&dir.path().join("output")).unwrap();
        let aside = place.beside("old-1-100");
        site(&aside);
        let emptied = place.beside("old-2-200");
        fs::create_dir(&emptied).unwrap();
        let foreign = place.beside("old-3-300");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let fallback = place.beside("old");
        site(&fallback);
        let removal = Removal::start(put_aside_folders(&place));
        assert!(removal.wait(), "something to remove");
        let notes = removal.finish();
        assert_eq!(removal.finish(), Vec::<String>::new(), "told once");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("old-3-300 is named as a previous output"));
        assert!(!aside.exists() && !emptied.exists());
        assert!(foreign.join("notes.txt").is_file() && fallback.is_dir());
        let again = Removal::start(put_aside_folders(&place)).finish();
        assert_eq!(again.len(), 1, "{again:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_as_put_aside_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::of(&dir.path().join("output")).unwrap();
        let elsewhere = dir.path().join("elsewhere");
        site(&elsewhere);
        std::os::unix::fs::symlink(&elsewhere, place.beside("old-1-100")).unwrap();
        assert!(!Removal::start(put_aside_folders(&place)).wait());
        assert!(elsewhere.join("guidance/index.html").is_file());
    }

    #[test]
    fn a_folder_put_aside_gets_a_name_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::of(&dir.path().join("output")).unwrap();
        let old = dir.path().join("old");
        site(&old);
        let aside = put_aside(&place, &old).unwrap();
        let name = aside.file_name().unwrap().to_string_lossy().into_owned();
        assert!(place.is_numbered_name(&name, PUT_ASIDE), "{name}");
        assert!(!place.is_staging_name(&name), "{name}");
    }

    /// A write that finds the disk full waits for the removal and tries once more; with
    /// nothing being removed, it is not tried again.
    #[test]
    fn a_write_that_finds_the_disk_full_waits_for_the_removal() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let place = Place::of(&output).unwrap();
        // The newest is written over by the build (`reuse`), the other removed.
        let aside = place.beside("old-1-100");
        site(&aside);
        site(&place.beside("old-2-200"));
        let staging = super::super::Staging::new(&output).unwrap();
        let tries = AtomicUsize::new(0);
        let write = || {
            if tries.fetch_add(1, Ordering::SeqCst) == 0 {
                Err(io::Error::from(io::ErrorKind::StorageFull))
            } else {
                assert!(!aside.exists(), "tried again once the removal ended");
                Ok(())
            }
        };
        staging.with_room(write).unwrap();
        assert_eq!(tries.load(Ordering::SeqCst), 2);

        let staging = super::super::Staging::new(&output).unwrap();
        let tries = AtomicUsize::new(0);
        let full = || {
            tries.fetch_add(1, Ordering::SeqCst);
            Err(io::Error::from(io::ErrorKind::StorageFull))
        };
        assert!(staging.with_room(full).is_err());
        assert_eq!(tries.load(Ordering::SeqCst), 1);
    }
}
