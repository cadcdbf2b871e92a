use super::*;
use crate::translate::segments::of_page;

fn page(text: &str) -> (PageSegments, Mapping) {
    let split = crate::content::front_matter::split(text).expect("front matter");
    let mapping: Mapping = serde_yaml::from_str(split.yaml).expect("yaml");
    (of_page(&mapping, &[], text, split.body_offset), mapping)
}

const ORIGINAL: &str = "---\ntitle: Referral\n---\nOne.\n\n## Two\n\nThree.\n\nFour.\n";

#[test]
fn the_record_reads_back_what_it_writes() {
    let mut record = Record::default();
    record
        .from
        .insert("title".into(), "Referral: \"a\" #1".into());
    record.from.insert("s1.p1".into(), "Line\nnext".into());
    record.unreviewed.insert(
        "s1.p2".into(),
        Unreviewed {
            source: "Four.".into(),
            text: "Чотири.".into(),
        },
    );
    let mut front = Mapping::new();
    front.insert(KEY.into(), record.to_yaml());
    let yaml = serde_yaml::to_string(&front).unwrap();
    let back: Mapping = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(Record::read(&back), Some(record));
    assert_eq!(Record::read(&Mapping::new()), None);
}

#[test]
fn segments_are_current_outdated_moved_unreviewed_or_missing() {
    let (original, _) = page(ORIGINAL);
    let (translation, _) = page("---\ntitle: Направлення\n---\nОдин.\n\n## Два\n\nТри.\n\nFour.\n");
    let mut record = Record::default();
    record.from.insert("title".into(), "Referral".into());
    record.from.insert("s0.p1".into(), "One, before.".into());
    record.from.insert("s1.h".into(), "Two".into());
    record.from.insert("s1.p1".into(), "Three.".into());
    let standings = align(&original, &translation, Some(&record), false);
    assert_eq!(
        standings,
        [
            Standing::Current { at: "title".into() },
            Standing::Outdated {
                at: "s0.p1".into(),
                previous: Some("One, before.".into())
            },
            Standing::Current { at: "s1.h".into() },
            Standing::Current { at: "s1.p1".into() },
            Standing::Missing { new: false },
        ]
    );
    assert_eq!(in_original_language(&translation, &record), ["s1.p2"]);

    // A paragraph added before "Three." moves it to s1.p2: still current, found by its text.
    let (edited, _) =
        page("---\ntitle: Referral\n---\nOne.\n\n## Two\n\nNew.\n\nThree.\n\nFour.\n");
    let standings = align(&edited, &translation, Some(&record), false);
    assert_eq!(standings[3], Standing::Missing { new: true });
    assert_eq!(standings[4], Standing::Current { at: "s1.p1".into() });
}

#[test]
fn a_translation_without_a_record_is_aligned_by_path_when_its_segments_line_up() {
    let (original, _) = page(ORIGINAL);
    let (translation, _) = page("---\ntitle: Т\n---\nОдин.\n\n## Два\n\nТри.\n\nЧотири.\n");
    let standings = align(&original, &translation, None, true);
    assert!(standings.iter().all(Standing::is_current), "{standings:?}");
    let standings = align(&original, &translation, None, false);
    assert_eq!(
        standings[1],
        Standing::Outdated {
            at: "s0.p1".into(),
            previous: None
        }
    );
    // A paragraph fewer: nothing lines up for sure, every segment needs a look.
    let (shorter, _) = page("---\ntitle: Т\n---\nОдин.\n\n## Два\n\nТри.\n");
    let standings = align(&original, &shorter, None, true);
    assert!(
        matches!(standings[3], Standing::Outdated { .. }),
        "{standings:?}"
    );
    assert_eq!(standings[4], Standing::Missing { new: false });
}
