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

/// Standards × types: how much material helps meet each standard.
#[derive(Serialize)]
pub(crate) struct Coverage {
    /// The framework.
    pub(crate) framework: String,
    /// The content types of the columns.
    pub(crate) types: Vec<ContentType>,
    /// The rows.
    pub(crate) rows: Vec<CoverageRow>,
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
        Some(StandardLink {
            number: id.sub.clone().unwrap_or_else(|| id.number.clone()),
            title,
            url,
            lang: page.content_lang.clone(),
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
        Some(StandardView {
            framework: own.framework,
            number: own.number,
            substandards: page
                .front
                .substandards()
                .iter()
                .map(|s| SubStandardView {
                    anchor: standards::sub_anchor(&s.id),
                    id: s.id.clone(),
                    title: s.title.clone(),
                })
                .collect(),
            related,
        })
    }

    /// The coverage matrix of the framework whose section page is `id`.
    pub(crate) fn coverage(&self, config: &Config, id: PageId) -> Option<Coverage> {
        let site = self.site_data();
        let page = &site.pages[id];
        let framework = site.standards.framework_of_section(config, &page.key)?;
        let standards = site.standards.standards_of(framework);
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
        let types: Vec<ContentType> = TYPE_ORDER
            .into_iter()
            .filter(|&t| standards.iter().any(|(s, _)| count(s, t) > 0))
            .collect();
        let rows = standards
            .iter()
            .filter_map(|(standard, _)| {
                let link = self.standard_link(standard, &page.lang)?;
                let cells = types
                    .iter()
                    .map(|&t| {
                        let count = count(standard, t);
                        CoverageCell {
                            count,
                            url: if count > 0 {
                                format!("{}#related-{t}", link.url)
                            } else {
                                String::new()
                            },
                        }
                    })
                    .collect();
                Some(CoverageRow {
                    standard: link,
                    cells,
                })
            })
            .collect();
        Some(Coverage {
            framework: framework.to_string(),
            types,
            rows,
        })
    }
}

/// The standard a standard page is.
fn standard_id_of(site: &Site, page: &Page) -> Option<StandardId> {
    site.standards
        .frameworks
        .iter()
        .flat_map(|f| site.standards.standards_of(f))
        .find(|(_, key)| *key == page.key)
        .map(|(id, _)| id)
}
