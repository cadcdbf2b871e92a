//! Issue 19: translators' files out and back in. A page goes out as PO or XLIFF, every segment
//! is filled in as a translator's tool would, it comes back in, and the built page has the
//! translation in every segment with the original's links, references and code.

use crate::support::{main_of, SiteTest};

/// A guide with every kind of segment: paragraphs, headings with ids, list items, a quote, a
/// table, a footnote, a code block, `@/` links and `[[std:…]]` references.
const GUIDE: &str =
    "---\ntitle: Working together\ndescription: How services plan a case together.\n---\n\
Children are referred to [the planning standard](@/standards/planning.md) under [[std:5]].\n\n\
## Before the meeting {#before}\n\n\
- invite *every* service\n- share `case-notes.pdf` in advance\n\n\
> The child's view comes first,\n> before any decision.\n\n\
| Who | Does what |\n|-----|-----------|\n| Police | opens the case |\n\n\
```\nagenda = [\"welcome\", \"plan\"]\n```\n\n\
## After the meeting\n\n\
Write down what was agreed.[^minutes]\n\n\
[^minutes]: Minutes go to every service and the principles ([[std:1.1]]).\n";

/// How each segment of the guide's body starts, as the page shows it.
const SEGMENT_STARTS: &[&str] = &[
    "Children are referred to",
    "Before the meeting",
    "invite",
    "share",
    "The child",
    "Who",
    "Does what",
    "Police",
    "opens the case",
    "After the meeting",
    "Write down what was agreed.",
    "Minutes go to every service",
];

/// What the fake translator puts before each segment's text.
const MARK: &str = "ÖVERSATT ";

/// A PO file with every entry's msgstr filled with `MARK` and its msgid.
fn fill_po(po: &str) -> String {
    let mut out = String::new();
    let mut msgid: Vec<String> = Vec::new();
    let mut in_msgid = false;
    let mut skipping = false;
    for line in po.lines() {
        if let Some(rest) = line.strip_prefix("msgid ") {
            msgid = vec![rest.to_string()];
            in_msgid = true;
            skipping = false;
        } else if line.starts_with('"') && in_msgid {
            msgid.push(line.to_string());
        } else if line.starts_with('"') && skipping {
            continue;
        } else if line.starts_with("msgstr ") {
            in_msgid = false;
            let header = msgid.iter().all(|part| part == "\"\"");
            if !header {
                out.push_str(&format!("msgstr \"{MARK}\"\n"));
                for part in &msgid {
                    out.push_str(part);
                    out.push('\n');
                }
                skipping = true;
                continue;
            }
        } else {
            in_msgid = false;
            skipping = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// An XLIFF file with a target beside each source: `MARK` and the source's content, its
/// inline codes included.
fn fill_xliff(xliff: &str) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(start) = rest.find("<source") {
        let open_end = start + rest[start..].find('>').expect("source tag") + 1;
        let end = open_end + rest[open_end..].find("</source>").expect("closed source");
        let inner = &rest[open_end..end];
        out.push_str(&rest[..end + "</source>".len()]);
        out.push_str(&format!(
            "<target xml:space=\"preserve\">{MARK}{inner}</target>"
        ));
        rest = &rest[end + "</source>".len()..];
    }
    out.push_str(rest);
    out.replace("state=\"initial\"", "state=\"translated\"")
}

/// The `href`s of a page's main part, with the Swedish prefix taken off.
fn links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = main_of(html)
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.strip_prefix("/sv").unwrap_or(href).to_string())
        .filter(|href| href.starts_with("/standards") || href.starts_with('#'))
        .collect();
    links.sort();
    links
}

/// The code spans and blocks of a page's main part.
fn code(html: &str) -> Vec<String> {
    main_of(html)
        .split("<code")
        .skip(1)
        .filter_map(|rest| rest.split("</code>").next())
        .map(str::to_string)
        .collect()
}

fn round_trip(format: &str, extension: &str, fill: fn(&str) -> String) {
    let site = SiteTest::new("standards");
    site.write("content/guidance/together.md", GUIDE);
    site.run(&["translate", "export", "--lang", "sv", "--format", format])
        .expect_code(0);
    let file = format!("translations/sv/guidance/together.{extension}");
    let exported = std::fs::read_to_string(site.root().join(&file)).expect("exported file");
    site.write(&file, &fill(&exported));
    let run = site.run(&["translate", "import", &file]).expect_code(0);
    assert!(
        run.stderr.contains("into content/guidance/together.sv.md"),
        "{}",
        run.stderr
    );
    site.run(&["check"]).expect_code(0);
    site.build();
    let original = site.output("guidance/together/index.html");
    let translated = site.output("sv/guidance/together/index.html");
    let main = main_of(&translated);
    for start in SEGMENT_STARTS {
        assert!(
            main.contains(&format!("{MARK}{start}")),
            "{format}: `{start}` is not translated in:\n{main}"
        );
    }
    assert!(translated.contains(&format!("<title>{MARK}Working together")));
    assert_eq!(links(&original), links(&translated), "{format}: links");
    assert_eq!(code(&original), code(&translated), "{format}: code");
    assert!(main.contains("id=\"before\""), "{main}");
}

