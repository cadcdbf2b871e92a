//! `soteria serve` as a running server: it serves the site, reloads the pages, shows failed
//! builds over them and refuses paths that try to leave the site, requests for other hosts,
//! other pages' use of its own endpoints, oversized requests and more connections than it takes.
//! Its rebuilds are compared with full builds in `serve_rebuilds`.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{repo_root, SiteTest};

/// A running `soteria serve` on a free port, killed when dropped.
pub(crate) struct Server {
    child: Child,
    url: String,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(site: &SiteTest) -> Server {
        Server::start_in(site.root(), None)
    }

    /// `soteria serve --root ROOT`, run in the folder `dir` if given.
    pub(crate) fn start_in(root: &Path, dir: Option<&Path>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_soteria"));
        command.args(["serve", "--port", "0", "--root"]).arg(root);
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = command
            .stderr(Stdio::piped())
            .spawn()
            .expect("start soteria serve");
        let (sender, log) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            port: 0,
            log,
        };
        let line = server.wait_for_log("serving the site at");
        server.url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("url")
            .to_string();
        server.port = server
            .url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        server
    }

    /// Waits for a line of the terminal output containing `text`, and returns it.
    pub(crate) fn wait_for_log(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "serve never printed {text:?}; it printed:\n{}",
            seen.join("\n")
        );
    }

    /// Sends `GET path` as written (no normalisation) and returns (status, headers, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        self.send(&format!(
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Sends `request` as written and returns (status, headers, body).
    fn send(&self, request: &str) -> (u16, String, String) {
        let (status, head, body) = self.send_for_bytes(request);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// A file as served: (status, body's bytes).
    pub(crate) fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let (status, _, body) = self.send_for_bytes(&format!(
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ));
        (status, body)
    }

    /// Sends `request` as written and returns (status, headers, body's bytes).
    fn send_for_bytes(&self, request: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        // The server may refuse before it has read all of a large request.
        let _ = stream.write_all(request.as_bytes());
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..end]).into_owned();
        let body = response.get(end + 4..).unwrap_or_default().to_vec();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    /// A file of the search index, unpacked and parsed (`None` while it is missing).
    pub(crate) fn index_json(&self, path: &str) -> Option<Value> {
        let (_, body) = self.get_bytes(path);
        serde_json::from_slice(&crate::support::gunzip_lenient(&body)?).ok()
    }

    /// Opens the live-reload event stream, as the page's script does.
    /// Whether a shard of the search index of `lang` holds `form`.
    fn index_has(&self, lang: &str, form: &str) -> bool {
        let Some(manifest) = self.index_json(&format!("/search/{lang}/manifest.json.gz")) else {
            return false;
        };
        let hashes = manifest["shards"]["files"].as_str().unwrap_or_default();
        (0..hashes.len() / 10).any(|at| {
            let hash = hashes.get(at * 10..at * 10 + 10).unwrap_or_default();
            self.index_json(&format!("/search/{lang}/s-{hash}.json.gz"))
                .is_some_and(|shard| shard["forms"].get(form).is_some())
        })
    }

    pub(crate) fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__soteria/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .expect("send");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ") {
                    if sender.send(event.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        // The stream is registered once its first bytes arrive; give it that moment.
        std::thread::sleep(Duration::from_millis(300));
        receiver
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[track_caller]
pub(crate) fn next_event(events: &mpsc::Receiver<String>) -> String {
    events
        .recv_timeout(Duration::from_secs(30))
        .expect("an event from the server within 30 s")
}

#[test]
fn serve_rebuilds_reloads_and_shows_errors_over_the_page() {
    let site = SiteTest::new("multilingual");
    site.write("static/css/extra.css", "p { color: black; }\n");
    let server = Server::start(&site);

    let (status, head, page) = server.get("/guidance/referral/");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(page.contains("<script src=\"/__soteria/live.js\" data-build=\"1\" defer></script>"));
    assert!(
        page.contains("http://127.0.0.1:"),
        "base_url points at the local server"
    );
    let (status, head, script) = server.get("/__soteria/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript"));
    assert!(script.contains("EventSource"));
    assert!(
        !site.root().join("output").exists(),
        "serve writes nothing into output/"
    );

    // An edit: the page has the new text, and the open pages are told to reload.
    let events = server.events();
    let source = site.root().join("content/guidance/referral.md");
    let original = fs::read_to_string(&source).expect("source");
    fs::write(
        &source,
        format!("{original}\nA sentence added while serving. Quokkas.\n"),
    )
    .expect("edit");
    assert_eq!(next_event(&events), "reload");
    let (_, _, page) = server.get("/guidance/referral/");
    assert!(page.contains("A sentence added while serving."));
    // The search index follows once the editor pauses: the new word is in one of its shards.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server.index_has("en", "quokkas") {
        assert!(
            Instant::now() < deadline,
            "the new word never reached the index"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A broken file: the last good page is still served, and the overlay's data names the file
    // and line; the terminal shows the same diagnostic.
    let broken = format!("{original}\nSee [the missing page](@/guidance/no-such-page.md).\n");
    let broken_line = original.lines().count() + 2;
    fs::write(&source, &broken).expect("break");
    assert_eq!(next_event(&events), "failed");
    server.wait_for_log("content/guidance/referral.md:");
    let (_, _, page) = server.get("/guidance/referral/");
    assert!(page.contains("A sentence added while serving."));
    let (status, head, overlay) = server.get("/__soteria/status");
    assert_eq!(status, 200);
    assert!(head.contains("application/json"));
    let overlay: serde_json::Value = serde_json::from_str(&overlay).expect("json");
    assert_eq!(overlay["ok"], false);
    let problem = &overlay["problems"][0];
    assert_eq!(problem["file"], "content/guidance/referral.md");
    assert_eq!(problem["line"], broken_line, "{problem}");
    assert_eq!(problem["column"], 24, "{problem}");
    assert!(problem["source"].as_str().unwrap().contains("no-such-page"));
    assert_eq!(
        overlay["strings"]["sv"]["title"], "Webbplatsen kunde inte byggas om",
        "the overlay speaks the page's language"
    );

    // Fixed: the overlay goes, the pages reload.
    fs::write(&source, &original).expect("fix");
    assert_eq!(next_event(&events), "reload");
    let (_, _, overlay) = server.get("/__soteria/status");
    assert_eq!(overlay, r#"{"ok":true,"build":3}"#, "the third good build");
    let (_, _, page) = server.get("/guidance/referral/");
    assert!(!page.contains("A sentence added while serving."));

    // A stylesheet: swapped without a reload.
    site.write("static/css/extra.css", "p { color: #111; }\n");
    assert_eq!(next_event(&events), "css");
    let (status, head, css) = server.get("/css/extra.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css"));
    assert!(css.contains("#111"));
}

#[test]
fn serve_answers_like_a_static_host_and_refuses_paths_outside_the_site() {
    let site = SiteTest::new("multilingual");
    let secret = tempfile::NamedTempFile::new().expect("secret file");
    fs::write(secret.path(), "SECRET-OUTSIDE-THE-SITE").expect("secret");
    // A file of the site, replaced by a link out of it while serving: the rebuild refuses the
    // link (symlink-outside), and the last good build's copy of it is not read through it.
    site.write("static/leak.txt", "an ordinary file");
    let server = Server::start(&site);
    #[cfg(unix)]
    {
        fs::remove_file(site.root().join("static/leak.txt")).expect("unlink");
        std::os::unix::fs::symlink(secret.path(), site.root().join("static/leak.txt"))
            .expect("symlink");
        server.wait_for_log("static/leak.txt: error[symlink-outside]");
    }

    let (status, _, page) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"), "the site's own 404 page");
    let (status, _, page) = server.get("/sv/no/such/page/");
    assert_eq!(status, 404);
    assert!(page.contains("lang=\"sv\""), "the Swedish 404 page");
    let (status, head, _) = server.get("/guidance");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /guidance/"), "{head}");
    let (status, head, _) = server.get("/sitemap.xml");
    assert_eq!(status, 200);
    assert!(head.contains("application/xml"));

    for path in [
        "/../site.yaml",
        "/guidance/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5csite.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 400, "{path} must be refused");
        assert!(!body.contains("title:"), "{path}");
    }
    let (status, _, body) = server.get("/leak.txt");
    assert_ne!(
        status, 200,
        "a symlink out of the site must not be followed"
    );
    assert!(!body.contains("SECRET-OUTSIDE-THE-SITE"));
}

/// A request as a browser on a page of `origin` (or typed into the address bar) sends it.
fn request_from(path: &str, host: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n")
}

/// DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends its own name
/// as the host. Only the server's own addresses are answered.
#[test]
fn serve_answers_only_at_its_own_address() {
    let site = SiteTest::new("multilingual");
    let server = Server::start(&site);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for path in ["/", "/guidance/referral/", "/__soteria/status"] {
            let (status, _, body) = server.send(&request_from(path, &host, ""));
            assert_eq!(status, 421, "{host} {path}");
            assert!(
                body.contains(&format!("http://localhost:{port}/")),
                "says where the preview is: {body}"
            );
            assert!(!body.contains("<html"), "{host} {path}: {body}");
        }
    }
    let (status, _, _) = server.send("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400, "no host at all");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = server.send(&request_from("/guidance/referral/", &host, ""));
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("<html"), "{host}");
    }
}

