//! `soteria translate import`: a translator's file back into the page's translation.
//!
//! The translation is the original's Markdown with each translated segment's text in place of
//! the original's: its structure, code, links and references are the original's by
//! construction, and a translation that would change them is refused (nothing is written for
//! that page). Segments the file leaves untranslated or marks for review keep the original's
//! text, and the record in the front matter says so.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_yaml::{Mapping, Value};

use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Locator};
use crate::markdown::PARSER_OPTIONS;
use crate::translate::protect;
use crate::translate::record::{self, Record, Standing, Unreviewed};
use crate::translate::segments::{Kind, PageSegments, Segment};
use crate::translate::{Compared, Returned, ReturnedUnit};

/// A translation made from a translator's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Imported {
    /// Its path under `content/` (`guidance/referral.uk.md`).
    pub rel: String,
    /// Its text.
    pub text: String,
    /// How many segments are translated, marked for review, and untranslated.
    pub counts: [usize; 3],
    /// Warnings about the file (units that are no longer in the original).
    pub warnings: Vec<Diagnostic>,
    /// Whether the translation is new and translates nothing (then it is not written: the
    /// page's fallback to the original says so better than a copy would).
    pub empty: bool,
}

/// The site a file is imported into.
pub(crate) struct Site<'a> {
    /// Its Markdown files.
    pub sources: &'a [SourceFile],
    /// Its languages, the default first.
    pub languages: &'a [&'a str],
    /// Its own translatable fields.
    pub extra: &'a [String],
}

/// What to make of one segment.
enum Choice<'t> {
    /// Its translation, made from the original's text `from`; with the translator's newer,
    /// unconfirmed translation, if any.
    Translated {
        text: &'t str,
        from: &'t str,
        unreviewed: Option<Unreviewed>,
    },
    /// The original's text, with the translator's unconfirmed translation, if any.
    Original(Option<Unreviewed>),
}

