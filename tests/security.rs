//! Nothing an editor writes runs a script in a reader's browser or makes it contact a third
//! party: heading attributes, URLs in settings, strings in scripts, third-party resources, and
//! the Content-Security-Policy of every page.

use crate::support::{main_of, SiteTest};

/// Every attribute syntax pulldown-cmark accepts on headings, ATX and setext, with odd spacing.
pub(crate) const HEADING_ATTRIBUTES: &str = "---\ntitle: Attributes\n---\n\
## Focus {autofocus tabindex=1 onfocus=alert(1)}\n\n\
## Plain {#plain}\n\n\
## Classy {.note .x\"onclick=alert(2)}\n\n\
## Quoted {key=\"quoted value\" onmouseover=\"alert(3)\"}\n\n\
##   Spaced   {   #spaced    .a   onpointerenter=alert(4)   }   \n\n\
## Slash {a/onfocus=alert(5)//}\n\n\
## Bad id {#x\"onfocus=alert(6) autofocus}\n\n\
### Bare {onload}\n\n\
Setext {#setext onclick=alert(7) .b}\n======\n\n\
Setext two {style=background:url(https://evil.example/x) onanimationstart=alert(8)}\n---\n";

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped_with_a_warning() {
    let site = SiteTest::new("basic");
    site.write("content/guidance/attributes.md", HEADING_ATTRIBUTES);
    let run = site.build();
    let html = site.output("guidance/attributes/index.html");
    let main = main_of(&html);
    let main = &main[main.find("<div class=\"prose\">").unwrap()..];
    for handler in [
        "onfocus",
        "onclick",
        "onmouseover",
        "onpointerenter",
        "onload",
        "onanim",
    ] {
        assert!(!main.contains(handler), "{handler} in {main}");
    }
    for attribute in ["autofocus", "tabindex", "style", "key="] {
        assert!(!main.contains(attribute), "{attribute} in {main}");
    }
    assert!(main.contains("<h2 id=\"plain\">Plain</h2>"), "{main}");
    assert!(
        main.contains("<h2 id=\"classy\" class=\"note\">Classy</h2>"),
        "{main}"
    );
    assert!(
        main.contains("<h2 id=\"spaced\" class=\"a\">Spaced</h2>"),
        "{main}"
    );
    assert!(main.contains("<h2 id=\"bad-id\">Bad id</h2>"), "{main}");
    assert!(
        main.contains("<h1 id=\"setext\" class=\"b\">Setext</h1>"),
        "{main}"
    );
    let file = "content/guidance/attributes.md";
    for (at, written) in [
        ("4:11", "`autofocus`"),
        ("4:32", "`onfocus=alert(1)`"),
        ("8:18", "`.x\"onclick=alert(2)`"),
        ("10:31", "`onmouseover=\"alert(3)\"`"),
        ("12:35", "`onpointerenter=alert(4)`"),
        ("14:11", "`a/onfocus=alert(5)//`"),
        ("16:12", "`#x\"onfocus=alert(6)`"),
        ("18:11", "`onload`"),
        ("20:17", "`onclick=alert(7)`"),
        ("23:58", "`onanimationstart=alert(8)`"),
    ] {
        let line = format!("{file}:{at}: warning[heading-attribute]");
        let found = run.stderr.lines().position(|l| l.contains(&line));
        let Some(i) = found else {
            panic!("no `{line}` in\n{}", run.stderr);
        };
        assert!(
            run.stderr.lines().nth(i).unwrap().contains(written),
            "{}",
            run.stderr
        );
    }
}

/// A page with an image, an inline style and a frame on other hosts (and a plain link, which is
/// fine).
const THIRD_PARTY: &str = "---\ntitle: Tracked\n---\n\
Intro with [a link](https://ok.example/) and ![logo](https://img.example/logo.png).\n\n\
<div style=\"background: url('//css.example/bg.png')\">\n\
<iframe src=\"https://video.example/embed/1\"></iframe>\n\
</div>\n";

