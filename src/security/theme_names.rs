//! The class names and ids the built-in theme gives its own page parts — the quick-exit button,
//! the header, the skip link, cards — which content may not take: a heading `{.quick-exit}` or a
//! `<div class="card__title">` would be styled as the theme's part and could cover the exit
//! button, and an `id="main"` would take the skip link's target.
//!
//! They are read once from the theme's own files, built into the program: every `.class` and
//! `#id` its stylesheet selects, every `class="…"` and `id="…"` its templates write, and the
//! names its scripts look up. Content may still use the few classes the theme styles for it
//! ([`FOR_CONTENT`]) and those the Markdown renderer writes itself.

use std::collections::HashSet;
use std::sync::OnceLock;

use cssparser::{ParseError, Parser, Token};

/// The theme's stylesheet.
const STYLESHEET: &str = include_str!("../../themes/default/static/css/soteria.css");

/// The theme's scripts.
const SCRIPTS: [&str; 3] = [
    include_str!("../../themes/default/static/js/quick-exit.js"),
    include_str!("../../themes/default/static/js/search.js"),
    include_str!("../../themes/default/static/js/facets.js"),
];

/// The theme's templates (a test checks that none is missing).
const TEMPLATES: [(&str, &str); 29] = [
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "finding.html",
        include_str!("../../themes/default/templates/finding.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "partials/breadcrumbs.html",
        include_str!("../../themes/default/templates/partials/breadcrumbs.html"),
    ),
    (
        "partials/comparison.html",
        include_str!("../../themes/default/templates/partials/comparison.html"),
    ),
    (
        "partials/coverage.html",
        include_str!("../../themes/default/templates/partials/coverage.html"),
    ),
    (
        "partials/facets.html",
        include_str!("../../themes/default/templates/partials/facets.html"),
    ),
    (
        "partials/helplines.html",
        include_str!("../../themes/default/templates/partials/helplines.html"),
    ),
    (
        "partials/listing.html",
        include_str!("../../themes/default/templates/partials/listing.html"),
    ),
    (
        "partials/page-terms.html",
        include_str!("../../themes/default/templates/partials/page-terms.html"),
    ),
    (
        "partials/print-link.html",
        include_str!("../../themes/default/templates/partials/print-link.html"),
    ),
    (
        "partials/standards-box.html",
        include_str!("../../themes/default/templates/partials/standards-box.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../../themes/default/templates/partials/toc.html"),
    ),
    (
        "partials/translation-notice.html",
        include_str!("../../themes/default/templates/partials/translation-notice.html"),
    ),
    (
        "partials/type_label.html",
        include_str!("../../themes/default/templates/partials/type_label.html"),
    ),
    (
        "partials/type_plural.html",
        include_str!("../../themes/default/templates/partials/type_plural.html"),
    ),
    (
        "partials/ui-lang.html",
        include_str!("../../themes/default/templates/partials/ui-lang.html"),
    ),
    (
        "practice.html",
        include_str!("../../themes/default/templates/practice.html"),
    ),
    (
        "print.html",
        include_str!("../../themes/default/templates/print.html"),
    ),
    (
        "project.html",
        include_str!("../../themes/default/templates/project.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/default/templates/section.html"),
    ),
    (
        "standard.html",
        include_str!("../../themes/default/templates/standard.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../../themes/default/templates/taxonomy.html"),
    ),
    (
        "tool.html",
        include_str!("../../themes/default/templates/tool.html"),
    ),
    (
        "translation-status.html",
        include_str!("../../themes/default/templates/translation-status.html"),
    ),
];

/// Classes of the theme that content may use: the boxes it styles for content
/// (`markdown-alert-note`, …), and what the Markdown renderer writes (tables, task lists,
/// footnotes, highlighted code, links to standards).
pub(crate) const FOR_CONTENT: [&str; 9] = [
    "markdown-alert-",
    "align-",
    "table-wrap",
    "task",
    "footnote-",
    "hl-",
    "code",
    "std-ref",
    "lead",
];

/// The theme's own names.
struct ThemeNames {
    classes: HashSet<String>,
    ids: HashSet<String>,
    /// Ids the templates write with a variable part after these (`status-{{ lang }}`).
    id_prefixes: Vec<String>,
}

fn theme_names() -> &'static ThemeNames {
    static NAMES: OnceLock<ThemeNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = ThemeNames {
            classes: HashSet::new(),
            ids: HashSet::new(),
            id_prefixes: Vec::new(),
        };
        selectors_of(STYLESHEET, &mut names);
        for (_, template) in TEMPLATES {
            attributes_of(template, &mut names);
        }
        for script in SCRIPTS {
            looked_up_by(script, &mut names);
        }
        names
    })
}

/// True when `class` is one of the theme's own classes, which content may not use.
pub(crate) fn is_theme_class(class: &str) -> bool {
    !FOR_CONTENT
        .iter()
        .any(|allowed| class == *allowed || allowed.ends_with('-') && class.starts_with(allowed))
        && theme_names().classes.contains(class)
}