/// The translation the translator's `returned` file (at `file`, whose text is `file_text`)
/// makes of its page, or the errors that keep it from being written.
pub(crate) fn apply(
    site: &Site<'_>,
    file: &Path,
    file_text: &str,
    returned: &Returned,
) -> Result<Imported, Vec<Diagnostic>> {
    let locator = Locator::new(file_text);
    let at_line = |line: usize| locator.line(line.max(1));
    let error = |line: usize, message: String, help: &str| {
        Diagnostic::error("translate-import", file, message)
            .at(at_line(line))
            .with_help(help.to_string())
    };
    let default = site.languages.first().copied().unwrap_or("en");
    let lang = returned.target_lang.as_str();
    if lang == default || !site.languages.contains(&lang) {
        return Err(vec![error(
            1,
            format!("the file's language is `{lang}`, which is not one of the site's translation languages ({})", site.languages.get(1..).unwrap_or_default().join(", ")),
            "export the file again with `soteria translate export --lang LANG`, LANG one of site.yaml's languages",
        )]);
    }
    let rel = returned
        .original
        .strip_prefix("content/")
        .unwrap_or(&returned.original);
    let original = site
        .sources
        .iter()
        .find(|source| source.id.rel == rel && source.id.lang == default);
    let Some(original) = original else {
        return Err(vec![error(
            1,
            format!(
                "the file translates `{}`, which is not a page of the site's default language",
                returned.original
            ),
            "translate a file exported from this site; if the page moved, export it again",
        )]);
    };
    let translation = site.sources.iter().find(|source| {
        source.id.lang == lang
            && source.id.key == original.id.key
            && source.id.is_section == original.id.is_section
    });
    let compared = Compared::new(original, translation, site.extra).map_err(|e| vec![e])?;

    let mut errors = Vec::new();
    let matched = match_units(&compared.segments.segments, &returned.units);
    let mut used = vec![false; returned.units.len()];
    for index in matched.iter().flatten() {
        used[*index] = true;
    }
    let mut choices = Vec::new();
    let segments = compared.segments.segments.iter().zip(&compared.standings);
    for ((segment, standing), found) in segments.zip(&matched) {
        let unit = found.and_then(|index| returned.units.get(index));
        let choice = match unit.and_then(|unit| Some((unit, unit.target.as_deref()?))) {
            Some((unit, target)) => {
                if segment.kind == Kind::Cell && has_bare_pipe(target) {
                    errors.push(error(unit.line, format!("the translation of `{}` has a `|`, which would end its table cell there and lose the rest", unit.id), "write `\\|` for a `|` in a table cell"));
                }
                let (missing, extra) = protect::compare(&unit.source, target);
                for part in &missing {
                    errors.push(error(unit.line, format!("the translation of `{}` lost {part}", unit.id), "keep every link target, `[[std:…]]` reference, code span and HTML of the source as it is (their labels are text to translate)"));
                }
                for part in &extra {
                    let message = if protect::protected(&unit.source).contains(part) {
                        format!(
                            "the translation of `{}` has {part} more often than its source",
                            unit.id
                        )
                    } else {
                        format!(
                            "the translation of `{}` has {part}, which its source does not have",
                            unit.id
                        )
                    };
                    errors.push(error(unit.line, message, "a translation keeps the source's links, references and code, and adds none (a reference to a standard must be one the original makes)"));
                }
                if unit.fuzzy {
                    // Unconfirmed: the page keeps what it shows (an earlier translation, or the
                    // original's text), and the record keeps the draft for the next export.
                    let draft = Unreviewed {
                        source: unit.source.clone(),
                        text: target.to_string(),
                    };
                    match kept(&compared, segment, standing) {
                        Choice::Translated { text, from, .. } => Choice::Translated {
                            text,
                            from,
                            unreviewed: Some(draft),
                        },
                        Choice::Original(_) => Choice::Original(Some(draft)),
                    }
                } else {
                    Choice::Translated {
                        text: target,
                        from: &unit.source,
                        unreviewed: None,
                    }
                }
            }
            None => kept(&compared, segment, standing),
        };
        choices.push(choice);
    }
    let left_out: Vec<&ReturnedUnit> = returned
        .units
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(unit, _)| unit)
        .collect();
    let mut warnings: Vec<Diagnostic> = left_out
        .iter()
        .take(MAX_LEFT_OUT)
        .map(|unit| {
            Diagnostic::warning(
                "translate-import",
                file,
                format!(
                    "`{}` is no longer a segment of `{}`: its translation was left out",
                    unit.id, returned.original
                ),
            )
            .at(at_line(unit.line))
            .with_help("export the page again to get its current segments")
        })
        .collect();
    if left_out.len() > MAX_LEFT_OUT {
        warnings.push(
            Diagnostic::warning(
                "translate-import",
                file,
                format!(
                    "{} more units are no segments of `{}`: their translations were left out too",
                    left_out.len() - MAX_LEFT_OUT,
                    returned.original
                ),
            )
            .with_help("export the page again: the file may be of another version of it"),
        );
    }
    let help = "write the translation of a paragraph, heading or cell as running text: a line may not start a list, quote, heading or table of its own (put a `\\` before such a first character)";
    let written = write(&compared, &choices).map_err(|failures| {
        failures
            .into_iter()
            .map(|(index, message)| {
                let line = matched
                    .get(index)
                    .copied()
                    .flatten()
                    .and_then(|i| returned.units.get(i))
                    .map_or(1, |unit| unit.line);
                error(line, message, help)
            })
            .collect::<Vec<_>>()
    });
    let text = match written {
        Ok(text) if errors.is_empty() => text,
        Ok(_) => return Err(errors),
        Err(structure) => {
            errors.extend(structure);
            errors.sort_by_key(|e| e.location.as_ref().map_or(0, |l| l.line));
            return Err(errors);
        }
    };
    let mut counts = [0; 3];
    for choice in &choices {
        let index = match choice {
            Choice::Translated {
                unreviewed: Some(_),
                ..
            } => 1,
            Choice::Translated { .. } => 0,
            Choice::Original(Some(_)) => 1,
            Choice::Original(None) => 2,
        };
        counts[index] += 1;
    }
    let rel = translation.map_or_else(
        || super::translation_rel(&original.id.rel, lang),
        |file| file.id.rel.clone(),
    );
    Ok(Imported {
        rel,
        text,
        empty: translation.is_none() && counts[0] + counts[1] == 0,
        counts,
        warnings,
    })
}

