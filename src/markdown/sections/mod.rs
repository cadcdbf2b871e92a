//! A page's sections, for search: the text before its first `h2` or `h3` heading, then each such
//! heading (its id and text) with the text up to the next, as plain text with white space
//! collapsed: the text a reader sees, without markup.
//!
//! The rewriter takes them down from the events it hands to the HTML writer ([`events`]); a page
//! with raw HTML has them read from its HTML once written ([`html`]), as only the sanitiser's
//! parser knows what text raw HTML leaves. References stand in them as placeholders, which
//! [`Sections::fill`] fills with the text of the links that fill the page's HTML.

#![cfg_attr(not(test), warn(clippy::string_slice, clippy::indexing_slicing))]

pub(super) mod events;
pub(super) mod html;

use super::references::{split_placeholders, Piece, PLACEHOLDER_START};

/// A page's sections: each one's id, heading and text, kept in one string. There is always a
/// first, the text before the first heading (empty for an empty page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Sections {
    /// Every section's id, heading and text, one after another.
    text: String,
    /// Where each section's id, heading and text end in `text`.
    ends: Vec<[usize; 3]>,
}

/// One section of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Section<'a> {
    /// The heading's id (empty for the text before the first heading, or a heading without).
    pub id: &'a str,
    /// The heading's text (empty for the text before the first heading).
    pub heading: &'a str,
    /// The text up to the next heading.
    pub text: &'a str,
}

impl Default for Sections {
    /// The sections of an empty page: one, empty.
    fn default() -> Self {
        Sections {
            text: String::new(),
            ends: vec![[0; 3]],
        }
    }
}

impl Sections {
    /// The sections in order; the first is the text before the first heading.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Section<'_>> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&[id, heading, text]| {
            let part = |from: usize, to: usize| self.text.get(from..to).unwrap_or_default();
            let section = Section {
                id: part(start, id),
                heading: part(id, heading),
                text: part(heading, text),
            };
            start = text;
            section
        })
    }

    /// Whether a reference stands in the sections as a placeholder.
    pub(crate) fn has_placeholders(&self) -> bool {
        self.text.contains(PLACEHOLDER_START)
    }

    /// The sections with each placeholder replaced by the text of the HTML `fill` gives for its
    /// index (what fills the page's HTML), white space collapsed again: the sections of the
    /// filled HTML.
    pub(crate) fn fill(&self, mut fill: impl FnMut(usize) -> String) -> Sections {
        let mut filled = Builder::default();
        for (i, section) in self.iter().enumerate() {
            if i > 0 {
                // An id is an attribute's value: a placeholder there is filled as in the HTML.
                filled.start_section(&super::fill_placeholders(section.id, &mut fill));
                filled.filled_text(section.heading, &mut fill);
                filled.end_heading();
            }
            filled.filled_text(section.text, &mut fill);
        }
        filled.finish()
    }
}

/// Sections taken down piece by piece: text, breaks between words, headings' starts and ends.
/// Each heading's and text's white space is collapsed as it is taken in: every run of white
/// space (as `char::is_whitespace` has it) is one space, and there is none at either end, as
/// `split_whitespace` and `join(" ")` would make of the pieces put together.
#[derive(Debug)]
pub(super) struct Builder {
    sections: Sections,
    /// Where the current section's id ends in the text.
    id_end: usize,
    /// Where its heading ends, once it has ended.
    heading_end: usize,
    /// Whether text goes to the heading.
    in_heading: bool,
    /// Where the heading or text being taken in starts.
    part_start: usize,
    /// Whether white space came after the last word taken in.
    space: bool,
}

impl Default for Builder {
    /// A builder in the text before the first heading.
    fn default() -> Self {
        Builder {
            sections: Sections {
                text: String::new(),
                ends: Vec::new(),
            },
            id_end: 0,
            heading_end: 0,
            in_heading: false,
            part_start: 0,
            space: false,
        }
    }
}

impl Builder {
    /// Takes in text, to the heading or the text of the current section.
    pub(super) fn text(&mut self, piece: &str) {
        let text = &mut self.sections.text;
        for (i, word) in piece.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && text.len() > self.part_start {
                text.push(' ');
            }
            self.space = false;
            text.push_str(word);
        }
    }

    /// Takes in `text` with each placeholder replaced by the text of the HTML `fill` gives.
    fn filled_text(&mut self, text: &str, fill: &mut impl FnMut(usize) -> String) {
        split_placeholders(text, |piece| match piece {
            Piece::Text(text) => self.text(text),
            Piece::Placeholder(index) => html::scan(self, &fill(index)),
        });
    }

    /// Takes in a break between words.
    pub(super) fn space(&mut self) {
        self.space = true;
    }

    /// Starts a section at a heading whose id is `id`: text goes to its heading from now on.
    pub(super) fn start_section(&mut self, id: &str) {
        self.close_section();
        self.sections.text.push_str(id);
        self.id_end = self.sections.text.len();
        self.in_heading = true;
        self.part_start = self.id_end;
        self.space = false;
    }

    /// Ends the current section's heading: text goes to its text from now on.
    pub(super) fn end_heading(&mut self) {
        if self.in_heading {
            self.in_heading = false;
            self.heading_end = self.sections.text.len();
            self.part_start = self.heading_end;
            self.space = false;
        }
    }

    fn close_section(&mut self) {
        let end = self.sections.text.len();
        let heading_end = if self.in_heading {
            end
        } else {
            self.heading_end
        };
        self.sections.ends.push([self.id_end, heading_end, end]);
        self.id_end = end;
        self.heading_end = end;
    }

    /// The sections taken in, in allocations of their own length (they are kept until the
    /// search index is made).
    pub(super) fn finish(mut self) -> Sections {
        self.close_section();
        Sections {
            text: super::exact(self.sections.text),
            ends: self.sections.ends.as_slice().to_vec(),
        }
    }
}

#[cfg(test)]
mod tests;
