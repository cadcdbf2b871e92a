//! The safety kit's settings (`safety:` in site.yaml): the "Staying safe online" page linked
//! next to the quick exit, and the helpline numbers shown on the home, 404 and safety pages.

use serde::Deserialize;

use super::{Localized, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::security::urls;
use crate::yaml;

/// What a reader in danger is offered beside the quick exit.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Safety {
    /// The path of the "Staying safe online" page in each language (`safety` for
    /// `content/safety.md`, shown at `/safety/`, `/sv/safety/`…); none when empty.
    #[serde(default)]
    pub page: String,
    /// Emergency and helpline numbers, in the order shown.
    #[serde(default)]
    pub helplines: Vec<Helpline>,
}

/// A number to call, with what it is for.
#[derive(Debug, Clone, Deserialize)]
pub struct Helpline {
    /// The number as readers dial it, e.g. `116 111`.
    pub number: String,
    /// What the number is for (one string, or a map language → string).
    pub name: Localized,
}

impl Safety {
    /// The safety page's path below a language's root (`safety/`), or `None` without one.
    pub(crate) fn page_path(&self) -> Option<String> {
        let page = self.page.trim_matches('/');
        (!page.is_empty()).then(|| format!("{page}/"))
    }

    /// Problems of the values that become links: each number makes a `tel:` link, the page a
    /// path of the site.
    pub(super) fn check(&self, text: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for (at, helpline) in self.helplines.iter().enumerate() {
            if let Err(why) = urls::tel_url(&helpline.number) {
                errors.push(
                    Diagnostic::error(
                        "config-value",
                        CONFIG_FILE,
                        format!(
                            "the number of helpline {} (`{}`) cannot be called: {why}",
                            at + 1,
                            helpline.number.escape_debug()
                        ),
                    )
                    .at_opt(
                        yaml::locate_item_key(text, "safety.helplines", at, "number")
                            .or_else(|| yaml::locate_key_path(text, "safety.helplines")),
                    )
                    .with_help("write the number as it is dialled, e.g. `number: \"116 111\"`"),
                );
            }
        }
        if let Err(why) = urls::check_site_path(&self.page) {
            errors.push(
                Diagnostic::error(
                    "config-value",
                    CONFIG_FILE,
                    format!("`safety.page` cannot be a page's path: {why}"),
                )
                .at_opt(yaml::locate_key_path(text, "safety.page"))
                .with_help("write the page's path below the content folder, e.g. `page: safety`"),
            );
        }
        errors
    }
}