/// What a unit is looked up by, if by anything.
type UnitKey<'a> = &'a dyn Fn(&ReturnedUnit) -> Option<&str>;

/// The unit of the file for each segment, each unit used once: the one with the segment's id;
/// else one with its text (the segment moved since the file was exported); else one at its
/// path (a translation of an earlier or later text of it) whose text no segment has. Each rule
/// looks units up by its key, so a file of many units takes time in proportion to them.
fn match_units(segments: &[Segment], units: &[ReturnedUnit]) -> Vec<Option<usize>> {
    let mut used = vec![false; units.len()];
    let mut found: Vec<Option<usize>> = vec![None; segments.len()];
    let texts: HashSet<&str> = segments.iter().map(|s| s.source.as_str()).collect();
    let ids: Vec<String> = segments.iter().map(Segment::id).collect();
    let keys: [UnitKey<'_>; 3] = [
        &|unit| Some(unit.id.as_str()),
        &|unit| Some(unit.source.as_str()),
        &|unit| path_of(unit).filter(|_| !texts.contains(unit.source.as_str())),
    ];
    let wanted: [Vec<&str>; 3] = [
        ids.iter().map(String::as_str).collect(),
        segments.iter().map(|s| s.source.as_str()).collect(),
        segments.iter().map(|s| s.path.as_str()).collect(),
    ];
    for (key, want) in keys.iter().zip(wanted.iter()) {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, unit) in units.iter().enumerate().rev() {
            if let Some(k) = key(unit) {
                by_key.entry(k).or_default().push(i);
            }
        }
        for (i, slot) in found.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            let Some(candidates) = want.get(i).and_then(|w| by_key.get_mut(w)) else {
                continue;
            };
            while let Some(unit) = candidates.pop() {
                if !used[unit] {
                    used[unit] = true;
                    *slot = Some(unit);
                    break;
                }
            }
        }
    }
    found
}

/// Whether `text` has a `|` without a `\\` before it.
fn has_bare_pipe(text: &str) -> bool {
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '|' if !escaped => return true,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    false
}

/// The path part of a unit's id (`s2.p3` of `s2.p3-1a2b3c4d`).
fn path_of(unit: &ReturnedUnit) -> Option<&str> {
    unit.id.rsplit_once('-').map(|(path, _)| path)
}

/// What the page keeps of a segment the file does not translate: its current translation.
fn kept<'t>(
    compared: &'t Compared<'_>,
    segment: &'t Segment,
    standing: &'t Standing,
) -> Choice<'t> {
    match standing {
        Standing::Current { at } => match compared.translated(at) {
            Some(text) => Choice::Translated {
                text,
                from: &segment.source,
                unreviewed: None,
            },
            None => Choice::Original(None),
        },
        Standing::Outdated { at, previous } => match compared.translated(at) {
            Some(text) => Choice::Translated {
                text,
                from: previous.as_deref().unwrap_or(""),
                unreviewed: None,
            },
            None => Choice::Original(None),
        },
        Standing::Unreviewed {
            source,
            text,
            shown,
        } => {
            let draft = Some(Unreviewed {
                source: source.clone(),
                text: text.clone(),
            });
            let earlier = shown
                .as_ref()
                .and_then(|(at, from)| Some((compared.translated(at)?, from.as_str())));
            match earlier {
                Some((text, from)) => Choice::Translated {
                    text,
                    from,
                    unreviewed: draft,
                },
                None => Choice::Original(draft),
            }
        }
        Standing::Missing { .. } => Choice::Original(None),
    }
}

