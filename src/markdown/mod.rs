//! Parse: Markdown → HTML, with the page's headings and the references to other pages found in it.
//!
//! References — `[text](@/section/page.md)` links and `[[std:5]]` standard references — cannot be
//! resolved yet: their targets are other files. They are left in the HTML as placeholders
//! ([`placeholder`]) and listed with their locations, for the resolve phase to check and fill in.

mod highlight;
mod nesting;
mod references;
mod sanitize;
pub mod slug;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub use highlight::stylesheet as highlight_stylesheet;
use references::flush_text;
pub use references::{
    fill_placeholders, placeholder, Reference, StandardRef, Target, PLACEHOLDER_END,
    PLACEHOLDER_START,
};

use crate::diagnostics::{Diagnostic, Location, Locator, Severity};
use crate::security::attributes::{self, Dropped, DroppedKind};
use crate::security::resources::{self, third_party};
use crate::security::theme_names;

/// A heading's start tag, held back until its text (and so its id) is known.
type HeadingStart<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
);

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions {
    /// Keep raw HTML as written instead of sanitising it.
    pub unsafe_html: bool,
    /// How an image or other resource on another host is reported.
    pub third_party_resources: Severity,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: false,
            third_party_resources: Severity::Warning,
        }
    }
}

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its anchor id, unique in the page.
    pub id: String,
    /// Its text, without markup.
    pub text: String,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML, with a placeholder for each of `references`.
    pub html: String,
    /// The headings in order.
    pub headings: Vec<Heading>,
    /// The references to other pages and standards; a reference's index is its placeholder's.
    pub references: Vec<Reference>,
    /// Problems found while rendering (e.g. a `javascript:` link).
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders `body`, the Markdown of the file at `path` whose full text is `text`, starting at
/// byte `body_offset` of it (so that locations are lines of the file).
pub fn render(
    path: &Path,
    text: &str,
    body_offset: usize,
    body: &str,
    options: MarkdownOptions,
) -> Rendered {
    let (body, marks) = references::without_marks(body);
    let body = &*body;
    let parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // The events are taken as the parser makes them, not gathered first: a table of small cells
    // is more than a hundred bytes of events for each byte of Markdown.
    let mut events = Parser::new_ext(body, parser_options).into_offset_iter();
    // One locator for the page: references are located in the order they are met, in time
    // proportional to the page however many there are.
    let locator = Locator::new(text);
    let locate = |range: &Range<usize>, needle: &str| {
        let found = body
            .get(range.clone())
            .and_then(|text| text.find(needle))
            .map_or(range.start, |i| range.start + i);
        let len = if needle.is_empty() {
            range.len()
        } else {
            needle.len()
        };
        locator.locate(body_offset + found, len)
    };

    let mut ids = HeadingIds::new(body, parser_options);
    let mut rendered = Rendered::default();
    // Soteria marks where links go with these characters: one typed by an editor is shown as �.
    rendered.diagnostics.extend(marks.into_iter().map(|at| {
        Diagnostic::warning(
            "placeholder-mark",
            path,
            "U+FDD0 and U+FDD1 are not characters of any text: Soteria uses them for its own marks, and shows this one as �",
        )
        .at(locator.locate(body_offset + at, 1))
        .with_help("remove it (or the character reference `&#xFDD0;` that writes it)")
    }));
    // The events made from the parser's current one, handed to the HTML writer as it asks.
    let mut out_events = Pending::default();
    let mut has_raw_html = false;
    let mut has_table = false;
    let mut heading: Option<HeadingStart<'_>> = None;
    let mut heading_range = 0..0;
    let mut heading_events: Vec<Event<'_>> = Vec::new();
    let mut heading_text = String::new();
    let mut code: Option<(Option<String>, String)> = None;
    let mut open_links: Vec<bool> = Vec::new();

    let mut text_run: Vec<(CowStr<'_>, Range<usize>)> = Vec::new();
    let mut open_task_label = false;
    let locate_at = |offset: usize, len: usize| locator.locate(body_offset + offset, len);
    // An attribute of a heading: inside the heading's last `{…}` block.
    let locate_attribute = |range: &Range<usize>, written: &str| {
        let block = body
            .get(range.clone())
            .and_then(|text| text.rfind('{'))
            .map_or(range.start, |i| range.start + i);
        locate(&(block..range.end), written)
    };
    // The events are turned one by one into what the page shows, as the HTML writer takes them:
    // no copy of all a page's events is ever kept.
    let mut nesting = nesting::Nesting::default();
    let stream = std::iter::from_fn(|| loop {
        if let Some(event) = out_events.0.pop_front() {
            return Some(event);
        }
        let Some((event, range)) = events.next() else {
            if text_run.is_empty() {
                return None;
            }
            flush_text(
                &mut text_run,
                &mut out_events,
                &mut rendered.references,
                body,
                &locate_at,
            );
            continue;
        };
        let event = footnote_apart(event);
        nesting.note(&event, &range);
        if let Event::Text(text) = &event {
            if code.is_none() && heading.is_none() && open_links.is_empty() {
                text_run.push((text.clone(), range));
                continue;
            }
        }
        if !text_run.is_empty() {
            flush_text(
                &mut text_run,
                &mut out_events,
                &mut rendered.references,
                body,
                &locate_at,
            );
        }
        if let Some((_, buffer)) = code.as_mut() {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buffer) = code.take().unwrap_or_default();
                    out_events.push(Event::Html(
                        highlight::render_code_block(&buffer, lang.as_deref()).into(),
                    ));
                }
                _ => {}
            }
            continue;
        }
        // What a reader's browser would fetch by itself: images and raw HTML's resources.
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(host) = resources::third_party_host(dest_url) {
                    rendered.diagnostics.push(third_party(
                        path,
                        options.third_party_resources,
                        dest_url,
                        "image",
                        &host,
                        locate(&range, dest_url),
                    ));
                }
            }
            Event::End(TagEnd::HtmlBlock) | Event::InlineHtml(_) => {
                let fragment = body.get(range.clone()).unwrap_or_default();
                rendered.diagnostics.extend(third_parties_in_html(
                    path,
                    options.third_party_resources,
                    fragment,
                    |at, len| locate_at(range.start + at, len),
                ));
                if !options.unsafe_html {
                    rendered
                        .diagnostics
                        .extend(theme_names_in_html(path, fragment, |at, len| {
                            locate_at(range.start + at, len)
                        }));
                }
                // Sanitising removes them; kept as written, they would act on the whole page.
                if options.unsafe_html {
                    rendered
                        .diagnostics
                        .extend(page_wide_in_html(path, fragment, |at, len| {
                            locate_at(range.start + at, len)
                        }));
                }
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((level, id, classes, attrs));
                heading_range = range;
                heading_text.clear();
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, classes, attrs)) = heading.take() {
                    // Only what the allow-list keeps of the `{…}` block is written.
                    let checked = attributes::heading(
                        id.as_deref(),
                        classes.iter().map(|c| c.as_ref()),
                        attrs.iter().map(|(k, v)| (k.as_ref(), v.as_deref())),
                    );
                    let id = ids.assign(checked.id, &heading_text);
                    for dropped in &checked.dropped {
                        rendered.diagnostics.push(dropped_attribute(
                            path,
                            dropped,
                            &id,
                            locate_attribute(&heading_range, &dropped.written),
                        ));
                    }
                    let classes = checked
                        .classes
                        .iter()
                        .map(|c| CowStr::from(c.to_string()))
                        .collect();
                    rendered.headings.push(Heading {
                        level: level as u8,
                        id: id.clone(),
                        text: heading_text.trim().to_string(),
                    });
                    out_events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes,
                        attrs: Vec::new(),
                    }));
                    out_events.append(&mut heading_events);
                    out_events.push(Event::End(TagEnd::Heading(level)));
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(target) = dest_url.strip_prefix("@/") {
                    let (path, anchor) = match target.split_once('#') {
                        Some((p, a)) => (p.to_string(), Some(a.to_string())),
                        None => (target.to_string(), None),
                    };
                    let index = rendered.references.len();
                    rendered.references.push(Reference {
                        target: Target::Page { path, anchor },
                        location: locate(&range, &dest_url),
                    });
                    open_links.push(true);
                    let mut tag = format!("<a href=\"{}\"", placeholder(index));
                    if !title.is_empty() {
                        tag.push_str(" title=\"");
                        tag.push_str(&attributes::value(&title));
                        tag.push('"');
                    }
                    tag.push('>');
                    Event::InlineHtml(tag.into())
                } else if is_dangerous_url(&dest_url) {
                    rendered.diagnostics.push(
                        Diagnostic::warning(
                            "unsafe-link",
                            path,
                            "a link with a script URL was removed",
                        )
                        .at(locate(&range, &dest_url))
                        .with_help("link to a page (`@/section/page.md`) or an https:// address"),
                    );
                    open_links.push(false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: "#".into(),
                        title,
                        id,
                    })
                } else {
                    open_links.push(false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop() == Some(true) {
                    Event::InlineHtml("</a>".into())
                } else {
                    Event::End(TagEnd::Link)
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_dangerous_url(&dest_url) => Event::Start(Tag::Image {
                link_type,
                dest_url: "#".into(),
                title,
                id,
            }),
            Event::Start(Tag::Table(_)) => {
                has_table = true;
                // A wide table scrolls inside a region the keyboard can reach, named by the
                // heading above it.
                // (The page's title, `#page-title` in the theme, when no heading comes before.)
                let label = rendered
                    .headings
                    .last()
                    .map_or("page-title", |h| h.id.as_str());
                out_events.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{}\">",
                        attributes::value(label)
                    )
                    .into(),
                ));
                event
            }
            Event::End(TagEnd::Table) => {
                out_events.push(event);
                Event::Html("</div>\n".into())
            }
            // A task's checkbox is labelled by the task's text.
            Event::TaskListMarker(done) => {
                open_task_label = true;
                Event::InlineHtml(
                    if done {
                        "<label class=\"task\"><input type=\"checkbox\" disabled checked> "
                    } else {
                        "<label class=\"task\"><input type=\"checkbox\" disabled> "
                    }
                    .into(),
                )
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::Start(Tag::List(_))
                if open_task_label =>
            {
                open_task_label = false;
                out_events.push(Event::InlineHtml("</label>".into()));
                event
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                event
            }
            other => other,
        };
        if heading.is_some() {
            if let Event::Text(t) | Event::Code(t) = &event {
                heading_text.push_str(t);
            }
            heading_events.push(event);
        } else {
            out_events.push(event);
        }
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, stream);
    if has_table {
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
    if has_raw_html && !options.unsafe_html {
        match nesting.too_deep_at {
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
    rendered.html = html;
    rendered
}

/// Events waiting for the HTML writer: the few that one event of the parser becomes.
#[derive(Default)]
pub(super) struct Pending<'a>(std::collections::VecDeque<Event<'a>>);

impl<'a> Pending<'a> {
    /// Adds an event after the others.
    pub(super) fn push(&mut self, event: Event<'a>) {
        self.0.push_back(event);
    }

    /// Moves `events` after the others.
    fn append(&mut self, events: &mut Vec<Event<'a>>) {
        self.0.extend(events.drain(..));
    }
}

impl<'a> Extend<Event<'a>> for Pending<'a> {
    fn extend<I: IntoIterator<Item = Event<'a>>>(&mut self, events: I) {
        self.0.extend(events);
    }
}

