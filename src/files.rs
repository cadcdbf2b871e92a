//! Reading the site's files: only regular files, and without waiting on anything else put in
//! their place (a named pipe, a folder) while a build runs.

use std::path::Path;

/// Opens a file of the site for reading, refusing what is not a regular file (a folder, or a
/// named pipe put in its place during the build) without waiting on it: a pipe is opened without
/// blocking, and seen for what it is before it is read.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a named pipe for reading waits for a writer, unless it does not block. The
        // flag changes nothing for the regular file read after the check below.
        let nonblock = rustix::fs::OFlags::NONBLOCK.bits();
        options.custom_flags(i32::try_from(nonblock).unwrap_or(0));
    }
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a file (a folder or another kind of entry is in its place)",
        ))
    }
}

/// The bytes of a file of the site, refused if it is not a regular file any more (see
/// [`open_regular`]).
pub(crate) fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open_regular(path)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(open_regular(&pipe).is_err());
        assert!(open_regular(dir.path()).is_err());
    }
}
