//! The pipeline: one run of the phases, from the site's folder to its files, each phase a
//! function from one value to the next (see the crate's documentation for the list). Files go
//! through one [`Sink`] as they are made: the staging folder for [`build`], memory for
//! [`generate`] (`soteria serve`, `check`). A run keeps nothing; what `serve` keeps from one run
//! to the next, and how it rebuilds after an edit, is [`crate::incremental`]'s.

mod laps;
mod outcome;
mod setup;

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

pub(crate) use laps::Laps;
pub use outcome::{BuildError, BuildOptions, Generated, SiteFiles};
pub(crate) use setup::Setup;

use crate::content::{self, Asset, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Discard, Memory, Output, Sink};
use crate::resolve::{ResolveOptions, Site};
use crate::status::{FileStatus, LanguageStatus};
use crate::{parse, render, resolve, search, security, status};

/// What a run may take from the last one (`soteria serve`'s caches); nothing for a build.
#[derive(Default)]
pub(crate) struct Reuse<'c> {
    /// The content read last time, and which of its files changed since.
    pub(crate) content: Option<content::Reuse<'c>>,
    /// The files parsed last time; left holding this run's.
    pub(crate) parse: Option<&'c mut parse::ParseCache>,
    /// The pages rendered last time.
    pub(crate) render: Option<&'c render::RenderCache>,
    /// The pages' search documents made last time.
    pub(crate) search: Option<&'c search::SearchCache>,
    /// Whether the run gives back what it made ([`Made`]) for the next run.
    pub(crate) keep: bool,
}

/// What a run made on the way to its files, given back when [`Reuse::keep`] asks for it.
pub(crate) struct Made {
    pub(crate) sources: Vec<SourceFile>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) site: Site,
    /// What each file counts as in the translation status, in the files' order.
    pub(crate) files_status: Vec<FileStatus>,
    pub(crate) translation_status: Vec<LanguageStatus>,
    /// The search index, per language.
    pub(crate) search: Vec<search::LanguageIndex>,
}

/// The end of a run: the site's warnings and page counts, or its errors (its files are in the
/// sink), and what it made if asked to keep it.
pub(crate) struct Run {
    pub(crate) outcome: Result<Generated, BuildError>,
    pub(crate) made: Option<Made>,
}

/// The phases of a build, in order, as [`Generated::timings`] and progress reports name them.
pub const PHASES: [&str; 7] = [
    "config", "load", "parse", "resolve", "render", "search", "write",
];

/// Every phase after the setup's; the files go to `sink` as soon as they are made while the
/// run has no error (after one, nowhere: the run fails), so a large site is never held whole
/// in memory unless the sink holds it.
pub(crate) fn run(
    options: &BuildOptions,
    setup: &Setup,
    reuse: Reuse<'_>,
    laps: &mut Laps<'_>,
    sink: &dyn Sink,
) -> Result<Run, BuildError> {
    let root = options.root.as_path();
    let config = &setup.config;
    let languages = config.language_codes();
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(setup.warnings.iter().cloned());

    let (content, problems) = content::load_reusing(root, &languages, reuse.content);
    diagnostics.extend(problems);
    laps.lap("load");

    let (mut parsed, problems) = parse::parse_all(
        &content.sources,
        &setup.schema,
        setup.markdown_options(),
        reuse.parse,
    );
    diagnostics.extend(problems);
    let unparsed = unparsed(&content.sources, &parsed);
    let (files_status, translation_status) = status::of_parsed(config, &parsed, &content.sources);
    let hashes = files_status
        .iter()
        .filter_map(FileStatus::original_hash)
        .collect();
    status::note_outdated(config, &mut parsed, &content.sources, &hashes);
    let content::Content {
        mut sources,
        assets,
    } = content;
    if !reuse.keep {
        // The texts are parsed: let them go before the site is resolved and rendered.
        sources = Vec::new();
    }
    laps.lap("parse");

    let resolve_options = ResolveOptions {
        drafts: options.drafts,
        unparsed,
    };
    let (site, problems) = resolve::resolve(config, parsed, &assets, resolve_options);
    diagnostics.extend(problems);
    laps.lap("resolve");

    let inputs = setup.render_inputs(&translation_status, reuse.render);
    let files = render_files(root, setup, &site, &assets, &inputs, &mut diagnostics, sink)?;
    laps.lap("render");
    put(root, sink, files, &diagnostics, laps)?;
    // Serve keeps the site to rebuild from it after an edit; a build is done with the pages'
    // HTML once they are written (search reads their sections).
    let site = if reuse.keep {
        site
    } else {
        site.without_html()
    };

    let sink = open(sink, &diagnostics);
    let locale = &setup.locale;
    let search = search::build_index(&site, locale, &languages, reuse.search, sink)
        .map_err(|error| write_failed(root, error))?;
    laps.lap("search");

    let made = Made {
        sources,
        assets,
        site,
        files_status,
        translation_status,
        search,
    };
    Ok(end(made, diagnostics, &languages, reuse.keep))
}

