//! The language part of a content file's name: `referral.sv.md` is the Swedish translation of
//! `referral.md`. A last dotted part that looks like a language code but is not one of the
//! site's (`referral.de.md`, `referral.SV.md`) is an error, so that a translation meant for
//! another language is never published as a page of the default language at
//! `/guidance/referral.de/`.
//!
//! Looks like a language code: two ASCII letters in any case (`de`, `SV`), or two or three
//! letters with BCP 47 subtags (`pt-BR`, `zh-Hant`, `yue-HK`), or a site's code in another case.
//! Any other dotted part is part of the page's name, as in `v1.2.md`, `report.2024.md` or
//! `robots.txt.md` (three letters alone are more often a file extension than a language).
//! docs/content.md says so.

use crate::diagnostics::Diagnostic;
use crate::paths::{check_language_code, shown};

/// The error for a Markdown file under `content/` (its path `rel` below it, with `/`) whose name
/// ends in a language code that is not one of `languages` (the site's, the default first).
pub(crate) fn check(dir: &str, rel: &str, languages: &[&str]) -> Option<Diagnostic> {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let same_but_case = languages
        .iter()
        .find(|language| language.eq_ignore_ascii_case(code));
    if languages.contains(&code) || (same_but_case.is_none() && !looks_like_language(code)) {
        return None;
    }
    let default = languages.first().copied().unwrap_or("en");
    let path = format!("{dir}/{}", shown(rel));
    let diagnostic = match same_but_case {
        Some(language) => Diagnostic::error(
            "file-language",
            path,
            format!(
                "`{}` is not a language of this site as written: file names spell the codes as site.yaml does ({})",
                shown(code),
                languages.join(", ")
            ),
        )
        .with_help(format!("rename the file to `{}.{language}.md`", shown(base))),
        None => {
            let other = languages.get(1).copied().unwrap_or(default);
            Diagnostic::error(
                "file-language",
                path,
                format!(
                    "`{}` is not a language of this site; its languages are {}",
                    shown(code),
                    languages.join(", ")
                ),
            )
            .with_help(format!(
                "rename the file to `{base}.{other}.md` (or another of the site's languages), or to `{base}.md` for {default}, the default; or add `{code}` under `languages` in site.yaml; if `.{code}` is part of the page's name, write `{base}-{code}.md`",
                base = shown(base),
                code = shown(code),
            ))
        }
    };
    Some(diagnostic)
}

/// Two ASCII letters, or two or three followed by BCP 47 subtags (`pt-BR`).
fn looks_like_language(code: &str) -> bool {
    let first = code.split('-').next().unwrap_or("");
    let letters = first.bytes().all(|b| b.is_ascii_alphabetic());
    let subtags = first.len() < code.len();
    letters
        && (first.len() == 2 || (first.len() == 3 && subtags))
        && check_language_code(code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: [&str; 2] = ["en", "sv"];

    fn message(rel: &str) -> Option<String> {
        check("content", rel, &SITE).map(|d| d.message)
    }

    #[test]
    fn a_site_language_and_a_name_without_one_pass() {
        for rel in [
            "guidance/referral.md",
            "guidance/referral.sv.md",
            "_index.sv.md",
            "tools/kit/index.md",
        ] {
            assert_eq!(message(rel), None, "{rel}");
        }
    }

    #[test]
    fn a_dotted_part_that_is_no_language_code_is_part_of_the_name() {
        for rel in [
            "news/v1.2.md",
            "report.2024.md",
            "notes.final.md",
            "a.b1.md",
            "robots.txt.md",
            "kit/index.fra.md",
        ] {
            assert_eq!(message(rel), None, "{rel}");
        }
    }

    #[test]
    fn a_code_the_site_does_not_have_is_an_error() {
        for rel in [
            "guidance/referral.de.md",
            "a.pt-BR.md",
            "kit/index.yue-HK.md",
        ] {
            assert!(
                message(rel).is_some_and(|m| m.contains("is not a language of this site")),
                "{rel}"
            );
        }
        let upper = check("content", "guidance/referral.SV.md", &SITE).unwrap();
        assert_eq!(
            upper.help.as_deref(),
            Some("rename the file to `referral.sv.md`")
        );
    }
}