/// Another page open in the browser may not read the build status or hold an event stream.
#[test]
fn serve_keeps_its_own_endpoints_to_its_own_pages() {
    let site = SiteTest::new("multilingual");
    let server = Server::start(&site);
    let host = format!("127.0.0.1:{}", server.port);
    for path in [
        "/__soteria/status",
        "/__soteria/events",
        "/__soteria/live.js",
    ] {
        for header in [
            "Origin: http://evil.example\r\n",
            "Origin: null\r\n",
            &format!("Origin: http://localhost:{}\r\n", server.port + 1),
            "Sec-Fetch-Site: cross-site\r\n",
            "Sec-Fetch-Site: same-site\r\n",
        ] {
            let (status, _, body) = server.send(&request_from(path, &host, header));
            assert_eq!(status, 403, "{path} with {header}");
            assert!(!body.contains("\"ok\""), "{path} with {header}: {body}");
        }
    }
    // The preview's own pages: same origin.
    let own = format!("Origin: http://{host}\r\nSec-Fetch-Site: same-origin\r\n");
    let (status, _, body) = server.send(&request_from("/__soteria/status", &host, &own));
    assert_eq!(status, 200);
    assert!(body.contains("\"ok\":true"), "{body}");
    // Pages themselves may be opened from anywhere (a link in an e-mail).
    let (status, _, _) = server.send(&request_from(
        "/guidance/referral/",
        &host,
        "Sec-Fetch-Site: cross-site\r\n",
    ));
    assert_eq!(status, 200);
}

