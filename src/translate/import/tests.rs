use std::path::PathBuf;

use super::*;
use crate::content::SourceId;
use crate::translate::export;
use crate::translate::State;

const LANGUAGES: &[&str] = &["en", "uk"];

fn source(rel: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("content/{rel}")),
        id: SourceId::from_rel(rel, LANGUAGES),
        text: text.to_string(),
    }
}

const ORIGINAL: &str = "---\ntitle: Referral\nstandards: [\"5\"]\n---\n\
Children are referred [to the team](@/guidance/team.md) under [[std:5]].\n\n\
## Interviews {#interviews}\n\n\
- ask *open* questions\n- keep `notes`\n\n\
> quoted text\n> on two lines\n\n\
```\ncode stays\n```\n";

/// Exports `sources` into Ukrainian and fills every unit with `fill(source)`.
fn filled(sources: &[SourceFile], fill: impl Fn(&str) -> String) -> Returned {
    let (documents, errors) = export::documents(sources, "en", "uk", &[], false);
    assert!(errors.is_empty());
    let document = documents.into_iter().next().expect("a document");
    Returned {
        original: document.original,
        target_lang: "uk".into(),
        units: document
            .units
            .into_iter()
            .enumerate()
            .map(|(i, unit)| ReturnedUnit {
                id: unit.id,
                target: Some(fill(&unit.source)),
                source: unit.source,
                fuzzy: false,
                line: i + 10,
            })
            .collect(),
    }
}

fn import(sources: &[SourceFile], returned: &Returned) -> Result<Imported, Vec<Diagnostic>> {
    let site = Site {
        sources,
        languages: LANGUAGES,
        extra: &[],
    };
    let file = Path::new("uk.po");
    apply(&site, file, &"line\n".repeat(40), returned)
}

/// A "translation" that keeps the Markdown: each word of text upper-cased, targets kept.
fn shout(source: &str) -> String {
    source
        .replace("Children are referred", "ДІТЕЙ НАПРАВЛЯЮТЬ")
        .replace("to the team", "ДО КОМАНДИ")
        .replace("under", "ЗГІДНО З")
        .replace("Interviews", "ІНТЕРВ'Ю")
        .replace("ask", "СТАВТЕ")
        .replace("keep", "ВЕДІТЬ")
        .replace("quoted text", "ЦИТАТА")
        .replace("on two lines", "У ДВА РЯДКИ")
        .replace("Referral", "НАПРАВЛЕННЯ")
}

#[test]
fn every_segment_is_translated_in_place_with_the_original_s_structure() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let imported = import(&sources, &filled(&sources, shout)).expect("imported");
    assert_eq!(imported.rel, "guidance/referral.uk.md");
    assert_eq!(imported.counts, [6, 0, 0]);
    let text = &imported.text;
    assert!(
        text.contains("ДІТЕЙ НАПРАВЛЯЮТЬ [ДО КОМАНДИ](@/guidance/team.md) ЗГІДНО З [[std:5]]."),
        "{text}"
    );
    assert!(text.contains("## ІНТЕРВ'Ю {#interviews}"), "{text}");
    assert!(text.contains("> ЦИТАТА\n> У ДВА РЯДКИ"), "{text}");
    assert!(text.contains("```\ncode stays\n```"), "{text}");
    assert!(text.contains("title: НАПРАВЛЕННЯ"), "{text}");
    assert!(text.contains("standards:\n- '5'"), "{text}");

    // Imported, then exported again: every unit is translated, nothing is outdated.
    let sources = [sources[0].clone(), source(&imported.rel, text)];
    let (documents, _) = export::documents(&sources, "en", "uk", &[], false);
    assert!(documents[0]
        .units
        .iter()
        .all(|u| u.state == State::Translated));
    let (outdated, _) = export::documents(&sources, "en", "uk", &[], true);
    assert!(outdated.is_empty());

    // One paragraph of the original edited: exactly that unit is outdated, with its previous source.
    let edited = ORIGINAL.replace("quoted text", "quoted words");
    let sources = [source("guidance/referral.md", &edited), sources[1].clone()];
    let (outdated, _) = export::documents(&sources, "en", "uk", &[], true);
    let units = &outdated[0].units;
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!(units[0].source, "quoted words\non two lines");
    assert_eq!(units[0].target.as_deref(), Some("ЦИТАТА\nУ ДВА РЯДКИ"));
    assert_eq!(
        units[0].state,
        State::NeedsReview {
            previous: Some("quoted text\non two lines".into())
        }
    );
}