/// The end of a run: its outcome, and what it made if `keep` (else that is let go).
fn end(made: Made, diagnostics: Diagnostics, languages: &[&str], keep: bool) -> Run {
    let outcome = if diagnostics.has_errors() {
        Err(BuildError::Content(diagnostics.into_sorted()))
    } else {
        Ok(Generated {
            // Into the sink, which holds them or wrote them out.
            files: SiteFiles::Written,
            warnings: diagnostics.into_sorted(),
            pages_per_language: pages_per_language(&made.site, languages),
            timings: Vec::new(),
        })
    };
    let made = if keep {
        Some(made)
    } else {
        // Nothing is kept: the site's memory is given back on another thread, so that the
        // caller need not wait for it (`soteria build` exits meanwhile).
        crate::drop_in_background(made);
        None
    };
    Run { outcome, made }
}

/// The render phase: the pages, which go to `sink` as they are made (while the run has no
/// error), and every other file of the site, returned once checked that no two files take one
/// path.
fn render_files(
    root: &Path,
    setup: &Setup,
    site: &Site,
    assets: &[Asset],
    inputs: &render::RenderInputs<'_>,
    diagnostics: &mut Diagnostics,
    sink: &dyn Sink,
) -> Result<Vec<Output>, BuildError> {
    let config = &setup.config;
    let sink = open(sink, diagnostics);
    let rendered = render::render_site(config, site, &setup.templates, inputs, sink)
        .map_err(|error| write_failed(root, error))?;
    diagnostics.extend(rendered.diagnostics);
    let (mut copies, problems) = output::static_files::collect(root, config);
    diagnostics.extend(problems);
    // Copied as they are: what in them a browser would run or fetch from another host.
    let site_static = root.join("static");
    diagnostics.extend(security::files::check(
        root,
        Path::new(content::CONTENT_DIR),
        assets.iter().map(|a| (a.rel.as_str(), a.source.as_path())),
        copies.iter().filter_map(|copy| match &copy.content {
            output::OutputContent::Copy(source) if source.starts_with(&site_static) => {
                Some(source.as_path())
            }
            _ => None,
        }),
        config.security.third_party_resources,
    ));
    copies.extend(render::assets::place_assets(config, site, assets));
    // Before anything but pages is written: no file may take another's path.
    diagnostics.extend(output::owners::check(
        root,
        &render::page_files::page_files(site),
        &config.language_codes(),
        &rendered.generated,
        &copies,
    ));
    let mut files = rendered.pages;
    files.extend(rendered.generated);
    files.extend(copies);
    Ok(files)
}

/// The content files (paths under `content/`) among `sources` that are not among `parsed`.
fn unparsed(
    sources: &[content::SourceFile],
    parsed: &[crate::parse::ParsedPage],
) -> HashSet<String> {
    // Every file parsed, the common case: no set of thousands of paths to make.
    if parsed.len() == sources.len() {
        return HashSet::new();
    }
    let parsed: HashSet<&Path> = parsed.iter().map(|page| page.path.as_path()).collect();
    sources
        .iter()
        .filter(|source| !parsed.contains(source.path.as_path()))
        .map(|source| source.id.rel.clone())
        .collect()
}

