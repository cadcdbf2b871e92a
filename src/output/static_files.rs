//! Static files: the theme's `static/`, overridden file by file by the site's, copied as they
//! are. (The files beside the content are placed next to their pages by render.)

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{bad_name, relative, walk};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::output::OutputContent;

/// The theme's and the site's static files, the site's winning where both have a path, with
/// what the walk said of the entries it left out (see [`crate::content::walk`]) and an error for
/// each file whose name cannot be an output path (see [`crate::paths::check_file_name`]).
pub(crate) fn collect(root: &Path, config: &Config) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let theme = root.join("themes").join(&config.theme).join("static");
    let walk = walk::Walk {
        read_error: "static-read",
        hidden: true,
    };
    for dir in [theme, root.join("static")] {
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
                    files.insert(rel, path);
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
