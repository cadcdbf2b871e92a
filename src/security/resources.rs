//! Third-party resources: the addresses in an editor's HTML and CSS that a reader's browser would
//! fetch by itself (images, frames, media, stylesheets, scripts, `url(…)` and `@import` in
//! styles), and whether one is on another host. Plain links (`<a href>`) are not resources: the
//! reader chooses to follow them.
//!
//! HTML is read with html5ever's tokenizer and CSS with cssparser, the parsers the sanitiser
//! uses, so that entities, escapes and odd spacing are read as a browser reads them.

use std::cell::RefCell;
use std::path::Path;

use cssparser::{ParseError, Parser, Token as CssToken};
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use url::Url;

use super::urls;
use crate::diagnostics::{Diagnostic, Location, Severity};

/// An address in HTML that the browser fetches without the reader asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    /// The address as the browser reads it (entities decoded).
    pub url: String,
    /// Where it was found, e.g. `<img src>` or `style url()`.
    pub found_in: String,
}

/// A resource on another host, and where its address is written.
pub(crate) struct ThirdParty {
    /// The resource.
    pub resource: Resource,
    /// The other host.
    pub host: String,
    /// The byte range of its address in the text it was found in; `None` when the text spells
    /// it otherwise (with entities, say).
    pub at: Option<std::ops::Range<usize>>,
}

impl ThirdParty {
    /// Its diagnostic in `path`, at its address in a fragment of the file that `locate` places
    /// (`locate(start, len)` of a byte range of the fragment); an address spelt with entities is
    /// reported at the fragment's start.
    pub(crate) fn diagnostic(
        self,
        path: &Path,
        severity: Severity,
        locate: impl Fn(usize, usize) -> Location,
    ) -> Diagnostic {
        let location = self
            .at
            .map_or_else(|| locate(0, 1), |at| locate(at.start, at.len()));
        third_party(
            path,
            severity,
            &self.resource.url,
            &self.resource.found_in,
            &self.host,
            location,
        )
    }
}

/// The resources of `found` (in the order of `text`, where they were found) that are on other
/// hosts, each with the place of its address in `text`: as written, an address is found after
/// the previous one.
pub(crate) fn on_other_hosts(text: &str, found: Vec<Resource>) -> Vec<ThirdParty> {
    let mut cursor = 0;
    let mut others = Vec::new();
    for resource in found {
        let Some(host) = third_party_host(&resource.url) else {
            continue;
        };
        let at = text
            .get(cursor..)
            .and_then(|rest| rest.find(resource.url.as_str()))
            .map(|i| cursor + i..cursor + i + resource.url.len());
        if let Some(at) = &at {
            cursor = at.end;
        }
        others.push(ThirdParty { resource, host, at });
    }
    others
}

/// The resources in a fragment of HTML, in document order.
pub(crate) fn in_html(html: &str) -> Vec<Resource> {
    scan_html(html).found
}

/// What the checks of an editor's raw HTML read in a fragment of it, read once, in document
/// order.
#[derive(Debug, Default)]
pub(crate) struct Fragment {
    /// The resources a browser fetches (see [`in_html`]).
    pub resources: Vec<Resource>,
    /// The elements that change how the browser treats the whole page, not their place in it
    /// (`<meta>`: a refresh to another address, a referrer policy, a character set; `<base>`:
    /// where every relative address points).
    pub page_wide: Vec<String>,
    /// The `class` and `id` attributes, as `("class", value)` and `("id", value)`.
    pub names: Vec<(&'static str, String)>,
    /// The attributes with a script address.
    pub script_urls: Vec<ScriptUrl>,
}

/// Reads a fragment of HTML for [`Fragment`]: with the tokenizer only when something could be
/// found (most fragments, `<br>` or `</em>`, have no attribute and no address).
pub(crate) fn read_fragment(html: &str) -> Fragment {
    let lower = html.to_ascii_lowercase();
    // An attribute with a value has `=`; `<style>` text may load an address without one.
    if !html.contains('=')
        && !may_name_another_host(html)
        && !lower.contains("<meta")
        && !lower.contains("<base")
    {
        return Fragment::default();
    }
    let state = scan_html(html);
    Fragment {
        resources: state.found,
        page_wide: state.page_wide,
        names: state.names,
        script_urls: state.script_urls,
    }
}

/// An attribute of a fragment of HTML whose address would run a script or bring a document of
/// its own (see [`urls::is_script_url`]), which the sanitiser removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScriptUrl {
    /// The element's name, `a`.
    pub element: String,
    /// The attribute's name, `href`.
    pub attribute: String,
    /// How many start tags of the same name come before the element's in the fragment.
    pub nth: usize,
}