#[test]
fn resources_on_other_hosts_are_a_warning_at_their_place() {
    let site = SiteTest::new("basic");
    site.write("content/guidance/tracked.md", THIRD_PARTY);
    let run = site.build();
    let file = "content/guidance/tracked.md";
    for (at, host) in [
        ("4:54", "`img.example`"),
        ("6:30", "`css.example`"),
        ("7:14", "`video.example`"),
    ] {
        let found = run.stderr_line(&format!("{file}:{at}: warning[third-party-resource]"));
        assert!(found.contains(host), "{found}");
    }
    let about_the_link = run
        .stderr
        .lines()
        .any(|l| l.contains("warning[") && l.contains("ok.example"));
    assert!(!about_the_link, "{}", run.stderr);
    assert!(
        run.stderr.contains("third_party_resources: error"),
        "{}",
        run.stderr
    );
}

/// Script addresses in raw HTML (spelt with an entity, in capitals, after a space, after an
/// `<abbr>`, which is not an `<a>`) and a Markdown image of a `data:` address: each is removed,
/// and the editor is told where.
const SCRIPT_ADDRESSES: &str = "---\ntitle: Scripts\n---\n\
Text <a href=\"jav&#x61;script:alert(1)\">one</a> and <a href=\"/ok/\">two</a>.\n\n\
<p><abbr title=\"t\">A</abbr> <a href=\"vbscript:x\">v</a></p>\n\n\
<blockquote cite=\" JAVASCRIPT:alert(2)\">Quoted.</blockquote>\n\n\
![A chart](data:text/html;base64,PHNjcmlwdD4=)\n";

#[test]
fn script_addresses_in_raw_html_and_images_are_removed_with_a_warning_at_their_place() {
    let site = SiteTest::new("basic");
    site.write("content/guidance/scripts.md", SCRIPT_ADDRESSES);
    let run = site.build();
    let file = "content/guidance/scripts.md";
    for (at, what) in [
        ("4:6", "the `href` of this `<a>`"),
        ("6:29", "the `href` of this `<a>`"),
        ("8:1", "the `cite` of this `<blockquote>`"),
        ("10:12", "an image with a script or `data:` address"),
    ] {
        let found = run.stderr_line(&format!("{file}:{at}: warning[unsafe-link]"));
        assert!(found.contains(what), "{found}");
    }
    let html = site.output("guidance/scripts/index.html");
    let main = main_of(&html);
    for written in ["javascript", "JAVASCRIPT", "vbscript", "data:", "alert"] {
        assert!(!main.contains(written), "{written} in {main}");
    }
    assert!(main.contains("<a href=\"/ok/\">two</a>"), "{main}");
}

#[test]
fn resources_on_other_hosts_are_an_error_when_the_site_says_so() {
    let site = SiteTest::new("basic");
    site.write("content/guidance/tracked.md", THIRD_PARTY);
    site.append("site.yaml", "security:\n  third_party_resources: error\n");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/tracked.md:4:54: error[third-party-resource]: `https://img.example/logo.png` (image)"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("guidance/tracked/index.html"));
}