/// The translation's text: the original's, with the choices' texts in place and the record
/// in the front matter; or each segment whose text changes the page's structure (by its
/// index), with what it changes.
fn write(compared: &Compared<'_>, choices: &[Choice<'_>]) -> Result<String, Vec<(usize, String)>> {
    let original = compared.original;
    let split = crate::content::front_matter::split(&original.text)
        .map_err(|error| vec![(0, error.to_string())])?;
    let mut front = compared.original_front.clone();
    let mut record = Record::default();
    let mut texts: Vec<Option<&str>> = Vec::with_capacity(choices.len());
    for (segment, choice) in compared.segments.segments.iter().zip(choices) {
        let (text, unreviewed) = match choice {
            Choice::Translated {
                text,
                from,
                unreviewed,
            } => {
                record
                    .from
                    .insert(segment.path.clone(), (*from).to_string());
                (Some(*text), unreviewed)
            }
            Choice::Original(unreviewed) => (None, unreviewed),
        };
        if let Some(entry) = unreviewed {
            record
                .unreviewed
                .insert(segment.path.clone(), entry.clone());
        }
        if segment.kind == Kind::Field {
            if let Some(text) = text {
                // A field is one line (a title, a name): line breaks a translator typed are spaces.
                set_field(&mut front, &segment.path, &placed(text, segment));
            }
        }
        texts.push(text);
    }
    let body = Body {
        original,
        split: &split,
        segments: &compared.segments.segments,
        ids: crate::markdown::render_in(
            &original.path,
            &original.text,
            split.body_offset,
            split.body,
            crate::markdown::MarkdownOptions::default(),
            None,
        )
        .headings,
    };
    let (text, starts) = body.assemble(|index| texts.get(index).copied().flatten());
    if let Err(failure) = check_structure(split.body, &text, &starts) {
        return Err(body.culprits(&texts).unwrap_or_else(|| vec![failure]));
    }
    keep_own_fields(&mut front, &compared.translation_front, &compared.segments);
    front.insert(
        "source_hash".into(),
        super::source_hash(&original.text).into(),
    );
    front.insert(record::KEY.into(), record.to_yaml());
    let yaml =
        serde_yaml::to_string(&Value::Mapping(front)).map_err(|e| vec![(0, e.to_string())])?;
    Ok(format!("---\n{yaml}---\n{text}"))
}

/// A translation's body being written: the original's, and what goes in place of its
/// segments.
struct Body<'a> {
    original: &'a SourceFile,
    split: &'a crate::content::front_matter::Split<'a>,
    segments: &'a [Segment],
    /// The original's heading ids, in order.
    ids: Vec<crate::markdown::Heading>,
}

impl Body<'_> {
    /// The body with `text(index)` in place of each segment that has one; and where each
    /// segment starts in it, with its index.
    fn assemble<'t>(
        &self,
        text: impl Fn(usize) -> Option<&'t str>,
    ) -> (String, Vec<(usize, usize)>) {
        let all = &self.original.text;
        let mut body = String::with_capacity(self.split.body.len() * 3 / 2);
        let mut copied = self.split.body_offset;
        let mut starts = Vec::new();
        for (index, segment) in self.segments.iter().enumerate() {
            if segment.kind == Kind::Field {
                continue;
            }
            body.push_str(all.get(copied..segment.span.start).unwrap_or(""));
            starts.push((body.len(), index));
            let translated = text(index);
            match translated {
                Some(text) => body.push_str(&placed(text, segment)),
                None => body.push_str(all.get(segment.span.clone()).unwrap_or("")),
            }
            // A translated heading keeps the original's id, so that links to a section lead
            // to it in every language.
            let anchor = self
                .ids
                .get(segment.section.wrapping_sub(1))
                .filter(|_| segment.kind == Kind::Heading && !segment.has_id);
            if let (Some(id), Some(_)) = (anchor, translated) {
                body.push_str(" {#");
                body.push_str(&id.id);
                body.push('}');
            }
            copied = segment.span.end;
        }
        body.push_str(all.get(copied..).unwrap_or(""));
        (body, starts)
    }

    /// The segments whose translation alone changes the structure, each with what it changes
    /// (at most [`MAX_CULPRITS`] of them, trying at most [`MAX_TRIES`]); `None` when none does
    /// alone.
    fn culprits(&self, texts: &[Option<&str>]) -> Option<Vec<(usize, String)>> {
        let mut found = Vec::new();
        let tries = texts
            .iter()
            .enumerate()
            .filter(|(index, text)| {
                text.is_some()
                    && self
                        .segments
                        .get(*index)
                        .is_some_and(|s| s.kind != Kind::Field)
            })
            .take(MAX_TRIES);
        for (index, text) in tries {
            let (body, starts) = self.assemble(|i| if i == index { *text } else { None });
            if let Err(failure) = check_structure(self.split.body, &body, &starts) {
                found.push(failure);
                if found.len() == MAX_CULPRITS {
                    break;
                }
            }
        }
        Some(found).filter(|found| !found.is_empty())
    }
}

