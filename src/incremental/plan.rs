//! What a rebuild does, from what changed since the last build.

use std::path::{Path, PathBuf};

use crate::content::SourceFile;
use crate::parse::{self, ParsedFile, ParsedPage};
use crate::pipeline::Laps;

use super::added::NewFile;
use super::BuildCache;

/// What a rebuild does, from what changed since the last build (as `soteria serve` sorts the
/// paths of a burst of file events: [`BuildCache::clear`] for the configuration, templates and
/// strings, [`BuildCache::content_changed`] for content files, nothing for static files).
pub(crate) enum RebuildPlan {
    /// Nothing is kept (the first build, or the configuration, a template or the strings
    /// changed): every phase, from scratch.
    Clean,
    /// Every phase, each reusing what the cache holds: unchanged files are not read or parsed
    /// again, pages whose templates get the same data are not rendered again, pages whose
    /// search documents are the same are not analysed again. For new, removed or renamed
    /// files, a changed front matter, a static file.
    Full,
    /// Only pages of the last good build changed, in their bodies or in front matter that
    /// moves no page (its title, date, description…; see `fronts`): those files are parsed
    /// again, their pages (and the pages standing in for their missing translations) filled
    /// in, rendered and indexed again, with the pages listing them; the rest of the site is
    /// the last build's. Should an edit reach further (headings' ids, cited standards, a
    /// page's URL), the rebuild is [`RebuildPlan::Full`] after all.
    Bodies(Vec<BodyEdit>),
    /// A new page's file, and nothing else: the page is put into the last good build with the
    /// pages standing in for its translations (`Site::with_new_page`), rendered with its
    /// sections' listings, and the search index is made again from the documents kept. Should
    /// the page reach further (a section, a translation, a standard…), the rebuild is
    /// [`RebuildPlan::Full`] after all.
    Added(Box<NewFile>),
}

/// A new text of a file of the last good build.
pub(crate) struct BodyEdit {
    /// Where the file is among the content's sources.
    pub(super) at: usize,
    pub(super) source: SourceFile,
    /// Whether its front matter changed too.
    pub(super) front_changed: bool,
    /// The file parsed, with the type the last build gave it, and its page.
    pub(super) parsed: ParsedFile,
    pub(super) page: ParsedPage,
}

impl RebuildPlan {
    /// The plan for the changes `cache` has noted: the changed files are read and parsed here,
    /// to tell edits of bodies from the rest.
    pub(super) fn of(cache: &BuildCache, root: &Path, laps: &mut Laps<'_>) -> RebuildPlan {
        let Some(setup) = &cache.setup else {
            return RebuildPlan::Clean;
        };
        let (Some(content), Some(last)) = (&cache.content, &cache.last) else {
            return RebuildPlan::Full;
        };
        // No search index: one that could not be put in memory was lost (see `index_again`).
        if cache.changed.is_empty() || last.search.is_empty() {
            return RebuildPlan::Full;
        }
        let find = |path: &Path| {
            content
                .sources
                .binary_search_by(|source| source.path.as_path().cmp(path))
        };
        // A file made and gone between two builds (an editor's temporary file, saved and
        // renamed over the page) is nothing to the site.
        let mut changed: Vec<&Path> = cache
            .changed
            .iter()
            .map(PathBuf::as_path)
            .filter(|&path| find(path).is_ok() || root.join(path).symlink_metadata().is_ok())
            .collect();
        changed.sort_unstable();
        let single = changed.len() == 1;
        let mut read = Vec::with_capacity(changed.len());
        for path in changed {
            let Ok(at) = find(path) else {
                let added = single
                    .then(|| super::added::new_file(cache, root, path))
                    .flatten();
                if added.is_some() {
                    laps.lap("parse");
                }
                return added.map_or(RebuildPlan::Full, |new| RebuildPlan::Added(Box::new(new)));
            };
            let Some(text) = read_text(root, path) else {
                return RebuildPlan::Full;
            };
            let old = &content.sources[at];
            let source = SourceFile {
                path: old.path.clone(),
                id: old.id.clone(),
                text,
            };
            read.push((at, source));
        }
        laps.lap("load");

        let mut edits = Vec::with_capacity(read.len());
        for (at, source) in read {
            let Some(last) = cache.parse.get(&source.path).and_then(|p| p.page.as_ref()) else {
                return RebuildPlan::Full;
            };
            let content_type = last.content_type;
            let parsed = parse::parse_file(
                &source,
                content_type,
                &setup.schema,
                setup.markdown_options(),
                Some(&cache.parse),
            );
            let Some(page) = parsed.page.as_ref() else {
                return RebuildPlan::Full;
            };
            edits.push(BodyEdit {
                at,
                source,
                front_changed: page.front_text != last.front_text,
                page: page.clone(),
                parsed,
            });
        }
        laps.lap("parse");
        RebuildPlan::Bodies(edits)
    }
}

/// The new text of the changed file at `path` (relative to `root`); `None` when it is not a
/// regular UTF-8 file reached without a symbolic link any more: the full rebuild that follows
/// reads it as the load phase does, and says what is wrong with it. (Opening a named pipe put
/// in its place would wait for a writer; a link could lead out of the site.)
pub(super) fn read_text(root: &Path, path: &Path) -> Option<String> {
    use std::io::Read;
    for part in path.ancestors().filter(|part| !part.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(root.join(part))
            .ok()?
            .is_symlink()
        {
            return None;
        }
    }
    let mut file = crate::files::open_regular(&root.join(path)).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}
