//! The HTTP side of `soteria serve`: which file a request asks for (refusing any that tries to
//! leave the site) and the content type it is sent with.

use percent_encoding::percent_decode_str;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the site, by its output path (`guidance/referral/index.html`).
    File(String),
    /// The path tries to leave the site, or is not a path at all.
    Refused,
}

/// Turns the path of a request URL into the output path it names. Percent-escapes are decoded
/// first, so `%2e%2e/` is seen for the `../` it is; any `..` or `.` segment, backslash, NUL or
/// empty segment inside the path is refused rather than normalised.
pub(crate) fn target(url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = path.strip_prefix('/') else {
        return Target::Refused;
    };
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Refused;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return Target::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if *segment == ".." || *segment == "." || (segment.is_empty() && i != last) {
            return Target::Refused;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Target::File(format!("{decoded}index.html"))
    } else {
        Target::File(decoded.into_owned())
    }
}

/// The content type of an output file, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_get_their_index_and_queries_are_ignored() {
        assert_eq!(target("/"), Target::File("index.html".into()));
        assert_eq!(
            target("/sv/guidance/?q=x"),
            Target::File("sv/guidance/index.html".into())
        );
        assert_eq!(
            target("/css/soteria.css"),
            Target::File("css/soteria.css".into())
        );
        assert_eq!(
            target("/countries/%C3%A5land/"),
            Target::File("countries/åland/index.html".into())
        );
    }

    #[test]
    fn paths_that_try_to_leave_the_site_are_refused() {
        for url in [
            "/../site.yaml",
            "/guidance/../../etc/passwd",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "/..%2fsite.yaml",
            "/..%5csite.yaml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a//b",
            "/./index.html",
            "/a%00b",
            "etc/passwd",
            "/%ff",
        ] {
            assert_eq!(target(url), Target::Refused, "{url}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("search/en/manifest.json"), "application/json");
        assert_eq!(content_type("tools/x/checklist.PDF"), "application/pdf");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
