//! The languages of a new site: codes checked as `site.yaml` checks them, with each language's
//! name in itself and its direction where Soteria knows them.

use crate::paths::check_language_code;

/// A language of the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language {
    /// Its code (`sv`).
    pub(crate) code: String,
    /// Its name in itself (`Svenska`), or the code when it is not known here.
    pub(crate) name: String,
    /// True when the name was known (else site.yaml asks for it).
    pub(crate) named: bool,
    /// Written right to left.
    pub(crate) rtl: bool,
}

/// Names of the languages the built-in theme has strings for, and a few more.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("is", "Íslenska"),
    ("it", "Italiano"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("nb", "Norsk bokmål"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("uk", "Українська"),
    ("ur", "اردو"),
];

/// Languages written right to left (by their first part: `ar-EG` is `ar`).
const RTL: &[&str] = &["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"];

/// The languages of `codes` (trimmed, at least one, none twice), or what is wrong with them.
pub(crate) fn parse(codes: &[String]) -> Result<Vec<Language>, String> {
    let mut languages: Vec<Language> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        check_language_code(code).map_err(|why| format!("--languages: {why}"))?;
        if languages.iter().any(|l| l.code == code) {
            return Err(format!("--languages: `{code}` is named twice"));
        }
        let first = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        let known = NAMES.iter().find(|(c, _)| *c == code || *c == first);
        languages.push(Language {
            code: code.to_string(),
            name: known.map_or_else(|| code.to_string(), |(_, name)| (*name).to_string()),
            named: known.is_some(),
            rtl: RTL.contains(&first.as_str()),
        });
    }
    if languages.is_empty() {
        return Err("--languages names no language".to_string());
    }
    Ok(languages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_string()).collect()
    }

    #[test]
    fn arabic_is_right_to_left_and_named_in_itself() {
        let languages = parse(&codes(&["en", "sv", "ar"])).unwrap();
        assert_eq!(languages[2].name, "العربية");
        assert!(languages[2].rtl && !languages[0].rtl);
    }

    #[test]
    fn bad_empty_and_repeated_codes_are_refused() {
        assert!(parse(&codes(&["en", "../x"])).is_err());
        assert!(parse(&codes(&[" "])).is_err());
        assert!(parse(&codes(&["en", "en"])).is_err());
    }
}
