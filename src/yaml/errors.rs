//! serde_yaml's errors put in the product's own words, with the caret where the problem starts:
//! an unclosed quote points at the quote, an unclosed `[` at the bracket.
//!
//! libyaml names a problem (`found unexpected end of stream`) and what it was reading then
//! (`while scanning a quoted scalar at line 2 column 8`); the second place is where an editor has
//! to look. serde_yaml only hands out the first, so the second is read from its message, whose
//! wording is fixed (serde_yaml 0.9 is no longer changed).

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Locator};

/// Turns a serde_yaml error into a diagnostic at its place in the file. `first_line` is the
/// line of the file where the YAML text starts (front matter sits below a `---` line).
pub(crate) fn to_diagnostic(
    file: impl Into<PathBuf>,
    file_text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let raw = error.to_string();
    let parts = Parts::of(&raw, error.location().map(|l| (l.line(), l.column())));
    let locator = Locator::new(file_text);
    // Places of the YAML text as (line, column) of the file.
    let in_file = |(line, column): (usize, usize)| (line + first_line - 1, column);
    let problem_at = parts.problem_at.map(in_file);
    let context_at = parts.context_at.map(in_file).or(problem_at);
    let character = |at: Option<(usize, usize)>| {
        at.and_then(|(line, column)| {
            let location = locator.line_column(line, column, 1);
            let skip = location.column.saturating_sub(location.text_column);
            location.line_text.chars().nth(skip)
        })
    };
    let worded = word(&parts, character(problem_at), character(context_at));
    let at = match worded.place {
        Place::Problem => problem_at,
        Place::Context => context_at,
        Place::Duplicate(ref key) => duplicate_at(file_text, first_line, problem_at, key),
    };
    let location = at.map(|(line, column)| locator.line_column(line, column, worded.len));
    Diagnostic::error("yaml", file, worded.message)
        .at_opt(location)
        .with_help(worded.help)
}

/// A libyaml or serde_yaml message taken apart.
#[derive(Debug, PartialEq, Eq)]
struct Parts<'m> {
    /// What went wrong (`found unexpected end of stream`), without its position.
    problem: &'m str,
    /// Where, as (line, column) of the YAML text, both 1-based.
    problem_at: Option<(usize, usize)>,
    /// What the parser was reading (`while scanning a quoted scalar`).
    context: Option<&'m str>,
    /// Where that started.
    context_at: Option<(usize, usize)>,
}

impl<'m> Parts<'m> {
    /// `raw` is `PROBLEM[ at line L column C][, CONTEXT[ at line L column C]]`.
    fn of(raw: &'m str, problem_at: Option<(usize, usize)>) -> Parts<'m> {
        let (head, context) = match raw.split_once(", while ") {
            Some((head, context)) => (head, Some(context)),
            None => (raw, None),
        };
        let (problem, _) = split_position(head);
        let context = context.map(split_position);
        Parts {
            problem,
            problem_at,
            context: context.map(|(text, _)| text),
            context_at: context.and_then(|(_, at)| at),
        }
    }
}

/// `TEXT at line L column C` → (`TEXT`, (L, C)); text without a position is returned whole.
fn split_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some((before, position)) = text.rsplit_once(" at line ") else {
        return (text, None);
    };
    let parsed = position
        .split_once(" column ")
        .and_then(|(line, column)| Some((line.trim().parse().ok()?, column.trim().parse().ok()?)));
    match parsed {
        Some(at) => (before, Some(at)),
        None => (text, None),
    }
}

/// Where a worded error points.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// Where libyaml found the problem.
    Problem,
    /// Where the thing it was reading started (the quote, the bracket, the key).
    Context,
    /// At the second of two entries with this key.
    Duplicate(String),
}

/// An error in our words.
#[derive(Debug, PartialEq, Eq)]
struct Worded {
    message: String,
    help: String,
    place: Place,
    /// How many characters the caret marks.
    len: usize,
}

/// The message and hint for an error, given the characters at its problem and at its context.
fn word(parts: &Parts<'_>, at_problem: Option<char>, at_context: Option<char>) -> Worded {
    unclosed(parts, at_context)
        .or_else(|| fixed(parts.problem))
        .unwrap_or_else(|| other(parts, at_problem))
}

fn worded(message: String, help: &str, place: Place, len: usize) -> Worded {
    Worded {
        message,
        help: help.to_string(),
        place,
        len,
    }
}

