//! Soteria: a static site generator for multilingual child-protection guidance.
//!
//! A build is a pipeline of phases, each a function from one value to the next:
//!
//! 1. [`config`]: `site.yaml` → [`Config`]
//! 2. [`content`] (load): `content/` → source files and assets
//! 3. [`parse`]: sources → [`parse::ParsedPage`]s (front matter checked, Markdown rendered)
//! 4. [`resolve`]: parsed pages → the [`resolve::Site`] (URLs, sections, links filled in)
//! 5. [`render`]: the site → [`output::Output`] files (templates, sitemap, redirects)
//! 6. [`search`]: the site → its search index, per language
//! 7. [`output`] (write): files → the output folder, swapped in atomically
//!
//! Every phase reports problems as [`Diagnostic`]s and goes on where it can, so one run shows
//! every error of the site.

// Tests may slice their own strings (see `string_slice` in Cargo.toml).
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod locale;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod parse;
pub mod paths;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod security;
pub mod serve;
pub mod status;
#[cfg(test)]
mod unicode_strategy;
mod yaml;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};

use markdown::MarkdownOptions;
use output::Output;
use render::Templates;
use resolve::ResolveOptions;

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

/// A site generated in memory: its files, and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    /// Every file of the site (empty after [`build`], which writes them as they are made).
    pub outputs: Vec<Output>,
    /// The warnings (errors make generation fail instead).
    pub warnings: Vec<Diagnostic>,
    /// How many pages there are per language.
    pub pages_per_language: Vec<(String, usize)>,
    /// How long each phase took.
    pub timings: Vec<(&'static str, Duration)>,
    /// True when the build patched the last one (`soteria serve` after an edit of page bodies):
    /// `outputs` then holds only the files that changed, and `removed` the paths that are gone;
    /// every other file is as the last build made it.
    pub patched: bool,
    /// For a patch, the paths of the last build's files that this one no longer has.
    pub removed: Vec<String>,
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

/// What `soteria serve` keeps from one build to the next, so that a rebuild after an edit
/// redoes only what the edit affects: unchanged files are not read or parsed again, pages whose
/// templates get the same data as before are not rendered again, and unchanged pages are not
/// analysed again for search.
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
    pub(crate) fn locale(&self) -> Option<&locale::Locale> {
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

/// What every page of a build depends on: the configuration and the content types' fields, the
/// templates, the theme's strings and the names of countries and themes, with the warnings found
/// reading them.
struct Setup {
    config: Config,
    schema: content::schema::Schema,
    templates: Templates,
    locale: locale::Locale,
    warnings: Vec<Diagnostic>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Setup {
    /// How Markdown is rendered, as `site.yaml` says.
    fn markdown_options(&self) -> MarkdownOptions {
        MarkdownOptions {
            unsafe_html: self.config.markdown.unsafe_html,
            third_party_resources: self.config.security.third_party_resources,
        }
    }

    /// What rendering needs besides the site and the templates.
    fn render_inputs<'a>(
        &'a self,
        translation_status: &'a [status::LanguageStatus],
        cache: Option<&'a render::RenderCache>,
    ) -> render::RenderInputs<'a> {
        render::RenderInputs {
            locale: &self.locale,
            translation_status,
            cache,
        }
    }

    fn load(options: &BuildOptions) -> Result<Setup, BuildError> {
        let root = options.root.as_path();
        let (mut config, mut warnings) = Config::from_file(root).map_err(BuildError::Config)?;
        let schema = content::schema::Schema::new(&config).map_err(BuildError::Config)?;
        if let Some(base_url) = &options.base_url {
            config
                .set_base_url(base_url)
                .map_err(|error| BuildError::Config(vec![error]))?;
        }
        let templates = Templates::load(root, &config).map_err(BuildError::Config)?;
        let (locale, locale_warnings) = locale::Locale::load(root, &config);
        warnings.extend(locale_warnings);
        Ok(Setup {
            config,
            schema,
            templates,
            locale,
            warnings,
        })
    }
}

/// The phases of a build, in order, as [`Generated::timings`] and progress reports name them.
pub const PHASES: [&str; 7] = [
    "config", "load", "parse", "resolve", "render", "search", "write",
];

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
    let generated = run(options, cache, progress, None)?;
    // What `serve` holds in memory gets the same last check as what `build` writes.
    output::check_contained(&generated.outputs).map_err(BuildError::Write)?;
    Ok(generated)
}

/// The time each phase took, told to `progress` as each ends.
struct Laps<'p> {
    clock: Instant,
    timings: Vec<(&'static str, Duration)>,
    progress: &'p dyn Fn(&'static str),
}

