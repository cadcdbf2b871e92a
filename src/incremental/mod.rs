//! What `soteria serve` keeps from one run of the pipeline to the next, and how it rebuilds
//! after an edit: a [`BuildCache`].

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Output, Sink};
use crate::pipeline::{self, Attachments, BuildError, BuildOptions, Generated, Laps, Setup};
use crate::{parse, render, resolve, search, status};

/// What `soteria serve` keeps from one build to the next, so that a rebuild after an edit
/// redoes only what the edit affects: unchanged files are not read or parsed again, pages whose
/// templates get the same data as before are not rendered again, and unchanged pages are not
/// analysed again for search.
#[derive(Debug, Default)]
pub struct BuildCache {
    pub(crate) setup: Option<Setup>,
    content: Option<content::Content>,
    parse: parse::ParseCache,
    render: render::RenderCache,
    search: search::SearchCache,
    /// Pages rendered and pages reused by the last build.
    last_render: (usize, usize),
    /// The content files changed since the last build, as paths relative to the root.
    changed: HashSet<PathBuf>,
    /// What an edit of page bodies needs of the last good build to patch it.
    last: Option<LastBuild>,
    /// Whether a patch leaves the search index for [`BuildCache::finish_search`].
    defer_search: bool,
}

/// The last good build, as an edit of page bodies patches it (see [`patch`]).
#[derive(Debug)]
struct LastBuild {
    site: resolve::Site,
    translation_status: Vec<status::LanguageStatus>,
    attachments: Attachments,
    /// Its warnings: after a successful build, only Markdown's (per file) and the setup's.
    warnings: Vec<Diagnostic>,
    pages_per_language: Vec<(String, usize)>,
    /// Its search index, per language.
    search: Vec<search::LanguageIndex>,
    /// A patch was put in but its pages could not be rendered: this is no longer a good build.
    spoilt: bool,
    /// The patched pages whose search documents are not yet in the index.
    search_pending: Vec<resolve::PageId>,
}

impl BuildCache {
    /// Runs the pipeline into `sink` (memory), reusing what the cache holds and leaving this
    /// run's results in it: a patch of the last good build after an edit of page bodies, else
    /// every phase, each reusing what it can.
    pub(crate) fn rebuild(
        &mut self,
        options: &BuildOptions,
        laps: &mut Laps<'_>,
        sink: &dyn Sink,
    ) -> Result<Generated, BuildError> {
        if let Some(result) = patch(options, self, laps, sink) {
            return result;
        }
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
                    translation_status: made.translation_status,
                    attachments: made.attachments,
                    warnings: generated.warnings.clone(),
                    pages_per_language: generated.pages_per_language.clone(),
                    search: made.search,
                    spoilt: false,
                    search_pending: Vec::new(),
                });
            }
        }
        self.setup = Some(setup);
        run.outcome
    }

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

    /// How many pages the last build took from the cache instead of rendering them.
    pub fn pages_reused(&self) -> usize {
        self.last_render.1
    }

    /// How many pages the last build rendered.
    pub fn pages_rendered(&self) -> usize {
        self.last_render.0
    }

    /// Lets a patch (an edit of page bodies) leave the search index as it was, to be made by
    /// [`BuildCache::finish_search`]: `soteria serve` sends the pages first, and the index when
    /// no other edit waits.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    /// Whether a patch left the search index to be made.
    pub fn search_pending(&self) -> bool {
        self.last
            .as_ref()
            .is_some_and(|last| !last.search_pending.is_empty())
    }

    /// Makes the search index a patch left, as a patch of its own (see
    /// [`Generated::patched`]); `None` when there is nothing to make.
    pub fn finish_search(&mut self) -> Option<Generated> {
        let start = Instant::now();
        let (setup, last) = (self.setup.as_ref()?, self.last.as_mut()?);
        if last.search_pending.is_empty() {
            return None;
        }
        let (outputs, removed) = index_again(setup, last, &mut self.search);
        Some(Generated {
            outputs,
            warnings: last.warnings.clone(),
            pages_per_language: last.pages_per_language.clone(),
            timings: vec![("search", start.elapsed())],
            patched: true,
            removed,
        })
    }
}

