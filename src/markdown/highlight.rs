//! Code highlighting with syntect: spans with CSS classes (no inline styles, so pages work under
//! a strict Content-Security-Policy), and the one stylesheet those classes need.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::security::html::escape_html;

/// Class names are prefixed so that they cannot clash with the theme's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme the stylesheet is made from.
const THEME: &str = "InspiredGitHub";

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block as `<pre class="code">`, highlighted when `lang` is a known language.
pub(super) fn render_code_block(code: &str, lang: Option<&str>) -> String {
    let syntaxes = syntaxes();
    let syntax = lang.and_then(|token| syntaxes.find_syntax_by_token(token));
    let lang_attr = lang
        .map(|l| format!(" data-lang=\"{}\"", escape_html(l)))
        .unwrap_or_default();
    let highlighted = syntax.and_then(|syntax| {
        let key = (syntax.name.clone(), code.to_string());
        if let Some(found) = remembered().lock().ok()?.get(&key) {
            return Some(found.clone());
        }
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        let html: Arc<str> = generator.finalize().into();
        if let Ok(mut remembered) = remembered().lock() {
            if remembered.len() >= REMEMBERED_BLOCKS {
                remembered.clear();
            }
            remembered.insert(key, html.clone());
        }
        Some(html)
    });
    let body = match &highlighted {
        Some(html) => html,
        None => &*escape_html(code),
    };
    format!("<pre class=\"code hl-code\"{lang_attr}><code>{body}</code></pre>\n")
}

/// How many highlighted blocks [`remembered`] holds at most (it starts afresh when full).
const REMEMBERED_BLOCKS: usize = 4096;

/// Code blocks highlighted before, by syntax and code: a translation usually keeps its
/// original's code blocks as they are, and syntect's pure-Rust regex engine makes highlighting
/// the costliest part of rendering Markdown, so each distinct block is highlighted once.
#[allow(clippy::type_complexity)]
fn remembered() -> &'static Mutex<HashMap<(String, String), Arc<str>>> {
    static REMEMBERED: OnceLock<Mutex<HashMap<(String, String), Arc<str>>>> = OnceLock::new();
    REMEMBERED.get_or_init(Mutex::default)
}

/// The stylesheet for the highlighting classes, every text colour darkened where needed to reach
/// WCAG AA contrast (4.5:1) against its background: the theme's comments, for one, are 2.9:1.
///
/// Made once per process: loading syntect's themes is a fixed cost of several milliseconds that
/// every rebuild of `soteria serve` would pay again.
pub(crate) fn stylesheet() -> String {
    static STYLESHEET: OnceLock<String> = OnceLock::new();
    STYLESHEET
        .get_or_init(|| {
            let themes = ThemeSet::load_defaults();
            let css = themes
                .themes
                .get(THEME)
                .and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok())
                .unwrap_or_default();
            with_readable_colours(&css)
        })
        .clone()
}

/// The least contrast text must have against its background (WCAG 2.1 AA, normal text).
const MIN_CONTRAST: f64 = 4.5;

/// Rewrites each rule's `color` so that it reaches [`MIN_CONTRAST`] against the rule's own
/// `background-color`, or the code block's.
fn with_readable_colours(css: &str) -> String {
    let page_background = css
        .split('}')
        .find(|rule| rule.contains(".hl-code"))
        .and_then(|rule| declared(rule, "background-color"))
        .unwrap_or([255, 255, 255]);
    css.split_inclusive('}')
        .map(|rule| {
            let background = declared(rule, "background-color").unwrap_or(page_background);
            match declared(rule, "color") {
                Some(colour) if contrast(colour, background) < MIN_CONTRAST => {
                    let readable = readable_against(colour, background);
                    rule.replacen(
                        &format!(" color: {}", hex(colour)),
                        &format!(" color: {}", hex(readable)),
                        1,
                    )
                }
                _ => rule.to_string(),
            }
        })
        .collect()
}

/// The `#rrggbb` value of `property` in a rule (not matching `background-color` for `color`).
fn declared(rule: &str, property: &str) -> Option<[u8; 3]> {
    let at = rule
        .match_indices(&format!("{property}: #"))
        .find(|(i, _)| {
            property != "color" || !rule.get(..*i).unwrap_or("").ends_with("background-")
        })?
        .0;
    let digits = rule.get(at + property.len() + 3..at + property.len() + 9)?;
    let channel = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colour darkened (or lightened, on a dark background) step by step until it is readable.
fn readable_against(mut colour: [u8; 3], background: [u8; 3]) -> [u8; 3] {
    let darken = luminance(background) > 0.5;
    while contrast(colour, background) < MIN_CONTRAST {
        colour = colour.map(|c| {
            if darken {
                (f64::from(c) * 0.95) as u8
            } else {
                (f64::from(c) + (255.0 - f64::from(c)) * 0.05).ceil() as u8
            }
        });
    }
    colour
}

/// WCAG 2.1 relative luminance.
fn luminance(colour: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(colour[0]) + 0.7152 * linear(colour[1]) + 0.0722 * linear(colour[2])
}

/// WCAG 2.1 contrast ratio.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_not_styles() {
        let html = render_code_block("fn main() {}\n", Some("rust"));
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(stylesheet().contains(".hl-"));
    }

    #[test]
    fn every_highlight_colour_is_readable_against_its_background() {
        let css = stylesheet();
        assert!(
            contrast([0x96, 0x98, 0x96], [255, 255, 255]) < MIN_CONTRAST,
            "the theme's comment colour needs the fix"
        );
        let mut checked = 0;
        for rule in css.split('}') {
            if let Some(colour) = declared(rule, "color") {
                let background = declared(rule, "background-color").unwrap_or([255, 255, 255]);
                assert!(contrast(colour, background) >= MIN_CONTRAST, "{rule}");
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked} rules checked");
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        let html = render_code_block("<b>&</b>\n", Some("no-such-language"));
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
    }
}
