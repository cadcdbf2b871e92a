//! A document with a unit of every kind, for the formats' tests.

use super::{Document, State, Unit};

/// A unit with the given id, source, target and state, on line 10 under one heading.
pub(super) fn unit(id: &str, source: &str, target: Option<&str>, state: State) -> Unit {
    Unit {
        id: id.into(),
        source: source.into(),
        target: target.map(Into::into),
        state,
        line: 10,
        note: "Referral pathway › Interviews".into(),
    }
}

/// A page with new, translated and outdated units whose text has quotes, backslashes, line
/// breaks, tabs, inline markup and four scripts.
pub(super) fn document() -> Document {
    Document {
        source_lang: "en".into(),
        target_lang: "uk".into(),
        original: "content/guidance/referral.md".into(),
        title: "Referral pathway (fictional example)".into(),
        units: vec![
            unit("h1.title-1a2b", "Referral pathway", None, State::New),
            unit(
                "p.2-3c4d",
                "A \"quoted\" word, a back\\slash,\na second line\tand a tab.",
                Some("«Цитата», зворотна\\коса,\nдругий рядок\tі табуляція."),
                State::Translated,
            ),
            unit(
                "p.3-5e6f",
                "See [[std:5]] and [[std:trm/3|the rule]], [the guide](@/guidance/interviews.md) and `code` <br> now[^1].",
                Some("Див. [[std:5]] і [[std:trm/3|правило]], [посібник](@/guidance/interviews.md) і `code` <br> зараз[^1]."),
                State::NeedsReview {
                    previous: Some("See [[std:5]] and the guide.".into()),
                },
            ),
            unit(
                "li.4-7a8b",
                "*Emphasis*, **strong** and ~~struck~~ text; ![a drawing](drawing.png)",
                Some("نص *مؤكد* و**قوي** و~~مشطوب~~؛ ![رسم](drawing.png) 👩‍👧"),
                State::NeedsReview { previous: None },
            ),
            unit(
                "p.5-9c0d",
                "A long paragraph that goes on and on, well past the width of one line of a PO file, so that it is wrapped over several lines as gettext wraps it. Привіт світ.",
                None,
                State::New,
            ),
        ],
    }
}

/// Checks that `returned`, read back from what a format wrote of [`document`], has the
/// document's page, language and units; `fuzzy` says which states the format reads as fuzzy.
pub(super) fn assert_reads_back(returned: &super::Returned, fuzzy: impl Fn(&State) -> bool) {
    let document = document();
    assert_eq!(returned.original, "content/guidance/referral.md");
    assert_eq!(returned.target_lang, "uk");
    assert_eq!(returned.units.len(), document.units.len());
    for (unit, back) in document.units.iter().zip(&returned.units) {
        assert_eq!(back.id, unit.id);
        assert_eq!(back.source, unit.source);
        assert_eq!(back.target, unit.target);
        assert_eq!(back.fuzzy, fuzzy(&unit.state), "{}", unit.id);
    }
}
