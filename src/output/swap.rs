//! Putting a new output folder in the old one's place, and recovering what an interrupted build
//! left beside it. The swap is one atomic step where the system can exchange two folders
//! (`renameat2(RENAME_EXCHANGE)` on Linux, `renameatx_np(RENAME_SWAP)` on macOS); elsewhere it
//! is two renames, and a crash between them leaves the old site in `.NAME.soteria-old`, which
//! the next build puts back before anything else.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fault::{KeptAside, Unwritable};
use super::{is_ours, remove_ours, Place};

/// Exchanges the folders `new` and `output` in one step: `true` when done (`new` then holds the
/// old output), `false` when the system or file system cannot (nothing was changed).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
pub(crate) fn exchange(new: &Path, output: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, new, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel, or a file system without the exchange (some network ones).
        // (NOTSUP and OPNOTSUPP are one value on Linux, two on macOS.)
        Err(errno)
            if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&errno) =>
        {
            Ok(false)
        }
        Err(errno) => Err(io::Error::from(errno)),
    }
}

/// Exchanges the folders `new` and `output` in one step: this system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
pub(crate) fn exchange(_new: &Path, _output: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Puts `new` in `output`'s place by two renames, the old output going to `previous` (which
/// must not exist). If the second rename fails the first is undone; if that fails too, the
/// error says where the previous output is.
pub(crate) fn two_renames(new: &Path, output: &Path, previous: &Path) -> io::Result<()> {
    if fs::symlink_metadata(previous).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is in the way of the swap; look at it, and remove it if you do not need it",
                previous.display()
            ),
        ));
    }
    fs::rename(output, previous)?;
    if let Err(error) = fs::rename(new, output) {
        if fs::rename(previous, output).is_err() {
            return Err(io::Error::new(
                error.kind(),
                KeptAside {
                    kept: previous.to_path_buf(),
                    error,
                },
            ));
        }
        return Err(error);
    }
    Ok(())
}

/// Recovers what interrupted builds left beside `output`; call it holding the output's
/// [`super::OutputLock`], so that no other build is using them. The old site in
/// `.NAME.soteria-old` goes back in place when the output is missing (a crash between the two
/// renames), and is removed only when a complete output made by Soteria is in place.
///
/// A staging folder (`.NAME.soteria-new-…`) is a new site being written, or, for a moment after
/// the swap, the old output before it is put aside. Neither is the only copy of a site while
/// the output is in place: then all are removed. (Old outputs put aside,
/// `.NAME.soteria-old-PID-TIME`, are not recovered but removed off the build's path:
/// [`super::discard`].) When the output is missing, the newest complete one (marked as
/// Soteria's, which a staging folder is only once written) goes back in its place first. Returns
/// what the editor should be told.
pub(crate) fn recover(output: &Path) -> io::Result<Vec<String>> {
    let place = Place::of(output)?;
    recover_in(&place)
        .map_err(|error| Unwritable::of(&place.parent, "what an interrupted build left", error))
}

