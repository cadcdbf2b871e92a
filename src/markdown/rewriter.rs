//! The rewriter: turns the parser's events, one at a time, into the events the HTML writer takes,
//! a method per construct (heading, code block, link, image, table, task, raw HTML, references),
//! and gathers what the page's [`Rendered`] lists on the way.
//!
//! The events are taken as the parser makes them, not gathered first: a table of small cells is
//! more than a hundred bytes of events for each byte of Markdown, and no copy of all a page's
//! events is ever kept.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::checks::{
    dropped_attribute, page_wide_in_html, reference_not_here, script_urls_in_html,
    theme_names_in_html, third_parties_in_html,
};
use super::headings::HeadingIds;
use super::nesting::Nesting;
use super::other_language::BlockMarks;
use super::references::{self, placeholder, LinkForm, Reference, Target};
use super::sections::events::SectionReader;
use super::{highlight, Heading, MarkdownOptions, Rendered};
use crate::diagnostics::{Diagnostic, Location, Locator};
use crate::security::attributes;
use crate::security::html::escape_html;
use crate::security::resources::{self, third_party};
use crate::security::urls::is_script_url;

/// A heading's start tag, held back until its text (and so its id) is known.
type HeadingStart<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
);

/// A heading being read: its start tag, where it is, its events and its text so far.
struct OpenHeading<'a> {
    start: HeadingStart<'a>,
    range: Range<usize>,
    events: Vec<Event<'a>>,
    text: String,
    /// Its plain text only (no code spans): where a `[[std:…]]` written in it would show.
    plain: String,
}

/// One page's rendering under way: where the page is, what has been found so far, and the
/// constructs still open.
pub(super) struct Rewriter<'a> {
    path: &'a Path,
    /// The Markdown (placeholder marks cleared), at byte `body_offset` of the file.
    body: &'a str,
    body_offset: usize,
    pub(super) options: MarkdownOptions<'a>,
    /// One locator for the page: references are located in the order they are met, in time
    /// proportional to the page however many there are.
    locator: &'a Locator<'a>,
    ids: HeadingIds,
    /// What has been found so far; its `html` is written by the caller.
    pub(super) rendered: Rendered,
    /// The events made from the parser's current one, handed to the HTML writer as it asks.
    out: Pending<'a>,
    /// Whether the page has raw HTML, and so needs sanitising.
    pub(super) has_raw_html: bool,
    /// Whether the page has a table, whose alignment styles become classes.
    pub(super) has_table: bool,
    heading: Option<OpenHeading<'a>>,
    /// A code block's language and text so far.
    code: Option<(Option<String>, String)>,
    /// For each link open, whether it is an `@/` link written as raw HTML.
    open_links: Vec<bool>,
    /// The plain text of the open link so far.
    link_text: String,
    /// Text events in a row, joined before `[[std:…]]` references are looked for in them.
    text_run: Vec<(CowStr<'a>, Range<usize>)>,
    /// Whether a task's `<label>` is open.
    open_task_label: bool,
    /// Inside an image's description, how deep its events nest: the HTML writer writes its text
    /// into the `alt` attribute, where a link cannot stand.
    image_depth: Option<usize>,
    /// How deep the page's elements nest.
    pub(super) nesting: Nesting,
    /// The page's sections, taken down from the events as the HTML writer takes them.
    pub(super) sections: SectionReader,
    /// The blocks that show text in another language than the page's, to mark.
    pub(super) other_language: Option<BlockMarks>,
}

impl<'a> Rewriter<'a> {
    /// A rewriter for `body`, the Markdown of the file at `path` from byte `body_offset` on.
    pub(super) fn new(
        path: &'a Path,
        body: &'a str,
        body_offset: usize,
        options: MarkdownOptions<'a>,
        locator: &'a Locator<'a>,
        ids: HeadingIds,
    ) -> Self {
        Rewriter {
            path,
            body,
            body_offset,
            options,
            locator,
            ids,
            rendered: Rendered::default(),
            out: Pending::default(),
            has_raw_html: false,
            has_table: false,
            heading: None,
            code: None,
            open_links: Vec::new(),
            link_text: String::new(),
            text_run: Vec::new(),
            open_task_label: false,
            image_depth: None,
            nesting: Nesting::default(),
            sections: SectionReader::default(),
            other_language: None,
        }
    }

