//! The files of pages: where each page is written (`guidance/referral/index.html`), the small
//! redirect pages left at its old URLs (its aliases), and both as the check that no other file
//! takes their paths sees them ([`PageFiles`]).

use crate::output::owners::PageFiles;
use crate::output::Output;
use crate::resolve::{Page, Site};

/// The output path of a page's own file.
pub(super) fn index_path(page: &Page) -> String {
    format!("{}index.html", page.path)
}

/// The files every page writes (its own and its aliases' redirects), in site order.
pub(crate) fn page_files(site: &Site) -> Vec<PageFiles<'_>> {
    site.pages
        .iter()
        .map(|page| PageFiles {
            source: page.source.as_deref(),
            index: index_path(page),
            slug: page.front.slug.as_ref().and_then(|_| {
                let found = page.field_locations.iter().find(|(key, _)| key == "slug");
                found.map(|(_, location)| location)
            }),
            aliases: page
                .aliases
                .iter()
                .map(|alias| (alias.output.as_str(), &alias.location))
                .collect(),
        })
        .collect()
}

/// The redirects of every page's aliases to the page.
pub(super) fn redirects(site: &Site) -> impl Iterator<Item = Output> + '_ {
    site.pages.iter().flat_map(move |page| {
        let target = &page.url;
        page.aliases.iter().map(move |alias| {
            Output::bytes(alias.output.clone(), render_redirect(target, &page.lang))
        })
    })
}

/// A page that sends readers (and search engines) from an old URL to `target`, without script.
fn render_redirect(target: &str, lang: &str) -> String {
    let target = crate::security::html::escape_html(target);
    let policy = crate::security::headers::CONTENT_SECURITY_POLICY;
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>Redirect</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{target}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
         <p><a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n"
    )
}