#[test]
fn serve_refuses_oversized_requests_and_stays_up() {
    let site = SiteTest::new("multilingual");
    let server = Server::start(&site);
    let host = format!("127.0.0.1:{}", server.port);
    let long_url = format!("/{}", "a".repeat(100_000));
    let (status, _, _) = server.send(&request_from(&long_url, &host, ""));
    assert_eq!(status, 414, "a 100 kB address");
    let many_headers = "X-Filler: 0123456789\r\n".repeat(200);
    let (status, _, _) = server.send(&request_from("/", &host, &many_headers));
    assert_eq!(status, 431, "200 headers");
    let huge_header = format!("Cookie: {}\r\n", "c".repeat(1_000_000));
    let (status, _, _) = server.send(&request_from("/", &host, &huge_header));
    assert_eq!(status, 431, "a 1 MB header");
    let (status, head, _) = server.send(&format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello"
    ));
    assert_eq!(status, 405, "POST");
    assert!(head.contains("Allow: GET, HEAD"), "{head}");
    let (status, _, _) = server.send(&request_from("/", &host, "Content-Length: 1000000000\r\n"));
    assert_eq!(status, 413, "a GET with a body");
    let (status, _, _) = server.send(&request_from("/", &host, "Transfer-Encoding: chunked\r\n"));
    assert_eq!(status, 413, "a chunked body");
    let (status, head, body) = server.send(&format!(
        "HEAD /guidance/referral/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200, "HEAD");
    assert!(head.contains("Content-Length: "), "{head}");
    assert!(body.is_empty(), "HEAD sends no body");
    let (status, _, page) = server.get("/guidance/referral/");
    assert_eq!(status, 200, "still up");
    assert!(page.contains("<html"));
}

/// Many connections held open at once (a page, or a program, opening them and sending
/// nothing): the server answers the ones over its limit with 503 instead of a thread each, the
/// open tab's event stream goes on working, and once they close, pages are served again.
#[test]
fn serve_caps_its_connections_and_keeps_the_open_tabs_reloading() {
    let site = SiteTest::new("multilingual");
    let server = Server::start(&site);
    let events = server.events();
    let held: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, body) = server.get("/guidance/referral/");
    assert_eq!(status, 503, "over the limit: {body}");
    assert!(body.contains("too many connections"), "{body}");

    let source = site.root().join("content/guidance/referral.md");
    let original = fs::read_to_string(&source).expect("source");
    fs::write(
        &source,
        format!("{original}\nEdited while the server was full.\n"),
    )
    .expect("edit");
    assert_eq!(next_event(&events), "reload", "the open tab still reloads");

    drop(held);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _, page) = server.get("/guidance/referral/");
        if status == 200 {
            assert!(page.contains("Edited while the server was full."));
            break;
        }
        assert!(Instant::now() < deadline, "never served again: {status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Issue 18: a site with no themes/ folder is served with the built-in theme; its own template
/// laid over the theme while serving is picked up, and a broken file shows the overlay in the
/// page's language, whose strings come from the built-in theme too.
#[test]
fn serve_uses_the_built_in_theme_and_its_overlay() {
    let site = SiteTest::bare("multilingual");
    assert!(!site.root().join("themes").exists());
    let server = Server::start(&site);
    let (status, _, css) = server.get("/css/soteria.css");
    assert_eq!(status, 200);
    let theme_css =
        fs::read_to_string(repo_root().join("themes/default/static/css/soteria.css")).unwrap();
    assert_eq!(css, theme_css);

    let events = server.events();
    site.write("templates/page.html", "<p>own: {{ page.title }}</p>\n");
    assert_eq!(next_event(&events), "reload");
    let (_, _, page) = server.get("/guidance/referral/");
    assert!(page.contains("<p>own: "), "{page}");

    let source = site.root().join("content/guidance/referral.md");
    let original = fs::read_to_string(&source).expect("source");
    fs::write(
        &source,
        format!("{original}\n[x](@/guidance/no-such-page.md)\n"),
    )
    .expect("break");
    assert_eq!(next_event(&events), "failed");
    let (_, _, overlay) = server.get("/__soteria/status");
    let overlay: serde_json::Value = serde_json::from_str(&overlay).expect("json");
    assert_eq!(
        overlay["problems"][0]["file"],
        "content/guidance/referral.md"
    );
    assert_eq!(
        overlay["strings"]["sv"]["title"],
        "Webbplatsen kunde inte byggas om"
    );
}

/// Polls `done` every 50 ms for up to 30 s; panics with `what` if it never holds.
#[track_caller]
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("within 30 s: {what}");
}

