//! What `serve` adds to the pages it sends: the live-reload script and the overlay that shows
//! a failed build's problems over the page, and the status JSON the overlay reads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::locale::{i18n, Locale};
use crate::BuildError;

/// The script `serve` adds to every HTML page it sends (never to `build` output).
pub(crate) const LIVE_JS: &str = include_str!("live.js");
/// The look of the error overlay, as a stylesheet so that pages under a strict
/// Content-Security-Policy show it too.
pub(crate) const LIVE_CSS: &str = include_str!("live.css");

/// The status of a successful build number `build`.
pub(crate) fn ok_status(build: u64) -> String {
    format!(r#"{{"ok":true,"build":{build}}}"#)
}

/// A diagnostic as the overlay shows it.
#[derive(Serialize)]
struct Problem<'a> {
    severity: &'static str,
    code: &'a str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    /// The source line (or the stretch of a long line around the problem), the column its first
    /// character stands for, and the length of the part the caret marks.
    source: Option<&'a str>,
    source_column: usize,
    len: usize,
    message: &'a str,
    help: Option<&'a str>,
}

/// The overlay's text in one language.
#[derive(Debug, Clone, Serialize)]
struct OverlayText {
    title: String,
    help: String,
    /// The help before any build succeeded, which cannot promise an earlier version.
    #[serde(skip)]
    first_help: String,
}

/// The overlay's text in every language the theme has strings for, by language code.
#[derive(Debug, Clone, Default)]
pub(crate) struct OverlayTexts(BTreeMap<String, OverlayText>);

impl OverlayTexts {
    /// The overlay's text in each language of `locale`.
    pub(crate) fn of(locale: &Locale) -> Self {
        OverlayTexts(
            locale
                .all_strings()
                .iter()
                .map(|(lang, map)| {
                    let text = OverlayText {
                        title: i18n::text(map, "build_failed").to_string(),
                        help: i18n::text(map, "build_failed_help").to_string(),
                        first_help: i18n::text(map, "build_failed_first_help").to_string(),
                    };
                    (lang.clone(), text)
                })
                .collect(),
        )
    }
}

/// What the overlay of a failed build shows: its diagnostics, with the overlay's own `texts`.
pub(crate) fn failure_json(error: &BuildError, build: u64, texts: &OverlayTexts) -> String {
    let problems: Vec<Problem<'_>> = error
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Problem {
            severity: "error",
            code: d.code,
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            source: d.location.as_ref().map(|l| l.line_text.as_str()),
            source_column: d.location.as_ref().map_or(1, |l| l.text_column),
            len: d.location.as_ref().map_or(0, |l| l.len),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let message = match error {
        BuildError::Usage(message) => message.clone(),
        BuildError::Write(error) => error.to_string(),
        _ => String::new(),
    };
    let mut strings = texts.0.clone();
    if build == 0 {
        for text in strings.values_mut() {
            text.help = std::mem::take(&mut text.first_help);
        }
    }
    serde_json::json!({
        "ok": false,
        "build": build,
        "problems": problems,
        "message": message,
        "strings": strings,
    })
    .to_string()
}

/// Adds the live-reload script (with the number of the build the page is from) and the
/// overlay's stylesheet at the end of the page's `<head>`.
pub(crate) fn with_live_script(bytes: Vec<u8>, build: u64) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"/__soteria/live.css\"><script src=\"/__soteria/live.js\" data-build=\"{build}\" defer></script>"
    );
    let mut html = bytes;
    let at = html
        .windows(b"</head>".len())
        .position(|window| window == b"</head>")
        .unwrap_or(html.len());
    html.splice(at..at, tags.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_live_script_in_their_head() {
        let html = with_live_script(
            b"<html><head><title>x</title></head><body></body></html>".to_vec(),
            7,
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains(
            "<script src=\"/__soteria/live.js\" data-build=\"7\" defer></script></head>"
        ));
    }

    #[test]
    fn pages_that_are_not_utf8_keep_their_bytes() {
        let page = b"<html><head></head><body>caf\xe9</body></html>".to_vec();
        let html = with_live_script(page, 1);
        assert!(html.ends_with(b"</head><body>caf\xe9</body></html>"));
        assert!(html.starts_with(b"<html><head><link rel=\"stylesheet\""));
    }
}
