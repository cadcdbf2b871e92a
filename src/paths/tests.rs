use super::*;
use proptest::prelude::*;
use std::path::{Component, Path};

#[test]
fn names_of_any_script_are_segments() {
    for good in [
        "referral-steps",
        "hänvisning",
        "v1.2",
        "настанови",
        "الإحالة",
        "児童",
        "a_b~c",
    ] {
        assert_eq!(check_segment(good), Ok(()), "{good}");
    }
    assert_eq!(check_file_name(".well-known"), Ok(()));
    assert_eq!(check_file_name("Annual report 2024.pdf"), Ok(()));
    assert_eq!(check_file_name(".."), Err(Unsafe::Dots));
    assert_eq!(check_file_name("a\u{a0}b"), Err(Unsafe::Space('\u{a0}')));
}

#[test]
fn traversal_and_its_disguises_are_refused() {
    let cases: &[(&str, Unsafe)] = &[
        ("", Unsafe::Empty),
        ("..", Unsafe::Dots),
        (".", Unsafe::Dots),
        (".hidden", Unsafe::LeadingDot),
        ("a/b", Unsafe::Separator('/')),
        ("a\\b", Unsafe::Separator('\\')),
        ("%2e%2e", Unsafe::Percent),
        ("a%2Fb", Unsafe::Percent),
        ("a\0b", Unsafe::Control('\0')),
        ("a\u{1b}[2J", Unsafe::Control('\u{1b}')),
        ("evil\u{202E}lmth", Unsafe::Control('\u{202E}')),
        ("C:", Unsafe::Reserved(':')),
        ("a b", Unsafe::Space(' ')),
        ("a\u{2215}b", Unsafe::LookAlike('\u{2215}', '/')),
        ("a\u{2044}b", Unsafe::LookAlike('\u{2044}', '/')),
        ("a\u{FF0F}b", Unsafe::LookAlike('\u{FF0F}', '/')),
        ("a\u{FF3C}b", Unsafe::LookAlike('\u{FF3C}', '\\')),
        ("\u{2024}\u{2024}", Unsafe::LookAlike('\u{2024}', '.')),
        ("\u{FF0E}\u{FF0E}", Unsafe::LookAlike('\u{FF0E}', '.')),
    ];
    // Invisible: joiners, soft hyphen, grapheme joiner, Mongolian vowel separator, tags,
    // variation selectors, Hangul fillers, word joiner.
    for c in [
        '\u{2060}',
        '\u{200D}',
        '\u{200B}',
        '\u{00AD}',
        '\u{034F}',
        '\u{180E}',
        '\u{E0041}',
        '\u{E0001}',
        '\u{FE0F}',
        '\u{E0100}',
        '\u{3164}',
        '\u{FFA0}',
        '\u{115F}',
        '\u{17B4}',
        '\u{1BCA0}',
        '\u{1D173}',
        '\u{2064}',
        '\u{FFF0}',
    ] {
        let value = format!("guid{c}ance");
        assert_eq!(check_segment(&value), Err(Unsafe::Control(c)), "{value:?}");
        assert_eq!(shown(&value), format!("guid\\u{{{:x}}}ance", u32::from(c)));
    }
    // Private use, noncharacters, unassigned.
    for c in [
        '\u{E000}',
        '\u{F8FF}',
        '\u{F0000}',
        '\u{10FFFD}',
        '\u{FDD0}',
        '\u{FDEF}',
        '\u{FFFE}',
        '\u{1FFFF}',
        '\u{10FFFF}',
        '\u{0378}',
        '\u{2FFFF}',
    ] {
        let value = format!("guid{c}ance");
        assert_eq!(
            check_segment(&value),
            Err(Unsafe::Unassigned(c)),
            "{value:?}"
        );
        assert_eq!(
            check_file_name(&value),
            Err(Unsafe::Unassigned(c)),
            "{value:?}"
        );
    }
    assert_eq!(check_segment(&"a".repeat(200)), Ok(()));
    assert_eq!(check_segment(&"a".repeat(201)), Err(Unsafe::TooLong(201)));
    assert_eq!(check_file_name(&"ä".repeat(101)), Err(Unsafe::TooLong(202)));
    for (value, why) in cases {
        assert_eq!(check_segment(value).as_ref(), Err(why), "{value:?}");
    }
    // Fullwidth letters normalise to ASCII: `ｃ：` is `c:` to NFKC.
    assert!(matches!(
        check_segment("\u{FF43}\u{FF1A}"),
        Err(Unsafe::Normalised(normal, _)) if normal == "c:"
    ));
    assert!(matches!(
        check_segment("\u{FE30}"),
        Err(Unsafe::Normalised(..))
    ));
}

#[test]
fn relative_paths_are_checked_part_by_part() {
    assert_eq!(check_relative("/guidance/old-name/"), Ok(()));
    assert_eq!(check_relative("old.html"), Ok(()));
    assert_eq!(check_relative("/a//b/"), Err(Unsafe::Empty));
    assert_eq!(check_relative("/../etc/"), Err(Unsafe::Dots));
    assert_eq!(check_relative("/"), Err(Unsafe::Empty));
}

