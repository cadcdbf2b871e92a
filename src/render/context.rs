//! View structs: what templates see. Everything is prepared here — URLs with the base path,
//! sorted listings, breadcrumbs — so that templates only lay it out.

use serde::Serialize;

use crate::config::Config;
use crate::markdown::Heading;
use crate::resolve::{Page, PageId, Site};

/// The site, as every template sees it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's title in the page's language.
    pub title: &'a str,
    /// The site's description in the page's language (may be empty).
    pub description: &'a str,
    /// The absolute base URL, without trailing slash.
    pub base_url: &'a str,
    /// The path of the base URL, starting and ending with `/`.
    pub base_path: &'a str,
    /// Where the quick-exit button leads.
    pub quick_exit_url: &'a str,
    /// The home page's URL in the page's language.
    pub home_url: String,
    /// The top-level sections.
    pub nav: Vec<NavItem<'a>>,
}

/// An entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem<'a> {
    /// The section's title.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// True when the page being rendered is this section or inside it.
    pub current: bool,
}

/// A link with its text (breadcrumbs).
#[derive(Serialize)]
pub struct Crumb<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
}

/// A page in a listing.
#[derive(Serialize)]
pub struct Summary<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
    /// Its description (may be empty).
    pub description: &'a str,
    /// Its date (may be empty).
    pub date: &'a str,
    /// Its content type.
    pub content_type: &'a str,
}

/// The page being rendered.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its description (may be empty).
    pub description: &'a str,
    /// Its URL, starting with the base path.
    pub url: String,
    /// Its absolute URL.
    pub permalink: String,
    /// `home`, `section` or `page`.
    pub kind: &'static str,
    /// Its content type.
    pub content_type: &'a str,
    /// Its body as HTML.
    pub content: &'a str,
    /// Its level 2 and 3 headings, for an on-page contents list.
    pub toc: Vec<&'a Heading>,
    /// When it was published (may be empty).
    pub date: &'a str,
    /// When it was last changed (may be empty).
    pub updated: &'a str,
    /// The pages above it, from the home page down.
    pub breadcrumbs: Vec<Crumb<'a>>,
    /// For sections: their pages.
    pub pages: Vec<Summary<'a>>,
    /// For sections: their sub-sections.
    pub subsections: Vec<Summary<'a>>,
    /// The front matter as written.
    pub meta: &'a serde_yaml::Mapping,
}

/// Builds views of one site for templates.
pub struct Views<'a> {
    config: &'a Config,
    site: &'a Site,
    base_path: String,
}

impl<'a> Views<'a> {
    /// Views of `site`.
    pub fn new(config: &'a Config, site: &'a Site) -> Self {
        Views {
            config,
            site,
            base_path: config.base_path(),
        }
    }

    /// The base path (`/` or `/network/`).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// A page's URL, starting with the base path.
    pub fn url(&self, page: &Page) -> String {
        format!("{}{}", self.base_path, page.path)
    }

    /// The site as seen from a page at `current_url` in `lang`.
    pub fn site(&'a self, lang: &str, current_url: &str) -> SiteView<'a> {
        let config = self.config;
        let default = &config.default_language;
        let home = self
            .site
            .homes
            .get(lang)
            .or_else(|| self.site.homes.get(default));
        let nav = home
            .map(|&home| {
                self.site.pages[home]
                    .subsections
                    .iter()
                    .map(|&id| {
                        let page = &self.site.pages[id];
                        let url = self.url(page);
                        NavItem {
                            title: &page.front.title,
                            current: current_url.starts_with(&url),
                            url,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        SiteView {
            title: config.title.get(lang, default),
            description: config
                .description
                .as_ref()
                .map_or("", |d| d.get(lang, default)),
            base_url: &config.base_url,
            base_path: &self.base_path,
            quick_exit_url: &config.quick_exit.url,
            home_url: home.map_or_else(
                || self.base_path.clone(),
                |&h| self.url(&self.site.pages[h]),
            ),
            nav,
        }
    }

    /// The view of page `id`.
    pub fn page(&'a self, id: PageId) -> PageView<'a> {
        let page = &self.site.pages[id];
        let url = self.url(page);
        let summaries = |ids: &[PageId]| {
            ids.iter()
                .map(|&i| self.summary(&self.site.pages[i]))
                .collect()
        };
        PageView {
            title: &page.front.title,
            description: page.front.description.as_deref().unwrap_or(""),
            permalink: self.config.permalink(&url),
            url,
            kind: if page.key.is_empty() {
                "home"
            } else if page.is_section {
                "section"
            } else {
                "page"
            },
            content_type: &page.content_type,
            content: &page.html,
            toc: page
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect(),
            date: page.front.date.as_deref().unwrap_or(""),
            updated: page.front.updated.as_deref().unwrap_or(""),
            breadcrumbs: self
                .site
                .ancestors(id)
                .into_iter()
                .map(|a| {
                    let ancestor = &self.site.pages[a];
                    Crumb {
                        title: &ancestor.front.title,
                        url: self.url(ancestor),
                    }
                })
                .collect(),
            pages: summaries(&page.pages),
            subsections: summaries(&page.subsections),
            meta: &page.front.meta,
        }
    }

    fn summary(&self, page: &'a Page) -> Summary<'a> {
        Summary {
            title: &page.front.title,
            url: self.url(page),
            description: page.front.description.as_deref().unwrap_or(""),
            date: page.front.date.as_deref().unwrap_or(""),
            content_type: &page.content_type,
        }
    }
}