impl Laps<'_> {
    /// Ends phase `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.add(name, now - self.clock);
        self.clock = now;
        (self.progress)(name);
    }

    /// Counts the time since the last lap to `name` (a phase done in several parts).
    fn part(&mut self, name: &'static str) {
        let now = Instant::now();
        self.add(name, now - self.clock);
        self.clock = now;
    }

    fn add(&mut self, name: &'static str, duration: Duration) {
        match self.timings.iter_mut().find(|(phase, _)| *phase == name) {
            Some((_, total)) => *total += duration,
            None => self.timings.push((name, duration)),
        }
    }
}

/// Every phase; with `staging`, files are written into it as soon as they are made (and dropped
/// from memory) while the build has no error, so a large site is never held whole in memory.
fn run(
    options: &BuildOptions,
    mut cache: Option<&mut BuildCache>,
    progress: &dyn Fn(&'static str),
    staging: Option<&output::Staging>,
) -> Result<Generated, BuildError> {
    let mut laps = Laps {
        clock: Instant::now(),
        timings: Vec::new(),
        progress,
    };
    let root = options.root.as_path();
    // Writes and forgets `outputs` into the staging folder, unless the build already failed.
    let stage = |outputs: &mut Vec<Output>,
                 diagnostics: &Diagnostics,
                 laps: &mut Laps<'_>|
     -> Result<(), BuildError> {
        if let Some(staging) = staging {
            if !diagnostics.has_errors() {
                staging
                    .write(outputs)
                    .map_err(|error| write_failed(root, error))?;
                *outputs = Vec::new();
                laps.part("write");
            }
        }
        Ok(())
    };
    if let Some(result) = cache
        .as_deref_mut()
        .and_then(|cache| patch(options, cache, &mut laps))
    {
        return result;
    }
    let setup = match cache.as_deref_mut().and_then(|cache| cache.setup.take()) {
        Some(setup) => setup,
        None => Setup::load(options)?,
    };
    let Setup {
        config,
        schema,
        templates,
        warnings,
        ..
    } = &setup;
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(warnings.iter().cloned());
    let languages = config.language_codes();
    laps.lap("config");

    let reuse = cache.as_deref().and_then(|cache| {
        cache.content.as_ref().map(|previous| content::Reuse {
            previous,
            changed: &cache.changed,
        })
    });
    let (content, load_diagnostics) = content::load_reusing(root, &languages, reuse);
    diagnostics.extend(load_diagnostics);
    laps.lap("load");

    let (parsed, parse_diagnostics) = parse::parse_all(
        &content.sources,
        schema,
        setup.markdown_options(),
        cache.as_deref_mut().map(|cache| &mut cache.parse),
    );
    diagnostics.extend(parse_diagnostics);
    let translation_status = status::of_parsed(config, &parsed, &content.sources);
    let assets = match cache.as_deref_mut() {
        Some(cache) => {
            cache.changed.clear();
            let assets = content.assets.clone();
            cache.content = Some(content);
            assets
        }
        None => {
            // The texts are parsed: let them go before the site is resolved and rendered.
            let content::Content { sources, assets } = content;
            drop(sources);
            assets
        }
    };
    laps.lap("parse");

    let resolve_options = ResolveOptions {
        drafts: options.drafts,
    };
    let (site, resolve_diagnostics) = resolve::resolve(config, parsed, &assets, resolve_options);
    diagnostics.extend(resolve_diagnostics);
    laps.lap("resolve");

    let inputs = setup.render_inputs(
        &translation_status,
        cache.as_deref().map(|cache| &cache.render),
    );
    // While the build has no error, pages and search files go to the staging folder as they
    // are made.
    let write_pages = |pages: &[Output]| match staging {
        Some(staging) => staging.write(pages),
        None => Ok(()),
    };
    let sink = |diagnostics: &Diagnostics| -> Option<render::Sink<'_>> {
        (staging.is_some() && !diagnostics.has_errors()).then_some(&write_pages)
    };
    let rendered = render::render_site(config, &site, templates, &inputs, sink(&diagnostics))
        .map_err(BuildError::Write)?;
    diagnostics.extend(rendered.diagnostics);
    let (mut copies, static_diagnostics) = output::static_files::collect(root, config);
    diagnostics.extend(static_diagnostics);
    // Copied as they are: what in them a browser would run or fetch from another host.
    diagnostics.extend(security::files::check(
        root,
        Path::new(content::CONTENT_DIR),
        assets.iter().map(|a| (a.rel.as_str(), a.source.as_path())),
        config.security.third_party_resources,
    ));
    copies.extend(render::assets::place_assets(config, &site, &assets));
    // Before anything but pages is written: no file may take another's path.
    diagnostics.extend(output::owners::check(
        root,
        &render::page_files::page_files(&site),
        &languages,
        &rendered.generated,
        &copies,
    ));
    let mut outputs = rendered.pages;
    outputs.extend(rendered.generated);
    outputs.extend(copies);
    laps.lap("render");
    stage(&mut outputs, &diagnostics, &mut laps)?;

    let (index, search_indexes) = search::build_index(
        &site,
        &setup.locale,
        &languages,
        cache.as_deref().map(|cache| &cache.search),
        sink(&diagnostics),
    )
    .map_err(BuildError::Write)?;
    outputs.extend(index);
    laps.lap("search");
    stage(&mut outputs, &diagnostics, &mut laps)?;
    let mut pages_per_language: Vec<(String, usize)> = languages
        .iter()
        .map(|lang| {
            (
                (*lang).to_string(),
                site.pages.iter().filter(|p| p.lang == *lang).count(),
            )
        })
        .collect();
    pages_per_language.retain(|(_, count)| *count > 0);
    let failed = diagnostics.has_errors();
    let diagnostics = diagnostics.into_sorted();
    if let Some(cache) = cache {
        cache.last_render = cache.render.rotate();
        cache.search.rotate();
        cache.setup = Some(setup);
        cache.last = (!failed).then(|| LastBuild {
            site,
            translation_status,
            warnings: diagnostics.clone(),
            pages_per_language: pages_per_language.clone(),
            search: search_indexes,
            spoilt: false,
            search_pending: Vec::new(),
        });
    } else {
        // Nothing is kept: the site's memory is given back on another thread, so that the
        // caller need not wait for it (`soteria build` exits meanwhile).
        drop_in_background((site, search_indexes));
    }
    if failed {
        return Err(BuildError::Content(diagnostics));
    }
    Ok(Generated {
        outputs,
        warnings: diagnostics,
        pages_per_language,
        timings: laps.timings,
        patched: false,
        removed: Vec::new(),
    })
}

