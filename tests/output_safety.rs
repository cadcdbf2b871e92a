//! The output folder: a build never replaces or hides a file, a link or the site's own folders;
//! two builds into one folder at once give one complete site; and what a crashed build left is
//! put back, never deleted while it holds the only copy of the previous site.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::SiteTest;

/// The names in the site's root that a build left there besides `output`, its lock and the
/// previous output it put aside for the next build to remove (`.output.soteria-old-PID-TIME`,
/// at most one, a complete site).
fn leftovers(root: &Path) -> Vec<String> {
    let (put_aside, others): (Vec<String>, Vec<String>) = fs::read_dir(root)
        .expect("root")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with(".output.") && name != ".output.soteria-lock")
        .partition(|name| crate::support::is_put_aside(name, "output"));
    assert!(put_aside.len() <= 1, "old outputs pile up: {put_aside:?}");
    for name in put_aside {
        assert!(
            root.join(name).join(".soteria-output").is_file(),
            "the previous output put aside is a whole site"
        );
    }
    others
}

#[test]
fn an_existing_file_is_never_replaced_by_the_output() {
    let site = SiteTest::new("basic");
    site.write("notes.txt", "my notes");
    let site_yaml = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    for args in [
        &["build", "--output", "notes.txt"][..],
        &["build", "--output", "notes.txt", "--force"],
        &["build", "--output", "site.yaml", "--force"],
    ] {
        let run = site.run(args).expect_code(2);
        assert!(
            run.stderr.contains("is a file, not a folder"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(
        fs::read_to_string(site.root().join("notes.txt")).expect("notes"),
        "my notes"
    );
    assert_eq!(
        fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml"),
        site_yaml
    );
    assert!(!site.root().join(".notes.txt.soteria-old").exists());
    assert!(!site.root().join(".site.yaml.soteria-old").exists());
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_symlink_is_refused() {
    let site = SiteTest::new("basic");
    site.run(&["build", "--output", "public"]).expect_code(0);
    site.write("public/extra.txt", "added by hand");
    std::os::unix::fs::symlink(site.root().join("public"), site.root().join("www"))
        .expect("symlink");
    for args in [
        &["build", "--output", "www"][..],
        &["build", "--output", "www", "--force"],
    ] {
        let run = site.run(args).expect_code(2);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(run.stderr.contains("public"), "names the real folder");
    }
    let link = fs::symlink_metadata(site.root().join("www")).expect("www");
    assert!(link.file_type().is_symlink(), "the link is left in place");
    assert!(site.root().join("public/extra.txt").is_file());
}

/// `www/` and `www/.` name the link `www` as much as `www` does: refused alike, not followed.
#[cfg(unix)]
#[test]
fn a_trailing_slash_does_not_lead_the_output_through_a_symlink() {
    let site = SiteTest::new("basic");
    site.write("real/keep.txt", "mine");
    std::os::unix::fs::symlink(site.root().join("real"), site.root().join("www")).expect("symlink");
    let absolute = format!("{}/www/", site.root().display());
    for output in ["www/", "www/.", "./www//", absolute.as_str()] {
        for force in [false, true] {
            let mut args = vec!["build", "--output", output];
            if force {
                args.push("--force");
            }
            let run = site.run(&args).expect_code(2);
            assert!(
                run.stderr.contains("symbolic link"),
                "{output}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(
        fs::read_to_string(site.root().join("real/keep.txt")).expect("kept"),
        "mine"
    );
    assert!(fs::symlink_metadata(site.root().join("www"))
        .expect("www")
        .file_type()
        .is_symlink());
    assert!(!site.root().join(".www.soteria-lock").exists());
    assert!(!site.root().join(".real.soteria-lock").exists());
}

/// `..` is read as written before anything is checked, and nothing (no folder, no lock file) is
/// made for an output path that is refused.
#[test]
fn nothing_is_made_for_a_refused_output_path() {
    let site = SiteTest::new("basic");
    for output in [
        "nonexist/../content",
        "nonexist/../static/x",
        "a/b/../../..",
    ] {
        let run = site
            .run(&["build", "--output", output, "--force"])
            .expect_code(2);
        assert!(run.stderr.contains("site"), "{output}: {}", run.stderr);
    }
    assert!(!site.root().join("nonexist").exists());
    assert!(!site.root().join("a").exists());
    assert!(!site.root().join(".content.soteria-lock").exists());
    assert!(!site.root().join("static/.x.soteria-lock").exists());
    assert!(site.root().join("content/guidance/referral.md").is_file());
}

#[test]
fn the_sites_own_folders_are_never_an_output_folder() {
    let site = SiteTest::new("basic");
    site.write("static/css/extra.css", "p { color: black; }\n");
    site.write("templates/.keep", "");
    site.write("i18n/.keep", "");
    for output in [
        "static/site",
        "static",
        "themes",
        "themes/default",
        "templates",
        "i18n/built",
        "content/x",
    ] {
        let run = site
            .run(&["build", "--output", output, "--force"])
            .expect_code(2);
        assert!(
            run.stderr.contains("inside the site's") || run.stderr.contains("site's own files"),
            "{output}: {}",
            run.stderr
        );
    }
    assert!(site.root().join("themes/default/templates").is_dir());
    assert!(site.root().join("static/css/extra.css").is_file());
    assert!(!site.root().join("static/site").exists());
    assert!(!site.root().join("content/x").exists());
    // Nothing was written beside them either (no lock file in the source folders).
    assert!(!site.root().join("static/.site.soteria-lock").exists());
}

#[test]
fn the_root_and_its_ancestors_are_never_an_output_folder() {
    let site = SiteTest::new("basic");
    let parent = site.root().parent().expect("parent");
    for output in [site.root(), parent] {
        let output = output.to_string_lossy();
        site.run(&["build", "--output", &output, "--force"])
            .expect_code(2);
    }
    assert!(site.root().join("content/guidance/referral.md").is_file());
}

/// Two builds started together into the same folder: both succeed (the second waits for the
/// first), and the folder holds one complete site, as a single build writes it.
#[test]
fn two_builds_into_one_output_at_once_give_one_complete_site() {
    let site = SiteTest::sample();
    site.run(&["build", "--output", "reference"]).expect_code(0);
    let count = |dir: &str| {
        walkdir::WalkDir::new(site.root().join(dir))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count()
    };
    let expected = count("reference");
    let builds: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_soteria"))
                .arg("build")
                .current_dir(site.root())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a build")
        })
        .collect();
    for build in builds {
        let output = build.wait_with_output().expect("build");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(count("output"), expected);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    // A later build still takes the folder as its own.
    site.build();
}

/// The state a crash between the two renames of a swap leaves: no output, the previous site
/// in `.output.soteria-old`. A failing build must not lose it, nor claim it did nothing.
#[test]
fn a_crash_between_the_renames_loses_no_site() {
    let site = SiteTest::new("basic");
    site.build();
    let before = site.output_files();
    fs::rename(
        site.root().join("output"),
        site.root().join(".output.soteria-old"),
    )
    .expect("simulate the crash");

    site.write("content/guidance/broken.md", "---\ntitle: [\n---\n");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr.contains("the previous output is back"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.output_files(),
        before,
        "the old site is in place again"
    );
    assert!(run.stderr.contains("previous output is unchanged"));

    fs::remove_file(site.root().join("content/guidance/broken.md")).expect("fix");
    site.write(
        "content/guidance/referral.md",
        "---\ntitle: Changed\n---\nChanged.\n",
    );
    site.build();
    assert!(site
        .output("guidance/referral/index.html")
        .contains("Changed."));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// What a crash after the new site was in place leaves (the old one beside it, a half-written
/// staging folder) is removed; what Soteria did not write is kept and named.
#[test]
fn leftovers_of_a_crash_are_cleaned_up_but_not_foreign_files() {
    let site = SiteTest::new("basic");
    site.build();
    for leftover in [".output.soteria-new-12-34", ".output.soteria-new"] {
        site.write(&format!("{leftover}/.soteria-output"), "");
        site.write(&format!("{leftover}/index.html"), "half");
    }
    crate::support::copy_dir(
        &site.root().join("output"),
        &site.root().join(".output.soteria-old"),
    );
    site.build();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    site.write(".output.soteria-old", "not a site");
    let run = site.build();
    assert!(
        run.stderr
            .contains(".output.soteria-old was left by an interrupted build and is kept"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(site.root().join(".output.soteria-old")).expect("kept"),
        "not a site"
    );
}

/// Leftovers without the mark of a complete site (an old output killed half-way through its
/// removal after the swap, a half-written new one) go too while the output is in place, and
/// the editor is told which in one line.
#[test]
fn unmarked_leftovers_beside_an_output_are_removed_and_named() {
    let site = SiteTest::new("basic");
    site.build();
    site.write(
        ".output.soteria-new-12-34/guidance/index.html",
        "half of an old output",
    );
    site.write(".output.soteria-new-56-78/.soteria-output", "");
    site.write(".output.soteria-new-56-78/index.html", "a complete site");
    let run = site.build();
    assert!(
        run.stderr
            .contains("removed what interrupted builds left beside",)
            && run
                .stderr
                .contains(": .output.soteria-new-12-34, .output.soteria-new-56-78"),
        "{}",
        run.stderr
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert!(!site.build().stderr.contains("removed"));
}

/// Builds killed (SIGKILL) at moments spread over a build's length: the next build leaves
/// nothing of them beside the output, and the output is a complete site.
#[cfg(unix)]
#[test]
fn builds_killed_at_any_moment_leave_nothing_behind() {
    let site = SiteTest::new("basic");
    site.build();
    let expected = site.output_files();
    let start = std::time::Instant::now();
    site.build();
    let length = start.elapsed();
    for step in 0..12u32 {
        let mut build = site.spawn_build();
        std::thread::sleep(length * step / 10);
        build.kill().expect("SIGKILL");
        build.wait().expect("killed");
    }
    site.build();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_eq!(site.output_files(), expected);
}
