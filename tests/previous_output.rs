//! The output a build replaces: put aside beside the new one (`.output.soteria-old-PID-TIME`)
//! rather than removed before the build returns, and removed by the next build while it renders.
//! At most one is kept, a removal cut short is finished, and an old output is never put back in
//! the output's place nor served.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::serve::Server;
use crate::support::{is_put_aside, SiteTest};

/// The old outputs put aside beside `output/` in the site's root.
fn put_aside(site: &SiteTest) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = fs::read_dir(site.root())
        .expect("root")
        .flatten()
        .filter(|entry| is_put_aside(&entry.file_name().to_string_lossy(), "output"))
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders
}

fn about(dir: &Path) -> String {
    fs::read_to_string(dir.join("about/index.html")).expect("about page")
}

/// Each build returns with the output it replaced put aside whole, and removes the one the build
/// before it put aside: one old output at a time, never two.
#[test]
fn a_build_puts_the_previous_output_aside_and_the_next_removes_it() {
    let site = SiteTest::new("basic");
    site.build();
    assert_eq!(put_aside(&site), Vec::<PathBuf>::new(), "nothing replaced");
    let mut previous = None;
    for version in 1..=2 {
        site.append(
            "content/about.md",
            &format!("\nAdded in version {version}.\n"),
        );
        let before = site.output_files();
        let run = site.build();
        assert!(!run.stderr.contains("warning"), "{}", run.stderr);
        assert!(site
            .output("about/index.html")
            .contains(&format!("Added in version {version}.")));
        let aside = put_aside(&site);
        assert_eq!(aside.len(), 1, "{aside:?}");
        let old = &aside[0];
        assert!(
            !about(old).contains(&format!("Added in version {version}.")),
            "the folder put aside holds the previous site"
        );
        let mut kept = crate::support::files_of(old);
        kept.remove(".soteria-output");
        let mut expected = before;
        expected.remove(".soteria-output");
        assert!(kept == expected, "the previous site, whole");
        if let Some(previous) = previous.replace(old.clone()) {
            assert!(!previous.exists(), "{previous:?} outlived the next build");
        }
    }
}

/// A build killed while it removes the old output put aside: the output is whole, and the next
/// build finishes the removal. So do the states such a kill leaves: a folder half removed with
/// its marker, and a folder emptied of everything.
#[cfg(unix)]
#[test]
fn a_removal_cut_short_is_finished_by_the_next_build() {
    let site = SiteTest::new("basic");
    site.build();
    site.build();
    let expected = site.output_files();
    let aside = put_aside(&site);
    assert_eq!(aside.len(), 1, "{aside:?}");
    // Many files, so that the removal takes long enough to be cut short.
    let many = aside[0].join("many");
    for folder in 0..40 {
        fs::create_dir_all(many.join(folder.to_string())).expect("folder");
        for file in 0..250 {
            fs::write(many.join(format!("{folder}/{file}.txt")), "x").expect("file");
        }
    }
    let mut build = site.spawn_build();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut cut_short = false;
    while Instant::now() < deadline {
        let left = fs::read_dir(&many).map_or(0, Iterator::count);
        if left < 40 {
            cut_short = left > 0;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    build.kill().expect("SIGKILL");
    build.wait().expect("killed");
    if cut_short {
        assert!(aside[0].join(".soteria-output").is_file(), "marker kept");
    } else {
        eprintln!("the removal was not caught half-way; the states it leaves are made by hand");
    }
    assert!(site.output_files() == expected, "the output is whole");

    // What a kill leaves, made by hand: a folder half removed, and one emptied.
    let half = site.root().join(".output.soteria-old-1-100");
    fs::create_dir_all(half.join("guidance")).expect("half");
    fs::write(half.join(".soteria-output"), "").expect("marker");
    fs::write(half.join("guidance/index.html"), "old").expect("page");
    let emptied = site.root().join(".output.soteria-old-2-200");
    fs::create_dir(&emptied).expect("emptied");

    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for old in [&aside[0], &half, &emptied] {
        assert!(!old.exists(), "{old:?} outlived the next build");
    }
    assert_eq!(
        put_aside(&site).len(),
        1,
        "only the one this build replaced"
    );
    assert!(site.output_files() == expected);
}

/// An old output put aside is never taken for the site: with the output gone, a build that fails
/// leaves no output rather than the older site, and `serve` serves none of its files (nor
/// writes any old output of its own as it rebuilds).
#[test]
fn an_old_output_is_never_put_back_nor_served() {
    let site = SiteTest::new("basic");
    site.build();
    site.append("content/about.md", "\nThe newer site.\n");
    site.build();
    let aside = put_aside(&site);
    assert_eq!(aside.len(), 1, "{aside:?}");
    let name = aside[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();

    let server = Server::start(&site);
    let (status, _, body) = server.get("/about/");
    assert_eq!(status, 200);
    assert!(body.contains("The newer site."), "{body}");
    let (status, _, body) = server.get(&format!("/{name}/about/index.html"));
    assert_eq!(status, 404, "{body}");
    site.append("content/about.md", "\nEdited while serving.\n");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server.get("/about/").2.contains("Edited while serving.") {
        assert!(Instant::now() < deadline, "serve never rebuilt the page");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    assert_eq!(put_aside(&site), aside, "serve writes no old output");

    fs::remove_dir_all(site.root().join("output")).expect("the output removed by hand");
    site.write("content/guidance/broken.md", "---\ntitle: [\n---\n");
    let run = site.run(&["build"]).expect_code(1);
    assert!(!run.stderr.contains("is back in"), "{}", run.stderr);
    assert!(
        !site.root().join("output").exists(),
        "the old site was put back"
    );
    assert!(!aside[0].exists(), "removed, not kept for the site");
}
