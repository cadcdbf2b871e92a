//! The safety kit as templates see it: the safety page's URL and the helpline numbers, in the
//! page's language.

use serde::Serialize;

use crate::config::Config;
use crate::resolve::Urls;
use crate::security::urls::tel_url;

/// A number to call, as the home, 404 and safety pages show it.
#[derive(Serialize, PartialEq)]
pub(crate) struct HelplineView<'a> {
    /// What the number is for.
    pub(crate) name: &'a str,
    /// The number as readers dial it.
    pub(crate) number: &'a str,
    /// Its `tel:` link (the number was checked with the settings).
    pub(crate) tel: String,
}

/// The "Staying safe online" page in `lang` (empty when the site has none).
pub(crate) fn safety_url(config: &Config, urls: &Urls, lang: &str) -> String {
    config
        .safety
        .page_path()
        .map(|path| urls.in_language(lang, &path))
        .unwrap_or_default()
}

/// The helpline numbers, named in `lang`.
pub(crate) fn helplines<'a>(config: &'a Config, lang: &str) -> Vec<HelplineView<'a>> {
    config
        .safety
        .helplines
        .iter()
        .filter_map(|helpline| {
            Some(HelplineView {
                name: helpline.name.get(lang, &config.default_language),
                number: &helpline.number,
                tel: tel_url(&helpline.number).ok()?,
            })
        })
        .collect()
}