#[test]
fn the_sample_site_makes_third_party_resources_an_error() {
    let site = SiteTest::sample();
    site.write(
        "content/guidance/tracked.md",
        "---\ntitle: Tracked\n---\n<img src=\"https://img.example/x.png\" alt=\"\">\n",
    );
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/guidance/tracked.md:4:11: error[third-party-resource]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_script_url_in_the_quick_exit_is_a_config_error_at_its_place() {
    for (value, why) in [
        ("javascript:alert(1)", "scheme is `javascript:`"),
        ("\"JaVaScRiPt:alert(1)\"", "scheme is `javascript:`"),
        ("\" javascript:alert(1)\"", "contains a space"),
        ("\"java\\tscript:alert(1)\"", "space or control character"),
        (
            "\"java\\u0000script:alert(1)\"",
            "space or control character",
        ),
        (
            "\"data:text/html,<script>alert(1)</script>\"",
            "scheme is `data:`",
        ),
        ("vbscript:msgbox(1)", "scheme is `vbscript:`"),
        ("//evil.example/", "not an absolute address"),
    ] {
        let site = SiteTest::new("basic");
        site.append("site.yaml", &format!("quick_exit:\n  url: {value}\n"));
        let run = site.run(&["build"]).expect_code(2);
        assert!(
            run.stderr.contains(
                "site.yaml:4:8: error[config-value]: `quick_exit.url` must be a web address"
            ),
            "{value}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(why), "{value}: {}", run.stderr);
        assert!(!site.has_output("index.html"));
    }
}

/// Issue 17 point 4: a helpline number becomes a `tel:` link, so anything but a number is refused
/// where it is written; a good one is a link on the home page.
#[test]
fn a_helpline_number_is_a_number_or_a_config_error_at_its_place() {
    let site = SiteTest::new("basic");
    site.append(
        "site.yaml",
        "safety:\n  helplines:\n    - number: \"javascript:alert(1)\"\n      name: Help\n",
    );
    let run = site.run(&["build"]).expect_code(2);
    assert!(
        run.stderr.contains(
            "site.yaml:5:15: error[config-value]: the number of helpline 1 (`javascript:alert(1)`) cannot be called: a number may only have digits"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("index.html"));
    let site = SiteTest::new("basic");
    site.append(
        "site.yaml",
        "safety:\n  helplines:\n    - number: \"116 111\"\n      name: Child helpline\n",
    );
    site.run(&["build"]).expect_code(0);
    assert!(site
        .output("index.html")
        .contains("<a class=\"helplines__number\" href=\"tel:116111\" dir=\"ltr\">116 111</a>"));
}

#[test]
fn base_url_must_be_an_absolute_web_address() {
    for value in [
        "javascript:alert(1)",
        "/\\evil.example",
        "//evil.example",
        "\"/a b\"",
        "/network",
        "/",
        "example.org",
    ] {
        let site = SiteTest::new("basic");
        site.write("site.yaml", &format!("title: Basic\nbase_url: {value}\n"));
        let run = site.run(&["build"]).expect_code(2);
        assert!(
            run.stderr
                .contains("site.yaml:2:11: error[config-value]: `base_url` must be"),
            "{value}: {}",
            run.stderr
        );
    }
    let site = SiteTest::new("basic");
    let run = site
        .run(&["build", "--base-url", "javascript:alert(1)//"])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("error[config-value]: `base_url` must be"),
        "{}",
        run.stderr
    );
}

#[test]
fn interface_strings_cannot_break_out_of_the_search_page_script() {
    let site = SiteTest::new("basic");
    site.write(
        "i18n/en.yaml",
        "search_error: \"</script><script>alert(1)</script><!-- \\u2028\"\ntype_news: \"</SCRIPT >&\"\n",
    );
    site.build();
    let html = site.output("search/index.html");
    let start = html.find("<script type=\"application/json\"").unwrap();
    let end = start + html[start..].find("</script>").unwrap();
    let block = &html[start..end];
    assert!(!block.contains("alert(1)</"), "{block}");
    assert!(
        !block[1..].contains('<') && !block.contains('\u{2028}'),
        "{block}"
    );
    assert!(
        block.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"),
        "{block}"
    );
    // The JSON still says what the editor wrote.
    let json = &block[block.find('>').unwrap() + 1..];
    let strings: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        strings["error"],
        "</script><script>alert(1)</script><!-- \u{2028}"
    );
    assert_eq!(strings["types"]["news"], "</SCRIPT >&");
}

/// The start tags of a page with their attributes, as a browser reads them.
pub(crate) fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    type StartTag = (String, Vec<(String, String)>);
    #[derive(Default)]
    struct Tags(std::cell::RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            match token {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                    let attrs = tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    let raw = matches!(&*tag.name, "script" | "style");
                    self.0.borrow_mut().push((tag.name.to_string(), attrs));
                    if raw {
                        return TokenSinkResult::RawData(
                            html5ever::tokenizer::states::RawKind::Rawtext,
                        );
                    }
                    TokenSinkResult::Continue
                }
                _ => TokenSinkResult::Continue,
            }
        }
    }
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// Every page of the sample site (every page type and template, in four languages, plus a page
/// with raw HTML, heading attributes and an alias) carries the Content-Security-Policy before
/// anything it governs, and has nothing the policy would block: no inline script, no `style`
/// attribute or element, no handler attribute. `_headers` carries the policy and the other
/// headers.
#[test]
fn every_page_carries_the_policy_and_needs_nothing_it_blocks() {
    let site = SiteTest::sample();
    site.write(
        "content/guidance/raw.md",
        &format!(
            "---\ntitle: Raw\naliases: [/old-raw/]\n---\n<div onclick=\"alert(1)\" style=\"color:red\">x</div>\n\n<script>alert(2)</script>\n\n{}",
            HEADING_ATTRIBUTES.split("---\n").nth(2).unwrap()
        ),
    );
    site.build();
    let pages: Vec<(String, String)> = site
        .output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    assert!(pages.len() > 400, "{}", pages.len());
    assert!(pages.iter().any(|(p, _)| p == "old-raw/index.html"));
    for (path, html) in &pages {
        let tags = start_tags(html);
        let metas: Vec<&Vec<(String, String)>> = tags
            .iter()
            .filter(|(name, _)| name == "meta")
            .map(|(_, attrs)| attrs)
            .collect();
        let policy = metas.get(1).and_then(|attrs| {
            let equiv = attrs.iter().find(|(k, _)| k == "http-equiv")?;
            let content = attrs.iter().find(|(k, _)| k == "content")?;
            (equiv.1 == "Content-Security-Policy").then_some(content.1.as_str())
        });
        assert_eq!(
            policy,
            Some("default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"),
            "{path}: the policy is not the <meta> after the charset"
        );
        for (name, attrs) in &tags {
            assert_ne!(name, "style", "{path}: a <style> element");
            if name == "script" {
                let external = attrs.iter().any(|(k, _)| k == "src");
                let data = attrs
                    .iter()
                    .any(|(k, v)| k == "type" && v == "application/json");
                assert!(external || data, "{path}: an inline script");
            }
            for (key, _) in attrs {
                assert!(
                    !key.starts_with("on") && key != "style",
                    "{path}: <{name} {key}>"
                );
            }
        }
    }
    let headers = site.output("_headers");
    for header in [
        "/*\n",
        "  Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'\n",
        "  X-Frame-Options: DENY\n",
        "  X-Content-Type-Options: nosniff\n",
        "  Referrer-Policy: no-referrer\n",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ] {
        assert!(headers.contains(header), "{header} not in\n{headers}");
    }
}

