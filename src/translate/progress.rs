//! How far each page's translation into a language is, segment by segment: what `soteria
//! status` shows translators and editors.

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::SourceFile;
use crate::markdown::PARSER_OPTIONS;
use crate::translate::record::Standing;
use crate::translate::Compared;

/// One page's translation into one language, segment by segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageProgress {
    /// The original, under `content/` (`guidance/referral.md`).
    pub original: String,
    /// Its translation's file under `content/`, whether it exists or not.
    pub translation: String,
    /// Whether the translation's file exists.
    pub exists: bool,
    /// How many segments the original has.
    pub segments: usize,
    /// Segments translated from the original's current text.
    pub translated: usize,
    /// Segments translated from an earlier text, or whose translation awaits review.
    pub outdated: usize,
    /// Segments not translated.
    pub missing: usize,
    /// Words of the original in the outdated and missing segments.
    pub words: usize,
    /// The sections with outdated segments, when the original changed since it was
    /// translated.
    pub changed_sections: Vec<ChangedSection>,
}

/// A section of an original that changed since it was translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedSection {
    /// Its number: 0 for the introduction (the part before the first heading, and the front
    /// matter), then one per heading.
    pub section: usize,
    /// Its heading; `None` for the introduction.
    pub heading: Option<String>,
}

/// The progress of every page of the default language (drafts left out) into `lang`, in the
/// files' order. Files whose front matter cannot be read are left out (`status` lists their
/// errors first).
pub fn of_language(
    sources: &[SourceFile],
    default: &str,
    lang: &str,
    extra: &[String],
) -> Vec<PageProgress> {
    super::pairs(sources, default, lang)
        .par_iter()
        .filter_map(|&(original, translation)| {
            let compared = Compared::new(original, translation, extra).ok()?;
            if compared.is_draft() {
                return None;
            }
            Some(progress(&compared, lang))
        })
        .collect()
}

fn progress(compared: &Compared<'_>, lang: &str) -> PageProgress {
    let mut page = PageProgress {
        original: compared.original.id.rel.clone(),
        translation: compared.translation.map_or_else(
            || super::translation_rel(&compared.original.id.rel, lang),
            |file| file.id.rel.clone(),
        ),
        exists: compared.translation.is_some(),
        segments: compared.segments.segments.len(),
        ..PageProgress::default()
    };
    let mut sections: Vec<usize> = Vec::new();
    // A translation made by hand of the original as it is (or that cannot tell) counts as
    // translated, as the page does; `translate export` still offers for review what does
    // not line up with the original.
    let trusted = !compared.has_record && compared.unchanged;
    for (segment, standing) in compared.segments.segments.iter().zip(&compared.standings) {
        match standing {
            Standing::Current { .. } => {
                page.translated += 1;
                continue;
            }
            Standing::Outdated { previous: None, .. } if trusted => {
                page.translated += 1;
                continue;
            }
            Standing::Outdated { .. } | Standing::Unreviewed { .. } => {
                page.outdated += 1;
                sections.push(segment.section);
            }
            Standing::Missing { new } => {
                page.missing += 1;
                if *new && page.exists {
                    sections.push(segment.section);
                }
            }
        }
        page.words += words(&segment.source);
    }
    sections.dedup();
    if compared.unchanged {
        // Nothing changed in the original: what is left was never translated, or awaits review.
        sections.clear();
    }
    page.changed_sections = sections
        .into_iter()
        .map(|section| ChangedSection {
            section,
            heading: compared
                .segments
                .headings
                .iter()
                .find(|heading| heading.section == section && section > 0)
                .map(|heading| heading.text.clone()),
        })
        .collect();
    page
}

/// The words of a segment's text: its markup, link targets, references' targets and footnote
/// marks left out.
fn words(markdown: &str) -> usize {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, PARSER_OPTIONS) {
        match event {
            Event::Text(part) => text.push_str(&part),
            _ => text.push(' '),
        }
    }
    let mut count = 0;
    let mut rest = text.as_str();
    while let Some(start) = rest.find('[') {
        count += rest.get(..start).unwrap_or("").unicode_words().count();
        let after = rest.get(start..).unwrap_or("");
        let reference = after.strip_prefix("[[").and_then(|inner| {
            let end = inner.find("]]")?;
            Some((end, inner.get(..end)?))
        });
        let footnote = after.strip_prefix("[^").and_then(|inner| inner.find(']'));
        let (skipped, label) = match (reference, footnote) {
            // `[[std:5|label]]`: only the label is words.
            (Some((end, inner)), _) => (end + 4, inner.split_once('|').map_or("", |(_, l)| l)),
            (None, Some(end)) => (end + 3, ""),
            (None, None) => (1, ""),
        };
        count += label.unicode_words().count();
        rest = after.get(skipped.min(after.len())..).unwrap_or("");
    }
    count + rest.unicode_words().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceId;

    fn source(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            path: format!("content/{rel}").into(),
            id: SourceId::from_rel(rel, &["en", "uk"]),
            text: text.to_string(),
        }
    }

    #[test]
    fn counts_segments_and_words_to_translate_per_page() {
        let original =
            "---\ntitle: A page\n---\nOne two.\n\n## Later {#l}\n\nThree [four](@/x.md) five.\n";
        let translation = "---\ntitle: Сторінка\nsource_hash: '0000000000000000'\ntranslation:\n  from:\n    title: A page\n    s0.p1: One.\n---\nОдин два.\n\n## Later {#l}\n\nThree [four](@/x.md) five.\n";
        let sources = [
            source("a.md", original),
            source("a.uk.md", translation),
            source("b.md", "---\ntitle: B\n---\nSix seven.\n"),
        ];
        let pages = of_language(&sources, "en", "uk", &[]);
        assert_eq!(
            pages[0],
            PageProgress {
                original: "a.md".into(),
                translation: "a.uk.md".into(),
                exists: true,
                segments: 4,
                translated: 1,
                outdated: 1,
                missing: 2,
                words: 2 + 1 + 3,
                changed_sections: vec![ChangedSection {
                    section: 0,
                    heading: None
                }],
            }
        );
        assert_eq!(pages[1].translation, "b.uk.md");
        assert!(!pages[1].exists);
        assert_eq!((pages[1].missing, pages[1].words), (2, 3));
    }

    #[test]
    fn references_targets_and_footnote_marks_are_not_words() {
        assert_eq!(
            words("See [[std:5]] and [[std:1.2|the right]] here.[^note]"),
            5
        );
        assert_eq!(words("[a link](@/x.md) `code` [^"), 2);
        assert_eq!(words("[[unclosed"), 1);
    }
}