#[test]
fn a_lost_or_changed_link_or_reference_is_an_error_at_the_unit_s_line() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let returned = filled(&sources, |s| {
        s.replace("[[std:5]]", "[[std:99]]")
            .replace("`notes`", "notes")
    });
    let errors = import(&sources, &returned).expect_err("refused");
    let messages: Vec<String> = errors.iter().map(Diagnostic::render).collect();
    assert_eq!(errors.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("lost the reference `[[std:5]]`"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("has the reference `[[std:99]]`, which its source does not have"));
    assert!(messages[2].contains("lost the code `notes`"));
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(11));
}

#[test]
fn a_translation_that_starts_a_list_is_refused() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let returned = filled(&sources, |s| {
        if s.starts_with("quoted") {
            "- a list now".to_string()
        } else {
            s.to_string()
        }
    });
    let errors = import(&sources, &returned).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].render().contains("changes the page's structure"),
        "{}",
        errors[0].render()
    );
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(15));
}

#[test]
fn fuzzy_and_empty_units_keep_the_original_text_and_the_record_says_so() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let mut returned = filled(&sources, shout);
    returned.units[1].fuzzy = true;
    returned.units[2].target = None;
    let imported = import(&sources, &returned).expect("imported");
    assert_eq!(imported.counts, [4, 1, 1]);
    assert!(imported
        .text
        .contains("Children are referred [to the team]"));
    assert!(imported.text.contains("## Interviews {#interviews}"));
    let split = crate::content::front_matter::split(&imported.text).unwrap();
    let front: Mapping = serde_yaml::from_str(split.yaml).unwrap();
    let record = Record::read(&front).unwrap();
    assert!(!record.from.contains_key("s0.p1"));
    assert!(!record.from.contains_key("s1.h"));
    assert_eq!(
        record.unreviewed["s0.p1"].text,
        shout(&returned.units[1].source)
    );
    // Exported again, the unreviewed translation comes back for review.
    let sources = [sources[0].clone(), source(&imported.rel, &imported.text)];
    let (documents, _) = export::documents(&sources, "en", "uk", &[], true);
    let units = &documents[0].units;
    assert_eq!(units.len(), 2);
    assert_eq!(units[0].state, State::NeedsReview { previous: None });
    assert_eq!(units[1].state, State::New);
}

#[test]
fn a_file_for_another_page_or_language_is_refused() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let mut returned = filled(&sources, shout);
    returned.original = "content/../../etc/passwd".into();
    let errors = import(&sources, &returned).expect_err("refused");
    assert!(errors[0]
        .render()
        .contains("which is not a page of the site's default language"));
    returned.original = "content/guidance/referral.md".into();
    returned.target_lang = "de".into();
    assert!(import(&sources, &returned).is_err());
}

