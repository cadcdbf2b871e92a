//! `soteria cms` (issue 18, point 3): a Decap CMS admin made from the site's schema — a
//! collection per section, a widget per field, i18n over the site's languages — whose page loads
//! the CMS from a file the site serves itself, and says what to run when that file is missing.

use std::fs;

use serde_yaml::Value;

use crate::support::SiteTest;

/// The collection named `name` in `config.yml`.
fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no collection {name}"))
}

/// The field named `name` of a collection.
fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn cms_writes_a_collection_per_section_with_a_widget_per_field() {
    let site = SiteTest::sample();
    let run = site.run(&["cms"]).expect_code(1);
    assert!(
        run.stderr.contains("the Decap CMS bundle is not at")
            && run
                .stderr
                .contains("run `npm install decap-cms@3` in the site's folder"),
        "{}",
        run.stderr
    );
    let admin = site.root().join("static/admin");
    let text = fs::read_to_string(admin.join("config.yml")).unwrap();
    assert!(text.starts_with("# Decap CMS configuration"), "{text}");
    let config: Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(config["local_backend"], Value::Bool(true));
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(
        serde_yaml::to_string(&config["i18n"]["locales"]).unwrap(),
        "- en\n- sv\n- uk\n- ar\n"
    );

    let guidance = collection(&config, "guidance");
    assert_eq!(guidance["folder"], "content/guidance");
    assert_eq!(guidance["create"], Value::Bool(true));
    assert_eq!(field(guidance, "title")["required"], Value::Bool(true));
    assert_eq!(field(guidance, "body")["widget"], "markdown");
    let standards = field(guidance, "standards");
    assert_eq!(standards["widget"], "select");
    let ids = serde_yaml::to_string(&standards["options"]).unwrap();
    assert!(
        ids.contains("- '1.2'\n") && ids.contains("- trm/3\n"),
        "{ids}"
    );
    assert_eq!(field(guidance, "date")["widget"], "datetime");
    assert_eq!(field(guidance, "countries")["multiple"], Value::Bool(true));

    let practices = collection(&config, "practices");
    let evidence = field(practices, "evidence");
    assert_eq!(evidence["widget"], "select");
    assert_eq!(
        serde_yaml::to_string(&evidence["options"]).unwrap(),
        "- emerging\n- promising\n- evaluated\n"
    );
    assert_eq!(field(practices, "country")["required"], Value::Bool(true));
    let standard = collection(&config, "standards-transnational-referral");
    assert_eq!(
        standard["folder"],
        "content/standards/transnational-referral"
    );
    assert_eq!(field(standard, "number")["required"], Value::Bool(true));
    assert_eq!(field(standard, "substandards")["widget"], "list");
    let tools = collection(&config, "tools");
    assert_eq!(tools["path"], "{{slug}}/index", "tools are page folders");

    let page = fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(
        page.contains("<script src=\"decap-cms.js\"></script>"),
        "{page}"
    );
    assert!(!page.contains("http"), "nothing from another host: {page}");
}

#[test]
fn the_bundle_is_copied_and_the_admin_is_served_with_the_site() {
    let site = SiteTest::sample();
    site.write("vendor/decap-cms.js", "/* the CMS */\n");
    site.write("vendor/1077.decap-cms.js", "/* a chunk */\n");
    site.write("vendor/1077.decap-cms.js.map", "{}\n");
    let missing = site
        .run(&["cms", "--bundle", "vendor/decap.js"])
        .expect_code(1);
    assert!(
        missing
            .stderr
            .contains("the Decap CMS bundle is not at vendor/decap.js"),
        "{}",
        missing.stderr
    );
    let run = site
        .run(&["cms", "--bundle", "vendor/decap-cms.js"])
        .expect_code(0);
    assert!(
        run.stderr.contains("wrote the Decap CMS admin"),
        "{}",
        run.stderr
    );
    site.run(&["build", "--quiet"]).expect_code(0);
    assert_eq!(site.output("admin/decap-cms.js"), "/* the CMS */\n");
    assert_eq!(site.output("admin/1077.decap-cms.js"), "/* a chunk */\n");
    assert!(!site.has_output("admin/1077.decap-cms.js.map"));
    assert!(site.output("admin/index.html").contains("decap-cms.js"));
}

/// Decap's `multiple_files` writes the default language's file with its code too
/// (`name.en.md`): Soteria reads that as the default language, so a page saved by the CMS
/// checks and builds where `name.md` would.
#[test]
fn a_page_saved_the_way_decap_names_it_checks_and_builds() {
    let site = SiteTest::sample();
    site.write(
        "content/guidance/from-the-cms.en.md",
        "---\ntitle: Saved from the CMS\ndate: 2024-05-31\nstandards:\n  - '5'\n  - trm/3\ndraft: false\n---\nWritten in the CMS.\n",
    );
    site.write(
        "content/guidance/from-the-cms.sv.md",
        "---\ntitle: Sparad från CMS\ndate: 2024-05-31\nstandards:\n  - '5'\n  - trm/3\ndraft: false\n---\nSkriven i CMS.\n",
    );
    site.run(&["check"]).expect_code(0);
    site.run(&["build", "--quiet"]).expect_code(0);
    assert!(site
        .output("guidance/from-the-cms/index.html")
        .contains("Saved from the CMS"));
    assert!(site
        .output("sv/guidance/from-the-cms/index.html")
        .contains("Sparad från CMS"));
}

/// Decap writes a file for every language of a new page, empty for those not filled in: an
/// empty translation is a warning and the page is untranslated there; an empty page in the
/// default language is still an error.
#[test]
fn an_empty_translation_is_taken_as_not_translated() {
    let site = SiteTest::sample();
    site.write(
        "content/guidance/new-page.en.md",
        "---\ntitle: New page\n---\nText.\n",
    );
    site.write("content/guidance/new-page.sv.md", "\n");
    let check = site.run(&["check"]).expect_code(0);
    assert!(
        check.stderr.contains(
            "content/guidance/new-page.sv.md: warning[empty-translation]: the file is empty, so the page is taken as not translated into this language"
        ),
        "{}",
        check.stderr
    );
    site.write("content/guidance/blank.md", "");
    let check = site.run(&["check"]).expect_code(1);
    assert!(
        check
            .stderr
            .contains("content/guidance/blank.md:1:1: error[front-matter]"),
        "{}",
        check.stderr
    );
}
