//! A rebuild after edits of page bodies ([`RebuildPlan::Bodies`]), or of front matter that
//! moves no page (`fronts`): the next site is made from the last good one with the edited
//! pages filled in again, and only those pages, the pages standing in for their translations,
//! the translations whose notice of changes in their original changes, the print pages of
//! their guides, the feeds (which carry news items' bodies) and the translation overview are
//! rendered again, with, after an edit of front matter, the pages and files listing the page
//! (see `fronts`); their search documents follow.
//!
//! [`RebuildPlan::Bodies`]: super::RebuildPlan::Bodies

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Output, Sink};
use crate::pipeline::{self, BuildError, Generated, Laps, Setup};
use crate::render::{self, context::Views, Renderer};
use crate::resolve::{standards::StandardId, Page, PageId, Site};
use crate::status::{self, FileStatus, LanguageStatus};
use crate::translate::reading::{self, PageText};

use super::plan::BodyEdit;
use super::{fronts, BuildCache, LastBuild, Patch, PatchParts};

/// Rebuilds the site after `edits`, into `sink`, and keeps the new site as the last good build
/// when it has no error. `None` when an edit reaches other pages than its own and those
/// standing in for its translations: the caller then runs every phase.
pub(super) fn rebuild(
    cache: &mut BuildCache,
    edits: Vec<BodyEdit>,
    root: &Path,
    laps: &mut Laps<'_>,
    sink: &dyn Sink,
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
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(
        last.warnings
            .iter()
            .filter(|diagnostic| !changed.contains(&diagnostic.file))
            .cloned(),
    );
    let (mut site, ids, edited) = next_site(
        &last.site,
        config,
        &edits,
        &content.sources,
        &mut diagnostics,
    )?;
    let fronts: Vec<PageId> = edited.iter().map(|&(id, _)| id).collect();
    let also = fronts::relist(&mut site, &fronts);
    laps.lap("resolve");
    if diagnostics.has_errors() {
        return Some(Err(BuildError::Content(diagnostics.into_sorted())));
    }
    let (statuses, new_status) = next_status(last, config, &edits);
    let translation_status = new_status.as_deref().unwrap_or(&last.translation_status);
    let overview = new_status.is_some().then_some(translation_status);
    let mut removed = Vec::new();
    let changes = Changes {
        ids: &ids,
        also: &also,
        edited: &edited,
        before: &last.site,
        old_of: &[],
    };
    let outputs = render(
        setup,
        &site,
        (translation_status, overview),
        &changes,
        &mut removed,
        &mut diagnostics,
    );
    let rendered = ids.len() + also.len();
    *last_render = (rendered, site.pages.len() - rendered);
    laps.lap("render");
    if diagnostics.has_errors() {
        return Some(Err(BuildError::Content(diagnostics.into_sorted())));
    }
    if let Err(error) = sink.put(outputs) {
        return Some(Err(pipeline::write_failed(root, error)));
    }

    // The new site is the last good build now.
    for edit in edits {
        parse.insert(edit.source.path.clone(), edit.parsed);
        content.sources[edit.at] = edit.source;
    }
    for (at, file) in statuses {
        last.files_status[at] = file;
    }
    last.site = site;
    if let Some(translation_status) = new_status {
        last.translation_status = translation_status;
    }
    last.search_pending.extend(&ids);
    // Other countries or themes: the index's facets file lists each page's.
    if edited.iter().any(|&(_, terms)| terms) {
        last.search_everywhere_again();
    }
    changed.clear();
    let patch = Patch {
        warnings: diagnostics.into_sorted(),
        removed,
        search: search_now,
    };
    Some(patch.end(setup, last, root, laps, sink))
}

/// The site after `edits`: the last one with the pages showing the edited files filled in
/// again (the rest shared with it), those pages, and those of them whose front matter changed,
/// each with whether its countries or themes did. `None` when an edit reaches other pages (see
/// [`fill`]).
fn next_site(
    last: &Site,
    config: &Config,
    edits: &[BodyEdit],
    sources: &[SourceFile],
    diagnostics: &mut Diagnostics,
) -> Option<(Site, Vec<PageId>, Vec<Refronted>)> {
    // A page edited in two languages at once: a translation's notice of changes in its
    // original reads both texts, so every phase runs.
    let mut keys: Vec<&str> = edits.iter().map(|edit| edit.page.id.key.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
        return None;
    }
    let mut site = last.clone();
    let mut ids = Vec::with_capacity(edits.len());
    let mut edited = Vec::new();
    for edit in edits {
        diagnostics.extend(edit.parsed.diagnostics.iter().cloned());
        let mut problems = Vec::new();
        let (filled, showing) = fill(last, config, edit, sources, &mut problems)?;
        for (at, (id, page)) in filled.into_iter().enumerate() {
            if edit.front_changed && at < showing {
                let terms = fronts::terms_changed(&last.pages[id].front, &page.front);
                edited.push((id, terms));
            }
            site.pages[id] = Arc::new(page);
            ids.push(id);
        }
        diagnostics.extend(problems);
    }
    Some((site, ids, edited))
}

