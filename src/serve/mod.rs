//! `soteria serve`: the editors' loop. Builds the site in memory with `base_url` pointed at the
//! local address and serves it over HTTP; watches the site's folders and, after a burst of saves,
//! rebuilds what the edit affects (a [`BuildCache`] keeps the rest); then tells the open pages,
//! over Server-Sent Events, to reload, to swap their stylesheets, or to show what is wrong over
//! the page when the rebuild failed — while the last good site goes on being served. Nothing is
//! written to `output/`.

mod guard;
mod http;
mod server;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;

use crate::content::is_editor_leftover;
use crate::diagnostics::eprint_all;
use crate::output::{Output, OutputContent};
use crate::render::i18n;
use crate::{generate_with, BuildCache, BuildError, BuildOptions, Config};

use http::Target;
use server::{Answer, Request, Response, Server};

/// The script `serve` adds to every HTML page it sends (never to `build` output).
const LIVE_JS: &str = include_str!("live.js");
/// The look of the error overlay, as a stylesheet so that pages under a strict
/// Content-Security-Policy show it too.
const LIVE_CSS: &str = include_str!("live.css");
/// Where `serve`'s own files live, out of the way of any site's paths.
const OWN_PREFIX: &str = "__soteria/";
/// How long `serve` waits for a burst of saves to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// The folders watched under the site's root (those that exist), besides `site.yaml`.
const WATCHED: [&str; 5] = crate::content::SOURCE_FOLDERS;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The address to listen on (loopback unless the editor says otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include draft pages.
    pub drafts: bool,
    /// Open the site in the default browser once it is built.
    pub open: bool,
    /// Print the time of each phase of every build.
    pub timings: bool,
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address is taken or not ours.
    #[error("cannot listen on {address}: {reason}; choose another port with --port")]
    Bind {
        /// What we tried to listen on.
        address: String,
        /// What the system said.
        reason: String,
    },
    /// The site's folders cannot be watched.
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let server = Server::bind(address).map_err(|error| ServeError::Bind {
        address: address.to_string(),
        reason: error.to_string(),
    })?;
    let port = server.port();
    let url = local_url(options.bind, port);
    let state = Arc::new(State::new(&options.root));
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let mut builder = Builder {
        timings: options.timings,
        options: build_options,
        cache: BuildCache::default(),
        state: Arc::clone(&state),
    };
    builder.cache.defer_search(true);

    // Watch before the first build, so that no save is missed while it runs.
    let (events, edits) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events)?;
    for folder in WATCHED {
        let path = options.root.join(folder);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // site.yaml is watched through its folder: editors often save by replacing the file.
    watcher.watch(&options.root, RecursiveMode::NonRecursive)?;

    builder.rebuild(Change::Everything);
    {
        let state = Arc::clone(&state);
        server.run(Arc::new(move |request: &Request| respond(request, &state)));
    }
    eprintln!("serving the site at {url} (press Ctrl+C to stop)");
    if options.open {
        if let Err(error) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {error}");
        }
    }

    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    loop {
        // The search index an edit left waits until the editor pauses: the pages come first.
        let idle = builder.cache.search_pending().then_some(IDLE);
        let Some(paths) = next_edits(&edits, idle) else {
            return Ok(());
        };
        if paths.is_empty() {
            builder.finish_search();
        } else if let Some(change) = classify(&root, &paths) {
            builder.rebuild(change);
        }
    }
}

/// How long no edit must come before the search index a patch left is made.
const IDLE: Duration = Duration::from_millis(50);

/// Waits for the next burst of edits and returns the paths it touched, once no event has come
/// for [`DEBOUNCE`]: an editor's save (write, rename, metadata) or a checkout of many files is
/// one rebuild. Files being opened or read (by the build itself) are not edits. With `idle`,
/// returns no paths if no edit begins for that long.
fn next_edits(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    idle: Option<Duration>,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        let event = if paths.is_empty() {
            match idle {
                None => events.recv().ok()?,
                Some(idle) => match events.recv_timeout(idle) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Some(paths),
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                },
            }
        } else {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => return Some(paths),
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        };
        match event {
            Ok(event) if is_edit(&event.kind) => paths.extend(event.paths),
            Ok(_) => {}
            // The watcher lost track (too many events): build everything again.
            Err(_) => paths.push(PathBuf::from("site.yaml")),
        }
    }
}

fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// The address to print and to build the site for.
fn local_url(bind: IpAddr, port: u16) -> String {
    let host = if bind.is_unspecified() {
        "localhost".to_string()
    } else if bind.is_ipv6() {
        format!("[{bind}]")
    } else {
        bind.to_string()
    };
    format!("http://{host}:{port}/")
}

/// What an edit touched, and so how much to rebuild and what the pages should do after.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// Configuration, templates or strings: everything is built again.
    Everything,
    /// Content files (paths relative to the root): only they are read and parsed again, and only
    /// the pages whose data changed are rendered again.
    Content(Vec<PathBuf>),
    /// Static files only; `stylesheets_only` when all of them are CSS, which the pages swap
    /// without reloading.
    Static {
        /// Only `.css` files changed.
        stylesheets_only: bool,
    },
}

/// Sorts the paths of a batch of file events into the [`Change`] they make, or `None` when none
/// of them matters (an editor's swap file, the output folder).
fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut content = Vec::new();
    let mut statics = Vec::new();
    let mut everything = false;
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || is_editor_leftover(rel.file_name().unwrap_or_default()) {
            continue;
        }
        let mut components = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let first = components.next().unwrap_or_default();
        let is_static = rel.components().any(|c| c.as_os_str() == "static")
            && (first == "static" || first == "themes");
        match first.as_ref() {
            "content" => content.push(rel.to_path_buf()),
            "site.yaml" => everything = true,
            _ if is_static => statics.push(rel.to_path_buf()),
            "themes" | "templates" | "i18n" => everything = true,
            _ => {}
        }
    }
    if everything {
        Some(Change::Everything)
    } else if !content.is_empty() {
        Some(Change::Content(content))
    } else if !statics.is_empty() {
        Some(Change::Static {
            stylesheets_only: statics
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css")),
        })
    } else {
        None
    }
}

/// A file `serve` can send.
#[derive(Debug, Clone)]
enum Body {
    /// Generated in memory.
    Bytes(Arc<Vec<u8>>),
    /// A file of the site, read when asked for.
    Copy(PathBuf),
}

/// What the server sends: the last good site, and what is wrong with the latest build.
#[derive(Debug)]
struct State {
    /// The site's root, resolved, to refuse files (symlinks) that lie outside it.
    root: PathBuf,
    /// The site being served, with its number: both under one lock, so that a page is never
    /// sent with the number of a newer site than the one it comes from (it would then never
    /// reload).
    site: RwLock<Served>,
    /// The JSON the overlay shows; `{"ok":true}` when the latest build succeeded.
    status: RwLock<Arc<String>>,
    /// The open pages' event streams.
    listeners: Mutex<Vec<mpsc::Sender<&'static str>>>,
}

impl State {
    fn new(root: &Path) -> Self {
        State {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            site: RwLock::new(Served::default()),
            status: RwLock::new(Arc::new(ok_status(0))),
            listeners: Mutex::new(Vec::new()),
        }
    }

    /// The site being served (a panic elsewhere does not stop serving it).
    fn served(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `event` to every open page, forgetting the pages that have gone.
    fn broadcast(&self, event: &'static str) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|listener| listener.send(event).is_ok());
        }
    }
}

/// The files of the last good site, and how many builds have succeeded: its number. Pages carry
/// the number, so that a page that missed a reload event (its connection dropped) still notices.
#[derive(Debug, Default)]
struct Served {
    files: HashMap<String, Body>,
    build: u64,
}

/// Builds the site again and again into the shared [`State`].
struct Builder {
    timings: bool,
    options: BuildOptions,
    cache: BuildCache,
    state: Arc<State>,
}

