//! Internal links: `[text](@/section/page.md#anchor)` checked against the site and turned into
//! the target's URL in the reader's language.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkRef};
use crate::parse::ParsedPage;
use crate::resolve::{Page, PageId};

/// Every source path a link may name (drafts too, to tell "draft" from "missing").
pub(super) struct LinkTargets {
    /// Path under `content/` → (key, is a draft).
    by_rel: HashMap<String, (String, bool)>,
}

impl LinkTargets {
    pub(super) fn new(pages: &[ParsedPage]) -> Self {
        let by_rel = pages
            .iter()
            .map(|page| (page.id.rel.clone(), (page.id.key.clone(), page.front.draft)))
            .collect();
        LinkTargets { by_rel }
    }

    /// The key of the page `target` names: the exact path, or the path completed with `.md`,
    /// `/index.md` or `/_index.md`.
    fn find(&self, target: &str) -> Option<&(String, bool)> {
        let target = target.trim_end_matches('/');
        self.by_rel.get(target).or_else(|| {
            [".md", "/index.md", "/_index.md"]
                .iter()
                .find_map(|suffix| self.by_rel.get(&format!("{target}{suffix}")))
        })
    }

    /// The known path closest to a mistyped one.
    fn closest(&self, target: &str) -> Option<&str> {
        self.by_rel
            .keys()
            .map(|rel| (strsim::levenshtein(rel, target), rel))
            .filter(|(distance, _)| *distance <= 3.max(target.len() / 4))
            .min()
            .map(|(_, rel)| rel.as_str())
    }
}

/// Fills in the links of pages once every page's URL is known.
pub(super) struct Resolver<'a> {
    base_path: String,
    default_language: &'a str,
    pages: &'a [Page],
    index: &'a HashMap<(&'a str, &'a str), PageId>,
    targets: &'a LinkTargets,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(
        config: &'a Config,
        pages: &'a [Page],
        index: &'a HashMap<(&'a str, &'a str), PageId>,
        targets: &'a LinkTargets,
    ) -> Self {
        Resolver {
            base_path: config.base_path(),
            default_language: &config.default_language,
            pages,
            index,
            targets,
        }
    }

    /// The page's HTML with every link filled in; broken ones are reported and point nowhere.
    pub(super) fn fill(
        &self,
        source: &ParsedPage,
        page: &Page,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let hrefs: Vec<String> = source
            .body
            .links
            .iter()
            .map(|link| match self.resolve(link, &page.lang, &source.path) {
                Ok(href) => href,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic.at(link.location.clone()));
                    "#".to_string()
                }
            })
            .collect();
        markdown::fill_placeholders(&source.body.html, |i| {
            hrefs.get(i).cloned().unwrap_or_else(|| "#".to_string())
        })
    }

    fn resolve(&self, link: &LinkRef, lang: &str, file: &Path) -> Result<String, Diagnostic> {
        let Some((key, draft)) = self.targets.find(&link.target) else {
            let mut error = Diagnostic::error(
                "broken-link",
                file,
                format!(
                    "the link points to `@/{}`, which does not exist",
                    link.target
                ),
            );
            error = match self.targets.closest(&link.target) {
                Some(near) => error.with_help(format!("did you mean `@/{near}`?")),
                None => error.with_help(
                    "link with the file's path under content/, e.g. `@/guidance/referral.md`",
                ),
            };
            return Err(error);
        };
        let target = self
            .index
            .get(&(key.as_str(), lang))
            .or_else(|| self.index.get(&(key.as_str(), self.default_language)))
            .map(|&id| &self.pages[id]);
        let Some(target) = target else {
            let reason = if *draft {
                "a draft, so it is not published"
            } else {
                "not published"
            };
            return Err(Diagnostic::error(
                "broken-link",
                file,
                format!("the link points to `@/{}`, which is {reason}", link.target),
            )
            .with_help("publish the target (remove `draft: true`) or remove the link; `--drafts` builds drafts too"));
        };
        let mut href = format!("{}{}", self.base_path, target.path);
        if let Some(anchor) = &link.anchor {
            if !target.headings.iter().any(|h| &h.id == anchor) {
                let known: Vec<&str> = target
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .take(8)
                    .collect();
                let help = if known.is_empty() {
                    "the target has no headings; link to the page without `#…`".to_string()
                } else {
                    format!("anchors on that page: {}", known.join(", "))
                };
                return Err(Diagnostic::error(
                    "missing-anchor",
                    file,
                    format!("`@/{}` has no heading with the id `{anchor}`", link.target),
                )
                .with_help(help));
            }
            href.push('#');
            href.push_str(anchor);
        }
        let mut escaped = String::with_capacity(href.len());
        let _ = pulldown_cmark_escape::escape_href(&mut escaped, &href);
        Ok(escaped)
    }
}