/// A folder of the site made while `serve` runs (an editor's first template override, their
/// first static file) is watched from then on: later saves in it show as well as the first.
#[test]
fn serve_watches_the_site_folders_made_while_it_runs() {
    let site = SiteTest::new("multilingual");
    assert!(!site.root().join("templates").exists() && !site.root().join("static").exists());
    let server = Server::start(&site);
    let theme =
        crate::support::repo_root().join("themes/default/templates/partials/breadcrumbs.html");
    let breadcrumbs = fs::read_to_string(theme).expect("the theme's breadcrumbs");
    let page = || server.get("/guidance/referral/").2;

    site.write(
        "templates/partials/breadcrumbs.html",
        &format!("{breadcrumbs}<!-- override A -->"),
    );
    wait_until("the first override shows", || page().contains("override A"));
    site.write(
        "templates/partials/breadcrumbs.html",
        &format!("{breadcrumbs}<!-- override B -->"),
    );
    wait_until("the override's second save shows", || {
        page().contains("override B")
    });

    site.write("static/first.txt", "first");
    wait_until("the first static file is served", || {
        server.get("/first.txt").0 == 200
    });
    site.write("static/second.txt", "second");
    wait_until("a later static file is served", || {
        server.get("/second.txt").0 == 200
    });
}

/// A site reached through a link, named relative to where `serve` runs (`--root site`, where
/// `site` links to the real folder): the watcher's paths name the site otherwise than the
/// folder's real path, and an edit was never rebuilt.
#[cfg(unix)]
#[test]
fn serve_rebuilds_a_site_reached_through_a_link() {
    let site = SiteTest::new("multilingual");
    let elsewhere = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink(site.root(), elsewhere.path().join("site")).expect("a link");
    let server = Server::start_in(Path::new("site"), Some(elsewhere.path()));
    let page = || server.get("/guidance/referral/").2;
    assert!(!page().contains("Saved through the link"));
    let source = site.root().join("content/guidance/referral.md");
    let text = fs::read_to_string(&source).expect("the page");
    site.write(
        "content/guidance/referral.md",
        &format!("{text}\nSaved through the link.\n"),
    );
    wait_until("the edit shows", || {
        page().contains("Saved through the link")
    });
}
