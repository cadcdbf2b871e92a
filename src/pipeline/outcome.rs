//! What a run is asked to do, and what it gives back: [`BuildOptions`] in, [`Generated`] or a
//! [`BuildError`] out.

use std::path::PathBuf;
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::output::{self, Output};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder (holding `site.yaml`).
    pub root: PathBuf,
    /// Where to write the site; `output/` under the root by default.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include draft pages.
    pub drafts: bool,
    /// Replace an output folder that Soteria did not make.
    pub force: bool,
}

impl BuildOptions {
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// A site generated: its files, and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    /// The site's files, whole or as changes to the last build's.
    pub files: SiteFiles,
    /// The warnings (errors make generation fail instead).
    pub warnings: Vec<Diagnostic>,
    /// How many pages there are per language.
    pub pages_per_language: Vec<(String, usize)>,
    /// How long each phase took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// The files a build gives back: none (they are written), all, or what changed.
#[derive(Debug)]
pub enum SiteFiles {
    /// None: [`crate::build`] wrote every file into the output folder as it was made.
    Written,
    /// Every file of the site.
    Whole(Vec<Output>),
    /// What changed since the last build, whose files the caller holds (`soteria serve` after
    /// an edit of page bodies): the files made again, and the paths of the last build's files
    /// that are gone; every other file is as the last build made it.
    Changes {
        /// The files made again.
        changed: Vec<Output>,
        /// The paths of the last build's files that this one no longer has.
        removed: Vec<String>,
    },
}

impl SiteFiles {
    /// The files given back: all the site's, the changed ones, or none.
    pub fn outputs(&self) -> &[Output] {
        match self {
            SiteFiles::Written => &[],
            SiteFiles::Whole(outputs)
            | SiteFiles::Changes {
                changed: outputs, ..
            } => outputs,
        }
    }
}

impl Generated {
    /// How many pages there are, in all and per language: `248 pages (62 en, 62 sv)`.
    pub fn pages_summary(&self) -> String {
        let total: usize = self.pages_per_language.iter().map(|(_, n)| n).sum();
        let per_language: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(lang, count)| format!("{count} {lang}"))
            .collect();
        format!("{total} pages ({})", per_language.join(", "))
    }

    /// The time of each phase, a line each, as `--timings` prints them.
    pub fn timings_table(&self) -> String {
        self.timings
            .iter()
            .map(|(phase, duration)| {
                format!("  {phase:<8} {:>8.1} ms\n", duration.as_secs_f64() * 1000.0)
            })
            .collect()
    }
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The command was used wrongly (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// `site.yaml` or the theme cannot be used (exit code 2).
    #[error("the site's configuration cannot be used")]
    Config(Vec<Diagnostic>),
    /// The content has errors (exit code 1). All diagnostics, warnings too, sorted.
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
    /// The output could not be written (exit code 1).
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
}

impl BuildError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Usage(_) | BuildError::Config(_) => 2,
            BuildError::Content(_) | BuildError::Write(_) => 1,
        }
    }

    /// Whether the output folder is as it was before the build: always, but when the new site
    /// could not be put in its place and the previous one is kept aside (the error says where).
    pub fn output_unchanged(&self) -> bool {
        match self {
            BuildError::Write(error) => output::output_unchanged(error),
            _ => true,
        }
    }

    /// The diagnostics to show, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            BuildError::Config(d) | BuildError::Content(d) => d,
            _ => &[],
        }
    }
}
