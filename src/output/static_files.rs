//! Static files: the theme's `static/`, overridden file by file by the site's, and the files
//! beside the content (attachments, images) copied next to their page.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::content::{relative, screen, Asset};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::output::OutputContent;
use crate::resolve::Site;

/// The theme's and the site's static files, the site's winning where both have a path, with an
/// error for each whose name cannot be an output path (see [`crate::paths::check_file_name`]),
/// that is a symbolic link out of the site (see [`crate::content::links`]) or a folder that cannot
/// be read, and a warning for each named pipe, socket or device (left out).
pub fn collect(root: &Path, config: &Config) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let theme = root.join("themes").join(&config.theme).join("static");
    let site = crate::content::links::SiteRoot::new(root);
    for dir in [theme, root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        let mut walker = WalkDir::new(&dir).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) if crate::content::links::is_dangling(&error) => continue,
                Err(error) => {
                    let path = error.path().unwrap_or(&dir);
                    diagnostics.push(Diagnostic::error(
                        "static-read",
                        relative(root, path),
                        format!("cannot read it: {error}"),
                    ));
                    continue;
                }
            };
            if let Some((problem, skip_folder)) = screen(&site, root, &entry) {
                diagnostics.push(problem);
                if skip_folder {
                    walker.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(rel) = crate::content::rel_path(entry.path(), &dir) else {
                continue;
            };
            let shown_dir = crate::content::relative(root, &dir);
            let shown_dir = shown_dir.to_string_lossy();
            match crate::content::bad_name(&shown_dir, &rel, crate::paths::check_file_name) {
                Some(problem) => diagnostics.push(problem),
                None => {
                    files.insert(rel, entry.into_path());
                }
            }
        }
    }
    let outputs = files
        .into_iter()
        .map(|(path, source)| Output {
            path,
            content: OutputContent::Copy(source),
        })
        .collect();
    (outputs, diagnostics)
}

/// The content folder's other files, each placed in the output folder of the page or section
/// whose folder holds it — in every language the page exists in — so that relative links from
/// the page and its translations work.
pub fn place_assets(config: &Config, site: &Site, assets: &[Asset]) -> Vec<Output> {
    let mut by_key: HashMap<&str, Vec<&str>> = HashMap::new();
    for page in &site.pages {
        let paths = by_key.entry(page.key.as_str()).or_default();
        if page.lang == config.default_language {
            paths.insert(0, page.path.as_str());
        } else {
            paths.push(page.path.as_str());
        }
    }
    let mut outputs = Vec::with_capacity(assets.len());
    for asset in assets {
        let (dir, file) = asset.rel.rsplit_once('/').unwrap_or(("", &asset.rel));
        let targets: Vec<String> = match by_key.get(dir) {
            Some(paths) if !dir.is_empty() => paths.iter().map(|p| (*p).to_string()).collect(),
            _ => vec![dir_path(dir, &by_key)],
        };
        for target in targets {
            outputs.push(Output {
                path: format!("{target}{file}"),
                content: OutputContent::Copy(asset.source.clone()),
            });
        }
    }
    outputs
}

/// The output path of a content folder: its page's path, or its parent's path and its name.
fn dir_path(dir: &str, by_key: &HashMap<&str, Vec<&str>>) -> String {
    if let Some(path) = by_key.get(dir).and_then(|paths| paths.first()) {
        return (*path).to_string();
    }
    match dir.rsplit_once('/') {
        Some((parent, name)) => format!("{}{name}/", dir_path(parent, by_key)),
        None if dir.is_empty() => String::new(),
        None => format!("{dir}/"),
    }
}