#[test]
fn a_po_round_trip_translates_every_segment_and_keeps_links_references_and_code() {
    round_trip("po", "po", fill_po);
}

#[test]
fn an_xliff_round_trip_translates_every_segment_and_keeps_links_references_and_code() {
    round_trip("xliff", "xlf", fill_xliff);
}

/// After one paragraph of the original changes, `--only-outdated` gives exactly that
/// segment, marked fuzzy, with the text it was translated from.
#[test]
fn an_edited_paragraph_comes_back_alone_fuzzy_with_its_previous_source() {
    let site = SiteTest::new("standards");
    site.write("content/guidance/together.md", GUIDE);
    site.run(&["translate", "export", "--lang", "sv"])
        .expect_code(0);
    let file = "translations/sv/guidance/together.po";
    let exported = std::fs::read_to_string(site.root().join(file)).unwrap();
    site.write(file, &fill_po(&exported));
    site.run(&["translate", "import", file]).expect_code(0);
    let full = std::fs::read_to_string(site.root().join(file)).unwrap();

    site.write(
        "content/guidance/together.md",
        &GUIDE.replace(
            "Write down what was agreed.",
            "Write down what everyone agreed.",
        ),
    );
    site.run(&["translate", "export", "--lang", "sv", "--only-outdated"])
        .expect_code(0);
    // The outdated segments go to a folder of their own; the full file stays as it was.
    let outdated = "translations/sv/outdated/guidance/together.po";
    let po = std::fs::read_to_string(site.root().join(outdated)).expect("the outdated page's file");
    assert_eq!(
        std::fs::read_to_string(site.root().join(file)).unwrap(),
        full
    );
    let entries: Vec<&str> = po
        .split("\n\n")
        .filter(|e| e.contains("\nmsgid \""))
        .collect();
    let entries: Vec<&&str> = entries
        .iter()
        .filter(|entry| !entry.contains("msgid \"\"\nmsgstr \"\"\n\"Project"))
        .collect();
    assert_eq!(entries.len(), 1, "{po}");
    let entry = entries[0];
    assert!(entry.contains("#, fuzzy"), "{entry}");
    assert!(
        entry.contains("#| msgid \"Write down what was agreed.[^minutes]\""),
        "{entry}"
    );
    assert!(
        entry.contains("msgid \"Write down what everyone agreed.[^minutes]\""),
        "{entry}"
    );
    assert!(
        entry.contains(&format!(
            "msgstr \"{MARK}Write down what was agreed.[^minutes]\""
        )),
        "{entry}"
    );

    // `status` counts the segment and names its section.
    let status = site.run(&["status"]).expect_code(0);
    assert!(
        status.stdout.contains("content/guidance/together.sv.md  (update it: content/guidance/together.md changed since it was translated; 1 of 14 segments outdated, changed: \"After the meeting\"; 5 words to translate)"),
        "{}",
        status.stdout
    );
}

/// A translation that loses a reference, or starts a list of its own, is refused at the line
/// of the translator's file, and nothing is written.
#[test]
fn an_import_that_breaks_a_reference_or_the_structure_writes_nothing() {
    let site = SiteTest::new("standards");
    site.write("content/guidance/together.md", GUIDE);
    site.run(&["translate", "export", "--lang", "sv"])
        .expect_code(0);
    let file = "translations/sv/guidance/together.po";
    let filled = fill_po(&std::fs::read_to_string(site.root().join(file)).unwrap());
    // The reference changed in the translation only (the msgstr after the msgid that has it).
    let at = filled.find("[[std:5]]").unwrap();
    let msgstr = at + filled[at..].find("msgstr").unwrap();
    let broken = format!(
        "{}{}",
        &filled[..msgstr],
        filled[msgstr..].replacen("[[std:5]]", "[[std:9]]", 1)
    );
    site.write(file, &broken);
    let run = site.run(&["translate", "import", file]).expect_code(1);
    assert!(
        run.stderr.contains("lost the reference `[[std:5]]`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has the reference `[[std:9]]`"),
        "{}",
        run.stderr
    );
    // At the line of the translation (its msgstr), in the translator's file.
    let line = 1 + broken[..msgstr].matches('\n').count();
    assert!(
        run.stderr
            .contains(&format!("{file}:{line}:1: error[translate-import]")),
        "line {line}: {}",
        run.stderr
    );
    assert!(!site.root().join("content/guidance/together.sv.md").exists());
    let broken = filled.replacen(
        &format!("msgstr \"{MARK}\"\n\"Write down"),
        "msgstr \"- Write down",
        1,
    );
    site.write(file, &broken);
    let run = site.run(&["translate", "import", file]).expect_code(1);
    assert!(
        run.stderr.contains("changes the page's structure"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/guidance/together.sv.md").exists());
}