/// Patches the last good build after an edit of page bodies only: each changed file is a page
/// of that build whose front matter is as it was, whose headings keep their ids and which
/// refers to the same standards. Then only those pages and the pages standing in for their
/// translations are filled in and rendered again, with the feeds, the translation overview and
/// the search index; the rest of the site cannot have changed. `None` when the edit is not of
/// that kind: the caller builds again, reusing what the cache holds.
fn patch(
    options: &BuildOptions,
    cache: &mut BuildCache,
    laps: &mut Laps<'_>,
    sink: &dyn Sink,
) -> Option<Result<Generated, BuildError>> {
    let BuildCache {
        setup,
        content,
        parse,
        search,
        last,
        changed,
        last_render,
        defer_search,
        ..
    } = cache;
    let (setup, content, last) = (setup.as_ref()?, content.as_mut()?, last.as_mut()?);
    if changed.is_empty() || last.spoilt {
        return None;
    }
    let config = &setup.config;
    let mut sources = Vec::with_capacity(changed.len());
    for path in changed.iter() {
        let at = content
            .sources
            .binary_search_by(|source| source.path.as_path().cmp(path))
            .ok()?;
        let text = std::fs::read_to_string(options.root.join(path)).ok()?;
        let old = &content.sources[at];
        sources.push((
            at,
            content::SourceFile {
                path: old.path.clone(),
                id: old.id.clone(),
                text,
            },
        ));
    }
    laps.lap("load");

    let schema = &setup.schema;
    let mut diagnostics: Vec<Diagnostic> = last
        .warnings
        .iter()
        .filter(|diagnostic| !changed.contains(&diagnostic.file))
        .cloned()
        .collect();
    let mut reparsed = Vec::with_capacity(sources.len());
    for (_, source) in &sources {
        let (old, new, problems) = parse.reparse(source, schema, setup.markdown_options())?;
        let new = new.filter(|new| new.front_text == old.front_text)?;
        diagnostics.extend(problems);
        reparsed.push(new);
    }
    laps.lap("parse");

    let mut patches = Vec::with_capacity(reparsed.len());
    for page in &reparsed {
        patches.push(last.site.fill_body(config, page, &mut diagnostics)?);
    }
    laps.lap("resolve");
    let mut all = Diagnostics::default();
    all.extend(diagnostics);
    if all.has_errors() {
        return Some(Err(BuildError::Content(all.into_sorted())));
    }
    let ids: Vec<resolve::PageId> = patches.iter().flat_map(|p| p.pages()).collect();
    for patch in patches {
        last.site.patch(patch);
    }
    let places: Vec<usize> = sources.iter().map(|(at, _)| *at).collect();
    for (at, source) in sources {
        content.sources[at] = source;
    }
    // Once every changed text is in: an original's translations may be outdated now.
    for at in places {
        let source = &content.sources[at];
        if source.id.lang == config.default_language {
            status::update(
                &mut last.translation_status,
                config,
                source,
                &content.sources,
            );
        }
    }
    changed.clear();

    // Nothing cached: a patch renders only the pages that changed.
    let inputs = setup.render_inputs(&last.translation_status, &last.attachments, None);
    let (mut outputs, render_diagnostics) =
        render::render_pages(config, &last.site, &setup.templates, &inputs, &ids);
    *last_render = (ids.len(), last.site.pages.len() - ids.len());
    laps.lap("render");
    all.extend(render_diagnostics);
    if all.has_errors() {
        last.spoilt = true;
        return Some(Err(BuildError::Content(all.into_sorted())));
    }

    last.search_pending.extend(&ids);
    let mut removed = Vec::new();
    if !*defer_search {
        let (index, gone) = index_again(setup, last, search);
        outputs.extend(index);
        removed = gone;
        laps.lap("search");
    }

    if let Err(error) = sink.put(outputs) {
        return Some(Err(pipeline::write_failed(&options.root, error)));
    }
    let warnings = all.into_sorted();
    last.warnings.clone_from(&warnings);
    Some(Ok(Generated {
        outputs: Vec::new(),
        warnings,
        pages_per_language: last.pages_per_language.clone(),
        timings: Vec::new(),
        patched: true,
        removed,
    }))
}

/// The search index of a patched site: the files of it that changed, and the paths of the
/// files it no longer has.
fn index_again(
    setup: &Setup,
    last: &mut LastBuild,
    search: &mut search::SearchCache,
) -> (Vec<Output>, Vec<String>) {
    // The views need render inputs; no render cache, as nothing is rendered here.
    let inputs = setup.render_inputs(&last.translation_status, &last.attachments, None);
    let views = render::context::Views::new(&setup.config, &last.site, &inputs);
    let mut pending = std::mem::take(&mut last.search_pending);
    pending.sort_unstable();
    pending.dedup();
    // The documents of the other pages stay in the cache for the next builds, as they are.
    search::patch_index(&mut last.search, &last.site, &views, search, &pending)
}
