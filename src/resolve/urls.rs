//! URLs: where each page lands (`guidance/referral/`), checked so that nothing escapes the output
//! folder and no two pages or redirects claim the same file.

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::parse::ParsedPage;
use crate::resolve::Page;

/// Where pages land: a page's path is its language's prefix (none for the default language), then
/// one segment per level of its key, each the slug of the page or section at that level (in the
/// page's language, else the default language's) or the file or folder name.
pub(super) struct Paths<'a> {
    default_language: &'a str,
    slugs: HashMap<(&'a str, &'a str), &'a str>,
}

impl<'a> Paths<'a> {
    /// Collects the slugs of `pages`, reporting those that are not a single URL segment.
    pub(super) fn new(
        config: &'a Config,
        pages: &'a [ParsedPage],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let slugs = pages
            .iter()
            .filter_map(|page| {
                let slug = page.front.slug.as_deref()?;
                match check_segment(slug) {
                    Ok(()) => Some(((page.id.key.as_str(), page.id.lang.as_str()), slug)),
                    Err(reason) => {
                        diagnostics.push(
                            Diagnostic::error("bad-slug", &page.path, format!("the slug `{slug}` {reason}"))
                                .at(page.field_location("slug"))
                                .with_help("a slug is one part of a URL: letters, digits and `-`, e.g. `slug: referral-steps`"),
                        );
                        None
                    }
                }
            })
            .collect();
        Paths {
            default_language: &config.default_language,
            slugs,
        }
    }

    /// The path of page `key` in `lang`, below the base path and ending in `/`.
    pub(super) fn path(&self, key: &str, lang: &str) -> String {
        let mut path = if lang == self.default_language {
            String::new()
        } else {
            format!("{lang}/")
        };
        if !key.is_empty() {
            for (end, _) in key.match_indices('/').chain([(key.len(), "")]) {
                path.push_str(self.segment(&key[..end], lang));
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

/// The output paths of a page's aliases, reporting those that would leave the site.
pub(super) fn alias_outputs(page: &ParsedPage, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    page.front
        .aliases
        .iter()
        .filter_map(|alias| match normalize_alias(alias) {
            Ok(output) => Some(output),
            Err(reason) => {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-alias",
                        &page.path,
                        format!("the alias `{alias}` {reason}"),
                    )
                    .at(page.field_location("aliases"))
                    .with_help("write an old URL path of this site, e.g. `/guidance/old-name/`"),
                );
                None
            }
        })
        .collect()
}

/// Checks that a slug is one safe URL segment.
fn check_segment(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() || slug == "." || slug == ".." {
        Err("is not a name")
    } else if slug.contains(['/', '\\']) {
        Err("contains a slash; a slug is a single part of the URL")
    } else if slug
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#%\"<>".contains(c))
    {
        Err("contains spaces or characters that cannot stand in a URL")
    } else {
        Ok(())
    }
}

/// The output file of an alias (`/old/path/` → `old/path/index.html`), refusing any path that
/// would leave the output folder.
pub fn normalize_alias(alias: &str) -> Result<String, &'static str> {
    let path = alias.trim().trim_start_matches('/');
    if path.is_empty() {
        return Err("is the home page's URL");
    }
    if path.contains("://") || path.contains('\\') || path.contains(['?', '#']) {
        return Err("is not a path of this site");
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err("has an empty, `.` or `..` part and could point outside the site");
    }
    if trimmed.ends_with(".html") && !path.ends_with('/') {
        Ok(trimmed.to_string())
    } else {
        Ok(format!("{trimmed}/index.html"))
    }
}

/// Reports every output file claimed twice (two pages on one URL, or an alias on a page's URL).
pub(super) fn check_unique_outputs(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<String, usize> = HashMap::new();
    for (id, page) in pages.iter().enumerate() {
        let own = format!("{}index.html", page.path);
        for output in std::iter::once(&own).chain(&page.aliases) {
            match owners.get(output) {
                Some(&other) => {
                    let other_file = pages[other]
                        .source
                        .as_ref()
                        .map_or_else(|| "the home page".to_string(), |p| p.display().to_string());
                    let file = page.source.clone().unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::error(
                            "duplicate-url",
                            file,
                            format!("`/{output}` is also written by {other_file}"),
                        )
                        .with_help("give one of the pages another `slug`, or remove the alias"),
                    );
                }
                None => {
                    owners.insert(output.clone(), id);
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
    }

    #[test]
    fn slugs_are_single_segments() {
        assert!(check_segment("referral-steps").is_ok());
        assert!(check_segment("hänvisning").is_ok());
        for bad in ["", "..", "a/b", "a b", "x?y"] {
            assert!(check_segment(bad).is_err(), "{bad}");
        }
    }
}
