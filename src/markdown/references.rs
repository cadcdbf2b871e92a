//! References in Markdown: `[text](@/section/page.md)` links and `[[std:…]]` standard references,
//! found while rendering and left in the HTML as placeholders for the resolve phase to fill.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use crate::diagnostics::Location;

/// Marks the start of a placeholder in rendered HTML: a noncharacter, which Unicode keeps for a
/// program's own use and HTML does not allow in a page, so no text is ever taken for one (a
/// private-use character was: icon fonts use them). `without_marks` clears them from Markdown.
pub(crate) const PLACEHOLDER_START: char = '\u{FDD0}';
/// Marks the end of a placeholder.
pub(crate) const PLACEHOLDER_END: char = '\u{FDD1}';

/// `markdown` with the placeholder marks written in it replaced by U+FFFD, as a browser shows
/// them, and with the byte offsets where they were: typed (all three are three bytes long) or
/// spelled as character references (`&#xFDD0;`, `&#64977`, `&#x0fdd0;`), which the Markdown
/// parser and the sanitiser decode. A reference becomes one to U+FFFD of the same length
/// (`&#xFFFD;`, `&#x0FFFD;`), so offsets, and whether a parser decodes it, stay as they were.
pub(super) fn without_marks(markdown: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let typed = markdown.contains([PLACEHOLDER_START, PLACEHOLDER_END]);
    if !typed && !markdown.contains("&#") {
        return (markdown.into(), Vec::new());
    }
    let mut out = String::with_capacity(markdown.len());
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find([PLACEHOLDER_START, PLACEHOLDER_END, '&']) {
        let (before, from) = rest.split_at_checked(at).unwrap_or((rest, ""));
        out.push_str(before);
        let offset = markdown.len() - from.len();
        if let Some(after) = from
            .strip_prefix(PLACEHOLDER_START)
            .or_else(|| from.strip_prefix(PLACEHOLDER_END))
        {
            out.push('\u{FFFD}');
            found.push(offset);
            rest = after;
        } else if let Some(len) = mark_reference_len(from) {
            out.push_str(&replacement_reference(
                len,
                from.as_bytes().get(len - 1) == Some(&b';'),
            ));
            found.push(offset);
            rest = from.get(len..).unwrap_or_default();
        } else {
            out.push('&');
            rest = from.get(1..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    if found.is_empty() {
        (markdown.into(), found)
    } else {
        (out.into(), found)
    }
}

/// The length of the numeric character reference to a placeholder mark that `text` starts with
/// (`&#xFDD0;`, `&#64976`), read as an HTML parser reads one: digits as many as there are, the
/// `;` optional.
fn mark_reference_len(text: &str) -> Option<usize> {
    let after = text.strip_prefix("&#")?;
    let (radix, digits_from) = match after.strip_prefix(['x', 'X']) {
        Some(hex) => (16, hex),
        None => (10, after),
    };
    let digits = digits_from
        .bytes()
        .take_while(|b| char::from(*b).is_digit(radix))
        .count();
    let value = digits_from
        .get(..digits)?
        .chars()
        .try_fold(0u32, |value, c| {
            value.checked_mul(radix)?.checked_add(c.to_digit(radix)?)
        })?;
    let marks = [u32::from(PLACEHOLDER_START), u32::from(PLACEHOLDER_END)];
    if digits == 0 || !marks.contains(&value) {
        return None;
    }
    let semicolon = usize::from(digits_from.as_bytes().get(digits) == Some(&b';'));
    Some(text.len() - digits_from.len() + digits + semicolon)
}

/// A reference to U+FFFD of `len` bytes (at least 7), in hexadecimal with leading zeros: as
/// many digits as the decimal reference it replaces has, less one, so that the Markdown parser
/// (up to 6 hexadecimal or 7 decimal digits) decodes it exactly when it decoded that one.
fn replacement_reference(len: usize, semicolon: bool) -> String {
    let digits = len - 3 - usize::from(semicolon);
    let mut reference = format!("&#x{:0>digits$}", "FFFD");
    if semicolon {
        reference.push(';');
    }
    reference
}

/// The placeholder for the `index`th reference of a page.
pub(crate) fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}")
}

/// Replaces every placeholder in `html` by what `fill` gives for its index.
pub(crate) fn fill_placeholders(html: &str, mut fill: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    split_placeholders(html, |piece| match piece {
        Piece::Text(text) => out.push_str(text),
        Piece::Placeholder(index) => out.push_str(&fill(index)),
    });
    // Links are longer than their placeholders, so `out` grew by doubling: give back the spare
    // room, as the page's HTML is kept until the site is rendered.
    super::exact(out)
}

/// A piece of text with placeholders: text, or a placeholder's index.
pub(super) enum Piece<'t> {
    Text(&'t str),
    Placeholder(usize),
}

/// Hands `text` to `piece` in order: the text between placeholders and each placeholder's index.
/// A mark that starts no placeholder is left out.
pub(super) fn split_placeholders<'t>(text: &'t str, mut piece: impl FnMut(Piece<'t>)) {
    let mut rest = text;
    while let Some((before, after)) = rest.split_once(PLACEHOLDER_START) {
        piece(Piece::Text(before));
        rest = after;
        // Only digits stand between the marks: nothing is searched past them.
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after_number) = after.split_at_checked(digits).unwrap_or(("", after));
        if let (Ok(index), Some(after_end)) = (
            number.parse::<usize>(),
            after_number.strip_prefix(PLACEHOLDER_END),
        ) {
            piece(Piece::Placeholder(index));
            rest = after_end;
        }
    }
    piece(Piece::Text(rest));
}