/// A translation made by hand, exported and imported again untouched (its suggestions still
/// marked for review), keeps every word it had: nothing falls back to the original's text.
#[test]
fn an_untouched_file_of_a_hand_made_translation_loses_none_of_it() {
    let hand_made = "---\ntitle: Направлення\nstandards: [\"5\"]\n---\n\
Дітей направляють [до команди](@/guidance/team.md) згідно з [[std:5]].\n\n\
## Інтерв'ю {#interviews}\n\n\
- ставте *відкриті* запитання\n\n\
> цитата\n";
    let sources = [
        source("guidance/referral.md", ORIGINAL),
        source("guidance/referral.uk.md", hand_made),
    ];
    let (documents, _) = export::documents(&sources, "en", "uk", &[], false);
    let document = &documents[0];
    // Its paragraphs do not line up with the original's (one list item fewer): every
    // suggestion for the body is for review; its title goes by name.
    assert_eq!(document.units[0].state, State::Translated);
    assert!(document.units[1..]
        .iter()
        .all(|unit| matches!(unit.state, State::NeedsReview { .. } | State::New)));
    let returned = Returned {
        original: document.original.clone(),
        target_lang: "uk".into(),
        units: document
            .units
            .iter()
            .map(|unit| ReturnedUnit {
                id: unit.id.clone(),
                source: unit.source.clone(),
                target: unit.target.clone(),
                fuzzy: unit.state != State::Translated,
                line: unit.line,
            })
            .collect(),
    };
    let imported = import(&sources, &returned).expect("imported");
    for kept in [
        "Направлення",
        "Дітей направляють [до команди]",
        "## Інтерв'ю {#interviews}",
        "ставте *відкриті*",
        "> цитата",
    ] {
        assert!(imported.text.contains(kept), "{kept}: {}", imported.text);
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    /// How a line of a random page starts: every kind of block, nested.
    const STARTS: &[&str] = &[
        "",
        "",
        "# ",
        "## ",
        "- ",
        "  - ",
        "> ",
        "> - ",
        ">> ",
        "1. ",
        "2) ",
        "| ",
        "    ",
        "```\n",
        "[^n]: ",
        "* [ ] ",
        "Title\n=== ",
        "<div>",
    ];

    fn page() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (prop::sample::select(STARTS), text(6), prop::bool::ANY),
            1..12,
        )
        .prop_map(|lines| {
            let mut body = String::from("---\ntitle: T\n---\n");
            for (start, text, blank) in lines {
                body.push_str(start);
                body.push_str(&text);
                body.push('\n');
                if blank {
                    body.push('\n');
                }
            }
            body
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        /// Any page: its segments are slices of its text, and a translator's file that gives
        /// every segment back as it was imports without an error and keeps the page's blocks. A
        /// page the Markdown parser panics on (see `markdown::guard`) is that page's error.
        #[test]
        fn every_page_round_trips_through_its_own_segments(original in page()) {
            let sources = [source("guidance/any.md", &original)];
            let (documents, errors) = export::documents(&sources, "en", "uk", &[], false);
            if errors.iter().all(|e| e.code == "markdown-unreadable") && !errors.is_empty() {
                return Ok(());
            }
            prop_assert!(errors.is_empty());
            let Some(document) = documents.into_iter().next() else { return Ok(()) };
            let returned = Returned {
                original: document.original,
                target_lang: "uk".into(),
                units: document
                    .units
                    .into_iter()
                    .map(|unit| ReturnedUnit {
                        id: unit.id,
                        target: Some(unit.source.clone()),
                        source: unit.source,
                        fuzzy: false,
                        line: unit.line,
                    })
                    .collect(),
            };
            let imported = import(&sources, &returned);
            prop_assert!(imported.is_ok(), "{:?}\n{original}", imported.err().map(|e| e.iter().map(Diagnostic::render).collect::<Vec<_>>()));
            // Exported again, nothing is left to translate.
            let imported = imported.unwrap_or_else(|_| unreachable!());
            let sources = [sources[0].clone(), source(&imported.rel, &imported.text)];
            let (outdated, errors) = export::documents(&sources, "en", "uk", &[], true);
            prop_assert!(errors.is_empty(), "{errors:?}");
            prop_assert!(outdated.is_empty(), "{outdated:?}\n{original}\n{}", imported.text);
        }
    }
}

/// A file exported before a paragraph was inserted above another: the other's translation
/// follows its text, not its old place, and the new paragraph stays untranslated.
#[test]
fn a_translation_follows_its_paragraph_when_one_is_inserted_before_it() {
    let before = "---\ntitle: T\n---\nFirst.\n\nSecond.\n";
    let sources = [source("guidance/referral.md", before)];
    let returned = filled(&sources, |s| format!("UK {s}"));
    let after = "---\ntitle: T\n---\nFirst.\n\nInserted.\n\nSecond.\n";
    let sources = [source("guidance/referral.md", after)];
    let imported = import(&sources, &returned).expect("imported");
    assert!(
        imported
            .text
            .ends_with("UK First.\n\nInserted.\n\nUK Second.\n"),
        "{}",
        imported.text
    );
    assert_eq!(imported.counts, [3, 0, 1]);
}

/// A translated heading keeps the original's id; a field no translator is given keeps the
/// translation's own value; a tool's audience is given to translators item by item.
#[test]
fn headings_keep_their_ids_and_fields_translated_by_hand_stay() {
    let original = "---\ntitle: Kit\naudience: [police, social workers]\nlabels: {a: Alpha}\nstandards: [\"5\"]\n---\n## Before we start\n\nText.\n";
    let translation = "---\ntitle: Набір\nlabels: {a: Альфа}\nstandards: [\"4\"]\nslug: nabir\n---\n## Перед початком\n\nТекст.\n";
    let sources = [
        source("tools/kit.md", original),
        source("tools/kit.uk.md", translation),
    ];
    let (documents, _) = export::documents(&sources, "en", "uk", &[], false);
    let ids: Vec<&str> = documents[0]
        .units
        .iter()
        .map(|u| u.id.split('-').next().unwrap())
        .collect();
    assert_eq!(ids, ["title", "audience.1", "audience.2", "s1.h", "s1.p1"]);
    let returned = filled(&sources, |s| match s {
        "police" => "поліція".into(),
        "social workers" => "соціальні працівники".into(),
        "Before we start" => "Перед початком".into(),
        other => format!("UK {other}"),
    });
    let imported = import(&sources, &returned).expect("imported");
    let text = &imported.text;
    assert!(
        text.contains("## Перед початком {#before-we-start}\n"),
        "{text}"
    );
    assert!(
        text.contains("audience:\n- поліція\n- соціальні працівники\n"),
        "{text}"
    );
    assert!(text.contains("labels:\n  a: Альфа\n"), "{text}");
    assert!(text.contains("standards:\n- '5'\n"), "{text}");
    assert!(text.contains("slug: nabir\n"), "{text}");
}

/// A `|` in a cell's translation would cut the cell: refused, unless written `\|`.
#[test]
fn a_bare_pipe_in_a_cell_is_refused() {
    let original = "---\ntitle: T\n---\n| Who | What |\n|---|---|\n| a | b |\n";
    let sources = [source("guidance/table.md", original)];
    let returned = filled(
        &sources,
        |s| if s == "b" { "x | y".into() } else { s.into() },
    );
    let errors = import(&sources, &returned).expect_err("refused");
    assert!(
        errors[0]
            .render()
            .contains("has a `|`, which would end its table cell"),
        "{}",
        errors[0].render()
    );
    let returned = filled(
        &sources,
        |s| if s == "b" { "x \\| y".into() } else { s.into() },
    );
    let imported = import(&sources, &returned).expect("an escaped pipe is kept");
    assert!(
        imported.text.contains("| a | x \\| y |"),
        "{}",
        imported.text
    );
}

/// Every problem of a file at once: a lost reference and two segments that each change the
/// structure are three errors of one import, in the file's order.
#[test]
fn all_of_a_file_s_problems_come_at_once() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let returned = filled(&sources, |s| {
        if s.starts_with("ask") {
            "# a heading now".to_string()
        } else if s.starts_with("quoted") {
            "- a list now".to_string()
        } else {
            s.replace("[[std:5]]", "")
        }
    });
    let errors = import(&sources, &returned).expect_err("refused");
    let lines: Vec<usize> = errors
        .iter()
        .filter_map(|e| e.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(
        lines,
        [11, 13, 15],
        "{:#?}",
        errors.iter().map(Diagnostic::render).collect::<Vec<_>>()
    );
    assert!(errors[0].render().contains("lost the reference"));
    assert!(errors[1].render().contains("changes the page's structure"));
    assert!(errors[2].render().contains("changes the page's structure"));
}

/// A field's translation is one line, whatever the translator typed; a reference given twice
/// is said to be there more often than in the source.
#[test]
fn a_field_is_one_line_and_a_doubled_reference_is_named_as_such() {
    let sources = [source("guidance/referral.md", ORIGINAL)];
    let returned = filled(&sources, |s| {
        if s == "Referral" {
            "НАПРАВЛЕННЯ\n---\ndraft: true".into()
        } else {
            s.to_string()
        }
    });
    let imported = import(&sources, &returned).expect("imported");
    assert!(
        imported
            .text
            .contains("title: 'НАПРАВЛЕННЯ --- draft: true'")
            || imported.text.contains("title: НАПРАВЛЕННЯ --- draft: true"),
        "{}",
        imported.text
    );
    let returned = filled(&sources, |s| s.replace("[[std:5]]", "[[std:5]] [[std:5]]"));
    let errors = import(&sources, &returned).expect_err("refused");
    assert!(
        errors[0]
            .render()
            .contains("has the reference `[[std:5]]` more often than its source"),
        "{}",
        errors[0].render()
    );
}
