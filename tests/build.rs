//! A valid site builds into the expected files, URLs and HTML.

use crate::support::{main_of, SiteTest};

#[test]
fn pages_land_at_their_urls() {
    let site = SiteTest::new("basic");
    site.build();
    for file in [
        "index.html",
        "about/index.html",
        "guidance/index.html",
        "guidance/referral/index.html",
        "guidance/steps/index.html",
        "guidance/new-name/index.html",
        "tools/kit/index.html",
        "tools/kit/sheet.txt",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "syntax.css",
        "css/soteria.css",
        "extra.txt",
    ] {
        assert!(site.has_output(file), "missing {file}");
    }
    assert!(
        !site.has_output("guidance/renamed/index.html"),
        "the slug replaces the file name"
    );
    assert!(
        !site.has_output("guidance/unfinished/index.html"),
        "drafts are left out"
    );
}

#[test]
fn drafts_are_built_on_request() {
    let site = SiteTest::new("basic");
    site.run(&["build", "--drafts"]).expect_code(0);
    assert!(site
        .output("guidance/unfinished/index.html")
        .contains("Not ready."));
}

/// Issue 18: a draft built with `--drafts` says so on the page, asks search engines not to index
/// it, and is in no sitemap, feed or search index; published pages are not marked.
#[test]
fn drafts_built_on_request_are_marked_and_kept_out_of_listings_for_machines() {
    let site = SiteTest::new("basic");
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\ntype: news\n---\n",
    );
    site.write(
        "content/news/out.md",
        "---\ntitle: Out now\ndate: 2024-05-01\n---\nPublished.\n",
    );
    site.write(
        "content/news/soon.md",
        "---\ntitle: Coming soon\ndate: 2024-06-01\ndraft: true\n---\nUnfinishedword.\n",
    );
    site.run(&["build", "--drafts"]).expect_code(0);
    for draft in ["guidance/unfinished/index.html", "news/soon/index.html"] {
        let html = site.output(draft);
        assert!(
            html.contains("<p class=\"notice notice--warning notice--draft\" role=\"note\">Draft: this page is not published yet.</p>"),
            "{}",
            main_of(&html)
        );
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }
    let published = site.output("news/out/index.html");
    assert!(!published.contains("notice--draft") && !published.contains("noindex"));
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("/network/news/out/"), "{sitemap}");
    assert!(
        !sitemap.contains("unfinished") && !sitemap.contains("soon"),
        "{sitemap}"
    );
    let feed = site.output("atom.xml");
    assert!(
        feed.contains("Out now") && !feed.contains("Coming soon"),
        "{feed}"
    );
    let index = site.search_index_text();
    assert!(index.contains("Out now"), "the index holds published pages");
    for draft in ["unfinished", "Coming soon", "unfinishedword"] {
        assert!(!index.contains(draft), "{draft} in the search index");
    }
}

#[test]
fn links_carry_the_base_url_path() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/referral/index.html");
    assert!(
        html.contains("href=\"/network/guidance/steps/#second\""),
        "{}",
        main_of(&html)
    );
    assert!(
        html.contains("href=\"/network/tools/kit/\""),
        "{}",
        main_of(&html)
    );
    assert!(html.contains("href=\"/network/css/soteria.css\""));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://example.org/network/guidance/referral/\">"
    ));
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/network/guidance/referral/</loc>"));
    assert!(sitemap.contains("<lastmod>2024-03-01</lastmod>"));
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://example.org/network/sitemap.xml"));
}

#[test]
fn base_url_can_be_given_on_the_command_line() {
    let site = SiteTest::new("basic");
    site.run(&["build", "--base-url", "http://localhost:8000/"])
        .expect_code(0);
    let html = site.output("guidance/referral/index.html");
    assert!(
        html.contains("href=\"/guidance/steps/#second\""),
        "{}",
        main_of(&html)
    );
}

