//! Parse: Markdown → HTML, with the page's headings and the references to other pages found in it.
//!
//! References — `[text](@/section/page.md)` links and `[[std:5]]` standard references — cannot be
//! resolved yet: their targets are other files. They are left in the HTML as placeholders
//! ([`placeholder`]) and listed with their locations, for the resolve phase to check and fill in.
//!
//! [`render`] sets a rewriter (`rewriter.rs`) going between the parser and pulldown-cmark's HTML
//! writer, a method per construct, then finishes the HTML: table alignment as classes, raw HTML
//! sanitised. The page's sections for search are taken down on the way (`sections/`).

mod checks;
pub(crate) mod guard;
mod headings;
mod highlight;
mod nesting;
mod other_language;
mod references;
mod rewriter;
mod sanitize;
mod sections;
pub(crate) mod slug;

use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Options, Parser, Tag, TagEnd};

pub(crate) use highlight::stylesheet as highlight_stylesheet;
pub(crate) use other_language::{Language, OtherLanguage};
pub(crate) use references::{
    fill_placeholders, LinkForm, Reference, StandardRef, Target, PLACEHOLDER_END, PLACEHOLDER_START,
};
pub(crate) use sections::Sections;

use crate::diagnostics::{Diagnostic, Locator, Severity};
use headings::HeadingIds;
use rewriter::Rewriter;

/// The Markdown extensions a page may use.
pub(crate) const PARSER_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Whether a tag opens an inline element (whose events are text of the block around it).
pub(crate) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether an end tag closes an inline element.
pub(crate) fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MarkdownOptions<'a> {
    /// Keep raw HTML as written instead of sanitising it.
    pub unsafe_html: bool,
    /// How an image or other resource on another host is reported.
    pub third_party_resources: Severity,
    /// The language of the site's originals (its default language): a translation's blocks
    /// that still show the original's text are marked with it. `None` marks nothing.
    pub originals: Option<Language<'a>>,
}

impl Default for MarkdownOptions<'_> {
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: false,
            third_party_resources: Severity::Warning,
            originals: None,
        }
    }
}

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its anchor id, unique in the page.
    pub id: String,
    /// Its text, without markup.
    pub text: String,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// The HTML, with a placeholder for each of `references`.
    pub html: String,
    /// The headings in order.
    pub headings: Vec<Heading>,
    /// The references to other pages and standards; a reference's index is its placeholder's.
    pub references: Vec<Reference>,
    /// Problems found while rendering (e.g. a `javascript:` link).
    pub diagnostics: Vec<Diagnostic>,
    /// Its sections for search, with a placeholder for each standard reference (shared with
    /// the pages that show them unfilled).
    pub sections: Arc<Sections>,
}

/// Renders `body`, the Markdown of the file at `path` whose full text is `text`, starting at
/// byte `body_offset` of it (so that locations are lines of the file), marking no block as in
/// another language (for tests and fuzz targets: pages are parsed with [`render_in`]).
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn render(
    path: &Path,
    text: &str,
    body_offset: usize,
    body: &str,
    options: MarkdownOptions<'_>,
) -> Rendered {
    render_in(path, text, body_offset, body, options, None)
}

/// Renders `body`, the Markdown of the file at `path` whose full text is `text`, starting at
/// byte `body_offset` of it (so that locations are lines of the file). For a translation, the
/// blocks `other` names still show the original's text: they are marked with its language.
pub(crate) fn render_in(
    path: &Path,
    text: &str,
    body_offset: usize,
    body: &str,
    options: MarkdownOptions<'_>,
    other: Option<&OtherLanguage<'_>>,
) -> Rendered {
    let (body, marks) = references::without_marks(body);
    let body = &*body;
    let locator = Locator::new(text);
    let ids = HeadingIds::new(body, PARSER_OPTIONS);
    let mut rewriter = Rewriter::new(path, body, body_offset, options, &locator, ids);
    rewriter.other_language = other_language::BlockMarks::new(body, body_offset, other);
    // Soteria marks where links go with these characters: one typed by an editor is shown as �.
    rewriter.rendered.diagnostics.extend(marks.into_iter().map(|at| {
        Diagnostic::warning(
            "placeholder-mark",
            path,
            "U+FDD0 and U+FDD1 are not characters of any text: Soteria uses them for its own marks, and shows this one as �",
        )
        .at(locator.locate(body_offset + at, 1))
        .with_help("remove it (or the character reference `&#xFDD0;` that writes it)")
    }));
    let mut parser = Parser::new_ext(body, PARSER_OPTIONS).into_offset_iter();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        std::iter::from_fn(|| rewriter.next_event(&mut parser)),
    );
    finish(path, &locator, body_offset, rewriter, html)
}

/// The page's HTML as written: table alignment as classes, raw HTML sanitised (or, nested too
/// deep to sanitise, an error and no HTML).
fn finish(
    path: &Path,
    locator: &Locator<'_>,
    body_offset: usize,
    rewriter: Rewriter<'_>,
    mut html: String,
) -> Rendered {
    let mut rendered = rewriter.rendered;
    if rewriter.has_table {
        // Alignment as classes: inline styles are blocked by a strict Content-Security-Policy.
        for (style, class) in [
            ("left", "align-left"),
            ("center", "align-center"),
            ("right", "align-right"),
        ] {
            html = html.replace(
                &format!(" style=\"text-align: {style}\""),
                &format!(" class=\"{class}\""),
            );
        }
    }
    if rewriter.has_raw_html && !rewriter.options.unsafe_html {
        match rewriter.nesting.too_deep_at {
            Some(at) => {
                rendered.diagnostics.push(
                    Diagnostic::error(
                        "nesting",
                        path,
                        format!(
                            "the page's elements nest more than {} deep here, too deep to check its raw HTML",
                            nesting::MAX_DEPTH
                        ),
                    )
                    .at(locator.locate(body_offset + at, 1))
                    .with_help("close the elements you open (browsers show no more than 512 levels), or take the raw HTML out of this page"),
                );
                html.clear();
            }
            None => html = sanitize::sanitize(&html),
        }
    }
    // Only the sanitiser's parser knows what text raw HTML leaves (and a page kept as written
    // shows what its HTML says): such a page's sections are read from its HTML.
    let sections = if rewriter.has_raw_html {
        sections::html::sections(&html)
    } else {
        rewriter.sections.finish()
    };
    rendered.sections = Arc::new(sections);
    // Kept until the site is resolved (and by `serve` between builds).
    rendered.html = exact(html);
    rendered
}

/// `text` in an allocation of its own length. `shrink_to_fit` may leave a string where it is
/// (mimalloc keeps a block that would be no more than half empty: a string grown by doubling
/// stays up to twice its length), and a page's texts are kept until the site is written.
pub(crate) fn exact(text: String) -> String {
    if text.capacity() == text.len() {
        text
    } else {
        text.as_str().to_owned()
    }
}

#[cfg(test)]
pub(crate) mod tests;
