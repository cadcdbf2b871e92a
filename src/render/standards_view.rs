//! What templates see of standards: a standard page's sub-standards and the material that refers
//! to it (grouped by type), the "standards addressed" box of any page, and the coverage matrix of
//! a framework's section.

use serde::Serialize;

use crate::config::Config;
use crate::content::types::ContentType;
use crate::locale::StringMap;
use crate::render::context::{Summary, Views};
use crate::resolve::standards::{self, StandardId};
use crate::resolve::{Page, PageId, Site};

/// The order of types in related lists and coverage columns.
const TYPE_ORDER: [ContentType; 8] = [
    ContentType::Guidance,
    ContentType::Tool,
    ContentType::Practice,
    ContentType::Finding,
    ContentType::Project,
    ContentType::News,
    ContentType::Page,
    ContentType::Standard,
];

/// A link to a standard, labelled with its number and title in the reader's language.
#[derive(Serialize)]
pub(crate) struct StandardLink {
    /// `5` or `1.2`.
    pub(crate) number: String,
    /// The number with its framework's label, as readers see it: `BQS 5`, `TRM 1.2`.
    pub(crate) code: String,
    /// The title in the reader's language (or the original's, see `lang`).
    pub(crate) title: String,
    /// The URL (with the sub-standard's anchor).
    pub(crate) url: String,
    /// The language of the title.
    pub(crate) lang: String,
}

/// A sub-standard on its standard's page.
#[derive(Serialize)]
pub(crate) struct SubStandardView {
    /// `1.2`.
    pub(crate) id: String,
    /// The id with its framework's label (`BQS 1.2`).
    pub(crate) code: String,
    /// Its title.
    pub(crate) title: String,
    /// The id of its element on the page.
    pub(crate) anchor: String,
}

/// Pages of one type that refer to a standard.
#[derive(Serialize)]
pub(crate) struct RelatedGroup<'a> {
    /// The content type.
    pub(crate) content_type: ContentType,
    /// The id of the group's heading, for links from the coverage matrix.
    pub(crate) anchor: String,
    /// The pages.
    pub(crate) pages: Vec<Summary<'a>>,
}

/// A standard page's own part.
#[derive(Serialize)]
pub(crate) struct StandardView<'a> {
    /// The framework's id.
    pub(crate) framework: String,
    /// The standard's number.
    pub(crate) number: String,
    /// The number with its framework's label (`BQS 5`).
    pub(crate) code: String,
    /// Its sub-standards.
    pub(crate) substandards: Vec<SubStandardView>,
    /// The pages that refer to it, grouped by type.
    pub(crate) related: Vec<RelatedGroup<'a>>,
}

/// One cell of the coverage matrix.
#[derive(Serialize)]
pub(crate) struct CoverageCell {
    /// How many pages of the column's type refer to the row's standard.
    pub(crate) count: usize,
    /// Where they are listed (empty when there are none).
    pub(crate) url: String,
}

/// One row of the coverage matrix: a standard.
#[derive(Serialize)]
pub(crate) struct CoverageRow {
    /// The standard.
    pub(crate) standard: StandardLink,
    /// One cell per column.
    pub(crate) cells: Vec<CoverageCell>,
}

/// The rows of one framework in the coverage matrix.
#[derive(Serialize)]
pub(crate) struct CoverageGroup {
    /// The framework's id.
    pub(crate) framework: String,
    /// Its label in the reader's language (`BQS`; the id when it has none).
    pub(crate) label: String,
    /// The title of its section page in the reader's language.
    pub(crate) title: String,
    /// One row per standard.
    pub(crate) rows: Vec<CoverageRow>,
}

/// Standards × types: how much material helps meet each standard, one group of rows per
/// framework (the section's own, then those whose sections are below it).
#[derive(Serialize)]
pub(crate) struct Coverage {
    /// The content types of the columns.
    pub(crate) types: Vec<ContentType>,
    /// The groups, each with rows.
    pub(crate) groups: Vec<CoverageGroup>,
}

impl<'a> Views<'a> {
    /// A link to standard `id` for a reader of `lang`.
    pub(crate) fn standard_link(&self, id: &StandardId, lang: &str) -> Option<StandardLink> {
        let page = self.site_data().standard_page(id, lang)?;
        let mut url = page.url.clone();
        let title = match &id.sub {
            Some(sub) => {
                url.push('#');
                url.push_str(&standards::sub_anchor(sub));
                page.front
                    .substandards()
                    .iter()
                    .find(|s| &s.id == sub)?
                    .title
                    .clone()
            }
            None => page.front.title.clone(),
        };
        let number = id.sub.clone().unwrap_or_else(|| id.number.clone());
        Some(StandardLink {
            code: self.config().standard_code(&id.framework, &number, lang),
            number,
            title,
            url,
            lang: page.content_lang.clone(),
        })
    }

    /// The number of a standard page with its framework's label (`BQS 5`); empty for other
    /// pages.
    pub(crate) fn standard_code_of(&self, page: &Page) -> String {
        if page.content_type != ContentType::Standard || page.is_section {
            return String::new();
        }
        standard_id_of(self.site_data(), page).map_or_else(String::new, |id| {
            self.config()
                .standard_code(&id.framework, &id.number, &page.lang)
        })
    }

    /// The standards box of a page: the standards its front matter names.
    pub(crate) fn standards_addressed(&self, page: &Page) -> Vec<StandardLink> {
        page.standards
            .iter()
            .filter_map(|id| self.standard_link(id, &page.lang))
            .collect()
    }

