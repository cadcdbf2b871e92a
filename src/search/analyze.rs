//! Text analysis for search: words by Unicode boundaries, lower-cased, folded (diacritics removed)
//! for matching, and stemmed with the language's Snowball stemmer.

#![cfg_attr(not(test), warn(clippy::string_slice))]

use std::sync::Arc;

use rustc_hash::FxHashMap;

use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Splits text into words and gives each its folded form and its stem.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

/// A word of the text as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word lower-cased and folded: what readers' queries are matched against.
    pub form: String,
    /// Its stem, folded: what the index groups forms under.
    pub stem: String,
}

impl Analyzer {
    /// An analyser for `lang` (an ISO 639-1 code); languages without a Snowball stemmer are
    /// indexed by their folded words.
    pub fn new(lang: &str) -> Analyzer {
        Analyzer {
            stemmer: algorithm(lang).map(Stemmer::create),
        }
    }

    /// The words of `text`.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.each_word(text, &mut WordCache::default(), |word| {
            tokens.push(Token {
                form: word.form.to_string(),
                stem: word.stem.to_string(),
            });
        });
        tokens
    }

    /// Calls `f` with each word of `text`, analysing each distinct word once per `cache`: text
    /// repeats its words, and stemming is the costly part. The words are shared, not copied.
    pub(crate) fn each_word(&self, text: &str, cache: &mut WordCache, mut f: impl FnMut(&Word)) {
        self.each_word_id(text, cache, |cache, id| f(&cache.words[id as usize]));
    }

    /// Calls `f` with the number, in `cache`, of each word's stem (see [`WordCache::stem`]):
    /// counting stems by number costs no string hashing and no reference counting per word.
    pub(crate) fn each_stem(&self, text: &str, cache: &mut WordCache, mut f: impl FnMut(u32)) {
        self.each_word_id(text, cache, |cache, id| f(cache.stem_of[id as usize]));
    }

    fn each_word_id(&self, text: &str, cache: &mut WordCache, mut f: impl FnMut(&WordCache, u32)) {
        each_word_str(text, |word| {
            let id = match cache.ids.get(word) {
                Some(known) => *known,
                None => {
                    let id = self.analyze(word).map(|token| cache.add(token));
                    cache.ids.insert(word.to_string(), id);
                    id
                }
            };
            if let Some(id) = id {
                f(cache, id);
            }
        });
    }

    fn analyze(&self, word: &str) -> Option<Token> {
        let lower = word.to_lowercase();
        let form = fold(&lower);
        if form.is_empty() {
            return None;
        }
        let stem = match &self.stemmer {
            Some(stemmer) => fold(&stemmer.stem(&lower)),
            None => form.clone(),
        };
        Some(Token { form, stem })
    }
}

/// Calls `f` with each word of `text` as `unicode_words` finds them (UAX #29), scanning text in
/// ASCII and the Latin letters of Western, Northern and Central European languages directly:
/// most text of most of our languages is such, and the general algorithm's table lookups cost
/// more than analysing the words.
///
/// The text is cut into pieces, each a run of ASCII spaces and the text up to the next space. A
/// piece of such characters only is a run of words of its own: no rule joins its first word to
/// what comes before the spaces, nor its last to the space after it, and only a space can join
/// the space before (which then holds no word). Other pieces are segmented by `unicode_words`,
/// those next to each other together, spaces included (a combining mark after a space joins it).
fn each_word_str<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    // The start of text that `unicode_words` is still to segment.
    let mut slow: Option<usize> = None;
    while start < bytes.len() {
        let body = start + bytes[start..].iter().take_while(|&&b| b == b' ').count();
        let end = bytes[body..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |at| body + at);
        // Every index here is the text's start or end or next to an ASCII space: a char boundary.
        #[allow(clippy::string_slice)] // `body` and `end` are next to spaces or at an end
        let piece = &text[body..end];
        if piece.is_ascii() || piece.chars().all(|c| c.is_ascii() || is_latin_letter(c)) {
            if let Some(from) = slow.take() {
                #[allow(clippy::string_slice)] // `from` and `start` are next to spaces or at 0
                text[from..start].unicode_words().for_each(&mut f);
            }
            simple_words(piece, &mut f);
        } else {
            slow.get_or_insert(start);
        }
        start = end;
    }
    if let Some(from) = slow {
        #[allow(clippy::string_slice)] // `from` is next to a space or at 0
        text[from..].unicode_words().for_each(&mut f);
    }
}

/// The letters of Latin-1 and Latin Extended-A (`é`, `å`, `ß`, `ł`, `ž`, …): all are letters
/// (`ALetter`) to UAX #29, as ASCII's are.
fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{17f}')
}

