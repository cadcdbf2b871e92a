//! The Content-Security-Policy of every page and the `_headers` file for static hosts.
//!
//! Pages load only the site's own files (`default-src 'self'`): no inline script or style, no
//! handler attribute, no resource on another host runs or loads, whatever got into a page. The
//! theme keeps to this (its scripts and styles are files; the search page's strings are a JSON
//! data block, which is not executed).

/// The policy in each page's `<meta http-equiv="Content-Security-Policy">`. (`frame-ancestors`
/// is ignored in a `<meta>`; the headers file adds it.)
pub(crate) const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The browser features no page of the site uses, turned off for every page.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

/// The path of the headers file in the output.
pub(crate) const HEADERS_FILE: &str = "_headers";

/// `_headers` as Netlify and Cloudflare Pages read it: the policy (and that no other site may
/// frame a page), no referrer sent to other sites, no content sniffing, no camera, microphone
/// or location.
pub(crate) fn render_headers_file() -> String {
    format!(
        "# Written by Soteria: security headers for hosts that read this file (Netlify, Cloudflare Pages).\n\
         /*\n  \
         Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n  \
         X-Frame-Options: DENY\n  \
         X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: no-referrer\n  \
         Permissions-Policy: {PERMISSIONS_POLICY}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_file_covers_every_path() {
        let file = render_headers_file();
        let mut lines = file.lines().filter(|l| !l.starts_with('#'));
        assert_eq!(lines.next(), Some("/*"));
        for line in lines {
            assert!(line.starts_with("  ") && line.contains(": "), "{line}");
        }
        assert!(file.contains("frame-ancestors 'none'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    }
}