/// A reference from a page to another part of the site, found in its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// What it points at.
    pub target: Target,
    /// Where it is written.
    pub location: Location,
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A page, written `[text](@/section/page.md#anchor)`, `[text](page.md)` or
    /// `[text](/section/page/)`: its placeholder is the link's `href`.
    Page {
        /// The target as written, without `@/` and anchor (`section/page.md`, `../page.md`,
        /// `/section/page/`).
        path: String,
        /// The anchor on the target, if any.
        anchor: Option<String>,
        /// How the path is written, which says what it is relative to.
        form: LinkForm,
    },
    /// A standard, written `[[std:5]]`, `[[std:trm/3]]` or `[[std:1.2|label]]`: its placeholder
    /// is the whole link.
    Standard(StandardRef),
}

/// How a link to a page of the site is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkForm {
    /// `@/section/page.md`: a path under `content/`.
    Content,
    /// `page.md`, `../section/page.md`: a path from the linking file's folder.
    Relative,
    /// `/section/page/`: a path of the built site (with or without the base path).
    Site,
}

impl LinkForm {
    /// The form of a link's destination, if it names a page of the site: `None` for addresses
    /// of other sites, `mailto:` and the like, anchors on the same page and relative paths of
    /// files that are not Markdown (attachments beside the page).
    pub(crate) fn of(destination: &str) -> Option<(LinkForm, &str)> {
        if let Some(path) = destination.strip_prefix("@/") {
            return Some((LinkForm::Content, path));
        }
        if destination.starts_with('/') {
            // `//host/path` is another site; `/\host` too, for a browser.
            return (!destination.starts_with("//") && !destination.starts_with("/\\"))
                .then_some((LinkForm::Site, destination));
        }
        let path = destination.split(['#', '?']).next().unwrap_or("");
        let has_scheme = path
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/'));
        (!has_scheme && path.ends_with(".md")).then_some((LinkForm::Relative, destination))
    }
}

/// A reference to a standard or sub-standard, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StandardRef {
    /// The framework (`trm`), when given; else the site's default framework.
    pub framework: Option<String>,
    /// The number (`5`, `1.2`).
    pub number: String,
    /// The link text, when given instead of the standard's number and title.
    pub label: Option<String>,
}

