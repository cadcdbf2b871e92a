//! `soteria serve`'s rebuilds through the library's `BuildCache`: after each kind of edit the
//! site served (the first build with every rebuild's changes applied) equals a full build's,
//! search index included, and a rebuild after a failed one reads the files as they are now.

use std::fs;
use std::path::{Path, PathBuf};

use soteria::OutputContent;
use soteria::{generate, generate_with, BuildCache, BuildOptions, SiteFiles};

use crate::support::{apply, files, Files, SiteTest};

/// How `soteria serve` builds the site at `root`.
fn served_at_localhost(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".to_string()),
        ..BuildOptions::default()
    }
}

/// The paths whose files differ between `served` and `full`, or that only one of them has.
fn differing(served: &Files, full: &Files) -> Vec<String> {
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
    let page = |served: &Files| match served.get("guidance/child-participation/index.html") {
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
