//! Owners: every file of the output has one source — a page, a redirect, a copied file (static
//! or beside the content) or a file the site generates (404 pages, taxonomy and facet pages,
//! feeds, the sitemap, the search index). A second claim on a path is an error at the claim,
//! naming the first, instead of one file silently replacing the other (which, written in
//! parallel, could differ from one build to the next).
//!
//! Pages and redirects among themselves are checked when they are resolved
//! (`duplicate-url`); this module checks them, as `PageFiles`, against everything else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::relative;
use crate::diagnostics::{Diagnostic, Location};
use crate::output::{Output, OutputContent, MARKER_FILE};
use crate::paths::shown;

/// The files a page of the site writes, with what an error at them shows: its own
/// `index.html` and the redirects of its aliases.
#[derive(Debug)]
pub(crate) struct PageFiles<'a> {
    /// The page's source file, relative to the site's root (`None`: a home page the site lacks).
    pub(crate) source: Option<&'a Path>,
    /// Its `index.html`, as a path of the output.
    pub(crate) index: String,
    /// Where its `slug` is written, when it has one.
    pub(crate) slug: Option<&'a Location>,
    /// The redirect file of each of its aliases, and where the alias is written.
    pub(crate) aliases: Vec<(&'a str, &'a Location)>,
}

/// An index into the [`PageFiles`] checked.
type PageId = usize;

