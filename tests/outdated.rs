//! Issue 19: readers of a translation see what is current. A translation whose original changed
//! since it was translated names the sections that changed, in the reader's language, and links
//! to them in the original; its blocks that still show the original's text say which language
//! they are in. (The fixture's translations record what they translate by hand, in the shape
//! `soteria translate import` writes.)

use crate::support::{main_of, SiteTest};

const ORIGINAL: &str = "content/guidance/referral.md";
const UKRAINIAN: &str = "content/guidance/referral.uk.md";

/// The notice of changes in the original on a page, if it has one.
fn notice(html: &str) -> Option<&str> {
    let main = main_of(html);
    let start = main.find("<div class=\"notice notice--translation\"")?;
    let end = main[start..].find("</div>")? + start + 6;
    Some(&main[start..end])
}

/// The links of a notice, as (href, the rest of the start tag, text).
fn links(notice: &str) -> Vec<(String, String, String)> {
    notice
        .split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let (href, rest) = rest.split_once('"').unwrap();
            let (attributes, rest) = rest.split_once('>').unwrap();
            let text = rest.split_once("</a>").unwrap().0;
            (href.to_string(), attributes.to_string(), text.to_string())
        })
        .collect()
}

/// The original's text with `from` replaced by `to` (which must be there).
fn original_with(site: &SiteTest, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(site.root().join(ORIGINAL)).unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

#[test]
fn a_translation_names_the_section_that_changed_and_links_to_it_in_the_original() {
    let site = SiteTest::new("outdated");
    site.build().expect_code(0);

    let uk = site.output("uk/guidance/referral/index.html");
    let notice_uk = notice(&uk).expect("a notice on the Ukrainian page");
    assert!(notice_uk.contains("Оригінал змінено"), "{notice_uk}");
    assert!(
        notice_uk.contains(
            "Частини оригіналу (<bdi lang=\"en\">English</bdi>) оновлено 3 травня 2026 р., уже після того, як було зроблено цей переклад:"
        ),
        "{notice_uk}"
    );
    // Only the section whose paragraph changed, labelled as this page heads it.
    assert_eq!(
        links(notice_uk),
        [(
            "/guidance/referral/#interviews".to_string(),
            " hreflang=\"en\"".to_string(),
            "Опитування".to_string()
        )]
    );
    // The link leads to a heading of the original.
    let original = site.output("guidance/referral/index.html");
    assert!(original.contains("<h2 id=\"interviews\">Interviews</h2>"));
    assert!(notice(&original).is_none(), "{}", main_of(&original));

    let ar = site.output("ar/guidance/referral/index.html");
    let notice_ar = notice(&ar).expect("a notice on the Arabic page");
    assert!(notice_ar.contains("تغيّر النص الأصلي"), "{notice_ar}");
    assert!(notice_ar.contains("في 3 مايو 2026،"), "{notice_ar}");
    assert_eq!(
        links(notice_ar),
        [(
            "/guidance/referral/#interviews".to_string(),
            " hreflang=\"en\"".to_string(),
            "المقابلات".to_string()
        )]
    );
}

/// A change before the first heading (or in the front matter's text) is a change of the
/// introduction, which links to the top of the original; the date is the original's `updated`,
/// else its `date`, else none.
#[test]
fn a_changed_introduction_is_named_as_such() {
    let site = SiteTest::new("outdated");
    let text = original_with(
        &site,
        "This fictional pathway shows",
        "This fictional pathway, revised, shows",
    );
    site.write(ORIGINAL, &text.replace("updated: 2026-05-03\n", ""));
    site.build().expect_code(0);
    let uk = site.output("uk/guidance/referral/index.html");
    let notice_uk = notice(&uk).expect("a notice");
    assert!(
        notice_uk.contains("оновлено 12 січня 2026 р."),
        "{notice_uk}"
    );
    let found: Vec<(String, String)> = links(notice_uk)
        .into_iter()
        .map(|(href, _, text)| (href, text))
        .collect();
    assert_eq!(
        found,
        [
            ("/guidance/referral/".to_string(), "Вступ".to_string()),
            (
                "/guidance/referral/#interviews".to_string(),
                "Опитування".to_string()
            ),
        ]
    );

    // A new description is a change of the introduction too; without a date, none is said.
    let text = std::fs::read_to_string(site.root().join(ORIGINAL)).unwrap();
    let text = text
        .replace("date: 2026-01-12\n", "")
        .replace(
            "This fictional pathway, revised, shows",
            "This fictional pathway shows",
        )
        .replace("(fictional example).", "(a fictional example).");
    site.write(ORIGINAL, &text);
    site.build().expect_code(0);
    let uk = site.output("uk/guidance/referral/index.html");
    let notice_uk = notice(&uk).expect("a notice");
    assert!(
        notice_uk
            .contains("English</bdi>) оновлено вже після того, як було зроблено цей переклад:"),
        "{notice_uk}"
    );
    assert_eq!(links(notice_uk)[0].2, "Вступ", "{notice_uk}");
}

/// No notice when the translation translates the original as it is, or does not say which
/// version it translates.
#[test]
fn a_current_translation_has_no_notice() {
    let site = SiteTest::new("outdated");
    let original = original_with(
        &site,
        "The interview is recorded on video, so that the child does not have to tell it again in court.",
        "The interview is recorded.",
    );
    site.write(ORIGINAL, &original);
    let translation = std::fs::read_to_string(site.root().join(UKRAINIAN)).unwrap();
    let hash = soteria::status::source_hash(&original);
    site.write(
        UKRAINIAN,
        &translation.replace(
            "source_hash: 0123456789abcdef",
            &format!("source_hash: {hash}"),
        ),
    );
    site.write(
        "content/guidance/referral.ar.md",
        &std::fs::read_to_string(site.root().join("content/guidance/referral.ar.md"))
            .unwrap()
            .replace("source_hash: 0123456789abcdef\n", ""),
    );
    site.build().expect_code(0);
    for page in [
        "uk/guidance/referral/index.html",
        "ar/guidance/referral/index.html",
    ] {
        let html = site.output(page);
        assert!(notice(&html).is_none(), "{page}: {}", main_of(&html));
    }
}

/// A translation made by hand (a `source_hash`, no record of what it translates) cannot tell
/// which sections changed: it says that the original did, and links to it.
#[test]
fn a_translation_made_by_hand_says_the_original_changed() {
    let site = SiteTest::new("outdated");
    site.write(
        UKRAINIAN,
        "---\ntitle: Маршрут направлення\nsource_hash: 0123456789abcdef\n---\n\
         Цей вигаданий маршрут показує, як один випадок проходить шлях до підтримки.\n",
    );
    site.build().expect_code(0);
    let uk = site.output("uk/guidance/referral/index.html");
    let notice_uk = notice(&uk).expect("a notice");
    assert!(
        notice_uk.contains(
            "Оригінал (<bdi lang=\"en\">English</bdi>) оновлено 3 травня 2026 р., уже після того, як було зроблено цей переклад."
        ),
        "{notice_uk}"
    );
    assert!(!notice_uk.contains("<ul>"), "{notice_uk}");
    assert_eq!(
        links(notice_uk),
        [(
            "/guidance/referral/".to_string(),
            " hreflang=\"en\"".to_string(),
            "Читати оригінал".to_string()
        )]
    );
    // No block is marked: without a record, the page is taken as translated.
    assert!(!main_of(&uk).contains("<p lang="), "{}", main_of(&uk));
}

/// The blocks a translation's record does not translate show the original's text, and say so
/// with the original's `lang` and `dir` (on a right-to-left page too); so does a link to a
/// changed section whose heading is still the original's.
#[test]
fn blocks_still_in_the_original_language_are_marked() {
    let site = SiteTest::new("outdated");
    site.build().expect_code(0);
    let uk = site.output("uk/guidance/referral/index.html");
    let prose = main_of(&uk);
    assert!(
        prose.contains(
            "<p lang=\"en\" dir=\"ltr\">The family is offered support from the first day, whatever the case's outcome.</p>"
        ),
        "{prose}"
    );
    assert!(prose.contains("<p>Опитування записують.</p>"), "{prose}");
    assert_eq!(
        prose.matches(" lang=\"en\" dir=\"ltr\"").count(),
        1,
        "{prose}"
    );

    // In Arabic, the interviews' heading is left in English: it is marked, and the notice's
    // link to that section says it in English too.
    let path = "content/guidance/referral.ar.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let text = text
        .replace("    s2.h: \"Interviews\"\n", "")
        .replace("## المقابلات", "## Interviews");
    site.write(path, &text);
    site.build().expect_code(0);
    let ar = site.output("ar/guidance/referral/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\""), "{ar}");
    assert!(
        main_of(&ar).contains("<h2 id=\"interviews\" lang=\"en\" dir=\"ltr\">Interviews</h2>"),
        "{}",
        main_of(&ar)
    );
    let notice_ar = notice(&ar).expect("a notice");
    assert_eq!(
        links(notice_ar),
        [(
            "/guidance/referral/#interviews".to_string(),
            " hreflang=\"en\" lang=\"en\" dir=\"ltr\"".to_string(),
            "Interviews".to_string()
        )]
    );
}
