//! `sitemap.xml` and `robots.txt`.

use crate::config::Config;
use crate::resolve::Site;

/// The sitemap: every page's absolute URL, with its last change when known, sorted by URL.
pub fn render_sitemap(config: &Config, site: &Site) -> String {
    let base_path = config.base_path();
    let mut entries: Vec<(String, Option<&str>)> = site
        .pages
        .iter()
        .map(|page| {
            let url = config.permalink(&format!("{base_path}{}", page.path));
            let lastmod = page.front.updated.as_deref().or(page.front.date.as_deref());
            (url, lastmod)
        })
        .collect();
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&url));
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            xml.push_str("    <lastmod>");
            xml.push_str(&escape_xml(&date[..10.min(date.len())]));
            xml.push_str("</lastmod>\n");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`, allowing everything and pointing at the sitemap.
pub fn render_robots(config: &Config) -> String {
    let sitemap = config.permalink(&format!("{}sitemap.xml", config.base_path()));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