#[test]
fn language_codes_are_bcp47_shaped() {
    for good in ["en", "sv", "pt-BR", "sr-Latn-RS", "es-419", "zh-Hant"] {
        assert!(check_language_code(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "e",
        "../../x",
        "/tmp/x",
        "en_GB",
        "en-",
        "-en",
        "sv-\u{2215}",
        "12",
    ] {
        assert!(check_language_code(bad).is_err(), "{bad}");
    }
}

#[test]
fn writers_refuse_paths_that_leave_their_folder() {
    assert!(is_contained("guidance/referral/index.html"));
    for bad in [
        "",
        "../x",
        "a/../../x",
        "/etc/passwd",
        "./a",
        "a/./b",
        "..",
        "a\\..\\b",
        "a\0",
    ] {
        assert!(!is_contained(bad), "{bad:?}");
    }
}

#[test]
fn messages_show_what_hides() {
    assert_eq!(shown("a\u{202E}b\u{2215}c"), "a\\u{202e}b\\u{2215}c");
    assert_eq!(shown("hänvisning"), "hänvisning");
}

/// Characters that matter to paths, mixed into arbitrary text by the strategy below.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        ".",
        "..",
        "/",
        "\\",
        "%",
        "%2e",
        ":",
        "\0",
        "\u{2215}",
        "\u{2044}",
        "\u{FF0F}",
        "\u{FF3C}",
        "\u{2024}",
        "\u{2025}",
        "\u{FF0E}",
        "\u{FE52}",
        "\u{FE30}",
        "\u{FF1A}",
        "\u{FF05}",
        "\u{0338}",
        "\u{202E}",
        "a",
        "é",
        "я",
        " ",
        "C:",
        "\u{2060}",
        "\u{200D}",
        "\u{00AD}",
        "\u{034F}",
        "\u{180E}",
        "\u{E0041}",
        "\u{E000}",
        "\u{FE0F}",
        "\u{FDD0}",
        "\u{FFFF}",
        "\u{3164}",
        "\u{10FFFD}",
        "\u{0378}",
    ]);
    let text = prop_oneof![
        3 => pieces.prop_map(String::from),
        2 => "\\PC{0,4}",
        1 => any::<String>(),
    ];
    prop::collection::vec(text, 0..6).prop_map(|parts| parts.concat())
}

/// Unicode's Default_Ignorable_Code_Point, as DerivedCoreProperties.txt lists it.
fn ignorable(c: char) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x034F, 0x034F),
        (0x061C, 0x061C),
        (0x115F, 0x1160),
        (0x17B4, 0x17B5),
        (0x180B, 0x180F),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x206F),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0),
        (0xFFF0, 0xFFF8),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0000, 0xE0FFF),
    ];
    let c = u32::from(c);
    RANGES.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// What the checker promises of an accepted value, as a path and after NFKC.
fn stays_one_plain_part(value: &str) {
    let normal: String = value.nfkc().collect();
    for form in [value, normal.as_str()] {
        let parts: Vec<Component<'_>> = Path::new(form).components().collect();
        assert!(
            matches!(parts.as_slice(), [Component::Normal(name)] if *name == std::ffi::OsStr::new(form)),
            "{form:?} of {value:?} is not one plain part: {parts:?}"
        );
        assert!(!form.contains(['\\', '%', ':', '\0']), "{form:?}");
        // Nothing invisible or meaningless: every character is assigned, not private use,
        // and not Default_Ignorable_Code_Point (checked against the list itself).
        for c in form.chars() {
            assert!(
                unicode_normalization::char::is_public_assigned(c) && !ignorable(c),
                "{c:?} in {form:?}"
            );
        }
        assert!(is_contained(form), "{form:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn accepted_segments_never_escape(value in tricky()) {
        if check_segment(&value).is_ok() {
            stays_one_plain_part(&value);
            let normal: String = value.nfkc().collect();
            prop_assert!(!value.starts_with('.') && !normal.starts_with('.'));
        }
    }

    #[test]
    fn accepted_file_names_never_escape(value in tricky()) {
        if check_file_name(&value).is_ok() {
            stays_one_plain_part(&value);
        }
    }

    #[test]
    fn accepted_relative_paths_stay_inside(parts in prop::collection::vec(tricky(), 1..4)) {
        let path = parts.join("/");
        if check_relative(&path).is_ok() {
            prop_assert!(is_contained(path.trim_matches('/')));
            for part in path.trim_matches('/').split('/') {
                stays_one_plain_part(part);
            }
        }
    }

    #[test]
    fn contained_paths_have_only_plain_parts(parts in prop::collection::vec(tricky(), 1..4)) {
        let path = parts.join("/");
        if is_contained(&path) {
            let plain = Path::new(&path)
                .components()
                .all(|part| matches!(part, Component::Normal(_)));
            prop_assert!(plain, "{:?}", path);
        }
    }

    #[test]
    fn accepted_language_codes_are_segments(code in "[a-zA-Z0-9./\\\\-]{0,12}") {
        if check_language_code(&code).is_ok() {
            stays_one_plain_part(&code);
        }
    }
}
