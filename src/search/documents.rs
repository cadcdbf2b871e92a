//! A page's search documents: the page and each of its sections, analysed into stems with
//! their counts per field, and the fields the client shows of a result; [`SearchCache`] keeps
//! them between the rebuilds of `soteria serve`.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::facets::{page_facets, page_labels};
use super::postings::Run;
use super::{Analyzer, Word, WordCache};
use crate::content::types::ContentType;
use crate::locale::Locale;
use crate::resolve::{Page, PageId, Site};

/// How much of a document's text is stored for excerpts: characters, and bytes. The byte cap
/// only bites on scripts of two-byte characters (Cyrillic, Arabic, Greek…), whose excerpts would
/// otherwise cost their readers up to twice the bytes per result (English and Swedish stay whole).
const STORED_TEXT: usize = 280;
const STORED_BYTES: usize = 420;

/// A document: a page or one of its sections.
pub(crate) struct Document {
    pub(crate) stored: Stored,
    /// Each stem's number of occurrences in the title, the heading and the body.
    pub(crate) counts: Box<[(Arc<str>, [u32; 3])]>,
    /// How many words the title, the heading and the body have.
    pub(crate) lengths: [usize; 3],
    /// The page's filter values, shared by its documents.
    pub(crate) facets: Arc<Vec<Vec<String>>>,
    /// How much a match counts for the page's type (see [`type_weight`]).
    pub(crate) weight: f64,
}

/// How much a match counts for a page of `content_type`: standards, guidance and tools, which a
/// reader looking for a topic wants first, over practices, findings and projects, and those over
/// news, which mention many topics in passing and date quickly. A news item mentioning a word in
/// its title must not outrank the guide on it.
pub(crate) fn type_weight(content_type: ContentType) -> f64 {
    match content_type {
        ContentType::Standard | ContentType::Guidance => 1.3,
        ContentType::Tool => 1.2,
        ContentType::Practice | ContentType::Finding => 1.0,
        ContentType::Project | ContentType::Page => 0.9,
        ContentType::News => 0.5,
    }
}

/// What a page's documents are made of besides the page itself: a standard's code and the names
/// of its type and taxonomy terms in the index's language.
struct Extra {
    /// A standard's number with its framework's label (`BQS 2`); empty for other pages.
    code: String,
    /// The page's type and term names (`Vägledning Aga Sverige`), found like its headings.
    labels: String,
}

impl Extra {
    fn of(site: &Site, locale: &Locale, page: &Page) -> Extra {
        Extra {
            code: code_of(site, page),
            labels: page_labels(page, locale),
        }
    }
}

/// What the client shows of a result.
#[derive(Serialize)]
pub(crate) struct Stored {
    url: String,
    title: String,
    heading: String,
    #[serde(rename = "type")]
    content_type: String,
    text: String,
    date: String,
    /// A standard's number with its framework's label (`BQS 2`).
    #[serde(skip_serializing_if = "String::is_empty")]
    code: String,
    /// The language of the text, when it is not the index's (an untranslated page).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    /// True when the page is a made-up example (`example: true`), labelled as one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    example: bool,
}

/// A section's stored fields as a file of whole pages holds them, after its page's: only what
/// differs from the page's (docs/search-index.md).
#[derive(Serialize)]
struct InPage<'a> {
    /// The section's heading id: its URL is the page's, `#`, and this.
    a: &'a str,
    heading: &'a str,
    text: &'a str,
}

impl Stored {
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// These fields as JSON in a file that holds them after `page`'s (the fields of the page
    /// the document is a section of): only the heading id, heading and text when the rest is
    /// the page's, else all.
    pub(crate) fn to_json_after(&self, page: Option<&Stored>) -> Vec<u8> {
        let anchor = page.and_then(|page| {
            let anchor = self.url.strip_prefix(&page.url)?.strip_prefix('#')?;
            let same = self.title == page.title
                && self.content_type == page.content_type
                && self.date == page.date
                && self.code == page.code
                && self.lang == page.lang
                && self.example == page.example;
            same.then_some(anchor)
        });
        let json = match anchor {
            Some(a) => serde_json::to_vec(&InPage {
                a,
                heading: &self.heading,
                text: &self.text,
            }),
            None => serde_json::to_vec(self),
        };
        json.unwrap_or_default()
    }
}