/// True when `id` is one of the theme's own ids (`main`, `page-title`, `search-input`, …).
pub(crate) fn is_theme_id(id: &str) -> bool {
    let names = theme_names();
    names.ids.contains(id) || names.id_prefixes.iter().any(|p| id.starts_with(p.as_str()))
}

/// The theme's ids, for the heading ids made from text to go around them.
pub(crate) fn theme_ids() -> impl Iterator<Item = &'static str> {
    theme_names().ids.iter().map(String::as_str)
}

/// The classes and ids a stylesheet's selectors name, in its rules and its `@media` blocks
/// (not in declarations, where `#fff` is a colour).
fn selectors_of(css: &str, names: &mut ThemeNames) {
    let mut parser = Parser::new(css);
    rules(&mut parser, names);
}

fn rules(parser: &mut Parser<'_>, names: &mut ThemeNames) {
    let mut at_rule = false;
    let mut after_dot = false;
    loop {
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            Token::AtKeyword(_) => at_rule = true,
            Token::Delim('.') => {
                after_dot = true;
                continue;
            }
            Token::Ident(name) if after_dot && !at_rule => {
                names.classes.insert(name.to_string());
            }
            Token::IDHash(name) if !at_rule => {
                names.ids.insert(name.to_string());
            }
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock => {
                // `:is(.a, .b)`, `:not(#x)`: selectors inside.
                let _ = parser.parse_nested_block(|inner| {
                    rules(inner, names);
                    Ok::<(), ParseError<()>>(())
                });
            }
            Token::CurlyBracketBlock => {
                // An at-rule's block holds rules; a rule's block holds declarations.
                if at_rule {
                    let _ = parser.parse_nested_block(|inner| {
                        rules(inner, names);
                        Ok::<(), ParseError<()>>(())
                    });
                }
                at_rule = false;
            }
            Token::Semicolon => at_rule = false,
            _ => {}
        }
        after_dot = false;
    }
}

/// The values of `class="…"` and `id="…"` in a template, with Tera's `{{ … }}` and `{% … %}`
/// taken out (what they print is not the theme's name).
fn attributes_of(template: &str, names: &mut ThemeNames) {
    for (attribute, is_id) in [(" class=\"", false), (" id=\"", true)] {
        let mut rest = template;
        while let Some((_, after)) = rest.split_once(attribute) {
            let value = after.split('"').next().unwrap_or_default();
            rest = after.get(value.len()..).unwrap_or_default();
            let plain = without_tera(value);
            if is_id {
                let id = plain.trim();
                if value.trim_start().starts_with(id) && !id.is_empty() {
                    if value.trim() == id {
                        names.ids.insert(id.to_string());
                    } else {
                        names.id_prefixes.push(id.to_string());
                    }
                }
            } else {
                names
                    .classes
                    .extend(plain.split_whitespace().map(str::to_string));
            }
        }
    }
}

/// `text` with Tera's tags replaced by spaces.
fn without_tera(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let (before, from) = rest.split_at_checked(start).unwrap_or((rest, ""));
        out.push_str(before);
        let close = match from.get(1..2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => {
                out.push('{');
                rest = from.get(1..).unwrap_or_default();
                continue;
            }
        };
        out.push(' ');
        rest = from.split_once(close).map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The ids and classes a script looks up or sets: `getElementById("x")`, `classList.add("x")`,
/// and the selectors of `querySelector("…")`.
fn looked_up_by(script: &str, names: &mut ThemeNames) {
    for call in [
        "getElementById(\"",
        "classList.add(\"",
        "classList.remove(\"",
        "classList.toggle(\"",
        "querySelector(\"",
        "querySelectorAll(\"",
    ] {
        let mut rest = script;
        while let Some((_, after)) = rest.split_once(call) {
            let value = after.split('"').next().unwrap_or_default();
            rest = after;
            if call.starts_with("getElementById") {
                names.ids.insert(value.to_string());
            } else if call.starts_with("classList") {
                names.classes.insert(value.to_string());
            } else {
                selectors_of(value, names);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_parts_are_its_own() {
        for class in [
            "quick-exit",
            "quick-exit-bar",
            "card__title",
            "skip-link",
            "site-header",
            "quick-exit-leaving",
            "visually-hidden",
            "facets__status",
        ] {
            assert!(is_theme_class(class), "{class}");
        }
        for class in [
            "note",
            "warning",
            "markdown-alert-warning",
            "table-wrap",
            "align-left",
            "hl-keyword",
            "std-ref",
            "fff",
        ] {
            assert!(!is_theme_class(class), "{class}");
        }
        for id in [
            "main",
            "page-title",
            "search-input",
            "search-strings",
            "quick-exit-note",
            "status-en",
        ] {
            assert!(is_theme_id(id), "{id}");
        }
        for id in ["steps", "help", "fff", "substandard-1-1"] {
            assert!(!is_theme_id(id), "{id}");
        }
    }

    #[test]
    fn every_template_of_the_theme_is_read() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = TEMPLATES.iter().map(|(name, _)| *name).collect();
        listed.sort_unstable();
        assert_eq!(on_disk, listed);
    }
}
