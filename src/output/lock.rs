//! One build at a time per output folder: an advisory lock on `.NAME.soteria-lock` beside it,
//! held from before the folder is looked at until the new one is in place.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

use super::fault::Unwritable;
use super::Place;

/// The lock on an output folder, released when dropped (or when the process ends, however it
/// ends: the system releases it with the file).
#[derive(Debug)]
pub(crate) struct OutputLock {
    /// Held open for the lock; the file stays (removing it would let a build waiting on the old
    /// file and one opening a new one both go ahead).
    _file: Option<File>,
}

impl OutputLock {
    /// Takes the lock on `output`, first calling `waiting` if another build holds it (then
    /// waits for it). Where the file system has no locks, goes on without one.
    pub(crate) fn acquire(output: &Path, waiting: impl FnOnce(&Path)) -> io::Result<OutputLock> {
        let place = Place::of(output)?;
        let path = place.beside("lock");
        fs::create_dir_all(&place.parent).map_err(|error| with_path(error, &path))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|error| with_path(error, &path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting(&path);
                file.lock().map_err(|error| with_path(error, &path))?;
            }
            Err(TryLockError::Error(error)) if error.kind() == io::ErrorKind::Unsupported => {
                return Ok(OutputLock { _file: None });
            }
            Err(TryLockError::Error(error)) => return Err(with_path(error, &path)),
        }
        Ok(OutputLock { _file: Some(file) })
    }
}

/// The error of the lock file at `path`, told as what could not be written where.
fn with_path(error: io::Error, path: &Path) -> io::Error {
    let folder = path.parent().unwrap_or(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Unwritable::of(folder, format!("the lock file {name}"), error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let first = OutputLock::acquire(&output, |_| panic!("nobody holds it")).unwrap();
        assert!(dir.path().join(".output.soteria-lock").is_file());
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let second = OutputLock::acquire(&output, |_| sender.send("waiting").unwrap());
            second.map(drop)
        });
        assert_eq!(
            receiver.recv_timeout(std::time::Duration::from_secs(10)),
            Ok("waiting")
        );
        drop(first);
        assert!(waiter.join().unwrap().is_ok());
    }
}