impl StandardRef {
    /// Parses what stands in `[[std:…]]` or in front matter `standards:` (`trm/3`, `5|label`).
    pub(crate) fn parse(text: &str) -> StandardRef {
        let (reference, label) = match text.split_once('|') {
            Some((reference, label)) => (reference, Some(label.trim().to_string())),
            None => (text, None),
        };
        let (framework, number) = match reference.split_once('/') {
            Some((framework, number)) => (Some(framework.trim().to_string()), number),
            None => (None, reference),
        };
        StandardRef {
            framework,
            number: number.trim().to_string(),
            label: label.filter(|l| !l.is_empty()),
        }
    }
}

/// Whether `text` holds a `[[std:…]]` reference as [`flush_text`] finds them.
pub(super) fn has_reference(text: &str) -> bool {
    text.find("[[std:")
        .and_then(|at| text.get(at..))
        .is_some_and(|rest| rest.contains("]]"))
}

/// Emits a run of text events, turning the `[[std:…]]` references in it into placeholders. The
/// run is joined first because the parser splits text at every `[`.
pub(super) fn flush_text<'a>(
    run: &mut Vec<(CowStr<'a>, Range<usize>)>,
    out: &mut super::rewriter::Pending<'a>,
    references: &mut Vec<Reference>,
    body: &str,
    locate: &dyn Fn(usize, usize) -> Location,
) {
    const OPEN: &str = "[[std:";
    if !run.iter().any(|(text, _)| text.contains("std:")) {
        out.extend(run.drain(..).map(|(text, _)| Event::Text(text)));
        return;
    }
    let joined: String = run.iter().map(|(text, _)| text.as_ref()).collect();
    if !joined.contains(OPEN) {
        out.extend(run.drain(..).map(|(text, _)| Event::Text(text)));
        return;
    }
    let span = run.first().map_or(0, |(_, r)| r.start)..run.last().map_or(0, |(_, r)| r.end);
    run.clear();
    // Where in the Markdown the next reference is looked for: the joined text has its escapes
    // and entities decoded, so its offsets are not the Markdown's.
    let mut source_cursor = span.start;
    let mut rest = joined.as_str();
    while let Some((before, after_open)) = rest.split_once(OPEN) {
        let Some((inner, after)) = after_open.split_once("]]") else {
            break;
        };
        if !before.is_empty() {
            out.push(Event::Text(before.to_string().into()));
        }
        // Searched within the run only, so that many references cost no more than the run.
        let written = body
            .get(source_cursor..span.end)
            .and_then(|run| run.find(OPEN))
            .map_or(source_cursor, |i| source_cursor + i);
        let written_len = body
            .get(written..span.end)
            .and_then(|run| run.find("]]"))
            .map_or(OPEN.len() + inner.len() + 2, |i| i + 2);
        source_cursor = (written + written_len).min(body.len());
        while !body.is_char_boundary(source_cursor) {
            source_cursor += 1;
        }
        let index = references.len();
        references.push(Reference {
            target: Target::Standard(StandardRef::parse(inner)),
            location: locate(written, written_len),
        });
        out.push(Event::InlineHtml(placeholder(index).into()));
        rest = after;
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_string().into()));
    }
}

#[cfg(test)]
mod properties {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::markdown::{render, MarkdownOptions};
    use crate::unicode_strategy::text;

