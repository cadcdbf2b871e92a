//! A page's body made a chapter of its guide's print page: headings one level lower (the
//! chapter's title takes level 2), every id prefixed with the chapter's so that no two chapters'
//! ids clash, and every link and image address made to work from the print page: a link to a
//! page of the guide becomes a link within the print page, a link to anything else on the site
//! its full URL (which the print stylesheet prints after the link text).
//!
//! The body is read with html5ever's tokenizer, the parser the sanitiser uses, and written back
//! tag by tag; text and attribute values are escaped again on the way out.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use url::Url;

use crate::security::html::push_escaped;

/// An origin no site has, to read the site's own addresses (paths) as URLs.
const LOCAL: &str = "http://soteria.invalid/";

/// Where the links of one chapter go.
pub(crate) struct ChapterLinks<'a> {
    /// The chapter's id (`ch-3`): its own ids become `ch-3-ID`.
    pub(crate) prefix: &'a str,
    /// The URL of the chapter's page, against which its relative addresses are read.
    pub(crate) page_url: &'a str,
    /// The guide's pages, by path as [`chapter_key`] gives it: the id of each one's chapter.
    pub(crate) chapters: &'a HashMap<String, String>,
    /// The full URL of a site path (`/guidance/x/` → `https://example.org/guidance/x/`).
    pub(crate) permalink: &'a dyn Fn(&str) -> String,
}

/// The key under which a page's URL is found in [`ChapterLinks::chapters`].
pub(crate) fn chapter_key(url: &str) -> String {
    local(url).map_or_else(|| url.to_string(), |u| u.path().to_string())
}

fn local(url: &str) -> Option<Url> {
    Url::parse(LOCAL).ok()?.join(url).ok()
}

impl ChapterLinks<'_> {
    /// The id `id` of the chapter's page takes in the print page.
    fn id(&self, id: &str) -> String {
        format!("{}-{id}", self.prefix)
    }

    /// Where a link of the chapter leads in the print page; `None` to keep it as written (a
    /// link to another site, an e-mail address).
    fn href(&self, href: &str) -> Option<String> {
        if let Some(fragment) = href.strip_prefix('#') {
            return Some(format!("#{}", self.id(fragment)));
        }
        let base = local(self.page_url)?;
        let target = base.join(href).ok()?;
        if target.origin() != base.origin() {
            return None;
        }
        // The fragment as written: the URL parser would percent-encode a heading id in
        // another script, and ids are compared as written.
        let fragment = href
            .split_once('#')
            .map(|(_, f)| f)
            .filter(|f| !f.is_empty());
        if let Some(chapter) = self.chapters.get(target.path()) {
            return Some(match fragment {
                Some(fragment) => format!("#{chapter}-{fragment}"),
                None => format!("#{chapter}"),
            });
        }
        Some(self.site_address(&target, true))
    }

    /// A file's address (an image beside the page) from the print page: its path on the site.
    fn src(&self, src: &str) -> Option<String> {
        let base = local(self.page_url)?;
        let target = base.join(src).ok()?;
        (target.origin() == base.origin()).then(|| self.site_address(&target, false))
    }

    /// `target`, on the site's own origin, as the print page links to it: its full URL, or
    /// (`full` false) its path.
    fn site_address(&self, target: &Url, full: bool) -> String {
        let mut path = target.path().to_string();
        if let Some(query) = target.query() {
            path.push('?');
            path.push_str(query);
        }
        if let Some(fragment) = target.fragment() {
            path.push('#');
            path.push_str(fragment);
        }
        if full {
            (self.permalink)(&path)
        } else {
            path
        }
    }
}

/// `html`, a page's body, as chapter `links.prefix` of a print page.
pub(crate) fn chapter_html(html: &str, links: &ChapterLinks<'_>) -> String {
    let sink = Writer {
        links,
        out: RefCell::new(String::with_capacity(html.len() + html.len() / 8)),
        raw: RefCell::new(false),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.out.into_inner()
}

/// Writes the tokens back out, changed as the chapter needs.
struct Writer<'a> {
    links: &'a ChapterLinks<'a>,
    out: RefCell<String>,
    /// True inside an element whose text is not markup (`<style>`, `<script>`).
    raw: RefCell<bool>,
}

/// Attributes that hold ids of other elements, one or several.
const ID_REFERENCES: [&str; 5] = [
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "for",
    "headers",
];

