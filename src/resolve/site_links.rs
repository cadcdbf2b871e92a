//! Links written as paths rather than with `@/`: a relative `.md` path (`referral.md`,
//! `../tools/kit.md`) is read from the linking file's folder, and a site path
//! (`/guidance/referral/`, `/sv/guidance/referral/`, with or without the base path) is looked up
//! among the pages' paths and their redirects. Both then go where `@/` links go: checked, with
//! their anchors, and pointed at the page in the reader's language.

use std::collections::{HashMap, HashSet};

use serde_yaml::Value;

use crate::locale::Taxonomy;
use crate::resolve::{Page, Urls};

/// What a site path names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum SitePath<'a> {
    /// A page (its key), by its path or by one of its redirects.
    Page(&'a str),
    /// A file or page the build makes besides the pages (a feed, a static file, a taxonomy
    /// or facet page, the search page): its URL, with the base path.
    Generated(String),
    /// Nothing the site has: the path as it was looked up (`guidance/referal/`).
    Missing(String),
}

/// Every path of the site's pages (in every language) and of their redirects.
#[derive(Debug, Default, Clone)]
pub(super) struct SitePaths {
    /// Path below the base path (`sv/guidance/referral/`) → page key.
    by_path: HashMap<String, String>,
    /// The folders of sections' facet pages (`guidance/country/`), one per facet a section
    /// declares: each value's page is one level below.
    facet_folders: HashSet<String>,
    /// The site's language codes, which start the paths of other languages than the default.
    languages: Vec<String>,
    base_path: String,
}

/// The first path segments of pages the build makes itself.
// (`translation-status` is where the render phase puts the overview, when a site has one.)
const GENERATED: [&str; 2] = ["search", "translation-status"];

impl SitePaths {
    pub(super) fn new(pages: &[std::sync::Arc<Page>], urls: &Urls, languages: &[&str]) -> Self {
        let mut by_path = HashMap::with_capacity(pages.len());
        let mut facet_folders = HashSet::new();
        for page in pages {
            for alias in &page.aliases {
                let path = alias.output.trim_end_matches("index.html");
                by_path
                    .entry(path.to_string())
                    .or_insert_with(|| page.key.clone());
            }
            if page.is_section {
                let facets = page.front.meta.get("facets").and_then(Value::as_sequence);
                for field in facets.into_iter().flatten().filter_map(Value::as_str) {
                    facet_folders.insert(format!("{}{field}/", page.path));
                }
            }
        }
        // Pages last: a page's own path wins over another's redirect.
        for page in pages {
            by_path.insert(page.path.clone(), page.key.clone());
        }
        SitePaths {
            by_path,
            facet_folders,
            languages: languages.iter().map(|l| (*l).to_string()).collect(),
            base_path: urls.base_path().to_string(),
        }
    }

    /// What the site path `written` (starting with `/`, without its anchor) names.
    pub(super) fn find(&self, written: &str) -> SitePath<'_> {
        let (path, query) = match written.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (written, None),
        };
        let below_base = path
            .strip_prefix(self.base_path.as_str())
            .or_else(|| path.strip_prefix('/'))
            .unwrap_or(path);
        let url = |below: &str| {
            let mut url = format!("{}{below}", self.base_path);
            if let Some(query) = query {
                url.push('?');
                url.push_str(query);
            }
            url
        };
        let last = below_base.rsplit('/').next().unwrap_or("");
        if last.contains('.') || query.is_some() {
            // A file (`/atom.xml`, `/files/plan.pdf`) or a search: not a page's path.
            return SitePath::Generated(url(below_base));
        }
        let mut page_path = below_base.trim_end_matches('/').to_string();
        if !page_path.is_empty() {
            page_path.push('/');
        }
        if let Some(key) = self.by_path.get(&page_path) {
            return SitePath::Page(key);
        }
        if self.is_generated(&page_path) {
            return SitePath::Generated(url(&page_path));
        }
        SitePath::Missing(page_path)
    }

    /// Whether `path` (below the base path, ending in `/`) is a page the build makes itself: a
    /// taxonomy's pages, the search page, a section's facet pages.
    fn is_generated(&self, path: &str) -> bool {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let in_language = match segments.split_first() {
            Some((first, rest)) if self.languages.iter().any(|l| l == first) => rest,
            _ => &segments[..],
        };
        let generated_root = in_language.first().is_some_and(|first| {
            GENERATED.contains(first) || Taxonomy::ALL.iter().any(|t| t.slug() == *first)
        });
        let folder = path
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        let facet = self.facet_folders.contains(&format!("{folder}/"));
        generated_root || facet
    }

    /// Whether `path` (below the base path, ending in `/`) is free for a new page of
    /// `lang`: no page, redirect or generated page has it, and a page of the default language
    /// (`default`) does not start like another language's.
    pub(super) fn is_free(&self, path: &str, lang: &str, default: &str) -> bool {
        let first = path.split('/').next().unwrap_or("");
        !self.by_path.contains_key(path)
            && !self.is_generated(path)
            && (lang != default || !self.languages.iter().any(|l| l == first))
    }

    /// Adds the path of a new page `key`.
    pub(super) fn add(&mut self, path: &str, key: &str) {
        self.by_path.insert(path.to_string(), key.to_string());
    }

    /// The page path closest to a mistyped one, as a site path (`/guidance/referral/`).
    pub(super) fn closest(&self, path: &str) -> Option<String> {
        self.by_path
            .keys()
            .map(|known| (strsim::levenshtein(known, path), known))
            .filter(|(distance, _)| *distance <= 3.max(path.len() / 4))
            .min()
            .map(|(_, known)| format!("/{known}"))
    }
}

/// The path under `content/` that a relative link `written` in the file `rel` (a path under
/// `content/`) names, or `None` when it climbs out of `content/`.
pub(super) fn relative_target(rel: &str, written: &str) -> Option<String> {
    let mut segments: Vec<&str> = rel.split('/').collect();
    segments.pop();
    for segment in written.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::relative_target;

    #[test]
    fn relative_links_are_read_from_the_linking_files_folder() {
        let cases = [
            ("guidance/a.md", "referral.md", Some("guidance/referral.md")),
            (
                "guidance/a.md",
                "./referral.md",
                Some("guidance/referral.md"),
            ),
            ("guidance/a.md", "../tools/kit.md", Some("tools/kit.md")),
            ("tools/kit/index.md", "../x.md", Some("tools/x.md")),
            ("a.md", "../x.md", None),
        ];
        for (rel, written, expected) in cases {
            assert_eq!(
                relative_target(rel, written).as_deref(),
                expected,
                "{rel} {written}"
            );
        }
    }
}
