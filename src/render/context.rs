//! View structs: what templates see. Everything is prepared here — URLs with the base path,
//! sorted listings, breadcrumbs — so that templates only lay it out.

use super::footer_view::FooterView;
use super::outdated_view::OutdatedView;
use super::safety_view::{self, HelplineView};
use super::switcher;
use std::borrow::Cow;

use serde::Serialize;

use crate::config::Config;
use crate::content::types::ContentType;
use crate::locale::i18n::{self, StringMap};
use crate::locale::{Locale, Taxonomy, TermNames};
use crate::markdown::Heading;
use crate::render::facets::Facet;
use crate::render::findings_view::{Cell, Comparison};
use crate::render::search_view::DefaultSearch;
use crate::render::standards_view::{Coverage, StandardLink, StandardView};
use crate::render::taxonomy::TermLink;
use crate::render::RenderInputs;
use crate::resolve::{Page, PageId, Site};

/// The site, as every template sees it.
#[derive(Serialize, PartialEq)]
pub(crate) struct SiteView<'a> {
    /// The site's title in the page's language.
    pub(crate) title: &'a str,
    /// The site's description in the page's language (may be empty).
    pub(crate) description: &'a str,
    /// The absolute base URL, without trailing slash.
    pub(crate) base_url: &'a str,
    /// The path of the base URL, starting and ending with `/`.
    pub(crate) base_path: &'a str,
    /// Where the quick-exit button leads.
    pub(crate) quick_exit_url: &'a str,
    /// The Content-Security-Policy of every page, for its `<meta>`.
    pub(crate) content_security_policy: &'static str,
    /// The home page's URL in the page's language.
    pub(crate) home_url: String,
    /// The URL of the news feed in the page's language (empty when the site has no news).
    pub(crate) feed_url: String,
    /// The URL of the search page in the page's language.
    pub(crate) search_url: String,
    /// The search page of the site's default language, offered when a search in another
    /// language finds nothing; `None` on the default language's pages.
    pub(crate) default_search: Option<DefaultSearch<'a>>,
    /// The top-level sections.
    pub(crate) nav: Vec<NavItem<'a>>,
    /// The "Staying safe online" page in the page's language (empty when the site has none).
    pub(crate) safety_url: String,
    /// Emergency and helpline numbers, named in the page's language.
    pub(crate) helplines: Vec<HelplineView<'a>>,
    /// Who publishes the site, and the pages its footer links to.
    pub(crate) footer: FooterView<'a>,
}

/// An entry of the main navigation.
#[derive(Serialize, PartialEq)]
pub(crate) struct NavItem<'a> {
    /// The section's title.
    pub(crate) title: &'a str,
    /// The language of the title (the original's, for an untranslated section).
    pub(crate) lang: &'a str,
    /// Its URL.
    pub(crate) url: String,
    /// True when the page being rendered is this section or inside it.
    pub(crate) current: bool,
}

/// A link with its text (breadcrumbs).
#[derive(Serialize)]
pub(crate) struct Crumb<'a> {
    /// The page's title.
    pub(crate) title: Cow<'a, str>,
    /// The language of the title.
    pub(crate) lang: &'a str,
    /// Its URL.
    pub(crate) url: String,
}

/// A page in a listing.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    /// Its title.
    pub(crate) title: &'a str,
    /// Its URL.
    pub(crate) url: String,
    /// Its description (may be empty).
    pub(crate) description: &'a str,
    /// Its date (may be empty).
    pub(crate) date: &'a str,
    /// Its date as the reader's language writes it (may be empty).
    pub(crate) date_display: String,
    /// Its content type.
    pub(crate) content_type: ContentType,
    /// The language its text is in.
    pub(crate) lang: &'a str,
    /// True when it is shown in the original language because it is not translated.
    pub(crate) is_fallback: bool,
    /// Its facet values as `field:value` tokens, when its section has facets.
    pub(crate) filter: String,
    /// For a standard, its number with its framework's label (`BQS 5`); else empty.
    pub(crate) standard: String,
    /// True when the page is a made-up example (`example: true`), labelled as one.
    pub(crate) example: bool,
}

/// A version of the page in a language (the language switcher, hreflang links).
#[derive(Serialize)]
pub(crate) struct LanguageLink<'a> {
    /// The language code.
    pub(crate) lang: &'a str,
    /// The language's name in itself.
    pub(crate) name: &'a str,
    /// The page's URL in that language.
    pub(crate) url: String,
    /// Its absolute URL.
    pub(crate) permalink: String,
    /// True for the language being rendered.
    pub(crate) current: bool,
}

