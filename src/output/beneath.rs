//! Making the files and folders of the output inside the staging folder, never through a link.
//!
//! A build makes tens of thousands of files by their paths in the staging folder. Whoever can
//! write in that folder while it is written (a user of the same group, where the umask lets the
//! group write) could put a link in place of one of its folders, and a write by path would follow
//! it and change a file outside the output as the user who builds. On Linux every path is
//! therefore resolved by the kernel inside the staging folder with no link allowed on the way
//! (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`), and a folder is made in its parent
//! opened that way. Where `openat2` is missing (Linux before 5.6, a sandbox that forbids it, other
//! systems) files are opened by path with `O_NOFOLLOW`, which guards the last part of the path
//! only.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The staging folder, as files and folders are made in it.
#[derive(Debug)]
pub(crate) struct Beneath {
    dir: PathBuf,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fd: Option<std::os::fd::OwnedFd>,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod resolve {
    use rustix::fs::{openat2, Mode, OFlags, ResolveFlags};
    use std::os::fd::{AsFd, OwnedFd};

    /// Opens `path` under `dir`, with no link and no `..` out of it on the way.
    pub(super) fn open(
        dir: impl AsFd,
        path: &str,
        flags: OFlags,
        mode: u32,
    ) -> rustix::io::Result<OwnedFd> {
        openat2(
            dir,
            path,
            flags | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode),
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS,
        )
    }
}

impl Beneath {
    /// The staging folder `dir`, opened where the system can resolve paths inside it.
    pub(crate) fn open(dir: &Path) -> io::Result<Beneath> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            use rustix::fs::{openat, Mode, OFlags, CWD};
            use rustix::io::Errno;
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = openat(CWD, dir, flags, Mode::empty())?;
            // Whether this system resolves paths beneath a folder (`openat2`).
            let fd = match resolve::open(&fd, ".", OFlags::RDONLY | OFlags::DIRECTORY, 0) {
                Ok(_) => Some(fd),
                Err(Errno::NOSYS | Errno::PERM | Errno::INVAL | Errno::ACCESS) => None,
                Err(errno) => return Err(errno.into()),
            };
            Ok(Beneath {
                dir: dir.to_path_buf(),
                fd,
            })
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        Ok(Beneath {
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the file at `path` (`/` separators, inside the folder) for writing, made if it is
    /// not there, not emptied.
    pub(crate) fn file(&self, path: &str) -> io::Result<fs::File> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(fd) = &self.fd {
            use rustix::fs::OFlags;
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW;
            return Ok(fs::File::from(resolve::open(fd, path, flags, 0o666)?));
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        options.open(self.dir.join(path))
    }

    /// Makes the folder at `folder` (`/` separators, inside the folder) and the folders it is in,
    /// as `create_dir_all` does.
    pub(crate) fn folder(&self, folder: &str) -> io::Result<()> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(fd) = &self.fd {
            return make_folder(fd, folder);
        }
        fs::create_dir_all(self.dir.join(folder))
    }
}

/// Makes `folder` in the parent it names, opened beneath `root`; a parent missing is made first.
/// A link in its place is left as it is: every file is opened beneath, where none is followed.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn make_folder(root: &std::os::fd::OwnedFd, folder: &str) -> io::Result<()> {
    use rustix::fs::{mkdirat, Mode, OFlags};
    use rustix::io::Errno;
    let (parent, name) = folder.rsplit_once('/').unwrap_or((".", folder));
    let opened = match resolve::open(root, parent, OFlags::PATH | OFlags::DIRECTORY, 0) {
        Err(Errno::NOENT) if parent != "." => {
            make_folder(root, parent)?;
            resolve::open(root, parent, OFlags::PATH | OFlags::DIRECTORY, 0)
        }
        opened => opened,
    }?;
    match mkdirat(&opened, name, Mode::from_raw_mode(0o777)) {
        Ok(()) | Err(Errno::EXIST) => Ok(()),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link put in the staging folder in place of a folder is never followed: neither a file
    /// nor a folder is made through it, and what is outside is as it was.
    #[cfg(unix)]
    #[test]
    fn nothing_is_made_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join("staging");
        let outside = dir.path().join("outside");
        fs::create_dir_all(staging.join("a")).unwrap();
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("index.html"), "not the site's").unwrap();
        std::os::unix::fs::symlink(&outside, staging.join("guidance")).unwrap();
        std::os::unix::fs::symlink(outside.join("index.html"), staging.join("a/page.html"))
            .unwrap();
        let beneath = Beneath::open(&staging).unwrap();

        beneath.folder("a/b/c").unwrap();
        assert!(staging.join("a/b/c").is_dir());
        use std::io::Write;
        beneath
            .file("a/b/c/index.html")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        assert_eq!(fs::read(staging.join("a/b/c/index.html")).unwrap(), b"x");

        assert!(beneath.file("a/page.html").is_err(), "a link as the file");
        #[cfg(target_os = "linux")]
        {
            assert!(
                beneath.file("guidance/index.html").is_err(),
                "a link on the way"
            );
            assert!(beneath.folder("guidance/new").is_err());
            assert!(!outside.join("new").exists());
        }
        assert_eq!(
            fs::read_to_string(outside.join("index.html")).unwrap(),
            "not the site's"
        );
    }
}
