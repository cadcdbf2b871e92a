//! Static files: the theme's `static/`, overridden file by file by the site's, and the files
//! beside the content (attachments, images) copied next to their page.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::content::Asset;
use crate::output::Output;
use crate::output::OutputContent;
use crate::resolve::Site;

/// The theme's and the site's static files, the site's winning where both have a path.
pub fn collect(root: &Path, config: &Config) -> Vec<Output> {
    let mut files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let theme = root.join("themes").join(&config.theme).join("static");
    for dir in [theme, root.join("static")] {
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(rel) = entry.path().strip_prefix(&dir).ok().and_then(Path::to_str) else {
                continue;
            };
            files.insert(rel.replace('\\', "/"), entry.into_path());
        }
    }
    files
        .into_iter()
        .map(|(path, source)| Output {
            path,
            content: OutputContent::Copy(source),
        })
        .collect()
}

/// The content folder's other files, each placed in the output folder of the page or section
/// whose folder holds it, so that relative links from the page work.
pub fn place_assets(config: &Config, site: &Site, assets: &[Asset]) -> Vec<Output> {
    let by_key: HashMap<&str, &str> = site
        .pages
        .iter()
        .filter(|page| page.lang == config.default_language)
        .map(|page| (page.key.as_str(), page.path.as_str()))
        .collect();
    assets
        .iter()
        .map(|asset| {
            let (dir, file) = asset.rel.rsplit_once('/').unwrap_or(("", &asset.rel));
            Output {
                path: format!("{}{file}", dir_path(dir, &by_key)),
                content: OutputContent::Copy(asset.source.clone()),
            }
        })
        .collect()
}

/// The output path of a content folder: its page's path, or its parent's path and its name.
fn dir_path(dir: &str, by_key: &HashMap<&str, &str>) -> String {
    if let Some(path) = by_key.get(dir) {
        return (*path).to_string();
    }
    match dir.rsplit_once('/') {
        Some((parent, name)) => format!("{}{name}/", dir_path(parent, by_key)),
        None if dir.is_empty() => String::new(),
        None => format!("{dir}/"),
    }
}