/// What UAX #29 makes of a character of ASCII or a Latin letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (`ExtendNumLet`).
    Underscore,
    /// `:` (`MidLetter`): joins letters.
    MidLetter,
    /// `,` and `;` (`MidNum`): join digits.
    MidNum,
    /// `.` and `'` (`MidNumLet`, `Single_Quote`): join letters, and digits.
    MidNumLet,
    Other,
}

fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        '_' => Class::Underscore,
        ':' => Class::MidLetter,
        ',' | ';' => Class::MidNum,
        '.' | '\'' => Class::MidNumLet,
        c if is_latin_letter(c) => Class::Letter,
        _ => Class::Other,
    }
}

/// The words of `text`, of ASCII and Latin letters only, by the rules of UAX #29 for them:
/// letters, digits and `_` join; `:`, `.` and `'` join letters on both sides, and `,`, `;`, `.`
/// and `'` digits; everything else breaks. Runs of `_` alone are no word.
fn simple_words<'t>(text: &'t str, f: &mut impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    // The class and length of the character at `i`.
    let at = |i: usize| -> (Class, usize) {
        let (c, len) = super::char_at(text, i);
        (class(c), len)
    };
    let joins = |class: Class| matches!(class, Class::Letter | Class::Digit | Class::Underscore);
    let mut i = 0;
    while i < bytes.len() {
        let (first, len) = at(i);
        if !joins(first) {
            i += len;
            continue;
        }
        let start = i;
        let mut last = first;
        let mut alphanumeric = first != Class::Underscore;
        i += len;
        loop {
            while i < bytes.len() {
                let (class, len) = at(i);
                if !joins(class) {
                    break;
                }
                last = class;
                alphanumeric |= class != Class::Underscore;
                i += len;
            }
            if i >= bytes.len() {
                break;
            }
            let (mid, mid_len) = at(i);
            if i + mid_len >= bytes.len() {
                break;
            }
            let (next, next_len) = at(i + mid_len);
            let letters = last == Class::Letter
                && next == Class::Letter
                && matches!(mid, Class::MidLetter | Class::MidNumLet);
            let digits = last == Class::Digit
                && next == Class::Digit
                && matches!(mid, Class::MidNum | Class::MidNumLet);
            if !(letters || digits) {
                break;
            }
            i += mid_len + next_len;
            last = next;
            alphanumeric = true;
        }
        if alphanumeric {
            #[allow(clippy::string_slice)]
            // `start` and `i` were reached a whole character at a time
            f(&text[start..i]);
        }
    }
}

/// A word as the index keeps it: its form and stem, shared by every occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The word lower-cased and folded.
    pub(crate) form: Arc<str>,
    /// Its stem, folded.
    pub(crate) stem: Arc<str>,
}

/// Words already analysed, for [`Analyzer::each_word`] and [`Analyzer::each_stem`].
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    /// Each text met: the number of its word in `words`, or `None` when it is no word to index.
    ids: FxHashMap<String, Option<u32>>,
    /// The words, in the order they were first met.
    words: Vec<Word>,
    /// The number of each word's stem in `stems`.
    stem_of: Vec<u32>,
    /// The distinct stems, in the order first met, and their numbers.
    stems: Vec<Arc<str>>,
    stem_ids: FxHashMap<Arc<str>, u32>,
    /// How many of `words` [`WordCache::take_new`] has handed out.
    taken: usize,
}

impl WordCache {
    /// The words analysed since the last call (those that are words at all), in the order
    /// first met. Different words may share a form (`Hänvisning`, `hanvisning`) but not always a
    /// stem, so order decides which stem a form is indexed under.
    pub(crate) fn take_new(&mut self) -> Vec<Word> {
        let new = self.words[self.taken..].to_vec();
        self.taken = self.words.len();
        new
    }

    /// The stem numbered `id` by [`Analyzer::each_stem`].
    pub(crate) fn stem(&self, id: u32) -> &Arc<str> {
        &self.stems[id as usize]
    }

    fn add(&mut self, token: Token) -> u32 {
        let stem: Arc<str> = token.stem.into();
        let next = self.stems.len() as u32;
        let stem_id = *self.stem_ids.entry(Arc::clone(&stem)).or_insert(next);
        if stem_id == next {
            self.stems.push(Arc::clone(&stem));
        }
        let stem = Arc::clone(&self.stems[stem_id as usize]);
        self.words.push(Word {
            form: token.form.into(),
            stem,
        });
        self.stem_of.push(stem_id);
        (self.words.len() - 1) as u32
    }
}

