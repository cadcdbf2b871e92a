//! Multilingual sites: URLs per language, lang/dir, hreflang, the language switcher, fallback
//! pages, references in the reader's language, sitemap alternates, feeds, 404s, `new` and `status`.

use crate::support::{main_of, SiteTest};

fn built() -> SiteTest {
    let site = SiteTest::new("multilingual");
    site.build();
    site
}

#[test]
fn each_language_has_its_own_urls() {
    let site = built();
    for file in [
        "index.html",
        "sv/index.html",
        "ar/index.html",
        "guidance/referral/index.html",
        "sv/guidance/hanvisning/index.html",
        "ar/guidance/referral/index.html",
        "sv/guidance/steps/index.html",
        "ar/guidance/steps/index.html",
        "404.html",
        "sv/404.html",
        "ar/404.html",
    ] {
        assert!(site.has_output(file), "missing {file}");
    }
    assert!(
        !site.has_output("sv/guidance/referral/index.html"),
        "the Swedish slug names the page"
    );
}

#[test]
fn pages_declare_their_language_and_direction() {
    let site = built();
    assert!(site
        .output("sv/guidance/hanvisning/index.html")
        .contains("<html lang=\"sv\" dir=\"ltr\">"));
    assert!(site
        .output("ar/guidance/referral/index.html")
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(site
        .output("ar/404.html")
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
}

#[test]
fn hreflang_links_name_every_translation_and_a_default() {
    let site = built();
    let html = site.output("sv/guidance/hanvisning/index.html");
    for (lang, url) in [
        ("en", "https://example.org/guidance/referral/"),
        ("sv", "https://example.org/sv/guidance/hanvisning/"),
        ("ar", "https://example.org/ar/guidance/referral/"),
        ("x-default", "https://example.org/guidance/referral/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">");
        assert!(html.contains(&link), "missing {link}");
    }
    assert_eq!(html.matches("<link rel=\"alternate\" hreflang=").count(), 4);
}

#[test]
fn the_language_switcher_links_the_translations_that_exist() {
    let site = built();
    let html = site.output("sv/guidance/hanvisning/index.html");
    let switcher = &html[html.find("class=\"language-switcher\"").expect("switcher")..];
    let switcher = &switcher[..switcher.find("</nav>").unwrap()];
    assert!(
        switcher.contains(
            "<a href=\"/guidance/referral/\" lang=\"en\" dir=\"auto\" hreflang=\"en\">English</a>"
        ),
        "{switcher}"
    );
    assert!(switcher.contains("<a href=\"/sv/guidance/hanvisning/\" lang=\"sv\" dir=\"auto\" hreflang=\"sv\" aria-current=\"page\">Svenska</a>"), "{switcher}");
    assert!(
        switcher
            .contains("<a href=\"/ar/guidance/referral/\" lang=\"ar\" dir=\"auto\" hreflang=\"ar\">العربية</a>"),
        "{switcher}"
    );
    // Issue 17 point 5: an untranslated page has the switcher too, each language's link leading
    // to the page in that language (its fallback there); search engines are offered no fallback.
    let steps = site.output("sv/guidance/steps/index.html");
    assert!(
        !steps.contains("<link rel=\"alternate\" hreflang=\"sv\""),
        "no Swedish version to offer search engines"
    );
    assert!(steps.contains("<a href=\"/sv/guidance/steps/\" lang=\"sv\" dir=\"auto\" hreflang=\"sv\" aria-current=\"page\">Svenska</a>"), "{steps}");
    let english = site.output("guidance/steps/index.html");
    assert!(
        english.contains(
            "<a href=\"/ar/guidance/steps/\" lang=\"ar\" dir=\"auto\" hreflang=\"ar\">العربية</a>"
        ),
        "{english}"
    );
}

#[test]
fn an_untranslated_page_shows_the_original_under_a_translated_notice() {
    let site = built();
    let html = site.output("sv/guidance/steps/index.html");
    let main = main_of(&html);
    assert!(html.contains("<html lang=\"sv\""));
    assert!(
        // Issue 17 point 5: grammatical, the original's language named as it writes itself.
        main.contains("Den här sidan är inte översatt till svenska än. Du läser originalet. Originalspråk: <bdi lang=\"en\">English</bdi>."),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"/guidance/steps/\" hreflang=\"en\">Läs originalet</a>"),
        "{main}"
    );
    assert!(
        main.contains("<article class=\"page\" lang=\"en\" dir=\"ltr\">"),
        "{main}"
    );
    assert!(main.contains("Only in English."));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/guidance/steps/\">"));
    let arabic = site.output("ar/guidance/steps/index.html");
    assert!(
        main_of(&arabic).contains("<article class=\"page\" lang=\"en\" dir=\"ltr\">"),
        "English text stays left to right inside an RTL page"
    );
}

