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
