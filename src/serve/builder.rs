//! The builder of `serve`: builds the site again and again, through the library's
//! [`BuildCache`], into the shared [`State`], and tells the open pages what to do.

use std::sync::Arc;
use std::time::Instant;

use crate::diagnostics::eprint_all;
use crate::{generate_with, BuildCache, BuildOptions};

use super::overlay::{failure_json, ok_status, OverlayTexts};
use super::state::State;
use super::watch::Change;

/// Builds the site again and again into the shared [`State`].
pub(crate) struct Builder {
    timings: bool,
    options: BuildOptions,
    cache: BuildCache,
    state: Arc<State>,
    /// The overlay's text, from the interface strings of the last build that read them (a
    /// build whose configuration cannot be read shows the last good one's).
    overlay: OverlayTexts,
}

impl Builder {
    /// A builder of the site with `build_options`, serving into `state`; the search index an
    /// edit leaves is made later ([`Builder::finish_search`]).
    pub(crate) fn new(build_options: BuildOptions, timings: bool, state: &Arc<State>) -> Self {
        let mut builder = Builder {
            timings,
            options: build_options,
            cache: BuildCache::default(),
            state: Arc::clone(state),
            overlay: OverlayTexts::default(),
        };
        builder.cache.defer_search(true);
        builder
    }

    /// Whether an edit left the search index to be made.
    pub(crate) fn search_pending(&self) -> bool {
        self.cache.search_pending()
    }

    /// Makes the search index an edit left for later (pages are sent first), and serves it;
    /// stops early when `interrupted` says so (see [`BuildCache::finish_search`]).
    pub(crate) fn finish_search(&mut self, interrupted: &(dyn Fn() -> bool + Sync)) {
        let start = Instant::now();
        if let Some(index) = self.cache.finish_search(interrupted) {
            self.state.put(index.files, false);
            if self.timings {
                let ms = start.elapsed().as_millis();
                match self.cache.search_pending() {
                    true => eprintln!("search index: an edit came, left for later after {ms} ms"),
                    false => eprintln!("search index updated in {ms} ms"),
                }
            }
        }
    }

    /// Builds what `change` affects and serves it, or shows the overlay if the build failed.
    pub(crate) fn rebuild(&mut self, change: Change) {
        let start = Instant::now();
        let event = match &change {
            Change::Everything => {
                self.cache.clear();
                "reload"
            }
            Change::Content(paths) => {
                self.cache.content_changed(paths.iter().cloned());
                "reload"
            }
            Change::Static {
                stylesheets_only: true,
            } => "css",
            Change::Static { .. } => "reload",
        };
        let result = generate_with(&self.options, Some(&mut self.cache), &|_| {});
        if let Some(locale) = self.cache.locale() {
            self.overlay = OverlayTexts::of(locale);
        }
        match result {
            Ok(generated) => {
                eprint_all(&generated.warnings);
                let pages = generated.pages_summary();
                if self.timings {
                    eprint!("{}", generated.timings_table());
                }
                // A stylesheet swapped in place leaves the pages as they are: same number.
                let build = self.state.put(generated.files, event != "css");
                if let Ok(mut status) = self.state.status.write() {
                    *status = Arc::new(ok_status(build));
                }
                self.state.broadcast(event);
                eprintln!(
                    "built {pages} in {} ms: {} rendered, {} unchanged",
                    start.elapsed().as_millis(),
                    self.cache.pages_rendered(),
                    self.cache.pages_reused(),
                );
            }
            Err(error) => {
                let diagnostics = error.diagnostics();
                eprint_all(diagnostics);
                let build = self.state.served().build;
                let json = failure_json(&error, build, &self.overlay);
                if let Ok(mut status) = self.state.status.write() {
                    *status = Arc::new(json);
                }
                self.state.broadcast("failed");
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                // Before any build succeeded there is no site to fall back on: say so.
                let served = if build == 0 {
                    "no site has been built yet; it appears once they are fixed"
                } else {
                    "the last good site is still served"
                };
                eprintln!(
                    "the build failed with {} error{}; the pages show them, and {served}",
                    errors.max(1),
                    if errors == 1 { "" } else { "s" },
                );
                if diagnostics.is_empty() {
                    eprintln!("error: {error}");
                }
            }
        }
    }
}
