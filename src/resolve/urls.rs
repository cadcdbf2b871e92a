//! URLs: where each page lands (`guidance/referral/`) and its URL below the base path, checked so
//! that nothing escapes the output folder and no two pages or redirects claim the same file. Every
//! front matter value that becomes part of a path passes [`crate::paths`]. [`Urls`] is the one
//! place that puts a language's prefix and the base path before a path.

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::parse::ParsedPage;
use crate::paths::{self, shown, SEGMENT_HELP};
use crate::resolve::Page;

/// A redirect from an old URL of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The output file of the redirect (`old/path/index.html`).
    pub output: String,
    /// Where the alias is written in the page's front matter.
    pub location: Location,
}

/// How paths of the site become URLs: every language but the default one has its part of the
/// site under its code (`sv/`), and the whole site is under the base URL's path (`/network/`).
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    base_path: String,
    default_language: String,
}

impl Urls {
    /// The URLs of a site with `config`'s base URL and default language.
    pub(crate) fn new(config: &Config) -> Urls {
        Urls {
            base_path: config.base_path(),
            default_language: config.default_language.clone(),
        }
    }

    /// The base path (`/` or `/network/`).
    pub(crate) fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `path` in `lang`'s part of the site, below the base path: `sv/search/` for `search/` in
    /// Swedish, `search/` itself in the default language.
    pub(crate) fn path(&self, lang: &str, path: &str) -> String {
        if lang == self.default_language {
            path.to_string()
        } else {
            format!("{lang}/{path}")
        }
    }

    /// The URL of `path`, a path below the base path (`sv/search/` → `/network/sv/search/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The URL of `path` in `lang`'s part of the site (`search/` → `/network/sv/search/`).
    pub(crate) fn in_language(&self, lang: &str, path: &str) -> String {
        self.url(&self.path(lang, path))
    }
}

/// Where pages land: a page's path is its language's prefix (none for the default language), then
/// one segment per level of its key, each the slug of the page or section at that level (in the
/// page's language, else the default language's) or the file or folder name.
pub(super) struct Paths<'a> {
    urls: &'a Urls,
    default_language: &'a str,
    slugs: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> Paths<'a> {
    /// Collects the slugs of `pages` (each checked by [`check_path_fields`]).
    pub(super) fn new(config: &'a Config, urls: &'a Urls, pages: &'a [ParsedPage]) -> Self {
        let slugs = pages
            .iter()
            .filter_map(|page| {
                let slug = page.front.slug.as_deref()?;
                paths::check_segment(slug).ok()?;
                Some(((page.id.key.as_str(), page.id.lang.as_str()), slug))
            })
            .collect();
        Paths {
            urls,
            default_language: &config.default_language,
            slugs,
        }
    }

    /// The path of page `key` in `lang`, below the base path and ending in `/`.
    pub(super) fn path(&self, key: &str, lang: &str) -> String {
        let mut path = self.urls.path(lang, "");
        if !key.is_empty() {
            for (end, _) in key.match_indices('/').chain([(key.len(), "")]) {
                path.push_str(self.segment(key.get(..end).unwrap_or(key), lang));
                path.push('/');
            }
        }
        path
    }

    fn segment<'k>(&'k self, key: &'k str, lang: &str) -> &'k str {
        self.slugs
            .get(&(key, lang))
            .or_else(|| self.slugs.get(&(key, self.default_language)))
            .copied()
            .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key))
    }
}

/// Reports every value of `page`'s front matter that would become a path segment but cannot be
/// one (see [`crate::paths`]), at the value itself.
pub(super) fn check_path_fields(page: &ParsedPage, diagnostics: &mut Vec<Diagnostic>) {
    for (field, value) in segment_values(page) {
        // Terms are lower-cased on their way to a URL: that form must be safe too.
        let lower = value.to_lowercase();
        let Err(why) = paths::check_segment(value).and_then(|()| paths::check_segment(&lower))
        else {
            if lower == "index.html" {
                diagnostics.push(index_folder(page, field, value));
            }
            continue;
        };
        let (code, what) = if field == "slug" {
            ("bad-slug", "the slug".to_string())
        } else {
            ("bad-path-segment", format!("the `{field}` value"))
        };
        diagnostics.push(
            Diagnostic::error(
                code,
                &page.path,
                format!("{what} `{}` {why}", shown(value)),
            )
            .at(value_location(page, field, value))
            .with_help(format!(
                "it becomes part of a URL and a folder of the output: {SEGMENT_HELP}, e.g. `referral-steps`"
            )),
        );
    }
}

/// The front matter values of `page` that become folders of the output, each with its field: the
/// page's own last URL segment, and the taxonomy and facet pages of its terms
/// (`/themes/trafficking/`, `/practices/evidence/evaluated/`).
fn segment_values(page: &ParsedPage) -> Vec<(&'static str, &str)> {
    let front = &page.front;
    let mut values = Vec::new();
    values.extend(front.slug.as_deref().map(|slug| ("slug", slug)));
    values.extend(front.themes.iter().map(|theme| ("themes", theme.as_str())));
    values.extend(front.country.as_deref().map(|country| ("country", country)));
    values.extend(front.countries.iter().map(|c| ("countries", c.as_str())));
    values.extend(
        front
            .evidence
            .as_deref()
            .map(|evidence| ("evidence", evidence)),
    );
    values
}

