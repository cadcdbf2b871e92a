//! Static files: the theme's `static/`, overridden file by file by the site's, copied as they
//! are. (The files beside the content are placed next to their pages by render.)

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::content::{relative, screen};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::output::OutputContent;

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