/// Issue 18: `base_url` is where the site is published. A path alone is an error at its line
/// with a help line; without one the sitemap and robots.txt (whose URLs must be absolute) are
/// left out with a warning, and the pages still build.
#[test]
fn base_url_is_an_absolute_address_or_the_sitemap_is_left_out() {
    let site = SiteTest::new("basic");
    site.write("site.yaml", "title: Basic\nbase_url: /network\n");
    let run = site.run(&["build"]).expect_code(2);
    assert!(
        run.stderr.contains(
            "site.yaml:2:11: error[config-value]: `base_url` must be an absolute http(s) address, \
             and `/network` is not: it is a path"
        ),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("help: write the address the site is published at"));
    let run = site.run(&["build", "--base-url", "/"]).expect_code(2);
    assert!(run
        .stderr
        .contains("error[config-value]: `base_url` must be an absolute"));

    site.write("site.yaml", "title: Basic\n");
    let run = site.build();
    assert!(
        run.stderr.contains(
            "site.yaml: warning[no-base-url]: `base_url` is not set, so the sitemap and robots.txt are left out"
        ),
        "{}",
        run.stderr
    );
    assert!(site.has_output("guidance/referral/index.html"));
    assert!(!site.has_output("sitemap.xml") && !site.has_output("robots.txt"));
    site.run(&["check", "--deny-warnings"]).expect_code(1);

    let run = site
        .run(&["build", "--base-url", "https://example.org/network/"])
        .expect_code(0);
    assert!(!run.stderr.contains("no-base-url"), "{}", run.stderr);
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://example.org/network/sitemap.xml"));
}

#[test]
fn headings_get_unique_ids() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/referral/index.html");
    assert!(html.contains("<h2 id=\"overview\">Overview</h2>"));
    assert!(html.contains("<h2 id=\"overview-1\">Overview</h2>"));
    let steps = site.output("guidance/steps/index.html");
    assert!(steps.contains("<h2 id=\"second\">Second</h2>"));
}

#[test]
fn sections_list_their_pages_by_weight_then_date_then_title() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/index.html");
    let main = main_of(&html);
    let position = |title: &str| {
        main.find(title)
            .unwrap_or_else(|| panic!("{title} not listed:\n{main}"))
    };
    // Steps has a weight; Referral (2024-03-01) is newer than Renamed (2024-01-01).
    assert!(position(">Steps<") < position(">Referral<"));
    assert!(position(">Referral<") < position(">Renamed page<"));
    assert!(!main.contains("Unfinished"));
}

#[test]
fn pages_show_breadcrumbs_to_their_section() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/referral/index.html");
    let crumbs = &html[html.find("<ol").expect("breadcrumb list")..];
    let home = crumbs.find("href=\"/network/\"").expect("home crumb");
    let section = crumbs
        .find("href=\"/network/guidance/\"")
        .expect("section crumb");
    assert!(home < section);
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = SiteTest::new("basic");
    site.build();
    let redirect = site.output("guidance/old-name/index.html");
    assert!(
        redirect.contains("url=/network/guidance/new-name/\""),
        "{redirect}"
    );
    assert!(redirect.contains("<a href=\"/network/guidance/new-name/\">"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = SiteTest::new("basic");
    site.build();
    let first = site.output_files();
    site.build();
    assert_eq!(first, site.output_files());
    site.run(&["build", "--output", "elsewhere"]).expect_code(0);
    let elsewhere = crate::support::SiteTest::empty();
    drop(elsewhere);
    let other = std::fs::read(site.root().join("elsewhere/guidance/referral/index.html")).unwrap();
    assert_eq!(&other, &first["guidance/referral/index.html"]);
}

#[test]
fn site_templates_and_static_files_override_the_themes() {
    let site = SiteTest::new("basic");
    site.write(
        "templates/page.html",
        "<p>own template: {{ page.title }}</p>\n",
    );
    site.write("static/css/soteria.css", "/* the site's own */\n");
    site.build();
    assert_eq!(
        site.output("about/index.html"),
        "<p>own template: About us</p>\n"
    );
    assert_eq!(site.output("css/soteria.css"), "/* the site's own */\n");
    assert!(
        site.output("index.html").contains("<html"),
        "other templates still come from the theme"
    );
}

#[test]
fn code_blocks_are_highlighted_with_classes_not_styles() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/referral/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<pre class=\"code hl-code\" data-lang=\"rust\">"),
        "{main}"
    );
    assert!(main.contains("<span class=\"hl-"), "{main}");
    assert!(!html.contains("style="), "no inline styles anywhere");
    assert!(site.output("syntax.css").contains(".hl-"));
}