impl Writer<'_> {
    fn start_tag(&self, tag: &Tag) {
        let mut out = self.out.borrow_mut();
        let name = shifted_heading(&tag.name).unwrap_or(&tag.name);
        out.push('<');
        out.push_str(name);
        for attribute in &tag.attrs {
            let key = &*attribute.name.local;
            let value = &*attribute.value;
            let changed = match key {
                "id" => Some(self.links.id(value)),
                "href" => self.links.href(value),
                "src" => self.links.src(value),
                _ if ID_REFERENCES.contains(&key) => Some(
                    value
                        .split_ascii_whitespace()
                        .map(|id| self.links.id(id))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                _ => None,
            };
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            push_escaped(&mut out, changed.as_deref().unwrap_or(value));
            out.push('"');
        }
        out.push('>');
    }

    fn end_tag(&self, tag: &Tag) {
        let mut out = self.out.borrow_mut();
        out.push_str("</");
        out.push_str(shifted_heading(&tag.name).unwrap_or(&tag.name));
        out.push('>');
    }
}

/// The heading one level below `name`, for a heading (`h6` stays `h6`: there is none lower).
fn shifted_heading(name: &str) -> Option<&'static str> {
    Some(match name {
        "h1" => "h2",
        "h2" => "h3",
        "h3" => "h4",
        "h4" => "h5",
        "h5" | "h6" => "h6",
        _ => return None,
    })
}

impl TokenSink for Writer<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                self.start_tag(&tag);
                // The elements whose text the tokenizer must not read as tags, as a browser.
                let kind = match tag.name.as_ref() {
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
                // Text read raw is written back raw; RCDATA's (`<title>`) was decoded: escaped again.
                *self.raw.borrow_mut() = matches!(
                    kind,
                    TokenSinkResult::RawData(RawKind::Rawtext | RawKind::ScriptData)
                        | TokenSinkResult::Plaintext
                );
                kind
            }
            Token::TagToken(tag) => {
                *self.raw.borrow_mut() = false;
                self.end_tag(&tag);
                TokenSinkResult::Continue
            }
            Token::CharacterTokens(text) => {
                let mut out = self.out.borrow_mut();
                if *self.raw.borrow() {
                    out.push_str(&text);
                } else {
                    push_escaped(&mut out, &text);
                }
                TokenSinkResult::Continue
            }
            Token::CommentToken(text) => {
                let mut out = self.out.borrow_mut();
                out.push_str("<!--");
                out.push_str(&text);
                out.push_str("-->");
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str) -> String {
        let mut chapters = HashMap::new();
        chapters.insert(chapter_key("/standards/prevention/"), "ch-2".to_string());
        chapters.insert(
            chapter_key("/standards/forensic-interviews/"),
            "ch-1".to_string(),
        );
        let permalink = |path: &str| format!("https://example.org{path}");
        let links = ChapterLinks {
            prefix: "ch-1",
            page_url: "/standards/forensic-interviews/",
            chapters: &chapters,
            permalink: &permalink,
        };
        chapter_html(html, &links)
    }

    #[test]
    fn headings_go_one_level_down_and_ids_take_the_chapters_prefix() {
        assert_eq!(
            rewrite("<h2 id=\"why\">Why</h2><h6 id=\"x\">x</h6>"),
            "<h3 id=\"ch-1-why\">Why</h3><h6 id=\"ch-1-x\">x</h6>"
        );
    }

    #[test]
    fn links_to_the_guides_pages_stay_within_the_print_page() {
        assert_eq!(
            rewrite("<a href=\"/standards/prevention/#std-10-1\">BQS 10.1</a>"),
            "<a href=\"#ch-2-std-10-1\">BQS 10.1</a>"
        );
        assert_eq!(
            rewrite("<a href=\"../prevention/\">10</a><a href=\"#why\">why</a>"),
            "<a href=\"#ch-2\">10</a><a href=\"#ch-1-why\">why</a>"
        );
    }

    #[test]
    fn links_elsewhere_become_full_urls_and_files_keep_working() {
        assert_eq!(
            rewrite("<a href=\"/tools/x/\">x</a><a href=\"https://other.example/a?b&amp;c\">o</a>"),
            "<a href=\"https://example.org/tools/x/\">x</a>\
             <a href=\"https://other.example/a?b&amp;c\">o</a>"
        );
        assert_eq!(
            rewrite("<img src=\"chart.png\" alt=\"A &lt;chart&gt;\">"),
            "<img src=\"/standards/forensic-interviews/chart.png\" alt=\"A &lt;chart&gt;\">"
        );
    }

    #[test]
    fn text_and_code_come_back_as_they_were() {
        let html = "<p>Tom &amp; Jerry’s &lt;guide&gt; — вік &gt; років</p>\n<pre><code>a &lt; b</code></pre>";
        assert_eq!(rewrite(html), html);
    }

    #[test]
    fn footnotes_and_labels_point_at_their_own_chapters_ids() {
        assert_eq!(
            rewrite("<sup><a href=\"#1\">1</a></sup><div id=\"1\"></div><th id=\"a\"></th><td headers=\"a b\"></td>"),
            "<sup><a href=\"#ch-1-1\">1</a></sup><div id=\"ch-1-1\"></div><th id=\"ch-1-a\"></th><td headers=\"ch-1-a ch-1-b\"></td>"
        );
    }
}
