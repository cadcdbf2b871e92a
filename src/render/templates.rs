//! Templates: the theme's `templates/`, overridden file by file by the site's own `templates/`,
//! parsed once into one Tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::relative;
use crate::diagnostics::{Diagnostic, Location};

/// The parsed templates and where each came from.
pub(crate) struct Templates {
    /// Every template, by name (`page.html`, `partials/toc.html`).
    pub(crate) tera: Tera,
    /// Template name → its file, relative to the site's root.
    pub(crate) files: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Loads the theme's templates and the site's overrides.
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let theme_dir = root.join("themes").join(&config.theme);
        if !theme_dir.is_dir() {
            return Err(vec![Diagnostic::error(
                "theme-missing",
                crate::config::CONFIG_FILE,
                format!("the theme `{}` is not in themes/", config.theme),
            )
            .at_opt(config.locate("theme"))
            .with_help(
                "set `theme: default`, or add the theme's folder under themes/",
            )]);
        }
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        for dir in [theme_dir.join("templates"), root.join("templates")] {
            for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
                let path = entry.path();
                if !entry.file_type().is_file()
                    || path.extension().is_none_or(|e| e != "html" && e != "xml")
                {
                    continue;
                }
                if let Some(name) = path.strip_prefix(&dir).ok().and_then(Path::to_str) {
                    files.insert(name.replace('\\', "/"), path.to_path_buf());
                }
            }
        }
        let mut tera = Tera::default();
        // Tera's own escaping also writes `/` as `&#x2F;`, which makes every URL hard to read.
        tera.set_escape_fn(crate::security::html::escape_html);
        // JSON embedded in a page's scripts cannot close its `<script>` (issue 15).
        tera.register_filter(
            "json_encode",
            crate::security::script_text::json_encode_filter,
        );
        let list: Vec<(&PathBuf, Option<&str>)> = files
            .iter()
            .map(|(name, path)| (path, Some(name.as_str())))
            .collect();
        tera.add_template_files(list)
            .map_err(|error| vec![template_error(root, &files, &error)])?;
        let files = files
            .into_iter()
            .map(|(name, path)| (name, relative(root, &path)))
            .collect();
        Ok(Templates { tera, files })
    }

    /// True when a template of this name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The file a template comes from, for diagnostics.
    pub(crate) fn file_of(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }
}

/// A Tera error as a diagnostic: the whole chain of causes, at the template file and, for
/// syntax errors, at the line and column Tera names.
pub(crate) fn template_error(
    root: &Path,
    files: &BTreeMap<String, PathBuf>,
    error: &tera::Error,
) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let file = files
        .iter()
        .find(|(name, path)| {
            message.contains(&format!("'{name}'")) || message.contains(&path.display().to_string())
        })
        .map(|(_, path)| relative(root, path))
        .unwrap_or_else(|| PathBuf::from("templates"));
    let location = message.find("--> ").and_then(|at| {
        let rest = message.get(at + 4..)?;
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let text = std::fs::read_to_string(root.join(&file)).ok()?;
        Some(Location::from_line_column(
            &text,
            line.trim().parse().ok()?,
            column.parse().ok()?,
            1,
        ))
    });
    let summary = message.lines().next().unwrap_or("").to_string();
    let detail: Vec<&str> = message
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let message = if detail.is_empty() {
        summary
    } else {
        format!("{summary} {}", detail.join(" "))
    };
    Diagnostic::error("template", file, message)
        .at_opt(location)
        .with_help("see the Tera documentation for the template syntax; the theme's templates are examples")
}
