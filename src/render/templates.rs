//! Templates: the theme's `templates/` (a folder, or the built-in theme's), overridden file by
//! file by the site's own `templates/`, parsed once into one Tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::relative;
use crate::diagnostics::{Diagnostic, Location};
use crate::theme::{Source, Theme, BUILTIN_NAME as BUILTIN};

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
        let theme = Theme::of(root, &config.theme);
        if !theme.exists() {
            return Err(vec![Diagnostic::error(
                "theme-missing",
                crate::config::CONFIG_FILE,
                format!("the theme `{}` is not in themes/", config.theme),
            )
            .at_opt(config.locate("theme"))
            .with_help(format!(
                "set `theme: {BUILTIN}` (built into soteria), or add the theme's folder under themes/"
            ))]);
        }
        let mut files: BTreeMap<String, Source> = BTreeMap::new();
        if let Some(builtin) = theme.builtin_files("templates") {
            files.extend(
                builtin
                    .into_iter()
                    .filter(|file| is_template(Path::new(&file.rel)))
                    .map(|file| (file.rel, file.source)),
            );
        }
        let folders = theme.folder().map(|folder| folder.join("templates"));
        for dir in folders.into_iter().chain([root.join("templates")]) {
            for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
                let path = entry.path();
                if !entry.file_type().is_file() || !is_template(path) {
                    continue;
                }
                if let Some(name) = path.strip_prefix(&dir).ok().and_then(Path::to_str) {
                    files.insert(name.replace('\\', "/"), Source::Disk(path.to_path_buf()));
                }
            }
        }
        let shown: BTreeMap<String, PathBuf> = files
            .iter()
            .map(|(name, source)| (name.clone(), shown_source(root, source)))
            .collect();
        let mut texts = Vec::with_capacity(files.len());
        for (name, source) in &files {
            texts.push((name.as_str(), template_text(root, source)?));
        }
        let mut tera = Tera::default();
        // Tera's own escaping also writes `/` as `&#x2F;`, which makes every URL hard to read.
        tera.set_escape_fn(crate::security::html::escape_html);
        // JSON embedded in a page's scripts cannot close its `<script>` (issue 15).
        tera.register_filter(
            "json_encode",
            crate::security::script_text::json_encode_filter,
        );
        tera.add_raw_templates(texts)
            .map_err(|error| vec![template_error(root, &shown, &error)])?;
        Ok(Templates { tera, files: shown })
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

/// A template file: HTML or XML.
fn is_template(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html" || e == "xml")
}

/// A template's file as messages name it: relative to the site's root, or in the built-in theme.
fn shown_source(root: &Path, source: &Source) -> PathBuf {
    match source {
        Source::Disk(path) => relative(root, path),
        Source::Builtin(path, _) => crate::theme::shown_builtin(&path.to_string_lossy()),
    }
}

/// A template's text; a file of the site that cannot be read, or is not UTF-8, is an error.
fn template_text(root: &Path, source: &Source) -> Result<String, Vec<Diagnostic>> {
    let bytes = match source {
        Source::Builtin(_, bytes) => return Ok(String::from_utf8_lossy(bytes).into_owned()),
        Source::Disk(path) => crate::files::read_regular(path),
    };
    bytes
        .map_err(|error| error.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string()))
        .map_err(|why| {
            vec![Diagnostic::error(
                "template",
                shown_source(root, source),
                format!("the template cannot be read: {why}"),
            )
            .with_help("save it as UTF-8 text, or remove it")]
        })
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
