//! `soteria serve`: incremental rebuilds give the same site as full builds, and the running
//! server serves it, reloads the pages, shows failed builds over them and refuses paths that try
//! to leave the site, requests for other hosts, other pages' use of its own endpoints, oversized
//! requests and more connections than it takes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use soteria::OutputContent;
use soteria::{generate, generate_with, BuildCache, BuildOptions, SiteFiles};

use crate::support::{repo_root, SiteTest};

fn files(generated: soteria::Generated) -> BTreeMap<String, OutputContent> {
    match generated.files {
        SiteFiles::Whole(outputs) => outputs
            .into_iter()
            .map(|output| (output.path, output.content))
            .collect(),
        other => panic!("not the whole site: {other:?}"),
    }
}

/// Puts a build's files into `site`, as `soteria serve` does: all of them, or for a patch the
/// changed ones (and the removal of those gone).
fn apply(site: &mut BTreeMap<String, OutputContent>, generated: soteria::Generated) {
    match generated.files {
        SiteFiles::Changes { changed, removed } => {
            for path in &removed {
                site.remove(path);
            }
            site.extend(changed.into_iter().map(|o| (o.path, o.content)));
        }
        _ => *site = files(generated),
    }
}

/// How `soteria serve` builds the site at `root`.
fn served_at_localhost(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".to_string()),
        ..BuildOptions::default()
    }
}

/// The paths whose files differ between `served` and `full`, or that only one of them has.
fn differing(
    served: &BTreeMap<String, OutputContent>,
    full: &BTreeMap<String, OutputContent>,
) -> Vec<String> {
    full.iter()
        .filter(|(path, content)| served.get(*path) != Some(content))
        .map(|(path, _)| path)
        .chain(served.keys().filter(|path| !full.contains_key(*path)))
        .cloned()
        .collect()
}

/// A file of the search index other than a manifest.
fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && !path.ends_with("manifest.json.gz")
}

/// Edits the sample site one way after another; after each, the rebuild that reuses the last
/// build's work must give exactly the files of a build from scratch.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = SiteTest::sample();
    let root = site.root().to_path_buf();
    let options = served_at_localhost(&root);
    let mut cache = BuildCache::default();
    let first = generate_with(&options, Some(&mut cache), &|_| {}).expect("first build");
    let mut served = files(first);
    assert_eq!(served, files(generate(&options).expect("full build")));

    let edit = |rel: &str, change: &dyn Fn(String) -> String| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap_or_default();
        fs::write(&path, change(text)).expect("write");
    };
    type Edit<'a> = (&'a str, &'a str, Box<dyn Fn(String) -> String>);
    let edits: Vec<Edit<'_>> = vec![
        (
            // As many words as before: the average body length is rounded to whole words, and
            // an edit that moves it rebuilds the language's index by design (see
            // `search::update`); a sample site whose average sits near half a word would make an
            // added sentence test that cliff instead of the update.
            "a sentence rewritten in a page with a translation and fallbacks (body only)",
            "content/guidance/child-participation.md",
            Box::new(|t| {
                t.replace(
                    "This guidance describes participation at three levels",
                    "This text describes participation on three levels",
                )
            }),
        ),
        (
            "a link to another page added to a translation (body only)",
            "content/guidance/child-participation.sv.md",
            Box::new(|t| t + "\n\nSe [handel med barn](@/guidance/trafficked-children.md).\n"),
        ),
        (
            "a news item's text, which its feed carries (body only)",
            "content/news/mandate-adopted.md",
            Box::new(|t| t.replacen("\n\n", "\n\nFirst, a new paragraph.\n\n", 1)),
        ),
        (
            "a paragraph with a new standard reference",
            "content/guidance/child-participation.md",
            Box::new(|t| t + "\n\nSee also [[std:9]] on training for interviews.\n"),
        ),
        (
            // Patched: the page, its fallbacks and translations, its section's listing (sorted
            // again), the standards pages listing it, its taxonomy pages, the search index.
            "a page's title, shown in its section's listing and the standards' pages (front matter)",
            "content/guidance/child-participation.md",
            Box::new(|t| {
                t.replace(
                    "title: Listening to children and involving them",
                    "title: Hearing children",
                )
            }),
        ),
        (
            "a news item's date and description, which move it in its listing and feed (front matter)",
            "content/news/mandate-adopted.md",
            Box::new(|t| {
                t.replace("date: 2020-05-06", "date: 2026-11-29")
                    .replacen("description: At", "description: Updated. At", 1)
            }),
        ),
        (
            "a translation's title, shown in its section's listing in its language (front matter)",
            "content/guidance/child-participation.sv.md",
            Box::new(|t| t.replacen("title: ", "title: Ny titel – ", 1)),
        ),
        (
            "a standard's title, shown in references across the site",
            "content/standards/capacity-building.md",
            Box::new(|t| t.replace("title: Capacity building", "title: Training and support")),
        ),
        (
            "a practice's country and themes, shown in taxonomies and facets (front matter)",
            "content/practices/early-help-team.md",
            Box::new(|t| {
                t.replace("country: xc", "country: xd")
                    .replace("themes: [prevention]", "themes: [prevention, barnahus]")
            }),
        ),
        (
            "a new practice with a country and themes, in facets and taxonomies (new page)",
            "content/practices/serve-test.md",
            Box::new(|_| {
                "---\ntitle: A practice made in a test\ncountry: xc\nthemes: [prevention, new-theme]\nevidence: emerging\nexample: true\n---\n\nFictional, written during a test.\n".into()
            }),
        ),
        (
            "a new news item (new page)",
            "content/news/serve-test.md",
            Box::new(|_| {
                "---\ntitle: A new item\ndate: 2026-11-20\n---\n\nWritten during a test.\n".into()
            }),
        ),
        (
            "a removed translation, now a fallback",
            "content/guidance/child-participation.sv.md",
            Box::new(|_| String::new()),
        ),
        (
            "a section's description",
            "content/guidance/_index.md",
            Box::new(|t| t.replacen("description:", "description: Updated.", 1)),
        ),
    ];
    for (round, (what, rel, change)) in edits.into_iter().enumerate() {
        // As `soteria serve` does every other time: the pages first, the search index after.
        cache.defer_search(round % 2 == 0);
        if what.starts_with("a removed") {
            fs::remove_file(root.join(rel)).expect("remove");
        } else {
            edit(rel, &*change);
        }
        cache.content_changed([PathBuf::from(rel)]);
        let incremental = generate_with(&options, Some(&mut cache), &|_| {})
            .unwrap_or_else(|e| panic!("{what}: {:?}", e.diagnostics()));
        let (rendered, reused) = (cache.pages_rendered(), cache.pages_reused());
        let patched = matches!(incremental.files, SiteFiles::Changes { .. });
        // The search files (but manifests) the rebuild wrote.
        let index_files = |generated: &soteria::Generated| -> usize {
            generated
                .files
                .outputs()
                .iter()
                .filter(|o| is_index_file(&o.path))
                .count()
        };
        let mut written = index_files(&incremental);
        apply(&mut served, incremental);
        if let Some(index) = cache.finish_search(&|| false) {
            written += index_files(&index);
            apply(&mut served, index);
        }
        assert!(!cache.search_pending());
        let all = served.keys().filter(|path| is_index_file(path)).count();
        if what.contains("(body only)") {
            assert!(
                written * 4 < all,
                "after {what}, {written} of the {all} search files were written again"
            );
        }
        let full = files(generate(&options).expect("full build"));
        let differing = differing(&served, &full);
        assert!(
            differing.is_empty(),
            "after {what}, the incremental build differs in {differing:?}"
        );
        assert!(
            reused > 100,
            "after {what}, only {reused} pages were reused"
        );
        // An edit of a body alone patches the site: the page and its fallbacks, nothing else;
        // an edit of a page's front matter that moves no page patches it too.
        let body_only = what.contains("(body only)");
        let front = what.contains("(front matter)") || what.contains("(new page)");
        assert_eq!(patched, body_only || front, "after {what}: patched");
        if body_only {
            assert!(
                rendered <= 4,
                "after {what}, {rendered} pages were rendered"
            );
        }
    }
}