/// The errors best explained where the construct that they are in starts: a quoted text, a
/// `[…]` list or a `{…}` map that is not closed (and a bad escape in a quoted text, itself).
fn unclosed(parts: &Parts<'_>, at_context: Option<char>) -> Option<Worded> {
    let context = parts.context.unwrap_or("");
    Some(match (parts.problem, context) {
        ("found unexpected end of stream", "scanning a quoted scalar")
        | ("found unexpected document indicator", "scanning a quoted scalar") => {
            let quote = at_context.filter(|q| *q == '\'').unwrap_or('"');
            let help = if quote == '"' {
                "end the text with `\"` (inside it, write `\\\"` for a quote); or leave out the quotes if the text has no `: ` or ` #`"
            } else {
                "end the text with `'` (inside it, write `''` for an apostrophe: `'Children''s rights'`); or leave out the quotes if the text has no `: ` or ` #`"
            };
            worded(format!("the text in quotes that starts here has no closing {quote}"), help, Place::Context, 1)
        }
        ("found unknown escape character", _) => worded(
            "this `\\` starts no escape that YAML knows".to_string(),
            "write `\\\\` for a backslash, or put the text in single quotes ('…'), where `\\` is an ordinary character",
            Place::Problem,
            2,
        ),
        (_, "parsing a flow sequence") => worded(
            "the list that starts here with `[` is not closed by a `]`".to_string(),
            "close it with `]` after its last item, and put a `,` between items; a text with `,` or `]` in it needs quotes",
            Place::Context,
            1,
        ),
        (_, "parsing a flow mapping") => worded(
            "the map that starts here with `{` is not closed by a `}`".to_string(),
            "close it with `}` after its last entry, and put a `,` between entries; a text with `,` or `}` in it needs quotes",
            Place::Context,
            1,
        ),
        _ => return None,
    })
}

/// libyaml's problems that have one wording each: the problems, our message, our help and where
/// the caret goes.
const FIXED: [(&[&str], &str, &str, Place); 6] = [
    (
        &["could not find expected ':'"],
        "this line is neither `key: value` nor part of the value above it",
        "add `: ` after the key; or, if the line goes on with the value above, indent it more than that value's key",
        Place::Context,
    ),
    (
        &["mapping values are not allowed in this context"],
        "a `: ` where no new key can start",
        "put a value that has `: ` in it in quotes (`title: \"Referral: the steps\"`); and give the keys of one map the same indentation",
        Place::Problem,
    ),
    (
        &["did not find expected key", "did not find expected '-' indicator"],
        "this line does not line up with the lines above it",
        "give the keys of one map (and the `- ` items of one list) the same indentation; a list's items go on their own lines below its key",
        Place::Problem,
    ),
    (
        &["block sequence entries are not allowed in this context"],
        "a list item `- ` cannot start here",
        "put a list's items on their own lines below its key (`key:` then `  - item`), or write the list as `[a, b]`",
        Place::Problem,
    ),
    (
        &["unknown anchor"],
        "`*` here names an anchor (`&name`) that is not defined",
        "put a text that starts with `*` in quotes",
        Place::Problem,
    ),
    (
        &["recursion limit exceeded"],
        "lists or maps are nested too deep here",
        "a field's value is a text, a number, or a short list or map of them",
        Place::Problem,
    ),
];

fn fixed(problem: &str) -> Option<Worded> {
    let (_, message, help, place) = FIXED.iter().find(|row| row.0.contains(&problem))?;
    Some(worded(message.to_string(), help, place.clone(), 1))
}

/// The rest: tabs, characters that cannot start a value, duplicate keys, the data errors of
/// serde, and libyaml's own words for what we have none of our own for.
fn other(parts: &Parts<'_>, at_problem: Option<char>) -> Worded {
    let tab = (
        "a tab where YAML needs spaces",
        "indent with spaces; tabs may only stand inside values",
    );
    match parts.problem {
        "found character that cannot start any token" if at_problem == Some('\t') => {
            worded(tab.0.to_string(), tab.1, Place::Problem, 1)
        }
        problem if problem.contains("tab character") => {
            worded(tab.0.to_string(), tab.1, Place::Problem, 1)
        }
        "found character that cannot start any token" => worded(
            format!("a value cannot start with '{}'", at_problem.unwrap_or('?')),
            "put the value in quotes",
            Place::Problem,
            1,
        ),
        problem if problem.starts_with("duplicate entry with key ") => {
            let key = problem
                .trim_start_matches("duplicate entry with key ")
                .trim_matches('"');
            worded(
                format!("`{key}` is given twice"),
                "keep one of the two",
                Place::Duplicate(key.to_string()),
                key.chars().count(),
            )
        }
        problem if problem.contains("unknown field") => worded(
            problem.to_string(),
            "check the spelling of the key; the allowed keys are listed above",
            Place::Problem,
            1,
        ),
        problem
            if [
                "invalid type",
                "invalid value",
                "missing field",
                "unknown variant",
            ]
            .iter()
            .any(|data| problem.contains(data)) =>
        {
            worded(
                problem.to_string(),
                "give a value of the type named above",
                Place::Problem,
                1,
            )
        }
        problem => {
            let what = match parts.context {
                Some(context) if !context.is_empty() => format!("{problem}, while {context}"),
                _ => problem.to_string(),
            };
            worded(
                format!("this is not valid YAML ({what})"),
                "YAML needs `key: value` on each line, consistent indentation, and quotes around values with `: ` or ` #`",
                Place::Problem,
                1,
            )
        }
    }
}

