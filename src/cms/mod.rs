//! `soteria cms`: a Decap CMS admin for the site, made from the same model as `soteria schema`
//! — `config.yml` with a folder collection per section and a widget per field, i18n over the
//! site's languages, and an `index.html` that loads the CMS from a copy of its bundle that the
//! site serves itself (never a CDN).

mod widgets;

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::content::CONTENT_DIR;
use crate::pipeline::BuildError;
use crate::schema::{Section, SiteModel};
use crate::security::html::escape_html;

use widgets::{map, text};

/// Where `soteria cms` writes the admin by default, under the site's root: `static/` is copied
/// into the built site, so the admin is served at `/admin/`.
pub const DEFAULT_DIR: &str = "static/admin";

/// Where the Decap CMS bundle is when `npm install decap-cms` ran in the site's folder.
pub const BUNDLE_IN_SITE: &str = "node_modules/decap-cms/dist/decap-cms.js";

/// The bundle's name beside `index.html`.
pub(crate) const BUNDLE_FILE: &str = "decap-cms.js";

/// What `soteria cms` is asked to do.
#[derive(Debug, Clone)]
pub struct CmsOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The folder to write into, relative to `root` unless absolute.
    pub out: PathBuf,
    /// The Decap CMS bundle to copy, instead of the one in the site's `node_modules/`.
    pub bundle: Option<PathBuf>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// The folder written into.
    pub dir: PathBuf,
    /// The bundle copied next to `index.html`, or `Err` with where it was looked for.
    pub bundle: Result<PathBuf, PathBuf>,
}

/// Writes `config.yml` and `index.html` into the admin folder and copies the bundle next to
/// them when it is found. A missing bundle is not an error here: the caller says what to run.
pub fn write(options: &CmsOptions) -> Result<Written, BuildError> {
    let model = SiteModel::from_site(&options.root)?;
    let dir = options.root.join(&options.out);
    std::fs::create_dir_all(&dir).map_err(BuildError::Write)?;
    let put = |name: &str, text: String| std::fs::write(dir.join(name), text);
    put("config.yml", config_yaml(&model)).map_err(BuildError::Write)?;
    put("index.html", index_html(&model)).map_err(BuildError::Write)?;
    let source = options
        .bundle
        .clone()
        .unwrap_or_else(|| options.root.join(BUNDLE_IN_SITE));
    let bundle = if source.is_file() {
        copy_bundle(&source, &dir).map_err(BuildError::Write)?;
        Ok(source)
    } else {
        Err(source)
    };
    Ok(Written { dir, bundle })
}

/// Copies the bundle into `dir` as [`BUNDLE_FILE`], with the chunks it loads from beside itself
/// (`1077.decap-cms.js`, …: the parts webpack split off, fetched as the admin needs them).
fn copy_bundle(source: &Path, dir: &Path) -> std::io::Result<()> {
    std::fs::copy(source, dir.join(BUNDLE_FILE))?;
    let (Some(folder), Some(name)) = (source.parent(), source.file_name()) else {
        return Ok(());
    };
    let suffix = format!(".{}", name.to_string_lossy());
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let mut chunks: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(&suffix))
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        })
        .collect();
    chunks.sort();
    for chunk in chunks {
        if let Some(chunk_name) = chunk.file_name() {
            let target = format!(
                "{}.{BUNDLE_FILE}",
                chunk_name.to_string_lossy().trim_end_matches(&suffix)
            );
            std::fs::copy(&chunk, dir.join(target))?;
        }
    }
    Ok(())
}

/// The comment at the top of `config.yml`.
const CONFIG_COMMENT: &str = "\
# Decap CMS configuration, written by `soteria cms` from site.yaml and the site's sections.
# Change: the backend below; for the rest, change site.yaml or the sections and run `soteria cms`
# again (this file is written anew each time).
#
# local_backend: while you try the CMS on your own computer, run
# `BIND_HOST=127.0.0.1 npx decap-server` in the site's folder (without BIND_HOST it listens on every
# network interface): the CMS served from localhost then saves into the files here, through that
# server on port 8081, with no login.
# backend: where editors' changes go once the site is online. `git-gateway` needs Netlify
# Identity; for GitHub write instead:
#   backend: {name: github, repo: your-organisation/your-site, branch: main}
";

/// `config.yml`: the backend placeholder, the media folder, i18n, a collection per section.
pub(crate) fn config_yaml(model: &SiteModel) -> String {
    let languages: Vec<Value> = model
        .config
        .language_codes()
        .into_iter()
        .map(text)
        .collect();
    let config = map([
        ("local_backend", Value::Bool(true)),
        (
            "backend",
            map([("name", text("git-gateway")), ("branch", text("main"))]),
        ),
        ("media_folder", text("static/images")),
        ("public_folder", text("/images")),
        (
            "i18n",
            map([
                ("structure", text("multiple_files")),
                ("locales", Value::Sequence(languages)),
                ("default_locale", text(&model.config.default_language)),
            ]),
        ),
        (
            "collections",
            Value::Sequence(
                model
                    .sections
                    .iter()
                    .map(|section| collection(model, section))
                    .collect(),
            ),
        ),
    ]);
    let yaml = serde_yaml::to_string(&config).unwrap_or_default();
    format!("{CONFIG_COMMENT}{yaml}")
}

/// A section's folder collection: its pages as files (`referral.md`) or as page folders
/// (`checklist/index.md`, with their attachments beside them).
fn collection(model: &SiteModel, section: &Section) -> Value {
    let mut pairs: Mapping = [
        ("name", text(&section.key.replace('/', "-"))),
        ("label", text(&section.title)),
        ("label_singular", text(section.content_type.name())),
        ("folder", text(&format!("{CONTENT_DIR}/{}", section.key))),
        ("create", Value::Bool(true)),
        ("extension", text("md")),
        ("format", text("yaml-frontmatter")),
        ("i18n", Value::Bool(true)),
    ]
    .into_iter()
    .map(|(key, value)| (text(key), value))
    .collect();
    if section.page_folders {
        pairs.insert(text("path"), text("{{slug}}/index"));
        pairs.insert(text("media_folder"), text(""));
        pairs.insert(text("public_folder"), text(""));
    }
    pairs.insert(
        text("fields"),
        Value::Sequence(widgets::form_fields(model, section.content_type)),
    );
    Value::Mapping(pairs)
}

/// `index.html`: the admin page, loading the bundle beside it and nothing from elsewhere.
pub(crate) fn index_html(model: &SiteModel) -> String {
    let lang = &model.config.default_language;
    let title = model.config.title.get(lang, lang);
    format!(
        "<!doctype html>\n\
         <!-- Written by `soteria cms`. Change: nothing here; run `soteria cms` again instead. -->\n\
         <html lang=\"{lang}\" dir=\"{dir}\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>Content manager · {title}</title>\n\
         </head>\n\
         <body>\n\
         <script src=\"{BUNDLE_FILE}\"></script>\n\
         </body>\n\
         </html>\n",
        lang = escape_html(lang),
        dir = model.config.direction(lang).as_str(),
        title = escape_html(title),
    )
}

/// Where the bundle was looked for, and what to run to get it.
pub fn missing_bundle_help(looked: &Path) -> String {
    format!(
        "the Decap CMS bundle is not at {}: run `npm install decap-cms@3` in the site's folder and `soteria cms` again, or give its path with `--bundle PATH/decap-cms.js`",
        looked.display()
    )
}
