//! The old output the last build put aside, taken as the next build's staging folder: its files
//! are written over in place and only what the new site no longer has is removed, so a rebuild
//! frees and allocates almost no files.
//!
//! Why: on a disk, removing tens of thousands of files and making as many new ones is a good part
//! of a build's system time, and on ext4 without a journal (many CI runners' disks) every new
//! file costs more while files removed in the last minute are many. Writing over a file keeps it.
//!
//! What a build writes must be what a fresh build would write, whatever was done to the folder
//! put aside between builds. So before anything is written, its entries are read (never through a
//! link), and each one that a fresh build's could not be is removed, not written over:
//! - a link, or anything that is neither a file nor a folder: a link planted there would carry a
//!   write out of the output;
//! - a file with other links to it (a deploy snapshot made with hard links), which a write would
//!   change;
//! - a file or folder whose owner, group or mode differs from a new one's (a file made read-only,
//!   or made by another user), which would keep them.
//!
//! Then a file is written where a folder was (or a folder made where a file was) only after the
//! one in the way is removed, and at the end what the new site did not write is removed. If the
//! entries cannot be read or removed, the folder is given up: put aside again and removed, and
//! the build goes on in a new one.
//!
//! Not reused: on a file system that takes `Guide` for `guide`, or two spellings of `é` for one
//! (macOS's by default), where a file of the old output could stand for a new one of another
//! name; and on systems other than Unix, where owners, modes and links are not read. There every
//! build starts empty, as before.
//!
//! The price: the files of the output two builds ago change. A program that still has one open
//! (a server started inside the output folder, whose folder is then the one put aside) reads the
//! new build's bytes, or a mix, where it read the old ones until the next build removed them.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::tree::{gone, remove_tree};
use super::{is_ours, MARKER_FILE};

/// What a folder taken for reuse held and the build has not yet written over: its paths, with
/// `/` separators, relative to the folder.
pub(crate) type Entries = HashMap<String, Kind>;

/// What an entry of a folder taken for reuse is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    File,
    Folder,
}

/// The entries of the staging folder that the build has not written over yet.
#[derive(Debug)]
pub(crate) enum Left {
    /// A new, empty folder: nothing to write over.
    Nothing,
    /// A folder taken for reuse, whose entries are being read on a thread of their own.
    Reading(JoinHandle<io::Result<Entries>>),
    /// A folder taken for reuse, its entries read.
    Known(Entries),
}

/// What a new file and a new folder in the staging folder are like (owner, group, mode).
#[derive(Clone)]
struct New {
    file: Facts,
    folder: Facts,
}

/// Takes the newest folder of `aside` (old outputs put aside) that can be reused as the staging
/// folder `fresh` (a new, empty folder just made): it must be Soteria's and have the owner, group
/// and mode of the new one. Its marker is removed (a staging folder is marked only once complete),
/// it is moved to `fresh`'s name, and its entries are read on a thread of their own. The folder
/// taken leaves `aside`. With none, or when anything fails on the way, `fresh` is a new, empty
/// folder, and the folders of `aside` are as they were (but for a marker removed in a step cut
/// short: the folder is then kept and named by the next build, never taken for a site).
pub(crate) fn take(aside: &mut Vec<PathBuf>, fresh: &Path) -> io::Result<Left> {
    // The probes only when there is a folder to take (not on a first build).
    if !aside.iter().any(|folder| is_ours(folder)) {
        return Ok(Left::Nothing);
    }
    let Some(new) = probe(fresh) else {
        return Ok(Left::Nothing);
    };
    let newest = aside
        .iter()
        .enumerate()
        .filter(|(_, folder)| is_ours(folder) && facts(folder).is_ok_and(|f| f.like(&new.folder)))
        .max_by_key(|(_, folder)| super::swap::started(&super::swap::name_of(folder)));
    let Some((at, _)) = newest else {
        return Ok(Left::Nothing);
    };
    let folder = aside[at].clone();
    if fs::remove_file(folder.join(MARKER_FILE)).is_err() {
        return Ok(Left::Nothing);
    }
    if fs::remove_dir(fresh).is_err() {
        let _ = super::mark(&folder);
        return Ok(Left::Nothing);
    }
    if fs::rename(&folder, fresh).is_err() {
        let _ = super::mark(&folder);
        fs::create_dir(fresh)?;
        return Ok(Left::Nothing);
    }
    aside.remove(at);
    // What was checked before the move must hold after it: a link put in the folder's place
    // meanwhile is not written through.
    if !facts(fresh).is_ok_and(|f| f.like(&new.folder)) {
        fs::remove_file(fresh)?;
        fs::create_dir(fresh)?;
        return Ok(Left::Nothing);
    }
    let (dir, like_new) = (fresh.to_path_buf(), new.clone());
    match std::thread::Builder::new()
        .name("reused-output".to_string())
        .spawn(move || read(&dir, &like_new))
    {
        Ok(thread) => Ok(Left::Reading(thread)),
        Err(_) => Ok(Left::Known(read(fresh, &new)?)),
    }
}

