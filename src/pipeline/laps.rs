//! The time each phase of a run takes, as `--timings` prints it and progress reports name it.

use std::time::{Duration, Instant};

/// The time each phase took, told to `progress` as each ends.
pub(crate) struct Laps<'p> {
    clock: Instant,
    timings: Vec<(&'static str, Duration)>,
    progress: &'p dyn Fn(&'static str),
}

impl<'p> Laps<'p> {
    /// Starts the clock of the first phase.
    pub(crate) fn start(progress: &'p dyn Fn(&'static str)) -> Self {
        Laps {
            clock: Instant::now(),
            timings: Vec::new(),
            progress,
        }
    }

    /// Ends phase `name`.
    pub(crate) fn lap(&mut self, name: &'static str) {
        self.part(name);
        (self.progress)(name);
    }

    /// Counts the time since the last lap to `name` (a phase done in several parts).
    pub(crate) fn part(&mut self, name: &'static str) {
        let now = Instant::now();
        self.add(name, now - self.clock);
        self.clock = now;
    }

    /// Adds `duration` to phase `name`, which took it outside the laps (after the run).
    pub(crate) fn add(&mut self, name: &'static str, duration: Duration) {
        match self.timings.iter_mut().find(|(phase, _)| *phase == name) {
            Some((_, total)) => *total += duration,
            None => self.timings.push((name, duration)),
        }
    }

    /// The time of each phase, in the order they first ended.
    pub(crate) fn into_timings(self) -> Vec<(&'static str, Duration)> {
        self.timings
    }
}
