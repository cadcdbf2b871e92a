//! The site's footer (`footer:` in site.yaml): who publishes the site and the pages every page
//! links to at its foot (a contact page, an accessibility statement, a privacy statement…).

use serde::Deserialize;

use super::{Localized, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::security::urls;
use crate::yaml;

/// What every page says at its foot about who publishes it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Footer {
    /// Who publishes the site (one string, or a map language → string); none when absent.
    #[serde(default)]
    pub publisher: Option<Localized>,
    /// Pages linked from every page's footer, in the order shown.
    #[serde(default)]
    pub links: Vec<FooterLink>,
}

/// A page linked from the footer.
#[derive(Debug, Clone, Deserialize)]
pub struct FooterLink {
    /// The page's path below a language's root (`privacy` for `content/privacy.md`).
    pub page: String,
    /// The link's text (one string, or a map language → string).
    pub label: Localized,
}

impl FooterLink {
    /// The page's path below a language's root, with its trailing slash (`privacy/`).
    pub(crate) fn path(&self) -> String {
        format!("{}/", self.page.trim_matches('/'))
    }
}

impl Footer {
    /// Problems of the values that become links: each page must be a path of the site.
    pub(super) fn check(&self, text: &str) -> Vec<Diagnostic> {
        self.links
            .iter()
            .filter_map(|link| {
                let why = if link.page.trim_matches('/').is_empty() {
                    "it is empty".to_string()
                } else {
                    urls::check_site_path(&link.page).err()?
                };
                Some(
                    Diagnostic::error(
                        "config-value",
                        CONFIG_FILE,
                        format!("a `footer.links` page cannot be a page's path: {why}"),
                    )
                    .at_opt(yaml::locate_key_path(text, "footer.links"))
                    .with_help(
                        "write the page's path below the content folder, e.g. `page: privacy`",
                    ),
                )
            })
            .collect()
    }
}