/// How many units that are no segments of the page one import names (the rest are counted).
const MAX_LEFT_OUT: usize = 20;

/// How many segments that change a page's structure one import names at most.
const MAX_CULPRITS: usize = 20;
/// How many translated segments an import tries alone to find them (each try parses the page).
const MAX_TRIES: usize = 400;

/// The fields that say the same in every language, taken from the original whatever the
/// translation said: what a page is about and where it stands.
const SHARED_FIELDS: &[&str] = &[
    "standards",
    "themes",
    "countries",
    "country",
    "number",
    "framework",
    "date",
    "updated",
    "weight",
    "evidence",
    "kind",
    "type",
    "template",
    "source_hash",
    record::KEY,
];

/// The translation's own values in `front` (the original's, with the segments' translations):
/// each field that is neither shared by all languages nor given to translators keeps what the
/// translation says (its `slug`, `draft`, a map of labels translated by hand), and fields only
/// the translation has stay.
fn keep_own_fields(front: &mut Mapping, own: &Mapping, segments: &PageSegments) {
    let exported = |key: &str| {
        segments.segments.iter().any(|segment| {
            segment.kind == Kind::Field && segment.path.split('.').next() == Some(key)
        })
    };
    for (key, value) in own {
        let Some(name) = key.as_str() else { continue };
        if SHARED_FIELDS.contains(&name) || exported(name) {
            continue;
        }
        front.insert(key.clone(), value.clone());
    }
    // A draft or a slug of the original is not the translation's unless it says so.
    for name in ["draft", "slug", "aliases"] {
        if !own.contains_key(name) {
            front.remove(name);
        }
    }
}

/// Sets the field at `path` (`title`, `substandards.2.title`, `audience.1`) of `front` to
/// `text`.
fn set_field(front: &mut Mapping, path: &str, text: &str) {
    let mut parts = path.split('.');
    let Some(key) = parts.next() else { return };
    match (parts.next(), parts.next()) {
        (None, _) => {
            front.insert(key.into(), text.into());
        }
        (Some(index), None) => {
            let item = index.parse::<usize>().ok().and_then(|i| {
                front
                    .get_mut(key)?
                    .as_sequence_mut()?
                    .get_mut(i.checked_sub(1)?)
            });
            if let Some(item) = item {
                *item = text.into();
            }
        }
        (Some(index), Some(field)) => {
            let item = index
                .parse::<usize>()
                .ok()
                .and_then(|i| {
                    front
                        .get_mut(key)?
                        .as_sequence_mut()?
                        .get_mut(i.checked_sub(1)?)
                })
                .and_then(Value::as_mapping_mut);
            if let Some(item) = item {
                item.insert(field.into(), text.into());
            }
        }
    }
}