/// The translation status after `edits`: an original's translations may be outdated now, or up
/// to date again. Returns what each edited file counts as now (by its place in the last
/// build's list) and the new status, `None` when it stays the last one (counting it again
/// over every file costs more than the rest of a body edit on a large site).
fn next_status(
    last: &LastBuild,
    config: &Config,
    edits: &[BodyEdit],
) -> (HashMap<usize, FileStatus>, Option<Vec<LanguageStatus>>) {
    let default = config.default_language.as_str();
    let statuses: HashMap<usize, FileStatus> = edits
        .iter()
        .filter_map(|edit| {
            let at = last
                .files_status
                .iter()
                .position(|f| f.id == edit.source.id)?;
            let now = FileStatus::of_parsed(&edit.page, &edit.source.text, default)?;
            Some((at, now))
        })
        .collect();
    let changed = statuses
        .iter()
        .any(|(&at, now)| now.retallies(&last.files_status[at], &last.files_status));
    if !changed {
        return (statuses, None);
    }
    let files = last.files_status.iter().enumerate();
    let translation_status = status::tally(
        config,
        files.map(|(at, file)| statuses.get(&at).unwrap_or(file)),
    );
    (statuses, Some(translation_status))
}

/// The pages showing `parsed`'s body and front matter, filled in for their languages: its own
/// page and, for an original, the pages standing in for its missing translations (how many
/// those are is returned beside them). `None` when the edit reaches other pages: the page is
/// not in the site, its headings' ids changed (links to them may break or mend), it refers to
/// other standards (their backlinks change), its front matter changed in a way a patch does
/// not follow (see [`fronts::follows`]), or it is a translation whose notice names its
/// original's changed sections. An original's translations whose notice of its changes is not
/// what it was come after them.
fn fill(
    site: &Site,
    config: &Config,
    edit: &BodyEdit,
    sources: &[SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<(PageId, Page)>, usize)> {
    let parsed = &edit.page;
    let id = site.get(&parsed.id.key, &parsed.id.lang)?;
    let page = &site.pages[id];
    if page.is_fallback || page.source.as_ref() != Some(&parsed.path) {
        return None;
    }
    if edit.front_changed && !fronts::follows(page, &page.front, &parsed.front) {
        return None;
    }
    let front = edit.front_changed.then(|| {
        (
            Arc::new(parsed.front.clone()),
            Arc::new(parsed.field_locations.clone()),
        )
    });
    let same_ids = page.headings.len() == parsed.body.headings.len()
        && page
            .headings
            .iter()
            .zip(&parsed.body.headings)
            .all(|(a, b)| a.id == b.id);
    if !same_ids {
        return None;
    }
    // An edited translation whose notice names its original's changed sections: they are
    // found again with every phase.
    if page.lang != config.default_language && page.outdated.is_some() {
        return None;
    }
    let mut showing = vec![id];
    // Only an original stands in for missing translations.
    if page.lang == config.default_language {
        showing.extend(
            config
                .language_codes()
                .into_iter()
                .filter_map(|lang| site.get(&page.key, lang))
                .filter(|&other| site.pages[other].is_fallback),
        );
    }
    let headings = Arc::new(parsed.body.headings.clone());
    let mut filled = Vec::with_capacity(showing.len());
    for showing_id in showing {
        let (html, sections, cited) = site.fill_page(config, parsed, showing_id, diagnostics);
        if showing_id == id && cites_other_standards(site, id, &cited) {
            return None;
        }
        let mut page = Page::clone(&site.pages[showing_id]);
        page.html = html;
        page.sections = sections;
        page.headings = Arc::clone(&headings);
        if let Some((front, locations)) = &front {
            page.front = Arc::clone(front);
            page.field_locations = Arc::clone(locations);
        }
        filled.push((showing_id, page));
    }
    let showing = filled.len();
    if page.lang == config.default_language {
        filled.extend(notices_again(site, config, edit, sources, id));
    }
    Some((filled, showing))
}

/// The translations of the edited original `id` whose notice of changes in the original is
/// not what it was (`translate::reading`): each with its notice told again, to be rendered
/// again (their own text is as it was).
fn notices_again(
    site: &Site,
    config: &Config,
    edit: &BodyEdit,
    sources: &[SourceFile],
    id: PageId,
) -> Vec<(PageId, Page)> {
    let original = &edit.page;
    let hash = status::source_hash(&edit.source.text);
    let extra = reading::translated_fields(config, original.content_type);
    let text_of = |path: &Path| {
        sources
            .iter()
            .find(|source| source.path == path)
            .map(|source| source.text.as_str())
    };
    site.pages[id]
        .translations
        .iter()
        .filter(|&&t| t != id)
        .filter_map(|&t| {
            let translation = &site.pages[t];
            let recorded = translation.front.source_hash.as_deref()?;
            let outdated = if recorded == hash {
                None
            } else {
                let text = text_of(translation.source.as_deref()?)?;
                Some(Arc::new(reading::outdated(
                    PageText {
                        front: &original.front.meta,
                        text: &edit.source.text,
                        headings: &original.body.headings,
                    },
                    PageText {
                        front: &translation.front.meta,
                        text,
                        headings: &translation.headings,
                    },
                    &extra,
                )))
            };
            (outdated != translation.outdated).then(|| {
                let mut page = Page::clone(translation);
                page.outdated = outdated;
                (t, page)
            })
        })
        .collect()
}

/// Whether the standards page `id` refers to (in front matter or, now, `cited` inline) differ
/// from those its backlinks were made from.
fn cites_other_standards(site: &Site, id: PageId, cited: &[StandardId]) -> bool {
    let page = &site.pages[id];
    let mut now: Vec<StandardId> = page
        .standards
        .iter()
        .chain(cited)
        .map(StandardId::standard)
        .collect();
    now.sort();
    now.dedup();
    let before = site
        .backlinks
        .iter()
        .filter(|((_, lang), pages)| *lang == page.lang && pages.contains(&id))
        .count();
    before != now.len()
        || now.iter().any(|standard| {
            !site
                .backlinks
                .get(&(standard.clone(), page.lang.clone()))
                .is_some_and(|pages| pages.contains(&id))
        })
}

/// A page whose front matter changed, with whether its countries or themes did.
type Refronted = (PageId, bool);

/// What a patch changed in the last site, for [`render`].
pub(super) struct Changes<'a> {
    /// The pages filled in again.
    pub(super) ids: &'a [PageId],
    /// The other pages showing those whose front matter changed (see [`fronts::relist`]).
    pub(super) also: &'a [PageId],
    /// The pages whose front matter changed, each with whether its countries or themes did.
    pub(super) edited: &'a [(PageId, bool)],
    /// The last site.
    pub(super) before: &'a Site,
    /// Each page's number in the last site, by its number now (when pages were added; empty
    /// when every page kept its number).
    pub(super) old_of: &'a [Option<PageId>],
}