impl Builder {
    /// Serves `outputs`: all the site's files, or with `patched` those that changed (and not
    /// those `removed`). A new site gets the next number. Returns the number served.
    fn put(&self, outputs: Vec<Output>, patched: bool, removed: &[String], new: bool) -> u64 {
        let mut files: HashMap<String, Body> = outputs.into_iter().map(body_of).collect();
        let mut site = self
            .state
            .site
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if patched {
            for path in removed {
                site.files.remove(path);
            }
            site.files.extend(files);
        } else {
            std::mem::swap(&mut site.files, &mut files);
        }
        if new {
            site.build += 1;
        }
        site.build
        // The old files are let go after the lock.
    }

    /// Makes the search index an edit left for later (pages are sent first), and serves it.
    fn finish_search(&mut self) {
        let start = Instant::now();
        if let Some(index) = self.cache.finish_search() {
            self.put(index.outputs, true, &index.removed, false);
            if self.timings {
                eprintln!("search index updated in {} ms", start.elapsed().as_millis());
            }
        }
    }

    fn rebuild(&mut self, change: Change) {
        let start = Instant::now();
        let event = match &change {
            Change::Everything => {
                self.cache.clear();
                "reload"
            }
            Change::Content(paths) => {
                self.cache.content_changed(paths.iter().cloned());
                "reload"
            }
            Change::Static {
                stylesheets_only: true,
            } => "css",
            Change::Static { .. } => "reload",
        };
        match generate_with(&self.options, Some(&mut self.cache), &|_| {}) {
            Ok(generated) => {
                eprint_all(&generated.warnings);
                let pages = generated.pages_summary();
                if self.timings {
                    eprint!("{}", generated.timings_table());
                }
                // A stylesheet swapped in place leaves the pages as they are: same number.
                let build = self.put(
                    generated.outputs,
                    generated.patched,
                    &generated.removed,
                    event != "css",
                );
                if let Ok(mut status) = self.state.status.write() {
                    *status = Arc::new(ok_status(build));
                }
                self.state.broadcast(event);
                eprintln!(
                    "built {pages} in {} ms: {} rendered, {} unchanged",
                    start.elapsed().as_millis(),
                    self.cache.pages_rendered(),
                    self.cache.pages_reused(),
                );
            }
            Err(error) => {
                let diagnostics = error.diagnostics();
                eprint_all(diagnostics);
                let build = self.state.served().build;
                let json = failure_json(&self.options.root, &error, build);
                if let Ok(mut status) = self.state.status.write() {
                    *status = Arc::new(json);
                }
                self.state.broadcast("failed");
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "the build failed with {} error{}; the pages show them, and the last good site is still served",
                    errors.max(1),
                    if errors == 1 { "" } else { "s" },
                );
                if diagnostics.is_empty() {
                    eprintln!("error: {error}");
                }
            }
        }
    }
}

fn body_of(output: Output) -> (String, Body) {
    let body = match output.content {
        OutputContent::Bytes(bytes) => Body::Bytes(Arc::new(bytes)),
        OutputContent::Copy(path) => Body::Copy(path),
    };
    (output.path, body)
}

/// The status of a successful build number `build`.
fn ok_status(build: u64) -> String {
    format!(r#"{{"ok":true,"build":{build}}}"#)
}

/// A diagnostic as the overlay shows it.
#[derive(Serialize)]
struct Problem<'a> {
    severity: &'static str,
    code: &'a str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    /// The source line (or the stretch of a long line around the problem), the column its first
    /// character stands for, and the length of the part the caret marks.
    source: Option<&'a str>,
    source_column: usize,
    len: usize,
    message: &'a str,
    help: Option<&'a str>,
}

/// The overlay's text in one language.
#[derive(Serialize)]
struct OverlayText<'a> {
    title: &'a str,
    help: &'a str,
}

