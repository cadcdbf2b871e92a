//! Incremental rebuilds: what `soteria serve` keeps from one run of the pipeline to the next (a
//! [`BuildCache`]), and how a rebuild after an edit follows a [`RebuildPlan`] made from what
//! changed. A plan composes the phases' own steps for one item (parse one file, fill one page,
//! render one page, index one page's documents), the steps a full run maps over every item,
//! so an incremental rebuild and a full one cannot tell different stories. Nothing built is
//! changed in place: a rebuild makes the next site from the last one, sharing what did not
//! change, and keeps it only when it succeeds.

mod added;
mod bodies;
mod fronts;
mod plan;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use crate::content;
use crate::diagnostics::Diagnostic;
use crate::output::{Memory, Sink};
use crate::pipeline::{self, BuildError, BuildOptions, Generated, Laps, Setup, SiteFiles};
use crate::resolve::{PageId, Site};
use crate::status::{FileStatus, LanguageStatus};
use crate::{parse, render, search};

pub(crate) use plan::RebuildPlan;

/// What `soteria serve` keeps from one build to the next, so that a rebuild after an edit
/// redoes only what the edit affects: unchanged files are not read or parsed again, pages whose
/// templates get the same data as before are not rendered again, and unchanged pages are not
/// analysed again for search. After an edit of page bodies only, only those pages are made
/// again (see `RebuildPlan` in `src/incremental/plan.rs`).
#[derive(Debug, Default)]
pub struct BuildCache {
    setup: Option<Setup>,
    content: Option<content::Content>,
    parse: parse::ParseCache,
    render: render::RenderCache,
    search: search::SearchCache,
    /// Pages rendered and pages reused by the last build.
    last_render: (usize, usize),
    /// The content files changed since the last build, as paths relative to the root.
    changed: HashSet<PathBuf>,
    /// The last good build, which an edit of page bodies makes the next one from.
    last: Option<LastBuild>,
    /// Whether an edit of page bodies leaves the search index for
    /// [`BuildCache::finish_search`].
    defer_search: bool,
}

/// The last good build: what a rebuild after an edit of page bodies needs of it.
#[derive(Debug)]
struct LastBuild {
    site: Site,
    /// What each file counted as in the translation status, in the files' order.
    files_status: Vec<FileStatus>,
    translation_status: Vec<LanguageStatus>,
    /// Its warnings: after a successful build, only Markdown's (per file) and the setup's.
    warnings: Vec<Diagnostic>,
    pages_per_language: Vec<(String, usize)>,
    /// Its search index, per language.
    search: Vec<search::LanguageIndex>,
    /// The pages whose bodies changed since their search documents were put in the index.
    search_pending: Vec<PageId>,
    /// The languages whose index must be made again (from the documents kept), not patched:
    /// the pending edits changed what the facets file says of a page, or added pages (which
    /// moves every document after them).
    search_again: Vec<String>,
}

/// What a patch of the last good build works on (see [`BuildCache::patch_parts`]).
struct PatchParts<'c> {
    setup: &'c Setup,
    content: &'c mut content::Content,
    parse: &'c mut parse::ParseCache,
    last: &'c mut LastBuild,
    changed: &'c mut HashSet<PathBuf>,
    last_render: &'c mut (usize, usize),
    /// The cache of search documents, unless the index is left for
    /// [`BuildCache::finish_search`].
    search_now: Option<&'c search::SearchCache>,
}

impl BuildCache {
    /// The parts of the cache a patch of the last good build works on; `None` before one.
    fn patch_parts(&mut self) -> Option<PatchParts<'_>> {
        Some(PatchParts {
            setup: self.setup.as_ref()?,
            content: self.content.as_mut()?,
            parse: &mut self.parse,
            last: self.last.as_mut()?,
            changed: &mut self.changed,
            last_render: &mut self.last_render,
            search_now: (!self.defer_search).then_some(&self.search),
        })
    }
}

