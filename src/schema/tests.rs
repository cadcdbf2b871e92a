use super::*;

/// A small site: two frameworks, a standard with sub-standards in each, a section per type used,
/// and a field the site adds with its description.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.yaml",
        "title: T\nlanguages: {en: {name: English}, sv: {name: Svenska}}\nstandards:\n  barnahus: {section: standards, label: {en: BQS, sv: BQS}}\n  trm: {section: standards/trm, label: {en: TRM, sv: TRM}}\ntaxonomies:\n  themes: {migration: Migration}\ntypes:\n  practice:\n    values: {evidence: [anecdotal]}\n    fields:\n      sector: {kind: one_of, values: [health, justice], required: true, description: Which sector runs it.}\n",
    );
    write(
        "content/standards/_index.md",
        "---\ntitle: S\ntype: standard\n---\n",
    );
    write(
        "content/standards/two.md",
        "---\ntitle: Two\nnumber: \"2\"\nsubstandards: [{id: \"2.1\", title: A}, {id: \"2.10\", title: B}]\n---\n",
    );
    write(
        "content/standards/ten.md",
        "---\ntitle: Ten\nnumber: \"10\"\n---\n",
    );
    write("content/standards/trm/_index.md", "---\ntitle: TRM\n---\n");
    write(
        "content/standards/trm/one.md",
        "---\ntitle: One\nnumber: \"1\"\n---\n",
    );
    write(
        "content/practices/_index.md",
        "---\ntitle: P\ntype: practice\n---\n",
    );
    dir
}

#[test]
fn standards_are_listed_as_front_matter_names_them_in_number_order() {
    let dir = site();
    let model = SiteModel::from_site(dir.path()).unwrap();
    assert_eq!(model.standard_ids, ["2", "2.1", "2.10", "10", "trm/1"]);
    assert_eq!(model.frameworks, ["barnahus", "trm"]);
    let sections: Vec<(&str, ContentType, &str)> = model
        .sections
        .iter()
        .map(|s| (s.key.as_str(), s.content_type, s.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            ("practices", ContentType::Practice, "P"),
            ("standards", ContentType::Standard, "S"),
            ("standards/trm", ContentType::Standard, "TRM"),
        ]
    );
}

#[test]
fn a_type_schema_has_enums_required_fields_and_descriptions() {
    let dir = site();
    let model = SiteModel::from_site(dir.path()).unwrap();
    let files = model.schema_files();
    let practice = &files["practice.schema.json"];
    assert_eq!(practice["$schema"], json::DIALECT);
    assert_eq!(practice["required"], json!(["title", "country", "sector"]));
    let properties = &practice["properties"];
    assert_eq!(
        properties["evidence"]["enum"],
        json!(["emerging", "promising", "evaluated", "anecdotal"])
    );
    assert_eq!(properties["sector"]["description"], "Which sector runs it.");
    assert_eq!(properties["sector"]["enum"], json!(["health", "justice"]));
    assert_eq!(
        properties["standards"]["items"]["enum"],
        json!(["2", "2.1", "2.10", "10", "trm/1"])
    );
    assert_eq!(properties["country"]["$ref"], "#/$defs/country");
    assert!(practice["$defs"]["country"]["enum"]
        .as_array()
        .unwrap()
        .contains(&json!("se")));
    assert_eq!(properties["type"], json!(false));
    assert_eq!(properties["weight"]["type"], "integer");
    let standard = &files["standard.schema.json"];
    assert_eq!(
        standard["properties"]["framework"]["enum"],
        json!(["barnahus", "trm"])
    );
    let section = &files[SECTION_FILE];
    assert_eq!(section["required"], json!(["title"]));
    assert!(section["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .contains(&json!("guidance")));
}

#[test]
fn files_are_the_same_from_one_run_to_the_next_and_settings_map_sections() {
    let dir = site();
    let first = SiteModel::from_site(dir.path()).unwrap();
    let second = SiteModel::from_site(dir.path()).unwrap();
    let text = |model: &SiteModel| {
        model
            .schema_files()
            .values()
            .map(to_text)
            .collect::<String>()
    };
    assert_eq!(text(&first), text(&second));
    let text = vscode_settings(&first, "schemas");
    let json_part: String = text.lines().filter(|l| !l.starts_with("//")).collect();
    let settings: Value = serde_json::from_str(&json_part).unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./schemas/standard.schema.json"],
        json!([
            "content/standards/*.md",
            "content/standards/*/index.md",
            "content/standards/*/index.*.md",
            "content/standards/trm/*.md",
            "content/standards/trm/*/index.md",
            "content/standards/trm/*/index.*.md",
        ])
    );
}