impl Left {
    /// Waits for the entries to be read. On an error, what was left of the folder is unknown: the
    /// caller gives it up (see [`super::Staging`]), and nothing is left to write over.
    pub(crate) fn settle(&mut self) -> io::Result<()> {
        if let Left::Reading(_) = self {
            if let Left::Reading(thread) = std::mem::replace(self, Left::Nothing) {
                let entries = thread.join().unwrap_or_else(|_| {
                    Err(io::Error::other("reading the old output stopped half-way"))
                })?;
                *self = Left::Known(entries);
            }
        }
        Ok(())
    }

    /// Whether the staging folder is an old output taken for reuse.
    pub(crate) fn reused(&self) -> bool {
        !matches!(self, Left::Nothing)
    }

    /// Makes way in `dir` for the folder `folder` and the folders it is in: a file of one of
    /// those paths is removed; a folder is kept. Call it after [`Left::settle`].
    pub(crate) fn make_way_for_folder(&mut self, dir: &Path, folder: &str) -> io::Result<()> {
        let Left::Known(entries) = self else {
            return Ok(());
        };
        // The folder's path up to each `/`, and whole.
        let ends = folder.match_indices('/').map(|(at, _)| at);
        for outer in ends
            .chain([folder.len()])
            .filter_map(|end| folder.get(..end))
        {
            if entries.remove(outer) == Some(Kind::File) {
                gone(fs::remove_file(dir.join(outer)))?;
            }
        }
        Ok(())
    }

    /// Makes way in `dir` for the file `path`: a folder of that path is removed; a file of that
    /// path is kept, to be written over. Call it after [`Left::settle`].
    pub(crate) fn make_way_for_file(&mut self, dir: &Path, path: &str) -> io::Result<()> {
        let Left::Known(entries) = self else {
            return Ok(());
        };
        if entries.remove(path) == Some(Kind::Folder) {
            gone(remove_tree(&dir.join(path)))?;
        }
        Ok(())
    }

    /// Removes from `dir` what the build did not write over: the files and folders of the old
    /// output that the new site does not have. A folder left goes whole, with what is in it.
    pub(crate) fn sweep(&mut self, dir: &Path) -> io::Result<()> {
        let Left::Known(entries) = self else {
            return Ok(());
        };
        let in_left_folder = |path: &str| {
            path.rsplit_once('/')
                .is_some_and(|(folder, _)| entries.get(folder) == Some(&Kind::Folder))
        };
        for (path, kind) in entries.iter() {
            if in_left_folder(path) {
                continue;
            }
            let path = dir.join(path);
            gone(match kind {
                Kind::File => fs::remove_file(path),
                Kind::Folder => remove_tree(&path),
            })?;
        }
        entries.clear();
        Ok(())
    }
}

/// Learns from probes made in `fresh` (and removed) what a new file and folder there are like;
/// `None` where nothing is reused: on a file system that takes one name for another (case, or
/// Unicode normalisation), on a system other than Unix, or when a probe fails.
fn probe(fresh: &Path) -> Option<New> {
    if !cfg!(unix) {
        return None;
    }
    // `é` as one code point, and as `e` and a combining accent.
    let (file, folder) = (".soteria-probe-\u{e9}", ".soteria-probe-folder");
    let (file, folder) = (fresh.join(file), fresh.join(folder));
    let learnt = (|| {
        fs::write(&file, "")?;
        fs::create_dir(&folder)?;
        let new = New {
            file: facts(&file)?,
            folder: facts(&folder)?,
        };
        let folds = fs::symlink_metadata(fresh.join(".SOTERIA-PROBE-FOLDER")).is_ok()
            || fs::symlink_metadata(fresh.join(".soteria-probe-e\u{301}")).is_ok();
        io::Result::Ok((!folds).then_some(new))
    })();
    let _ = fs::remove_file(&file);
    let _ = fs::remove_dir(&folder);
    learnt.ok().flatten()
}

