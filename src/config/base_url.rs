//! `base_url`: where the site is published, an absolute http(s) address from `site.yaml` or
//! `--base-url`. Without one the site builds for the root of any host, and the files whose URLs
//! must be absolute (the sitemap, robots.txt) are left out with a warning.

use super::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use crate::security::urls;

/// The error for a `base_url` that is not an absolute web address (`from` is where it was
/// given: `site.yaml` or `--base-url`).
pub(super) fn bad_base_url(url: &str, why: &str, from: &str) -> Diagnostic {
    Diagnostic::error(
        "config-value",
        from,
        format!(
            "`base_url` must be an absolute http(s) address, and `{}` is not: {why}",
            url.escape_debug()
        ),
    )
    .with_help(
        "write the address the site is published at, e.g. `base_url: https://example.org/network`; \
         leave it out while there is none (the sitemap and robots.txt are then left out)",
    )
}

impl Config {
    /// Replaces `base_url` with one given on the command line (`--base-url`), checked as the
    /// one in `site.yaml` is.
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), Diagnostic> {
        if base_url.is_empty() {
            return Err(bad_base_url(base_url, "it is empty", "--base-url"));
        }
        urls::check_base_url(base_url).map_err(|why| bad_base_url(base_url, &why, "--base-url"))?;
        self.base_url = base_url.trim_end_matches('/').to_string();
        Ok(())
    }

    /// Whether the site says where it is published: without an address there is no sitemap
    /// or robots.txt, whose URLs must be absolute.
    pub fn has_base_url(&self) -> bool {
        !self.base_url.is_empty()
    }

    /// The warning for a site without `base_url` (none in `site.yaml`, none on the command line).
    pub(crate) fn missing_base_url(&self) -> Option<Diagnostic> {
        (!self.has_base_url()).then(|| {
            Diagnostic::warning(
                "no-base-url",
                CONFIG_FILE,
                "`base_url` is not set, so the sitemap and robots.txt are left out",
            )
            .with_help(
                "add the address the site is published at, e.g. `base_url: https://example.org/network`, \
                 or give it with `--base-url`",
            )
        })
    }
}
