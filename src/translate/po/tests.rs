use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::translate::sample;
use crate::unicode_strategy::text;

const PATH: &str = "translations/uk/referral.po";

/// The first line of each diagnostic as a person reads it (`file:line:col: error[code]: …`).
fn errors(text: &str) -> Vec<String> {
    let errors = read(Path::new(PATH), text).expect_err("the file has errors");
    errors
        .iter()
        .map(|e| e.render().lines().next().unwrap_or("").to_string())
        .collect()
}

const HEADER: &str =
    "msgid \"\"\nmsgstr \"\"\n\"Language: uk\\n\"\n\"X-Soteria-Original: content/a.md\\n\"\n\n";

#[test]
fn writes_the_header_notes_references_flags_and_previous_source() {
    let po = write(&sample::document());
    assert!(po.contains("\"Project-Id-Version: Soteria\\n\"\n"), "{po}");
    assert!(po.contains("\"Language: uk\\n\"\n"));
    assert!(po.contains("\"Content-Type: text/plain; charset=UTF-8\\n\"\n"));
    assert!(po.contains("\"X-Source-Language: en\\n\"\n"));
    assert!(po.contains("\"X-Soteria-Original: content/guidance/referral.md\\n\"\n"));
    assert!(po.contains(
        "#. Referral pathway › Interviews\n#: content/guidance/referral.md:10\n#, fuzzy\n#| msgid \"See [[std:5]] and the guide.\"\nmsgctxt \"p.3-5e6f\"\n"
    ), "{po}");
    assert!(po.contains(
        "msgctxt \"p.2-3c4d\"\nmsgid \"\"\n\"A \\\"quoted\\\" word, a back\\\\slash,\\n\"\n\"a second line\\tand a tab.\"\n"
    ), "{po}");
    assert!(po.contains("msgctxt \"h1.title-1a2b\"\nmsgid \"Referral pathway\"\nmsgstr \"\"\n"));
    // No date: the same document gives the same file.
    assert!(po.contains("\"PO-Revision-Date: \\n\"\n"), "{po}");
    assert_eq!(po, write(&sample::document()));
}

#[test]
fn long_strings_are_wrapped_at_spaces_within_79_columns() {
    let po = write(&sample::document());
    assert!(po.lines().all(|line| line.chars().count() <= 79), "{po}");
    assert!(po.contains("msgid \"\"\n\"A long paragraph that goes on and on, well past the width of one line of a \"\n\"PO file, so that it is wrapped over several lines as gettext wraps it. \"\n"), "{po}");
}

#[test]
fn what_is_written_reads_back() {
    let returned = read(Path::new(PATH), &write(&sample::document())).expect("reads back");
    sample::assert_reads_back(&returned, |state| {
        matches!(state, State::NeedsReview { .. })
    });
    // The line of the unit's msgstr.
    assert_eq!(returned.units[0].line, 20);
}

#[test]
fn reads_what_poedit_and_msgcat_write_back() {
    let text = "\u{feff}# translator's comment\r\nmsgid \"\"\r\nmsgstr \"\"\r\n\"Language: uk\\n\"\r\n\"X-Soteria-Original: content/a.md\\n\"\r\n\r\n\
        #, fuzzy, no-c-format\r\n#: content/a.md:3\r\n#. a note after the flags\r\nmsgctxt \"p.1\"\r\nmsgid \"\"\r\n\"Hello \"\r\n\"world\"\r\nmsgstr \"Привіт \"\r\n\"світ\"\r\n\r\n\
        #~ msgctxt \"p.0\"\r\n#~ msgid \"gone\"\r\n#~ msgstr \"зник\"\r\n";
    let returned = read(Path::new(PATH), text).expect("reads");
    assert_eq!(returned.original, "content/a.md");
    assert_eq!(
        returned.units,
        vec![ReturnedUnit {
            id: "p.1".into(),
            source: "Hello world".into(),
            target: Some("Привіт світ".into()),
            fuzzy: true,
            line: 14,
        }]
    );
}

#[test]
fn every_error_of_a_file_is_reported_at_its_line_and_column() {
    let text = format!(
        "{HEADER}msgctxt \"p.1\"\nmsgstr \"no msgid\"\n\nmsgctxt \"p.2\"\nmsgid \"a \\q\"\nmsgstr \"b\"\n\nmsgctxt \"p.3\"\nmsgid \"open\nmsgstr \"c\" d\n\nmsgctxt \"p.4\"\nmsgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[0] \"y\"\n"
    );
    assert_eq!(
        errors(&text),
        vec![
            format!("{PATH}:7:1: error[po-syntax]: a msgstr without a msgid before it"),
            format!("{PATH}:10:10: error[po-syntax]: `\\q` is not an escape of a PO string"),
            format!("{PATH}:14:7: error[po-syntax]: the string has no closing quote"),
            format!("{PATH}:15:12: error[po-syntax]: text after the string's closing quote"),
            format!("{PATH}:19:1: error[po-syntax]: plural forms are not used in Soteria's files"),
            format!("{PATH}:6:1: error[po-syntax]: an entry without a msgid"),
        ]
    );
}

#[test]
fn a_missing_header_or_msgctxt_is_an_error() {
    assert_eq!(
        errors("msgctxt \"p.1\"\nmsgid \"a\"\nmsgstr \"b\"\n"),
        vec![format!(
            "{PATH}:1:1: error[po-syntax]: the file has no header entry (msgid \"\")"
        )]
    );
    assert_eq!(
        errors("msgid \"\"\nmsgstr \"\"\n\"Language: uk\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n"),
        vec![
            format!("{PATH}:5:1: error[po-syntax]: an entry without a msgctxt"),
            format!("{PATH}:1:1: error[po-header]: the header has no `X-Soteria-Original` field"),
        ]
    );
    assert_eq!(
        errors(&format!(
            "{HEADER}msgctxt \"p.1\"\nmsgid \"a\"\n\nfoo \"b\"\n"
        )),
        vec![
            format!("{PATH}:9:1: error[po-syntax]: `foo` is not a keyword of a PO file"),
            format!("{PATH}:7:1: error[po-syntax]: a msgid without a msgstr after it"),
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// Any text as source, translation and previous source reads back as it was written.
    #[test]
    fn any_text_round_trips(source in text(30), target in text(30), previous in text(10)) {
        let mut document = sample::document();
        document.units = vec![
            sample::unit("p.1", &source, Some(&target), State::NeedsReview { previous: Some(previous) }),
            sample::unit("p.2", &target, None, State::New),
        ];
        let back = read(Path::new(PATH), &write(&document)).expect("reads back");
        prop_assert_eq!(&back.units[0].source, &source);
        prop_assert_eq!(back.units[0].target.as_deref(), (!target.is_empty()).then_some(target.as_str()));
        prop_assert_eq!(&back.units[1].source, &target);
    }

    /// Whatever a file holds, reading it returns units or errors.
    #[test]
    fn any_file_reads_without_panicking(text in text(60)) {
        let _ = read(Path::new(PATH), &format!("{HEADER}{text}"));
        let _ = read(Path::new(PATH), &text);
    }
}
