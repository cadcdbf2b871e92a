//! References: `[text](@/section/page.md#anchor)` links and `[[std:5]]` standard references,
//! checked against the site and turned into links to the target in the reader's language.

#![cfg_attr(not(test), warn(clippy::string_slice))]

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkForm, Reference, Sections, StandardRef, Target};
use crate::parse::ParsedPage;
use crate::resolve::site_links::{self, SitePath, SitePaths};
use crate::resolve::standards::{self, Registry, StandardId};
use crate::resolve::{Page, PageId};
use crate::security::html::{escape_href, escape_html};

/// Every source path a link may name (drafts too, to tell "draft" from "missing"), and the
/// files that could not be parsed.
#[derive(Debug, Clone, Default)]
pub(super) struct LinkTargets {
    /// Path under `content/` → (key, is a draft, is a translation).
    by_rel: HashMap<String, (String, bool, bool)>,
    unparsed: HashSet<String>,
}

impl LinkTargets {
    pub(super) fn new(pages: &[ParsedPage], default: &str, unparsed: HashSet<String>) -> Self {
        let by_rel = pages
            .iter()
            .map(|page| {
                let id = (
                    page.id.key.clone(),
                    page.front.draft,
                    page.id.lang != default,
                );
                (page.id.rel.clone(), id)
            })
            .collect();
        LinkTargets { by_rel, unparsed }
    }

    /// Adds a new page's file (not a draft), as [`LinkTargets::new`] takes it.
    pub(super) fn add(&mut self, page: &ParsedPage, default: &str) {
        let id = (page.id.key.clone(), false, page.id.lang != default);
        self.by_rel.insert(page.id.rel.clone(), id);
    }

    /// The key of the page `target` names (and whether it is a draft): the exact path, or the
    /// path completed with `.md`, `/index.md` or `/_index.md`.
    fn find(&self, target: &str) -> Option<(&str, bool)> {
        completions(target)
            .find_map(|rel| self.by_rel.get(&rel))
            .map(|(key, draft, _)| (key.as_str(), *draft))
    }

    /// Whether `target` names a file that could not be parsed.
    fn is_unparsed(&self, target: &str) -> bool {
        completions(target).any(|rel| self.unparsed.contains(&rel))
    }

    /// The known path closest to a mistyped one.
    /// Originals come first: links name them, and a translation is suggested only when no
    /// original is as near.
    fn closest(&self, target: &str) -> Option<&str> {
        self.by_rel
            .iter()
            .map(|(rel, (_, _, translation))| (strsim::levenshtein(rel, target), *translation, rel))
            .filter(|(distance, _, _)| *distance <= 3.max(target.len() / 4))
            .min_by_key(|&(distance, translation, rel)| (translation, distance, rel))
            .map(|(_, _, rel)| rel.as_str())
    }
}

/// The paths a link's target may stand for: as written, or completed with `.md`, `/index.md` or
/// `/_index.md`.
fn completions(target: &str) -> impl Iterator<Item = String> + '_ {
    let target = target.trim_end_matches('/');
    ["", ".md", "/index.md", "/_index.md"]
        .into_iter()
        .map(move |suffix| format!("{target}{suffix}"))
}

