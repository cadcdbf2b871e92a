use super::*;

#[test]
fn location_counts_lines_and_characters() {
    let text = "---\ntitle: Hänvisning\ndraft: maybe\n---\n";
    let offset = text.find("maybe").unwrap();
    let location = Location::from_offset(text, offset, 5);
    assert_eq!((location.line, location.column, location.len), (3, 8, 5));
    assert_eq!(location.line_text, "draft: maybe");
    let offset = text.find("ning").unwrap();
    assert_eq!(Location::from_offset(text, offset, 4).column, 14);
}

#[test]
fn a_long_line_is_kept_around_the_problem_only() {
    let line = format!("{}[[std:9]]{}", "å".repeat(5000), "x".repeat(5000));
    let text = format!("a\n{line}\r\nb");
    let offset = text.find("[[").unwrap();
    let location = Location::from_offset(&text, offset, 9);
    assert_eq!((location.line, location.column, location.len), (2, 5001, 9));
    assert!(location.line_text.chars().count() < 200, "{location:?}");
    assert!(location.line_text.starts_with("…åå") && location.line_text.ends_with("xx…"));
    let rendered = Diagnostic::error("x", "a.md", "m").at(location).render();
    let source = rendered.lines().find(|l| l.contains("[[std:9]]")).unwrap();
    let caret = rendered.lines().find(|l| l.contains("^^^^^^^^^")).unwrap();
    let column = |line: &str, needle: &str| line[..line.find(needle).unwrap()].chars().count();
    assert_eq!(column(source, "[["), column(caret, "^"), "{rendered}");
    assert!(
        rendered.starts_with("a.md:2:5001: error[x]: m"),
        "{rendered}"
    );
}

#[test]
fn a_locator_locates_as_a_single_location_does_in_any_order() {
    let text = "ab\nçd é\n\nxyz\r\nlast";
    let locator = Locator::new(text);
    for offset in [0, 5, 3, 9, 12, 1, 100, 4, 13, 17, 2] {
        assert_eq!(
            locator.locate(offset, 2),
            Location::from_offset(text, offset, 2),
            "{offset}"
        );
    }
    let at_e = Location::from_offset(text, text.find('é').unwrap(), 2);
    assert_eq!((at_e.line, at_e.column, at_e.len), (2, 4, 1));
    assert_eq!(Location::from_offset(text, 100, 1).line, 5);
}

#[test]
fn renders_grep_friendly_header_then_snippet_and_help() {
    let text = "title: x\ndraft: sometimes\n";
    let offset = text.find("sometimes").unwrap();
    let diagnostic = Diagnostic::error(
        "field-type",
        "content/a.md",
        "`draft` must be true or false",
    )
    .at(Location::from_offset(text, offset, 9))
    .with_help("write `draft: true` or `draft: false`");
    let rendered = diagnostic.render();
    let mut lines = rendered.lines();
    assert_eq!(
        lines.next(),
        Some("content/a.md:2:8: error[field-type]: `draft` must be true or false")
    );
    assert!(rendered.contains("2 │ draft: sometimes"), "{rendered}");
    assert!(rendered.contains("^^^^^^^^^"), "{rendered}");
    assert!(rendered.contains("help: write `draft: true`"), "{rendered}");
}

#[test]
fn diagnostics_sort_by_file_then_line() {
    let mut all = Diagnostics::default();
    let at = |line| Location::from_line("a\nb\nc\n", line);
    all.push(Diagnostic::error("x", "content/b.md", "b").at(at(1)));
    all.push(Diagnostic::error("x", "content/a.md", "a3").at(at(3)));
    all.push(Diagnostic::error("x", "content/a.md", "a1").at(at(1)));
    let messages: Vec<_> = all.into_sorted().into_iter().map(|d| d.message).collect();
    assert_eq!(messages, ["a1", "a3", "b"]);
}
