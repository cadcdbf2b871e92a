//! Issue 19: the files a translator gets are what their tools accept. A page's units of every
//! kind — new, translated, to review with and without the source that was translated, text
//! with quotes, backslashes, line breaks, tabs, standard references, links, code and four
//! scripts — written as PO pass GNU gettext's `msgfmt --check` and load in Python's polib with
//! their flags, previous source, context and references; written as XLIFF they validate against
//! the OASIS XLIFF 2.0 core schema (vendored in tests/fixtures/xliff). Without these tools
//! (installed by .ci/run) the tests are ignored, see build.rs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use soteria::translate_formats::{read, write, Format, UnitSpec, UnitState};

use crate::support::repo_root;

const ORIGINAL: &str = "content/guidance/referral.md";

/// Units of every kind.
fn units() -> Vec<UnitSpec<'static>> {
    let note = "Referral pathway (fictional example) › Interviews";
    vec![
        ("h2.interviews-1a2b", "Interviews", None, UnitState::New, 12, note),
        (
            "p.1-3c4d",
            "A \"quoted\" word, a back\\slash,\na second line\tand a tab.",
            Some("«Цитата», зворотна\\коса,\nдругий рядок\tі табуляція."),
            UnitState::Translated,
            14,
            note,
        ),
        (
            "p.2-5e6f",
            "See [[std:5]] and [[std:trm/3|the rule]], [the guide](@/guidance/interviews.md) and `code`.",
            Some("Див. [[std:5]] і [[std:trm/3|правило]], [посібник](@/guidance/interviews.md) і `code`."),
            UnitState::NeedsReview(Some("See [[std:5]] and the guide.")),
            17,
            note,
        ),
        (
            "li.3-7a8b",
            "*Emphasis*, **strong** and ~~struck~~ text; ![a drawing](drawing.png) <br>",
            Some("نص *مؤكد* و**قوي** و~~مشطوب~~؛ ![رسم](drawing.png) <br> 👩‍👧"),
            UnitState::NeedsReview(None),
            19,
            note,
        ),
        (
            "p.4-9c0d",
            "A long paragraph that goes on well past the width of one line of a PO file, so that it is wrapped as gettext wraps it.",
            None,
            UnitState::New,
            21,
            note,
        ),
    ]
}

/// The page's units written in `format` into a temporary folder: the folder, and the file.
fn written(format: Format, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = write(
        format,
        ("en", "uk"),
        ORIGINAL,
        "Referral pathway (fictional example)",
        &units(),
    );
    let path = dir.path().join(name);
    fs::write(&path, text).expect("writes the file");
    (dir, path)
}