/// Fills in the references of pages once every page's URL is known.
pub(super) struct Resolver<'a> {
    default_language: &'a str,
    pages: &'a [Arc<Page>],
    index: &'a HashMap<(String, String), PageId>,
    targets: &'a LinkTargets,
    site_paths: &'a SitePaths,
    standards: &'a Registry,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(
        config: &'a Config,
        pages: &'a [Arc<Page>],
        index: &'a HashMap<(String, String), PageId>,
        targets: &'a LinkTargets,
        site_paths: &'a SitePaths,
        standards: &'a Registry,
    ) -> Self {
        Resolver {
            default_language: &config.default_language,
            pages,
            index,
            targets,
            site_paths,
            standards,
        }
    }

    /// The page `key` in `lang`, else in the default language.
    fn page(&self, key: &str, lang: &str) -> Option<&'a Page> {
        [lang, self.default_language]
            .iter()
            .find_map(|l| self.index.get(&(key.to_string(), (*l).to_string())))
            .map(|&id| &*self.pages[id])
    }

    /// The page's HTML and sections with every reference filled in for its language, and the
    /// standards it refers to inline. Broken references are reported (at their place in the source) and
    /// point nowhere. Fallback pages share their original's source: its problems are reported
    /// once, with the original.
    pub(super) fn fill(
        &self,
        source: &ParsedPage,
        page: &Page,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (String, Arc<Sections>, Vec<StandardId>) {
        let mut cited = Vec::new();
        let mut report = |diagnostic: Diagnostic| {
            if !page.is_fallback {
                diagnostics.push(diagnostic);
            }
        };
        let filled: Vec<String> = source
            .body
            .references
            .iter()
            .map(|reference| {
                let result = match &reference.target {
                    Target::Page { path, anchor, form } => {
                        let anchor = anchor.as_deref();
                        self.link_as_written(*form, path, anchor, source, &page.lang)
                    }
                    Target::Standard(standard) => self
                        .standard_link(standard, page, &source.path)
                        .map(|(html, id)| {
                            cited.push(id);
                            html
                        })
                        .map_err(Some),
                };
                result.unwrap_or_else(|problem| {
                    if let Some(diagnostic) = problem {
                        report(diagnostic.at(reference.location.clone()));
                    }
                    placeholder_for_broken(reference)
                })
            })
            .collect();
        let fill = |i: usize| filled.get(i).cloned().unwrap_or_default();
        let html = markdown::fill_placeholders(&source.body.html, fill);
        let sections = &source.body.sections;
        let sections = if sections.has_placeholders() {
            Arc::new(sections.fill(fill))
        } else {
            Arc::clone(sections)
        };
        (html, sections, cited)
    }

    /// The URL of a page link written in `form`, or the problem with it (see [`Self::link`]).
    fn link_as_written(
        &self,
        form: LinkForm,
        path: &str,
        anchor: Option<&str>,
        source: &ParsedPage,
        lang: &str,
    ) -> Result<String, Option<Diagnostic>> {
        let file = source.path.as_path();
        match form {
            LinkForm::Content => self.link(path, anchor, lang, file, &format!("@/{path}")),
            LinkForm::Relative => match site_links::relative_target(&source.id.rel, path) {
                Some(target) => self.link(&target, anchor, lang, file, path),
                None => Err(Some(
                    Diagnostic::error(
                        "broken-link",
                        file,
                        format!("the link points to `{path}`, which is outside content/"),
                    )
                    .with_help(
                        "link with the file's path under content/, e.g. `@/guidance/referral.md`",
                    ),
                )),
            },
            LinkForm::Site => match self.site_paths.find(path) {
                SitePath::Page(key) => self.page_link(key, false, anchor, lang, file, path),
                SitePath::Generated(url) => {
                    let mut href = url;
                    if let Some(anchor) = anchor {
                        href.push('#');
                        href.push_str(anchor);
                    }
                    Ok(escape_href(&href))
                }
                SitePath::Missing(looked_up) => {
                    let error = Diagnostic::error(
                        "broken-link",
                        file,
                        format!("the link points to `{path}`, which is no page of the site"),
                    );
                    Err(Some(match self.site_paths.closest(&looked_up) {
                        Some(near) => error.with_help(format!("did you mean `{near}`?")),
                        None => error.with_help(
                            "link with the file's path under content/, e.g. `@/guidance/referral.md`",
                        ),
                    }))
                }
            },
        }
    }

    /// The URL of a page link to `target` (a path under `content/`, written as `shown`), or the
    /// problem with it: `None` for a link to a file that could not be parsed (its own errors
    /// are reported; one more for every link to it would bury them).
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
        lang: &str,
        file: &Path,
        shown: &str,
    ) -> Result<String, Option<Diagnostic>> {
        let Some((key, draft)) = self.targets.find(target) else {
            if self.targets.is_unparsed(target) {
                return Err(None);
            }
            let error = Diagnostic::error(
                "broken-link",
                file,
                format!("the link points to `{shown}`, which does not exist"),
            );
            return Err(Some(match self.targets.closest(target) {
                Some(near) => error.with_help(format!("did you mean `@/{near}`?")),
                None => error.with_help(
                    "link with the file's path under content/, e.g. `@/guidance/referral.md`",
                ),
            }));
        };
        self.page_link(key, draft, anchor, lang, file, shown)
    }

    /// The URL of the page `key` in `lang` (else the default language), with `anchor` checked,
    /// or the problem with it.
    fn page_link(
        &self,
        key: &str,
        draft: bool,
        anchor: Option<&str>,
        lang: &str,
        file: &Path,
        shown: &str,
    ) -> Result<String, Option<Diagnostic>> {
        let Some(page) = self.page(key, lang) else {
            let reason = if draft {
                "a draft, so it is not published"
            } else {
                "not published"
            };
            return Err(Some(Diagnostic::error(
                "broken-link",
                file,
                format!("the link points to `{shown}`, which is {reason}"),
            )
            .with_help("publish the target (remove `draft: true`) or remove the link; `--drafts` builds drafts too")));
        };
        let mut href = page.url.clone();
        if let Some(anchor) = anchor {
            if !has_anchor(page, anchor) {
                let mut known: Vec<&str> = page
                    .headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .take(12)
                    .collect();
                if page.headings.len() > known.len() {
                    known.push("…");
                }
                let help = if known.is_empty() {
                    "the target has no headings; link to the page without `#…`".to_string()
                } else {
                    format!("anchors on that page: {}", known.join(", "))
                };
                return Err(Some(
                    Diagnostic::error(
                        "missing-anchor",
                        file,
                        format!("`{shown}` has no heading with the id `{anchor}`"),
                    )
                    .with_help(help),
                ));
            }
            href.push('#');
            href.push_str(anchor);
        }
        Ok(escape_href(&href))
    }

    /// The link a `[[std:…]]` reference becomes: to the standard (or its sub-standard's anchor)
    /// in the page's language, labelled with its number and title there unless a label is given.
    fn standard_link(
        &self,
        reference: &StandardRef,
        page: &Page,
        file: &Path,
    ) -> Result<(String, StandardId), Diagnostic> {
        let (id, target, title) =
            self.standard(reference, &page.lang)
                .map_err(|(message, help)| {
                    Diagnostic::error("unknown-standard", file, message).with_help(help)
                })?;
        let mut href = target.url.clone();
        if let Some(anchor) = id.anchor() {
            href.push('#');
            href.push_str(&anchor);
        }
        let number = id.sub.as_deref().unwrap_or(&id.number);
        let (label, label_lang) = match &reference.label {
            Some(label) => (label.clone(), None),
            None => (
                format!(
                    "{} {title}",
                    self.standards.code(&id.framework, number, &page.lang)
                ),
                Some(&target.content_lang).filter(|l| **l != page.content_lang),
            ),
        };
        // A label in another language is isolated, so that e.g. an English label keeps its order
        // inside Arabic text.
        let lang_attr = label_lang
            .map(|l| format!(" lang=\"{l}\" dir=\"auto\""))
            .unwrap_or_default();
        let html = format!(
            "<a class=\"std-ref\" href=\"{}\"{lang_attr}>{}</a>",
            escape_href(&href),
            escape_html(&label)
        );
        Ok((html, id))
    }

    /// A standard reference resolved to its id, its page in `lang` and its title there.
    pub(super) fn standard(
        &self,
        reference: &StandardRef,
        lang: &str,
    ) -> Result<(StandardId, &'a Page, String), (String, String)> {
        let id = self.standards.resolve(reference)?;
        let key = self.standards.page_key(&id).unwrap_or_default();
        let target = self.page(key, lang).ok_or_else(|| {
            (
                format!("the page of standard {} is not published", id.number),
                "remove `draft: true` from it".to_string(),
            )
        })?;
        let title = match &id.sub {
            Some(sub) => target
                .front
                .substandards()
                .iter()
                .chain(
                    self.page(key, self.default_language)
                        .map_or(&[][..], |p| p.front.substandards()),
                )
                .find(|s| &s.id == sub)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            None => target.front.title.clone(),
        };
        Ok((id, target, title))
    }
}

/// True when `anchor` is a heading id or a sub-standard anchor of `page`.
fn has_anchor(page: &Page, anchor: &str) -> bool {
    page.headings.iter().any(|h| h.id == anchor)
        || page
            .front
            .substandards()
            .iter()
            .any(|s| standards::sub_anchor(&s.id) == anchor)
}

/// What a broken reference leaves in the (unwritten) output.
fn placeholder_for_broken(reference: &Reference) -> String {
    match reference.target {
        Target::Page { .. } => "#".to_string(),
        Target::Standard(_) => String::new(),
    }
}
