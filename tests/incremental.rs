//! Incremental rebuilds as a property: for random sequences of edits to a small generated site
//! (bodies, titles, headings, links, standard references, new and deleted pages, translations
//! added and removed, a template), the files `soteria serve` holds after each rebuild from its
//! cache are byte for byte those of a clean build of the same files, and the two fail alike.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use soteria::{generate, generate_with, BuildCache, BuildOptions};

use crate::support::{apply, files, Files, SiteTest};

/// The pages an edit may touch, by key; `news/` ones need a date.
const SLOTS: [&str; 5] = [
    "guidance/referral",
    "guidance/steps",
    "guidance/interview",
    "news/launch",
    "news/mandate",
];
/// The site's languages, the default first.
const LANGUAGES: [&str; 2] = ["en", "sv"];
const WORDS: [&str; 8] = [
    "child",
    "barnahus",
    "interview",
    "referral",
    "family",
    "court",
    "health",
    "school",
];

/// The text of one page in one language.
#[derive(Debug, Clone)]
struct PageText {
    title: usize,
    headings: Vec<usize>,
    body: Vec<usize>,
    /// A link to another page (which may not exist, or lack the heading: the build then fails).
    link: Option<Link>,
    /// A reference to standard 1 or 2.
    standard: Option<u8>,
    /// For a translation: whether it records the original's hash (and what it translates)
    /// when it is written.
    hashed: bool,
}

/// Pages that are always there, for links that do not break.
const FIXED: [&str; 3] = [
    "guidance/_index.md",
    "standards/principles.md",
    "standards/planning.md",
];

/// Where a link points.
#[derive(Debug, Clone)]
enum Link {
    /// A page that is always there.
    Fixed(usize),
    /// A page of a slot.
    Slot(usize),
    /// The first heading of a page of a slot, as the page is when the link is written (so
    /// the link breaks when that heading goes).
    Heading(usize),
}

/// One edit of the site. Edits of a page name it by a number: the page that many places along
/// the site's pages (round), so that most edits change a page that is there.
#[derive(Debug, Clone)]
enum Edit {
    /// A page's body words.
    Body(usize, Vec<usize>),
    /// A page's title, in its front matter.
    Title(usize, usize),
    /// A page's headings: their ids change with their words.
    Headings(usize, Vec<usize>),
    Link(usize, Option<Link>),
    Standard(usize, Option<u8>),
    /// A page or translation written anew, in its slot and language.
    Add(usize, usize, PageText),
    /// A page or translation removed.
    Delete(usize),
    /// The site's own version of the page template, or none.
    Template(bool),
    /// A page put back as it was before its last edit, as an editor's undo does: an original
    /// back to the text its translations recorded makes them up to date again.
    Undo(usize),
}

fn words() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 0..4)
}

/// Headings' words: fewer, so that links to headings often find theirs, and lose it.
fn headings() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..HEADING_WORDS, 0..3)
}

/// How many of the words headings are made of.
const HEADING_WORDS: usize = 3;

fn link() -> impl Strategy<Value = Option<Link>> {
    prop_oneof![
        10 => Just(None),
        4 => (0..FIXED.len()).prop_map(|page| Some(Link::Fixed(page))),
        1 => (0..SLOTS.len()).prop_map(|slot| Some(Link::Slot(slot))),
        2 => (0..SLOTS.len()).prop_map(|slot| Some(Link::Heading(slot))),
    ]
}

