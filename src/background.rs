//! Work nothing waits for, done on another thread.

/// Gives `value`'s memory back on another thread: freeing a large site's structures piece by
/// piece takes a tenth of a second or more, and nothing needs to wait for it.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
