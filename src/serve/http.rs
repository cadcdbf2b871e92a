//! The HTTP side of `soteria serve`: which file a request asks for (refusing any that tries to
//! leave the site), how it is answered (the site's file with the live-reload script, `serve`'s
//! own files and event stream) and the content type it is sent with.

use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::overlay::{ok_status, with_live_script, LIVE_CSS, LIVE_JS};
use super::server::{Answer, Request, Response};
use super::state::{Body, State};

/// Where `serve`'s own files live, out of the way of any site's paths.
const OWN_PREFIX: &str = "__soteria/";

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
        "gz" => "application/gzip",
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

/// Answers one request (addressed to this server: see [`super::server`]).
pub(crate) fn respond(request: &Request, state: &Arc<State>) -> Answer {
    let path = match target(&request.url) {
        Target::Refused => {
            return Answer::Full(Response::text(400, "This path is outside the site."))
        }
        Target::File(path) => path,
    };
    let Some(own) = path.strip_prefix(OWN_PREFIX) else {
        return Answer::Full(send_file(request, state, &path));
    };
    if !request.is_from_own_page() {
        return Answer::Full(Response::text(
            403,
            "Only the preview's own pages may use its live reload and status.",
        ));
    }
    let (status, body, content_type) = match own {
        "events" => {
            let state = Arc::clone(state);
            return Answer::Stream(Box::new(move |stream| events(stream, &state)));
        }
        "live.js" => (200, LIVE_JS.to_string(), "text/javascript; charset=utf-8"),
        "live.css" => (200, LIVE_CSS.to_string(), "text/css; charset=utf-8"),
        "status" => (
            200,
            state
                .status
                .read()
                .map_or_else(|_| ok_status(0), |s| s.as_str().to_string()),
            "application/json",
        ),
        _ => (404, String::new(), "text/plain; charset=utf-8"),
    };
    Answer::Full(Response::new(status, content_type, body.into_bytes()))
}

/// The site's file at `path`, its folder's page (after a redirect to the URL with a final
/// slash), or the 404 page of the language the path is in, with status 404.
fn send_file(request: &Request, state: &State, path: &str) -> Response {
    let site = state.served();
    let (files, build) = (&site.files, site.build);
    if let Some(body) = files.get(path) {
        let bytes = match body {
            Body::Bytes(bytes) => Some(bytes.as_ref().clone()),
            Body::Copy(source) => read_inside(&state.root, source),
        };
        drop(site);
        return match bytes {
            Some(bytes) => page_response(path, bytes, 200, build),
            None => Response::text(403, "This file is outside the site."),
        };
    }
    let folder = format!("{path}/index.html");
    if !path.ends_with("index.html") && files.contains_key(&folder) {
        drop(site);
        let location = format!("{}/", request.url.split('?').next().unwrap_or("/"));
        return Response::new(301, "text/plain; charset=utf-8", Vec::new())
            .with_header("Location", &location);
    }
    let language = path.split('/').next().unwrap_or_default();
    let not_found = [format!("{language}/404.html"), "404.html".to_string()]
        .into_iter()
        .find_map(|candidate| match files.get(&candidate) {
            Some(Body::Bytes(bytes)) => Some(bytes.as_ref().clone()),
            _ => None,
        })
        .unwrap_or_else(|| NOT_BUILT.as_bytes().to_vec());
    drop(site);
    page_response("404.html", not_found, 404, build)
}

/// The page shown before the site was ever built successfully: the overlay says why.
const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><main><h1>The site has not been built yet</h1></main></body></html>";

/// Reads a static file of the site, unless it (through a symlink, say) lies outside the root.
fn read_inside(root: &Path, source: &Path) -> Option<Vec<u8>> {
    let resolved = source.canonicalize().ok()?;
    if !resolved.starts_with(root) {
        return None;
    }
    std::fs::read(resolved).ok()
}

/// A response for an output file; HTML pages get the live-reload script.
fn page_response(path: &str, mut bytes: Vec<u8>, status: u16, build: u64) -> Response {
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        bytes = with_live_script(bytes, build);
    }
    Response::new(status, content_type, bytes).with_header("X-Content-Type-Options", "nosniff")
}

/// Keeps an open page's event stream: one `event:` line per rebuild, and a comment every 15 s
/// so that a closed page is noticed.
fn events(stream: &mut TcpStream, state: &State) {
    let (sender, receiver) = mpsc::channel();
    if let Ok(mut listeners) = state.listeners.lock() {
        listeners.push(sender);
    }
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
            Err(mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
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
