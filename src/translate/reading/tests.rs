use std::path::Path;

use super::*;
use crate::markdown::{self, MarkdownOptions};

/// A page's front matter, its text and its headings, as a build has them.
struct Page(Mapping, String, Vec<Heading>);

impl Page {
    fn new(text: &str) -> Page {
        let split = front_matter::split(text).expect("front matter");
        let front: Mapping = serde_yaml::from_str(split.yaml).expect("yaml");
        let body = text.get(split.body_offset..).unwrap_or("");
        let options = MarkdownOptions::default();
        let rendered = markdown::render(Path::new("a.md"), text, split.body_offset, body, options);
        Page(front, text.to_string(), rendered.headings)
    }

    fn text(&self) -> PageText<'_> {
        PageText {
            front: &self.0,
            text: &self.1,
            headings: &self.2,
        }
    }
}

fn changed(original: &str, translation: &str) -> Vec<ChangedSection> {
    let (original, translation) = (Page::new(original), Page::new(translation));
    outdated(original.text(), translation.text(), &[]).sections
}

const TRANSLATION: &str =
    "---\ntitle: А\nsource_hash: old\ntranslation:\n  from:\n    title: A\n    \
    s1.h: One\n    s1.p1: First.\n    s2.h: Two\n    s2.p1: Second.\n---\n\
    ## Один\n\nПерше.\n\n## Два\n\nДруге.\n";

/// A section the original added is named by its own heading, in the original's language; a
/// section that moved is named by the heading the translation has for it.
#[test]
fn sections_are_named_as_the_translation_heads_them() {
    let original = "---\ntitle: A\n---\n## One\n\nFirst.\n\n## New {#fresh}\n\nFresh.\n\n\
                    ## Two\n\nSecond, changed.\n";
    assert_eq!(
        changed(original, TRANSLATION),
        [
            ChangedSection {
                anchor: Some("fresh".into()),
                label: SectionLabel::Original("New".into()),
            },
            ChangedSection {
                anchor: Some("two".into()),
                label: SectionLabel::Translated("Два".into()),
            },
        ]
    );
}

/// A changed title is a change of the introduction; a translation whose record still has every
/// segment's text names nothing (the notice then says only that the original changed).
#[test]
fn the_front_matter_is_part_of_the_introduction() {
    let original = "---\ntitle: A, renamed\n---\n## One\n\nFirst.\n\n## Two\n\nSecond.\n";
    assert_eq!(
        changed(original, TRANSLATION),
        [ChangedSection {
            anchor: None,
            label: SectionLabel::Introduction,
        }]
    );
    let original = "---\ntitle: A\n---\n## One\n\nFirst.\n\n```\ncode\n```\n\n## Two\n\nSecond.\n";
    assert_eq!(changed(original, TRANSLATION), []);
    let by_hand = "---\ntitle: А\nsource_hash: old\n---\n## Один\n";
    assert_eq!(changed(original, by_hand), []);
}
