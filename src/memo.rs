//! What `soteria serve` keeps from one build to the next, by a hash of everything a value was made
//! from: rendered pages, pages' search documents.

use std::collections::HashMap;
use std::sync::Mutex;

/// Values made by the last build, by a hash of their inputs, and those the build under way has
/// used or made so far. [`Memo::rotate`] keeps only the latter for the next build, so what is
/// held follows the site as it is now. Shared by the threads of a build.
pub(crate) struct Memo<V> {
    previous: HashMap<u64, V>,
    current: Mutex<HashMap<u64, V>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            previous: HashMap::new(),
            current: Mutex::new(HashMap::new()),
        }
    }
}

impl<V> std::fmt::Debug for Memo<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("kept", &self.previous.len())
            .finish_non_exhaustive()
    }
}

impl<V: Clone> Memo<V> {
    /// The value the last build made from inputs hashing to `key`, kept for the next build too.
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        let found = self.previous.get(&key).cloned()?;
        self.keep(key, found.clone());
        Some(found)
    }

    /// Keeps a value made by this build.
    pub(crate) fn keep(&self, key: u64, value: V) {
        if let Ok(mut current) = self.current.lock() {
            current.insert(key, value);
        }
    }

    /// Keeps only what this build used, for the next one; returns how many values it made and
    /// how many it took from the last build.
    pub(crate) fn rotate(&mut self) -> (usize, usize) {
        let current = std::mem::take(self.current.get_mut().unwrap_or_else(|e| e.into_inner()));
        let reused = current
            .keys()
            .filter(|key| self.previous.contains_key(key))
            .count();
        let made = current.len() - reused;
        self.previous = current;
        (made, reused)
    }
}
