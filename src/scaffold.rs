//! `soteria new`: a new page of a content type, or the translation of an existing page, with the
//! front matter it needs (a translation records the `source_hash` of its source).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{Config, FieldKind};
use crate::content::schema::placeholders::{self, PLACEHOLDER};
use crate::content::schema::Schema;
use crate::content::types::ContentType;
use crate::content::{self, front_matter, SourceFile, CONTENT_DIR};
use crate::status::source_hash;

/// What `soteria new` made.
#[derive(Debug)]
pub struct Created {
    /// The new file, relative to the site's root.
    pub path: PathBuf,
    /// For a translation: the file it translates.
    pub source: Option<PathBuf>,
}

/// Why nothing was made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The request cannot be carried out as given.
    #[error("{0}")]
    Usage(String),
    /// The request cannot be carried out as given, and there is something to do instead.
    #[error("{message}")]
    Refused {
        /// What is wrong.
        message: String,
        /// What to do instead.
        help: String,
    },
    /// Writing failed.
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
}

impl ScaffoldError {
    /// What to do instead, when there is something to say.
    pub fn help(&self) -> Option<&str> {
        match self {
            ScaffoldError::Refused { help, .. } => Some(help),
            _ => None,
        }
    }
}

/// Creates a page of `content_type` named `slug` (or at `slug` when it is a path under
/// `content/`), in `lang` or the default language, with the fields `schema` requires. When the
/// page exists in the default language and `lang` is another, creates its translation instead.
pub fn new_page(
    root: &Path,
    config: &Config,
    schema: &Schema,
    content_type: &str,
    slug: &str,
    lang: Option<&str>,
) -> Result<Created, ScaffoldError> {
    let content_type: ContentType = content_type.parse().map_err(|unknown| {
        ScaffoldError::Usage(format!("{unknown}; use one of: {}", ContentType::names()))
    })?;
    let languages = config.language_codes();
    let lang = lang.unwrap_or(&config.default_language);
    if !languages.contains(&lang) {
        return Err(ScaffoldError::Usage(format!(
            "`{lang}` is not one of the site's languages ({}); add it under `languages` in site.yaml",
            languages.join(", ")
        )));
    }
    let (content, _) = content::load(root, &languages);
    let key = page_key(&content.sources, content_type, slug)?;
    let exists = |lang: &str| {
        content
            .sources
            .iter()
            .find(|s| s.id.key == key && s.id.lang == lang)
    };
    if let Some(existing) = exists(lang) {
        return Err(ScaffoldError::Usage(format!(
            "{} already exists",
            existing.path.display()
        )));
    }
    let original = exists(&config.default_language);
    if original.is_none() && lang != config.default_language {
        return Err(no_original(
            &content.sources,
            config,
            content_type,
            &key,
            lang,
        ));
    }
    let (path, text) = match original {
        Some(source) if lang != config.default_language => (
            translation_path(root, source, lang),
            translation_text(source),
        ),
        // A tool is a page folder: its attachments go beside its `index.md`.
        _ if content_type == ContentType::Tool => (
            root.join(CONTENT_DIR)
                .join(&key)
                .join(format!("index{}.md", suffix(config, lang))),
            new_text(schema, content_type, &key),
        ),
        _ => (
            root.join(CONTENT_DIR)
                .join(format!("{key}{}.md", suffix(config, lang))),
            new_text(schema, content_type, &key),
        ),
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| ScaffoldError::Write(path.clone(), e))?;
    }
    fs::write(&path, text).map_err(|e| ScaffoldError::Write(path.clone(), e))?;
    Ok(Created {
        path: content::relative(root, &path),
        source: original
            .filter(|_| lang != config.default_language)
            .map(|s| s.path.clone()),
    })
}

/// The key of the page to create: `slug` as a path under `content/`, or `slug` in the first
/// section whose type is `content_type` (the content folder itself for `page`).
fn page_key(
    sources: &[SourceFile],
    content_type: ContentType,
    slug: &str,
) -> Result<String, ScaffoldError> {
    let slug = slug
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .trim_matches('/');
    let bad_part = slug.split('/').find_map(|part| {
        let why = crate::paths::check_segment(part).err()?;
        Some((part, why))
    });
    if let Some((part, why)) = bad_part {
        let shown = crate::paths::shown;
        return Err(ScaffoldError::Usage(format!(
            "`{}` is not a page name: `{}` {why}; write e.g. `referral-steps`",
            shown(slug),
            shown(part)
        )));
    }
    if slug.contains('/') {
        return Ok(slug.to_string());
    }
    let section = sources.iter().filter(|s| s.id.is_section).find(|s| {
        front_matter::parse(&s.path, &s.text)
            .ok()
            .and_then(|p| p.mapping.get("type")?.as_str()?.parse().ok())
            == Some(content_type)
    });
    match section {
        Some(section) if section.id.key.is_empty() => Ok(slug.to_string()),
        Some(section) => Ok(format!("{}/{slug}", section.id.key)),
        None if content_type == ContentType::default() => Ok(slug.to_string()),
        None => {
            let folder = section_folder(content_type);
            let mut title = folder.to_string();
            if let Some(first) = title.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            Err(ScaffoldError::Refused {
                message: format!("the site has no section of {content_type} pages (no `_index.md` says `type: {content_type}`)"),
                help: format!(
                    "make one: create `content/{folder}/_index.md` holding these four lines: `---`, `title: {title}`, `type: {content_type}`, `---`; then run this command again"
                ),
            })
        }
    }
}

