//! The default theme inside the binary (issue 18, point 1): a site with no `themes/` folder
//! builds with it, overrides its files one by one, and can write it out with `theme eject`.

use std::fs;

use crate::support::{files_of, repo_root, SiteTest};

#[test]
fn a_site_without_a_themes_folder_builds_with_the_built_in_theme() {
    let bare = SiteTest::bare("basic");
    assert!(!bare.root().join("themes").exists());
    bare.build();
    let html = bare.output("guidance/referral/index.html");
    assert!(html.contains("<html"), "{html}");
    assert!(html.contains("Skip to main content"), "the theme's strings");
    assert_eq!(
        fs::read(bare.root().join("output/css/soteria.css")).unwrap(),
        fs::read(repo_root().join("themes/default/static/css/soteria.css")).unwrap(),
        "the theme's stylesheet"
    );
    // The same site with the repository's theme folder beside it builds the same files.
    let with_folder = SiteTest::new("basic");
    with_folder.build();
    assert_eq!(bare.output_files(), with_folder.output_files());
}

#[test]
fn a_site_overrides_one_template_and_one_string_of_the_built_in_theme() {
    let site = SiteTest::bare("basic");
    site.write(
        "templates/page.html",
        "<p>own template: {{ page.title }}</p>\n",
    );
    site.write("i18n/en.yaml", "skip_to_content: \"Jump to the text\"\n");
    site.build();
    assert_eq!(
        site.output("about/index.html"),
        "<p>own template: About us</p>\n"
    );
    let index = site.output("index.html");
    assert!(index.contains(">Jump to the text</a>"), "{index}");
    assert!(
        index.contains(">Leave this site<"),
        "the other strings still come from the theme: {index}"
    );
}

#[test]
fn theme_eject_writes_the_built_in_theme_as_it_is_in_the_repository() {
    let site = SiteTest::bare("basic");
    let before = fs::read(site.root().join("site.yaml")).unwrap();
    let run = site.run(&["theme", "eject"]).expect_code(0);
    assert!(run.stderr.contains("theme: custom"), "{}", run.stderr);
    assert_eq!(
        files_of(&site.root().join("themes/custom")),
        files_of(&repo_root().join("themes/default"))
    );
    assert_eq!(fs::read(site.root().join("site.yaml")).unwrap(), before);
    // A second eject never replaces the editor's work.
    let again = site.run(&["theme", "eject"]).expect_code(2);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
}

#[test]
fn an_ejected_theme_in_themes_is_used_as_a_whole_custom_theme() {
    let site = SiteTest::bare("basic");
    site.run(&["theme", "eject", "themes/mine"]).expect_code(0);
    let base = site.root().join("themes/mine/templates/base.html");
    let text = fs::read_to_string(&base).unwrap();
    fs::write(&base, text.replace("<body", "<body data-mine=\"yes\"")).unwrap();
    site.append("site.yaml", "theme: mine\n");
    site.build();
    assert!(site.output("index.html").contains("data-mine=\"yes\""));
}

#[test]
fn a_theme_that_is_neither_a_folder_nor_built_in_is_an_error() {
    let site = SiteTest::bare("basic");
    site.append("site.yaml", "theme: missing\n");
    let run = site.run(&["build"]).expect_code(2);
    assert!(
        run.stderr
            .contains("error[theme-missing]: the theme `missing` is not in themes/"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_strings_of_the_built_in_theme_name_the_sites_own_file() {
    let site = SiteTest::bare("basic");
    site.append(
        "site.yaml",
        "languages:\n  en:\n    name: English\n  fr:\n    name: Français\n",
    );
    let run = site.run(&["check"]).expect_code(0);
    assert!(
        run.stderr.contains(
            "i18n/fr.yaml: warning[missing-strings]: there are no interface strings for `fr`"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("themes/default"), "{}", run.stderr);
}