/// Where files go while the run has no error: `sink`; after one, nowhere.
fn open<'s>(sink: &'s dyn Sink, diagnostics: &Diagnostics) -> &'s dyn Sink {
    if diagnostics.has_errors() {
        &Discard
    } else {
        sink
    }
}

/// Puts `files` into `sink` while the run has no error, the time it takes counted as writing
/// when the sink writes them out.
fn put(
    root: &Path,
    sink: &dyn Sink,
    files: Vec<Output>,
    diagnostics: &Diagnostics,
    laps: &mut Laps<'_>,
) -> Result<(), BuildError> {
    let sink = open(sink, diagnostics);
    sink.put(files).map_err(|error| write_failed(root, error))?;
    if !sink.holds_in_memory() && !diagnostics.has_errors() {
        laps.part("write");
    }
    Ok(())
}

/// How many pages there are in each language that has any.
fn pages_per_language(site: &Site, languages: &[&str]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = languages
        .iter()
        .map(|lang| {
            (
                (*lang).to_string(),
                site.pages.iter().filter(|p| p.lang == *lang).count(),
            )
        })
        .collect();
    counts.retain(|(_, count)| *count > 0);
    counts
}

/// The error of a run whose files could not be written: a file of the site that could not be
/// read when it was copied (moved, removed or replaced during the build) is an error of that
/// file, as an editor sees the others.
pub(crate) fn write_failed(root: &Path, error: std::io::Error) -> BuildError {
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

/// Builds the site into its output folder, through a staging folder swapped into place when
/// the whole build succeeds (see [`crate::build_with`]).
pub(crate) fn build(
    options: &BuildOptions,
    progress: &dyn Fn(&'static str),
) -> Result<Generated, BuildError> {
    // `www/` would follow a link that `www` is: every check and write uses the path as written.
    let output_dir = output::lexical(&options.output_dir());
    let usable = || {
        output::check_output_dir(&options.root, &output_dir, options.force)
            .map_err(|error| BuildError::Usage(error.to_string()))
    };
    // The site's settings first: a mistyped --root is told before anything is made beside
    // the output (its folders, its lock).
    let mut laps = Laps::start(progress);
    let setup = Setup::load(options)?;
    laps.lap("config");
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
    let run = run(options, &setup, Reuse::default(), &mut laps, &staging)?;
    let mut generated = run.outcome?;
    let start = Instant::now();
    for note in staging.commit().map_err(BuildError::Write)? {
        eprintln!("warning: {note}");
    }
    drop(lock);
    generated.timings = laps.into_timings();
    if let Some((_, write)) = generated.timings.iter_mut().find(|(p, _)| *p == "write") {
        *write += start.elapsed();
    }
    progress("write");
    Ok(generated)
}

/// Runs every phase but the writing one, into memory (see [`crate::generate`]; with a cache,
/// [`crate::incremental`] runs them).
pub(crate) fn generate(
    options: &BuildOptions,
    progress: &dyn Fn(&'static str),
) -> Result<Generated, BuildError> {
    in_memory(progress, |laps, memory| {
        let setup = Setup::load(options)?;
        laps.lap("config");
        run(options, &setup, Reuse::default(), laps, memory)?.outcome
    })
}

/// A run into memory: `phases` put the site's files there, which become the files of the
/// result, with the time of each phase.
pub(crate) fn in_memory(
    progress: &dyn Fn(&'static str),
    phases: impl FnOnce(&mut Laps<'_>, &Memory) -> Result<Generated, BuildError>,
) -> Result<Generated, BuildError> {
    let memory = Memory::default();
    let mut laps = Laps::start(progress);
    let mut generated = phases(&mut laps, &memory)?;
    // The files went into memory: all of the site's, or the changes to the last build's.
    let files = memory.into_files();
    generated.files = match generated.files {
        SiteFiles::Changes { removed, .. } => SiteFiles::Changes {
            changed: files,
            removed,
        },
        SiteFiles::Written | SiteFiles::Whole(_) => SiteFiles::Whole(files),
    };
    generated.timings = laps.into_timings();
    Ok(generated)
}