#[test]
fn listings_include_untranslated_pages_marked() {
    let site = built();
    let html = site.output("sv/guidance/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<a href=\"/sv/guidance/hanvisning/\">Hänvisning</a>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"/sv/guidance/steps/\" lang=\"en\" dir=\"auto\">Steps</a>"),
        "{main}"
    );
    assert!(main.contains("inte översatt än"), "{main}");
}

#[test]
fn links_lead_to_the_page_in_the_readers_language() {
    let site = built();
    let swedish = site.output("sv/guidance/hanvisning/index.html");
    assert!(main_of(&swedish).contains("<a href=\"/sv/guidance/steps/#first\">stegen</a>"));
    let arabic = site.output("ar/guidance/referral/index.html");
    assert!(main_of(&arabic).contains("<a href=\"/ar/guidance/steps/\">الخطوات</a>"));
    let fallback_home = site.output("ar/index.html");
    assert!(
        fallback_home.contains("href=\"/ar/guidance/\""),
        "the navigation stays in Arabic"
    );
}

#[test]
fn the_sitemap_lists_each_page_once_per_language_with_alternates() {
    let site = built();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry_start = sitemap
        .find("<loc>https://example.org/sv/guidance/hanvisning/</loc>")
        .expect("Swedish entry");
    let entry = &sitemap[entry_start..sitemap[entry_start..].find("</url>").unwrap() + entry_start];
    for (lang, url) in [
        ("en", "/guidance/referral/"),
        ("sv", "/sv/guidance/hanvisning/"),
        ("ar", "/ar/guidance/referral/"),
        ("x-default", "/guidance/referral/"),
    ] {
        assert!(entry.contains(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://example.org{url}\"/>")), "{entry}");
    }
    assert_eq!(
        sitemap
            .matches("<loc>https://example.org/guidance/referral/</loc>")
            .count(),
        1
    );
    assert!(
        !sitemap.contains("/sv/guidance/steps/"),
        "fallback pages are not indexed"
    );
    assert!(!sitemap.contains("translation-status"));
}

#[test]
fn each_language_has_its_news_feed() {
    let site = built();
    let english = site.output("atom.xml");
    assert!(english.contains("<title>Launch</title>"), "{english}");
    assert!(english.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/atom.xml\"/>"
    ));
    let swedish = site.output("sv/atom.xml");
    assert!(swedish.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">"));
    assert!(swedish.contains("<title>Lansering</title>"), "{swedish}");
    assert!(swedish.contains("https://example.org/sv/news/launch/"));
    let arabic = site.output("ar/atom.xml");
    assert!(
        arabic.contains("<entry xml:lang=\"en\">"),
        "untranslated news is marked as English: {arabic}"
    );
    assert!(site
        .output("sv/index.html")
        .contains("href=\"/sv/atom.xml\""));
}

#[test]
fn dates_are_written_the_readers_way() {
    let site = built();
    assert!(main_of(&site.output("news/launch/index.html"))
        .contains("<time datetime=\"2024-05-06\">6 May 2024</time>"));
    assert!(main_of(&site.output("sv/news/launch/index.html"))
        .contains("<time datetime=\"2024-05-06\">6 maj 2024</time>"));
}

#[test]
fn missing_ui_strings_fall_back_with_a_warning_listing_them() {
    let site = SiteTest::new("multilingual");
    site.write("i18n/sv.yaml", "quick_exit: Gå härifrån\n");
    std::fs::write(
        site.root().join("themes/default/i18n/sv.yaml"),
        "quick_exit: \"Lämna sidan\"\n",
    )
    .unwrap();
    let run = site.build();
    assert!(
        run.stderr.contains("warning[missing-strings]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skip_to_content"),
        "the missing keys are listed: {}",
        run.stderr
    );
    let html = site.output("sv/guidance/hanvisning/index.html");
    assert!(html.contains("Gå härifrån"), "the site's own strings win");
    assert!(
        html.contains("Skip to main content"),
        "missing keys show the default language's text"
    );
}

