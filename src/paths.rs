//! Path segments: the one place that decides which values may become part of a path that Soteria
//! writes or reads.
//!
//! Slugs, taxonomy terms (`themes`, `country`, …) and facet values, alias paths, language codes,
//! the theme's name, standards framework ids and the names of content and static files all end
//! up as folders or files of the output (or as files read from the site). Each passes
//! [`check_segment`] (or [`check_language_code`]) where it is read, so that a rejected value is
//! reported at its own file, line and column. The writers check once more with
//! [`is_contained`] (defence in depth): a path with a `..` that got past a reader is refused
//! rather than written outside the output folder.
//!
//! A segment may hold letters and digits of any script, `-`, `_`, `~`, `+`, `!`, `'`, `(`, `)`,
//! `,`, `;`, `=`, `@`, `$`, `&` and dots inside it. It may not be empty, `.` or `..`, start with a
//! dot, contain a slash or backslash, `%` (no percent-encoding: `%2e%2e` is `..` to a web
//! server), white space, control or direction-changing characters, `:` (a Windows drive, a URL
//! scheme), `? # " < > * |`, or a character that looks like `/`, `\` or `.` (`∕`, `⁄`, `／`,
//! `＼`, `․`, `．`, …). The same holds for its NFKC normalisation, which some file systems and
//! tools apply: `．．` becomes `..`. The names of files copied as they are (attachments, static
//! files) may also hold spaces and start with a dot ([`check_file_name`]).

use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// What a segment may hold, for the help of diagnostics.
pub(crate) const SEGMENT_HELP: &str =
    "use letters and digits (any script), `-` and `_`, with dots only inside a name";

/// The longest name a segment may have, in bytes of UTF-8: most file systems stop at 255, and a
/// build adds to some names (`.NAME.soteria-new-…` beside the output).
pub(crate) const MAX_SEGMENT_BYTES: usize = 200;

/// Why a value cannot be a path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unsafe {
    /// It is empty (or a path has an empty part, `a//b`).
    Empty,
    /// It is `.` or `..`.
    Dots,
    /// It starts with a dot: a hidden file, or a way to `..`.
    LeadingDot,
    /// It contains `/` or `\`.
    Separator(char),
    /// It contains `%`: percent-encoding.
    Percent,
    /// It contains a control or direction-changing character.
    Control(char),
    /// It contains white space.
    Space(char),
    /// It contains a private-use, noncharacter or unassigned code point.
    Unassigned(char),
    /// It contains a character with a meaning in URLs or on Windows (`:`, `?`, `#`, …).
    Reserved(char),
    /// It contains a character that looks like `/`, `\` or `.` (the one it looks like second).
    LookAlike(char, char),
    /// It is longer than [`MAX_SEGMENT_BYTES`] (its length in bytes).
    TooLong(usize),
    /// Its NFKC normalisation (first) is unsafe (second).
    Normalised(String, Box<Unsafe>),
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsafe::Empty => f.write_str("is empty or has an empty part"),
            Unsafe::Dots => {
                f.write_str("is `.` or `..`, which would point at a folder itself or its parent")
            }
            Unsafe::LeadingDot => f.write_str("starts with a dot"),
            Unsafe::Separator(c) => write!(
                f,
                "contains `{c}`; it must be one part of a path, without slashes"
            ),
            Unsafe::Percent => f.write_str(
                "contains `%`; percent-encoding (such as `%2e` or `%2F`) is not allowed, write the characters themselves",
            ),
            Unsafe::Control(c) => write!(
                f,
                "contains the invisible character {}",
                codepoint(*c)
            ),
            Unsafe::Unassigned(c) => write!(
                f,
                "contains {}, a private-use, noncharacter or unassigned code point, which shows as anything or nothing",
                codepoint(*c)
            ),
            Unsafe::Space(c) if *c == ' ' => f.write_str("contains a space"),
            Unsafe::Space(c) => write!(f, "contains white space ({})", codepoint(*c)),
            Unsafe::Reserved(c) => write!(f, "contains `{c}`, which cannot stand in a path"),
            Unsafe::LookAlike(c, like) => write!(
                f,
                "contains {}, which looks like `{like}`",
                codepoint(*c)
            ),
            Unsafe::TooLong(len) => write!(
                f,
                "is {len} bytes long in UTF-8; a name may have at most {MAX_SEGMENT_BYTES} (most file systems stop at 255)"
            ),
            Unsafe::Normalised(normal, why) => write!(
                f,
                "becomes `{}` when Unicode-normalised (NFKC), which {why}",
                shown(normal)
            ),
        }
    }
}

