//! Print pages: every guide on one page per language, for paper and PDF (`SECTION/print/`).
//!
//! A guide is a section of standards, guidance or tools with pages of its own (at most
//! [`GUIDE_PAGES`]), or any section whose `_index.md` says `print: true` (`print: false` leaves
//! one out). Its print page has a
//! title page (the guide's title, the publisher, the date of its newest page and the build's
//! date), a table of contents, then every page of the section in listing order, each a chapter
//! starting on a new sheet, with its body made a chapter by [`super::print_html`]. Search leaves
//! print pages out (their text is indexed page by page); the sitemap lists them.

use std::collections::HashMap;

use serde::Serialize;

use super::context::FileView;
use super::print_html::{chapter_html, chapter_key, ChapterLinks};
use super::standards_view::{standard_id_of, SubStandardView};
use super::Renderer;
use crate::content::types::ContentType;
use crate::diagnostics::Diagnostic;
use crate::locale::i18n;
use crate::output::Output;
use crate::resolve::{standards, Page, PageId, Site};

/// The print page's path below its section's.
pub(crate) const PRINT_PATH: &str = "print/";

/// The most pages a section of standards, guidance or tools may have to get a print page
/// without asking for one: a guide is read from cover to cover, a listing of hundreds of pages
/// is not (and its print page would be the size of all of them). `print: true` gives any section
/// one.
pub(crate) const GUIDE_PAGES: usize = 100;

/// Whether the section page `page` has a print page.
pub(crate) fn has_print_page(page: &Page) -> bool {
    if !page.is_section || page.key.is_empty() || page.pages.is_empty() {
        return false;
    }
    match page
        .front
        .meta
        .get("print")
        .and_then(serde_yaml::Value::as_bool)
    {
        Some(asked) => asked,
        None => {
            page.pages.len() <= GUIDE_PAGES
                && matches!(
                    page.content_type,
                    ContentType::Standard | ContentType::Guidance | ContentType::Tool
                )
        }
    }
}

/// The URL of the print page of the guide that page `id` is (a section) or is part of; empty
/// when there is none.
pub(crate) fn print_url(site: &Site, id: PageId) -> String {
    let page = &site.pages[id];
    let section = if page.is_section {
        Some(id)
    } else {
        page.parent
    };
    section
        .map(|s| &site.pages[s])
        .filter(|section| has_print_page(section))
        .map_or_else(String::new, |section| {
            format!("{}{PRINT_PATH}", section.url)
        })
}

/// What the print template gets besides the section's own view (`page`).
#[derive(Serialize)]
pub(crate) struct PrintView<'a> {
    /// Who publishes the site (`footer.publisher`), in the page's language (may be empty).
    pub(crate) publisher: &'a str,
    /// The newest `updated` or `date` of the guide's pages (`2024-05-01`; may be empty).
    pub(crate) newest: String,
    /// `newest` as the reader's language writes it.
    pub(crate) newest_display: String,
    /// The day of the build (`SOURCE_DATE_EPOCH`'s when set).
    pub(crate) built: String,
    /// `built` as the reader's language writes it.
    pub(crate) built_display: String,
    /// The section page's full URL, where the guide is online.
    pub(crate) online: String,
    /// The chapters, one per page of the section, in listing order.
    pub(crate) chapters: Vec<Chapter<'a>>,
}

/// One page of the guide as a chapter.
#[derive(Serialize)]
pub(crate) struct Chapter<'a> {
    /// Its element's id (`ch-3`), the prefix of every id inside it.
    pub(crate) id: String,
    /// Its number in the guide, from 1.
    pub(crate) number: usize,
    /// Its title.
    pub(crate) title: &'a str,
    /// For a standard, its number with its framework's label (`BQS 5`); else empty.
    pub(crate) code: String,
    /// Its description (may be empty).
    pub(crate) description: &'a str,
    /// The language its text is in.
    pub(crate) lang: &'a str,
    /// The direction of its text.
    pub(crate) dir: &'static str,
    /// On an untranslated page: the notice saying so, in the reader's language; else empty.
    pub(crate) notice: String,
    /// The page's full URL.
    pub(crate) online: String,
    /// A standard's sub-standards (their anchors are to be prefixed with `id`).
    pub(crate) substandards: Vec<SubStandardView>,
    /// Its attachments, each with its full URL.
    pub(crate) files: Vec<FileView>,
    /// Its body, made a chapter.
    pub(crate) content: String,
}