/// The error for a value that would make a folder `index.html` beside (and in place of) the
/// `index.html` of the page or list it belongs to.
fn index_folder(page: &ParsedPage, field: &str, value: &str) -> Diagnostic {
    Diagnostic::error(
        "path-taken",
        &page.path,
        format!(
            "the `{field}` value `{value}` would make a folder `index.html`, where the page above it has its own file `index.html`"
        ),
    )
    .at(value_location(page, field, value))
    .with_help("give it a name of its own, e.g. `referral-steps`; pages are written as NAME/index.html already")
}

/// Where `value` of `field` is written, or the field when it cannot be found as written.
fn value_location(page: &ParsedPage, field: &str, value: &str) -> Location {
    page.locate_in_field(field, value)
        .unwrap_or_else(|| page.field_location(field))
}

/// The redirects of a page's aliases, reporting those that would leave the site.
pub(super) fn alias_outputs(page: &ParsedPage, diagnostics: &mut Vec<Diagnostic>) -> Vec<Alias> {
    page.front
        .aliases
        .iter()
        .filter_map(|alias| {
            let location = value_location(page, "aliases", alias);
            match normalize_alias(alias) {
                Ok(output) => Some(Alias { output, location }),
                Err(reason) => {
                    diagnostics.push(
                        Diagnostic::error(
                            "bad-alias",
                            &page.path,
                            format!("the alias `{}` {reason}", shown(alias)),
                        )
                        .at(location)
                        .with_help(format!(
                            "write an old URL path of this site, e.g. `/guidance/old-name/`; in each of its parts, {SEGMENT_HELP}"
                        )),
                    );
                    None
                }
            }
        })
        .collect()
}

/// The output file of an alias (`/old/path/` → `old/path/index.html`), refusing any path that
/// would leave the output folder.
pub(crate) fn normalize_alias(alias: &str) -> Result<String, String> {
    let path = alias.trim();
    if path.contains("://") {
        return Err("is not a path of this site".to_string());
    }
    if path.trim_matches('/').is_empty() {
        return Err("is the home page's URL".to_string());
    }
    paths::check_relative(path).map_err(|why| format!("has a part that {why}"))?;
    let trimmed = path.trim_matches('/');
    if trimmed.ends_with(".html") && !path.ends_with('/') {
        Ok(trimmed.to_string())
    } else {
        Ok(format!("{trimmed}/index.html"))
    }
}

/// Who claims an output file: a page (at its slug, when it has one) or one of its aliases.
fn claim_of(page: &Page, output: &str) -> (String, Option<Location>) {
    let file = page
        .source
        .as_ref()
        .map_or_else(|| "the home page".to_string(), |p| p.display().to_string());
    match page.aliases.iter().find(|alias| alias.output == output) {
        Some(alias) => (format!("{file} (an alias)"), Some(alias.location.clone())),
        None => {
            let slug = page.front.slug.as_ref().and_then(|_| {
                let found = page.field_locations.iter().find(|(key, _)| key == "slug");
                found.map(|(_, location)| location.clone())
            });
            (file, slug)
        }
    }
}

/// Reports every output file claimed twice (two pages on one URL, or an alias on a page's URL),
/// at the later claim, naming the first.
pub(super) fn check_unique_outputs(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, usize> = HashMap::new();
    let own_paths: Vec<String> = pages
        .iter()
        .map(|p| format!("{}index.html", p.path))
        .collect();
    for (id, page) in pages.iter().enumerate() {
        let outputs = std::iter::once(own_paths[id].as_str())
            .chain(page.aliases.iter().map(|alias| alias.output.as_str()));
        for output in outputs {
            match owners.get(output) {
                Some(&other) => {
                    let (other_claim, _) = claim_of(&pages[other], output);
                    let (_, location) = claim_of(page, output);
                    let file = page.source.clone().unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::error(
                            "duplicate-url",
                            file,
                            format!("`/{}` is also written by {other_claim}", shown(output)),
                        )
                        .at_opt(location)
                        .with_help("give one of the pages another `slug`, or remove the alias"),
                    );
                }
                None => {
                    owners.insert(output, id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(
            normalize_alias("/old/path/").unwrap(),
            "old/path/index.html"
        );
        assert_eq!(normalize_alias("old.html").unwrap(), "old.html");
        assert!(normalize_alias("/../etc/passwd").is_err());
        assert!(normalize_alias("a/./b").is_err());
        assert!(normalize_alias("/").is_err());
        assert!(normalize_alias("https://evil.example/").is_err());
        for disguised in [
            "/%2e%2e/x/",
            "/a\\..\\b/",
            "/\u{FF0E}\u{FF0E}/x/",
            "/a\u{2215}b/",
            "C:/x",
        ] {
            assert!(normalize_alias(disguised).is_err(), "{disguised}");
        }
    }
}