/// `U+2215`: how a character is named in messages.
fn codepoint(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Characters that look like `/`, `\` or `.`, or that a normalisation, URL parser or file
/// system may turn into one, each with the one it looks like. (NFKC catches more: the check
/// runs again on the normalised value.)
const LOOK_ALIKES: &[(char, char)] = &[
    ('\u{2044}', '/'),  // fraction slash
    ('\u{2215}', '/'),  // division slash
    ('\u{FF0F}', '/'),  // fullwidth solidus
    ('\u{29F8}', '/'),  // big solidus
    ('\u{2571}', '/'),  // box drawings diagonal
    ('\u{1735}', '/'),  // Philippine single punctuation
    ('\u{0337}', '/'),  // combining short solidus overlay
    ('\u{0338}', '/'),  // combining long solidus overlay
    ('\u{FF3C}', '\\'), // fullwidth reverse solidus
    ('\u{2216}', '\\'), // set minus
    ('\u{29F5}', '\\'), // reverse solidus operator
    ('\u{29F9}', '\\'), // big reverse solidus
    ('\u{FE68}', '\\'), // small reverse solidus
    ('\u{2572}', '\\'), // box drawings diagonal
    ('\u{20E5}', '\\'), // combining reverse solidus overlay
    ('\u{2024}', '.'),  // one dot leader
    ('\u{2025}', '.'),  // two dot leader
    ('\u{2026}', '.'),  // ellipsis
    ('\u{FF0E}', '.'),  // fullwidth full stop
    ('\u{FE52}', '.'),  // small full stop
    ('\u{3002}', '.'),  // ideographic full stop (a dot to IDNA)
    ('\u{FF61}', '.'),  // halfwidth ideographic full stop
    ('\u{0701}', '.'),  // Syriac supralinear full stop
    ('\u{0702}', '.'),  // Syriac sublinear full stop
    ('\u{A60E}', '.'),  // Vai full stop
    ('\u{2E33}', '.'),  // raised dot
];

/// Characters that change the direction or visibility of text around them, or that show as
/// nothing at all: a name holding one may show as another. Controls, interlinear annotation
/// marks and Unicode's Default_Ignorable_Code_Point (joiners, soft hyphen, variation selectors,
/// Hangul fillers, tags …).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Characters with no meaning of their own: private use (U+E000–U+F8FF, planes 15 and 16),
/// noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) and code points not assigned in the Unicode
/// version of `unicode-normalization`'s tables. A font or a later Unicode may show them as
/// anything, or as nothing.
fn is_unassigned(c: char) -> bool {
    !unicode_normalization::char::is_public_assigned(c)
}

/// Checks that `value` may be one part of a path (a folder or file name) in the output.
pub(crate) fn check_segment(value: &str) -> Result<(), Unsafe> {
    check_raw(value, SEGMENT)?;
    check_normalised(value, SEGMENT)
}

/// Like [`check_segment`], but a name may start with a dot and hold spaces: for the names of
/// files copied as they are (attachments such as `Annual report 2024.pdf`, static files such as
/// `.well-known/security.txt`).
pub(crate) fn check_file_name(value: &str) -> Result<(), Unsafe> {
    check_raw(value, FILE_NAME)?;
    check_normalised(value, FILE_NAME)
}

/// What a kind of name may hold that a segment may not.
#[derive(Debug, Clone, Copy)]
struct Leeway {
    leading_dot: bool,
    space: bool,
}

const SEGMENT: Leeway = Leeway {
    leading_dot: false,
    space: false,
};

const FILE_NAME: Leeway = Leeway {
    leading_dot: true,
    space: true,
};

/// Checks every part of a relative path written with `/` (`guidance/old-name/`): a leading and a
/// trailing `/` are allowed, nothing else that [`check_segment`] refuses.
pub(crate) fn check_relative(path: &str) -> Result<(), Unsafe> {
    let inner = path.strip_prefix('/').unwrap_or(path);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    inner.split('/').try_for_each(check_segment)
}

fn check_normalised(value: &str, leeway: Leeway) -> Result<(), Unsafe> {
    if value.is_ascii() {
        return Ok(());
    }
    let normal: String = value.nfkc().collect();
    if normal == value {
        return Ok(());
    }
    check_raw(&normal, leeway).map_err(|why| Unsafe::Normalised(normal, Box::new(why)))
}

fn check_raw(value: &str, leeway: Leeway) -> Result<(), Unsafe> {
    match value {
        "" => return Err(Unsafe::Empty),
        "." | ".." => return Err(Unsafe::Dots),
        _ if value.len() > MAX_SEGMENT_BYTES => return Err(Unsafe::TooLong(value.len())),
        _ => {}
    }
    for c in value.chars() {
        match c {
            '/' | '\\' => return Err(Unsafe::Separator(c)),
            '%' => return Err(Unsafe::Percent),
            ':' | '?' | '#' | '"' | '<' | '>' | '*' | '|' => return Err(Unsafe::Reserved(c)),
            _ if is_invisible(c) => return Err(Unsafe::Control(c)),
            _ if is_unassigned(c) => return Err(Unsafe::Unassigned(c)),
            ' ' if leeway.space => {}
            _ if c.is_whitespace() => return Err(Unsafe::Space(c)),
            _ => {}
        }
        if let Some(&(_, like)) = LOOK_ALIKES.iter().find(|(look, _)| *look == c) {
            return Err(Unsafe::LookAlike(c, like));
        }
    }
    if !leeway.leading_dot && value.starts_with('.') {
        return Err(Unsafe::LeadingDot);
    }
    Ok(())
}

/// Checks that `code` is a language code as BCP 47 writes them (`sv`, `pt-BR`, `sr-Latn`,
/// `es-419`): a first part of 2–8 letters, then parts of 1–8 letters or digits, joined by `-`.
pub(crate) fn check_language_code(code: &str) -> Result<(), String> {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    let first_ok = (2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(format!("`{}` is not a language code", shown(code)))
    }
}

/// What diagnostics say about a language code: what is allowed.
pub(crate) const LANGUAGE_CODE_HELP: &str =
    "write a BCP 47 language code: letters, digits and `-`, e.g. `sv`, `uk`, `pt-BR` or `sr-Latn`";

/// True when `path`, relative to a folder, stays inside it: every part a plain name (no `..`,
/// `.`, root, drive or empty path), no backslash (a separator on Windows) and no NUL. The writers'
/// last check; the readers of content and settings reject such values with a diagnostic first.
pub(crate) fn is_contained(path: &str) -> bool {
    // What `Path::components` would call a root, `.`, `..` or (on Windows) a drive, found in one
    // pass over the bytes: this runs on every file of every build.
    let windows = cfg!(windows);
    let bytes = path.as_bytes();
    let mut part_start = 0;
    for (i, &b) in bytes.iter().enumerate().chain([(bytes.len(), &b'/')]) {
        match b {
            b'\\' | 0 => return false,
            b':' if windows => return false,
            b'/' => {
                let part = &bytes[part_start..i];
                if (i == 0 && !bytes.is_empty()) || part == b"." || part == b".." {
                    return false;
                }
                part_start = i + 1;
            }
            _ => {}
        }
    }
    !bytes.is_empty()
}

/// `value` as messages show it: control, invisible and look-alike characters written as `\u{…}`,
/// so that a message cannot hide or fake what a value holds.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let suspicious = is_invisible(c)
            || is_unassigned(c)
            || (c.is_whitespace() && c != ' ')
            || LOOK_ALIKES.iter().any(|(look, _)| *look == c);
        if suspicious {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
