//! Code highlighting with syntect: spans with CSS classes (no inline styles, so pages work under
//! a strict Content-Security-Policy), and the one stylesheet those classes need.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

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
        .map(|l| format!(" data-lang=\"{}\"", escape(l)))
        .unwrap_or_default();
    let body = syntax
        .and_then(|syntax| {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .ok()?;
            }
            Some(generator.finalize())
        })
        .unwrap_or_else(|| escape(code));
    format!("<pre class=\"code hl-code\"{lang_attr}><code>{body}</code></pre>\n")
}

/// The stylesheet for the highlighting classes.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    themes
        .themes
        .get(THEME)
        .and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok())
        .unwrap_or_default()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
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
    fn unknown_languages_are_escaped_plain_text() {
        let html = render_code_block("<b>&</b>\n", Some("no-such-language"));
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
    }
}