fn page_text() -> impl Strategy<Value = PageText> {
    (
        0..WORDS.len(),
        headings(),
        words(),
        link(),
        prop::option::of(1u8..3),
        any::<bool>(),
    )
        .prop_map(|(title, headings, body, link, standard, hashed)| PageText {
            title,
            headings,
            body,
            link,
            standard,
            hashed,
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    let page = 0..64usize;
    prop_oneof![
        // Edits of bodies are what `serve` sees most, and what it patches.
        8 => (page.clone(), words()).prop_map(|(p, w)| Edit::Body(p, w)),
        2 => (page.clone(), 0..WORDS.len()).prop_map(|(p, t)| Edit::Title(p, t)),
        2 => (page.clone(), headings()).prop_map(|(p, w)| Edit::Headings(p, w)),
        1 => (page.clone(), link()).prop_map(|(p, l)| Edit::Link(p, l)),
        1 => (page.clone(), prop::option::of(1u8..3)).prop_map(|(p, n)| Edit::Standard(p, n)),
        2 => (0..SLOTS.len(), 0..LANGUAGES.len(), page_text())
            .prop_map(|(s, l, p)| Edit::Add(s, l, p)),
        1 => page.clone().prop_map(Edit::Delete),
        1 => any::<bool>().prop_map(Edit::Template),
        2 => page.prop_map(Edit::Undo),
    ]
}

/// The first pages: in each slot none, an original, a translation alone, or both (most
/// often, so that edits of originals change their translations' status).
fn pages() -> impl Strategy<Value = BTreeMap<(usize, usize), PageText>> {
    let slot = prop_oneof![
        1 => Just(vec![]),
        1 => Just(vec![0]),
        1 => Just(vec![1]),
        3 => Just(vec![0, 1]),
    ];
    prop::collection::vec((slot, page_text(), page_text()), SLOTS.len()).prop_map(|slots| {
        let mut pages = BTreeMap::new();
        for (at, (languages, original, translation)) in slots.into_iter().enumerate() {
            for lang in languages {
                let text = if lang == 0 { &original } else { &translation };
                pages.insert((at, lang), text.clone());
            }
        }
        pages
    })
}

/// A burst of edits (`serve` rebuilds once for all the saves of a burst), and whether the
/// search index is left for later and then made or not before the files are compared.
/// A step: edits, whether the search index is left for later, whether it is then made, and
/// after how many of its questions the making is interrupted (as `serve` does when another edit
/// comes), if it is.
type Step = (Vec<Edit>, bool, bool, Option<usize>);

fn step() -> impl Strategy<Value = Step> {
    (
        prop::collection::vec(edit(), 1..3),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0usize..300),
    )
}

/// The generated site on disk and what its pages say.
struct Site {
    test: SiteTest,
    pages: BTreeMap<(usize, usize), PageText>,
    /// Each page as it was before its last edit.
    before: BTreeMap<(usize, usize), PageText>,
}

impl Site {
    fn new(pages: BTreeMap<(usize, usize), PageText>) -> Site {
        let test = SiteTest::empty();
        let root = test.root();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            fs::write(path, text).expect("write");
        };
        write(
            "site.yaml",
            "title: Incremental\nbase_url: http://127.0.0.1:1111/\nlanguages:\n  en: {name: English}\n  sv: {name: Svenska}\nstandards:\n  barnahus:\n    section: standards\n",
        );
        write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
        write("content/_index.sv.md", "---\ntitle: Hem\n---\nVälkommen.\n");
        write(
            "content/guidance/_index.md",
            "---\ntitle: Guidance\ntype: guidance\n---\nHow to work.\n",
        );
        write(
            "content/news/_index.md",
            "---\ntitle: News\ntype: news\n---\n",
        );
        write(
            "content/standards/_index.md",
            "---\ntitle: Standards\ntype: standard\n---\n",
        );
        write(
            "content/standards/principles.md",
            "---\ntitle: Principles\nnumber: \"1\"\n---\nThe principles.\n",
        );
        write(
            "content/standards/planning.md",
            "---\ntitle: Planning\nnumber: \"2\"\n---\nPlanning together.\n",
        );
        let mut site = Site {
            test,
            pages: BTreeMap::new(),
            before: BTreeMap::new(),
        };
        for ((slot, lang), page) in pages {
            site.put(slot, lang, page);
        }
        site
    }

    fn root(&self) -> &Path {
        self.test.root()
    }

    /// The file of `slot` in language `lang`, relative to the root.
    fn rel(slot: usize, lang: usize) -> String {
        match lang {
            0 => format!("content/{}.md", SLOTS[slot]),
            _ => format!("content/{}.{}.md", SLOTS[slot], LANGUAGES[lang]),
        }
    }

    /// Writes the page and returns its path relative to the root.
    fn put(&mut self, slot: usize, lang: usize, page: PageText) -> PathBuf {
        let mut front = format!("---\ntitle: {} {}\n", WORDS[page.title], SLOTS[slot]);
        if SLOTS[slot].starts_with("news/") {
            front.push_str(&format!("date: 2024-05-0{}\n", slot + 1));
        }
        let original = self.root().join(Site::rel(slot, 0));
        if lang > 0 && page.hashed {
            if let Ok(text) = fs::read_to_string(original) {
                let hash = soteria::status::source_hash(&text);
                front.push_str(&format!("source_hash: {hash}\n"));
            }
            // What it translates, as `soteria translate import` records it: the original's
            // title and first paragraph (the rest is taken as still in the original's language).
            if let Some(original) = self.pages.get(&(slot, 0)) {
                front.push_str(&format!(
                    "translation:\n  from:\n    title: \"{} {}\"\n    s0.p1: \"About {}.\"\n",
                    WORDS[original.title],
                    SLOTS[slot],
                    words_of(&original.body)
                ));
            }
        }
        let mut text = format!("{front}---\nAbout {}.\n", words_of(&page.body));
        for &heading in &page.headings {
            text.push_str(&format!(
                "\n## {}\n\nMore on {}.\n",
                WORDS[heading], WORDS[heading]
            ));
        }
        let target = match page.link {
            Some(Link::Fixed(page)) => Some(FIXED[page].to_string()),
            Some(Link::Slot(slot)) => Some(format!("{}.md", SLOTS[slot])),
            Some(Link::Heading(slot)) => {
                // The page in the link's language, else the original: the one a reader gets.
                let target = self.pages.get(&(slot, lang)).or(self.pages.get(&(slot, 0)));
                match target.and_then(|target| target.headings.first()) {
                    Some(&word) => Some(format!("{}.md#{}", SLOTS[slot], WORDS[word])),
                    None => Some(FIXED[0].to_string()),
                }
            }
            None => None,
        };
        if let Some(target) = target {
            text.push_str(&format!("\nSee [the page](@/{target}).\n"));
        }
        if let Some(number) = page.standard {
            text.push_str(&format!("\nAs [[std:{number}]] says.\n"));
        }
        let rel = Site::rel(slot, lang);
        fs::write(self.root().join(&rel), text).expect("write");
        if let Some(before) = self.pages.insert((slot, lang), page) {
            self.before.insert((slot, lang), before);
        }
        PathBuf::from(rel)
    }

    /// Makes `edit` on disk; returns the content file it changed, or `None` for the template
    /// (and for an edit of a page when there are none).
    fn apply(&mut self, edit: &Edit) -> Option<PathBuf> {
        let nth = |n: usize| self.pages.keys().nth(n % self.pages.len().max(1)).copied();
        let (slot, lang) = match edit {
            Edit::Template(on) => {
                self.template(*on);
                return None;
            }
            Edit::Add(slot, lang, page) => return Some(self.put(*slot, *lang, page.clone())),
            Edit::Delete(n) => {
                let (slot, lang) = nth(*n)?;
                let rel = Site::rel(slot, lang);
                fs::remove_file(self.root().join(&rel)).expect("remove");
                self.pages.remove(&(slot, lang));
                self.before.remove(&(slot, lang));
                return Some(PathBuf::from(rel));
            }
            Edit::Undo(n) => {
                let (slot, lang) = nth(*n)?;
                let before = self.before.get(&(slot, lang))?.clone();
                return Some(self.put(slot, lang, before));
            }
            Edit::Body(n, _)
            | Edit::Title(n, _)
            | Edit::Headings(n, _)
            | Edit::Link(n, _)
            | Edit::Standard(n, _) => nth(*n)?,
        };
        let mut page = self.pages.get(&(slot, lang))?.clone();
        match edit {
            Edit::Body(_, words) => page.body.clone_from(words),
            Edit::Title(_, title) => page.title = *title,
            Edit::Headings(_, words) => page.headings.clone_from(words),
            Edit::Link(_, target) => page.link.clone_from(target),
            Edit::Standard(_, number) => page.standard = *number,
            _ => {}
        }
        Some(self.put(slot, lang, page))
    }

    /// Puts the site's own page template in (a mark after every title) or takes it away.
    fn template(&self, on: bool) {
        let path = self.root().join("templates/page.html");
        if on {
            let theme = fs::read_to_string(self.root().join("themes/default/templates/page.html"))
                .expect("theme's page template");
            let marked = theme.replace("{{ page.title }}</h1>", "{{ page.title }} ✓</h1>");
            assert_ne!(marked, theme, "the page template has no title to mark");
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            fs::write(&path, marked).expect("write");
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

fn words_of(words: &[usize]) -> String {
    let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
    if words.is_empty() {
        "nothing".to_string()
    } else {
        words.join(" ")
    }
}

/// The paths whose files differ between `served` and `full` (search files aside unless
/// `with_search`).
fn differing(served: &Files, full: &Files, with_search: bool) -> Vec<String> {
    let compared = |path: &&String| with_search || !path.starts_with("search/");
    full.iter()
        .filter(|(path, content)| compared(path) && served.get(*path) != Some(content))
        .map(|(path, _)| path)
        .chain(
            served
                .keys()
                .filter(|path| compared(path) && !full.contains_key(*path)),
        )
        .cloned()
        .collect()
}

/// Builds the site, then makes each step's edits, rebuilds from the cache as `serve` does and
/// compares with a clean build.
fn check(pages: BTreeMap<(usize, usize), PageText>, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let mut site = Site::new(pages);
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".to_string()),
        ..BuildOptions::default()
    };
    let mut cache = BuildCache::default();
    // The last good site, as `serve` keeps serving it while builds fail.
    let mut served = Files::new();
    match (
        generate_with(&options, Some(&mut cache), &|_| {}),
        generate(&options),
    ) {
        (Ok(first), Ok(full)) => {
            apply(&mut served, first);
            prop_assert!(differing(&served, &files(full), true).is_empty());
        }
        (first, full) => prop_assert_eq!(first.is_ok(), full.is_ok()),
    }
    let mut last_full = None;
    for (number, (edits, defer, finish, interrupt)) in steps.into_iter().enumerate() {
        let mut changed = Vec::new();
        let mut everything = false;
        for edit in &edits {
            match site.apply(edit) {
                Some(path) => changed.push(path),
                None => everything |= matches!(edit, Edit::Template(_)),
            }
        }
        if everything {
            cache.clear();
        } else {
            cache.content_changed(changed);
        }
        cache.defer_search(defer);
        let rebuilt = generate_with(&options, Some(&mut cache), &|_| {});
        let full = generate(&options);
        let what = format!("step {number}: {edits:?}");
        match (rebuilt, full) {
            (Ok(rebuilt), Ok(full)) => {
                apply(&mut served, rebuilt);
                if finish || !defer {
                    let asked = AtomicUsize::new(0);
                    let interrupted =
                        || asked.fetch_add(1, Ordering::SeqCst) >= interrupt.unwrap_or(usize::MAX);
                    if let Some(index) = cache.finish_search(&interrupted) {
                        apply(&mut served, index);
                    }
                }
                let with_search = !cache.search_pending();
                let full = files(full);
                let differing = differing(&served, &full, with_search);
                prop_assert!(differing.is_empty(), "{what}: {differing:?} differ");
                last_full = Some(full);
            }
            (Err(rebuilt), Err(full)) => {
                last_full = None;
                prop_assert_eq!(
                    rebuilt.diagnostics(),
                    full.diagnostics(),
                    "{}: the diagnostics differ",
                    what
                );
            }
            (Ok(_), Err(full)) => {
                prop_assert!(false, "{what}: only the full build failed: {full:?}")
            }
            (Err(rebuilt), Ok(_)) => {
                prop_assert!(false, "{what}: only the rebuild failed: {rebuilt:?}")
            }
        }
    }
    // An index left for later, or interrupted on the way, is whole once made.
    if let Some(full) = last_full {
        if let Some(index) = cache.finish_search(&|| false) {
            apply(&mut served, index);
        }
        prop_assert!(!cache.search_pending());
        let differing = differing(&served, &full, true);
        prop_assert!(differing.is_empty(), "at the end: {differing:?} differ");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    /// A rebuild from the cache, after any burst of edits, gives the files of a clean build.
    #[test]
    fn incremental_rebuilds_equal_clean_builds(
        pages in pages(),
        steps in prop::collection::vec(step(), 2..7),
    ) {
        check(pages, steps)?;
    }
}

/// An editor's undo puts an original back to the text its translation recorded: after the
/// rebuild `serve` makes, the translation counts as up to date again, as in a clean build.
#[test]
fn undoing_an_edit_brings_a_translation_up_to_date_again() {
    let page = PageText {
        title: 0,
        headings: Vec::new(),
        body: vec![0],
        link: None,
        standard: None,
        hashed: true,
    };
    let pages = BTreeMap::from([((0, 0), page.clone()), ((0, 1), page)]);
    // The original (the first page) edited, then put back, each saved and rebuilt.
    let steps = vec![
        (vec![Edit::Body(0, vec![1])], false, true, None),
        (vec![Edit::Undo(0)], false, true, None),
    ];
    check(pages, steps).expect("serve's site equals a clean build after each step");
}
