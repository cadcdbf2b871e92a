//! Sanitising raw HTML written in Markdown, with ammonia: scripts, event handlers and
//! `javascript:` URLs never reach a reader.
//!
//! It runs only on pages with raw HTML. What the renderer writes itself needs no sanitising:
//! heading attributes pass the allow-list in `security::attributes`, and a test of the Markdown
//! module checks that the sanitiser would keep every tag and attribute of such output as it is.

use std::borrow::Cow;
use std::sync::OnceLock;

use ammonia::Builder;

use crate::security::theme_names;

fn cleaner() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            // What our own renderer produces around the author's HTML must survive; the
            // writing direction and language of a passage (right-to-left text in a table cell).
            .add_generic_attributes(["class", "id", "dir", "lang"])
            .add_tags(["input", "label"])
            .add_tag_attributes("div", ["role", "tabindex", "aria-labelledby"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("th", ["scope"])
            // rel is a choice of the theme, not of the sanitiser.
            .link_rel(None)
            .attribute_filter(attribute_filter);
        builder
    })
}

/// Keeps a placeholder only where the renderer wrote one, as a whole `href` of a link: raw HTML
/// that leaves an attribute open (`<div title="…`) takes the HTML after it, placeholders
/// included, into the attribute, and a link filled in there would end it and add attributes.
///
/// Classes and ids of the theme's own parts are taken out of `class` and `id` (see
/// `security::theme_names`): the theme's own markup is not sanitised, only a page's.
fn attribute_filter<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let value: Cow<'u, str> = match attribute {
        "id" if theme_names::is_theme_id(value.trim()) => return None,
        // ammonia checks the schemes of links and images, not of quotations' sources.
        "cite" if crate::security::urls::is_script_url(value) => return None,
        "dir" if !["ltr", "rtl", "auto"].contains(&value.trim().to_ascii_lowercase().as_str()) => {
            return None
        }
        "class"
            if value
                .split_ascii_whitespace()
                .any(theme_names::is_theme_class) =>
        {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|class| !theme_names::is_theme_class(class))
                .collect();
            if kept.is_empty() {
                return None;
            }
            kept.join(" ").into()
        }
        _ => value.into(),
    };
    if !value.contains([super::PLACEHOLDER_START, super::PLACEHOLDER_END]) {
        return Some(value);
    }
    let whole = value
        .strip_prefix(super::PLACEHOLDER_START)
        .and_then(|rest| rest.strip_suffix(super::PLACEHOLDER_END))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    if element == "a" && attribute == "href" && whole {
        return Some(value);
    }
    let value = super::fill_placeholders(&value, |_| String::new());
    Some(
        value
            .replace(
                [super::PLACEHOLDER_START, super::PLACEHOLDER_END],
                "\u{FFFD}",
            )
            .into(),
    )
}

/// Removes everything unsafe from `html`, keeping the markup Markdown produces.
pub(super) fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_direction_and_language_are_kept() {
        let html = sanitize(
            "<table><tr><th dir=\"rtl\" lang=\"ar\">العمر</th></tr></table><span dir=\"sideways\">x</span>",
        );
        assert!(html.contains("<th dir=\"rtl\" lang=\"ar\">"), "{html}");
        assert!(html.contains("<span>x</span>"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = sanitize("<p>hi<script>alert(1)</script><img src=x onerror=alert(1)></p>");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("<p>hi"), "{html}");
    }

    #[test]
    fn placeholders_inside_other_attributes_are_removed() {
        let p = super::super::references::placeholder(0);
        let html = format!(
            "<div title=\"x\n<p>{p} <a href=\"{p}\">y</a> <p><a href=\"{p}\">ok</a> {p}</p>"
        );
        assert_eq!(
            sanitize(&html),
            format!(
                "<div title=\"x\n&lt;p&gt; &lt;a href=\">y <p><a href=\"{p}\">ok</a> {p}</p></div>"
            )
        );
    }

    #[test]
    fn renderer_markup_survives() {
        let html = "<h2 id=\"a\">A</h2><pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-x\">x</span></code></pre>";
        assert_eq!(sanitize(html), html);
    }
}
