//! The files beside the content (attachments, images): each copied next to its page, in every
//! language the page exists in, so that relative links from the page and its translations work.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::Asset;
use crate::output::{Output, OutputContent};
use crate::resolve::Site;

/// The content folder's other files, each placed in the output folder of the page or section
/// whose folder holds it — in every language the page exists in — so that relative links from
/// the page and its translations work.
pub(crate) fn place_assets(config: &Config, site: &Site, assets: &[Asset]) -> Vec<Output> {
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