/// A translation as it goes in the place of `segment`'s text: a heading's or a cell's on one
/// line, another's with each line after the first indented as the original's were.
fn placed(text: &str, segment: &Segment) -> String {
    let text = text.trim_matches(|c: char| c == '\n' || c == '\r');
    if segment.kind.one_line() {
        return text.replace("\r\n", " ").replace('\n', " ");
    }
    let mut placed = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            placed.push('\n');
            // The line's own prefix in the original (a lazy line has none), or the last one.
            let prefix = segment
                .continuation
                .get(i - 1)
                .or(segment.continuation.last());
            placed.push_str(prefix.map_or("", String::as_str));
        }
        placed.push_str(line);
    }
    placed
}

/// Checks that `translated` has the blocks of `original` (the same lists, quotes, headings,
/// tables, code and HTML, in the same order); `starts` are where each written segment starts
/// in `translated`, with its index, to name the segment that changes them.
fn check_structure(
    original: &str,
    translated: &str,
    starts: &[(usize, usize)],
) -> Result<(), (usize, String)> {
    let (before, after) = (blocks(original), blocks(translated));
    let Some(at) = (0..before.len().max(after.len()))
        .find(|&i| before.get(i).map(|b| &b.0) != after.get(i).map(|a| &a.0))
    else {
        return Ok(());
    };
    let offset = after
        .get(at)
        .map_or(translated.len(), |(_, range)| range.start);
    let index = starts
        .iter()
        .take_while(|(start, _)| *start <= offset)
        .last()
        .map_or(0, |(_, index)| *index);
    let describe = |block: Option<&(String, Range<usize>)>| {
        block.map_or("nothing more".to_string(), |(name, _)| name.clone())
    };
    Err((
        index,
        format!(
            "the translation changes the page's structure: where the original has {}, it has {}",
            describe(before.get(at)),
            describe(after.get(at))
        ),
    ))
}

/// The block structure of a Markdown body: each block's start and end, and the text of code
/// and HTML blocks, with where each is.
fn blocks(body: &str) -> Vec<(String, Range<usize>)> {
    let mut blocks = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, PARSER_OPTIONS).into_offset_iter() {
        let name = match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => {
                    in_code = true;
                    "the start of a code block".to_string()
                }
                Tag::Paragraph => "the start of a paragraph".to_string(),
                Tag::Heading { level, .. } => format!("the start of a heading ({level})"),
                Tag::BlockQuote(_) => "the start of a quote".to_string(),
                Tag::List(Some(n)) => format!("the start of a list numbered from {n}"),
                Tag::List(None) => "the start of a list".to_string(),
                Tag::Item => "the start of a list item".to_string(),
                Tag::Table(_) | Tag::TableHead | Tag::TableRow => "a table row".to_string(),
                Tag::TableCell => "a table cell".to_string(),
                Tag::FootnoteDefinition(label) => format!("the footnote `{label}`"),
                Tag::HtmlBlock => "an HTML block".to_string(),
                _ => continue,
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock => {
                    in_code = false;
                    "the end of a code block".to_string()
                }
                TagEnd::Paragraph => "the end of a paragraph".to_string(),
                TagEnd::Heading(_) => "the end of a heading".to_string(),
                TagEnd::BlockQuote(_) => "the end of a quote".to_string(),
                TagEnd::List(_) => "the end of a list".to_string(),
                TagEnd::Item => "the end of a list item".to_string(),
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => {
                    "the end of a table row".to_string()
                }
                TagEnd::TableCell => "the end of a table cell".to_string(),
                TagEnd::FootnoteDefinition => "the end of a footnote".to_string(),
                TagEnd::HtmlBlock => "the end of an HTML block".to_string(),
                _ => continue,
            },
            Event::Text(text) if in_code => format!("the code `{}`", text.trim_end()),
            Event::Html(html) => format!("the HTML `{}`", html.trim_end()),
            Event::Rule => "a horizontal rule".to_string(),
            Event::TaskListMarker(done) => {
                format!("a task box ({})", if done { "done" } else { "to do" })
            }
            _ => continue,
        };
        blocks.push((name, range));
    }
    blocks
}

#[cfg(test)]
mod tests;