/// `text` decomposed with its combining marks and invisible format characters removed:
/// `hänvisning` → `hanvisning`, and `تفتح` followed by a right-to-left mark → `تفتح` (word
/// boundaries keep such marks inside the word they follow; a reader never types them).
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose: most words of most of our languages.
        return text.to_string();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c) && !is_format(*c))
        .collect()
}

/// Whether `c` is a format character (Unicode's general category Cf: direction marks and
/// isolates, zero-width joiners and spaces, the soft hyphen, the byte order mark, tags …),
/// as the search page's `\p{Cf}` removes them from queries.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{AD}'
        | '\u{600}'..='\u{605}'
        | '\u{61C}'
        | '\u{6DD}'
        | '\u{70F}'
        | '\u{890}'..='\u{891}'
        | '\u{8E2}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}')
}

/// The Snowball algorithm of a language, where Snowball has one.
fn algorithm(lang: &str) -> Option<Algorithm> {
    Some(match lang.split(['-', '_']).next().unwrap_or(lang) {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pl" => Algorithm::Polish,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "uk" => Algorithm::Ukrainian,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(lang: &str, text: &str) -> Vec<String> {
        Analyzer::new(lang)
            .tokens(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn words_are_split_lower_cased_and_folded() {
        let tokens = Analyzer::new("lv").tokens("Bērnu aizsardzība, 2024: Child's rights!");
        let forms: Vec<_> = tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["bernu", "aizsardziba", "2024", "child's", "rights"]);
    }

    #[test]
    fn words_are_those_of_the_unicode_word_boundaries() {
        // Text from characters each rule of UAX #29 treats differently, ASCII and not: every
        // string must split into the same words as `unicode_words` gives.
        let alphabet: Vec<char> =
            "aZ09_.,;:'\" \t\n\r-éåßłŽ×÷·\u{ad}\u{a0}\u{301}\u{93e}\u{3000}\u{200d}\u{1f1f8}\u{1f1ea}ж٣"
                .chars()
                .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for _ in 0..200_000 {
            let len = next(16);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut ours = Vec::new();
            each_word_str(&text, |word| ours.push(word));
            let theirs: Vec<&str> = text.unicode_words().collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
        let mut ours = Vec::new();
        each_word_str("It's 3,5 km: e.g. a:b _x_ __ ná  co-op", |w| ours.push(w));
        assert_eq!(
            ours,
            ["It's", "3,5", "km", "e.g", "a:b", "_x_", "ná", "co", "op"]
        );
    }

    #[test]
    fn folding_removes_diacritics_only() {
        assert_eq!(fold("hänvisning"), "hanvisning");
        assert_eq!(
            fold("Łódź"),
            "Łodz",
            "ł is a letter of its own, not l with a mark"
        );
        assert_eq!(fold("مُعَلِّم"), "معلم", "Arabic vowel marks are dropped");
    }

    #[test]
    fn each_language_stems_its_own_inflections() {
        assert_eq!(stems("en", "referral referrals"), ["referr", "referr"]);
        assert_eq!(
            stems("sv", "hänvisning hänvisningar"),
            ["hanvisning", "hanvisning"]
        );
        assert_eq!(stems("de", "Kinder Kindern"), ["kind", "kind"]);
        assert_eq!(
            stems("fi", "talo talon talossa"),
            ["talo", "talo", "talo"],
            "Finnish"
        );
        let pl = stems("pl", "dziecko dziecka");
        assert_eq!(pl[0], pl[1], "Polish");
        let lt = stems("lt", "vaikas vaiko");
        assert_eq!(lt[0], lt[1], "Lithuanian");
        assert_eq!(
            stems("et", "maja majas majast"),
            ["maja", "maja", "maja"],
            "Estonian"
        );
        let uk = stems("uk", "дитина дитини");
        assert_eq!(uk[0], uk[1], "Ukrainian");
        let ar = stems("ar", "الأطفال أطفال");
        assert_eq!(ar[0], ar[1], "Arabic");
        assert_eq!(
            stems("lv", "bērni"),
            ["berni"],
            "Latvian has no stemmer: folded words"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::unicode_strategy::text;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// The direct scan finds the words `unicode_words` finds, in any script.
        #[test]
        fn words_are_those_of_unicode_segmentation(text in text(32)) {
            let mut ours = Vec::new();
            each_word_str(&text, |word| ours.push(word));
            let theirs: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(ours, theirs);
        }

        /// Every token is a folded, lower-cased word: no empty form, no combining mark left.
        #[test]
        fn tokens_are_folded_words(text in text(24)) {
            for token in Analyzer::new("sv").tokens(&text) {
                prop_assert!(!token.form.is_empty());
                prop_assert!(!token.form.chars().any(is_combining_mark), "{:?}", token);
            }
        }
    }
}