    /// A word of letters and digits of any script.
    fn word(max: usize) -> impl Strategy<Value = String> {
        let letter = prop_oneof![
            prop::sample::select(vec![
                'a', 'Z', '5', 'é', 'ß', 'ж', 'ї', 'ع', 'א', 'क', '中', 'ก'
            ]),
            any::<char>().prop_map(|c| if c.is_alphanumeric() { c } else { 'x' }),
        ];
        prop::collection::vec(letter, 1..=max).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// A reference parses back to what was written, at the place it was written.
        #[test]
        fn references_parse_back(
            before in word(8),
            framework in word(4),
            number in word(4),
            label in prop::collection::vec(word(5), 0..3),
        ) {
            let label = label.join(" ");
            let written = if label.is_empty() {
                format!("[[std:{framework}/{number}]]")
            } else {
                format!("[[std:{framework}/{number}|{label}]]")
            };
            let body = format!("Intro\n\n{before} {written} after.\n");
            let rendered = render(Path::new("a.md"), &body, 0, &body, MarkdownOptions::default());
            prop_assert_eq!(rendered.references.len(), 1);
            let reference = &rendered.references[0];
            let expected = StandardRef {
                framework: Some(framework),
                number,
                label: Some(label).filter(|l| !l.is_empty()),
            };
            prop_assert_eq!(&reference.target, &Target::Standard(expected));
            prop_assert_eq!(reference.location.line, 3);
            prop_assert_eq!(reference.location.column, before.chars().count() + 2);
            prop_assert_eq!(reference.location.len, written.chars().count());
        }

        /// Any Markdown renders without a panic, and every reference is located on a line of it.
        #[test]
        fn any_markdown_renders(body in text(48)) {
            let rendered = render(Path::new("a.md"), &body, 0, &body, MarkdownOptions::default());
            let lines = body.split('\n').count();
            for reference in &rendered.references {
                prop_assert!((1..=lines).contains(&reference.location.line), "{:?}", reference);
            }
            let filled = fill_placeholders(&rendered.html, |i| format!("<{i}>"));
            prop_assert!(!filled.contains(PLACEHOLDER_START) || body.contains(PLACEHOLDER_START));
        }

        /// Placeholder marks an editor writes, typed or as character references anywhere
        /// (text, attributes, titles, code, labels), never reach the page: each filled link is
        /// one the renderer placed, and the Markdown keeps its length.
        #[test]
        fn typed_marks_never_become_placeholders(
            pieces in prop::collection::vec(prop_oneof![
                text(6),
                prop::sample::select(vec![
                    "\u{FDD0}", "\u{FDD1}", "&#xFDD0;", "&#XfDd1", "&#64976;", "&#0064977",
                    "&#x00000FDD0;", "0", "[[std:1]]", "<div title=\"", "<span title='", "\"", "'",
                    ">", "`", "```", "\n", "[a](@/b.md \"", "![i](x.png \"", "[^", "]", "{#", "&",
                ]).prop_map(String::from),
            ], 0..24),
            unsafe_html in any::<bool>(),
        ) {
            let body: String = pieces.concat();
            let (cleaned, _) = without_marks(&body);
            prop_assert_eq!(cleaned.len(), body.len());
            let options = MarkdownOptions { unsafe_html, ..MarkdownOptions::default() };
            let rendered = render(Path::new("a.md"), &body, 0, &body, options);
            let filled = fill_placeholders(&rendered.html, |i| match rendered.references.get(i).map(|r| &r.target) {
                Some(Target::Page { .. }) => "/filled/".to_string(),
                _ => "<a class=\"filled\" href=\"/filled/\">s</a>".to_string(),
            });
            prop_assert!(!filled.contains([PLACEHOLDER_START, PLACEHOLDER_END]), "{}", filled);
            if !unsafe_html {
                // Sanitised, a placeholder is filled only outside attributes or as a link's
                // whole `href` (the editor's raw HTML is kept as written under unsafe_html,
                // unclosed attributes too): the filled text never ends an attribute.
                for (name, attributes) in crate::markdown::tests::tags(&filled) {
                    for (key, value) in attributes {
                        prop_assert!(!key.contains('"'), "<{} {}> in {}", name, key, filled);
                        prop_assert!(
                            !value.contains("filled") || (key == "href" || key == "class") && !value.contains('<'),
                            "<{} {}={:?}> in {}", name, key, value, filled
                        );
                    }
                }
            }
        }

        /// Text without placeholders is left as it is.
        #[test]
        fn text_without_placeholders_is_kept(html in text(32)) {
            let html = html.replace([PLACEHOLDER_START, PLACEHOLDER_END], "");
            prop_assert_eq!(fill_placeholders(&html, |_| String::from("x")), html);
        }
    }
}
