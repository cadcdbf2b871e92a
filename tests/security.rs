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
        let line = format!("{file}:{at}: warning[third-party-resource]");
        let Some(found) = run.stderr.lines().find(|l| l.contains(&line)) else {
            panic!("no `{line}` in\n{}", run.stderr);
        };
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

#[test]
fn base_url_must_be_a_web_address_or_a_path() {
    for value in [
        "javascript:alert(1)",
        "/\\evil.example",
        "//evil.example",
        "\"/a b\"",
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
