//! Atom feeds: one per language, of the news in that language (translations, and originals
//! standing in where a translation is missing), newest first.

use crate::config::Config;
use crate::content::types::ContentType;
use crate::resolve::Site;
use crate::security::html::escape_html;

/// How many entries a feed carries.
const FEED_LENGTH: usize = 20;

/// The Atom feed of `lang`, or `None` when the site has no news.
pub(super) fn render_feed(config: &Config, site: &Site, lang: &str) -> Option<String> {
    let mut news: Vec<_> = site
        .pages
        .iter()
        .filter(|p| {
            p.lang == lang
                && p.content_type == ContentType::News
                && !p.is_section
                && !p.front.draft
                && p.front.date.is_some()
        })
        .collect();
    if news.is_empty() {
        return None;
    }
    news.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.key.cmp(&b.key))
    });
    news.truncate(FEED_LENGTH);
    let feed_url = config.permalink(&site.urls.in_language(lang, "atom.xml"));
    let home_url = config.permalink(&site.urls.in_language(lang, ""));
    let updated = news
        .iter()
        .filter_map(|p| p.front.updated.as_ref().or(p.front.date.as_ref()))
        .max()?;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{}</title>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n",
        escape_html(config.title.get(lang, &config.default_language)),
        escape_html(&feed_url),
        escape_html(&home_url),
        escape_html(&feed_url),
        atom_date(updated),
    );
    for page in news {
        let url = config.permalink(&page.url);
        let published = page.front.date.as_deref().unwrap_or_default();
        let updated = page.front.updated.as_deref().unwrap_or(published);
        xml.push_str(&format!(
            "<entry xml:lang=\"{}\">\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <id>{}</id>\n<published>{}</published>\n<updated>{}</updated>\n",
            page.content_lang,
            escape_html(&page.front.title),
            escape_html(&url),
            escape_html(&url),
            atom_date(published),
            atom_date(updated),
        ));
        if let Some(description) = &page.front.description {
            xml.push_str(&format!(
                "<summary>{}</summary>\n",
                escape_html(description)
            ));
        }
        xml.push_str(&format!(
            "<content type=\"html\">{}</content>\n</entry>\n",
            escape_html(&page.html)
        ));
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// A date as Atom wants it (RFC 3339): a bare date is taken as midnight UTC.
fn atom_date(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.replacen(' ', "T", 1)
    }
}