/// The refusal of a translation into `lang` of the page `key`, which does not exist in the
/// default language: the nearest page that does (by edit distance of the keys) is named.
fn no_original(
    sources: &[SourceFile],
    config: &Config,
    content_type: ContentType,
    key: &str,
    lang: &str,
) -> ScaffoldError {
    let default = &config.default_language;
    let message = format!(
        "there is no page `{key}` in {default}, the default language, to translate into {lang}"
    );
    let nearest = sources
        .iter()
        .filter(|s| s.id.lang == *default && !s.id.key.is_empty())
        .min_by_key(|s| (strsim::levenshtein(&s.id.key, key), s.id.key.clone()));
    let help = match nearest {
        Some(page) => format!(
            "the nearest page is `{}` ({}): `soteria new {content_type} {} --lang {lang}`; or write the page in {default} first: `soteria new {content_type} {key}`",
            page.id.key,
            page.path.display(),
            page.id.key,
        ),
        None => format!("write the page in {default} first: `soteria new {content_type} {key}`"),
    };
    ScaffoldError::Refused { message, help }
}

/// The folder the section of a type's pages is usually called.
fn section_folder(content_type: ContentType) -> &'static str {
    match content_type {
        ContentType::Page => "pages",
        ContentType::Guidance => "guidance",
        ContentType::Standard => "standards",
        ContentType::Tool => "tools",
        ContentType::Finding => "findings",
        ContentType::Practice => "practices",
        ContentType::Project => "projects",
        ContentType::News => "news",
    }
}

fn suffix(config: &Config, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    }
}

/// `referral.md` → `referral.sv.md`; `kit/index.md` → `kit/index.sv.md`.
fn translation_path(root: &Path, source: &SourceFile, lang: &str) -> PathBuf {
    let rel = source.id.rel.trim_end_matches(".md");
    root.join(CONTENT_DIR).join(format!("{rel}.{lang}.md"))
}

/// The source's front matter with `source_hash` recorded, and its body to translate.
fn translation_text(source: &SourceFile) -> String {
    let hash = source_hash(&source.text);
    match front_matter::split(&source.text) {
        Ok(split) => {
            let yaml: String = split
                .yaml
                .lines()
                .filter(|line| !line.starts_with("source_hash:"))
                .map(|line| format!("{line}\n"))
                .collect();
            format!("---\n{yaml}source_hash: \"{hash}\"\n---\n{}", split.body)
        }
        Err(_) => format!(
            "---\ntitle: \nsource_hash: \"{hash}\"\n---\n{}",
            source.text
        ),
    }
}

/// The front matter of a new page: a title from its name, today's date for news, and the type's
/// other required fields to fill in.
fn new_text(schema: &Schema, content_type: ContentType, key: &str) -> String {
    let name = key.rsplit('/').next().unwrap_or(key);
    let mut title: String = name.replace(['-', '_'], " ");
    // The first letter upper-cased, in any script (`översikt` → `Översikt`).
    let mut letters = title.chars();
    if let Some(first) = letters.next() {
        title = first.to_uppercase().chain(letters).collect();
    }
    let mut yaml = format!(
        "# A draft: published once you remove `draft: true`. Replace each \"{PLACEHOLDER} …\" first\n# (`soteria check` lists those left).\ndraft: true\ntitle: {title}\ndescription: \n"
    );
    // The site's own required fields (site.yaml `types:`) too, as `build` checks them.
    for field in schema
        .fields(content_type, false)
        .filter(|f| f.required && f.name != "title")
    {
        let name = &field.name;
        match &field.kind {
            FieldKind::Date => yaml.push_str(&format!("{name}: {}\n", today())),
            kind => yaml.push_str(&format!(
                "{name}: {}\n",
                placeholders::for_field(name, kind)
            )),
        }
    }
    format!("---\n{yaml}---\n\nWrite the page here.\n")
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_valid_date() {
        assert!(crate::content::schema::is_date(&today()), "{}", today());
    }

    #[test]
    fn translations_record_the_source_hash_and_keep_the_body() {
        let source = SourceFile {
            path: "content/a.md".into(),
            id: content::SourceId::from_rel("a.md", &["en"]),
            text: "---\ntitle: A\n---\nBody.\n".to_string(),
        };
        let text = translation_text(&source);
        assert_eq!(
            text,
            format!(
                "---\ntitle: A\nsource_hash: \"{}\"\n---\nBody.\n",
                source_hash(&source.text)
            )
        );
    }
}