fn recover_in(place: &Place) -> io::Result<Vec<String>> {
    let output = place.output();
    let previous = place.beside("old");
    let mut notes = Vec::new();
    if fs::symlink_metadata(&previous).is_ok() {
        if fs::symlink_metadata(&output).is_err() {
            fs::rename(&previous, &output)?;
            notes.push(format!(
                "a build was interrupted while it replaced {0}: the previous output is back in {0}",
                output.display()
            ));
        } else if is_ours(&output) && (is_ours(&previous) || is_empty_folder(&previous)) {
            remove_ours(&previous)?;
        } else {
            notes.push(format!(
                "{} was left by an interrupted build and is kept, as {} is not a complete output of Soteria; look at both and remove the one you do not need",
                previous.display(),
                output.display()
            ));
        }
    }
    let Ok(entries) = fs::read_dir(&place.parent) else {
        return Ok(notes);
    };
    let mut leftovers: Vec<(u128, PathBuf)> = entries
        .flatten()
        .filter(|entry| {
            place.is_staging_name(&entry.file_name().to_string_lossy())
                && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|entry| (started(&entry.file_name().to_string_lossy()), entry.path()))
        .collect();
    leftovers.sort();
    if fs::symlink_metadata(&output).is_err() {
        if let Some(at) = leftovers.iter().rposition(|(_, path)| is_ours(path)) {
            let (_, newest) = leftovers.remove(at);
            fs::rename(&newest, &output)?;
            notes.push(format!(
                "a build was interrupted and {0} is missing: the newest complete site a build left, {1}, is back in {0}",
                output.display(),
                name_of(&newest)
            ));
        }
    }
    if leftovers.is_empty() {
        return Ok(notes);
    }
    for (_, path) in &leftovers {
        super::tree::remove_tree(path).map_err(|error| {
            io::Error::new(
                error.kind(),
                format!(
                    "cannot remove {}, left by an interrupted build: {error}",
                    path.display()
                ),
            )
        })?;
    }
    let names: Vec<String> = leftovers.iter().map(|(_, path)| name_of(path)).collect();
    notes.push(format!(
        "removed what interrupted builds left beside {}: {}",
        output.display(),
        names.join(", ")
    ));
    Ok(notes)
}

/// Whether `path` is an empty folder (not a link to one): what a removal cut short leaves once
/// it has removed the marker.
fn is_empty_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// When the build that made the staging folder `name` started (`.NAME.soteria-new-PID-TIME`;
/// 0 for the name of earlier versions, `.NAME.soteria-new`).
pub(super) fn started(name: &str) -> u128 {
    name.rsplit_once('-')
        .and_then(|(_, time)| time.parse().ok())
        .unwrap_or(0)
}

pub(super) fn name_of(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::super::{Output, Staging, MARKER_FILE};
    use super::*;

    fn site(dir: &Path, page: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(MARKER_FILE), "").unwrap();
        fs::write(dir.join("index.html"), page).unwrap();
    }

    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name != "output")
            .collect();
        names.sort();
        names
    }

    /// A commit leaves only the output it replaced beside the new one, put aside; the next
    /// commit leaves only its own.
    #[test]
    fn a_commit_replaces_the_output_and_puts_the_old_one_aside_until_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        site(&output, "old");
        let place = Place::of(&output).unwrap();
        let mut put_aside = Vec::new();
        for page in ["new", "newer"] {
            let staging = Staging::new(&output).unwrap();
            staging.write(&[Output::bytes("index.html", page)]).unwrap();
            assert_eq!(staging.commit().unwrap(), Vec::<String>::new());
            assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), page);
            let names = beside(dir.path());
            assert_eq!(names.len(), 1, "{names:?}");
            assert!(place.is_numbered_name(&names[0], "old"), "{names:?}");
            assert!(is_ours(&dir.path().join(&names[0])));
            put_aside.push(names[0].clone());
        }
        assert_ne!(put_aside[0], put_aside[1]);
        assert_eq!(
            fs::read_to_string(dir.path().join(&put_aside[1]).join("index.html")).unwrap(),
            "new"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_exchanges_the_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        site(&a, "a");
        site(&b, "b");
        assert!(exchange(&a, &b).unwrap());
        assert_eq!(fs::read_to_string(a.join("index.html")).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("index.html")).unwrap(), "a");
    }

    #[test]
    fn the_fallback_swap_undoes_its_first_rename_when_the_second_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (output, previous) = (dir.path().join("output"), dir.path().join(".old"));
        site(&output, "old");
        let missing = dir.path().join("no-such-folder");
        assert!(two_renames(&missing, &output, &previous).is_err());
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert!(!previous.exists());
    }

    #[test]
    fn a_crash_between_the_renames_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        site(&dir.path().join(".output.soteria-old"), "old");
        site(&dir.path().join(".output.soteria-new-12-34"), "half");
        let notes = recover(&output).unwrap();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[1].ends_with(": .output.soteria-new-12-34"),
            "{notes:?}"
        );
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(".output.soteria-new-12-34").exists());
    }

    #[test]
    fn a_stale_copy_goes_only_when_a_complete_output_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let previous = dir.path().join(".output.soteria-old");
        site(&previous, "old");
        site(&output, "new");
        assert!(recover(&output).unwrap().is_empty());
        assert!(!previous.exists());

        // What a removal cut short leaves once the marker is gone: an empty folder.
        fs::create_dir(&previous).unwrap();
        assert!(recover(&output).unwrap().is_empty());
        assert!(!previous.exists());

        // Not Soteria's (a file an earlier version moved aside): kept, and the editor told.
        fs::write(&previous, "my notes").unwrap();
        assert_eq!(recover(&output).unwrap().len(), 1);
        assert_eq!(fs::read_to_string(&previous).unwrap(), "my notes");
    }

    /// Half-written sites and old outputs killed half-way through their removal (their marker
    /// perhaps gone first): all go while the output is in place, and the editor is told in one
    /// line.
    #[test]
    fn every_leftover_goes_while_the_output_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        site(&output, "current");
        site(&dir.path().join(".output.soteria-new-1-100"), "complete");
        let unmarked = dir.path().join(".output.soteria-new-2-200");
        fs::create_dir_all(unmarked.join("guidance")).unwrap();
        fs::write(unmarked.join("guidance/index.html"), "half").unwrap();
        fs::create_dir(dir.path().join(".output.soteria-new-3-300")).unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let notes = recover(&output).unwrap();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("removed what interrupted builds left beside"));
        assert!(notes[0].ends_with(
            ": .output.soteria-new-1-100, .output.soteria-new-2-200, .output.soteria-new-3-300"
        ));
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["notes.txt", "output"]);
        assert_eq!(recover(&output).unwrap(), Vec::<String>::new());
    }

    /// Without an output, a leftover may be the only copy of the site: the newest complete one
    /// goes in the output's place, the unfinished ones go.
    #[test]
    fn without_an_output_the_newest_complete_leftover_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        site(&dir.path().join(".output.soteria-new-1-100"), "older");
        site(&dir.path().join(".output.soteria-new-2-200"), "newer");
        let unfinished = dir.path().join(".output.soteria-new-3-300");
        fs::create_dir(&unfinished).unwrap();
        fs::write(unfinished.join("index.html"), "half").unwrap();
        let notes = recover(&output).unwrap();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains(".output.soteria-new-2-200, is back in"),
            "{notes:?}"
        );
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "newer"
        );
        assert!(!unfinished.exists());
        assert!(!dir.path().join(".output.soteria-new-1-100").exists());

        // Nothing complete: nothing put back, the unfinished one still goes.
        fs::remove_dir_all(&output).unwrap();
        fs::create_dir(&unfinished).unwrap();
        assert_eq!(recover(&output).unwrap().len(), 1);
        assert!(!output.exists() && !unfinished.exists());
    }

    #[test]
    fn a_staging_folder_is_marked_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let staging = Staging::new(&output).unwrap();
        staging
            .write(&[Output::bytes("index.html", "new")])
            .unwrap();
        assert!(!is_ours(&staging.dir));
        staging.commit().unwrap();
        assert!(is_ours(&output));
    }

    #[test]
    fn only_this_outputs_staging_folders_are_taken_for_leftovers() {
        let place = Place::of(Path::new("/site/output")).unwrap();
        assert!(place.is_staging_name(".output.soteria-new"));
        assert!(place.is_staging_name(".output.soteria-new-4021-1767225600000000000"));
        assert!(!place.is_staging_name(".output.soteria-new-x"));
        assert!(!place.is_staging_name(".output.soteria-new-foo.soteria-new-1-2"));
        assert!(!place.is_staging_name(".outputs.soteria-new-1-2"));
        assert!(!place.is_staging_name("output"));
    }
}
