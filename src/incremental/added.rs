//! A rebuild after a new page's file ([`RebuildPlan::Added`]): the next site is the last one
//! with the page put in (`Site::with_new_page`), and only the page, the pages standing in for
//! its translations, its sections' listings and the files listing it (see `fronts`) are
//! rendered; the search index is made again from the documents kept, as every page after the
//! new one has moved up a place.
//!
//! [`RebuildPlan::Added`]: super::RebuildPlan::Added

use std::path::Path;

use crate::content::{self, SourceFile, SourceId, CONTENT_DIR};
use crate::diagnostics::Diagnostics;
use crate::parse::{self, ParsedFile, ParsedPage};
use crate::pipeline::{self, BuildError, Generated, Laps};
use crate::resolve::{PageId, Site};
use crate::status::{self, FileStatus};

use super::bodies::{render, Changes};
use super::plan::read_text;
use super::{BuildCache, Patch, PatchParts};

/// A new file of the content, read and parsed.
pub(crate) struct NewFile {
    /// Where it goes among the content's sources.
    at: usize,
    source: SourceFile,
    parsed: ParsedFile,
    page: ParsedPage,
}

/// The new Markdown file at `path` (relative to `root`), read and parsed with the type its
/// sections give it; `None` when it is not one a rebuild can put into the last site as it is
/// (the full rebuild that follows says what is wrong with it, if anything).
pub(super) fn new_file(cache: &BuildCache, root: &Path, path: &Path) -> Option<NewFile> {
    let (setup, content, last) = (
        cache.setup.as_ref()?,
        cache.content.as_ref()?,
        cache.last.as_ref()?,
    );
    let at = content
        .sources
        .binary_search_by(|source| source.path.as_path().cmp(path))
        .err()?;
    let rel = content::rel_path(path, Path::new(CONTENT_DIR))?;
    let languages = setup.config.language_codes();
    let named_well = rel.ends_with(".md")
        && content::bad_name(CONTENT_DIR, &rel, crate::paths::check_segment).is_none()
        && content::language_suffix::check(CONTENT_DIR, &rel, &languages).is_none();
    if !named_well {
        return None;
    }
    let id = SourceId::from_rel(&rel, &languages);
    let content_type = type_of(&last.site, &content.sources, &id, languages[0])?;
    let text = read_text(root, path)?;
    let source = SourceFile {
        path: path.to_path_buf(),
        id,
        text,
    };
    let parsed = parse::parse_file(
        &source,
        content_type,
        &setup.schema,
        setup.markdown_options(),
        Some(&cache.parse),
    );
    let page = parsed.page.clone()?;
    Some(NewFile {
        at,
        source,
        parsed,
        page,
    })
}

/// The type of a new page `id`: its nearest section's. `None` when a section above it is not
/// in the site (a draft, or a file with errors), whose type it may still take.
fn type_of(
    site: &Site,
    sources: &[SourceFile],
    id: &SourceId,
    default: &str,
) -> Option<crate::content::types::ContentType> {
    let mut key = id.parent_key()?;
    loop {
        if let Some(section) = site.get(key, default) {
            return Some(site.pages[section].content_type);
        }
        if sources
            .iter()
            .any(|source| source.id.is_section && source.id.key == key)
        {
            return None;
        }
        key = key.rsplit_once('/').map(|(parent, _)| parent).or_else(|| {
            // The home page is the last section.
            (!key.is_empty()).then_some("")
        })?;
    }
}

/// Rebuilds the site with the `new` page into `sink`, and keeps the new site as the last good
/// build when it has no error. `None` when the page reaches further than its own pages and
/// listings (see `Site::with_new_page`): the caller then runs every phase.
pub(super) fn rebuild(
    cache: &mut BuildCache,
    new: NewFile,
    root: &Path,
    laps: &mut Laps<'_>,
    sink: &dyn crate::output::Sink,
) -> Option<Result<Generated, BuildError>> {
    let PatchParts {
        setup,
        content,
        parse,
        last,
        changed,
        last_render,
        search_now,
    } = cache.patch_parts()?;
    let config = &setup.config;
    let mut problems = Vec::new();
    let with = last.site.with_new_page(config, &new.page, &mut problems)?;
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(last.warnings.iter().cloned());
    diagnostics.extend(new.parsed.diagnostics.iter().cloned());
    diagnostics.extend(problems);
    laps.lap("resolve");
    if diagnostics.has_errors() {
        return Some(Err(BuildError::Content(diagnostics.into_sorted())));
    }
    let default = config.default_language.as_str();
    let mut files_status = last.files_status.clone();
    if let Some(file) = FileStatus::of_parsed(&new.page, &new.source.text, default) {
        let rel = new.page.id.rel.as_str();
        let at = files_status.partition_point(|f| f.id.rel.as_str() < rel);
        files_status.insert(at, file);
    }
    let translation_status = status::tally(config, &files_status);

    let site = with.site;
    let also = listed_by(&site, &with.added);
    let mut old_of = vec![None; site.pages.len()];
    for (old, &new_id) in with.new_ids.iter().enumerate() {
        old_of[new_id] = Some(old);
    }
    let edited: Vec<(PageId, bool)> = with.added.iter().map(|&id| (id, true)).collect();
    let mut removed = Vec::new();
    let changes = Changes {
        ids: &with.added,
        also: &also,
        edited: &edited,
        before: &last.site,
        old_of: &old_of,
    };
    let status = (&translation_status[..], Some(&translation_status[..]));
    let outputs = render(
        setup,
        &site,
        status,
        &changes,
        &mut removed,
        &mut diagnostics,
    );
    let rendered = with.added.len() + also.len();
    *last_render = (rendered, site.pages.len() - rendered);
    laps.lap("render");
    if diagnostics.has_errors() {
        return Some(Err(BuildError::Content(diagnostics.into_sorted())));
    }
    if let Err(error) = sink.put(outputs) {
        return Some(Err(pipeline::write_failed(root, error)));
    }

    // The new site is the last good build now.
    parse.insert(new.source.path.clone(), new.parsed);
    content.sources.insert(new.at, new.source);
    for (lang, count) in &mut last.pages_per_language {
        *count += with
            .added
            .iter()
            .filter(|&&id| site.pages[id].lang == *lang)
            .count();
    }
    last.site = site;
    last.files_status = files_status;
    last.translation_status = translation_status;
    for id in &mut last.search_pending {
        *id = with.new_ids[*id];
    }
    last.search_pending.extend(&with.added);
    last.search_everywhere_again();
    changed.clear();
    let patch = Patch {
        warnings: diagnostics.into_sorted(),
        removed,
        search: search_now,
    };
    Some(patch.end(setup, last, root, laps, sink))
}

/// The sections listing the pages `added`, in their languages.
fn listed_by(site: &Site, added: &[PageId]) -> Vec<PageId> {
    let mut sections: Vec<PageId> = added
        .iter()
        .filter_map(|&id| {
            let page = &site.pages[id];
            page.parent.filter(|&p| site.pages[p].lang == page.lang)
        })
        .collect();
    sections.sort_unstable();
    sections.dedup();
    sections
}
