use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::translate::{sample, ReturnedUnit};
use crate::unicode_strategy::text;

const PATH: &str = "translations/uk/referral.xlf";

/// The first line of each diagnostic as a person reads it (`file:line:col: error[code]: …`).
fn errors(text: &str) -> Vec<String> {
    let errors = read(Path::new(PATH), text).expect_err("the file has errors");
    errors
        .iter()
        .map(|e| e.render().lines().next().unwrap_or("").to_string())
        .collect()
}

/// A document of one unit whose segment is `segment` (with `data` as its original data).
fn one_unit(data: &str, segment: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"en\" trgLang=\"uk\">\n<file id=\"f1\" original=\"content/a.md\">\n<unit id=\"p.1\">\n<originalData>{data}</originalData>\n<segment state=\"translated\">\n{segment}\n</segment>\n</unit>\n</file>\n</xliff>\n"
    )
}

#[test]
fn writes_notes_states_and_inline_codes_with_their_markdown() {
    let xliff = write(&sample::document());
    assert!(xliff.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"uk\">\n  <file id=\"f1\" original=\"content/guidance/referral.md\">"), "{xliff}");
    assert!(xliff.contains("<note category=\"location\">content/guidance/referral.md:10</note>"));
    assert!(xliff.contains("<note category=\"context\">Referral pathway › Interviews</note>"));
    assert!(
        xliff.contains("<note category=\"previous-source\">See [[std:5]] and the guide.</note>")
    );
    assert!(xliff.contains("<segment state=\"initial\">\n        <source xml:space=\"preserve\">Referral pathway</source>\n      </segment>"), "{xliff}");
    assert!(xliff.contains("<segment state=\"final\">\n        <source xml:space=\"preserve\">A &quot;quoted&quot; word, a back\\slash,\na second line\tand a tab.</source>"), "{xliff}");
    // The unit with references, a link, code, HTML and a footnote mark.
    assert!(xliff.contains("<data id=\"d1\">[[std:5]]</data>\n        <data id=\"d2\">[[std:trm/3|</data>\n        <data id=\"d3\">]]</data>\n        <data id=\"d4\">[</data>\n        <data id=\"d5\">](@/guidance/interviews.md)</data>\n        <data id=\"d6\">`code`</data>\n        <data id=\"d7\">&lt;br&gt;</data>\n        <data id=\"d8\">[^1]</data>"), "{xliff}");
    assert!(xliff.contains("<source xml:space=\"preserve\">See <ph id=\"1\" dataRef=\"d1\"/> and <pc id=\"2\" dataRefStart=\"d2\" dataRefEnd=\"d3\">the rule</pc>, <pc id=\"3\" dataRefStart=\"d4\" dataRefEnd=\"d5\">the guide</pc> and <ph id=\"4\" dataRef=\"d6\"/> <ph id=\"5\" dataRef=\"d7\"/> now<ph id=\"6\" dataRef=\"d8\"/>.</source>"), "{xliff}");
    // The target's codes have the source's ids.
    assert!(xliff.contains("<target xml:space=\"preserve\">Див. <ph id=\"1\" dataRef=\"d1\"/> і <pc id=\"2\" dataRefStart=\"d2\" dataRefEnd=\"d3\">правило</pc>"), "{xliff}");
    assert_eq!(xliff, write(&sample::document()));
}

#[test]
fn what_is_written_reads_back() {
    let returned = read(Path::new(PATH), &write(&sample::document())).expect("reads back");
    sample::assert_reads_back(&returned, |state| !matches!(state, State::Translated));
}

#[test]
fn reads_what_tools_write_back() {
    // sc/ec instead of pc, a code without dataRef that keeps the source's id, a <mrk>, two
    // segments with whitespace between, a module's element, CRLF and a byte-order mark.
    let text = format!(
        "\u{feff}<?xml version=\"1.0\"?>\r\n<xliff xmlns=\"{NAMESPACE}\" xmlns:mda=\"urn:oasis:names:tc:xliff:metadata:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"uk\">\r\n<file id=\"f1\" original=\"content/a.md\"><group id=\"g\"><unit id=\"p.1\"><mda:metadata><mda:metaGroup/></mda:metadata>\r\n<originalData><data id=\"d1\">[</data><data id=\"d2\">](x.md)</data><data id=\"d3\">[[std:5]]</data></originalData>\r\n<segment state=\"final\"><source>A <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">link</pc>.</source><target>Ан <sc id=\"1\" dataRef=\"d1\"/><mrk id=\"m\" type=\"term\">посилання</mrk><ec startRef=\"1\" dataRef=\"d2\"/>.</target></segment><ignorable><source> </source></ignorable>\r\n<segment state=\"reviewed\"><source>See <ph id=\"2\" dataRef=\"d3\"/>.</source><target>Див. <ph id=\"2\"/>&#13;<cp hex=\"0001\"/>.</target></segment></unit></group></file></xliff>\r\n"
    );
    let returned = read(Path::new(PATH), &text).expect("reads");
    assert_eq!(returned.original, "content/a.md");
    assert_eq!(
        returned.units,
        vec![ReturnedUnit {
            id: "p.1".into(),
            source: "A [link](x.md). See [[std:5]].".into(),
            target: Some("Ан [посилання](x.md). Див. [[std:5]]\r\u{1}.".into()),
            fuzzy: false,
            line: 3,
        }]
    );
}