/// The error of a build whose files could not be written: a file of the site that could not be
/// read when it was copied (moved, removed or replaced during the build) is an error of that
/// file, as an editor sees the others.
fn write_failed(root: &Path, error: std::io::Error) -> BuildError {
    let Some(source) = output::SourceUnreadable::find(&error) else {
        return BuildError::Write(error);
    };
    BuildError::Content(vec![Diagnostic::error(
        "content-read",
        content::relative(root, &source.path),
        format!("cannot read it: {}", source.error),
    )
    .with_help(
        "the file was there when the build began: it was moved, removed or replaced during the build; build again",
    )])
}

/// Gives `value`'s memory back on another thread: freeing a large site's structures piece by
/// piece takes a tenth of a second or more, and nothing needs to wait for it.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
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
    let inputs = setup.render_inputs(&last.translation_status, None);
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

    let warnings = all.into_sorted();
    last.warnings.clone_from(&warnings);
    Some(Ok(Generated {
        outputs,
        warnings,
        pages_per_language: last.pages_per_language.clone(),
        timings: std::mem::take(&mut laps.timings),
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
    let mut pending = std::mem::take(&mut last.search_pending);
    pending.sort_unstable();
    pending.dedup();
    // The documents of the other pages stay in the cache for the next builds, as they are.
    search::patch_index(
        &mut last.search,
        &last.site,
        &setup.locale,
        search,
        &pending,
    )
}

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
    // `www/` would follow a link that `www` is: every check and write uses the path as written.
    let output_dir = output::lexical(&options.output_dir());
    let usable = || {
        output::check_output_dir(&options.root, &output_dir, options.force)
            .map_err(|error| BuildError::Usage(error.to_string()))
    };
    // Checked before anything is written beside the output, and again under the lock: another
    // build may have changed the folder while this one waited.
    usable()?;
    let lock = output::OutputLock::acquire(&output_dir, |lock| {
        eprintln!(
            "waiting for another build into {} to finish (it holds {})",
            output_dir.display(),
            lock.display()
        );
    })
    .map_err(BuildError::Write)?;
    for note in output::recover(&output_dir).map_err(BuildError::Write)? {
        eprintln!("note: {note}");
    }
    usable()?;
    let staging = output::Staging::new(&output_dir).map_err(BuildError::Write)?;
    let mut generated = run(options, None, progress, Some(&staging))?;
    let start = Instant::now();
    for note in staging.commit().map_err(BuildError::Write)? {
        eprintln!("warning: {note}");
    }
    drop(lock);
    if let Some((_, write)) = generated.timings.iter_mut().find(|(p, _)| *p == "write") {
        *write += start.elapsed();
    }
    progress("write");
    Ok(generated)
}

/// Checks the site as `build` would, writing nothing.
pub fn check(options: &BuildOptions) -> Result<Generated, BuildError> {
    generate(options)
}

/// The root to use when none is given: the current folder.
pub fn default_root() -> PathBuf {
    Path::new(".").to_path_buf()
}
