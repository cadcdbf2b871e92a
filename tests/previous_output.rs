//! The output a build replaces: put aside beside the new one (`.output.soteria-old-PID-TIME`)
//! rather than removed before the build returns, and written over by the next build (or removed
//! while it renders). At most one is kept, a removal cut short is finished, what is done to the
//! one put aside does not reach the next output, and an old output is never put back in the
//! output's place nor served.

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

/// Each build returns with the output it replaced put aside whole, and writes over the one the
/// build before it put aside (or removes it): one old output at a time, never two.
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
    assert_eq!(put_aside(&site).len(), 1);
    // An older output put aside beside it (the newest is written over, not removed), with many
    // files, so that the removal takes long enough to be cut short.
    let aside = [site.root().join(".output.soteria-old-0-1")];
    fs::create_dir(&aside[0]).expect("older");
    fs::write(aside[0].join(".soteria-output"), "").expect("marker");
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

/// Every entry under `dir` (not following links): its kind (and, on Linux, how long the names of
/// its extended attributes are), permissions and link count, by path.
#[cfg(unix)]
fn entries_of(dir: &Path) -> std::collections::BTreeMap<String, (String, u32, u64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|entry| {
            let metadata = entry.path().symlink_metadata().expect("metadata");
            // The kind, and the length of the names of its extended attributes.
            let kind = format!("{:?}", metadata.file_type());
            #[cfg(target_os = "linux")]
            let kind = format!(
                "{kind}, attributes {}",
                rustix::fs::llistxattr_query(entry.path()).unwrap_or(0)
            );
            let path = entry.path().strip_prefix(dir).expect("inside");
            (
                path.to_string_lossy().into_owned(),
                (kind, metadata.mode() & 0o7777, metadata.nlink()),
            )
        })
        .collect()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).expect("inode").ino()
}

/// The output a build builds over is the one put aside by the build before: its files are
/// written over (the same files, not new ones), and what the new site no longer has is gone,
/// so that the output is what a build into a new folder makes.
#[cfg(unix)]
#[test]
fn a_build_writes_over_the_old_output_put_aside_and_keeps_nothing_else_of_it() {
    let site = SiteTest::new("basic");
    site.write(
        "content/guidance/withdrawn.md",
        "---\ntitle: Withdrawn\n---\nOld advice.\n",
    );
    site.build();
    let first = inode(&site.root().join("output/about/index.html"));
    assert!(site.has_output("guidance/withdrawn/index.html"));
    site.build();
    fs::remove_file(site.root().join("content/guidance/withdrawn.md")).expect("withdrawn");
    site.append("content/about.md", "\nThe third site.\n");
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    assert_eq!(
        inode(&site.root().join("output/about/index.html")),
        first,
        "the first build's file, written over"
    );
    assert!(site.output("about/index.html").contains("The third site."));
    assert!(!site.root().join("output/guidance/withdrawn").exists());
    site.run(&["build", "--output", "fresh"]).expect_code(0);
    let fresh = site.root().join("fresh");
    assert!(site.output_files() == crate::support::files_of(&fresh));
    assert_eq!(entries_of(&site.root().join("output")), entries_of(&fresh));
}

/// What was done to the old output put aside between builds never reaches the new output nor
/// leaves it: a file linked elsewhere (a deploy snapshot) is not changed, a link planted there
/// is not written through, a file made read-only or executable comes out as a new one, and a
/// file where a folder now goes (or the other way round) is replaced.
#[cfg(unix)]
#[test]
fn what_is_done_to_the_old_output_put_aside_does_not_reach_the_next() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let site = SiteTest::new("basic");
    site.build();
    site.build();
    let aside = put_aside(&site);
    assert_eq!(aside.len(), 1, "{aside:?}");
    let old = &aside[0];
    let kept = inode(&old.join("guidance/referral/index.html"));

    let snapshot = site.root().join("snapshot.html");
    fs::hard_link(old.join("about/index.html"), &snapshot).expect("hard link");
    let snapshot_before = fs::read(&snapshot).expect("snapshot");
    let victim = site.root().join("victim.html");
    fs::write(&victim, "not the site's").expect("victim");
    fs::remove_file(old.join("index.html")).expect("home page");
    symlink(&victim, old.join("index.html")).expect("link to a file");
    let victim_dir = site.root().join("victim");
    fs::create_dir(&victim_dir).expect("victim folder");
    fs::remove_dir_all(old.join("tools")).expect("tools");
    symlink(&victim_dir, old.join("tools")).expect("link to a folder");
    for (path, mode) in [
        ("guidance/index.html", 0o444),
        ("sitemap.xml", 0o755),
        ("extra.txt", 0o755),
    ] {
        fs::set_permissions(old.join(path), fs::Permissions::from_mode(mode)).expect(path);
    }
    fs::remove_dir_all(old.join("guidance/steps")).expect("steps");
    fs::write(old.join("guidance/steps"), "a file where a folder goes").expect("file");
    fs::remove_file(old.join("404.html")).expect("404");
    fs::create_dir_all(old.join("404.html/inside")).expect("a folder where a file goes");
    fs::write(old.join("stale.txt"), "stale").expect("stale");

    site.append("content/about.md", "\nThe third site.\n");
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    assert!(
        fs::read(&snapshot).expect("snapshot") == snapshot_before,
        "a file linked elsewhere was written over"
    );
    assert_eq!(
        fs::read_to_string(&victim).expect("victim"),
        "not the site's"
    );
    assert_eq!(fs::read_dir(&victim_dir).expect("victim folder").count(), 0);
    let output = site.root().join("output");
    assert_eq!(
        inode(&output.join("guidance/referral/index.html")),
        kept,
        "the old output was reused"
    );
    assert!(site.output("about/index.html").contains("The third site."));
    site.run(&["build", "--output", "fresh"]).expect_code(0);
    let fresh = site.root().join("fresh");
    assert!(site.output_files() == crate::support::files_of(&fresh));
    assert_eq!(entries_of(&output), entries_of(&fresh));
}