#[test]
fn an_unknown_or_missing_code_is_an_error_at_its_line() {
    let text = one_unit(
        "<data id=\"d1\">[[std:5]]</data>",
        "<source>See <ph id=\"1\" dataRef=\"d1\"/>.</source>\n<target>Див. <ph id=\"1\" dataRef=\"d9\"/> і\n<ph id=\"7\"/> <x/>.</target>",
    );
    assert_eq!(
        errors(&text),
        vec![
            format!("{PATH}:9:14: error[xliff-code]: <x> is not an inline code of XLIFF 2"),
            format!("{PATH}:8:14: error[xliff-code]: the code's data `d9` is not in the unit's <originalData>"),
            format!("{PATH}:9:1: error[xliff-code]: the code `7` names no data, and the source has no code of that id"),
        ]
    );
}

#[test]
fn malformed_xml_and_a_wrong_root_are_errors() {
    assert_eq!(
        errors(&one_unit("", "<source>a</target>")),
        vec![format!("{PATH}:7:10: error[xliff-syntax]: the file is not well-formed XML: ill-formed document: expected `</source>`, but `</target>` was found")]
    );
    assert_eq!(
        errors("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file/></xliff>"),
        vec![format!("{PATH}:1:1: error[xliff-structure]: the file is not an XLIFF 2 document (its root is not <xliff> of XLIFF 2.0's namespace)")]
    );
    assert_eq!(
        errors(&format!("<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"en\">\n<file id=\"f\"><unit><segment><source>a &nbsp;</source></segment></unit></file></xliff>")),
        vec![
            format!("{PATH}:1:1: error[xliff-structure]: <xliff> has no trgLang: the language translated into"),
            format!("{PATH}:2:1: error[xliff-structure]: <file> has no original: the page it translates"),
            format!("{PATH}:2:14: error[xliff-structure]: a <unit> without an id"),
            format!("{PATH}:2:39: error[xliff-syntax]: `&nbsp;` is not a character XML knows"),
        ]
    );
}

#[test]
fn codes_nested_without_end_are_an_error_not_a_crash() {
    let deep = "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d1\">".repeat(100_000);
    let text = one_unit(
        "<data id=\"d1\">*</data>",
        &format!("<source>{deep}</source>"),
    );
    let errors = errors(&text);
    assert!(
        errors[0].ends_with("error[xliff-structure]: inline codes nested too deep"),
        "{errors:?}"
    );
    let groups = format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" trgLang=\"uk\"><file original=\"a.md\">{}",
        "<group>".repeat(100_000)
    );
    assert!(read(Path::new(PATH), &groups).is_err());
}

#[test]
fn a_unit_id_twice_is_an_error() {
    let mut document = sample::document();
    document.units[3].id = document.units[1].id.clone();
    let text = write(&document);
    assert_eq!(
        errors(&text),
        vec![format!("{PATH}:49:5: error[xliff-structure]: the unit id `p.2-3c4d` stands twice (first on line 16)")]
    );
}

#[test]
fn a_file_cut_short_is_an_error() {
    let whole = write(&sample::document());
    let cut = &whole[..whole.find("<unit id=\"li.").expect("the fourth unit")];
    let errors = errors(cut);
    assert!(
        errors.iter().any(|e| e.contains("error[xliff-syntax]")),
        "{errors:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// Any text as source and translation reads back as it was written.
    #[test]
    fn any_text_round_trips(source in text(30), target in text(30)) {
        let mut document = sample::document();
        document.units = vec![
            sample::unit("p.1", &source, Some(&target), State::Translated),
            sample::unit("p.2", &target, None, State::New),
        ];
        let back = read(Path::new(PATH), &write(&document)).expect("reads back");
        prop_assert_eq!(&back.units[0].source, &source);
        prop_assert_eq!(back.units[0].target.as_deref(), (!target.is_empty()).then_some(target.as_str()));
        prop_assert_eq!(&back.units[1].source, &target);
    }

    /// Whatever a file holds, reading it returns units or errors.
    #[test]
    fn any_file_reads_without_panicking(inner in text(60)) {
        let _ = read(Path::new(PATH), &one_unit("<data id=\"d1\">x</data>", &inner));
        let _ = read(Path::new(PATH), &inner);
    }

    /// Codes, references and elements in any order and nesting, closed or not, read as units
    /// or errors.
    #[test]
    fn any_markup_reads_without_panicking(parts in prop::collection::vec(prop::sample::select(vec![
        "<ph id=\"1\" dataRef=\"d1\"/>", "<ph id=\"1\"/>", "<ph>x</ph>",
        "<pc id=\"2\" dataRefStart=\"d1\" dataRefEnd=\"d9\">", "<pc id=\"2\">", "</pc>", "<pc/>",
        "<sc id=\"3\"/>", "<ec startRef=\"3\"/>", "<ec/>", "<mrk id=\"m\">", "</mrk>", "<sm/>",
        "<cp hex=\"D800\"/>", "<cp hex=\"zz\"/>", "<cp hex=\"1F600\"/>", "&#0;", "&#xD800;",
        "&amp;", "&bogus;", "&", "<![CDATA[x]]>", "<!-- c -->", "<source>", "</source>",
        "<target>", "</target>", "<segment state=\"final\">", "</segment>", "<ignorable>",
        "</ignorable>", "<unit id=\"x\">", "<unit>", "</unit>", "<group>", "</group>",
        "<originalData>", "<data id=\"d1\">", "</data>", "</originalData>", "<file original=\"a\">",
        "</file>", "</xliff>", "<mda:x xmlns:mda=\"urn:x\">", "</mda:x>", "<x:y/>", "<a b=\"1\" b=\"2\"/>",
        "text ", "\r\n", "\u{feff}", "<", ">", "\"",
    ]), 0..60)) {
        let inner = parts.concat();
        let _ = read(Path::new(PATH), &one_unit("<data id=\"d1\">x</data>", &inner));
        let _ = read(Path::new(PATH), &format!("<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" trgLang=\"uk\">{inner}"));
    }
}