impl LastBuild {
    /// Leaves every language's index to be made again.
    fn search_everywhere_again(&mut self) {
        self.search_again = self.search.iter().map(|i| i.lang.clone()).collect();
    }
}

impl BuildCache {
    /// Notes content files (paths relative to the site's root) that changed since the last build.
    pub fn content_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.changed.extend(paths);
    }

    /// Forgets everything: after a change of the configuration, templates or strings.
    pub fn clear(&mut self) {
        *self = BuildCache {
            defer_search: self.defer_search,
            ..BuildCache::default()
        };
    }

    /// The interface strings and term names the last build read, if it got that far.
    pub(crate) fn locale(&self) -> Option<&crate::locale::Locale> {
        self.setup.as_ref().map(|setup| &setup.locale)
    }

    /// How many pages the last build took from the cache instead of rendering them.
    pub fn pages_reused(&self) -> usize {
        self.last_render.1
    }

    /// How many pages the last build rendered.
    pub fn pages_rendered(&self) -> usize {
        self.last_render.0
    }

    /// Lets an edit of page bodies leave the search index as it was, to be made by
    /// [`BuildCache::finish_search`]: `soteria serve` sends the pages first, and the index when
    /// no other edit waits.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    /// Whether an edit of page bodies left the search index to be made.
    pub fn search_pending(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|last| !last.search_pending.is_empty() || !last.search_again.is_empty())
    }

    /// Makes the search index an edit of page bodies left, as changes of its own to the files
    /// of the last build ([`SiteFiles::Changes`]); `None` when there is nothing to make. It
    /// asks `interrupted` now and then, and when told so stops at the end of the language it is
    /// at (the rest waits for the next call; the files are those of the languages made).
    pub fn finish_search(&mut self, interrupted: &(dyn Fn() -> bool + Sync)) -> Option<Generated> {
        let start = Instant::now();
        let (setup, last) = (self.setup.as_ref()?, self.last.as_mut()?);
        if last.search_pending.is_empty() && last.search_again.is_empty() {
            return None;
        }
        let memory = Memory::default();
        // Memory refuses only paths that leave the site, which the index never makes.
        let removed =
            index_again(setup, last, &self.search, &memory, interrupted).unwrap_or_default();
        Some(Generated {
            files: SiteFiles::Changes {
                changed: memory.into_files(),
                removed,
            },
            warnings: last.warnings.clone(),
            pages_per_language: last.pages_per_language.clone(),
            timings: vec![("search", start.elapsed())],
        })
    }

    /// Rebuilds the site into memory as the plan for what changed says, leaving this run's
    /// results in the cache (see [`crate::generate_with`]).
    pub(crate) fn generate(
        &mut self,
        options: &BuildOptions,
        progress: &dyn Fn(&'static str),
    ) -> Result<Generated, BuildError> {
        pipeline::in_memory(progress, |laps, memory| self.rebuild(options, laps, memory))
    }

    /// Rebuilds the site into `sink` (memory) as the plan for what changed says, leaving this
    /// run's results in the cache.
    fn rebuild(
        &mut self,
        options: &BuildOptions,
        laps: &mut Laps<'_>,
        sink: &dyn Sink,
    ) -> Result<Generated, BuildError> {
        let root = &options.root;
        let patched = match RebuildPlan::of(self, root, laps) {
            RebuildPlan::Bodies(edits) => bodies::rebuild(self, edits, root, laps, sink),
            RebuildPlan::Added(new) => added::rebuild(self, *new, root, laps, sink),
            RebuildPlan::Clean | RebuildPlan::Full => None,
        };
        if let Some(result) = patched {
            return result;
        }
        self.run(options, laps, sink)
    }

    /// Every phase, each reusing what the cache holds ([`RebuildPlan::Full`]; with nothing held,
    /// [`RebuildPlan::Clean`]).
    fn run(
        &mut self,
        options: &BuildOptions,
        laps: &mut Laps<'_>,
        sink: &dyn Sink,
    ) -> Result<Generated, BuildError> {
        let setup = match self.setup.take() {
            Some(setup) => setup,
            None => Setup::load(options)?,
        };
        laps.lap("config");
        let reuse = pipeline::Reuse {
            content: self.content.as_ref().map(|previous| content::Reuse {
                previous,
                changed: &self.changed,
            }),
            parse: Some(&mut self.parse),
            render: Some(&self.render),
            search: Some(&self.search),
            keep: true,
        };
        let run = pipeline::run(options, &setup, reuse, laps, sink)?;
        self.last_render = self.render.rotate();
        self.search.rotate();
        self.changed.clear();
        self.last = None;
        if let Some(made) = run.made {
            self.content = Some(content::Content {
                sources: made.sources,
                assets: made.assets,
            });
            if let Ok(generated) = &run.outcome {
                self.last = Some(LastBuild {
                    site: made.site,
                    files_status: made.files_status,
                    translation_status: made.translation_status,
                    warnings: generated.warnings.clone(),
                    pages_per_language: generated.pages_per_language.clone(),
                    search: made.search,
                    search_pending: Vec::new(),
                    search_again: Vec::new(),
                });
            }
        }
        self.setup = Some(setup);
        run.outcome
    }
}

