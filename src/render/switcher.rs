//! The language switcher: every page in every language of the site, the untranslated ones as
//! their fallbacks, so that a reader can always change language.

use super::context::LanguageLink;
use crate::config::Config;
use crate::resolve::{PageId, Site, Urls};

/// The page `id` in every language of the site, real or fallback.
pub(crate) fn of_page<'a>(config: &'a Config, site: &'a Site, id: PageId) -> Vec<LanguageLink<'a>> {
    let key = &site.pages[id].key;
    config
        .languages
        .iter()
        .filter_map(|(code, language)| {
            let there = site.get(key, code)?;
            let url = site.pages[there].url.clone();
            Some(LanguageLink {
                lang: code,
                name: &language.name,
                permalink: config.permalink(&url),
                url,
                current: there == id,
            })
        })
        .collect()
}

/// A generated page (taxonomy, search, 404) at `path` in `lang`, in every language: each
/// language has its own.
pub(crate) fn of_generated<'a>(
    config: &'a Config,
    urls: &Urls,
    lang: &str,
    path: &str,
) -> Vec<LanguageLink<'a>> {
    let neutral = path.strip_prefix(&urls.path(lang, "")).unwrap_or(path);
    config
        .languages
        .iter()
        .map(|(code, language)| {
            let url = urls.in_language(code, neutral);
            LanguageLink {
                lang: code,
                name: &language.name,
                permalink: config.permalink(&url),
                url,
                current: code == lang,
            }
        })
        .collect()
}
