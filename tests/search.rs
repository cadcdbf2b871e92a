//! The search index: per language, sharded by word, stemmed in the page's language, folded so that
//! a query without diacritics finds words with them, and pointing at pages and their sections.

use serde_json::Value;

use crate::support::SiteTest;

/// The postings of a folded word form, as (document id, impact) pairs: the lookup the browser does.
fn postings(site: &SiteTest, lang: &str, form: &str) -> Vec<(u64, u64)> {
    let dir = format!("search/{lang}/");
    let manifest: Value =
        serde_json::from_str(&site.output(&format!("{dir}manifest.json"))).unwrap();
    // Shards are sorted ranges of forms: the last shard whose first form is not after this one.
    let shard = manifest["shards"]["first"]
        .as_array()
        .unwrap()
        .iter()
        .rposition(|first| first.as_str().unwrap() <= form);
    let Some(shard) = shard else {
        return Vec::new();
    };
    let file = manifest["shards"]["files"][shard].as_str().unwrap();
    let shard: Value = serde_json::from_str(&site.output(&format!("{dir}{file}"))).unwrap();
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

/// The documents a folded word form leads to, as their stored URLs.
pub(crate) fn lookup(site: &SiteTest, lang: &str, form: &str) -> Vec<String> {
    let dir = format!("search/{lang}/");
    let manifest: Value =
        serde_json::from_str(&site.output(&format!("{dir}manifest.json"))).unwrap();
    let size = manifest["stored"]["size"].as_u64().unwrap();
    let stored = &manifest["stored"]["files"];
    postings(site, lang, form)
        .into_iter()
        .map(|(doc, _)| {
            let file = stored[(doc / size) as usize].as_str().unwrap();
            let docs: Value = serde_json::from_str(&site.output(&format!("{dir}{file}"))).unwrap();
            docs[(doc % size) as usize]["url"]
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
        let manifest: Value =
            serde_json::from_str(&site.output(&format!("search/{lang}/manifest.json"))).unwrap();
        assert_eq!(manifest["version"], 4);
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
        manifest[part]["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| name.as_str().unwrap().to_string())
            .collect()
    };
    let manifest: Value = serde_json::from_str(&site.output("search/en/manifest.json")).unwrap();
    let (shards, stored) = (names(&manifest, "shards"), names(&manifest, "stored"));
    for (name, prefix) in shards
        .iter()
        .map(|n| (n, "s-"))
        .chain(stored.iter().map(|n| (n, "d-")))
    {
        assert!(
            name.starts_with(prefix) && name.ends_with(".json") && name.len() == 17,
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
    let changed: Value = serde_json::from_str(&site.output("search/en/manifest.json")).unwrap();
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
        serde_json::from_slice::<Value>(shard).unwrap()["forms"].clone()
    };
    for lang in ["en", "sv"] {
        let forms = forms(lang);
        assert_eq!(
            forms["interviews"], forms["interviewing"],
            "{lang}: one stem for both forms: {forms}"
        );
    }
}