#[track_caller]
fn succeeded(output: std::io::Result<Output>, what: &str) -> String {
    let output = output.unwrap_or_else(|e| panic!("{what} cannot run: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{what} failed:\n{stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A Python 3 that has polib: the one on the PATH, or Debian's (python3-polib is installed
/// for it).
fn python_with_polib() -> &'static str {
    ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|python| {
            Command::new(python)
                .args(["-c", "import polib"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("no Python 3 with polib: install Debian's python3-polib")
}

#[test]
#[cfg_attr(
    translation_tools_missing,
    ignore = "needs msgfmt (gettext), xmllint (libxml2-utils) and polib (python3-polib): .ci/run installs them"
)]
fn po_files_pass_msgfmt_check_and_load_in_polib() {
    let (_dir, po) = written(Format::Po, "referral.uk.po");
    let stderr = Command::new("msgfmt")
        .args(["--check-format", "--check", "-o", "/dev/null"])
        .arg(&po)
        .output();
    succeeded(stderr, "msgfmt --check");

    // What polib sees: each entry's context, flags, previous source, references and strings.
    let script = r#"
import json, sys, polib
po = polib.pofile(sys.argv[1])
print(json.dumps({
    "language": po.metadata.get("Language"),
    "original": po.metadata.get("X-Soteria-Original"),
    "entries": [[e.msgctxt, e.flags, e.previous_msgid, e.occurrences, e.comment, e.msgid, e.msgstr]
                for e in po],
}, ensure_ascii=False))
"#;
    let seen = succeeded(
        Command::new(python_with_polib())
            .args(["-c", script])
            .arg(&po)
            .output(),
        "polib",
    );
    let seen: serde_json::Value = serde_json::from_str(&seen).expect("polib's JSON");
    assert_eq!(seen["language"], "uk");
    assert_eq!(seen["original"], ORIGINAL);
    let entries = seen["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), units().len());
    for (entry, (id, source, target, state, line, note)) in entries.iter().zip(units()) {
        assert_eq!(entry[0], id);
        let fuzzy = matches!(state, UnitState::NeedsReview(_));
        assert_eq!(
            entry[1],
            serde_json::json!(if fuzzy { vec!["fuzzy"] } else { vec![] })
        );
        let previous = match state {
            UnitState::NeedsReview(previous) => previous,
            _ => None,
        };
        assert_eq!(entry[2].as_str(), previous, "previous msgid of {id}");
        assert_eq!(entry[3], serde_json::json!([[ORIGINAL, line.to_string()]]));
        assert_eq!(entry[4], note);
        assert_eq!(entry[5], source);
        assert_eq!(entry[6], target.unwrap_or(""));
    }
}

/// msgcat (GNU gettext) rewrites the file its own way — wrapping elsewhere, the header's
/// fields — and the reader takes its output back unchanged in meaning.
#[test]
#[cfg_attr(
    translation_tools_missing,
    ignore = "needs msgfmt (gettext), xmllint (libxml2-utils) and polib (python3-polib): .ci/run installs them"
)]
fn what_msgcat_writes_back_reads_back() {
    let (_dir, po) = written(Format::Po, "referral.uk.po");
    let rewritten = succeeded(
        Command::new("msgcat").arg("--width=40").arg(&po).output(),
        "msgcat",
    );
    assert_ne!(rewritten, fs::read_to_string(&po).expect("the file"));
    let (original, language, back) =
        read(Format::Po, "referral.uk.po", &rewritten).expect("reads msgcat's file");
    assert_eq!((original.as_str(), language.as_str()), (ORIGINAL, "uk"));
    let expected: Vec<_> = units()
        .into_iter()
        .map(|(id, source, target, state, _, _)| {
            let fuzzy = matches!(state, UnitState::NeedsReview(_));
            (
                id.to_string(),
                source.to_string(),
                target.map(str::to_string),
                fuzzy,
            )
        })
        .collect();
    let back: Vec<_> = back
        .into_iter()
        .map(|(id, source, target, fuzzy, _)| (id, source, target, fuzzy))
        .collect();
    assert_eq!(back, expected);
}

#[test]
#[cfg_attr(
    translation_tools_missing,
    ignore = "needs msgfmt (gettext), xmllint (libxml2-utils) and polib (python3-polib): .ci/run installs them"
)]
fn xliff_files_validate_against_the_oasis_xliff_2_schema() {
    let (dir, xliff) = written(Format::Xliff, "referral.uk.xlf");
    let schema = repo_root().join("tests/fixtures/xliff/xliff_core_2.0.xsd");
    let validate = |file: &Path| {
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&schema)
            .arg(file)
            .output()
    };
    succeeded(validate(&xliff), "xmllint --schema");

    // The schema has teeth: a state XLIFF 2 does not know fails it.
    let text = fs::read_to_string(&xliff).expect("the file");
    assert!(text.contains("state=\"final\""));
    let wrong = dir.path().join("wrong.xlf");
    fs::write(
        &wrong,
        text.replacen("state=\"final\"", "state=\"done\"", 1),
    )
    .expect("writes");
    let output = validate(&wrong).expect("xmllint runs");
    assert!(!output.status.success(), "a wrong state passed the schema");

    // And what was written reads back.
    let (original, language, back) =
        read(Format::Xliff, "referral.uk.xlf", &text).expect("reads back");
    assert_eq!((original.as_str(), language.as_str()), (ORIGINAL, "uk"));
    for ((id, source, target, ..), (back_id, back_source, back_target, ..)) in
        units().into_iter().zip(back)
    {
        assert_eq!(
            (id, source, target),
            (
                back_id.as_str(),
                back_source.as_str(),
                back_target.as_deref()
            )
        );
    }
}
