//! What the rewriter reports about a page's Markdown: resources on other hosts, the theme's own
//! classes and ids and page-wide elements in raw HTML, heading attributes the allow-list drops,
//! and links that would run code.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::security::attributes::{Dropped, DroppedKind};
use crate::security::resources::{self, Resource, ScriptUrl};
use crate::security::theme_names;

/// The diagnostics for the resources on other hosts in a fragment of raw HTML (`found` in it);
/// `locate` turns a byte range of the fragment into a location.
pub(super) fn third_parties_in_html(
    path: &Path,
    severity: Severity,
    fragment: &str,
    found: Vec<Resource>,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    resources::on_other_hosts(fragment, found)
        .into_iter()
        .map(|other| other.diagnostic(path, severity, &locate))
        .collect()
}

/// The warnings for classes and ids of the theme's own parts in a fragment of raw HTML, which
/// the sanitiser takes out.
pub(super) fn theme_names_in_html(
    path: &Path,
    fragment: &str,
    names: Vec<(&'static str, String)>,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut cursor = 0;
    for (attribute, value) in names {
        let taken: Vec<&str> = if attribute == "id" {
            Some(value.trim())
                .filter(|id| theme_names::is_theme_id(id))
                .into_iter()
                .collect()
        } else {
            value
                .split_ascii_whitespace()
                .filter(|class| theme_names::is_theme_class(class))
                .collect()
        };
        for name in taken {
            let at = fragment
                .get(cursor..)
                .and_then(|rest| rest.find(name))
                .map(|i| cursor + i);
            let location = match at {
                Some(at) => {
                    cursor = at + name.len();
                    locate(at, name.len())
                }
                None => locate(0, 1),
            };
            found.push(
                Diagnostic::warning(
                    "theme-name",
                    path,
                    format!("the {attribute} `{name}` is left out: it belongs to the theme's own page parts (the quick exit, the header, cards), which content may not take"),
                )
                .at(location)
                .with_help("choose a class or id of your own (see docs/content.md)"),
            );
        }
    }
    found
}

/// The warnings for addresses that would run a script (`javascript:`, `vbscript:`, `data:`) in
/// the links, images and forms of a fragment of raw HTML, which the sanitiser takes out: the
/// editor learns why the link does nothing, as for such a link written in Markdown.
pub(super) fn script_urls_in_html(
    path: &Path,
    fragment: &str,
    found: Vec<ScriptUrl>,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let lower = fragment.to_ascii_lowercase();
    found
        .into_iter()
        .map(|found| {
            let (element, attribute) = (&found.element, &found.attribute);
            Diagnostic::warning(
                "unsafe-link",
                path,
                format!("the `{attribute}` of this `<{element}>` is a script address (`javascript:`, `vbscript:` or `data:`) and was removed"),
            )
            .at(at_tag(&lower, element, found.nth, &locate))
            .with_help("link to a page (`@/section/page.md`) or an https:// address; save an image as a file next to the page")
        })
        .collect()
}

/// The location of the `n`th start tag named `name` in `lower` (a fragment, lower-cased: its
/// offsets are the fragment's), `<name` and then a space, `/` or `>` (`<a` is not `<abbr`);
/// the fragment's start when the tag is not written plainly there.
fn at_tag(
    lower: &str,
    name: &str,
    n: usize,
    locate: &impl Fn(usize, usize) -> Location,
) -> Location {
    let tag = format!("<{name}");
    let ends_name = |at: usize| {
        lower
            .as_bytes()
            .get(at + tag.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
    };
    lower
        .match_indices(&tag)
        .filter(|(at, _)| ends_name(*at))
        .nth(n)
        .map_or_else(|| locate(0, 1), |(at, _)| locate(at, tag.len()))
}

/// The errors for `<meta>` and `<base>` elements in a fragment of raw HTML kept as written:
/// they change the whole page (a refresh sends every reader elsewhere, a referrer policy undoes
/// the theme's), not the part of it the editor writes.
pub(super) fn page_wide_in_html(
    path: &Path,
    fragment: &str,
    elements: Vec<String>,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let lower = fragment.to_ascii_lowercase();
    elements
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // Every `<meta>` and `<base>` is one of them: the ones before with its name count.
            let nth = elements.iter().take(i).filter(|n| *n == name).count();
            let location = at_tag(&lower, name, nth, &locate);
            Diagnostic::error(
                "page-wide-element",
                path,
                format!("`<{name}>` in a page's text changes the whole page (where it sends readers, what it tells other sites, where its links point), which only the theme may do"),
            )
            .at(location)
            .with_help("remove it; the theme's `base.html` writes the page's `<head>`")
        })
        .collect()
}

/// The error for a `[[std:…]]` reference written where it cannot become a link (`place`: a
/// heading, a link's text): the reader would see it as written.
pub(super) fn reference_not_here(path: &Path, place: &str, at: Location) -> Diagnostic {
    Diagnostic::error(
        "reference-not-here",
        path,
        format!("a standard reference in {place} is not turned into a link: readers would see `[[std:…]]` as written"),
    )
    .at(at)
    .with_help("write the reference in the text next to it (`as [[std:5]] says`), or name the standard in words")
}

/// The warning for an attribute of a heading that the allow-list dropped; `id` is the id the
/// heading got.
pub(super) fn dropped_attribute(
    path: &Path,
    dropped: &Dropped,
    id: &str,
    at: Location,
) -> Diagnostic {
    let written = &dropped.written;
    let (message, help) = match dropped.kind {
        DroppedKind::Id => (
            format!("the heading id `{written}` is not used: an id may only have letters, digits, `-`, `_` and `.`; the heading's id is `{id}`"),
            "write e.g. `{#who-does-what}`",
        ),
        DroppedKind::Class => (
            format!("the heading class `{written}` is not written: a class may only have letters, digits, `-` and `_`"),
            "write e.g. `{.note}`",
        ),
        DroppedKind::ThemeId => (
            format!("the heading id `{written}` is not used: the theme gives that id to a part of every page; the heading's id is `{id}`"),
            "choose another id, e.g. `{#who-does-what}`",
        ),
        DroppedKind::ThemeClass => (
            format!("the heading class `{written}` is not written: it is a class of the theme's own page parts (the quick exit, the header, cards), which content may not take"),
            "choose a class of your own, e.g. `{.note}` (see docs/content.md)",
        ),
        DroppedKind::Other => (
            format!("the heading attribute `{written}` is not written: a heading takes only an id and classes"),
            "remove it; `{#id}` and `{.class}` are the attributes a heading may have",
        ),
    };
    Diagnostic::warning("heading-attribute", path, message)
        .at(at)
        .with_help(help)
}