impl Renderer<'_> {
    /// The print page of the section `id`, at `SECTION/print/index.html`.
    pub(crate) fn print_page(&self, id: PageId) -> Result<Output, Diagnostic> {
        let (config, site) = (self.config, self.site);
        let section = &site.pages[id];
        let strings = self.views.strings(&section.lang);
        let path = format!("{}{PRINT_PATH}", section.path);
        let mut view = self.views.page(id);
        view.canonical = config.permalink(&section.url);
        view.url = format!("{}{PRINT_PATH}", section.url);
        view.permalink = config.permalink(&view.url);
        for link in view.translations.iter_mut().chain(view.switcher.iter_mut()) {
            link.url.push_str(PRINT_PATH);
            link.permalink.push_str(PRINT_PATH);
        }
        if !view.x_default.is_empty() {
            view.x_default.push_str(PRINT_PATH);
        }
        view.toc.clear();
        view.pages.clear();
        view.subsections.clear();
        view.coverage = None;
        view.comparison = None;
        view.facets.clear();
        view.breadcrumbs.push(self.views.crumb(section));
        let newest = section
            .pages
            .iter()
            .filter_map(|&p| {
                let front = &site.pages[p].front;
                front.updated.as_deref().or(front.date.as_deref())
            })
            .filter_map(|date| date.get(..10))
            .max()
            .unwrap_or("")
            .to_string();
        let built = build_day();
        let print = PrintView {
            publisher: config
                .footer
                .publisher
                .as_ref()
                .map_or("", |p| p.get(&section.lang, &config.default_language)),
            newest_display: if newest.is_empty() {
                String::new()
            } else {
                i18n::format_date(&newest, strings)
            },
            newest,
            built_display: i18n::format_date(&built, strings),
            built,
            online: config.permalink(&section.url),
            chapters: self.chapters(section),
        };
        let html = self.render_with("print.html", &section.lang, &view, |context| {
            context.insert("print", &print);
        })?;
        Ok(Output::bytes(format!("{path}index.html"), html))
    }

    /// The pages of `section` as chapters of its print page.
    fn chapters<'s>(&'s self, section: &'s Page) -> Vec<Chapter<'s>> {
        let (config, site) = (self.config, self.site);
        let strings = self.views.strings(&section.lang);
        let ids: HashMap<String, String> = section
            .pages
            .iter()
            .enumerate()
            .map(|(n, &p)| (chapter_key(&site.pages[p].url), format!("ch-{}", n + 1)))
            .chain(std::iter::once((
                chapter_key(&section.url),
                "print-title".to_string(),
            )))
            .collect();
        let permalink = |path: &str| config.permalink(path);
        section
            .pages
            .iter()
            .enumerate()
            .map(|(n, &p)| {
                let page = &site.pages[p];
                let id = format!("ch-{}", n + 1);
                let links = ChapterLinks {
                    prefix: &id,
                    page_url: &page.url,
                    chapters: &ids,
                    permalink: &permalink,
                };
                let content = chapter_html(&page.html, &links);
                Chapter {
                    number: n + 1,
                    title: &page.front.title,
                    code: self.views.standard_code_of(page),
                    description: page.front.description.as_deref().unwrap_or(""),
                    lang: &page.content_lang,
                    dir: config.direction(&page.content_lang).as_str(),
                    notice: self.views.fallback_notice(page, strings),
                    online: config.permalink(&page.url),
                    substandards: self.substandards(page),
                    files: self
                        .views
                        .files(p, strings)
                        .into_iter()
                        .map(|mut file| {
                            file.url = config.permalink(&file.url);
                            file
                        })
                        .collect(),
                    content,
                    id,
                }
            })
            .collect()
    }

    /// The sub-standards of a standard page, as its own page lists them.
    fn substandards(&self, page: &Page) -> Vec<SubStandardView> {
        if page.content_type != ContentType::Standard {
            return Vec::new();
        }
        let Some(own) = standard_id_of(self.site, page) else {
            return Vec::new();
        };
        let framework = own.framework.as_str();
        page.front
            .substandards()
            .iter()
            .map(|s| SubStandardView {
                code: self.config.standard_code(framework, &s.id, &page.lang),
                anchor: standards::sub_anchor(&s.id),
                id: s.id.clone(),
                title: s.title.clone(),
            })
            .collect()
    }
}

/// The day of the build, `YYYY-MM-DD` (UTC): from `SOURCE_DATE_EPOCH` when it is set (for
/// builds that must be the same byte for byte on another day), else today.
fn build_day() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let (year, month, day) = civil_date(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_787), (2026, 11, 30));
        assert_eq!(civil_date(-1), (1969, 12, 31));
    }
}