/// Where the second entry of `key` is: the second line, from the map's start at `from` on, whose
/// key is `key` at the indentation of the first.
fn duplicate_at(
    file_text: &str,
    first_line: usize,
    from: Option<(usize, usize)>,
    key: &str,
) -> Option<(usize, usize)> {
    let (start_line, _) = from?;
    let mut first_indent = None;
    for (index, line) in file_text
        .lines()
        .enumerate()
        .skip(start_line.saturating_sub(1))
    {
        if index + 1 < first_line {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if super::line_key(trimmed) != Some(key) {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(first) if first == indent => {
                // Columns count characters; the indentation is spaces.
                let dash = usize::from(trimmed.starts_with("- ")) * 2;
                return Some((index + 1, indent + dash + 1));
            }
            Some(_) => {}
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnose(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}\n---\nbody\n");
        let error = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        to_diagnostic("a.md", &file, 2, &error)
    }

    fn at(diagnostic: &Diagnostic) -> (usize, usize) {
        let location = diagnostic.location.as_deref().unwrap();
        (location.line, location.column)
    }

    #[test]
    fn messages_are_taken_apart() {
        let parts = Parts::of(
            "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 2 column 8",
            Some((3, 1)),
        );
        assert_eq!(parts.problem, "found unexpected end of stream");
        assert_eq!(parts.context, Some("scanning a quoted scalar"));
        assert_eq!(parts.context_at, Some((2, 8)));
        let plain = Parts::of("mapping values are not allowed in this context", None);
        assert_eq!(
            plain.problem,
            "mapping values are not allowed in this context"
        );
        assert_eq!(plain.context, None);
    }

    #[test]
    fn an_unclosed_quote_points_at_the_quote() {
        for (yaml, quote, at_quote) in [
            ("title: A\ndescription: \"Barn och stöd", '"', (3, 14)),
            ("title: 'Tom’s\nx: 1", '\'', (2, 8)),
        ] {
            let diagnostic = diagnose(yaml);
            assert_eq!(at(&diagnostic), at_quote, "{diagnostic:?}");
            assert!(
                diagnostic.message.contains(&format!("no closing {quote}")),
                "{}",
                diagnostic.message
            );
        }
    }

    #[test]
    fn an_unclosed_list_points_at_its_bracket() {
        let diagnostic = diagnose("title: A\nthemes: [a, b\nx: 1");
        assert_eq!(at(&diagnostic), (3, 9));
        assert!(diagnostic.message.contains("`[`"), "{}", diagnostic.message);
    }

    #[test]
    fn a_key_given_twice_points_at_the_second() {
        let diagnostic = diagnose("title: A\ndraft: false\ntitle: B");
        assert_eq!(at(&diagnostic), (4, 1));
        assert_eq!(diagnostic.message, "`title` is given twice");
    }

    #[test]
    fn a_tab_and_a_second_colon_are_named() {
        let tab = diagnose("title: A\n\tdraft: true");
        assert_eq!(tab.message, "a tab where YAML needs spaces");
        assert_eq!(at(&tab), (3, 1));
        let colon = diagnose("title: Referral: the steps");
        assert_eq!(colon.message, "a `: ` where no new key can start");
        assert_eq!(at(&colon), (2, 16));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Every error of any front matter is worded and placed on a line of the file.
        #[test]
        fn any_error_is_worded_and_placed(yaml in text(40)) {
            if let Err(error) = serde_yaml::from_str::<serde_yaml::Value>(&yaml) {
                let file = format!("---\n{yaml}\n---\n");
                let diagnostic = to_diagnostic("a.md", &file, 2, &error);
                prop_assert!(!diagnostic.message.is_empty());
                if let Some(location) = diagnostic.location.as_deref() {
                    prop_assert!(location.line >= 1 && location.line <= file.split('\n').count());
                }
                let _ = diagnostic.render();
            }
        }
    }
}
