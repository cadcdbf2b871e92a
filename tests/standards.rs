//! Standards: references labelled in the reader's language, anchors of sub-standards, related
//! material grouped by type, the coverage matrix, taxonomy pages, and every kind of broken
//! reference reported at its file, line and column.

use crate::support::{main_of, SiteTest};

fn built() -> SiteTest {
    let site = SiteTest::new("standards");
    site.build();
    site
}

#[test]
fn references_link_to_the_standard_labelled_with_number_and_title() {
    let site = built();
    let html = site.output("guidance/referral/index.html");
    let main = main_of(&html);
    assert!(main.contains("<a class=\"std-ref\" href=\"/standards/principles/#substandard-1-2\">BQS 1.2 Right to be heard</a>"), "{main}");
    assert!(
        main.contains("<a class=\"std-ref\" href=\"/standards/planning/\">see planning</a>"),
        "{main}"
    );
    assert!(
        main.contains(
            "<a class=\"std-ref\" href=\"/referral/first/\">TRM 1 Best interests across borders</a>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<code>[[std:9]]</code>"),
        "references in code stay code: {main}"
    );
    assert!(
        main.contains("<a href=\"/standards/principles/#substandard-1-1\">best interests</a>"),
        "sub-standard anchors are link targets: {main}"
    );
}

#[test]
fn references_use_the_readers_language() {
    let site = built();
    let main_html = site.output("sv/guidance/referral/index.html");
    let main = main_of(&main_html);
    assert!(main.contains("<a class=\"std-ref\" href=\"/sv/standards/principles/#substandard-1-2\">BQS 1.2 Rätten att bli hörd</a>"), "{main}");
    // Standard 5 has no Swedish translation: the Swedish URL (a fallback) with the English title, marked.
    assert!(main.contains("<a class=\"std-ref\" href=\"/sv/standards/planning/\" lang=\"en\" dir=\"auto\">BQS 5 Interagency planning</a>"), "{main}");
}

#[test]
fn a_standard_page_shows_its_substandards_and_related_material_by_type() {
    let site = built();
    let html = site.output("standards/principles/index.html");
    let main = main_of(&html);
    assert!(main.contains("<li id=\"substandard-1-2\"><span class=\"standard-number\">BQS 1.2</span> Right to be heard</li>"), "{main}");
    let guidance = main
        .find("id=\"related-guidance\"")
        .expect("guidance group");
    let tools = main.find("id=\"related-tool\"").expect("tool group");
    assert!(guidance < tools, "types in a fixed order");
    assert!(
        main[guidance..tools].contains(">Referral</a>"),
        "inline reference to 1.2 counts for standard 1"
    );
    assert!(
        main[tools..].contains(">Checklist</a>"),
        "front matter reference to 1.1 counts for standard 1"
    );
    let planning = site.output("standards/planning/index.html");
    assert!(
        main_of(&planning).contains("id=\"related-practice\""),
        "{}",
        main_of(&planning)
    );
    let swedish = site.output("sv/standards/principles/index.html");
    assert!(
        main_of(&swedish).contains(">Hänvisning</a>"),
        "related material in the reader's language"
    );
}

#[test]
fn pages_show_the_standards_they_address() {
    // Two frameworks, each with its label: never two bare numbers on one page.
    let site = built();
    let html = site.output("guidance/referral/index.html");
    let start = html.find("class=\"standards-box\"").expect("standards box");
    let box_html = &html[start..start + html[start..].find("</aside>").unwrap()];
    assert!(box_html.contains("<a href=\"/standards/planning/\"><span class=\"standard-number\">BQS 5</span> Interagency planning</a>"), "{box_html}");
    assert!(box_html.contains("<a href=\"/referral/first/\"><span class=\"standard-number\">TRM 1</span> Best interests across borders</a>"), "{box_html}");
}

#[test]
fn each_framework_section_shows_a_coverage_matrix() {
    let site = built();
    let html = site.output("standards/index.html");
    let start = html
        .find("<table class=\"coverage-table\">")
        .expect("coverage matrix");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let header: Vec<&str> = table.matches("<th scope=\"col\">").collect();
    assert_eq!(
        header.len(),
        4,
        "standard + guidance, tool, practice: {table}"
    );
    let row_1 = &table[table.find("/standards/principles/\"").unwrap()..];
    let row_1 = &row_1[..row_1.find("</tr>").unwrap()];
    assert!(
        row_1.contains("<a href=\"/standards/principles/#related-guidance\">1</a>"),
        "{row_1}"
    );
    assert!(
        row_1.contains("<a href=\"/standards/principles/#related-tool\">1</a>"),
        "{row_1}"
    );
    assert!(
        row_1.contains("<span class=\"zero\">0</span>"),
        "no practice for standard 1: {row_1}"
    );
    let referral = site.output("referral/index.html");
    assert!(
        referral.contains("<a href=\"/referral/first/#related-guidance\">1</a>"),
        "the second framework has its own matrix"
    );
}

