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

use crate::diagnostics::{Diagnostic, Locator};

/// A heading's start tag, held back until its text (and so its id) is known.
type HeadingStart<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
);

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Keep raw HTML as written instead of sanitising it.
    pub unsafe_html: bool,
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
        let found = body[range.clone()]
            .find(needle)
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
    // The events made from the parser's current one, handed to the HTML writer as it asks.
    let mut out_events = Pending::default();
    let mut has_raw_html = false;
    let mut has_table = false;
    let mut heading: Option<HeadingStart<'_>> = None;
    let mut heading_events: Vec<Event<'_>> = Vec::new();
    let mut heading_text = String::new();
    let mut code: Option<(Option<String>, String)> = None;
    let mut open_links: Vec<bool> = Vec::new();

    let mut text_run: Vec<(CowStr<'_>, Range<usize>)> = Vec::new();
    let mut open_task_label = false;
    let locate_at = |offset: usize, len: usize| locator.locate(body_offset + offset, len);
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
                heading_text.clear();
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, classes, attrs)) = heading.take() {
                    let id = ids.assign(id.as_deref(), &heading_text);
                    rendered.headings.push(Heading {
                        level: level as u8,
                        id: id.clone(),
                        text: heading_text.trim().to_string(),
                    });
                    out_events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes,
                        attrs,
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
                        let _ = pulldown_cmark_escape::escape_html(&mut tag, &title);
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
                        escape_attribute(label)
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

/// Text for a double-quoted attribute value.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
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
mod tests {
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
            MarkdownOptions { unsafe_html: true },
        );
        assert!(raw.html.contains("<script>"));
    }

    #[test]
    fn script_urls_are_dropped_with_a_warning() {
        let rendered = md("[x](javascript:alert(1))\n");
        assert!(!rendered.html.contains("javascript"), "{}", rendered.html);
        assert_eq!(rendered.diagnostics.len(), 1);
    }
}