/// The page being rendered.
#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    /// Its title.
    pub(crate) title: Cow<'a, str>,
    /// Its description (may be empty).
    pub(crate) description: &'a str,
    /// Its URL, starting with the base path.
    pub(crate) url: String,
    /// Its absolute URL.
    pub(crate) permalink: String,
    /// The URL search engines should index: its own, or the original's for a fallback page.
    pub(crate) canonical: String,
    /// The language of the site it belongs to.
    pub(crate) lang: &'a str,
    /// The language its text is in (differs from `lang` on fallback pages).
    pub(crate) content_lang: &'a str,
    /// The writing direction of its text.
    pub(crate) content_dir: &'static str,
    /// True when it shows the original because there is no translation.
    pub(crate) is_fallback: bool,
    /// True for a draft (built with `--drafts`): marked as one and kept from search engines.
    pub(crate) draft: bool,
    /// On fallback pages: the notice saying so, in the reader's language.
    pub(crate) notice: String,
    /// On fallback pages: the original's URL.
    pub(crate) original_url: String,
    /// On a translation whose original changed since it was translated: the notice saying
    /// what changed.
    pub(crate) outdated: Option<OutdatedView<'a>>,
    /// Its real translations, itself included unless it is a fallback.
    pub(crate) translations: Vec<LanguageLink<'a>>,
    /// The language switcher: the page in every language, its fallback where it is untranslated.
    pub(crate) switcher: Vec<LanguageLink<'a>>,
    /// The URL for readers whose language the site does not have (`x-default`); may be empty.
    pub(crate) x_default: String,
    /// `home`, `section` or `page`.
    pub(crate) kind: &'static str,
    /// Its content type.
    pub(crate) content_type: ContentType,
    /// Its body as HTML.
    pub(crate) content: &'a str,
    /// True when its body has highlighted code (and so needs the highlighting stylesheet).
    pub(crate) has_code: bool,
    /// Its level 2 and 3 headings, for an on-page contents list.
    pub(crate) toc: Vec<&'a Heading>,
    /// When it was published (may be empty).
    pub(crate) date: &'a str,
    /// When it was last changed (may be empty).
    pub(crate) updated: &'a str,
    /// `date` as the reader's language writes it.
    pub(crate) date_display: String,
    /// `updated` as the reader's language writes it.
    pub(crate) updated_display: String,
    /// The pages above it, from the home page down.
    pub(crate) breadcrumbs: Vec<Crumb<'a>>,
    /// For sections: their pages.
    pub(crate) pages: Vec<Summary<'a>>,
    /// For sections: their sub-sections.
    pub(crate) subsections: Vec<Summary<'a>>,
    /// The front matter as written (keys that are not text, such as the years of a finding's
    /// `data`, as text: templates know only text keys).
    #[serde(serialize_with = "super::text_keys::text_keys")]
    pub(crate) meta: &'a serde_yaml::Mapping,
    /// The standards its front matter names.
    pub(crate) standards: Vec<StandardLink>,
    /// On a standard's page: its sub-standards and the material that refers to it.
    pub(crate) standard: Option<StandardView<'a>>,
    /// On a framework's section: standards × types.
    pub(crate) coverage: Option<Coverage>,
    /// The countries it is about, linked to their pages.
    pub(crate) countries: Vec<TermLink>,
    /// Its themes, linked to their pages.
    pub(crate) themes: Vec<TermLink>,
    /// The files it lists in `files`, to download.
    pub(crate) files: Vec<FileView>,
    /// On a findings section: the countries compared.
    pub(crate) comparison: Option<Comparison>,
    /// On a country's findings page: its values.
    pub(crate) finding: Option<Vec<Cell>>,
    /// On a section with facets: each facet's values.
    pub(crate) facets: Vec<Facet>,
    /// The print page of the guide it is or is part of (empty when there is none).
    pub(crate) print_url: String,
}

/// An attachment of a page, with what a reader needs to decide to download it.
#[derive(Serialize)]
pub(crate) struct FileView {
    /// What it is.
    pub(crate) title: String,
    /// Its URL (beside the page).
    pub(crate) url: String,
    /// Its format (`PDF`, `CSV`).
    pub(crate) format: String,
    /// Its size for people (`12 KB`), in the reader's language.
    pub(crate) size: String,
}

/// Builds views of one site for templates.
pub(crate) struct Views<'a> {
    config: &'a Config,
    site: &'a Site,
    locale: &'a Locale,
    has_news: bool,
}

impl<'a> Views<'a> {
    /// Views of `site`.
    pub(crate) fn new(config: &'a Config, site: &'a Site, inputs: &RenderInputs<'a>) -> Self {
        Views {
            config,
            site,
            locale: inputs.locale,
            has_news: site
                .pages
                .iter()
                .any(|p| p.content_type == ContentType::News && !p.is_section),
        }
    }

