//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`; not part of the API).
//!
//! Each function takes arbitrary text the way the build takes an editor's file and runs one
//! part of the pipeline over it. None may panic, whatever the text: `fuzz/run.sh TARGET SECONDS`
//! runs a target under libFuzzer, and every crash it finds becomes a regression test.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::content::front_matter;
use crate::content::schema::{self, Schema};
use crate::content::types::ContentType;
use crate::markdown::{self, MarkdownOptions};
use crate::{BuildCache, BuildOptions, Config};

/// The schema of the sample site's content types, read once: what the fuzzed front matter is
/// checked against.
fn sample_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (config, _) = Config::from_file(root).expect("the sample site's site.yaml is valid");
        Schema::new(&config).expect("the sample site's type extensions are valid")
    })
}

/// Splits and parses the front matter of a file, then checks it against the schema of every
/// content type, as a page and as a section.
pub fn front_matter(text: &str) {
    let path = Path::new("content/fuzz.md");
    let Ok(parsed) = front_matter::parse(path, text) else {
        return;
    };
    let schema = sample_schema();
    for content_type in ContentType::ALL {
        for is_section in [false, true] {
            let _ = schema::check(path, &parsed, schema, content_type, is_section);
        }
    }
}

/// The body of a content file and where it starts: the text after the front matter, when
/// there is one.
fn body_of(text: &str) -> (usize, &str) {
    match front_matter::split(text) {
        Ok(split) => (split.body_offset, split.body),
        Err(_) => (0, text),
    }
}

/// Renders a page's Markdown (with its references, highlighting and, with raw HTML allowed,
/// sanitising), taking the front matter off first when there is one.
pub fn markdown(text: &str) {
    let path = Path::new("content/fuzz.md");
    let (body_offset, body) = body_of(text);
    for unsafe_html in [false, true] {
        let rendered = markdown::render(
            path,
            text,
            body_offset,
            body,
            MarkdownOptions {
                unsafe_html,
                ..MarkdownOptions::default()
            },
        );
        // Every reference filled in as the resolve phase does, with a link.
        let _ =
            markdown::fill_placeholders(&rendered.html, |i| format!("<a href=\"/{i}/\">{i}</a>"));
    }
}

/// Takes a page in for search as the build does: its Markdown rendered into sections (taken
/// from the events, or read from the HTML when it has raw HTML, sanitised or kept as written),
/// references filled in with links as the resolve phase does, then each language's words.
pub fn search_page(text: &str) {
    let path = Path::new("content/fuzz.md");
    let (body_offset, body) = body_of(text);
    for unsafe_html in [false, true] {
        let options = MarkdownOptions {
            unsafe_html,
            ..MarkdownOptions::default()
        };
        let rendered = markdown::render(path, text, body_offset, body, options);
        let sections = rendered
            .sections
            .fill(|i| format!("<a class=\"std-ref\" href=\"/{i}/\">{i} &amp; more</a>"));
        crate::search::analyse_for_fuzzing(
            &sections,
            &["en", "sv", "uk", "ar", "el", "hi", "th", "zh"],
        );
    }
}

/// Builds a small site whose one guidance page is `text` (in memory, writing nothing).
///
/// Every run is the rebuild that `soteria serve` makes when an editor saves that page: the
/// configuration, templates and strings, the other pages' parsed text and whatever of the
/// rendered site and the search index the page cannot have changed come from the last run's
/// cache, and the page goes through every phase (load, parse, resolve, render, search) with the
/// site around it. A body edit takes the patching path, any other edit the whole pipeline; an
/// error leaves the cache as `serve` would. (A first build of the whole site each run costs five
/// times as much, and repeats for the other pages what no input changes.)
pub fn site(text: &[u8]) {
    static CACHE: Mutex<Option<BuildCache>> = Mutex::new(None);
    let root = fuzz_site();
    // A fixed name: each run replaces the last run's page.
    if std::fs::write(root.join(FUZZ_PAGE), text).is_err() {
        return;
    }
    let options = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cache = cache.get_or_insert_with(BuildCache::default);
    cache.content_changed([PathBuf::from(FUZZ_PAGE)]);
    let _ = crate::generate_with(&options, Some(cache), &|_| {});
}

/// The page of the fuzz site that each run replaces.
const FUZZ_PAGE: &str = "content/guidance/fuzz.md";

/// A copy of `tests/fixtures/basic` with the default theme, in a folder of its own per process,
/// made once.
fn fuzz_site() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = std::env::var_os("SOTERIA_FUZZ_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let root = base.join(format!("soteria-fuzz-site-{}", std::process::id()));
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_tree(&fixture, &root).expect("the fuzz site can be copied");
        copy_tree(&theme, &root.join("themes/default")).expect("the theme can be copied");
        root
    })
    .clone()
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