    /// The next event for the HTML writer, taking as many of `parser`'s as it needs.
    pub(super) fn next_event(
        &mut self,
        parser: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.out.0.pop_front() {
                self.sections.note(&event);
                return Some(event);
            }
            match parser.next() {
                Some((event, range)) => self.take(event, range),
                None if self.text_run.is_empty() => return None,
                None => self.flush_text(),
            }
        }
    }

    /// Takes one event of the parser, found at `range` of the Markdown.
    fn take(&mut self, event: Event<'a>, range: Range<usize>) {
        let event = footnote_apart(event);
        self.nesting.note(&event, &range);
        self.follow_image(&event);
        if let Event::Text(text) = &event {
            self.note_plain_text(text);
            if self.code.is_none()
                && self.heading.is_none()
                && self.open_links.is_empty()
                && self.image_depth.is_none()
            {
                self.text_run.push((text.clone(), range));
                return;
            }
        }
        if !self.text_run.is_empty() {
            self.flush_text();
        }
        if self.code.is_some() {
            self.code_block_event(event);
            return;
        }
        self.check_resources(&event, &range);
        let start = range.start;
        if let Some(mut event) = self.rewrite(event, range) {
            if let Some(marks) = self.other_language.as_mut() {
                event = marks.mark(event, start);
            }
            self.emit(event);
        }
    }

    /// What one event becomes, or `None` when it is held back (or written by a method itself).
    fn rewrite(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.start_code_block(kind);
                None
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(OpenHeading {
                    start: (level, id, classes, attrs),
                    range,
                    events: Vec::new(),
                    text: String::new(),
                    plain: String::new(),
                });
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading();
                None
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Some(self.start_link(link_type, dest_url, title, id, &range)),
            Event::End(TagEnd::Link) => {
                if references::has_reference(&std::mem::take(&mut self.link_text)) {
                    let at = self.locate(&range, "[[std:");
                    let problem = reference_not_here(self.path, "a link's text", at);
                    self.rendered.diagnostics.push(problem);
                }
                Some(self.end_link())
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_script_url(&dest_url) => {
                let at = self.locate(&range, &dest_url);
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        "unsafe-link",
                        self.path,
                        "an image with a script or `data:` address was removed",
                    )
                    .at(at)
                    .with_help("save the image as a file next to the page and write its name: `![what it shows](picture.png)`"),
                );
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: "#".into(),
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Table(_)) => Some(self.start_table(event)),
            Event::End(TagEnd::Table) => {
                self.out.push(event);
                Some(Event::Html("</div>\n".into()))
            }
            Event::TaskListMarker(done) => Some(self.task_marker(done)),
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::Start(Tag::List(_))
                if self.open_task_label =>
            {
                self.open_task_label = false;
                self.out.push(Event::InlineHtml("</label>".into()));
                Some(event)
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.has_raw_html = true;
                Some(event)
            }
            other => Some(other),
        }
    }

    /// Follows whether `event` is inside an image's description.
    fn follow_image(&mut self, event: &Event<'a>) {
        match (self.image_depth.as_mut(), event) {
            (None, Event::Start(Tag::Image { .. })) => self.image_depth = Some(0),
            (Some(depth), Event::Start(_)) => *depth += 1,
            (Some(0), Event::End(_)) => self.image_depth = None,
            (Some(depth), Event::End(_)) => *depth -= 1,
            _ => {}
        }
    }

    /// Keeps plain text where references are not looked for (a heading, a link's text), to
    /// tell an editor who writes one there.
    fn note_plain_text(&mut self, text: &str) {
        if self.code.is_some() {
            return;
        }
        if let Some(heading) = self.heading.as_mut() {
            heading.plain.push_str(text);
        }
        if !self.open_links.is_empty() {
            self.link_text.push_str(text);
        }
    }

    /// Hands `event` on: to the heading being read, else to the HTML writer.
    fn emit(&mut self, event: Event<'a>) {
        match self.heading.as_mut() {
            Some(heading) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    heading.text.push_str(t);
                }
                heading.events.push(event);
            }
            None => self.out.push(event),
        }
    }

    /// Hands on the text run, its `[[std:…]]` references turned into placeholders.
    fn flush_text(&mut self) {
        let (locator, body_offset) = (self.locator, self.body_offset);
        references::flush_text(
            &mut self.text_run,
            &mut self.out,
            &mut self.rendered.references,
            self.body,
            &|offset, len| locator.locate(body_offset + offset, len),
        );
    }

    /// The location of `needle` inside `range` of the Markdown (of the whole range when it is
    /// not there).
    fn locate(&self, range: &Range<usize>, needle: &str) -> Location {
        let found = self
            .body
            .get(range.clone())
            .and_then(|text| text.find(needle))
            .map_or(range.start, |i| range.start + i);
        let len = if needle.is_empty() {
            range.len()
        } else {
            needle.len()
        };
        self.locate_at(found, len)
    }

    /// The location of `len` bytes at byte `offset` of the Markdown.
    fn locate_at(&self, offset: usize, len: usize) -> Location {
        self.locator.locate(self.body_offset + offset, len)
    }

    /// The location of an attribute of a heading: inside the heading's last `{…}` block.
    fn locate_attribute(&self, range: &Range<usize>, written: &str) -> Location {
        let block = self
            .body
            .get(range.clone())
            .and_then(|text| text.rfind('{'))
            .map_or(range.start, |i| range.start + i);
        self.locate(&(block..range.end), written)
    }

    /// Starts a code block, whose text is gathered until it ends.
    fn start_code_block(&mut self, kind: CodeBlockKind<'a>) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        self.code = Some((lang, String::new()));
    }

    /// Takes an event inside a code block: its text, or its end, where it is highlighted.
    fn code_block_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, buffer)) = self.code.as_mut() {
                    buffer.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, buffer) = self.code.take().unwrap_or_default();
                self.out.push(Event::Html(
                    highlight::render_code_block(&buffer, lang.as_deref()).into(),
                ));
            }
            _ => {}
        }
    }

    /// Reports what a reader's browser would fetch by itself from another host: images, and raw
    /// HTML's resources; and in raw HTML, the theme's own names and page-wide elements.
    fn check_resources(&mut self, event: &Event<'a>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(host) = resources::third_party_host(dest_url) {
                    let at = self.locate(range, dest_url);
                    self.rendered.diagnostics.push(third_party(
                        self.path,
                        self.options.third_party_resources,
                        dest_url,
                        "image",
                        &host,
                        at,
                    ));
                }
            }
            Event::End(TagEnd::HtmlBlock) | Event::InlineHtml(_) => self.check_raw_html(range),
            _ => {}
        }
    }

    /// Checks the raw HTML at `range` of the Markdown.
    fn check_raw_html(&mut self, range: &Range<usize>) {
        let fragment = self.body.get(range.clone()).unwrap_or_default();
        let locate = |at: usize, len: usize| self.locate_at(range.start + at, len);
        let read = resources::read_fragment(fragment);
        let severity = self.options.third_party_resources;
        let mut found =
            third_parties_in_html(self.path, severity, fragment, read.resources, locate);
        if self.options.unsafe_html {
            // Sanitising removes them; kept as written, they would act on the whole page.
            found.extend(page_wide_in_html(
                self.path,
                fragment,
                read.page_wide,
                locate,
            ));
        } else {
            found.extend(theme_names_in_html(self.path, fragment, read.names, locate));
            found.extend(script_urls_in_html(
                self.path,
                fragment,
                read.script_urls,
                locate,
            ));
        }
        self.rendered.diagnostics.extend(found);
    }

    /// Ends a heading: gives it its id, checks its attributes, and hands on its events.
    fn end_heading(&mut self) {
        let Some(OpenHeading {
            start: (level, id, classes, attrs),
            range,
            mut events,
            text,
            plain,
        }) = self.heading.take()
        else {
            return;
        };
        if references::has_reference(&plain) {
            let at = self.locate(&range, "[[std:");
            let problem = reference_not_here(self.path, "a heading", at);
            self.rendered.diagnostics.push(problem);
        }
        // Only what the allow-list keeps of the `{…}` block is written.
        let checked = attributes::heading(
            id.as_deref(),
            classes.iter().map(|c| c.as_ref()),
            attrs.iter().map(|(k, v)| (k.as_ref(), v.as_deref())),
        );
        let id = self.ids.assign(checked.id, &text);
        for dropped in &checked.dropped {
            let at = self.locate_attribute(&range, &dropped.written);
            self.rendered
                .diagnostics
                .push(dropped_attribute(self.path, dropped, &id, at));
        }
        let classes = checked
            .classes
            .iter()
            .map(|c| CowStr::from(c.to_string()))
            .collect();
        self.rendered.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text: text.trim().to_string(),
        });
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs: self
                .other_language
                .as_ref()
                .map(|marks| marks.heading_attributes(range.start))
                .unwrap_or_default(),
        }));
        self.out.extend(events.drain(..));
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    /// Starts a link: a link to a page of the site (`@/`, a relative `.md` path or a site path,
    /// see [`LinkForm::of`]) becomes a placeholder for its target's URL (but in an image's
    /// description, which keeps only its text), a link that would run code goes nowhere.
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: &Range<usize>,
    ) -> Event<'a> {
        let internal = LinkForm::of(&dest_url).filter(|_| self.image_depth.is_none());
        if let Some((form, target)) = internal {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (target.to_string(), None),
            };
            let index = self.rendered.references.len();
            let location = self.locate(range, &dest_url);
            self.rendered.references.push(Reference {
                target: Target::Page { path, anchor, form },
                location,
            });
            self.open_links.push(true);
            let mut tag = format!("<a href=\"{}\"", placeholder(index));
            if !title.is_empty() {
                tag.push_str(" title=\"");
                tag.push_str(&escape_html(&title));
                tag.push('"');
            }
            tag.push('>');
            return Event::InlineHtml(tag.into());
        }
        self.open_links.push(false);
        let dest_url = if is_script_url(&dest_url) {
            let at = self.locate(range, &dest_url);
            self.rendered.diagnostics.push(
                Diagnostic::warning(
                    "unsafe-link",
                    self.path,
                    "a link with a script URL was removed",
                )
                .at(at)
                .with_help("link to a page (`@/section/page.md`) or an https:// address"),
            );
            "#".into()
        } else {
            dest_url
        };
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
    }

    /// Ends a link, as it was started.
    fn end_link(&mut self) -> Event<'a> {
        if self.open_links.pop() == Some(true) {
            Event::InlineHtml("</a>".into())
        } else {
            Event::End(TagEnd::Link)
        }
    }

    /// Starts a table: a wide table scrolls inside a region the keyboard can reach, named by the
    /// heading above it (the page's title, `#page-title` in the theme, when no heading comes
    /// before).
    fn start_table(&mut self, event: Event<'a>) -> Event<'a> {
        self.has_table = true;
        let label = self
            .rendered
            .headings
            .last()
            .map_or("page-title", |h| h.id.as_str());
        self.out.push(Event::Html(
            format!(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{}\">",
                escape_html(label)
            )
            .into(),
        ));
        event
    }

    /// A task's checkbox, labelled by the task's text.
    fn task_marker(&mut self, done: bool) -> Event<'a> {
        self.open_task_label = true;
        Event::InlineHtml(
            if done {
                "<label class=\"task\"><input type=\"checkbox\" disabled checked> "
            } else {
                "<label class=\"task\"><input type=\"checkbox\" disabled> "
            }
            .into(),
        )
    }
}

/// Events waiting for the HTML writer: the few that one event of the parser becomes.
#[derive(Default)]
pub(super) struct Pending<'a>(VecDeque<Event<'a>>);

impl<'a> Pending<'a> {
    /// Adds an event after the others.
    pub(super) fn push(&mut self, event: Event<'a>) {
        self.0.push_back(event);
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
