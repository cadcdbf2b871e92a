//! Review findings on what content can do to a reader's page: placeholder marks typed by editors,
//! the theme's classes and ids in content, files a browser would run, `<meta>` and `<base>` in
//! page bodies.

use crate::security::start_tags;
use crate::support::{main_of, SiteTest};

/// Every place the review found where typed placeholder marks became markup after filling, each
/// written raw and as character references, on a page that has a real `[[std:…]]` reference.
#[test]
fn placeholder_marks_typed_in_content_never_become_links() {
    let marks = [
        "\u{FDD0}0\u{FDD1}",
        "&#xFDD0;0&#xFDD1;",
        "&#64976;0&#64977;",
        "&#x0fdd0;0&#XFDD1",
        "\u{E000}0\u{E001}",
    ];
    for (i, mark) in marks.iter().enumerate() {
        let site = SiteTest::new("standards");
        let body = format!(
            "---\ntitle: Marks\n---\n\
Meet [[std:5]].\n\n\
[link](https://example.org/ \"a{mark}b\") and ![img](x.png \"c{mark}d\")\n\n\
```rust{mark}\nlet x = 1;\n```\n\n\
Note[^n{mark}].\n\n[^n{mark}]: The note.\n\n\
<div title=\"e{mark}f\">raw</div>\n\n\
<span title='g{mark}h'>inline</span> and text {mark} and `code {mark}`.\n"
        );
        site.write("content/guidance/marks.md", &body);
        let run = site.build();
        assert_eq!(run.code, 0, "{mark}: {}", run.stderr);
        let html = site.output("guidance/marks/index.html");
        let main = main_of(&html);
        let links = start_tags(main)
            .into_iter()
            .filter(|(name, attrs)| {
                name == "a" && attrs.iter().any(|(k, v)| k == "class" && v == "std-ref")
            })
            .count();
        assert_eq!(links, 1, "case {i} {mark}: {main}");
        for (name, attrs) in start_tags(main) {
            for (key, value) in &attrs {
                assert!(
                    !value.contains('<') && !value.contains("std-ref") || key == "class",
                    "case {i}: <{name} {key}={value:?}> in {main}"
                );
            }
            let keys: Vec<&str> = attrs.iter().map(|(k, _)| k.as_str()).collect();
            assert!(
                !keys.contains(&"href") || name == "a" || name == "link",
                "case {i}: <{name} {keys:?}>"
            );
        }
        assert!(!main.contains(['\u{FDD0}', '\u{FDD1}']), "case {i}: {main}");
        if i < 4 {
            let at = "content/guidance/marks.md:6:31: warning[placeholder-mark]";
            assert!(
                run.stderr.contains(at),
                "case {i}: no `{at}` in\n{}",
                run.stderr
            );
        }
    }
}

/// Raw HTML that leaves an attribute open takes the page's next placeholders into it: they are
/// not filled there.
#[test]
fn a_reference_inside_an_unclosed_attribute_is_not_filled_there() {
    let site = SiteTest::new("standards");
    site.write(
        "content/guidance/open.md",
        "---\ntitle: Open\n---\n<div title=\"x\n\nMeet [[std:5]] and [it](@/standards/planning.md).\n\nNow [[std:5]]\n",
    );
    site.build().expect_code(0);
    let html = site.output("guidance/open/index.html");
    for (name, attrs) in start_tags(main_of(&html)) {
        for (key, value) in attrs {
            assert!(!key.contains('"'), "<{name} {key}> in {html}");
            assert!(
                key == "class" || !value.contains("std-ref"),
                "<{name} {key}={value:?}> in {html}"
            );
        }
    }
}

/// Raw HTML with `<meta>` and `<base>`: removed when sanitised; kept as written
/// (`unsafe_html: true`), an error at each, and a refresh to another host a third-party resource.
#[test]
fn meta_and_base_in_a_page_body_are_errors_when_kept_as_written() {
    let page = "---\ntitle: Meta\n---\nText.\n\n\
<meta http-equiv=\"refresh\" content=\"0;url=https://tracker.example/meta\">\n\n\
Inline <meta name=\"referrer\" content=\"unsafe-url\"> and <BASE href=\"/elsewhere/\">.\n";
    let site = SiteTest::new("basic");
    site.write("content/guidance/meta.md", page);
    site.append("site.yaml", "security:\n  third_party_resources: error\n");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/guidance/meta.md:6:43: error[third-party-resource]: `https://tracker.example/meta` (<meta http-equiv=refresh>)"
        ),
        "{}",
        run.stderr
    );

    let site = SiteTest::new("basic");
    site.write("content/guidance/meta.md", page);
    site.append("site.yaml", "markdown:\n  unsafe_html: true\n");
    let run = site.run(&["build"]).expect_code(1);
    for at in ["6:1", "8:8", "8:56"] {
        let line = format!("content/guidance/meta.md:{at}: error[page-wide-element]");
        assert!(run.stderr.contains(&line), "no `{line}` in\n{}", run.stderr);
    }

    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/meta.md",
        &page.replace("https://tracker.example", ""),
    );
    site.build().expect_code(0);
    let html = site.output("guidance/meta/index.html");
    let main = main_of(&html);
    assert!(
        !main.to_ascii_lowercase().contains("<meta")
            && !main.to_ascii_lowercase().contains("<base"),
        "{main}"
    );
}

