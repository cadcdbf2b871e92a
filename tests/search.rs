//! The search index: per language, sharded by word, stemmed in the page's language, folded so that
//! a query without diacritics finds words with them, and pointing at pages and their sections.

use serde_json::Value;

use crate::support::SiteTest;

/// The postings of a folded word form, as (document id, impact) pairs: the lookup the browser does.
fn postings(site: &SiteTest, lang: &str, form: &str) -> Vec<(u64, u64)> {
    let dir = format!("search/{lang}/");
    let manifest = site.index_json(&format!("{dir}manifest.json.gz"));
    // Shards are sorted ranges of forms: the last shard whose first form is not after this one.
    let shard = manifest["shards"]["first"]
        .as_array()
        .unwrap()
        .iter()
        .rposition(|first| first.as_str().unwrap() <= form);
    let Some(shard) = shard else {
        return Vec::new();
    };
    let file = file_name("s", &manifest["shards"]["files"], shard);
    let shard = site.index_json(&format!("{dir}{file}"));
    let Some(stem) = shard["forms"][form].as_u64() else {
        return Vec::new();
    };
    let mut doc = 0;
    shard["postings"][stem as usize]
        .as_array()
        .unwrap()
        .chunks(2)
        .map(|pair| {
            doc += pair[0].as_u64().unwrap();
            (doc, pair[1].as_u64().unwrap())
        })
        .collect()
}

/// File `at` of a manifest's list of content hashes (ten characters each): `s-HASH.json.gz`.
fn file_name(prefix: &str, hashes: &Value, at: usize) -> String {
    let hashes = hashes.as_str().unwrap();
    format!("{prefix}-{}.json.gz", &hashes[at * 10..at * 10 + 10])
}

/// The names of the files of a manifest's list of content hashes.
fn file_names(prefix: &str, hashes: &Value) -> Vec<String> {
    (0..hashes.as_str().unwrap().len() / 10)
        .map(|at| file_name(prefix, hashes, at))
        .collect()
}

/// The stored fields of document `doc`, as the browser reads them: the file of whole pages it is
/// in, its entry there, and a section's entry completed from its page's.
fn stored(site: &SiteTest, lang: &str, manifest: &Value, doc: u64) -> Value {
    let counts: Vec<u64> = manifest["stored"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut file, mut first) = (0, 0);
    while first + counts[file] <= doc {
        first += counts[file];
        file += 1;
    }
    let name = file_name("d", &manifest["stored"]["files"], file);
    let docs = site.index_json(&format!("search/{lang}/{name}"));
    let entry = docs[(doc - first) as usize].clone();
    let Some(anchor) = entry["a"].as_str() else {
        return entry;
    };
    // A section: its page's entry is the first document of its page, as the manifest's `pages`
    // counts them (a file holds whole pages).
    let mut page_start = 0;
    for count in page_counts(manifest["pages"].as_str().unwrap()) {
        if page_start + count > doc {
            break;
        }
        page_start += count;
    }
    let page = &docs[(page_start - first) as usize];
    let mut full = page.clone();
    full["url"] = format!("{}#{anchor}", page["url"].as_str().unwrap()).into();
    full["heading"] = entry["heading"].clone();
    full["text"] = entry["text"].clone();
    full
}

/// How many documents each page has, from the manifest's `pages`: one character a page, `0`–`9`,
/// `a`–`z`, `A`–`Y` for 1 to 61, else `Z`, the number and `.` (docs/search-index.md).
fn page_counts(text: &str) -> Vec<u64> {
    const ALPHABET: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY";
    let mut counts = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            'Z' => {
                let number: String = chars.by_ref().take_while(|&c| c != '.').collect();
                counts.push(number.parse().unwrap());
            }
            c => counts.push(ALPHABET.find(c).unwrap() as u64 + 1),
        }
    }
    counts
}

#[test]
fn the_manifests_page_counts_read_as_the_client_reads_them() {
    assert_eq!(page_counts("019aYZ62.Z0.2"), [1, 2, 10, 11, 61, 62, 0, 3]);
}