    /// The site the views are of.
    pub(crate) fn site_data(&self) -> &'a Site {
        self.site
    }

    /// The site's settings.
    pub(crate) fn config(&self) -> &'a Config {
        self.config
    }

    /// The UI strings of `lang`.
    pub(crate) fn strings(&self, lang: &str) -> &'a StringMap {
        self.locale.strings(lang)
    }

    /// The site as seen from a page at `current_url` in `lang`.
    pub(crate) fn site(&'a self, lang: &str, current_url: &str) -> SiteView<'a> {
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
                        let url = page.url.clone();
                        NavItem {
                            title: &page.front.title,
                            lang: &page.content_lang,
                            current: current_url.starts_with(&url),
                            url,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let urls = &self.site.urls;
        SiteView {
            title: config.title.get(lang, default),
            description: config
                .description
                .as_ref()
                .map_or("", |d| d.get(lang, default)),
            base_url: &config.base_url,
            base_path: urls.base_path(),
            quick_exit_url: &config.quick_exit.url,
            content_security_policy: crate::security::headers::CONTENT_SECURITY_POLICY,
            search_url: urls.in_language(lang, "search/"),
            default_search: DefaultSearch::of(config, urls, lang),
            feed_url: if self.has_news {
                urls.in_language(lang, "atom.xml")
            } else {
                String::new()
            },
            home_url: home.map_or_else(
                || urls.base_path().to_string(),
                |&h| self.site.pages[h].url.clone(),
            ),
            nav,
            safety_url: safety_view::safety_url(config, urls, lang),
            helplines: safety_view::helplines(config, lang),
            footer: FooterView::of(config, urls, lang),
        }
    }

    /// The view of page `id`.
    pub(crate) fn page(&'a self, id: PageId) -> PageView<'a> {
        let site = self.site;
        let config = self.config;
        let page = &site.pages[id];
        let strings = self.strings(&page.lang);
        let url = page.url.clone();
        let permalink = config.permalink(&url);
        let original = site
            .original(id, &config.default_language)
            .map(|o| &site.pages[o]);
        let original_url = original.map(|o| o.url.clone()).unwrap_or_default();
        let notice = self.fallback_notice(page, strings);
        let translations = self.translations(id);
        let switcher = switcher::of_page(config, site, id);
        let x_default = original
            .filter(|o| !o.is_fallback)
            .map(|o| config.permalink(&o.url))
            .unwrap_or_default();
        let summaries = |ids: &[PageId]| {
            ids.iter()
                .map(|&i| self.summary(&site.pages[i], strings))
                .collect()
        };
        let date = page.front.date.as_deref().unwrap_or("");
        let updated = page.front.updated.as_deref().unwrap_or("");
        PageView {
            title: Cow::Borrowed(&page.front.title),
            description: page.front.description.as_deref().unwrap_or(""),
            canonical: if page.is_fallback {
                config.permalink(&original_url)
            } else {
                permalink.clone()
            },
            permalink,
            url,
            lang: &page.lang,
            content_lang: &page.content_lang,
            content_dir: config.direction(&page.content_lang).as_str(),
            is_fallback: page.is_fallback,
            draft: page.front.draft,
            notice,
            outdated: super::outdated_view::of_page(config, site, id, strings),
            original_url,
            translations,
            switcher,
            x_default,
            kind: if page.key.is_empty() {
                "home"
            } else if page.is_section {
                "section"
            } else {
                "page"
            },
            content_type: page.content_type,
            content: &page.html,
            has_code: page.html.contains("<pre class=\"code hl-code\""),
            toc: page
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect(),
            date,
            updated,
            date_display: display_date(date, strings),
            updated_display: display_date(updated, strings),
            breadcrumbs: site
                .ancestors(id)
                .into_iter()
                .map(|a| {
                    let ancestor = &site.pages[a];
                    self.crumb(ancestor)
                })
                .collect(),
            pages: summaries(&page.pages),
            subsections: summaries(&page.subsections),
            meta: &page.front.meta,
            standards: self.standards_addressed(page),
            standard: self.standard(id, strings),
            coverage: if page.is_section {
                self.coverage(config, id)
            } else {
                None
            },
            countries: self.term_links(Taxonomy::Countries, page),
            themes: self.term_links(Taxonomy::Themes, page),
            files: self.files(id, strings),
            comparison: if page.is_section {
                self.comparison(id)
            } else {
                None
            },
            finding: self.finding(id),
            facets: if page.is_section {
                self.facets(id, strings)
            } else {
                Vec::new()
            },
            print_url: super::print::print_url(site, id),
        }
    }

    /// What an untranslated page says: that it is shown in another language than the reader's.
    pub(crate) fn fallback_notice(&self, page: &Page, strings: &StringMap) -> String {
        let config = self.config;
        let language_name = |lang: &str| {
            config
                .languages
                .get(lang)
                .map_or(lang, |l| l.name.as_str())
                .to_string()
        };
        if page.is_fallback {
            i18n::fill(
                i18n::text(strings, "not_translated_text"),
                &[
                    ("language", &language_name(&page.lang)),
                    ("original", &language_name(&page.content_lang)),
                ],
            )
        } else {
            String::new()
        }
    }

    /// The links to the translations of page `id` (itself among them, as the current one).
    fn translations(&'a self, id: PageId) -> Vec<LanguageLink<'a>> {
        let site = self.site;
        let config = self.config;
        site.pages[id]
            .translations
            .iter()
            .map(|&t| {
                let translation = &site.pages[t];
                let url = translation.url.clone();
                LanguageLink {
                    lang: &translation.lang,
                    name: config
                        .languages
                        .get(&translation.lang)
                        .map_or(translation.lang.as_str(), |l| l.name.as_str()),
                    permalink: config.permalink(&url),
                    url,
                    current: t == id,
                }
            })
            .collect()
    }

    /// The attachments of page `id`, described in the reader's language.
    pub(crate) fn files(&self, id: PageId, strings: &StringMap) -> Vec<FileView> {
        let page = &self.site.pages[id];
        page.attachments
            .iter()
            .map(|attachment| FileView {
                title: attachment.title.clone(),
                url: format!("{}{}", page.url, attachment.file),
                format: attachment.format.clone(),
                size: human_size(attachment.size, strings),
            })
            .collect()
    }

    /// The names of taxonomy terms.
    pub(crate) fn names(&self) -> &'a TermNames {
        self.locale.names()
    }

    /// The URL of a term's page (or of the taxonomy's index, for an empty term) in `lang`.
    pub(crate) fn term_url(&self, taxonomy: Taxonomy, term: &str, lang: &str) -> String {
        let term = if term.is_empty() {
            String::new()
        } else {
            format!("{term}/")
        };
        self.site
            .urls
            .in_language(lang, &format!("{}/{term}", taxonomy.slug()))
    }

    fn term_links(&self, taxonomy: Taxonomy, page: &Page) -> Vec<TermLink> {
        taxonomy
            .terms_of(&page.front)
            .into_iter()
            .map(|term| TermLink {
                name: self.names().name(taxonomy, &term, &page.lang),
                url: self.term_url(taxonomy, &term, &page.lang),
                term,
                count: 0,
            })
            .collect()
    }

    /// A link to `page` in breadcrumbs.
    pub(crate) fn crumb(&self, page: &'a Page) -> Crumb<'a> {
        Crumb {
            title: Cow::Borrowed(&page.front.title),
            lang: &page.content_lang,
            url: page.url.clone(),
        }
    }

    /// A page as an entry of a listing, dated in the reader's language.
    pub(crate) fn summary(&self, page: &'a Page, strings: &StringMap) -> Summary<'a> {
        let date = page.front.date.as_deref().unwrap_or("");
        Summary {
            title: &page.front.title,
            url: page.url.clone(),
            description: page.front.description.as_deref().unwrap_or(""),
            date,
            date_display: display_date(date, strings),
            content_type: page.content_type,
            lang: &page.content_lang,
            is_fallback: page.is_fallback,
            filter: page
                .parent
                .map(|p| &self.site.pages[p])
                .filter(|section| section.front.meta.contains_key("facets"))
                .map(|section| self.filter_tokens(section, page, strings))
                .unwrap_or_default(),
            standard: self.standard_code_of(page),
            example: page.front.is_example(),
        }
    }
}

/// A file size for people: kilobytes below a megabyte (at least 1), else megabytes with one
/// decimal, with the language's unit strings.
fn human_size(bytes: u64, strings: &StringMap) -> String {
    if bytes < 1_000_000 {
        let kb = bytes.div_ceil(1000).max(1).to_string();
        i18n::fill(i18n::text(strings, "file_size_kb"), &[("size", &kb)])
    } else {
        let mb = format!("{:.1}", bytes as f64 / 1_000_000.0);
        i18n::fill(i18n::text(strings, "file_size_mb"), &[("size", &mb)])
    }
}

fn display_date(date: &str, strings: &StringMap) -> String {
    if date.is_empty() {
        String::new()
    } else {
        i18n::format_date(date, strings)
    }
}
