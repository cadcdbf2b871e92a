//! Removing a folder Soteria wrote, or one put beside the output, whatever is in it.
//!
//! `std::fs::remove_dir_all` goes down a tree by calling itself, a stack frame and an open folder
//! a level: a folder put aside holding a tree tens of thousands of folders deep (which anybody
//! who can write beside the output can plant) overflowed the stack of the thread removing it and
//! aborted every build. Here one folder is open at a time: the removal goes down into a folder
//! by its name and back up by `..`, checking that `..` is the folder it came from (a folder moved
//! meanwhile is an error, never a way out of the tree), and every name is taken relative to its
//! folder (`openat`, `unlinkat`), so neither the stack, nor the open files, nor any path grows
//! with the depth. Links are removed, never followed.

use std::io;
use std::path::Path;

/// Removes the folder `dir` with everything in it; a link or a file there is removed itself.
/// What is not there is removed already. An error names the entry it is about.
#[cfg(unix)]
pub(crate) fn remove_tree(dir: &Path) -> io::Result<()> {
    use rustix::fs::{fstat, openat, unlinkat, AtFlags, Dir, FileType, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::ffi::CString;

    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let identity = |fd: &std::os::fd::OwnedFd| fstat(fd).map(|stat| (stat.st_dev, stat.st_ino));
    let mut current = match openat(CWD, dir, flags, Mode::empty()) {
        Ok(current) => current,
        Err(Errno::NOENT) => return Ok(()),
        // A link or a file where a folder was: itself removed.
        Err(Errno::NOTDIR | Errno::LOOP) => {
            return gone(std::fs::remove_file(dir)).map_err(|error| named(dir, &error))
        }
        Err(errno) => return Err(at(dir, &[], errno)),
    };
    // The folders gone down into: each one's name, and the identity of the folder it is in.
    let mut down: Vec<(CString, (u64, u64))> = Vec::new();
    'folders: loop {
        let failed = |down: &[(CString, (u64, u64))], name: Option<&CString>, errno| {
            let names: Vec<&CString> = down.iter().map(|(name, _)| name).chain(name).collect();
            at(dir, &names, errno)
        };
        let mut entries = Dir::read_from(&current).map_err(|errno| failed(&down, None, errno))?;
        while let Some(entry) = entries.read() {
            let entry = entry.map_err(|errno| failed(&down, None, errno))?;
            let name = entry.file_name();
            if name == c"." || name == c".." {
                continue;
            }
            let name = name.to_owned();
            let inner = match entry.file_type() {
                FileType::Directory | FileType::Unknown => {
                    Some(openat(&current, name.as_c_str(), flags, Mode::empty()))
                }
                _ => None,
            };
            match inner {
                Some(Ok(inner)) => {
                    let outer = identity(&current).map_err(|errno| failed(&down, None, errno))?;
                    down.push((name, outer));
                    current = inner;
                    continue 'folders;
                }
                Some(Err(Errno::NOTDIR | Errno::LOOP)) | None => {
                    match unlinkat(&current, name.as_c_str(), AtFlags::empty()) {
                        Ok(()) | Err(Errno::NOENT) => {}
                        Err(errno) => return Err(failed(&down, Some(&name), errno)),
                    }
                }
                Some(Err(Errno::NOENT)) => {}
                Some(Err(errno)) => return Err(failed(&down, Some(&name), errno)),
            }
        }
        // `current` is empty: back up to the folder it is in, and removed from there.
        let Some((name, outer)) = down.pop() else {
            break;
        };
        let parent = openat(&current, c"..", flags, Mode::empty())
            .map_err(|errno| failed(&down, Some(&name), errno))?;
        if identity(&parent).map_err(|errno| failed(&down, Some(&name), errno))? != outer {
            return Err(failed(&down, Some(&name), Errno::XDEV));
        }
        match unlinkat(&parent, name.as_c_str(), AtFlags::REMOVEDIR) {
            Ok(()) | Err(Errno::NOENT) => {}
            Err(errno) => return Err(failed(&down, Some(&name), errno)),
        }
        current = parent;
    }
    gone(std::fs::remove_dir(dir)).map_err(|error| named(dir, &error))
}

/// Removes the folder `dir` with everything in it (see the Unix version).
#[cfg(not(unix))]
pub(crate) fn remove_tree(dir: &Path) -> io::Result<()> {
    gone(std::fs::remove_dir_all(dir))
}

/// A removal that found nothing there is done: the entry is gone, or a folder it was in has
/// become a file (so it cannot be there).
pub(crate) fn gone(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(())
        }
        result => result,
    }
}

/// The error `errno` at the entry `names` (one name a level) inside `dir`, named in its text.
#[cfg(unix)]
fn at(dir: &Path, names: &[&std::ffi::CString], errno: rustix::io::Errno) -> io::Error {
    let mut path = dir.to_path_buf();
    for name in names {
        path.push(String::from_utf8_lossy(name.to_bytes()).as_ref());
    }
    named(&path, &io::Error::from(errno))
}

/// `error`, at `path`, named in its text.
#[cfg(unix)]
fn named(path: &Path, error: &io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_tree_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir_all(tree.join("a/b/c")).unwrap();
        std::fs::write(tree.join("a/b/c/file"), "x").unwrap();
        std::fs::write(tree.join("top"), "x").unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("kept"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert!(outside.join("kept").is_file());
        remove_tree(&tree).unwrap();
    }

    /// A tree deeper than any path may be long, and than a thread's stack could go down by
    /// calls: removed, or an error, never a crash.
    #[cfg(unix)]
    #[test]
    fn a_very_deep_tree_is_no_crash() {
        use rustix::fs::{mkdirat, openat, Mode, OFlags};
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("deep");
        std::fs::create_dir(&tree).unwrap();
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let mut fd = openat(rustix::fs::CWD, &tree, flags, Mode::empty()).unwrap();
        for _ in 0..20_000 {
            mkdirat(&fd, "d", Mode::from_raw_mode(0o755)).unwrap();
            fd = openat(&fd, "d", flags, Mode::empty()).unwrap();
        }
        drop(fd);
        // On a thread with a small stack, which going down by calls would overflow.
        let removal = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || remove_tree(&tree))
            .unwrap();
        removal.join().expect("no crash").unwrap();
        assert!(!dir.path().join("deep").exists());
    }
}
