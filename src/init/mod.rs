//! `soteria init`: a new site in an empty folder that checks clean and builds at once with the
//! built-in theme — one page of every content type, a translation, the quick-exit and helpline
//! placeholders, a `.gitignore` and CI workflows, the JSON Schemas of its content types with VS
//! Code settings for them — every file saying in a comment what to change.
//! The files' texts are in `files`; this module checks the request and writes them.

mod files;
mod languages;

use std::path::{Path, PathBuf};

use crate::schema;

/// What the new site is made with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The languages, the default first (`en`, `sv`, `ar`).
    pub languages: Vec<String>,
    /// The site's title.
    pub title: String,
}

/// Why no site was made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder holds files already: a new site is never written over anyone's work.
    #[error("{0} is not empty; a new site is only made in an empty or new folder")]
    NotEmpty(PathBuf),
    /// A language code cannot be used.
    #[error("{0}")]
    Language(String),
    /// The title is empty or has a line break.
    #[error("the title must be one line of text, and is {0:?}")]
    Title(String),
    /// Writing failed.
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
    /// The new site's JSON Schemas could not be made.
    #[error("the new site's JSON Schemas could not be made: {0}")]
    Schema(String),
}

impl InitError {
    /// What the person can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            InitError::NotEmpty(_) => "name a new folder: `soteria init my-site`",
            InitError::Language(_) => crate::paths::LANGUAGE_CODE_HELP,
            InitError::Title(_) => "give a title on one line, e.g. --title \"Barnahus guidance\"",
            InitError::Write(..) => "check that the folder can be written to",
            InitError::Schema(_) => "run `soteria check` in the new folder to see why",
        }
    }
}

/// Writes a new site into `dir` (which must be empty or not exist) and returns how many files
/// it wrote.
pub fn init(dir: &Path, settings: &Settings) -> Result<usize, InitError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let languages = languages::parse(&settings.languages).map_err(InitError::Language)?;
    let title = settings.title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        return Err(InitError::Title(settings.title.clone()));
    }
    let site = files::site_files(&languages, title);
    for (rel, text) in &site {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| InitError::Write(parent.to_path_buf(), error))?;
        }
        std::fs::write(&target, text).map_err(|error| InitError::Write(target.clone(), error))?;
    }
    Ok(site.len() + write_editor_files(dir)?)
}

/// Writes the new site's JSON Schemas and the VS Code settings that map its sections' files to
/// them, and returns how many files that is.
fn write_editor_files(dir: &Path) -> Result<usize, InitError> {
    let model =
        schema::SiteModel::from_site(dir).map_err(|error| InitError::Schema(error.to_string()))?;
    let schemas = schema::write_model(&model, &dir.join(schema::DEFAULT_DIR))
        .map_err(|error| InitError::Schema(error.to_string()))?;
    let settings = dir.join(schema::VSCODE_SETTINGS);
    if let Some(parent) = settings.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| InitError::Write(parent.to_path_buf(), error))?;
    }
    let text = schema::vscode_settings(&model, schema::DEFAULT_DIR);
    std::fs::write(&settings, text).map_err(|error| InitError::Write(settings.clone(), error))?;
    Ok(schemas.len() + 1)
}