/// The documents a folded word form leads to, as their stored URLs.
pub(crate) fn lookup(site: &SiteTest, lang: &str, form: &str) -> Vec<String> {
    let manifest = site.index_json(&format!("search/{lang}/manifest.json.gz"));
    postings(site, lang, form)
        .into_iter()
        .map(|(doc, _)| {
            stored(site, lang, &manifest, doc)["url"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn each_language_has_its_own_index() {
    let site = SiteTest::new("multilingual");
    site.build();
    for lang in ["en", "sv", "ar"] {
        let manifest = site.index_json(&format!("search/{lang}/manifest.json.gz"));
        assert_eq!(manifest["version"], 5);
        assert_eq!(manifest["lang"], lang);
        assert!(manifest["docs"].as_u64().unwrap() > 0);
    }
}

#[test]
fn a_word_without_its_diacritics_finds_the_page() {
    let site = SiteTest::new("multilingual");
    site.build();
    let urls = lookup(&site, "sv", "hanvisning");
    assert!(
        urls.contains(&"/sv/guidance/hanvisning/".to_string()),
        "{urls:?}"
    );
}

#[test]
fn sections_are_documents_of_their_own() {
    let site = SiteTest::new("multilingual");
    site.build();
    let urls = lookup(&site, "en", "first");
    assert!(
        urls.contains(&"/guidance/steps/#first".to_string()),
        "{urls:?}"
    );
}

#[test]
fn inflections_share_a_stem() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/guidance/more.md",
        "---\ntitle: More\n---\nThe referrals of children.\n",
    );
    site.build();
    let by_singular = lookup(&site, "en", "referral");
    assert!(
        by_singular.contains(&"/guidance/more/".to_string()),
        "referrals is found through referral: {by_singular:?}"
    );
}

#[test]
fn a_title_hit_outweighs_a_body_hit() {
    let site = SiteTest::new("multilingual");
    site.build();
    // The Steps page has the word in its title; Referral only in a heading and its body.
    let urls = lookup(&site, "en", "steps");
    let impacts: Vec<u64> = postings(&site, "en", "steps")
        .into_iter()
        .map(|(_, impact)| impact)
        .collect();
    let best = impacts
        .iter()
        .enumerate()
        .max_by_key(|(_, impact)| **impact)
        .unwrap()
        .0;
    assert_eq!(urls[best], "/guidance/steps/", "{urls:?} {impacts:?}");
}

#[test]
fn index_files_are_named_by_their_content() {
    let site = SiteTest::new("multilingual");
    site.build();
    let names = |manifest: &Value, part: &str| -> Vec<String> {
        let prefix = if part == "shards" { "s" } else { "d" };
        file_names(prefix, &manifest[part]["files"])
    };
    let manifest = site.index_json("search/en/manifest.json.gz");
    let (shards, stored) = (names(&manifest, "shards"), names(&manifest, "stored"));
    for (name, prefix) in shards
        .iter()
        .map(|n| (n, "s-"))
        .chain(stored.iter().map(|n| (n, "d-")))
    {
        assert!(
            name.starts_with(prefix) && name.ends_with(".json.gz") && name.len() == 20,
            "{name}"
        );
        assert!(site.has_output(&format!("search/en/{name}")));
    }
    // A change of content gives new names, so cached files are never stale.
    site.write(
        "content/guidance/steps.md",
        "---\ntitle: Steps\n---\n## First\n\nChanged words.\n",
    );
    site.build();
    let changed = site.index_json("search/en/manifest.json.gz");
    assert_ne!(names(&changed, "shards"), shards);
    assert_ne!(names(&changed, "stored"), stored);
}

/// Issue 17: an untranslated page shown under another language (English text under `/sv/`) is
/// indexed by the rules of its text's language, so that its English words meet under one stem
/// as they do in the English index (Swedish rules would keep `interviews` and `interviewing`
/// apart, and a reader's `interviewing` would not find `interviews`).
#[test]
fn fallback_pages_are_indexed_by_their_texts_language() {
    let site = SiteTest::new("multilingual");
    site.write(
        "content/guidance/steps.md",
        "---\ntitle: Steps\n---\n## First\n\nInterviews and interviewing.\n",
    );
    site.build();
    let files = site.output_files();
    let forms = |lang: &str| -> Value {
        let (_, shard) = files
            .iter()
            .find(|(path, _)| path.starts_with(&format!("search/{lang}/s-")))
            .expect("a shard");
        serde_json::from_slice::<Value>(&crate::support::gunzip(shard)).unwrap()["forms"].clone()
    };
    for lang in ["en", "sv"] {
        let forms = forms(lang);
        assert_eq!(
            forms["interviews"], forms["interviewing"],
            "{lang}: one stem for both forms: {forms}"
        );
    }
}