/// A page's search documents, and the words first met in them.
pub(crate) struct PageDocuments {
    pub(crate) documents: Vec<Document>,
    pub(crate) words: Vec<Word>,
    /// The documents' stored fields as JSON (see [`PageDocuments::stored_json`]), made once:
    /// `soteria serve` keeps a page's documents while it is not edited, and each update of the
    /// index writes files of stored fields made from every page's.
    stored_json: std::sync::OnceLock<Vec<Vec<u8>>>,
}

impl PageDocuments {
    pub(crate) fn new(documents: Vec<Document>, words: Vec<Word>) -> Self {
        PageDocuments {
            documents,
            words,
            stored_json: std::sync::OnceLock::new(),
        }
    }

    /// Each document's stored fields as JSON, the page's own first, its sections' after it with
    /// only what differs from the page's (see [`Stored::to_json_after`]).
    pub(crate) fn stored_json(&self) -> &[Vec<u8>] {
        self.stored_json.get_or_init(|| {
            let own = self.documents.first().map(|d| &d.stored);
            self.documents
                .iter()
                .enumerate()
                .map(|(at, d)| d.stored.to_json_after(own.filter(|_| at > 0)))
                .collect()
        })
    }
}

/// The pages' documents `soteria serve` analysed last time, by a fingerprint of everything they
/// are made of, so that a rebuild analyses only the pages that changed; the index is then
/// assembled from all of them as in a full build.
pub(crate) type SearchCache = crate::memo::Memo<Arc<PageDocuments>>;

impl SearchCache {
    /// The documents of `page`: those kept from the last build if nothing they are made of
    /// changed, else analysed now (and kept), by `analyzer` or, for a fallback page (the
    /// original's text under another language), by its text's language's rules.
    pub(crate) fn documents(
        &self,
        site: &Site,
        locale: &Locale,
        page: &Page,
        analyzer: &Analyzer,
    ) -> Arc<PageDocuments> {
        let extra = Extra::of(site, locale, page);
        let key = fingerprint(page, &extra);
        self.get(key).unwrap_or_else(|| {
            let mut words = WordCache::default();
            let fallback;
            let analyzer = if page.is_fallback {
                fallback = Analyzer::new(&page.content_lang);
                &fallback
            } else {
                analyzer
            };
            let documents = Arc::new(PageDocuments::new(
                documents_of(page, &extra, analyzer, &mut words),
                words.take_new(),
            ));
            self.keep(key, Arc::clone(&documents));
            documents
        })
    }
}

/// A standard page's number with its framework's label (`BQS 2`); empty for other pages.
fn code_of(site: &Site, page: &Page) -> String {
    if page.content_type != ContentType::Standard || page.is_section {
        return String::new();
    }
    site.standards
        .code_of_page(&page.key, &page.lang)
        .unwrap_or_default()
}

/// Everything [`documents_of`] reads of a page.
fn fingerprint(page: &Page, extra: &Extra) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        &page.lang,
        &page.url,
        &*page.sections,
        &page.front.title,
        &page.front.description,
        &page.front.date,
        &page.content_type,
        page.is_fallback,
        &page.content_lang,
        page_facets(page),
        &extra.code,
        &extra.labels,
    )
        .hash(&mut hasher);
    page.front.is_example().hash(&mut hasher);
    hasher.finish()
}