#[test]
fn countries_and_themes_have_pages_in_every_language() {
    let site = built();
    let sweden = site.output("countries/se/index.html");
    assert!(
        main_of(&sweden).contains("<h1 id=\"page-title\">Pages about Sweden</h1>"),
        "{}",
        main_of(&sweden)
    );
    assert!(main_of(&sweden).contains(">Referral</a>"));
    let sverige = site.output("sv/countries/se/index.html");
    assert!(
        main_of(&sverige).contains("<h1 id=\"page-title\">Sidor om Sverige</h1>"),
        "{}",
        main_of(&sverige)
    );
    assert!(site
        .output("countries/index.html")
        .contains("<a href=\"/countries/is/\">Iceland</a>"));
    let theme = site.output("sv/themes/trafficking/index.html");
    assert!(
        main_of(&theme).contains("Människohandel"),
        "{}",
        main_of(&theme)
    );
    let page = site.output("guidance/referral/index.html");
    assert!(
        page.contains("<a href=\"/countries/se/\">Sweden</a>"),
        "pages link their countries"
    );
}

/// Builds the standards fixture with an invalid case written over it; returns stderr.
fn errors_of(case: &str) -> String {
    let site = SiteTest::with_overlay("standards", &format!("invalid/{case}"));
    let run = site.run(&["build"]).expect_code(1);
    assert!(!site.root().join("output").exists());
    run.stderr
}

#[test]
fn an_unknown_standard_is_an_error_at_the_reference() {
    let stderr = errors_of("unknown-standard");
    assert!(stderr.contains("content/guidance/bad-ref.md:6:6: error[unknown-standard]: there is no standard `11` in `barnahus`"), "{stderr}");
    assert!(
        stderr.contains("help: standards of `barnahus`: 1, 1.1, 1.2, 5"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_framework_is_an_error_at_the_reference() {
    let stderr = errors_of("unknown-framework");
    assert!(stderr.contains("content/guidance/bad-framework.md:4:5: error[unknown-standard]: unknown standards framework `xyz`"), "{stderr}");
    assert!(stderr.contains("use one of: barnahus, trm"), "{stderr}");
}

#[test]
fn an_unknown_standard_in_front_matter_is_an_error_at_its_item() {
    let stderr = errors_of("unknown-front-matter-standard");
    assert!(stderr.contains("content/tools/bad-list.md:4:19: error[unknown-standard]: there is no standard `42` in `barnahus`"), "{stderr}");
}

#[test]
fn a_value_outside_an_enum_names_the_allowed_values() {
    let stderr = errors_of("bad-enum");
    assert!(stderr.contains("content/practices/bad-enum.md:4:11: error[bad-value]: `evidence` must be one of emerging, promising, evaluated, found the text \"strong\""), "{stderr}");
}

#[test]
fn a_country_must_be_an_iso_code() {
    let stderr = errors_of("bad-country");
    assert!(stderr.contains("content/practices/bad-country.md:3:10: error[bad-country]: `country` must be an ISO 3166-1 alpha-2 country code"), "{stderr}");
}

#[test]
fn a_duplicate_standard_number_is_an_error() {
    let stderr = errors_of("duplicate-standard");
    // The files are taken in path order: the later one is reported, naming the first.
    assert!(stderr.contains("content/standards/planning.md:3:9: error[duplicate-standard]: standard 5 of `barnahus` is also content/standards/another-five.md"), "{stderr}");
}

#[test]
fn a_malformed_number_is_an_error() {
    let stderr = errors_of("bad-number");
    assert!(
        stderr.contains(
            "content/standards/five.md:3:9: error[bad-number]: `five` is not a standard number"
        ),
        "{stderr}"
    );
}

#[test]
fn a_substandard_outside_its_standard_is_an_error() {
    let stderr = errors_of("bad-substandard");
    assert!(stderr.contains("content/standards/six.md:7:10: error[bad-number]: sub-standard `7.1` is not numbered within standard 6"), "{stderr}");
}

#[test]
fn all_broken_references_of_a_site_are_reported_in_one_run() {
    let site = SiteTest::with_overlay("standards", "invalid/unknown-standard");
    crate::support::copy_dir(
        &crate::support::repo_root().join("tests/fixtures/invalid/bad-country"),
        site.root(),
    );
    crate::support::copy_dir(
        &crate::support::repo_root().join("tests/fixtures/invalid/unknown-front-matter-standard"),
        site.root(),
    );
    let run = site.run(&["check", "--format", "json"]).expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        // (The fixture's untranslated section titles are warnings beside them.)
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["unknown-standard", "bad-country", "unknown-standard"],
        "{}",
        run.stdout
    );
}

#[test]
fn a_framework_without_a_label_in_a_site_language_is_an_error_where_it_is_written() {
    let site = SiteTest::new("standards");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("    label: TRM\n", "    label: {en: TRM}\n"),
    );
    let stderr = site.run(&["build"]).expect_code(2).stderr;
    assert!(
        stderr.contains(
            "site.yaml:12:5: error[framework-label]: standards framework `trm` has no label in sv"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: with more than one framework"),
        "{stderr}"
    );
}