/// A footnote's id, which pulldown-cmark makes of its label (`[^main]` → `id="main"`), given a
/// prefix of its own: a label cannot take the id of a part of the theme or of a heading.
fn footnote_apart(event: Event<'_>) -> Event<'_> {
    match event {
        Event::FootnoteReference(label) => Event::FootnoteReference(format!("fn-{label}").into()),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(format!("fn-{label}").into()))
        }
        other => other,
    }
}

/// The diagnostics for the resources on other hosts in a fragment of raw HTML; `locate` turns
/// a byte range of the fragment into a location.
fn third_parties_in_html(
    path: &Path,
    severity: Severity,
    fragment: &str,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    if !resources::may_name_another_host(fragment) {
        return Vec::new();
    }
    resources::on_other_hosts(fragment, resources::in_html(fragment))
        .into_iter()
        .map(|other| {
            // An address spelt with entities is reported at the fragment's start.
            let location = other
                .at
                .map_or_else(|| locate(0, 1), |at| locate(at.start, at.len()));
            let resources::ThirdParty { resource, host, .. } = other;
            third_party(
                path,
                severity,
                &resource.url,
                &resource.found_in,
                &host,
                location,
            )
        })
        .collect()
}

/// The warnings for classes and ids of the theme's own parts in a fragment of raw HTML, which
/// the sanitiser takes out.
fn theme_names_in_html(
    path: &Path,
    fragment: &str,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut cursor = 0;
    for (attribute, value) in resources::classes_and_ids(fragment) {
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

/// The errors for `<meta>` and `<base>` elements in a fragment of raw HTML kept as written:
/// they change the whole page (a refresh sends every reader elsewhere, a referrer policy undoes
/// the theme's), not the part of it the editor writes.
fn page_wide_in_html(
    path: &Path,
    fragment: &str,
    locate: impl Fn(usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let lower = fragment.to_ascii_lowercase();
    let mut cursor = 0;
    resources::page_wide_elements(fragment)
        .into_iter()
        .map(|name| {
            let tag = format!("<{name}");
            let at = lower.get(cursor..).and_then(|rest| rest.find(&tag)).map(|i| cursor + i);
            let location = match at {
                Some(at) => {
                    cursor = at + tag.len();
                    locate(at, tag.len())
                }
                None => locate(0, 1),
            };
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

/// The warning for an attribute of a heading that the allow-list dropped; `id` is the id the
/// heading got.
fn dropped_attribute(path: &Path, dropped: &Dropped, id: &str, at: Location) -> Diagnostic {
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

/// URLs that would run code when followed.
fn is_dangerous_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// Hands out heading ids: explicit `{#id}`s as given, others as the slug of the heading's text,
/// made unique with `-1`, `-2`, … in document order.
struct HeadingIds {
    used: HashSet<String>,
    /// For each slug given out, the last number tried after it: the next heading with that slug
    /// goes on from there instead of trying `-1`, `-2`, … again (20,000 headings alike took 42 s).
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// The ids given by `{#id}` in `body`'s headings are taken; looked for with a parser of
    /// their own only when a line has a `#` after a `{`, as an attribute block's id has.
    fn new(body: &str, options: Options) -> Self {
        let may_have_ids = body.lines().any(|line| {
            line.split_once('{')
                .is_some_and(|(_, after)| after.contains('#'))
        });
        let used = if may_have_ids {
            Parser::new_ext(body, options)
                .filter_map(|event| match event {
                    Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        } else {
            HashSet::new()
        };
        // A heading called "Main" must not take the id the skip link goes to.
        let mut used = used;
        used.extend(theme_names::theme_ids().map(str::to_string));
        HeadingIds {
            used,
            next: HashMap::new(),
        }
    }

    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            return id.to_string();
        }
        let base = slug::slugify(text);
        // Ids are only ever added, so the first free number is never below the last one taken.
        let n = self.next.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn md(body: &str) -> Rendered {
        render(Path::new("a.md"), body, 0, body, MarkdownOptions::default())
    }

    #[test]
    fn headings_get_unique_stable_ids() {
        let rendered = md("# Intro\n## Intro\n## Käytäntö `x`\n## Own {#mine}\n## Intro\n");
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "käytäntö-x", "mine", "intro-2"]);
        assert!(
            rendered.html.contains("<h2 id=\"mine\">Own</h2>"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.headings[2].text, "Käytäntö x");
    }

    #[test]
    fn extensions_are_on() {
        let html = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: A footnote.\n").html;
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("class=\"align-left\"") && !html.contains("style="),
            "{html}"
        );
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("<li><label class=\"task\"><input type=\"checkbox\" disabled checked> done</label></li>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        // Footnote ids are apart from the theme's and the headings' (`[^main]` is not `#main`).
        let html = md("See[^main].\n\n[^main]: The note.\n").html;
        assert!(html.contains(r##"href="#fn-main""##), "{html}");
        assert!(html.contains(r#"id="fn-main""#), "{html}");
        assert!(!html.contains(r#"id="main""#), "{html}");
    }

    #[test]
    fn tables_scroll_in_a_region_named_by_the_heading_above() {
        let html = md("## Who does what\n\n| a | b |\n|---|---|\n| 1 | 2 |\n").html;
        assert!(
            html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"who-does-what\"><table>"),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
    }

    #[test]
    fn internal_links_become_placeholders_with_locations() {
        let body = "Intro\n\nSee [referral](@/guidance/referral.md#steps) now.\n";
        let rendered = md(body);
        assert_eq!(rendered.references.len(), 1);
        let link = &rendered.references[0];
        let Target::Page { path, anchor } = &link.target else {
            panic!("{link:?}")
        };
        assert_eq!(path, "guidance/referral.md");
        assert_eq!(anchor.as_deref(), Some("steps"));
        assert_eq!((link.location.line, link.location.column), (3, 16));
        let filled = fill_placeholders(&rendered.html, |i| format!("/url-{i}/"));
        assert!(
            filled.contains("<a href=\"/url-0/\">referral</a>"),
            "{filled}"
        );
    }

    #[test]
    fn standard_references_become_placeholders_outside_code() {
        let body = "Meet [[std:5]] and [[std:trm/3|the third]].\n\n`[[std:9]]`\n\n```\n[[std:8]]\n```\n\nAlso\n[[std:1.2]]\n";
        let rendered = md(body);
        let found: Vec<_> = rendered
            .references
            .iter()
            .map(|r| match &r.target {
                Target::Standard(s) => (
                    s.framework.clone(),
                    s.number.clone(),
                    s.label.clone(),
                    r.location.line,
                    r.location.column,
                ),
                Target::Page { .. } => panic!("{r:?}"),
            })
            .collect();
        assert_eq!(
            found,
            [
                (None, "5".to_string(), None, 1, 6),
                (
                    Some("trm".to_string()),
                    "3".to_string(),
                    Some("the third".to_string()),
                    1,
                    20
                ),
                (None, "1.2".to_string(), None, 10, 1),
            ]
        );
        assert!(
            rendered.html.contains("<code>[[std:9]]</code>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("[[std:8]]"), "{}", rendered.html);
        assert!(rendered.html.contains(&placeholder(0)), "{}", rendered.html);
    }

    #[test]
    fn raw_html_is_sanitised_unless_allowed() {
        let body = "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n";
        let safe = md(body).html;
        assert!(
            !safe.contains("<script") && !safe.contains("onerror"),
            "{safe}"
        );
        let raw = render(
            Path::new("a.md"),
            body,
            0,
            body,
            MarkdownOptions {
                unsafe_html: true,
                ..MarkdownOptions::default()
            },
        );
        assert!(raw.html.contains("<script>"));
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped_with_a_warning() {
        let body = "# Title\n\n## Hello {autofocus tabindex=1 onfocus=alert(1) #ok .note}\n\nSetext {#a\"b .x onclick=go()}\n---\n";
        let rendered = md(body);
        let html = &rendered.html;
        assert!(
            html.contains("<h2 id=\"ok\" class=\"note\">Hello</h2>"),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"setext\" class=\"x\">Setext</h2>"),
            "{html}"
        );
        for attribute in ["onfocus", "onclick", "autofocus", "tabindex", "a&quot;b"] {
            assert!(!html.contains(attribute), "{attribute} in {html}");
        }
        let warnings: Vec<(usize, usize, &str)> = rendered
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_deref().unwrap();
                (at.line, at.column, d.message.as_str())
            })
            .collect();
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
        assert_eq!((warnings[0].0, warnings[0].1), (3, 11));
        assert!(warnings[0].2.contains("`autofocus`"), "{warnings:?}");
        assert_eq!((warnings[2].0, warnings[2].1), (3, 32));
        assert!(warnings[2].2.contains("`onfocus=alert(1)`"), "{warnings:?}");
        assert_eq!((warnings[3].0, warnings[3].1), (5, 9));
        assert!(warnings[3].2.contains("`#a\"b`"), "{warnings:?}");
        assert!(warnings[4].2.contains("`onclick=go()`"), "{warnings:?}");
    }

    /// Markdown without raw HTML is never sanitised, so everything the renderer writes for it
    /// must already be what the sanitiser would keep.
    #[test]
    fn markdown_without_raw_html_needs_no_sanitising() {
        let bodies = [
            "# A {#x .y key=v data-x=\"1\" onmouseover=alert(1)}\n",
            "## B {.a\"onfocus=alert(1)//}\n",
            "C {#c/onfocus=alert(1)//}\n===\n",
            "[t](https://e.org \"ti\\\"tle onmouseover=alert(1)\") ![a\"lt onerror=alert(1)](x.png \"t'\\\"\")\n",
            "[t](@/a.md \"ti\\\"tle onmouseover=x\")\n",
            "[j](javascript:alert(1)) [v](VBScript:x) ![d](data:text/html,x) <javascript:alert(1)>\n",
            "```js\"onmouseover=alert(1)\nx\n```\n\n```rust\nfn main() {}\n```\n",
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
            "x[^n\"onclick=alert(1)]\n\n[^n\"onclick=alert(1)]: note\n",
            "- [x] done\n- [ ] to do\n\n~~old~~ *em* **strong** `code`\n",
            "<https://e.org/a?b=\"c\"> https://e.org/x\n",
        ];
        for body in bodies {
            let html = md(body).html;
            let tags = tags(&html);
            assert_eq!(
                self::tags(&sanitize::sanitize(&html)),
                tags,
                "{body}: {html}"
            );
            let handlers = tags
                .iter()
                .flat_map(|(_, a)| a)
                .filter(|(k, _)| k.starts_with("on"));
            assert_eq!(handlers.count(), 0, "{body}: {html}");
        }
    }

    /// A start tag's name and its attributes, sorted.
    pub(super) type StartTag = (String, Vec<(String, String)>);

    /// The start tags of `html` with their attributes, as a browser reads them.
    pub(super) fn tags(html: &str) -> Vec<StartTag> {
        use html5ever::tokenizer::{
            BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
        };
        #[derive(Default)]
        struct Tags(std::cell::RefCell<Vec<StartTag>>);
        impl TokenSink for Tags {
            type Handle = ();
            fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
                if let Token::TagToken(tag) = token {
                    if tag.kind == TagKind::StartTag {
                        let mut attrs: Vec<(String, String)> = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        attrs.sort();
                        self.0.borrow_mut().push((tag.name.to_string(), attrs));
                    }
                }
                TokenSinkResult::Continue
            }
        }
        let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(html.into());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.0.into_inner()
    }

    #[test]
    fn resources_on_other_hosts_are_reported_where_they_are_written() {
        let body = "![a](https://img.example/a.png) ![b](b.png) [link](https://ok.example/)\n\n\
<div>\n<img alt=x\n  src=\"//cdn.example/x.png\">\n<p style=\"background: url(/local.png)\">x</p>\n</div>\n\n\
Text <span style=\"background:url('https://css.example/b.png')\">y</span> and <b>z</b>.\n";
        let rendered = md(body);
        let found: Vec<(usize, usize, Severity, &str)> = rendered
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_deref().unwrap();
                (at.line, at.column, d.severity, d.message.as_str())
            })
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!((found[0].0, found[0].1), (1, 6));
        assert!(found[0].3.contains("`img.example`"), "{found:?}");
        assert_eq!((found[1].0, found[1].1), (5, 8));
        assert!(found[1].3.contains("(<img src>)"), "{found:?}");
        assert_eq!((found[2].0, found[2].1), (9, 35));
        assert!(found[2].3.contains("style url()"), "{found:?}");
        assert!(found.iter().all(|f| f.2 == Severity::Warning));
        let strict = render(
            Path::new("a.md"),
            body,
            0,
            body,
            MarkdownOptions {
                third_party_resources: Severity::Error,
                ..MarkdownOptions::default()
            },
        );
        assert!(strict.diagnostics.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn script_urls_are_dropped_with_a_warning() {
        let rendered = md("[x](javascript:alert(1))\n");
        assert!(!rendered.html.contains("javascript"), "{}", rendered.html);
        assert_eq!(rendered.diagnostics.len(), 1);
    }
}
