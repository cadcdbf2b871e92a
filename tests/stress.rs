//! The stress site (`tests/fixtures/stress`): fictional test text in the scripts editors and
//! translators type — Latin with diacritics, Cyrillic, Greek, Arabic and Hebrew with directional
//! marks, Devanagari, Thai, Chinese, Japanese, Korean, emoji sequences, combining marks — every
//! form of character reference, `&` before every kind of character, raw HTML, tables with pipes in
//! code, nesting 2,000 deep; and, written at test time, a 5 MB page, a 1 MB line, a 100 KB word
//! and a file name in NFD. It builds with exit 0, every paragraph reaches its page, and the search
//! index finds a word of each script.

use std::fs;

use soteria::content::SourceId;
use soteria::search::Analyzer;

use crate::search::lookup;
use crate::support::{main_of, SiteTest};

/// The site's languages, the default first.
const LANGUAGES: [&str; 4] = ["en", "ar", "he", "ru"];

/// The name of the page written at test time with its file name in NFD: `mästare` with the
/// `ä` as `a` and a combining diaeresis (git and some systems would normalise a committed one).
const NFD_NAME: &str = "ma\u{308}stare";

/// Adds what is too big to commit, or what git could normalise: a 5 MB page, a 1 MB line, a
/// 100 KB word, and a page whose file name is in NFD.
fn add_generated_pages(site: &SiteTest) {
    let words = [
        "barnet",
        "skyddet",
        "stödet",
        "дитина",
        "захист",
        "παιδί",
        "προστασία",
        "طفل",
        "حماية",
        "ילד",
        "הגנה",
        "बच्चा",
        "सुरक्षा",
        "เด็ก",
        "保护",
        "児童",
        "아동",
        "👩\u{200d}👧",
        "e\u{301}\u{302}",
        "Tom & Jerry’s",
    ];
    let mut big = String::from(
        "---\ntitle: Five megabytes (fictional test text)\n---\n\nMk901 Fivestartword begins the big page.\n\n",
    );
    let mut paragraph = 0usize;
    while big.len() < 5_000_000 {
        if paragraph == 20_000 {
            big.push_str("Mk902 Fivemiddleword is in the middle.\n\n");
        }
        for i in 0..60 {
            big.push_str(words[(paragraph * 7 + i * 3) % words.len()]);
            big.push_str(if i == 59 { ".\n\n" } else { " " });
        }
        paragraph += 1;
    }
    big.push_str("Mk903 Fiveendword ends the big page.\n");
    site.write("content/markup/five-megabytes.md", &big);

    let mut long = String::from(
        "---\ntitle: A long line and a long word (fictional test text)\n---\n\nMk904 ",
    );
    while long.len() < 1_050_000 {
        long.push_str("linewords ");
    }
    long.push_str("Longlineendword Mk905\n\nMk906 ");
    long.push_str(&"ab".repeat(50_000));
    long.push_str(" Longwordafterword Mk907\n");
    site.write("content/markup/long-line.md", &long);

    site.write(
        &format!("content/guidance/{NFD_NAME}.md"),
        "---\ntitle: Mästare, a file name in NFD (fictional test text)\n---\n\nMk908 Nfdpageword: this page's file name has a decomposed ä.\n",
    );
}

/// Where the page of `source` (a path under `content/`) is written in the output.
fn output_of(rel: &str) -> String {
    let id = SourceId::from_rel(rel, &LANGUAGES);
    let mut path = String::new();
    if id.lang != LANGUAGES[0] {
        path.push_str(&id.lang);
        path.push('/');
    }
    if !id.key.is_empty() {
        path.push_str(&id.key);
        path.push('/');
    }
    path.push_str("index.html");
    path
}

