//! What templates see of search beyond the index: the default language's search page, offered
//! when a search in another language finds nothing.

use serde::Serialize;

use crate::config::Config;
use crate::resolve::Urls;

/// The search page of the site's default language.
#[derive(Serialize, PartialEq)]
pub(crate) struct DefaultSearch<'a> {
    /// The language's code.
    pub(crate) lang: &'a str,
    /// Its name in itself.
    pub(crate) name: &'a str,
    /// The URL of its search page.
    pub(crate) url: String,
}

impl<'a> DefaultSearch<'a> {
    /// The default language's search page, for a page in `lang`; `None` in the default
    /// language itself.
    pub(crate) fn of(config: &'a Config, urls: &Urls, lang: &str) -> Option<Self> {
        let default = config.default_language.as_str();
        (lang != default).then(|| DefaultSearch {
            lang: default,
            name: config
                .languages
                .get(default)
                .map_or(default, |l| l.name.as_str()),
            url: urls.in_language(default, "search/"),
        })
    }
}