#[test]
fn the_headers_file_can_be_turned_off() {
    let site = SiteTest::new("basic");
    site.append("site.yaml", "security:\n  headers_file: false\n");
    site.build();
    assert!(!site.has_output("_headers"));
    assert!(site
        .output("index.html")
        .contains("<meta http-equiv=\"Content-Security-Policy\""));
}

#[test]
fn a_practice_source_is_a_link_only_when_it_is_a_web_address() {
    let site = SiteTest::new("registry");
    site.write(
        "content/practices/panel.md",
        "---\ntitle: Panel\ncountry: se\nevidence: evaluated\nsource: \"httpx:alert(1)\"\n---\nBody.\n",
    );
    site.write(
        "content/practices/guardians.md",
        "---\ntitle: Guardians\ncountry: se\nevidence: evaluated\nsource: https://example.org/report\n---\nBody.\n",
    );
    site.build();
    let panel = site.output("practices/panel/index.html");
    assert!(!panel.contains("href=\"httpx:"), "{}", main_of(&panel));
    assert!(
        panel.contains("<dd>httpx:alert(1)</dd>"),
        "{}",
        main_of(&panel)
    );
    let guardians = site.output("practices/guardians/index.html");
    assert!(
        guardians.contains("<a href=\"https://example.org/report\">"),
        "{}",
        main_of(&guardians)
    );
}