/// A page that uses the theme's own classes and ids, in headings and raw HTML, with enough text
/// to scroll.
pub(crate) const THEME_CLASSES_PAGE: &str = "---\ntitle: Cover\n---\n\
### [Read more](https://tracker.example/gotcha) {.card__title}\n\n\
## [Leave this site](https://tracker.example/fake-exit) {.quick-exit}\n\n\
<div class=\"card__title note\"><a href=\"https://tracker.example/raw\">Raw read more</a></div>\n\n\
<p><a class=\"quick-exit\" href=\"https://tracker.example/raw-exit\">Leave this site</a></p>\n\n\
<p id=\"main\">Not the main content.</p>\n\n\
## Main\n\n\
## Own {#page-title .skip-link .note}\n\n";

#[test]
fn the_theme_classes_and_ids_are_not_taken_by_content() {
    let site = SiteTest::new("basic");
    let filler = "Some text to read. ".repeat(40) + "\n\n";
    site.write(
        "content/guidance/cover.md",
        &(THEME_CLASSES_PAGE.to_string() + &filler.repeat(12)),
    );
    let run = site.build();
    let html = site.output("guidance/cover/index.html");
    let main = main_of(&html);
    let main = &main[main.find("<div class=\"prose\">").unwrap()..];
    for name in [
        "card__title",
        "quick-exit",
        "skip-link",
        "id=\"main\"",
        "id=\"page-title\"",
    ] {
        assert!(!main.contains(name), "{name} in {main}");
    }
    assert!(main.contains("<h2 id=\"main-1\">Main</h2>"), "{main}");
    assert!(
        main.contains("<h2 id=\"own\" class=\"note\">Own</h2>"),
        "{main}"
    );
    assert!(main.contains("<div class=\"note\">"), "{main}");
    let file = "content/guidance/cover.md";
    for (at, code, name) in [
        ("4:50", "heading-attribute", "`.card__title`"),
        ("6:58", "heading-attribute", "`.quick-exit`"),
        ("8:13", "theme-name", "`card__title`"),
        ("10:14", "theme-name", "`quick-exit`"),
        ("12:8", "theme-name", "`main`"),
        ("16:9", "heading-attribute", "`#page-title`"),
        ("16:21", "heading-attribute", "`.skip-link`"),
    ] {
        let found = run.stderr_line(&format!("{file}:{at}: warning[{code}]"));
        assert!(found.contains(name), "{found}");
    }
}

/// Files copied as they are: editors' pages and scripts in content/ are errors, scripts in SVG
/// (content/ and static/) are errors, and resources on other hosts in SVG, static HTML and CSS
/// are third-party resources, per the setting.
#[test]
fn copied_files_that_run_scripts_or_fetch_other_hosts_are_reported() {
    let site = SiteTest::new("basic");
    site.write("content/guidance/help.html", "<script>alert(1)</script>");
    site.write("content/guidance/tool.js", "alert(1)");
    site.write(
        "content/guidance/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n\
<image href=\"https://evil.example/y.png\"/>\n</svg>\n",
    );
    site.write(
        "static/img/logo.svg",
        "<svg>\n  <rect onload=\"x()\"/>\n</svg>\n",
    );
    site.write(
        "static/help.html",
        "<p>Help</p>\n<script>go()</script><img src=https://evil.example/x.png>\n",
    );
    site.write(
        "static/css/extra.css",
        "@import \"https://fonts.example/f.css\";\n",
    );
    site.write("static/js/quick-exit.js", "/* the owner's own */\n");
    let run = site.run(&["check"]).expect_code(1);
    for line in [
        "content/guidance/help.html: error[runnable-file]",
        "content/guidance/tool.js: error[runnable-file]",
        "content/guidance/map.svg:2:1: error[svg-script]",
        "content/guidance/map.svg:3:14: warning[third-party-resource]",
        "static/img/logo.svg:2:9: error[svg-script]",
        "static/help.html:2:31: warning[third-party-resource]",
        "static/css/extra.css:1:10: warning[third-party-resource]",
    ] {
        assert!(run.stderr.contains(line), "no `{line}` in\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("quick-exit.js"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("help.html: error[svg"),
        "{}",
        run.stderr
    );

    site.append("site.yaml", "security:\n  third_party_resources: error\n");
    let run = site.run(&["check"]).expect_code(1);
    assert!(
        run.stderr
            .contains("static/help.html:2:31: error[third-party-resource]"),
        "{}",
        run.stderr
    );
}
