//! Soteria: a static site generator for multilingual child-protection guidance.
//!
//! A build is a pipeline of phases, each a function from one value to the next:
//!
//! 1. [`config`]: `site.yaml` → [`Config`]
//! 2. [`content`] (load): `content/` → source files and assets
//! 3. `parse`: sources → parsed pages (front matter checked, Markdown rendered)
//! 4. `resolve`: parsed pages → the site (URLs, sections, links filled in)
//! 5. `render`: the site → [`Output`] files (templates, sitemap, redirects)
//! 6. [`search`]: the site → its search index, per language
//! 7. `output` (write): files → the output folder, swapped in atomically
//!
//! Every phase reports problems as [`Diagnostic`]s and goes on where it can, so one run shows
//! every error of the site. The `pipeline` module runs the phases, writing the files through one
//! sink (the staging folder of [`build`], memory for [`generate`]); the `incremental` module
//! keeps what `soteria serve` reuses from one run to the next ([`BuildCache`]). This file only
//! declares the modules and the entry points.

// Tests may slice their own strings (see `string_slice` in Cargo.toml).
#![cfg_attr(test, allow(clippy::string_slice))]

mod background;
pub mod cli;
pub mod cms;
pub mod config;
pub mod content;
pub mod diagnostics;
mod files;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod incremental;
pub mod init;
pub(crate) mod locale;
pub(crate) mod markdown;
pub(crate) mod memo;
pub(crate) mod output;
pub(crate) mod parse;
pub(crate) mod paths;
mod pipeline;
pub(crate) mod render;
pub(crate) mod resolve;
pub mod scaffold;
pub mod schema;
pub mod search;
pub(crate) mod security;
pub mod serve;
mod spelling;
pub mod status;
pub mod theme;
pub mod translate;
#[cfg(test)]
mod unicode_strategy;
mod yaml;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use incremental::BuildCache;
pub use output::{Output, OutputContent};
pub use pipeline::{BuildError, BuildOptions, Generated, SiteFiles, PHASES};
/// The translators' formats, for the integration tests (not part of the API).
#[doc(hidden)]
pub use translate::testing as translate_formats;

pub(crate) use background::drop_in_background;

/// Builds the site into its output folder. The previous output stays as it was unless the whole
/// build succeeds.
pub fn build(options: &BuildOptions) -> Result<Generated, BuildError> {
    build_with(options, &|_| {})
}

/// [`build`], telling `progress` the name of each phase as it ends.
pub fn build_with(
    options: &BuildOptions,
    progress: &dyn Fn(&'static str),
) -> Result<Generated, BuildError> {
    pipeline::build(options, progress)
}

/// Checks the site as `build` would, writing nothing.
pub fn check(options: &BuildOptions) -> Result<Generated, BuildError> {
    generate(options)
}

/// Runs every phase but the writing one: the whole site in memory, or every error found.
pub fn generate(options: &BuildOptions) -> Result<Generated, BuildError> {
    generate_with(options, None, &|_| {})
}

/// [`generate`], reusing what `cache` holds of the previous build and leaving this build's
/// results in it; `progress` is told the name of each phase as it ends.
pub fn generate_with(
    options: &BuildOptions,
    cache: Option<&mut BuildCache>,
    progress: &dyn Fn(&'static str),
) -> Result<Generated, BuildError> {
    match cache {
        Some(cache) => cache.generate(options, progress),
        None => pipeline::generate(options, progress),
    }
}
