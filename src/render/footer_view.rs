//! The footer as templates see it: who publishes the site and the pages linked from every
//! page's foot, in the page's language.

use serde::Serialize;

use crate::config::Config;
use crate::resolve::Urls;

/// What a page says at its foot.
#[derive(Serialize, PartialEq)]
pub(crate) struct FooterView<'a> {
    /// Who publishes the site, in the page's language (empty when `site.yaml` names no one).
    pub(crate) publisher: &'a str,
    /// The pages linked from the footer, in the page's language.
    pub(crate) links: Vec<FooterLinkView<'a>>,
}

/// A link in the footer.
#[derive(Serialize, PartialEq)]
pub(crate) struct FooterLinkView<'a> {
    /// The link's text.
    pub(crate) label: &'a str,
    /// The page's URL in the reader's language (checked with the settings).
    pub(crate) url: String,
}

impl<'a> FooterView<'a> {
    /// The footer of a page in `lang`.
    pub(crate) fn of(config: &'a Config, urls: &Urls, lang: &str) -> FooterView<'a> {
        let default = config.default_language.as_str();
        FooterView {
            publisher: config
                .footer
                .publisher
                .as_ref()
                .map_or("", |p| p.get(lang, default)),
            links: config
                .footer
                .links
                .iter()
                .map(|link| FooterLinkView {
                    label: link.label.get(lang, default),
                    url: urls.in_language(lang, &link.path()),
                })
                .collect(),
        }
    }
}
