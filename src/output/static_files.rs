//! Static files: the theme's `static/` (a folder, or the built-in theme's), overridden file by file by the site's, copied as they
//! are. (The files beside the content are placed next to their pages by render.)

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{bad_name, relative, walk};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::output::OutputContent;
use crate::theme::{Source, Theme};

/// The theme's and the site's static files, the site's winning where both have a path, with
/// what the walk said of the entries it left out (see [`crate::content::walk`]) and an error for
/// each file whose name cannot be an output path (see [`crate::paths::check_file_name`]).
pub(crate) fn collect(root: &Path, config: &Config) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, OutputContent> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let theme = Theme::of(root, &config.theme);
    if let Some(builtin) = theme.builtin_files("static") {
        for file in builtin {
            if let Source::Builtin(source, bytes) = file.source {
                files.insert(file.rel, OutputContent::Builtin(source, bytes));
            }
        }
    }
    let walk = walk::Walk {
        read_error: "static-read",
        hidden: true,
    };
    let folders = theme.folder().map(|folder| folder.join("static"));
    for dir in folders.into_iter().chain([root.join("static")]) {
        if !dir.is_dir() {
            continue;
        }
        let (found, problems) = walk::files(root, &dir, walk);
        diagnostics.extend(problems);
        let shown_dir = relative(root, &dir);
        let shown_dir = shown_dir.to_string_lossy();
        for walk::Found { path, rel } in found {
            match bad_name(&shown_dir, &rel, crate::paths::check_file_name) {
                Some(problem) => diagnostics.push(problem),
                None => {
                    files.insert(rel, OutputContent::Copy(path));
                }
            }
        }
    }
    let outputs = files
        .into_iter()
        .map(|(path, content)| Output { path, content })
        .collect();
    (outputs, diagnostics)
}
