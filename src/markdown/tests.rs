use super::references::placeholder;
use super::*;

fn md(body: &str) -> Rendered {
    render(Path::new("a.md"), body, 0, body, MarkdownOptions::default())
}

#[test]
fn headings_get_unique_stable_ids() {
    let rendered = md("# Intro\n## Intro\n## Käytäntö `x`\n## Own {#mine}\n## Intro\n");
    let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["intro", "intro-1", "käytäntö-x", "mine", "intro-2"]);
    assert!(
        rendered.html.contains("<h2 id=\"mine\">Own</h2>"),
        "{}",
        rendered.html
    );
    assert_eq!(rendered.headings[2].text, "Käytäntö x");
}

#[test]
fn extensions_are_on() {
    let html = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: A footnote.\n").html;
    assert!(html.contains("<table>"), "{html}");
    assert!(
        html.contains("class=\"align-left\"") && !html.contains("style="),
        "{html}"
    );
    assert!(html.contains("<del>old</del>"), "{html}");
    assert!(html.contains("<li><label class=\"task\"><input type=\"checkbox\" disabled checked> done</label></li>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    // Footnote ids are apart from the theme's and the headings' (`[^main]` is not `#main`).
    let html = md("See[^main].\n\n[^main]: The note.\n").html;
    assert!(html.contains(r##"href="#fn-main""##), "{html}");
    assert!(html.contains(r#"id="fn-main""#), "{html}");
    assert!(!html.contains(r#"id="main""#), "{html}");
}

#[test]
fn tables_scroll_in_a_region_named_by_the_heading_above() {
    let html = md("## Who does what\n\n| a | b |\n|---|---|\n| 1 | 2 |\n").html;
    assert!(
        html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"who-does-what\"><table>"),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>"), "{html}");
}

#[test]
fn internal_links_become_placeholders_with_locations() {
    let body = "Intro\n\nSee [referral](@/guidance/referral.md#steps) now.\n";
    let rendered = md(body);
    assert_eq!(rendered.references.len(), 1);
    let link = &rendered.references[0];
    let Target::Page { path, anchor, .. } = &link.target else {
        panic!("{link:?}")
    };
    assert_eq!(path, "guidance/referral.md");
    assert_eq!(anchor.as_deref(), Some("steps"));
    assert_eq!((link.location.line, link.location.column), (3, 16));
    let filled = fill_placeholders(&rendered.html, |i| format!("/url-{i}/"));
    assert!(
        filled.contains("<a href=\"/url-0/\">referral</a>"),
        "{filled}"
    );
}

#[test]
fn standard_references_become_placeholders_outside_code() {
    let body = "Meet [[std:5]] and [[std:trm/3|the third]].\n\n`[[std:9]]`\n\n```\n[[std:8]]\n```\n\nAlso\n[[std:1.2]]\n";
    let rendered = md(body);
    let found: Vec<_> = rendered
        .references
        .iter()
        .map(|r| match &r.target {
            Target::Standard(s) => (
                s.framework.clone(),
                s.number.clone(),
                s.label.clone(),
                r.location.line,
                r.location.column,
            ),
            Target::Page { .. } => panic!("{r:?}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            (None, "5".to_string(), None, 1, 6),
            (
                Some("trm".to_string()),
                "3".to_string(),
                Some("the third".to_string()),
                1,
                20
            ),
            (None, "1.2".to_string(), None, 10, 1),
        ]
    );
    assert!(
        rendered.html.contains("<code>[[std:9]]</code>"),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("[[std:8]]"), "{}", rendered.html);
    assert!(rendered.html.contains(&placeholder(0)), "{}", rendered.html);
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let body = "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n";
    let safe = md(body).html;
    assert!(
        !safe.contains("<script") && !safe.contains("onerror"),
        "{safe}"
    );
    let raw = render(
        Path::new("a.md"),
        body,
        0,
        body,
        MarkdownOptions {
            unsafe_html: true,
            ..MarkdownOptions::default()
        },
    );
    assert!(raw.html.contains("<script>"));
}

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped_with_a_warning() {
    let body = "# Title\n\n## Hello {autofocus tabindex=1 onfocus=alert(1) #ok .note}\n\nSetext {#a\"b .x onclick=go()}\n---\n";
    let rendered = md(body);
    let html = &rendered.html;
    assert!(
        html.contains("<h2 id=\"ok\" class=\"note\">Hello</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"setext\" class=\"x\">Setext</h2>"),
        "{html}"
    );
    for attribute in ["onfocus", "onclick", "autofocus", "tabindex", "a&quot;b"] {
        assert!(!html.contains(attribute), "{attribute} in {html}");
    }
    let warnings: Vec<(usize, usize, &str)> = rendered
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.location.as_deref().unwrap();
            (at.line, at.column, d.message.as_str())
        })
        .collect();
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    assert_eq!((warnings[0].0, warnings[0].1), (3, 11));
    assert!(warnings[0].2.contains("`autofocus`"), "{warnings:?}");
    assert_eq!((warnings[2].0, warnings[2].1), (3, 32));
    assert!(warnings[2].2.contains("`onfocus=alert(1)`"), "{warnings:?}");
    assert_eq!((warnings[3].0, warnings[3].1), (5, 9));
    assert!(warnings[3].2.contains("`#a\"b`"), "{warnings:?}");
    assert!(warnings[4].2.contains("`onclick=go()`"), "{warnings:?}");
}

/// Markdown without raw HTML is never sanitised, so everything the renderer writes for it
/// must already be what the sanitiser would keep.
#[test]
fn markdown_without_raw_html_needs_no_sanitising() {
    let bodies = [
        "# A {#x .y key=v data-x=\"1\" onmouseover=alert(1)}\n",
        "## B {.a\"onfocus=alert(1)//}\n",
        "C {#c/onfocus=alert(1)//}\n===\n",
        "[t](https://e.org \"ti\\\"tle onmouseover=alert(1)\") ![a\"lt onerror=alert(1)](x.png \"t'\\\"\")\n",
        "[t](@/a.md \"ti\\\"tle onmouseover=x\")\n",
        "[j](javascript:alert(1)) [v](VBScript:x) ![d](data:text/html,x) <javascript:alert(1)>\n",
        "```js\"onmouseover=alert(1)\nx\n```\n\n```rust\nfn main() {}\n```\n",
        "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
        "x[^n\"onclick=alert(1)]\n\n[^n\"onclick=alert(1)]: note\n",
        "- [x] done\n- [ ] to do\n\n~~old~~ *em* **strong** `code`\n",
        "<https://e.org/a?b=\"c\"> https://e.org/x\n",
    ];
    for body in bodies {
        let html = md(body).html;
        let tags = tags(&html);
        assert_eq!(
            self::tags(&sanitize::sanitize(&html)),
            tags,
            "{body}: {html}"
        );
        let handlers = tags
            .iter()
            .flat_map(|(_, a)| a)
            .filter(|(k, _)| k.starts_with("on"));
        assert_eq!(handlers.count(), 0, "{body}: {html}");
    }
}

/// A start tag's name and its attributes, sorted.
pub(super) type StartTag = (String, Vec<(String, String)>);

/// The start tags of `html` with their attributes, as a browser reads them.
pub(super) fn tags(html: &str) -> Vec<StartTag> {
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    #[derive(Default)]
    struct Tags(std::cell::RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                if tag.kind == TagKind::StartTag {
                    let mut attrs: Vec<(String, String)> = tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    attrs.sort();
                    self.0.borrow_mut().push((tag.name.to_string(), attrs));
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

#[test]
fn resources_on_other_hosts_are_reported_where_they_are_written() {
    let body = "![a](https://img.example/a.png) ![b](b.png) [link](https://ok.example/)\n\n\
<div>\n<img alt=x\n  src=\"//cdn.example/x.png\">\n<p style=\"background: url(/local.png)\">x</p>\n</div>\n\n\
Text <span style=\"background:url('https://css.example/b.png')\">y</span> and <b>z</b>.\n";
    let rendered = md(body);
    let found: Vec<(usize, usize, Severity, &str)> = rendered
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.location.as_deref().unwrap();
            (at.line, at.column, d.severity, d.message.as_str())
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (1, 6));
    assert!(found[0].3.contains("`img.example`"), "{found:?}");
    assert_eq!((found[1].0, found[1].1), (5, 8));
    assert!(found[1].3.contains("(<img src>)"), "{found:?}");
    assert_eq!((found[2].0, found[2].1), (9, 35));
    assert!(found[2].3.contains("style url()"), "{found:?}");
    assert!(found.iter().all(|f| f.2 == Severity::Warning));
    let strict = render(
        Path::new("a.md"),
        body,
        0,
        body,
        MarkdownOptions {
            third_party_resources: Severity::Error,
            ..MarkdownOptions::default()
        },
    );
    assert!(strict.diagnostics.iter().all(Diagnostic::is_error));
}

#[test]
fn script_urls_are_dropped_with_a_warning() {
    let rendered = md("[x](javascript:alert(1))\n");
    assert!(!rendered.html.contains("javascript"), "{}", rendered.html);
    assert_eq!(rendered.diagnostics.len(), 1);
}

/// An image's description is written into its `alt`, where a link cannot stand: references in
/// it stay its text (a filled `[[std:…]]` link ended the attribute).
#[test]
fn references_in_an_image_description_stay_its_text() {
    let rendered = md("![see [[std:5]] and [it](@/a.md)](x.png) [[std:6]]\n");
    assert_eq!(rendered.references.len(), 1, "{:?}", rendered.references);
    assert!(
        rendered.html.contains(r#"alt="see [[std:5]] and it""#),
        "{}",
        rendered.html
    );
}