#[test]
fn new_creates_a_translation_with_the_source_hash_and_status_reports_it() {
    let site = SiteTest::new("multilingual");
    let run = site
        .run(&["new", "guidance", "steps", "--lang", "sv"])
        .expect_code(0);
    assert!(
        run.stderr.contains("created content/guidance/steps.sv.md"),
        "{}",
        run.stderr
    );
    let translation =
        std::fs::read_to_string(site.root().join("content/guidance/steps.sv.md")).unwrap();
    assert!(
        translation.starts_with("---\ntitle: Steps\nsource_hash: "),
        "{translation}"
    );
    assert!(translation.contains("Only in English."));

    let status = |site: &SiteTest| -> serde_json::Value {
        let run = site.run(&["status", "--format", "json"]).expect_code(0);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let report = status(&site);
    let swedish = report
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == "sv")
        .unwrap();
    assert_eq!(
        swedish["pages"]["translated"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| *p == "guidance/steps.md")
            .count(),
        1
    );
    assert_eq!(swedish["outdated"], 0);

    site.write(
        "content/guidance/steps.md",
        "---\ntitle: Steps\n---\n## First\n\nChanged in English.\n",
    );
    let report = status(&site);
    let swedish = report
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == "sv")
        .unwrap();
    assert_eq!(
        swedish["pages"]["outdated"],
        serde_json::json!(["guidance/steps.md"])
    );
    let arabic = report
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == "ar")
        .unwrap();
    assert!(arabic["pages"]["missing"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("guidance/steps.md")));
    assert_eq!(arabic["total"], 6);

    let text = site.run(&["status"]).expect_code(0).stdout;
    assert!(
        text.contains("sv (Svenska): 4/6 translated (66%), 1 outdated (16%), 1 missing (16%)"),
        "{text}"
    );
    assert!(
        text.contains(
            "outdated  content/guidance/steps.sv.md  (update it: content/guidance/steps.md changed"
        ),
        "{text}"
    );
}

#[test]
fn new_refuses_to_overwrite_and_creates_pages_in_typed_sections() {
    let site = SiteTest::new("multilingual");
    site.run(&["new", "guidance", "referral", "--lang", "sv"])
        .expect_code(2);
    let run = site.run(&["new", "news", "second-launch"]).expect_code(0);
    assert!(
        run.stderr.contains("created content/news/second-launch.md"),
        "{}",
        run.stderr
    );
    let page = std::fs::read_to_string(site.root().join("content/news/second-launch.md")).unwrap();
    assert!(
        page.contains("title: Second launch\n") && page.contains("date: 20"),
        "{page}"
    );
    site.run(&["build"]).expect_code(0);
}

/// Issue 17 point 7: the overview names the content's files, so the public site has it only when
/// `site.yaml` asks; `soteria status` shows editors the same either way.
#[test]
fn the_translation_overview_is_published_only_when_site_yaml_asks() {
    let site = built();
    assert!(!site
        .root()
        .join("output/translation-status/index.html")
        .exists());
    let status = site.run(&["status"]).expect_code(0);
    assert!(
        status
            .stdout
            .contains("missing   content/guidance/steps.sv.md"),
        "{}",
        status.stdout
    );
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}translation_status_page: true\n"),
    );
    site.build();
    let html = site.output("translation-status/index.html");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        main_of(&html).contains("<code>content/guidance/steps.md</code>"),
        "{}",
        main_of(&html)
    );
}

/// Issue 17 point 5: a theme's name missing in one of the site's languages is a warning at the
/// theme's line in site.yaml; one name for every language is not.
#[test]
fn a_theme_named_in_some_languages_only_is_a_warning_where_it_is_named() {
    let site = SiteTest::new("multilingual");
    site.append(
        "site.yaml",
        "taxonomies:\n  themes:\n    prevention: Prevention\n    migration: {en: Migration, sv: Migration}\n",
    );
    let run = site.run(&["check"]).expect_code(0);
    assert!(
        run.stderr.contains(
            "site.yaml:18:5: warning[missing-translation]: the theme `migration` has no name in `ar`; readers of that language see it in `en`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "help: add the name in each language to `taxonomies.themes.migration` in site.yaml"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("`prevention`"), "{}", run.stderr);
}

/// Issue 17 point 5: a section whose title has no translation in a site language is a warning
/// of `check` at the section's file, naming the files to add, as for interface strings.
#[test]
fn a_section_title_missing_in_a_language_is_a_warning() {
    let site = SiteTest::new("multilingual");
    let run = site.run(&["check"]).expect_code(0);
    for line in [
        "content/guidance/_index.md: warning[missing-translation]: the section `Guidance` has no title in `ar`; readers of that language see it in `en`",
        "content/news/_index.md: warning[missing-translation]: the section `News` has no title in `sv`, `ar`; readers of those languages see it in `en`",
        "help: add content/news/_index.sv.md and content/news/_index.ar.md with the title (and text) translated",
    ] {
        assert!(run.stderr.contains(line), "{line} in:\n{}", run.stderr);
    }
    site.write("content/news/_index.sv.md", "---\ntitle: Nyheter\n---\n");
    let run = site.run(&["check"]).expect_code(0);
    assert!(
        run.stderr
            .contains("the section `News` has no title in `ar`; readers of that language"),
        "{}",
        run.stderr
    );
}