/// A build that fails leaves the old output it had taken to write over put aside again, for the
/// next build, and the output as it was.
#[test]
fn a_failed_build_puts_the_old_output_it_took_back_aside() {
    let site = SiteTest::new("basic");
    site.build();
    site.build();
    let expected = site.output_files();
    let before = crate::support::files_of(&put_aside(&site)[0]);
    site.write("content/guidance/broken.md", "---\ntitle: [\n---\n");
    site.run(&["build"]).expect_code(1);
    assert!(site.output_files() == expected, "the output as it was");
    let aside = put_aside(&site);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(crate::support::files_of(&aside[0]) == before);
    fs::remove_file(site.root().join("content/guidance/broken.md")).expect("mended");
    site.append("content/about.md", "\nMended.\n");
    site.build();
    assert!(site.output("about/index.html").contains("Mended."));
    assert_eq!(put_aside(&site).len(), 1);
}

/// An old output put aside that cannot be written over (an entry in it that cannot be removed,
/// here files made immutable: one in a folder the build removes as unlike a new one, one the
/// build would write over) is given up: the build makes a new folder, succeeds, and names the
/// file that stopped the removal.
#[cfg(target_os = "linux")]
#[test]
fn an_old_output_that_cannot_be_written_over_is_given_up() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let site = SiteTest::new("basic");
    site.build();
    site.build();
    let old = put_aside(&site).remove(0);
    let stuck = old.join("guidance/stuck");
    fs::create_dir(&stuck).expect("stuck");
    fs::set_permissions(&stuck, fs::Permissions::from_mode(0o700)).expect("mode");
    fs::write(stuck.join("pinned.txt"), "pinned").expect("pinned");
    let chattr = |flag: &str, file: &Path| {
        Command::new("chattr")
            .arg(flag)
            .arg(file)
            .status()
            .is_ok_and(|status| status.success())
    };
    if !chattr("+i", &stuck.join("pinned.txt")) || !chattr("+i", &old.join("index.html")) {
        chattr("-i", &stuck.join("pinned.txt"));
        eprintln!("chattr +i is not available here (not root, or no ext4): not tested");
        return;
    }
    site.append("content/_index.md", "\nThe third site.\n");
    let run = site.run(&["build"]);
    // The folder given up, beside the one this build put aside.
    let given_up: Vec<PathBuf> = put_aside(&site)
        .into_iter()
        .filter(|folder| folder.join("guidance/stuck").exists())
        .collect();
    let pinned: Vec<PathBuf> = given_up
        .iter()
        .flat_map(|folder| {
            [
                folder.join("guidance/stuck/pinned.txt"),
                folder.join("index.html"),
            ]
        })
        .collect();
    for file in &pinned {
        chattr("-i", file);
    }
    let run = run.expect_code(0);
    assert!(site.output("index.html").contains("The third site."));
    assert!(!site.root().join("output/guidance/stuck").exists());
    let told = run.stderr_line("could not be removed");
    assert!(
        told.contains("pinned.txt: ") || told.contains("index.html: "),
        "the file is named: {told}"
    );
    assert_eq!(
        pinned.len(),
        2,
        "the old output given up is kept beside the output"
    );
    site.build();
    assert!(
        !put_aside(&site)
            .iter()
            .any(|folder| folder.join("guidance/stuck").exists()),
        "removed once it can be"
    );
}

/// The extended attributes of the old output put aside, and its access control lists, do not
/// reach the next output: a folder's default ACL there would give every file the build makes in
/// it the ACL's mode (here, writable by anybody) instead of the umask's.
#[cfg(target_os = "linux")]
#[test]
fn extended_attributes_of_the_old_output_do_not_reach_the_next() {
    let site = SiteTest::new("basic");
    site.build();
    site.build();
    let old = put_aside(&site).remove(0);
    // A default ACL of `u::rwx,g::rwx,o::rwx` (the kernel's format: version 2, then tag,
    // permissions and id for the owner, the group and the others).
    let mut everybody = 2u32.to_le_bytes().to_vec();
    for tag in [0x01u16, 0x04, 0x20] {
        everybody.extend(tag.to_le_bytes());
        everybody.extend(7u16.to_le_bytes());
        everybody.extend(u32::MAX.to_le_bytes());
    }
    let guidance = old.join("guidance");
    for entry in fs::read_dir(&guidance).expect("guidance") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            fs::remove_dir_all(path).expect("emptied, so that the build makes its pages anew");
        }
    }
    let set = |path: &Path, name: &str, value: &[u8]| {
        rustix::fs::lsetxattr(path, name, value, rustix::fs::XattrFlags::empty())
    };
    if set(&guidance, "system.posix_acl_default", &everybody).is_err()
        || set(&old.join("index.html"), "user.planted", b"1").is_err()
    {
        eprintln!("this file system takes no ACLs or user attributes: not tested");
        return;
    }
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site.run(&["build", "--output", "fresh"]).expect_code(0);
    let (output, fresh) = (site.root().join("output"), site.root().join("fresh"));
    assert!(site.output_files() == crate::support::files_of(&fresh));
    assert_eq!(entries_of(&output), entries_of(&fresh));
}
