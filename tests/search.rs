//! The search index: per language, sharded by word, stemmed in the page's language, folded so that
//! a query without diacritics finds words with them, and pointing at pages and their sections.

use serde_json::Value;

use crate::support::SiteTest;

/// The documents a folded word form leads to, as their stored URLs.
fn lookup(site: &SiteTest, lang: &str, form: &str) -> Vec<String> {
    let dir = format!("search/{lang}/");
    let manifest: Value =
        serde_json::from_str(&site.output(&format!("{dir}manifest.json"))).unwrap();
    let key: String = form.chars().take(2).collect();
    let Some(shard) = manifest["shards"][&key].as_str() else {
        return Vec::new();
    };
    let shard: Value = serde_json::from_str(&site.output(&format!("{dir}{shard}"))).unwrap();
    let Some(stem) = shard["forms"][form].as_u64() else {
        return Vec::new();
    };
    let postings = shard["postings"][stem as usize].as_array().unwrap();
    let size = manifest["stored"]["size"].as_u64().unwrap();
    postings
        .chunks(5)
        .map(|posting| {
            let doc = posting[0].as_u64().unwrap();
            let file = manifest["stored"]["files"][(doc / size) as usize]
                .as_str()
                .unwrap();
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
        assert_eq!(manifest["version"], 1);
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
fn index_files_are_named_by_their_content() {
    let site = SiteTest::new("multilingual");
    site.build();
    let files = site.output_files();
    let shard_names: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("search/en/shard-"))
        .collect();
    assert!(!shard_names.is_empty());
    for name in shard_names {
        let file = name.rsplit('/').next().unwrap();
        let hash = file.trim_start_matches("shard-").trim_end_matches(".json");
        assert_eq!(hash.len(), 10, "{file}");
    }
}