/// The end of a patch of the last build, once the new site is the last good build.
struct Patch<'a> {
    /// The build's warnings.
    warnings: Vec<Diagnostic>,
    /// The paths of the files the site no longer has.
    removed: Vec<String>,
    /// The cache of search documents, unless the index is left for
    /// [`BuildCache::finish_search`].
    search: Option<&'a search::SearchCache>,
}

impl Patch<'_> {
    /// Keeps the warnings in `last`, makes the search index now unless it is left for later,
    /// and says what the rebuild changed.
    fn end(
        mut self,
        setup: &Setup,
        last: &mut LastBuild,
        root: &std::path::Path,
        laps: &mut Laps<'_>,
        sink: &dyn Sink,
    ) -> Result<Generated, BuildError> {
        last.warnings.clone_from(&self.warnings);
        if let Some(cache) = self.search {
            let gone = index_again(setup, last, cache, sink, &|| false)
                .map_err(|error| pipeline::write_failed(root, error))?;
            self.removed.extend(gone);
            laps.lap("search");
        }
        Ok(Generated {
            // Into the sink, which holds them.
            files: SiteFiles::Changes {
                changed: Vec::new(),
                removed: self.removed,
            },
            warnings: self.warnings,
            pages_per_language: last.pages_per_language.clone(),
            timings: Vec::new(),
        })
    }
}

/// The search index after edits of page bodies, made from the last one: the files that changed
/// go to `sink`; returns the paths of the files the index no longer has. When `interrupted`,
/// the languages not made stay pending.
fn index_again(
    setup: &Setup,
    last: &mut LastBuild,
    cache: &search::SearchCache,
    sink: &dyn Sink,
    interrupted: search::Interrupt<'_>,
) -> std::io::Result<Vec<String>> {
    last.search_pending.sort_unstable();
    last.search_pending.dedup();
    // The documents of the other pages stay in the cache for the next builds, as they are.
    let search::Updated { removed, done } = search::update_indexes(
        &last.site,
        &setup.locale,
        cache,
        &mut last.search,
        search::Pending {
            changed: &last.search_pending,
            again: &last.search_again,
        },
        sink,
        interrupted,
    )?;
    let made: Vec<&str> = last.search[..done]
        .iter()
        .map(|i| i.lang.as_str())
        .collect();
    let site = &last.site;
    last.search_pending
        .retain(|&id| !made.contains(&site.pages[id].lang.as_str()));
    last.search_again
        .retain(|lang| !made.contains(&lang.as_str()));
    Ok(removed)
}