/// Reads the entries of `dir`, never following a link, and removes those a new file or folder
/// could not be (see the module's text); returns the others.
fn read(dir: &Path, new: &New) -> io::Result<Entries> {
    let mut entries = Entries::new();
    let mut unlike_folders = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .follow_root_links(false)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(dir).ok().and_then(Path::to_str);
        let facts = facts(entry.path())?;
        let is_dir = entry.file_type().is_dir();
        let kind = if is_dir {
            Some(Kind::Folder).filter(|_| facts.like(&new.folder))
        } else {
            Some(Kind::File).filter(|_| facts.like(&new.file))
        };
        match (relative, kind) {
            (Some(path), Some(kind)) => {
                entries.insert(path.replace(std::path::MAIN_SEPARATOR, "/"), kind);
            }
            // A name no output has (not UTF-8) or an entry unlike a new one: removed.
            _ if is_dir => {
                walk.skip_current_dir();
                unlike_folders.push(entry.into_path());
            }
            _ => gone(fs::remove_file(entry.path()))?,
        }
    }
    for folder in unlike_folders {
        gone(remove_tree(&folder))?;
    }
    Ok(entries)
}

/// What decides whether an entry can be written over as if new: its type and permissions
/// (`st_mode`), owner, group, links, whether it is immutable or append-only, and its extended
/// attributes (ACLs among them: a folder's default ACL gives the files made in it their mode).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Facts {
    mode: u32,
    uid: u32,
    gid: u32,
    links: u64,
    pinned: bool,
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Facts {
    /// Whether an entry with these facts is like `new` (a file or folder just made): a file with
    /// no other link, not pinned, the rest the same.
    fn like(&self, new: &Facts) -> bool {
        const FOLDER: u32 = 0o040_000;
        const TYPE: u32 = 0o170_000;
        self.mode == new.mode
            && self.uid == new.uid
            && self.gid == new.gid
            && !self.pinned
            && (self.mode & TYPE == FOLDER || self.links == 1)
            && self.attributes == new.attributes
    }
}

/// The facts of the entry at `path`, not following a link.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn facts(path: &Path) -> io::Result<Facts> {
    use rustix::fs::{statx, AtFlags, StatxAttributes, StatxFlags, CWD};
    let stat = statx(
        CWD,
        path,
        AtFlags::SYMLINK_NOFOLLOW,
        StatxFlags::TYPE | StatxFlags::MODE | StatxFlags::UID | StatxFlags::GID | StatxFlags::NLINK,
    )?;
    Ok(Facts {
        mode: u32::from(stat.stx_mode),
        uid: stat.stx_uid,
        gid: stat.stx_gid,
        links: u64::from(stat.stx_nlink),
        pinned: stat
            .stx_attributes
            .intersects(StatxAttributes::IMMUTABLE | StatxAttributes::APPEND),
        attributes: attributes(path)?,
    })
}

/// The facts of the entry at `path`, not following a link.
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn facts(path: &Path) -> io::Result<Facts> {
    use std::os::unix::fs::MetadataExt;
    let metadata = fs::symlink_metadata(path)?;
    Ok(Facts {
        mode: metadata.mode(),
        uid: metadata.uid(),
        gid: metadata.gid(),
        links: metadata.nlink(),
        pinned: false,
        attributes: attributes(path)?,
    })
}

#[cfg(not(unix))]
fn facts(_path: &Path) -> io::Result<Facts> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The extended attributes of the entry at `path` (not following a link), sorted by name; none
/// where the file system has none.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn attributes(path: &Path) -> io::Result<Vec<(Vec<u8>, Vec<u8>)>> {
    use rustix::fs::{lgetxattr, lgetxattr_query, llistxattr, llistxattr_query};
    use rustix::io::Errno;
    let length = match llistxattr_query(path) {
        Ok(length) => length,
        Err(Errno::NOTSUP) => 0,
        Err(errno) => return Err(errno.into()),
    };
    if length == 0 {
        return Ok(Vec::new());
    }
    let mut names = vec![0u8; length];
    let length = llistxattr(path, &mut names[..])?;
    let mut attributes = Vec::new();
    for name in names[..length]
        .split(|&byte| byte == 0)
        .filter(|n| !n.is_empty())
    {
        let name = std::ffi::CString::new(name).map_err(io::Error::other)?;
        let mut value = vec![0u8; lgetxattr_query(path, name.as_c_str())?];
        let length = lgetxattr(path, name.as_c_str(), &mut value[..])?;
        value.truncate(length);
        attributes.push((name.into_bytes(), value));
    }
    attributes.sort();
    Ok(attributes)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn attributes(_path: &Path) -> io::Result<Vec<(Vec<u8>, Vec<u8>)>> {
    Ok(Vec::new())
}
