use super::*;
use crate::content::schema::Schema;
use crate::content::SourceId;

const TRANSLATION: &str =
    "---\ntitle: А\nsource_hash: old\ntranslation:\n  from:\n    title: A\n    \
    s1.h: One\n    s1.p1: First.\n---\n## Один\n\nПерше.\n";

/// Only translations whose `source_hash` is not their original's are read.
#[test]
fn only_outdated_translations_get_a_notice() {
    let original = "---\ntitle: A\n---\n## One\n\nFirst, changed.\n\n## Two\n\nSecond.\n";
    let current = TRANSLATION.replace(
        "source_hash: old",
        &format!("source_hash: {}", crate::status::source_hash(original)),
    );
    let (config, _) =
        Config::parse("title: T\nlanguages:\n  en: {name: English}\n  uk: {name: Українська}\n")
            .unwrap();
    for (translation, notice) in [(TRANSLATION.to_string(), true), (current, false)] {
        let sources: Vec<SourceFile> = [("a.md", original), ("a.uk.md", translation.as_str())]
            .iter()
            .map(|(rel, text)| SourceFile {
                path: format!("content/{rel}").into(),
                id: SourceId::from_rel(rel, &["en", "uk"]),
                text: text.to_string(),
            })
            .collect();
        let schema = Schema::new(&config).unwrap();
        let (mut pages, problems) =
            crate::parse::parse_all(&sources, &schema, Default::default(), None);
        assert!(problems.is_empty(), "{problems:?}");
        let hash = crate::status::source_hash(original);
        let hashes = HashMap::from([("a", hash.as_str())]);
        note_outdated(&config, &mut pages, &sources, &hashes);
        assert!(pages[0].outdated.is_none());
        assert_eq!(pages[1].outdated.is_some(), notice, "{translation}");
    }
}
