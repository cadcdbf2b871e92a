//! URLs: where each page lands (`guidance/referral/`), checked so that nothing escapes the output
//! folder and no two pages or redirects claim the same file.

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::parse::ParsedPage;
use crate::resolve::Page;

/// The path of each page (below the base path, ending in `/`) and the output paths of its
/// aliases, in the order of `pages`.
pub(super) fn assign_paths(
    config: &Config,
    pages: &[ParsedPage],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<String>)> {
    let default_language = config.default_language.as_str();
    let slugs: HashMap<(&str, &str), &str> = pages
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
    let segment = |key: &str, lang: &str| -> String {
        let own = key.rsplit('/').next().unwrap_or(key);
        slugs
            .get(&(key, lang))
            .or_else(|| slugs.get(&(key, default_language)))
            .map_or_else(|| own.to_string(), |s| s.to_string())
    };
    pages
        .iter()
        .map(|page| {
            let lang = page.id.lang.as_str();
            let mut path = if lang == default_language {
                String::new()
            } else {
                format!("{lang}/")
            };
            let key = page.id.key.as_str();
            if !key.is_empty() {
                for (end, _) in key.match_indices('/').chain([(key.len(), "")]) {
                    path.push_str(&segment(&key[..end], lang));
                    path.push('/');
                }
            }
            let aliases = page
                .front
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
                            .with_help(
                                "write an old URL path of this site, e.g. `/guidance/old-name/`",
                            ),
                        );
                        None
                    }
                })
                .collect();
            (path, aliases)
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