/// The resources, the page-wide elements, the classes and ids and the script addresses of a
/// fragment of HTML.
fn scan_html(html: &str) -> SinkState {
    let sink = ResourceSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut state = sink.state.into_inner();
    state.flush_style();
    state
}

/// The addresses a stylesheet or a `style` attribute loads: `url(…)`, `src(…)`, the strings of
/// `image-set(…)` and `@import "…"`.
pub(crate) fn in_css(css: &str) -> Vec<String> {
    let mut parser = Parser::new(css);
    let mut urls = Vec::new();
    collect_css(&mut parser, &mut urls, false);
    urls
}

/// The host of `url` when a browser on the site would fetch it from another host: absolute
/// `http(s)://` and protocol-relative `//` addresses (however spelled: `/\host`, `HTTPS:`,
/// with tabs or spaces). `None` for addresses on the site itself and for non-fetching schemes.
pub(crate) fn third_party_host(url: &str) -> Option<String> {
    // Relative addresses resolve against this stand-in for the site's own origin.
    let site = Url::parse("https://site.invalid/").ok()?;
    let resolved = site.join(url).ok()?;
    if !matches!(resolved.scheme(), "http" | "https" | "ws" | "wss" | "ftp") {
        return None;
    }
    match resolved.host_str() {
        Some("site.invalid") | None => None,
        Some(host) => Some(host.to_string()),
    }
}

/// False when `text` cannot hold an address on another host: that needs a scheme (`:`), two
/// slashes (`//`, `/\`), or an escape or entity that could spell them. Most tags (`</b>`,
/// `<br>`) are passed over without tokenizing them.
fn may_name_another_host(text: &str) -> bool {
    text.contains([':', '\\', '&']) || text.contains("//")
}

fn collect_css(parser: &mut Parser<'_>, urls: &mut Vec<String>, strings_are_urls: bool) {
    let mut after_import = false;
    loop {
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            CssToken::WhiteSpace(_) | CssToken::Comment(_) => continue,
            CssToken::AtKeyword(name) => {
                after_import = name.eq_ignore_ascii_case("import");
                continue;
            }
            CssToken::UnquotedUrl(url) => urls.push(url.to_string()),
            CssToken::QuotedString(text) if strings_are_urls || after_import => {
                urls.push(text.to_string());
            }
            CssToken::Function(name) => {
                let loads = ["url", "src", "image", "image-set", "-webkit-image-set"]
                    .iter()
                    .any(|f| name.eq_ignore_ascii_case(f));
                nested(parser, urls, loads);
            }
            CssToken::ParenthesisBlock
            | CssToken::SquareBracketBlock
            | CssToken::CurlyBracketBlock => nested(parser, urls, false),
            _ => {}
        }
        after_import = false;
    }
}

fn nested(parser: &mut Parser<'_>, urls: &mut Vec<String>, strings_are_urls: bool) {
    let _ = parser.parse_nested_block(|inner| {
        collect_css(inner, urls, strings_are_urls);
        Ok::<(), ParseError<()>>(())
    });
}

/// `rel` values of `<link>` that fetch nothing.
const NON_FETCHING_RELS: [&str; 13] = [
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "tag",
];

/// The address of a refresh's `content` (`5; url='https://…'`), as a browser reads it.
fn refresh_url(content: &str) -> Option<String> {
    let after_delay = content
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest = after_delay
        .trim_start()
        .trim_start_matches([';', ','])
        .trim_start();
    let rest = match rest.get(..3) {
        Some(key) if key.eq_ignore_ascii_case("url") => {
            let after = rest.get(3..).unwrap_or_default().trim_start();
            after.strip_prefix('=').map_or(rest, str::trim_start)
        }
        _ => rest,
    };
    let url = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest
            .get(1..)
            .unwrap_or_default()
            .split(quote)
            .next()
            .unwrap_or_default(),
        _ => rest,
    };
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_string())
}

#[derive(Default)]
struct ResourceSink {
    state: RefCell<SinkState>,
}