/// What the browser test does: a sentence added, then a broken link (the build fails), then the
/// file as it was. The rebuild after the failure must show the file as it is now, not as it was
/// in the last good build.
#[test]
fn a_rebuild_after_a_failed_one_shows_the_file_as_it_is_now() {
    let site = SiteTest::sample();
    let root = site.root().to_path_buf();
    let options = served_at_localhost(&root);
    let rel = "content/guidance/child-participation.md";
    let source = root.join(rel);
    let original = fs::read_to_string(&source).expect("read");
    let mut cache = BuildCache::default();
    let mut served = files(generate_with(&options, Some(&mut cache), &|_| {}).expect("first"));
    let page = |served: &BTreeMap<String, OutputContent>| match served
        .get("guidance/child-participation/index.html")
    {
        Some(OutputContent::Bytes(html)) => String::from_utf8_lossy(html).into_owned(),
        other => panic!("no page: {other:?}"),
    };

    let sentence = "A sentence written in the test.";
    fs::write(&source, format!("{original}\n{sentence}\n")).expect("write");
    cache.content_changed([PathBuf::from(rel)]);
    let edited = generate_with(&options, Some(&mut cache), &|_| {}).expect("edited");
    apply(&mut served, edited);
    assert!(page(&served).contains(sentence));

    fs::write(
        &source,
        format!("{original}\nSee [x](@/guidance/no-such-page.md).\n"),
    )
    .expect("write");
    cache.content_changed([PathBuf::from(rel)]);
    assert!(generate_with(&options, Some(&mut cache), &|_| {}).is_err());

    fs::write(&source, &original).expect("write");
    cache.content_changed([PathBuf::from(rel)]);
    let fixed = generate_with(&options, Some(&mut cache), &|_| {}).expect("fixed");
    apply(&mut served, fixed);
    assert!(!page(&served).contains(sentence));
    let full = files(generate(&options).expect("full build"));
    let differing = differing(&served, &full);
    assert!(
        differing.is_empty(),
        "after the fix, these differ: {differing:?}"
    );
}

/// A running `soteria serve` on a free port, killed when dropped.
pub(crate) struct Server {
    child: Child,
    url: String,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_soteria"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
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
