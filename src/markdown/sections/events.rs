//! Sections taken down from the events handed to pulldown-cmark's HTML writer, as the HTML it
//! writes reads ([`super::html`]): its text, a break between words where it writes a block's
//! tag or a line break, footnotes' numbers as it numbers them, images' text only in their `alt`.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::{html, Builder, Sections};

/// Follows the events handed to the HTML writer and takes down the text its HTML shows.
#[derive(Debug, Default)]
pub(in crate::markdown) struct SectionReader {
    sections: Builder,
    /// Footnotes' numbers by label, given in the order the writer meets them.
    footnotes: HashMap<String, usize>,
    /// Inside an image's description (written into its `alt`), how deep its events nest.
    image_depth: Option<usize>,
}

impl SectionReader {
    /// Follows the next event handed to the HTML writer.
    pub(in crate::markdown) fn note(&mut self, event: &Event<'_>) {
        if let Some(depth) = self.image_depth.as_mut() {
            match event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => self.image_depth = None,
                Event::End(_) => *depth -= 1,
                Event::FootnoteReference(label) => {
                    self.footnote_number(label);
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Text(text) | Event::Code(text) => self.sections.text(text),
            Event::Html(html) | Event::InlineHtml(html) => html::scan(&mut self.sections, html),
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::TaskListMarker(_) => {
                self.sections.space();
            }
            Event::FootnoteReference(label) => {
                let number = self.footnote_number(label);
                self.sections.text(&number.to_string());
            }
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.sections.text(text),
        }
    }

    /// The sections taken down.
    pub(in crate::markdown) fn finish(self) -> Sections {
        self.sections.finish()
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id,
                ..
            } => self
                .sections
                .start_section(id.as_deref().unwrap_or_default()),
            Tag::Image { .. } => self.image_depth = Some(0),
            Tag::FootnoteDefinition(label) => {
                self.sections.space();
                let number = self.footnote_number(label);
                self.sections.text(&number.to_string());
            }
            // Written without white space or a block's tag.
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Table(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_) => {}
            // Blocks: a block's tag, or a line break after it.
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.sections.space(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(HeadingLevel::H2 | HeadingLevel::H3) => {
                self.sections.end_heading();
                self.sections.space();
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_) => {}
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.sections.space(),
        }
    }

    /// A footnote's number: the writer numbers footnotes in the order it meets their references
    /// and definitions.
    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }
}
