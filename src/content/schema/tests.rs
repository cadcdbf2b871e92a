use super::*;
use crate::content::front_matter;

fn check_text(text: &str, content_type: ContentType) -> Result<FrontMatter, Vec<Diagnostic>> {
    let parsed = front_matter::parse(Path::new("a.md"), text).unwrap();
    let (config, _) = crate::Config::parse(
        "title: T\ntypes:\n  practice:\n    values:\n      evidence: [anecdotal]\n    fields:\n      sector: {kind: one_of, values: [health, justice]}\n",
    )
    .unwrap();
    check(
        Path::new("a.md"),
        &parsed,
        &Schema::new(&config).unwrap(),
        content_type,
        false,
    )
}

#[test]
fn all_problems_of_a_page_are_reported_at_their_lines() {
    let errors = check_text(
        "---\ndraft: \"sometimes\"\nweight: heavy\n---\n",
        ContentType::News,
    )
    .unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.code, e.location.as_ref().unwrap().line))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-field", 1),
            ("field-type", 2),
            ("field-type", 3),
            ("missing-field", 1)
        ]
    );
    assert!(errors[1].message.contains("must be true or false"));
    assert!(errors[3].message.contains("`date`"));
}

#[test]
fn enum_errors_name_the_allowed_values() {
    let errors = check_text(
        "---\ntitle: T\ncountry: se\nevidence: strong\n---\n",
        ContentType::Practice,
    )
    .unwrap_err();
    assert!(errors[0].message.contains("emerging, promising, evaluated"));
}

#[test]
fn countries_are_iso_codes() {
    let errors = check_text(
        "---\ntitle: T\ncountry: sweden\ncountries: [se, xx]\n---\n",
        ContentType::Practice,
    )
    .unwrap_err();
    let codes: Vec<_> = errors
        .iter()
        .map(|e| (e.code, e.location.as_ref().unwrap().line))
        .collect();
    assert_eq!(codes, [("bad-country", 4), ("bad-country", 3)]);
    assert!(
        errors[0].message.contains("\"xx\""),
        "{}",
        errors[0].message
    );
    assert!(check_text(
        "---\ntitle: T\ncountry: \"no\"\ncountries: [SE]\n---\n",
        ContentType::Practice
    )
    .is_ok());
}

#[test]
fn sites_add_fields_and_values() {
    assert!(check_text(
        "---\ntitle: T\ncountry: se\nevidence: anecdotal\nsector: health\n---\n",
        ContentType::Practice
    )
    .is_ok());
    let errors = check_text(
        "---\ntitle: T\ncountry: se\nsector: police\n---\n",
        ContentType::Practice,
    )
    .unwrap_err();
    assert_eq!(errors[0].code, "bad-value");
    assert!(
        errors[0].message.contains("one of health, justice"),
        "{}",
        errors[0].message
    );
}

#[test]
fn typed_fields_are_read() {
    let front = check_text(
        "---\ntitle: 2024\ndraft: true\nweight: 3\naliases: [/old/]\ndate: 2024-05-01\n---\n",
        ContentType::Page,
    )
    .unwrap();
    assert_eq!(front.title, "2024");
    assert!(front.draft);
    assert_eq!(front.weight, Some(3));
    assert_eq!(front.aliases, ["/old/"]);
}

#[test]
fn type_extensions_are_checked_at_their_place_in_site_yaml() {
    let (config, _) = crate::Config::parse(
        "title: T\ntypes:\n  pratice:\n    fields: {}\n  practice:\n    values:\n      country: [xx]\n      evidence: [anecdotal]\n    fields:\n      sector: {kind: one_of}\n",
    )
    .unwrap();
    let errors = Schema::new(&config).unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|e| {
            let at = e.location.as_ref().unwrap();
            (e.code, at.line, at.column, e.message.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "config-value",
                3,
                3,
                "`types` names an unknown content type `pratice`"
            ),
            (
                "config-value",
                7,
                16,
                "`country` of `practice` has no fixed list of values to extend"
            ),
            (
                "config-value",
                10,
                15,
                "the `one_of` field `sector` lists no `values`"
            ),
        ]
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("extend one of: page, guidance, standard, tool, finding, practice, project, news")
    );
    assert_eq!(errors[0].file, std::path::PathBuf::from("site.yaml"));
}

#[test]
fn dates_are_checked() {
    for good in [
        "2024-05-01",
        "2024-05-01T09:30:00Z",
        "2024-05-01T09:30+02:00",
        "2024-05-01 09:30:00",
    ] {
        assert!(is_date(good), "{good}");
    }
    for bad in ["2024-13-01", "May 2024", "2024-5-1", "2024-05-01T9"] {
        assert!(!is_date(bad), "{bad}");
    }
}