/// The markers (`Mk` and digits) of a source file's body: one in each of its paragraphs.
fn markers(text: &str) -> Vec<&str> {
    let body = text.splitn(3, "---").nth(2).unwrap_or(text);
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("Mk") {
        let digits = rest[at + 2..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 {
            found.push(&rest[at..at + 2 + digits]);
        }
        rest = &rest[at + 2 + digits..];
    }
    found
}

#[test]
fn the_stress_site_builds_and_keeps_every_paragraph_and_word() {
    let site = SiteTest::new("stress");
    add_generated_pages(&site);
    let run = site.build();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    // Every paragraph reaches its page, and the fallback pages of the other languages.
    let content = site.root().join("content");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("content");
        let rel = entry
            .path()
            .strip_prefix(&content)
            .expect("inside")
            .to_str()
            .expect("UTF-8 name")
            .replace('\\', "/");
        if !rel.ends_with(".md") {
            continue;
        }
        let text = fs::read_to_string(entry.path()).expect("source");
        let wanted = markers(&text);
        assert!(!wanted.is_empty(), "{rel} has markers");
        let output = output_of(&rel);
        let html = site.output(&output);
        let main = main_of(&html);
        for marker in &wanted {
            assert!(
                main.contains(marker),
                "{rel}: {marker} is missing from {output}"
            );
        }
        let hebrew = content.join(rel.replace(".md", ".he.md"));
        if SourceId::from_rel(&rel, &LANGUAGES).lang == LANGUAGES[0] && !hebrew.exists() {
            let fallback = site.output(&format!("he/{output}"));
            for marker in &wanted {
                assert!(
                    main_of(&fallback).contains(marker),
                    "{rel}: {marker} is missing from its Hebrew fallback"
                );
            }
        }
        pages += 1;
    }
    assert!(pages >= 30, "{pages} pages");

    // A word of each script is found in the index of the page's language.
    for (lang, url, word) in [
        ("en", "scripts/latin/", "Ødegård"),
        ("en", "scripts/latin/", "Phượng"),
        ("en", "scripts/latin/", "Iğdırlı"),
        ("en", "scripts/latin/", "Großvaterstraße"),
        ("en", "scripts/cyrillic/", "Ёжиковая"),
        ("en", "scripts/cyrillic/", "Ґанок"),
        ("en", "scripts/greek/", "Ξιφοθήκη"),
        ("en", "scripts/arabic/", "السلاحف"),
        ("en", "scripts/hebrew/", "הצבים"),
        ("en", "scripts/devanagari/", "कछुआपुस्तकालय"),
        ("en", "scripts/thai/", "ห้องสมุดเต่า"),
        ("en", "scripts/chinese/", "乌龟图书馆"),
        ("en", "scripts/japanese/", "カメノトショカン"),
        ("en", "scripts/korean/", "거북이도서관"),
        ("en", "markup/ampersand/", "Jerry’s"),
        ("en", "markup/nesting/", "bottom"),
        ("en", "markup/five-megabytes/", "Fivestartword"),
        ("en", "markup/long-line/", "Longlineendword"),
        ("en", "markup/long-line/", "Longwordafterword"),
        ("en", "guidance/före/", "NFC"),
        ("en", &format!("guidance/{NFD_NAME}/"), "Nfdpageword"),
        ("ar", "ar/scripts/arabic/", "السلاحف"),
        ("he", "he/scripts/hebrew/", "הצבים"),
        ("ru", "ru/scripts/cyrillic/", "Ёжиковая"),
    ] {
        let tokens = Analyzer::new(lang).tokens(word);
        assert!(!tokens.is_empty(), "{word} has words");
        for token in tokens {
            let urls = lookup(&site, lang, &token.form);
            assert!(
                urls.iter().any(|found| found.contains(url)),
                "{lang}: `{}` (of {word}) leads to {urls:?}, not to {url}",
                token.form
            );
        }
    }

    // Right-to-left languages are marked as such, and directional marks reach the page.
    for page in [
        "ar/scripts/arabic/index.html",
        "he/scripts/hebrew/index.html",
    ] {
        let html = site.output(page);
        assert!(html.contains("dir=\"rtl\""), "{page}");
    }
    let arabic = site.output("scripts/arabic/index.html");
    for mark in [
        '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
        '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ] {
        assert!(main_of(&arabic).contains(mark), "U+{:04X}", mark as u32);
    }
    // Emoji sequences stay whole.
    let emoji = site.output("scripts/emoji/index.html");
    for sequence in [
        "👩\u{200d}👩\u{200d}👧\u{200d}👦",
        "🧑🏽\u{200d}🚒",
        "🏳️\u{200d}🌈",
        "🇸🇪",
        "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    ] {
        assert!(main_of(&emoji).contains(sequence), "{sequence}");
    }
    // References that name no character become U+FFFD; unknown names stay as they were typed.
    let entities = site.output("markup/entities/index.html");
    assert!(main_of(&entities).contains('\u{fffd}'));
    assert!(main_of(&entities).contains("&amp;foo;"));
    // A pipe in code in a table stays in its cell.
    let tables = site.output("markup/tables/index.html");
    assert!(
        main_of(&tables).contains("<code>a | b</code>"),
        "{}",
        main_of(&tables)
    );
}