/// Who writes a file, in the order in which claims win: a generated file is never replaced, nor
/// the theme's, a page wins over a redirect and a redirect over a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Claim<'a> {
    /// A file the site generates.
    Generated,
    /// A copy of the theme's file at this path (the site's own static files replace the theme's
    /// before this check): part of the site's frame, as generated files are.
    Theme(&'a Path),
    /// A page's own `index.html`.
    Page(PageId),
    /// The redirect of a page's alias (the page, the alias's index).
    Alias(PageId, usize),
    /// A copy of the file at this path.
    Copy(&'a Path),
}

/// Checks that no page, redirect or copied file takes the path of another file of the output.
/// `site` are the files of each page, `generated` the files the site generates besides its
/// pages, `copies` the static files and the files beside the content; every language's search
/// index has `search/LANG/`.
pub(crate) fn check(
    root: &Path,
    site: &[PageFiles<'_>],
    languages: &[&str],
    generated: &[Output],
    copies: &[Output],
) -> Vec<Diagnostic> {
    let mut claims: HashMap<&str, Vec<Claim<'_>>> = HashMap::new();
    claims
        .entry(MARKER_FILE)
        .or_default()
        .push(Claim::Generated);
    for output in generated {
        claims
            .entry(&output.path)
            .or_default()
            .push(Claim::Generated);
    }
    let theme = root.join("themes");
    for output in copies {
        let claim = match &output.content {
            OutputContent::Copy(source) if source.starts_with(&theme) => Claim::Theme(source),
            OutputContent::Copy(source) => Claim::Copy(source),
            OutputContent::Builtin(source, _) => Claim::Theme(source),
            OutputContent::Bytes(_) => continue,
        };
        claims.entry(&output.path).or_default().push(claim);
    }
    let search_dirs: Vec<String> = languages.iter().map(|l| format!("search/{l}/")).collect();
    let in_search_dir = |path: &str| search_dirs.iter().any(|dir| path.starts_with(dir.as_str()));
    let mut diagnostics = Vec::new();
    // Pages and redirects against the rest (among themselves, resolve has checked them).
    for (id, page) in site.iter().enumerate() {
        let outputs = std::iter::once((page.index.as_str(), Claim::Page(id))).chain(
            page.aliases
                .iter()
                .enumerate()
                .map(|(n, (output, _))| (*output, Claim::Alias(id, n))),
        );
        for (path, claim) in outputs {
            if in_search_dir(path) {
                diagnostics.push(taken(root, site, path, claim, None));
                continue;
            }
            let Some(others) = claims.get(path) else {
                continue;
            };
            match others.iter().min() {
                Some(&first @ (Claim::Generated | Claim::Theme(_))) => {
                    diagnostics.push(taken(root, site, path, claim, Some(first)));
                }
                // A page or redirect wins over a copy: the error is at the copy.
                Some(&copy) if claim < copy => {
                    diagnostics.push(taken(root, site, path, copy, Some(claim)));
                }
                _ => {}
            }
        }
    }
    // Copies against generated files, the search index and each other.
    let mut paths: Vec<&str> = claims.keys().copied().collect();
    paths.sort_unstable();
    for path in paths {
        let mut owners = claims[path].clone();
        owners.sort();
        let first = owners[0];
        for &claim in &owners[1..] {
            diagnostics.push(taken(root, site, path, claim, Some(first)));
        }
        if matches!(first, Claim::Copy(_) | Claim::Theme(_)) && in_search_dir(path) {
            diagnostics.push(taken(root, site, path, first, None));
        }
    }
    // Every path against the folders of the others: `404.html` a file, `404.html/index.html`
    // a redirect's.
    let mut files: Vec<(&str, Claim<'_>)> = claims
        .iter()
        .flat_map(|(path, owners)| owners.iter().map(|&claim| (*path, claim)))
        .collect();
    for (id, page) in site.iter().enumerate() {
        files.push((page.index.as_str(), Claim::Page(id)));
        for (n, (output, _)) in page.aliases.iter().enumerate() {
            files.push((output, Claim::Alias(id, n)));
        }
    }
    diagnostics.extend(folder_clashes(root, site, files, &search_dirs));
    diagnostics
}

/// The errors for paths that one owner uses as a file and another as a folder (`sitemap.xml`
/// and `sitemap.xml/index.html`): in sorted order, the paths inside a folder `P/` follow `P`
/// (after names such as `P-x` that sort between), so each file's folder is found by a binary
/// search. The error is at the weaker claim (as for a path claimed twice), at the folder's side
/// when both are of one kind; one per file, as renaming either side ends the clash.
fn folder_clashes<'a>(
    root: &Path,
    site: &[PageFiles<'_>],
    mut files: Vec<(&'a str, Claim<'a>)>,
    search_dirs: &[String],
) -> Vec<Diagnostic> {
    files.sort_unstable();
    files.dedup();
    let mut diagnostics = Vec::new();
    for &(file, claim) in &files {
        let folder = format!("{file}/");
        let start = files.partition_point(|(path, _)| *path < folder.as_str());
        let inside = files
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|(path, _)| path.starts_with(folder.as_str()))
            .min_by_key(|(_, other)| *other);
        if let Some(&(path, other)) = inside {
            diagnostics.push(if claim <= other {
                in_folder(root, site, path, other, &folder, Some(claim))
            } else {
                over_folder(root, site, file, claim, path, Some(other))
            });
        } else if search_dirs
            .iter()
            .any(|dir| dir.starts_with(folder.as_str()))
        {
            diagnostics.push(over_folder(root, site, file, claim, &folder, None));
        }
    }
    diagnostics
}

/// The error at `claim`, which writes `path` inside `folder`, where `first` has a file.
fn in_folder(
    root: &Path,
    site: &[PageFiles<'_>],
    path: &str,
    claim: Claim<'_>,
    folder: &str,
    first: Option<Claim<'_>>,
) -> Diagnostic {
    let owner = first.map_or_else(
        || "in the search index".to_string(),
        |first| describe(root, site, first),
    );
    path_taken(root, site, path, claim, first, |subject| {
        format!(
            "{subject} to `/{}`, inside a folder `/{}` that cannot be one: that path is a file, {owner}",
            shown(path),
            shown(folder)
        )
    })
}

/// The error at `claim`, which writes the file `path` where `first` needs a folder (to write
/// `inside`; `None`: the search index).
fn over_folder(
    root: &Path,
    site: &[PageFiles<'_>],
    path: &str,
    claim: Claim<'_>,
    inside: &str,
    first: Option<Claim<'_>>,
) -> Diagnostic {
    let owner = match first {
        None => format!("the search index in `/{}`", shown(inside)),
        Some(first) => format!("`/{}`, {}", shown(inside), describe(root, site, first)),
    };
    path_taken(root, site, path, claim, first, |subject| {
        format!(
            "{subject} to `/{}`, a file where the site needs a folder of that name for {owner}",
            shown(path)
        )
    })
}

/// The error at `claim` for taking `path` from `first` (`None`: the search index).
fn taken(
    root: &Path,
    site: &[PageFiles<'_>],
    path: &str,
    claim: Claim<'_>,
    first: Option<Claim<'_>>,
) -> Diagnostic {
    let owner = match first {
        None => "in the search index Soteria generates".to_string(),
        Some(first) => describe(root, site, first),
    };
    path_taken(root, site, path, claim, first, |subject| {
        format!("{subject} to `/{}`, which is {owner}", shown(path))
    })
}

/// The `path-taken` error at `claim` (on `path`, taken from `first`), its message made by
/// `message` from what the claim would do.
fn path_taken(
    root: &Path,
    site: &[PageFiles<'_>],
    path: &str,
    claim: Claim<'_>,
    first: Option<Claim<'_>>,
    message: impl FnOnce(&str) -> String,
) -> Diagnostic {
    let (file, location, subject) = claimant(root, site, path, claim);
    Diagnostic::error("path-taken", file, message(subject))
        .at_opt(location)
        .with_help(help(first))
}

/// What to do about a path taken from `first` (`None`: the search index).
fn help(first: Option<Claim<'_>>) -> &'static str {
    match first {
        None | Some(Claim::Generated | Claim::Theme(_)) => {
            "the site makes this file itself: rename the file, give the page another `slug`, or remove the alias"
        }
        Some(_) => "rename one of the files, give the page another `slug`, or remove the alias",
    }
}

/// Where the error at `claim` (on `path`) is shown, and what it says the claim would do.
fn claimant(
    root: &Path,
    site: &[PageFiles<'_>],
    path: &str,
    claim: Claim<'_>,
) -> (PathBuf, Option<Location>, &'static str) {
    match claim {
        Claim::Page(id) => {
            let page = &site[id];
            (
                page.source.map(Path::to_path_buf).unwrap_or_default(),
                page.slug.cloned(),
                "this page would be written",
            )
        }
        Claim::Alias(id, n) => {
            let page = &site[id];
            let location = page.aliases.get(n).map(|(_, location)| (*location).clone());
            let file = page.source.map(Path::to_path_buf).unwrap_or_default();
            (
                file,
                location,
                "the redirect of this alias would be written",
            )
        }
        Claim::Copy(source) | Claim::Theme(source) => {
            (relative(root, source), None, "this file would be copied")
        }
        // Two generated files on one path: a section's facet pages where a taxonomy's are (the
        // home page's `facets: [themes]`).
        Claim::Generated => (
            PathBuf::from(shown(path)),
            None,
            "a section's facet page would be written",
        ),
    }
}

/// What a claim is, in a message: `a file Soteria generates`, `the page content/a.md`.
fn describe(root: &Path, site: &[PageFiles<'_>], claim: Claim<'_>) -> String {
    let source = |id: PageId| {
        site[id]
            .source
            .map_or_else(|| "the home page".to_string(), |p| p.display().to_string())
    };
    match claim {
        Claim::Generated => "a file Soteria generates".to_string(),
        Claim::Page(id) => format!("the page of {}", source(id)),
        Claim::Alias(id, _) => format!("the redirect of an alias in {}", source(id)),
        Claim::Copy(file) => format!("where {} is copied", relative(root, file).display()),
        Claim::Theme(file) => format!("the theme's {}", relative(root, file).display()),
    }
}
