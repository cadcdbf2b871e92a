//! Registries and findings: facets that work without JavaScript, the comparison with its chart,
//! illustrative values flagged, and tool attachments with format and size.

use crate::support::{main_of, SiteTest};

fn built() -> SiteTest {
    let site = SiteTest::new("registry");
    site.build();
    site
}

#[test]
fn each_facet_value_has_a_plain_page_listing_its_matches() {
    let site = built();
    let html = site.output("practices/country/se/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(">Guardians</a>") && main.contains(">Panel</a>"),
        "{main}"
    );
    assert!(!main.contains(">One roof</a>"), "{main}");
    let evaluated = main_of(&site.output("practices/evidence/evaluated/index.html")).to_string();
    assert!(
        evaluated.contains(">One roof</a>")
            && evaluated.contains(">Panel</a>")
            && !evaluated.contains(">Guardians</a>")
    );
    assert!(
        site.has_output("sv/practices/country/se/index.html"),
        "facets exist in every language"
    );
}

#[test]
fn the_registry_links_its_facet_values_and_marks_cards_for_the_filter() {
    let site = built();
    let html = site.output("practices/index.html");
    let main = main_of(&html);
    assert!(main.contains("<a href=\"/practices/country/se/\" data-value=\"country:se\">Sweden <span class=\"term-count\">(2)</span></a>"), "{main}");
    assert!(
        main.contains("data-filter=\"country:is evidence:evaluated\""),
        "{main}"
    );
    assert!(main.contains("<script src=\"/js/facets.js\" defer></script>"));
    assert!(site.has_output("js/facets.js"));
}

#[test]
fn findings_are_compared_in_a_table_and_a_chart_with_a_text_alternative() {
    let site = built();
    let html = site.output("findings/index.html");
    let main = main_of(&html);
    let svg_start = main
        .find("<svg class=\"chart\" role=\"img\"")
        .expect("an inline chart");
    let svg = &main[svg_start..svg_start + main[svg_start..].find("</svg>").unwrap()];
    assert!(
        svg.contains("<desc id=\"chart-desc\">Finland: 1.0; Sweden: 2.5</desc>"),
        "{svg}"
    );
    assert_eq!(svg.matches("<rect").count(), 2);
    assert!(
        !html.contains("style="),
        "no inline styles: the page works under a strict CSP"
    );
    assert!(main.contains("Legislation") && main.contains("Care"));
    assert!(
        main.contains("illustrative-mark"),
        "the illustrative value is flagged: {main}"
    );
}

#[test]
fn a_country_page_shows_its_values_and_flags_illustrative_ones() {
    let site = built();
    let main = main_of(&site.output("findings/sweden/index.html")).to_string();
    assert!(
        main.contains("Strong law.") && main.contains("Little care."),
        "{main}"
    );
    assert_eq!(
        main.matches("class=\"illustrative-mark\"").count(),
        1,
        "only the illustrative value: {main}"
    );
    let finland = main_of(&site.output("findings/finland/index.html")).to_string();
    assert!(
        !finland.contains("class=\"illustrative-mark\""),
        "sourced values carry no flag"
    );
}

#[test]
fn attachments_show_format_and_size_in_every_language() {
    let site = built();
    let main = main_of(&site.output("tools/kit/index.html")).to_string();
    assert!(
        main.contains("<a href=\"/tools/kit/sheet.csv\">The sheet</a>"),
        "{main}"
    );
    assert!(main.contains("CSV, 6 KB"), "{main}");
    assert!(site.has_output("tools/kit/sheet.csv"));
    assert!(
        site.has_output("sv/tools/kit/sheet.csv"),
        "relative links from the translation work"
    );
    assert!(main_of(&site.output("sv/tools/kit/index.html"))
        .contains("<a href=\"sheet.csv\">bladet</a>"));
}

#[test]
fn a_listed_attachment_that_is_missing_is_an_error() {
    let site = SiteTest::new("registry");
    std::fs::remove_file(site.root().join("content/tools/kit/sheet.csv")).unwrap();
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/tools/kit/index.md:4:1: error[missing-file]: `files` lists `sheet.csv`"
        ),
        "{}",
        run.stderr
    );
}
