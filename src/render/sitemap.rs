//! `sitemap.xml` and `robots.txt`.

use crate::config::Config;
use crate::resolve::Site;
use crate::security::html::escape_html;

/// The sitemap: every page that exists in its own language once, with its translations as
/// `xhtml:link` alternates and its last change when known, and each guide's print page, sorted
/// by URL. Fallback pages (the original shown under another language's URL) are left out: their
/// canonical is the original; drafts (built with `--drafts`) too.
pub(super) fn render_sitemap(config: &Config, site: &Site) -> String {
    let url_of = |id: usize| config.permalink(&site.pages[id].url);
    let mut entries: Vec<(String, String)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| !page.is_fallback && !page.front.draft)
        .map(|(id, page)| {
            let mut entry = String::new();
            if let Some(date) = page.front.updated.as_deref().or(page.front.date.as_deref()) {
                entry.push_str(&format!(
                    "    <lastmod>{}</lastmod>\n",
                    escape_html(date.get(..10).unwrap_or(date))
                ));
            }
            if page.translations.len() > 1 {
                for &t in page
                    .translations
                    .iter()
                    .filter(|&&t| !site.pages[t].front.draft)
                {
                    entry.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        site.pages[t].lang,
                        escape_html(&url_of(t))
                    ));
                }
                if let Some(&original) = page
                    .translations
                    .iter()
                    .find(|&&t| site.pages[t].lang == config.default_language)
                {
                    entry.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                        escape_html(&url_of(original))
                    ));
                }
            }
            (url_of(id), entry)
        })
        .collect();
    // Each guide's print page, with no alternates: it is the guide's pages once more.
    entries.extend(
        site.pages
            .iter()
            .filter(|page| !page.is_fallback && super::print::has_print_page(page))
            .map(|page| {
                let url = config.permalink(&format!("{}{}", page.url, super::print::PRINT_PATH));
                (url, String::new())
            }),
    );
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (url, entry) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_html(&url));
        xml.push_str("</loc>\n");
        xml.push_str(&entry);
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`, allowing everything and pointing at the sitemap.
pub(super) fn render_robots(config: &Config, site: &Site) -> String {
    let sitemap = config.permalink(&site.urls.url("sitemap.xml"));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}