#[derive(Default)]
struct SinkState {
    found: Vec<Resource>,
    /// The text of an open `<style>` element.
    style: Option<String>,
    /// The names of `<meta>` and `<base>` elements.
    page_wide: Vec<String>,
    /// The values of `class` and `id` attributes.
    names: Vec<(&'static str, String)>,
    /// The attributes with a script address.
    script_urls: Vec<ScriptUrl>,
    /// How many start tags of each name came so far.
    tags_seen: std::collections::HashMap<String, usize>,
}

impl SinkState {
    fn flush_style(&mut self) {
        if let Some(css) = self.style.take() {
            for url in in_css(&css) {
                self.found.push(Resource {
                    url,
                    found_in: "<style>".to_string(),
                });
            }
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = &*tag.name;
        let seen = self.tags_seen.entry(name.to_string()).or_default();
        let nth = *seen;
        *seen += 1;
        let attribute = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| &*a.value)
        };
        for attr in &tag.attrs {
            match &*attr.name.local {
                "class" => self.names.push(("class", attr.value.to_string())),
                "id" => self.names.push(("id", attr.value.to_string())),
                // The addresses the sanitiser keeps unless they are script addresses (it
                // removes other elements and attributes whatever their address).
                key @ ("href" | "src" | "cite")
                    if matches!(
                        (name, key),
                        ("a", "href")
                            | ("img", "src")
                            | ("blockquote" | "q" | "del" | "ins", "cite")
                    ) && urls::is_script_url(&attr.value) =>
                {
                    self.script_urls.push(ScriptUrl {
                        element: name.to_string(),
                        attribute: key.to_string(),
                        nth,
                    });
                }
                _ => {}
            }
        }
        if matches!(name, "meta" | "base") {
            self.page_wide.push(name.to_string());
        }
        // `<meta http-equiv=refresh content="0;url=…">` sends the reader there by itself.
        let refresh =
            attribute("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"));
        if name == "meta" && refresh {
            if let Some(url) = attribute("content").and_then(refresh_url) {
                self.found.push(Resource {
                    url,
                    found_in: "<meta http-equiv=refresh>".to_string(),
                });
            }
        }
        for attr in &tag.attrs {
            let key = &*attr.name.local;
            let value = &*attr.value;
            let found_in = format!("<{name} {key}>");
            let urls: Vec<String> = match key {
                "src" | "poster" | "background" | "lowsrc" | "dynsrc" | "xlink:href" => {
                    vec![value.to_string()]
                }
                "data" if name == "object" => vec![value.to_string()],
                "srcset" | "imagesrcset" => value
                    .split(',')
                    .filter_map(|candidate| candidate.split_whitespace().next())
                    .map(str::to_string)
                    .collect(),
                // Sent a request when the link is followed.
                "ping" => value.split_whitespace().map(str::to_string).collect(),
                "href" => match name {
                    "link" => {
                        let rel = attribute("rel").unwrap_or("").to_ascii_lowercase();
                        if rel
                            .split_whitespace()
                            .all(|r| NON_FETCHING_RELS.contains(&r))
                            && !rel.trim().is_empty()
                        {
                            Vec::new()
                        } else {
                            vec![value.to_string()]
                        }
                    }
                    // `<base>` moves every relative address of the page to its host.
                    "base" | "image" | "use" | "feimage" | "script" => vec![value.to_string()],
                    _ => Vec::new(),
                },
                "style" => {
                    let urls = in_css(value);
                    for url in urls {
                        self.found.push(Resource {
                            url,
                            found_in: "style url()".to_string(),
                        });
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            };
            for url in urls {
                self.found.push(Resource {
                    url,
                    found_in: found_in.clone(),
                });
            }
        }
    }
}

impl TokenSink for ResourceSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                state.flush_style();
                state.start_tag(&tag);
                // The elements whose text the tokenizer must not read as tags, as a browser.
                match &*tag.name {
                    "style" => {
                        state.style = Some(String::new());
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "xmp" | "iframe" | "noembed" | "noframes" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                }
            }
            Token::TagToken(_) => {
                state.flush_style();
                TokenSinkResult::Continue
            }
            Token::CharacterTokens(text) => {
                if let Some(css) = state.style.as_mut() {
                    css.push_str(&text);
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The diagnostic for a resource in content that readers' browsers would fetch from `host`.
pub(crate) fn third_party(
    path: &Path,
    severity: Severity,
    url: &str,
    found_in: &str,
    host: &str,
    at: Location,
) -> Diagnostic {
    let mut help = "save the file in the site (e.g. next to the page) and refer to it by a relative address; a plain link (`[text](https://…)`) is fine".to_string();
    if severity == Severity::Warning {
        help.push_str(
            "; `security: {third_party_resources: error}` in site.yaml makes this an error",
        );
    }
    Diagnostic::new(
        severity,
        "third-party-resource",
        path,
        format!("`{url}` ({found_in}) is on another host, `{host}`: every reader's browser would contact it, and the page's Content-Security-Policy blocks it"),
    )
    .at(at)
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(String, String)> {
        in_html(html)
            .into_iter()
            .map(|r| (r.url, r.found_in))
            .collect()
    }

    #[test]
    fn finds_script_addresses_however_spelt() {
        let found = read_fragment(concat!(
            "<a href=\"jav&#x61;script:alert(1)\">x</a><img src=' data:text/html,x'>",
            "<q cite=JAVASCRIPT&colon;x></q><a href=/ok>y</a>",
            "<a href=\"vbscript:x\"></a><a href=\"https://e.org/javascript:\">z</a>",
            // Removed whatever their address: not told as script addresses.
            "<form action=javascript:x></form><iframe src=javascript:x></iframe>",
        ))
        .script_urls;
        let found: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|u| (&*u.element, &*u.attribute, u.nth))
            .collect();
        assert_eq!(
            found,
            [
                ("a", "href", 0),
                ("img", "src", 0),
                ("q", "cite", 0),
                ("a", "href", 2)
            ]
        );
        let second =
            read_fragment("<a href=/ok>x</a> <a href='javascript:x' ping=y>y</a>").script_urls;
        assert_eq!(second.iter().map(|u| u.nth).collect::<Vec<_>>(), [1]);
        assert!(read_fragment("<a href=/ok>no script here</a>")
            .script_urls
            .is_empty());
    }

    #[test]
    fn finds_what_the_browser_fetches_in_html() {
        let found = urls(concat!(
            "<img src=\"https://a.example/1.png\" srcset=\"/2.png 2x, //b.example/3.png 3x\">",
            "<picture><source srcset=\"https://c.example/4.webp\"></picture>",
            "<iframe src='https://d.example/'></iframe><video poster=https://e.example/p.jpg>",
            "<link rel=stylesheet href=https://f.example/s.css><link rel=canonical href=https://g.example/>",
            "<a href=\"https://h.example/\" ping=\"https://i.example/p\">x</a>",
            "<p style=\"background: URL( 'https://j.example/b.png' )\">",
            "<style>@import \"https://k.example/i.css\"; .x { background: u\\72 l(https://l.example/x) }</style>",
            "<img src=\"https&#58;//m.example/e.png\"><base href=\"https://n.example/\">",
        ));
        let hosts: Vec<Option<String>> = found.iter().map(|(u, _)| third_party_host(u)).collect();
        let expected = [
            "a.example",
            "",
            "b.example",
            "c.example",
            "d.example",
            "e.example",
            "f.example",
            "i.example",
            "j.example",
            "k.example",
            "l.example",
            "m.example",
            "n.example",
        ];
        assert_eq!(
            hosts,
            expected
                .iter()
                .map(|h| (!h.is_empty()).then(|| h.to_string()))
                .collect::<Vec<_>>(),
            "{found:#?}"
        );
        assert_eq!(found[0].1, "<img src>");
        assert_eq!(found[8].1, "style url()");
        assert_eq!(found[9].1, "<style>");
    }

    #[test]
    fn a_refresh_is_a_resource_and_meta_and_base_are_page_wide() {
        for content in [
            "0;url=https://a.example/m",
            "0; URL = 'https://a.example/m'",
            "5,url=&quot;https://a.example/m&quot;",
            "0 https://a.example/m",
        ] {
            let html = format!("<p>x</p><META HTTP-EQUIV=Refresh content=\"{content}\">");
            let found = urls(&html);
            assert_eq!(found.len(), 1, "{content}: {found:?}");
            assert_eq!(third_party_host(&found[0].0).as_deref(), Some("a.example"));
        }
        assert!(urls("<meta http-equiv=refresh content=5>").is_empty());
        assert_eq!(
            read_fragment("<Meta name=referrer content=unsafe-url><p><BASE href=/x>").page_wide,
            ["meta", "base"]
        );
        assert!(read_fragment("<p>meta base</p>").page_wide.is_empty());
    }

    #[test]
    fn text_of_scripts_and_comments_is_not_read_as_tags() {
        assert!(urls("<!-- <img src=https://a.example/x> --><textarea><img src=https://b.example/></textarea>").is_empty());
    }

    #[test]
    fn only_other_hosts_are_third_parties() {
        for own in [
            "x.png",
            "/img/x.png",
            "../x.png",
            "#top",
            "https:x.png",
            "data:image/png;base64,AAAA",
            "mailto:a@b.c",
            "",
        ] {
            assert_eq!(third_party_host(own), None, "{own}");
        }
        for (foreign, host) in [
            ("https://a.example/x.png", "a.example"),
            ("//a.example/x.png", "a.example"),
            ("/\\a.example/x.png", "a.example"),
            ("\\\\a.example/x", "a.example"),
            (" HTTP://A.example/x", "a.example"),
            ("ht\ttps://a.example/x", "a.example"),
            ("http:a.example/x", "a.example"),
        ] {
            assert_eq!(
                third_party_host(foreign).as_deref(),
                Some(host),
                "{foreign}"
            );
        }
    }
}
