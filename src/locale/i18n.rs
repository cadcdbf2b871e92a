//! Interface strings: each language's, read from the theme's `i18n/LANG.yaml` and the site's,
//! with `{placeholders}` filled in, and dates written the way each language writes them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// One language's UI strings.
pub(crate) type StringMap = BTreeMap<String, String>;

/// UI strings of the theme, per language.
pub(crate) type Strings = HashMap<String, StringMap>;

/// The string `key`, or the key itself so that a missing string shows rather than breaks.
pub(crate) fn text<'a>(strings: &'a StringMap, key: &'a str) -> &'a str {
    strings.get(key).map_or(key, String::as_str)
}

/// Replaces each `{name}` in `template` with its value.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// An ISO date (`2024-05-31`, optionally with a time) as the language writes it, using the
/// strings `date_format` and `month_1` … `month_12`; the ISO date when those are missing.
pub(crate) fn format_date(date: &str, strings: &StringMap) -> String {
    let (Some(year), Some(month), Some(day)) = (date.get(0..4), date.get(5..7), date.get(8..10))
    else {
        return date.to_string();
    };
    // Bytes 8..10 were taken above: the first ten bytes are whole characters.
    let ymd = date.get(..10).unwrap_or(date);
    let (Some(format), Ok(month)) = (strings.get("date_format"), month.parse::<u32>()) else {
        return ymd.to_string();
    };
    let Some(month_name) = strings.get(&format!("month_{month}")) else {
        return ymd.to_string();
    };
    let day = day.trim_start_matches('0');
    fill(
        format,
        &[("day", day), ("month", month_name), ("year", year)],
    )
}

/// The UI strings of every language: the default language's, overridden key by key by each
/// language's own, so that a missing translation shows the default text rather than failing.
pub(crate) fn load_all(
    root: &Path,
    config: &Config,
    languages: &[&str],
) -> (Strings, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut load = |lang: &str| {
        load_strings(root, config, lang).unwrap_or_else(|diagnostic| {
            diagnostics.push(diagnostic);
            BTreeMap::new()
        })
    };
    let default = load(&config.default_language);
    let mut all = Strings::new();
    let mut missing_keys = Vec::new();
    for lang in languages {
        let mut strings = default.clone();
        if *lang != config.default_language {
            let own = load(lang);
            let missing: Vec<&str> = default
                .keys()
                .filter(|key| !own.contains_key(*key))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                missing_keys.push(missing_strings_warning(
                    root,
                    config,
                    lang,
                    &missing,
                    own.is_empty(),
                ));
            }
            strings.extend(own);
        }
        all.insert((*lang).to_string(), strings);
    }
    diagnostics.extend(missing_keys);
    (all, diagnostics)
}

/// The warning for a language whose UI strings lack keys the default language has.
fn missing_strings_warning(
    root: &Path,
    config: &Config,
    lang: &str,
    missing: &[&str],
    none: bool,
) -> Diagnostic {
    // The built-in theme has no file to change: the site's own i18n/ is where the keys go.
    let file = match Theme::of(root, &config.theme) {
        Theme::Builtin => PathBuf::from("i18n"),
        Theme::Folder(_) => PathBuf::from("themes").join(&config.theme).join("i18n"),
    }
    .join(format!("{lang}.yaml"));
    let default = &config.default_language;
    let message = if none {
        format!("there are no interface strings for `{lang}`; the `{default}` ones are shown")
    } else {
        format!(
            "{} interface string{} missing for `{lang}`, shown in `{default}`: {}",
            missing.len(),
            if missing.len() == 1 { " is" } else { "s are" },
            missing.join(", ")
        )
    };
    Diagnostic::warning("missing-strings", file, message).with_help(format!(
        "add the keys to i18n/{lang}.yaml in the site (or the theme)"
    ))
}

/// The theme's UI strings for `lang`, with the site's own `i18n/LANG.yaml` overriding them.
fn load_strings(
    root: &Path,
    config: &Config,
    lang: &str,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut strings = BTreeMap::new();
    let rel = format!("i18n/{lang}.yaml");
    let theme = Theme::of(root, &config.theme).read_text(root, &rel);
    let own = std::fs::read_to_string(root.join(&rel))
        .ok()
        .map(|text| (PathBuf::from(&rel), text));
    for (shown, text) in theme.into_iter().chain(own) {
        let map: BTreeMap<String, String> = serde_yaml::from_str(&text)
            .map_err(|error| crate::yaml::to_diagnostic(shown, &text, 1, &error))?;
        strings.extend(map);
    }
    Ok(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_languages_format() {
        let mut strings = StringMap::new();
        strings.insert("date_format".into(), "{day}. {month} {year}".into());
        strings.insert("month_5".into(), "Mai".into());
        assert_eq!(format_date("2020-05-06", &strings), "6. Mai 2020");
        assert_eq!(format_date("2020-06-06T10:00:00Z", &strings), "2020-06-06");
        assert_eq!(format_date("2020-05-06", &StringMap::new()), "2020-05-06");
    }
}