    /// The standard part of a standard page.
    pub(crate) fn standard(&'a self, id: PageId, strings: &StringMap) -> Option<StandardView<'a>> {
        let site = self.site_data();
        let page = &site.pages[id];
        if page.content_type != ContentType::Standard || page.is_section {
            return None;
        }
        let own = standard_id_of(site, page)?;
        let pages = site.backlinks.get(&(own.clone(), page.lang.clone()));
        let related = TYPE_ORDER
            .into_iter()
            .filter_map(|content_type| {
                let list: Vec<Summary<'a>> = pages?
                    .iter()
                    .filter(|&&p| {
                        p != id
                            && site.pages[p].content_type == content_type
                            && !site.pages[p].is_section
                    })
                    .map(|&p| self.summary(&site.pages[p], strings))
                    .collect();
                (!list.is_empty()).then(|| RelatedGroup {
                    content_type,
                    anchor: format!("related-{content_type}"),
                    pages: list,
                })
            })
            .collect();
        let config = self.config();
        Some(StandardView {
            code: config.standard_code(&own.framework, &own.number, &page.lang),
            substandards: page
                .front
                .substandards()
                .iter()
                .map(|s| SubStandardView {
                    code: config.standard_code(&own.framework, &s.id, &page.lang),
                    anchor: standards::sub_anchor(&s.id),
                    id: s.id.clone(),
                    title: s.title.clone(),
                })
                .collect(),
            framework: own.framework,
            number: own.number,
            related,
        })
    }

    /// The coverage matrix of the section page `id`: its framework's standards, then those of
    /// the frameworks whose sections are below it, each framework a group of rows.
    pub(crate) fn coverage(&self, config: &Config, id: PageId) -> Option<Coverage> {
        let site = self.site_data();
        let page = &site.pages[id];
        let own = site.standards.framework_of_section(config, &page.key)?;
        let below = format!("{}/", page.key);
        let frameworks: Vec<&str> = std::iter::once(own)
            .chain(
                site.standards
                    .frameworks
                    .iter()
                    .map(String::as_str)
                    .filter(|f| {
                        *f != own
                            && framework_section(config, f).is_some_and(|s| s.starts_with(&below))
                    }),
            )
            .collect();
        let count = |standard: &StandardId, content_type: ContentType| {
            site.backlinks
                .get(&(standard.clone(), page.lang.clone()))
                .map_or(0, |pages| {
                    pages
                        .iter()
                        .filter(|&&p| {
                            site.pages[p].content_type == content_type
                                && !site.pages[p].is_section
                                && site.pages[p].key
                                    != site.standards.page_key(standard).unwrap_or_default()
                        })
                        .count()
                })
        };
        let standards: Vec<(&str, Vec<StandardId>)> = frameworks
            .iter()
            .map(|&f| {
                let list = site.standards.standards_of(f);
                (f, list.into_iter().map(|(s, _)| s).collect())
            })
            .collect();
        let types: Vec<ContentType> = TYPE_ORDER
            .into_iter()
            .filter(|&t| {
                standards
                    .iter()
                    .flat_map(|(_, l)| l)
                    .any(|s| count(s, t) > 0)
            })
            .collect();
        let groups = standards
            .iter()
            .map(|(framework, list)| CoverageGroup {
                framework: framework.to_string(),
                label: config
                    .framework_label(framework, &page.lang)
                    .unwrap_or(framework)
                    .to_string(),
                title: self.framework_title(config, framework, &page.lang),
                rows: list
                    .iter()
                    .filter_map(|standard| {
                        let link = self.standard_link(standard, &page.lang)?;
                        let cells = types
                            .iter()
                            .map(|&t| {
                                let count = count(standard, t);
                                let url = if count > 0 {
                                    format!("{}#related-{t}", link.url)
                                } else {
                                    String::new()
                                };
                                CoverageCell { count, url }
                            })
                            .collect();
                        Some(CoverageRow {
                            standard: link,
                            cells,
                        })
                    })
                    .collect(),
            })
            .filter(|g: &CoverageGroup| !g.rows.is_empty())
            .collect();
        Some(Coverage { types, groups })
    }

    /// The title of `framework`'s section page in `lang` (its label when it has no page).
    fn framework_title(&self, config: &Config, framework: &str, lang: &str) -> String {
        let site = self.site_data();
        framework_section(config, framework)
            .and_then(|key| {
                site.pages
                    .iter()
                    .find(|p| p.is_section && p.key == key && p.lang == lang)
            })
            .map(|p| p.front.title.clone())
            .unwrap_or_else(|| {
                config
                    .framework_label(framework, lang)
                    .unwrap_or(framework)
                    .to_string()
            })
    }
}

/// The key of `framework`'s section, as `site.yaml` gives it.
fn framework_section<'c>(config: &'c Config, framework: &str) -> Option<&'c str> {
    config
        .standards
        .get(framework)?
        .get("section")?
        .as_str()
        .map(|s| s.trim_matches('/'))
}

/// The standard a standard page is.
pub(crate) fn standard_id_of(site: &Site, page: &Page) -> Option<StandardId> {
    site.standards
        .frameworks
        .iter()
        .flat_map(|f| site.standards.standards_of(f))
        .find(|(_, key)| *key == page.key)
        .map(|(id, _)| id)
}