/// The documents of every page of `lang`, in site order: by `analyzer`, or by the rules of their
/// text's language for fallback pages (English text under `/uk/` is stemmed as English).
/// Without a `cache` (a build, which keeps nothing), also the postings of each run of pages, in
/// order, whose stem counts are added up and let go as soon as the run is analysed: a
/// language's counts are never all held at once.
pub(crate) fn analyse(
    site: &Site,
    locale: &Locale,
    analyzer: &Analyzer,
    pages: &[PageId],
    cache: Option<&SearchCache>,
) -> (Vec<Arc<PageDocuments>>, Option<Vec<Run>>) {
    let gather = cache.is_none();
    let runs: Vec<(Vec<Arc<PageDocuments>>, Option<Run>)> = pages
        .par_chunks(64)
        .map(|chunk| {
            // Without a cache, a run of pages shares one word cache: text repeats its words.
            let mut words = WordCache::default();
            // A fallback's text is in its original's language: analysed by that language's
            // rules, with words of their own, which the run's fallbacks in it share.
            let mut fallbacks: Vec<(&str, Analyzer, WordCache)> = Vec::new();
            let mut run = gather.then(Run::default);
            let documents = chunk
                .iter()
                .map(|&id| {
                    let page = &site.pages[id];
                    if let Some(cache) = cache {
                        return cache.documents(site, locale, page, analyzer);
                    }
                    let (analyzer, words) = if page.is_fallback {
                        let lang = page.content_lang.as_str();
                        let at = match fallbacks.iter().position(|(l, ..)| *l == lang) {
                            Some(at) => at,
                            None => {
                                fallbacks.push((lang, Analyzer::new(lang), WordCache::default()));
                                fallbacks.len() - 1
                            }
                        };
                        let (_, analyzer, own) = &mut fallbacks[at];
                        (&*analyzer, own)
                    } else {
                        (analyzer, &mut words)
                    };
                    let extra = Extra::of(site, locale, page);
                    let mut documents = PageDocuments::new(
                        documents_of(page, &extra, analyzer, words),
                        words.take_new(),
                    );
                    if let Some(run) = run.as_mut() {
                        run.take(&mut documents);
                    }
                    Arc::new(documents)
                })
                .collect::<Vec<_>>();
            (documents, run)
        })
        .collect();
    let mut all = Vec::with_capacity(pages.len());
    let mut gathered = gather.then(|| Vec::with_capacity(runs.len()));
    for (documents, run) in runs {
        all.extend(documents);
        if let (Some(gathered), Some(run)) = (gathered.as_mut(), run) {
            gathered.push(run);
        }
    }
    (all, gathered)
}

/// The documents of a page: the page itself, then each `h2`/`h3` section. A standard's code
/// (`BQS 2`) is shown with its title and found by its words; the names of the page's type and
/// terms are found like a heading of the page (not of its sections).
fn documents_of(
    page: &Page,
    extra: &Extra,
    analyzer: &Analyzer,
    cache: &mut WordCache,
) -> Vec<Document> {
    let url = &page.url;
    let facets = Arc::new(page_facets(page));
    let date = page.front.date.clone().unwrap_or_default();
    let code = extra.code.as_str();
    let weight = type_weight(page.content_type);
    page.sections
        .iter()
        .enumerate()
        .filter(|(i, section)| *i == 0 || !section.id.is_empty())
        .map(|(i, section)| {
            let is_page = i == 0;
            let text = match &page.front.description {
                Some(description) if is_page => format!("{description} {}", section.text).into(),
                _ => std::borrow::Cow::Borrowed(section.text),
            };
            let mut counts: FxHashMap<u32, [u32; 3]> = FxHashMap::default();
            let mut lengths = [0usize; 3];
            let title = if is_page {
                format!("{code} {}", page.front.title)
            } else {
                String::new()
            };
            let labels = if is_page { extra.labels.as_str() } else { "" };
            let fields = [
                (0, title.as_str()),
                (1, section.heading),
                (1, labels),
                (2, &text),
            ];
            for (field, text) in fields {
                analyzer.each_stem(text, cache, |stem| {
                    lengths[field] += 1;
                    counts.entry(stem).or_insert([0; 3])[field] += 1;
                });
            }
            Document {
                counts: counts
                    .into_iter()
                    .map(|(stem, tf)| (Arc::clone(cache.stem(stem)), tf))
                    .collect(),
                lengths,
                stored: Stored {
                    url: if is_page {
                        url.clone()
                    } else {
                        format!("{url}#{}", section.id)
                    },
                    title: page.front.title.clone(),
                    heading: section.heading.to_string(),
                    content_type: page.content_type.name().to_string(),
                    text: truncate(&text, stored_chars(&text)),
                    date: date.clone(),
                    code: code.to_string(),
                    lang: page.is_fallback.then(|| page.content_lang.clone()),
                    example: page.front.is_example(),
                },
                facets: Arc::clone(&facets),
                weight,
            }
        })
        .collect()
}

