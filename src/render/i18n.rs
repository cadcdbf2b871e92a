//! Language-dependent text for templates: UI strings with `{placeholders}` filled in, and dates
//! written the way each language writes them.

use std::collections::BTreeMap;

/// One language's UI strings.
pub(crate) type StringMap = BTreeMap<String, String>;

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
