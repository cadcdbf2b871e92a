use super::*;

fn page(text: &str) -> PageSegments {
    let split = crate::content::front_matter::split(text).expect("front matter");
    let mapping: Mapping = serde_yaml::from_str(split.yaml).expect("yaml");
    of_page(&mapping, &[], text, split.body_offset)
}

fn paths_and_sources(page: &PageSegments) -> Vec<(String, String)> {
    page.segments
        .iter()
        .map(|s| (s.path.clone(), s.source.clone()))
        .collect()
}

#[test]
fn blocks_are_segments_by_section_and_kind() {
    let text = "---\ntitle: Referral\ndescription: How to refer.\nnumber: \"5\"\n---\n\
Intro *with* [a link](@/guidance/x.md).\n\n\
## Interviews {#interviews}\n\n\
First paragraph\nwraps here.\n\n\
- one item\n- two `code` items\n\n\
> quoted\n> twice\n\n\
| A | B |\n|---|---|\n| cell | [[std:5]] text |\n\n\
```\nnot text\n```\n\n\
<div>raw html</div>\n\n\
Note.[^1]\n\n[^1]: The footnote.\n";
    let page = page(text);
    assert_eq!(
        paths_and_sources(&page),
        [
            ("title", "Referral"),
            ("description", "How to refer."),
            ("s0.p1", "Intro *with* [a link](@/guidance/x.md)."),
            ("s1.h", "Interviews"),
            ("s1.p1", "First paragraph\nwraps here."),
            ("s1.li1", "one item"),
            ("s1.li2", "two `code` items"),
            ("s1.q1", "quoted\ntwice"),
            ("s1.td1", "A"),
            ("s1.td2", "B"),
            ("s1.td3", "cell"),
            ("s1.td4", "[[std:5]] text"),
            ("s1.p2", "Note.[^1]"),
            ("s1.fn1", "The footnote."),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(page.headings.len(), 1);
    assert_eq!(page.headings[0].text, "Interviews");
    let quote = page.at("s1.q1").unwrap();
    assert_eq!(quote.continuation, ["> "]);
    assert_eq!(&text[quote.span.clone()], "quoted\n> twice");
    let item = page.at("s1.li1").unwrap();
    assert_eq!(item.continuation, ["  "]);
    assert_eq!(page.at("s1.p1").unwrap().line, 10);
}

#[test]
fn ids_change_with_the_text_and_paths_with_the_place() {
    let a = page("---\ntitle: T\n---\nOne.\n\nTwo.\n");
    let b = page("---\ntitle: T\n---\nOne.\n\nTwo, edited.\n");
    assert_eq!(a.segments[1].id(), b.segments[1].id());
    assert_ne!(a.segments[2].id(), b.segments[2].id());
    assert_eq!(a.segments[2].path, b.segments[2].path);
    assert!(a.segments[2]
        .id()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'));
}

#[test]
fn nested_lists_and_loose_items_and_sub_standards() {
    let text =
        "---\ntitle: S\nsubstandards:\n  - {id: \"5.1\", title: One}\n  - {id: \"5.2\"}\n---\n\
1. first\n   - inner\n2. second\n\n   more of second\n\n# New {#n}\n\n> - quoted item\n";
    let page = page(text);
    assert_eq!(
        paths_and_sources(&page),
        [
            ("title", "S"),
            ("substandards.1.title", "One"),
            ("s0.li1", "first"),
            ("s0.li2", "inner"),
            ("s0.li3", "second"),
            ("s0.li4", "more of second"),
            ("s1.h", "New"),
            ("s1.li1", "quoted item"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(page.heading_path(1), ["New"]);
}

#[test]
fn crlf_lines_are_joined_without_their_carriage_returns() {
    let page = page("---\r\ntitle: T\r\n---\r\nOne\r\ntwo.\r\n");
    assert_eq!(page.segments[1].source, "One\ntwo.");
}
