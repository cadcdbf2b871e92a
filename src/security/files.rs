//! Files copied into the output as they are: what a browser would run in them, or fetch from
//! another host. Editors' files beside the content may not be pages or scripts (`.html`, `.js`:
//! they would run on the site's own address), and their SVG images may hold no script; the site
//! owner's `static/` may (it may replace the theme's scripts on purpose), but its SVG, HTML and
//! CSS files are still checked for third-party resources, and its SVG for scripts.

use std::path::Path;

use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::resources;
use crate::diagnostics::{Diagnostic, Locator, Severity};

/// Extensions of files a browser runs as a page or a script.
const RUNNABLE: [&str; 5] = ["html", "htm", "xhtml", "js", "mjs"];

/// The problems of the files beside the content and of the site's `static/` folder under
/// `root`; `severity` is how a third-party resource is reported. Each file beside the content is
/// given as its path under `content_dir` (`tools/a.svg`) and where it is on disk; the site's
/// static files as where they are on disk, as the walk found them.
pub(crate) fn check<'a>(
    root: &Path,
    content_dir: &Path,
    beside_content: impl IntoIterator<Item = (&'a str, &'a Path)>,
    site_static: impl IntoIterator<Item = &'a Path>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (rel, source) in beside_content {
        let shown = content_dir.join(rel);
        let extension = extension_of(rel);
        if RUNNABLE.contains(&extension.as_str()) {
            found.push(
                Diagnostic::error(
                    "runnable-file",
                    &shown,
                    format!("`{rel}` would be published as a page or script of the site, and a reader's browser would run what it holds"),
                )
                .with_help("write the page in Markdown and link to it instead; scripts belong in the theme (or in `static/`, where the site's owner keeps them)"),
            );
        } else if extension == "svg" {
            if let Ok(text) = std::fs::read_to_string(source) {
                found.extend(check_svg(&shown, &text, severity));
            }
        }
    }
    for source in site_static {
        let extension = extension_of(&source.to_string_lossy());
        if !matches!(extension.as_str(), "svg" | "html" | "htm" | "css") {
            continue;
        }
        let Some(text) = crate::files::read_regular(source)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            continue;
        };
        let shown = source.strip_prefix(root).unwrap_or(source);
        found.extend(match extension.as_str() {
            "svg" => check_svg(shown, &text, severity),
            "css" => third_parties(shown, &text, severity, css_resources(&text)),
            _ => third_parties(shown, &text, severity, resources::in_html(&text)),
        });
    }
    found
}

fn extension_of(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn css_resources(css: &str) -> Vec<resources::Resource> {
    resources::in_css(css)
        .into_iter()
        .map(|url| resources::Resource {
            url,
            found_in: "url()".to_string(),
        })
        .collect()
}

/// An SVG image: a script, a handler, a `javascript:` address or a `<foreignObject>` (HTML inside
/// the image) is an error; a resource on another host is reported with `severity`.
fn check_svg(path: &Path, text: &str, severity: Severity) -> Vec<Diagnostic> {
    let locator = Locator::new(text);
    let lower = text.to_ascii_lowercase();
    let locate = |needle: &str| {
        let at = lower.find(&needle.to_ascii_lowercase()).unwrap_or(0);
        locator.locate(at, needle.len().max(1))
    };
    let mut found: Vec<Diagnostic> = scripts_in_svg(text)
        .into_iter()
        .map(|(what, needle)| {
            Diagnostic::error(
                "svg-script",
                path,
                format!("the SVG image has {what}: opened by itself (a link to the image, or a host without the site's headers), it runs in the reader's browser on the site's address"),
            )
            .at(locate(&needle))
            .with_help("save the image again without scripts (e.g. export it as a plain SVG, or run it through an SVG optimiser), or use a PNG")
        })
        .collect();
    found.extend(third_parties(
        path,
        text,
        severity,
        resources::in_html(text),
    ));
    found
}

/// What in an SVG image can run a script, as `(what, text to point at)`.
fn scripts_in_svg(text: &str) -> Vec<(String, String)> {
    #[derive(Default)]
    struct Sink(std::cell::RefCell<Vec<(String, String)>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            if tag.kind != TagKind::StartTag {
                return TokenSinkResult::Continue;
            }
            let mut found = self.0.borrow_mut();
            let name = &*tag.name;
            if matches!(
                name,
                "script" | "foreignobject" | "iframe" | "embed" | "object"
            ) {
                found.push((format!("a `<{name}>` element"), format!("<{name}")));
            }
            for attr in &tag.attrs {
                let key = &*attr.name.local;
                let value: String = attr
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if key.starts_with("on") {
                    found.push((format!("an event handler `{key}`"), key.to_string()));
                } else if value.starts_with("javascript:") || value.contains(";javascript:") {
                    found.push((
                        format!("a `javascript:` address in `{key}`"),
                        "javascript:".to_string(),
                    ));
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(text.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// The third-party-resource diagnostics for `found` in a file whose text is `text`.
fn third_parties(
    path: &Path,
    text: &str,
    severity: Severity,
    found: Vec<resources::Resource>,
) -> Vec<Diagnostic> {
    let locator = Locator::new(text);
    resources::on_other_hosts(text, found)
        .into_iter()
        .map(|other| other.diagnostic(path, severity, |start, len| locator.locate(start, len)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_in_svg_are_found() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script>\
<rect onload=\"x()\"/><a xlink:href=\" java\tscript:x\"><text>t</text></a>\
<foreignObject><p>x</p></foreignObject><set attributeName=\"href\" to=\"javascript:y\"/></svg>";
        let found: Vec<String> = scripts_in_svg(svg).into_iter().map(|(w, _)| w).collect();
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(scripts_in_svg("<svg><rect width=\"1\"/><a href=\"/x\">x</a></svg>").is_empty());
    }
}