/// At most `max` characters of `text`, cut at a word boundary.
/// How many characters of `text` are stored: whole graphemes (a flag, a letter with its accents)
/// up to [`STORED_TEXT`] characters and [`STORED_BYTES`] bytes.
fn stored_chars(text: &str) -> usize {
    // Most text is ASCII: when the first STORED_TEXT + 1 bytes are, without a carriage return
    // (CR LF is one grapheme), every character there is a grapheme of its own, and the one after
    // the cut (ASCII) is no mark that would join the last.
    let probe = text
        .as_bytes()
        .get(..=STORED_TEXT)
        .unwrap_or(text.as_bytes());
    if probe.is_ascii() && !probe.contains(&b'\r') {
        return text.len().min(STORED_TEXT);
    }
    stored_graphemes(text)
}

/// [`stored_chars`], grapheme by grapheme.
fn stored_graphemes(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let (mut chars, mut bytes) = (0, 0);
    for grapheme in text.graphemes(true) {
        let (more_chars, more_bytes) = (chars + grapheme.chars().count(), bytes + grapheme.len());
        if more_chars > STORED_TEXT || more_bytes > STORED_BYTES {
            break;
        }
        (chars, bytes) = (more_chars, more_bytes);
    }
    chars
}

fn truncate(text: &str, max: usize) -> String {
    // Fewer bytes than `max` are fewer characters too; else find where character `max` starts.
    let cut_at = if text.len() <= max {
        None
    } else {
        text.char_indices().nth(max).map(|(at, _)| at)
    };
    let Some(cut_at) = cut_at else {
        return text.to_string();
    };
    // `char_indices` gave `cut_at`, so both parts are whole characters.
    let (cut, _) = text.split_at_checked(cut_at).unwrap_or((text, ""));
    match cut.rsplit_once(' ') {
        Some((words, _)) => format!("{words}…"),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::truncate;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// A stored excerpt keeps at most `STORED_TEXT` characters and `STORED_BYTES` bytes
        /// (and the mark).
        #[test]
        fn stored_excerpts_are_capped_in_characters_and_bytes(text in text(200)) {
            let cut = truncate(&text, super::stored_chars(&text));
            let kept = cut.strip_suffix('…').filter(|_| cut != text).unwrap_or(&cut);
            prop_assert!(kept.chars().count() <= super::STORED_TEXT);
            prop_assert!(kept.len() <= super::STORED_BYTES, "{} bytes", kept.len());
        }

        /// The ASCII shortcut counts what the grapheme walk counts, whatever follows the ASCII
        /// (marks that would join the last letter, CR LF, other scripts) and wherever.
        #[test]
        fn the_ascii_shortcut_agrees_with_graphemes(
            ascii in "[ -~\r\n]{0,300}",
            rest in text(12),
        ) {
            let text = format!("{ascii}{rest}");
            prop_assert_eq!(super::stored_chars(&text), super::stored_graphemes(&text));
        }

        /// A cut excerpt is the start of the text (with `…` when cut), at most `max` characters
        /// and the mark.
        #[test]
        fn cut_excerpts_are_prefixes(text in text(32), max in 0usize..40) {
            let cut = truncate(&text, max);
            match cut.strip_suffix('…') {
                Some(kept) if cut != text => {
                    prop_assert!(text.starts_with(kept), "{:?} → {:?}", text, cut);
                    prop_assert!(kept.chars().count() <= max);
                }
                _ => prop_assert_eq!(&cut, &text),
            }
        }
    }
}
