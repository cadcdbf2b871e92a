//! What editors write cannot hurt readers or the editor's own files.

use crate::support::{main_of, SiteTest};

#[test]
fn raw_scripts_and_event_handlers_do_not_reach_the_output() {
    let site = SiteTest::new("basic");
    site.build();
    let html = site.output("guidance/referral/index.html");
    let main = main_of(&html);
    assert!(!main.contains("<script"), "{main}");
    assert!(!main.contains("onerror"), "{main}");
    assert!(!main.contains("alert"), "{main}");
    assert!(main.contains("Inline <b>bold</b> is kept."), "{main}");
}

#[test]
fn raw_html_passes_when_the_site_opts_out_of_sanitising() {
    let site = SiteTest::new("basic");
    site.append("site.yaml", "markdown:\n  unsafe_html: true\n");
    site.build();
    assert!(main_of(&site.output("guidance/referral/index.html")).contains("<script>alert"));
}

#[test]
fn front_matter_values_are_escaped() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/evil.md",
        "---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"<img src=x onerror=alert(1)>\"\n---\nBody.\n",
    );
    site.build();
    for file in ["guidance/evil/index.html", "guidance/index.html"] {
        let html = site.output(file);
        assert!(!html.contains("<script>alert"), "{file}");
        assert!(!html.contains("<img src=x"), "{file}");
        assert!(html.contains("&lt;script&gt;"), "{file}");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::new("basic");
    site.build();
    let before = site.output_files();
    site.write("content/guidance/broken.md", "---\ntitle: [\n---\n");
    site.write(
        "content/guidance/referral.md",
        "---\ntitle: Changed\n---\nChanged.\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains("previous output is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(before, site.output_files());
}

#[test]
fn slugs_and_aliases_cannot_leave_the_output_folder() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/escape.md",
        "---\ntitle: Escape\nslug: ../../etc\naliases: [/../../outside/]\n---\n",
    );
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/guidance/escape.md:3:7: error[bad-slug]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/guidance/escape.md:4:11: error[bad-alias]"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("outside").exists());
}

#[test]
fn a_folder_soteria_did_not_make_is_not_replaced() {
    let site = SiteTest::new("basic");
    site.write("public/keep.txt", "my notes");
    let run = site.run(&["build", "--output", "public"]).expect_code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(site.root().join("public/keep.txt").exists());
    site.run(&["build", "--output", "public", "--force"])
        .expect_code(0);
    assert!(!site.root().join("public/keep.txt").exists());
}

#[test]
fn the_site_itself_is_never_an_output_folder() {
    let site = SiteTest::new("basic");
    for output in [".", "content", "content/guidance"] {
        site.run(&["build", "--output", output, "--force"])
            .expect_code(2);
    }
    assert!(site.root().join("content/guidance/referral.md").exists());
}