/// What the overlay of a failed build shows: its diagnostics, with the overlay's own text in
/// every language the theme has strings for.
fn failure_json(root: &Path, error: &BuildError, build: u64) -> String {
    let problems: Vec<Problem<'_>> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Problem {
            severity: "error",
            code: d.code,
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            source: d.location.as_ref().map(|l| l.line_text.as_str()),
            source_column: d.location.as_ref().map_or(1, |l| l.text_column),
            len: d.location.as_ref().map_or(0, |l| l.len),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let message = match error {
        BuildError::Usage(message) => message.clone(),
        BuildError::Write(error) => error.to_string(),
        _ => String::new(),
    };
    // The strings of the theme, when the configuration can still be read.
    let strings = Config::from_file(root)
        .ok()
        .map(|(config, _)| {
            let languages = config.language_codes();
            crate::render::templates::load_all_strings(root, &config, &languages).0
        })
        .unwrap_or_default();
    let texts: HashMap<&str, OverlayText<'_>> = strings
        .iter()
        .map(|(lang, map)| {
            (
                lang.as_str(),
                OverlayText {
                    title: i18n::text(map, "build_failed"),
                    help: i18n::text(map, "build_failed_help"),
                },
            )
        })
        .collect();
    serde_json::json!({
        "ok": false,
        "build": build,
        "problems": problems,
        "message": message,
        "strings": texts,
    })
    .to_string()
}

/// Answers one request (addressed to this server: see [`server`]).
fn respond(request: &Request, state: &Arc<State>) -> Answer {
    let path = match http::target(&request.url) {
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
    let content_type = http::content_type(path);
    if content_type.starts_with("text/html") {
        bytes = with_live_script(bytes, build);
    }
    Response::new(status, content_type, bytes).with_header("X-Content-Type-Options", "nosniff")
}

/// Adds the live-reload script (with the number of the build the page is from) and the
/// overlay's stylesheet at the end of the page's `<head>`.
fn with_live_script(bytes: Vec<u8>, build: u64) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"/__soteria/live.css\"><script src=\"/__soteria/live.js\" data-build=\"{build}\" defer></script>"
    );
    let mut html = bytes;
    let at = html
        .windows(b"</head>".len())
        .position(|window| window == b"</head>")
        .unwrap_or(html.len());
    html.splice(at..at, tags.bytes());
    html
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
    fn edits_are_sorted_into_what_they_change() {
        let root = Path::new("/site");
        let change = |paths: &[&str]| {
            classify(
                root,
                &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            change(&["content/guidance/referral.md"]),
            Some(Change::Content(vec!["content/guidance/referral.md".into()]))
        );
        assert_eq!(
            change(&["themes/default/static/css/soteria.css"]),
            Some(Change::Static {
                stylesheets_only: true
            })
        );
        assert_eq!(
            change(&["static/logo.svg", "static/print.css"]),
            Some(Change::Static {
                stylesheets_only: false
            })
        );
        assert_eq!(
            change(&["content/a.md", "themes/default/templates/page.html"]),
            Some(Change::Everything)
        );
        assert_eq!(change(&["site.yaml"]), Some(Change::Everything));
        assert_eq!(change(&["i18n/sv.yaml"]), Some(Change::Everything));
        assert_eq!(
            change(&["content/.referral.md.swp", "output/index.html"]),
            None
        );
        assert_eq!(change(&["content/referral.md~"]), None);
    }

    #[test]
    fn pages_get_the_live_script_in_their_head() {
        let html = with_live_script(
            b"<html><head><title>x</title></head><body></body></html>".to_vec(),
            7,
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains(
            "<script src=\"/__soteria/live.js\" data-build=\"7\" defer></script></head>"
        ));
    }

    #[test]
    fn pages_that_are_not_utf8_keep_their_bytes() {
        let page = b"<html><head></head><body>caf\xe9</body></html>".to_vec();
        let html = with_live_script(page, 1);
        assert!(html.ends_with(b"</head><body>caf\xe9</body></html>"));
        assert!(html.starts_with(b"<html><head><link rel=\"stylesheet\""));
    }
}
