//! Issue 22: a running `soteria serve` after an edit of a page's title and after a new page:
//! the page, its section's listing and the search index show it, and every file the server
//! sends is the file a full build of the same content writes.

use std::fs;
use std::time::{Duration, Instant};

use crate::serve::{next_event, Server};
use crate::support::SiteTest;

/// The page as a full build writes it: without the live-reload tags `serve` adds to its head.
fn without_live_tags(html: &str) -> String {
    let start = "<link rel=\"stylesheet\" href=\"/__soteria/live.css\">";
    let end = "defer></script>";
    match html.find(start) {
        Some(at) => match html[at..].find(end) {
            Some(len) => format!("{}{}", &html[..at], &html[at + len + end.len()..]),
            None => html.to_string(),
        },
        None => html.to_string(),
    }
}

/// The text of the search index of `lang` as served: its manifest and every file it names,
/// unpacked (docs/search-index.md).
fn served_index(server: &Server, lang: &str) -> String {
    let Some(manifest) = server.index_json(&format!("/search/{lang}/manifest.json.gz")) else {
        return String::new();
    };
    let mut names: Vec<String> = [("shards", "s"), ("stored", "d")]
        .into_iter()
        .flat_map(|(part, prefix)| {
            let hashes = manifest[part]["files"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (0..hashes.len() / 10)
                .map(move |at| format!("{prefix}-{}.json.gz", &hashes[at * 10..at * 10 + 10]))
        })
        .collect();
    names.extend(manifest["facets"].as_str().map(str::to_string));
    let mut text = manifest.to_string();
    for name in names {
        if let Some(file) = server.index_json(&format!("/search/{lang}/{name}")) {
            text.push_str(&file.to_string());
        }
    }
    text
}

/// Waits (up to 60 s) until the served search index of `lang` holds `text`: it is made once the
/// editor pauses.
#[track_caller]
fn wait_for_index(server: &Server, lang: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !served_index(server, lang).contains(text) {
        assert!(
            Instant::now() < deadline,
            "the search index of {lang} never showed {text:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Builds the site as it is now with the server's base URL, and asserts that the server sends
/// every text file of that build as the build wrote it.
#[track_caller]
fn assert_serves_a_full_build(site: &SiteTest, server: &Server, after: &str) {
    let base_url = server.get("/__soteria/status").0;
    assert_eq!(base_url, 200);
    let url = server_url(server);
    site.run(&["build", "--base-url", &url]).expect_code(0);
    let mut differing = Vec::new();
    let mut compared = 0;
    for (path, bytes) in site.output_files() {
        if path.ends_with(".gz") {
            // The search index's files, compared byte for byte.
            let (status, body) = server.get_bytes(&format!("/{path}"));
            if status != 200 || body != bytes {
                differing.push(path);
            }
            compared += 1;
            continue;
        }
        let text_file = [".html", ".xml", ".json", ".txt"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if !text_file {
            continue;
        }
        let (status, _, body) = server.get(&format!("/{path}"));
        let served = without_live_tags(&body);
        if status != 200 || served.as_bytes() != bytes.as_slice() {
            differing.push(path);
        }
        compared += 1;
    }
    assert!(compared > 100, "only {compared} files compared");
    assert!(
        differing.is_empty(),
        "after {after}, the server sends other files than a full build writes: {differing:?}"
    );
}

/// The server's own URL, which it uses as the base URL.
fn server_url(server: &Server) -> String {
    let (_, _, page) = server.get("/");
    let at = page
        .find("http://127.0.0.1:")
        .expect("the server's URL in the home page");
    let rest = &page[at..];
    let end = rest
        .find('/')
        .and_then(|slash| rest[slash + 2..].find('/').map(|next| slash + 2 + next + 1));
    rest[..end.expect("a URL")].to_string()
}

#[test]
fn serve_shows_an_edited_title_everywhere_a_full_build_does() {
    let site = SiteTest::sample();
    let server = Server::start(&site);
    let events = server.events();
    let source = site.root().join("content/guidance/child-participation.md");
    let original = fs::read_to_string(&source).expect("source");
    let title = "Hearing children out, retitled while serving";
    fs::write(
        &source,
        original.replace(
            "title: Listening to children and involving them",
            &format!("title: {title}"),
        ),
    )
    .expect("edit");
    assert_eq!(next_event(&events), "reload");
    let line = server.wait_for_log("built ");
    assert!(line.contains("rendered"), "{line}");

    let (_, _, page) = server.get("/guidance/child-participation/");
    assert!(page.contains(&format!("<h1>{title}</h1>")) || page.contains(title));
    assert!(
        !page.contains("Listening to children and involving them"),
        "the page still shows its old title"
    );
    let (_, _, section) = server.get("/guidance/");
    assert!(
        section.contains(title),
        "the section's listing shows the new title"
    );
    // The Swedish page, a translation, links to its original by its own title: unchanged.
    wait_for_index(&server, "en", title);
    assert_serves_a_full_build(&site, &server, "the title edit");
}

#[test]
fn serve_shows_a_new_page_everywhere_a_full_build_does() {
    let site = SiteTest::sample();
    let server = Server::start(&site);
    let events = server.events();
    let title = "Quokka-safe interviews, a guide written while serving";
    site.write(
        "content/guidance/new-while-serving.md",
        &format!(
            "---\ntitle: {title}\ndescription: Made in a test.\nweight: 45\nthemes: [participation]\n---\n\nA guide written while serving, about quokkas.\n"
        ),
    );
    assert_eq!(next_event(&events), "reload");

    let (status, _, page) = server.get("/guidance/new-while-serving/");
    assert_eq!(status, 200, "the new page is served");
    assert!(page.contains(title));
    let (_, _, section) = server.get("/guidance/");
    assert!(
        section.contains("/guidance/new-while-serving/") && section.contains(title),
        "the section lists and links the new page"
    );
    let (status, _, fallback) = server.get("/sv/guidance/new-while-serving/");
    assert_eq!(
        status, 200,
        "the Swedish readers get the page under a notice"
    );
    assert!(fallback.contains(title));
    let (_, _, theme) = server.get("/themes/participation/");
    assert!(theme.contains(title), "the theme's page lists it");
    wait_for_index(&server, "en", title);
    assert_serves_a_full_build(&site, &server, "the new page");
}

#[test]
fn serve_after_saves_in_quick_succession_sends_what_a_full_build_writes() {
    // Each save comes while the search index of the one before is being made (which then
    // stops for it): once the editor pauses, the index and every page are whole.
    let site = SiteTest::sample();
    let server = Server::start(&site);
    let source = site.root().join("content/guidance/child-participation.md");
    let original = fs::read_to_string(&source).expect("source");
    for round in 0..6 {
        if round % 2 == 0 {
            site.write(
                &format!("content/guidance/quick-{round}.md"),
                &format!("---\ntitle: Quick save {round}\n---\n\nWombatword{round} in a page made in a hurry.\n"),
            );
        } else {
            fs::write(
                &source,
                format!("{original}\nNumbatword{round} added in a hurry.\n"),
            )
            .expect("edit");
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    wait_for_index(&server, "en", "wombatword4");
    wait_for_index(&server, "en", "numbatword5");
    // The other languages' indexes come after the English one: the new pages are there under a
    // notice (the edited page has translations of its own, which the edit does not change).
    for lang in ["sv", "uk", "ar"] {
        wait_for_index(&server, lang, "wombatword4");
    }
    assert_serves_a_full_build(&site, &server, "six saves 40 ms apart");
}
