//! The one allow-list of attributes Soteria writes from what editors write. On a heading's
//! `{…}` block only an id and classes are written, each checked; anything else (`onfocus=…`,
//! `style=…`, `autofocus`) is dropped and named in a warning. Values Soteria writes into
//! attributes itself are escaped by [`super::html`].

use super::theme_names;

/// A heading's attribute block after the allow-list: what may be written, and what may not.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct HeadingAttributes<'a> {
    /// The `{#id}`, when it is a safe id.
    pub id: Option<&'a str>,
    /// The `{.class}`es that are safe class names.
    pub classes: Vec<&'a str>,
    /// Everything else, as the editor wrote it (`#a"b`, `.x<y`, `onfocus=alert(1)`).
    pub dropped: Vec<Dropped>,
}

/// An attribute of a heading that is not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// The attribute as written inside the `{…}`.
    pub written: String,
    /// What kind of attribute it is.
    pub kind: DroppedKind,
}

/// Why an attribute was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DroppedKind {
    /// An `{#id}` with characters an id may not have.
    Id,
    /// A `{.class}` with characters a class name may not have.
    Class,
    /// Any `key=value` or bare `key`: never written.
    Other,
    /// An `{#id}` the theme gives one of its own parts (`#main`).
    ThemeId,
    /// A `{.class}` of the theme's own parts (`.quick-exit`, `.card__title`).
    ThemeClass,
}

/// Applies the allow-list to a heading's attribute block as pulldown-cmark parsed it.
pub(crate) fn heading<'a>(
    id: Option<&'a str>,
    classes: impl IntoIterator<Item = &'a str>,
    others: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> HeadingAttributes<'a> {
    let mut checked = HeadingAttributes::default();
    match id {
        Some(id) if is_safe_id(id) && theme_names::is_theme_id(id) => {
            checked.dropped.push(Dropped {
                written: format!("#{id}"),
                kind: DroppedKind::ThemeId,
            });
        }
        Some(id) if is_safe_id(id) => checked.id = Some(id),
        Some(id) => checked.dropped.push(Dropped {
            written: format!("#{id}"),
            kind: DroppedKind::Id,
        }),
        None => {}
    }
    for class in classes {
        if theme_names::is_theme_class(class) {
            checked.dropped.push(Dropped {
                written: format!(".{class}"),
                kind: DroppedKind::ThemeClass,
            });
        } else if is_safe_class(class) {
            checked.classes.push(class);
        } else {
            checked.dropped.push(Dropped {
                written: format!(".{class}"),
                kind: DroppedKind::Class,
            });
        }
    }
    for (key, value) in others {
        checked.dropped.push(Dropped {
            written: match value {
                Some(value) => format!("{key}={value}"),
                None => key.to_string(),
            },
            kind: DroppedKind::Other,
        });
    }
    checked
}

/// True for an id that is safe in an attribute, a URL fragment and a CSS selector: letters and
/// digits of any script, `-`, `_` and `.`, starting with a letter, digit or `_`.
pub(crate) fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// True for a class name that is safe in an attribute and a CSS selector: letters and digits of
/// any script, `-` and `_`.
pub(crate) fn is_safe_class(class: &str) -> bool {
    !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_ids_and_classes_are_kept() {
        let checked = heading(
            Some("steps"),
            ["note", "x\"onmouseover"],
            [("onfocus", Some("alert(1)")), ("autofocus", None)],
        );
        assert_eq!(checked.id, Some("steps"));
        assert_eq!(checked.classes, ["note"]);
        let dropped: Vec<&str> = checked.dropped.iter().map(|d| d.written.as_str()).collect();
        assert_eq!(
            dropped,
            [".x\"onmouseover", "onfocus=alert(1)", "autofocus"]
        );
    }

    #[test]
    fn ids_keep_letters_of_every_script_and_nothing_that_breaks_out() {
        for id in ["käytäntö-x", "1-2-right", "захист_дітей", "std-1.2", "_x"] {
            assert!(is_safe_id(id), "{id}");
        }
        for id in [
            "", "a b", "a\"b", "a'b", "a<b", "a/b", "a#b", "-x", ".x", "a=b", "a\u{0}b", "a\tb",
        ] {
            assert!(!is_safe_id(id), "{id:?}");
        }
        assert!(is_safe_class("hl-note_2"));
        for class in ["", "a.b", "a\"b", "a b", "a:b", "a/b"] {
            assert!(!is_safe_class(class), "{class:?}");
        }
    }
}
