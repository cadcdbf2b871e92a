//! Alias pages: small redirect pages left at a page's old URLs.

/// A page that sends readers (and search engines) from an old URL to `target`, without script.
pub fn render_redirect(target: &str, lang: &str) -> String {
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