impl Changes<'_> {
    /// The number page `id` had in the last site.
    fn old(&self, id: PageId) -> Option<PageId> {
        match self.old_of {
            [] => Some(id),
            old_of => old_of.get(id).copied().flatten(),
        }
    }
}

/// Renders what edits of pages change: the pages `changes.ids` and `changes.also`, the print
/// pages of their guides, the translation overview (given a new status) and the feeds, and
/// after edits of front matter the files listing the pages (see [`fronts::listings`], whose
/// files gone are added to `removed`); their problems are added to `diagnostics`.
pub(super) fn render(
    setup: &Setup,
    site: &Site,
    (translation_status, overview): (&[LanguageStatus], Option<&[LanguageStatus]>),
    changes: &Changes<'_>,
    removed: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Vec<Output> {
    let config = &setup.config;
    let ids = changes.ids;
    // Nothing cached: only the pages that changed are rendered.
    let inputs = setup.render_inputs(translation_status, None);
    let views = Views::new(config, site, &inputs);
    let renderer = Renderer::new(config, site, &views, &setup.templates, None);
    let mut pages: Vec<_> = ids
        .par_iter()
        .chain(changes.also)
        .map(|&id| renderer.page(id))
        .collect();
    pages.extend(render::print_pages_of(&renderer, ids));
    if !changes.edited.is_empty() {
        let old = |id| changes.old(id);
        pages.extend(fronts::listings(
            (changes.before, &inputs),
            &renderer,
            changes.edited,
            &old,
            removed,
        ));
    }
    // The overview again only when the status changed.
    let overview = overview
        .filter(|status| config.translation_status_page && !status.is_empty())
        .map(|status| renderer.translation_status(status));
    let mut outputs = Vec::with_capacity(ids.len() + 8);
    for result in pages.into_iter().chain(overview) {
        match result {
            Ok(output) => outputs.push(output),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    for lang in config.language_codes() {
        outputs.extend(render::feed(config, site, lang));
    }
    outputs
}
