//! The sample site's content as issue 17 asks (points 9–11): who publishes it and how to reach
//! them on every page, the EU-funding note only where the sources say the EU funded a project,
//! who wrote each guide and tool and when, the standards' titles, and the languages each section
//! and standard is written in.

use crate::support::{main_of, SiteTest};

const LANGUAGES: [&str; 4] = ["", "sv/", "uk/", "ar/"];

/// The sample site, built once per test.
fn built() -> SiteTest {
    let site = SiteTest::sample();
    site.build();
    site
}

/// The `<footer>` of a page.
fn footer_of(html: &str) -> &str {
    let start = html
        .find("<footer class=\"site-footer\"")
        .unwrap_or(html.len());
    &html[start..]
}

/// Issue 17 point 9: every page in every language names the publisher and links to a contact
/// page, an accessibility statement and a privacy statement in the page's language, and each of
/// those pages exists.
#[test]
fn every_page_says_who_publishes_it_and_links_its_statements() {
    let site = built();
    let publisher = [
        (
            "",
            "the Children at Risk Unit of the Council of the Baltic Sea States (CBSS)",
        ),
        (
            "sv/",
            "enheten för barn i riskzonen vid Östersjöstaternas råd (CBSS)",
        ),
        (
            "uk/",
            "Відділ «Діти в групі ризику» Ради держав Балтійського моря (CBSS)",
        ),
        (
            "ar/",
            "وحدة الأطفال المعرضين للخطر في مجلس دول بحر البلطيق (CBSS)",
        ),
    ];
    let pages: Vec<(String, String)> = site
        .output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        // An alias is a redirect to its page, not a page of its own.
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect();
    assert!(pages.len() > 250, "{}", pages.len());
    for (path, html) in &pages {
        let lang = LANGUAGES
            .iter()
            .rev()
            .find(|l| !l.is_empty() && path.starts_with(*l))
            .copied()
            .unwrap_or("");
        let footer = footer_of(html);
        let name = publisher.iter().find(|(l, _)| *l == lang).unwrap().1;
        assert!(footer.contains(name), "{path}: no publisher in {footer}");
        for page in ["contact", "accessibility", "privacy"] {
            let href = format!("href=\"/{lang}{page}/\"");
            assert!(footer.contains(&href), "{path}: no {href} in {footer}");
        }
    }
    for lang in LANGUAGES {
        let privacy = site.output(&format!("{lang}privacy/index.html"));
        assert!(
            !privacy.contains("notice--translation"),
            "{lang}privacy/ is not translated"
        );
        for page in ["contact", "accessibility"] {
            let html = site.output(&format!("{lang}{page}/index.html"));
            assert!(
                !html.contains("notice--translation"),
                "{lang}{page}/ is not translated"
            );
        }
    }
    let privacy = main_of(&site.output("privacy/index.html")).to_string();
    assert!(privacy.contains("<strong>no cookies</strong>"), "{privacy}");
}

/// A `site.yaml` footer link that is not a path of the site is an error at its place.
#[test]
fn a_footer_link_that_is_no_page_path_is_a_config_error() {
    let site = SiteTest::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("    - page: privacy\n", "    - page: \"../privacy\"\n"),
    );
    let run = site.run(&["check"]).expect_code(2);
    assert!(
        run.stderr.contains("error[config-value]: a `footer.links` page cannot be a page's path: a path may only have letters, digits, `-`, `_` and `/`, not `.`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("site.yaml:"), "{}", run.stderr);
}

/// Issue 17 point 9: the projects the sources say the EU co-funded carry the note; the others say
/// nothing about funding.
#[test]
fn only_the_projects_the_eu_co_funded_say_so() {
    let site = built();
    for project in ["promise-soteria", "promise-trm", "promise-ii", "proguard"] {
        let main = main_of(&site.output(&format!("projects/{project}/index.html"))).to_string();
        assert!(
            main.contains("<dt>Funding</dt>") && main.contains("European"),
            "{project}: {main}"
        );
    }
    for project in [
        "audtrain",
        "non-violent-childhoods",
        "protect-children-on-the-move",
    ] {
        let main = main_of(&site.output(&format!("projects/{project}/index.html"))).to_string();
        assert!(!main.contains("<dt>Funding</dt>"), "{project}: {main}");
        assert!(!main.contains("European Union"), "{project}: {main}");
    }
}

/// Issue 17 point 10: every guide and tool says under its title who wrote it, when and from what;
/// the project that ended is told in the past; Barnahus Standard 5 has its published title.
#[test]
fn guides_and_tools_say_who_wrote_them_and_when() {
    let site = built();
    let pages = [
        "guidance/child-participation",
        "guidance/crisis-resilience",
        "guidance/trafficked-children",
        "guidance/transnational-cases",
        "tools/case-conference-template",
        "tools/crisis-continuity-plan",
        "tools/interview-preparation-checklist",
        "tools/training-module-transnational",
    ];
    for page in pages {
        let main = main_of(&site.output(&format!("{page}/index.html"))).to_string();
        assert!(
            main.contains("<p class=\"page-authorship\">Written for this site in 2026 by its editors, from what PROMISE"),
            "{page}: {main}"
        );
    }
    let trafficking = site.output("guidance/trafficked-children/index.html");
    assert!(trafficking.contains("from what PROMISE TRM (2022–2024) published."));
    let trm = main_of(&site.output("projects/promise-trm/index.html")).to_string();
    assert!(trm.contains(">What the project did</h2>"), "{trm}");
    assert!(trm.contains("The project ran from 18 April 2022 to 17 September 2024."));
    let five = site.output("standards/interagency-case-management/index.html");
    assert!(
        five.contains("Interagency case management</h1>"),
        "{}",
        main_of(&five)
    );
}

/// The output page of a content file (`standards/prevention.md`, `about/_index.md`) in `lang`.
fn output_of(content: &str, lang: &str) -> String {
    let page = content
        .trim_end_matches(".md")
        .trim_end_matches("_index")
        .trim_end_matches('/');
    if page.is_empty() {
        format!("{lang}index.html")
    } else {
        format!("{lang}{page}/index.html")
    }
}

/// Issue 17 point 11: in Ukrainian and Arabic, every section page (so the whole navigation) and
/// every standard is written in the language, not shown in English with a notice; Swedish calls
/// the Barnahus interview `barnförhör`, as Swedish professionals do.
#[test]
fn ukrainian_and_arabic_cover_every_section_and_standard() {
    let site = built();
    let content = site.root().join("content");
    let sources: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(&content).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|rel| rel.ends_with(".md") && rel.matches('.').count() == 1)
        .filter(|rel| rel.ends_with("_index.md") || rel.starts_with("standards/"))
        .collect();
    assert!(sources.len() >= 25, "{sources:?}");
    for lang in ["uk/", "ar/"] {
        for source in &sources {
            let html = site.output(&output_of(source, lang));
            assert!(
                !html.contains("notice--translation"),
                "{lang}: {source} is shown untranslated"
            );
        }
        let home = site.output(&format!("{lang}index.html"));
        let nav = &home[home.find("<nav class=\"site-nav\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert_eq!(nav.matches("<li>").count(), 8, "{nav}");
        assert!(
            !nav.contains(" lang=\""),
            "{lang}: an entry is in another language: {nav}"
        );
    }
    let interviews = site.output("sv/standards/forensic-interviews/index.html");
    assert!(
        interviews.contains("Barnförhör</h1>"),
        "{}",
        main_of(&interviews)
    );
    assert!(!interviews.to_lowercase().contains("forensisk"));
}
