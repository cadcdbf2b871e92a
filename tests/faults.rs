//! Faults of the machine a build runs on: the build killed at any moment, a full disk, a
//! read-only folder, a file of the site that vanishes or becomes unreadable during the build, and
//! symbolic links that loop. Each leaves the previous output as it was, leaves nothing behind,
//! and tells the editor what happened, naming the site's file rather than a temporary one.
//!
//! Some faults need root to be made (a small or read-only file system is a mount); CI runs as
//! root. Where they cannot be made, the test says why on stderr and passes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use soteria::{BuildError, BuildOptions};

use crate::support::SiteTest;

/// Everything under `dir`: each file with its bytes, each folder and link by its name.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("readable output");
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type();
            let bytes = if kind.is_file() {
                fs::read(entry.path()).expect("readable file")
            } else if kind.is_dir() {
                b"<folder>".to_vec()
            } else {
                b"<other>".to_vec()
            };
            (rel, bytes)
        })
        .collect()
}

/// The hidden names in `parent` other than the output folder `name`'s lock file and the
/// previous output put aside for the next build to remove (at most one, a whole site): what a
/// build left behind (a build names everything it puts beside the output `.NAME.soteria-…`).
fn left_beside(parent: &Path, name: &str) -> Vec<String> {
    let lock = format!(".{name}.soteria-lock");
    let (put_aside, mut names): (Vec<String>, Vec<String>) = hidden_names(parent)
        .into_iter()
        .filter(|entry| *entry != lock)
        .partition(|entry| crate::support::is_put_aside(entry, name));
    assert!(put_aside.len() <= 1, "old outputs pile up: {put_aside:?}");
    for entry in put_aside {
        assert!(
            parent.join(entry).join(".soteria-output").is_file(),
            "the previous output put aside is a whole site"
        );
    }
    names.sort();
    names
}

/// The hidden names in `parent`.
fn hidden_names(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .expect("parent")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|entry| entry.starts_with('.'))
        .collect()
}

/// `soteria build` of `site` into `output`, started.
fn spawn_build(site: &SiteTest, output: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_soteria"))
        .arg("build")
        .arg("--output")
        .arg(output)
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a build")
}

/// Waits for `child`, killing it and failing the test if it takes longer than a minute: a
/// build that hangs is the fault under test.
#[track_caller]
fn finish_within_a_minute(mut child: Child) -> (i32, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(_status) = child.try_wait().expect("wait") {
            let output = child.wait_with_output().expect("output");
            return (
                output.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            );
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build hangs: killed after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A small random number generator (xorshift64*): the kill times vary from run to run, and a
/// failing run prints its seed so that it can be run again (`SOTERIA_FAULTS_SEED`).
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("SOTERIA_FAULTS_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("kill times from SOTERIA_FAULTS_SEED={seed}");
        Random(seed | 1)
    }

    /// A duration between zero and `max`.
    fn up_to(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let fraction =
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
        max.mul_f64(fraction)
    }
}

/// The two versions of the basic site a build goes between, so that the output after a kill
/// can be told apart: the previous site, or the next one, never a mix.
fn write_version(site: &SiteTest, version: usize) {
    site.write(
        "content/guidance/steps.md",
        &format!(
            "---\ntitle: Steps, version {version}\n---\n\n## First\n\nVersion {version} of the steps.\n\n## Second\n\nThen the second.\n"
        ),
    );
    if version == 1 {
        site.write(
            "content/guidance/added.md",
            "---\ntitle: Added\n---\n\nAdded in version 1.\n",
        );
    } else {
        let _ = fs::remove_file(site.root().join("content/guidance/added.md"));
    }
}

/// A build killed (SIGKILL) at a random moment, again and again, into an output that holds
/// the previous version of the site: after each kill the output is the whole previous site or
/// the whole next one, the next build succeeds, and nothing is left beside the output.
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site_and_nothing_beside_it() {
    let site = SiteTest::new("basic");
    // Many small files, so that writing the new site and removing the old one take a good part
    // of the build, and the kills land there too.
    for folder in ["a", "b", "c"] {
        for file in 0..100 {
            site.write(
                &format!("static/many/{folder}/{file}.txt"),
                &format!("{folder}{file}"),
            );
        }
    }
    let parent = site.root().join("www");
    fs::create_dir_all(&parent).expect("www");
    let output = parent.join("site");
    let mut versions = Vec::new();
    let mut duration = Duration::ZERO;
    for version in 0..2 {
        write_version(&site, version);
        let start = Instant::now();
        let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
        assert_eq!(code, 0, "{stderr}");
        duration = duration.max(start.elapsed());
        versions.push(snapshot(&output));
    }
    assert_ne!(versions[0], versions[1]);
    let kills: usize = std::env::var("SOTERIA_FAULTS_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let mut random = Random::new();
    let mut current = 1;
    let (mut before_swap, mut after_swap) = (0, 0);
    for kill in 0..kills {
        let next = 1 - current;
        write_version(&site, next);
        let mut build = spawn_build(&site, &output);
        let delay = random.up_to(duration);
        std::thread::sleep(delay);
        let _ = build.kill();
        let _ = build.wait();
        let now = snapshot(&output);
        if now == versions[current] {
            before_swap += 1;
        } else if now == versions[next] {
            after_swap += 1;
        } else {
            panic!("kill {kill} after {delay:?}: the output is neither the previous site nor the next one");
        }
        // Old outputs put aside, perhaps half removed by the build just killed: the next
        // build removes them all.
        let put_aside: Vec<String> = hidden_names(&parent)
            .into_iter()
            .filter(|entry| crate::support::is_put_aside(entry, "site"))
            .collect();
        let start = Instant::now();
        let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
        // The machine may be busier or idler now: the next kill comes within the time the
        // last whole build took.
        duration = start.elapsed();
        assert_eq!(code, 0, "the build after kill {kill} ({delay:?}): {stderr}");
        assert!(
            snapshot(&output) == versions[next],
            "the build after kill {kill} ({delay:?}) made the whole site"
        );
        assert_eq!(
            left_beside(&parent, "site"),
            Vec::<String>::new(),
            "left behind after kill {kill} ({delay:?}); stderr of the next build: {stderr}"
        );
        for old in put_aside {
            assert!(
                !parent.join(&old).exists(),
                "{old}, put aside before kill {kill} ({delay:?}), outlived the next build"
            );
        }
        current = next;
    }
    eprintln!(
        "{kills} builds killed: {before_swap} before the new site was in place, {after_swap} after"
    );
}

/// Whether the tests run as root, who can mount file systems and whom permissions do not stop.
fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `kib` KiB at `at`, or says why it cannot.
    fn tmpfs(at: &Path, kib: u64) -> Result<Mount, String> {
        if !cfg!(target_os = "linux") {
            return Err("mounting a tmpfs needs Linux".to_string());
        }
        if !is_root() {
            return Err("mounting a tmpfs needs root (CI runs as root)".to_string());
        }
        fs::create_dir_all(at).map_err(|e| e.to_string())?;
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=755"),
                "soteria-test",
            ])
            .arg(at)
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !status.status.success() {
            return Err(format!(
                "mount failed: {}",
                String::from_utf8_lossy(&status.stderr).trim()
            ));
        }
        Ok(Mount(at.to_path_buf()))
    }

    /// Mounts it again with `options` (`ro`, `size=…`).
    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .expect("mount");
        assert!(status.success(), "remount,{options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The room `dir`'s files take on a tmpfs: whole pages of 4 KiB (folders take none).
fn room_taken(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.metadata().map_or(0, |m| m.len()).div_ceil(4096) * 4096)
        .sum()
}

/// The basic site and a tmpfs mounted at its `disk/` with `size(room)` bytes, where `room` is
/// what one built copy of the site takes; `None` (said) where no tmpfs can be mounted.
fn site_beside_a_small_disk(size: impl Fn(u64) -> u64) -> Option<(SiteTest, PathBuf, Mount, u64)> {
    let site = SiteTest::new("basic");
    site.run(&["build", "--output", "measure"]).expect_code(0);
    let room = room_taken(&site.root().join("measure"));
    let disk = site.root().join("disk");
    match Mount::tmpfs(&disk, size(room) / 1024) {
        Ok(mount) => Some((site, disk, mount, room)),
        Err(reason) => {
            eprintln!("skipped: {reason}");
            None
        }
    }
}

/// A disk with room for one copy of the site but not for two: the build that runs out of space
/// says that the disk is full and which folder, exits 1 and leaves the previous site as it was
/// with nothing beside it; once there is room, the next build succeeds.
#[test]
fn a_full_disk_is_named_and_the_previous_output_kept() {
    let Some((site, disk, mount, room)) = site_beside_a_small_disk(|room| room * 3 / 2) else {
        return;
    };
    let output = disk.join("site");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 0, "the first build fits: {stderr}");
    let before = snapshot(&output);

    site.append("content/about.md", "\nA new paragraph.\n");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is full"), "{stderr}");
    assert!(
        stderr.contains(&disk.display().to_string()),
        "names where: {stderr}"
    );
    assert!(
        !stderr.contains(".soteria-new"),
        "names no temporary folder: {stderr}"
    );
    assert!(
        stderr.contains("the previous output is unchanged"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(snapshot(&output) == before, "the previous site is intact");
    assert_eq!(left_beside(&disk, "site"), Vec::<String>::new());

    mount.remount(&format!("size={}k", room * 3 / 1024));
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 0, "with room again: {stderr}");
    assert!(fs::read_to_string(output.join("about/index.html"))
        .expect("about")
        .contains("A new paragraph."));
    assert_eq!(left_beside(&disk, "site"), Vec::<String>::new());
}

/// A disk with room for two copies of the site but not three: every build over a previous
/// output succeeds, though the output the build before it put aside takes the room of one copy
/// until it is removed (a write that finds the disk full waits for that removal and tries again).
#[test]
fn a_disk_with_room_for_two_copies_of_the_site_is_enough() {
    let Some((site, disk, _mount, _)) = site_beside_a_small_disk(|room| room * 5 / 2) else {
        return;
    };
    let output = disk.join("site");
    for version in 0..4 {
        site.append("content/about.md", &format!("\nVersion {version}.\n"));
        let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
        assert_eq!(code, 0, "build {version}: {stderr}");
        assert!(fs::read_to_string(output.join("about/index.html"))
            .expect("about")
            .contains(&format!("Version {version}.")));
        assert_eq!(left_beside(&disk, "site"), Vec::<String>::new());
    }
}

/// An output folder whose parent cannot be written (a read-only file system as root, a folder
/// without write permission otherwise): a clear error, exit 1, and nothing changed.
#[test]
fn a_read_only_output_parent_is_named_and_nothing_is_changed() {
    let site = SiteTest::new("basic");
    let parent = site.root().join("readonly");
    let mount = if is_root() {
        match Mount::tmpfs(&parent, 4096) {
            Ok(mount) => Some(mount),
            Err(reason) => {
                eprintln!("skipped: {reason} (and root ignores permissions)");
                return;
            }
        }
    } else {
        fs::create_dir_all(&parent).expect("parent");
        None
    };
    let output = parent.join("site");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(&parent);
    match &mount {
        Some(mount) => mount.remount("ro"),
        None => set_mode(&parent, 0o555),
    }
    site.append("content/about.md", "\nA new paragraph.\n");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    if mount.is_none() {
        set_mode(&parent, 0o755);
    }
    assert_eq!(code, 1, "{stderr}");
    let expected = if mount.is_some() {
        "read-only file system"
    } else {
        "permission"
    };
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains(&parent.display().to_string()),
        "names where: {stderr}"
    );
    assert!(
        stderr.contains("the previous output is unchanged"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(snapshot(&parent) == before, "nothing changed");
}

/// An output folder that is a mount point (a container's volume) cannot be swapped for the new
/// one: the build says so and how to go on, and the folder is left as it was.
#[test]
fn an_output_folder_that_is_a_mount_point_is_named_as_such() {
    let site = SiteTest::new("basic");
    let output = site.root().join("volume");
    let _mount = match Mount::tmpfs(&output, 4096) {
        Ok(mount) => mount,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    site.write("volume/notes.txt", "kept");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 2, "a folder Soteria did not make: {stderr}");
    fs::remove_file(output.join("notes.txt")).expect("empty it");
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &output));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("mount point"), "{stderr}");
    assert!(
        stderr.contains("the previous output is unchanged"),
        "{stderr}"
    );
    assert_eq!(fs::read_dir(&output).expect("volume").count(), 0);
    assert_eq!(left_beside(site.root(), "volume"), Vec::<String>::new());
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

/// Builds `site` with the library, calling `fault` when phase `at` ends (the files of the site
/// are found and read by then, static files are copied after `render`), within a minute.
fn build_with_fault(
    site: &SiteTest,
    at: &'static str,
    fault: impl Fn(&Path) + Send + Sync + 'static,
) -> Result<soteria::Generated, BuildError> {
    let root = site.root().to_path_buf();
    let options = BuildOptions {
        root: root.clone(),
        output: Some(root.join("output")),
        ..BuildOptions::default()
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = soteria::build_with(&options, &|phase| {
            if phase == at {
                fault(&root);
            }
        });
        let _ = sender.send(result);
    });
    receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the build hangs")
}

/// The diagnostics of a failed build, as `file: message` lines.
fn failure(result: Result<soteria::Generated, BuildError>) -> String {
    let error = result.expect_err("the build fails");
    assert_eq!(error.exit_code(), 1, "{error}");
    let diagnostics: Vec<String> = error
        .diagnostics()
        .iter()
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    if diagnostics.is_empty() {
        error.to_string()
    } else {
        diagnostics.join("\n")
    }
}

/// A file beside a page (an attachment) or a static file that is removed, replaced by
/// something that is not a file, or made unreadable after the build found it: the error names
/// that file of the site, never the temporary folder being written; no build hangs on a named
/// pipe; the previous output stays as it was.
#[test]
fn a_file_that_vanishes_or_turns_unreadable_during_the_build_is_named() {
    type Fault = fn(&Path);
    let mut faults: Vec<(&str, &str, &'static str, Fault)> = vec![
        ("removed", "content/tools/kit/sheet.txt", "load", |root| {
            fs::remove_file(root.join("content/tools/kit/sheet.txt")).expect("remove");
        }),
        ("a folder", "content/tools/kit/sheet.txt", "load", |root| {
            let path = root.join("content/tools/kit/sheet.txt");
            fs::remove_file(&path).expect("remove");
            fs::create_dir(&path).expect("folder");
        }),
        ("a dangling link", "static/extra.txt", "render", |root| {
            let path = root.join("static/extra.txt");
            fs::remove_file(&path).expect("remove");
            symlink(&root.join("nowhere"), &path);
        }),
        ("removed", "static/extra.txt", "render", |root| {
            fs::remove_file(root.join("static/extra.txt")).expect("remove");
        }),
    ];
    if cfg!(unix) {
        faults.push((
            "a named pipe",
            "content/tools/kit/sheet.txt",
            "load",
            |root| {
                let path = root.join("content/tools/kit/sheet.txt");
                fs::remove_file(&path).expect("remove");
                let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
                assert!(made.success());
            },
        ));
    }
    if !is_root() {
        faults.push((
            "unreadable",
            "content/tools/kit/sheet.txt",
            "load",
            |root| {
                set_mode(&root.join("content/tools/kit/sheet.txt"), 0o000);
            },
        ));
    } else {
        eprintln!("not tested: a file without read permission (root reads it anyway)");
    }
    for (what, file, at, fault) in faults {
        let site = SiteTest::new("basic");
        site.build();
        let before = snapshot(&site.root().join("output"));
        let message = failure(build_with_fault(&site, at, fault));
        assert!(
            message.contains(file),
            "{file} {what}: the message names it: {message}"
        );
        assert!(
            !message.contains(".soteria-new"),
            "{file} {what}: no temporary folder: {message}"
        );
        assert!(
            snapshot(&site.root().join("output")) == before,
            "{file} {what}: the previous output is intact"
        );
        assert_eq!(left_beside(site.root(), "output"), Vec::<String>::new());
        if what == "unreadable" {
            set_mode(&site.root().join(file), 0o644);
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) {}

/// Symbolic links that loop, in `content/` and in `static/`, and named pipes where files are
/// expected: the build neither hangs nor follows them, and warns about each, naming it.
#[cfg(unix)]
#[test]
fn symlink_loops_and_pipes_are_named_and_do_not_hang_the_build() {
    let site = SiteTest::new("basic");
    let root = site.root();
    symlink(Path::new("."), &root.join("content/guidance/again"));
    symlink(Path::new("loop-b.md"), &root.join("content/loop-a.md"));
    symlink(Path::new("loop-a.md"), &root.join("content/loop-b.md"));
    symlink(Path::new(".."), &root.join("static/up"));
    symlink(Path::new("itself.css"), &root.join("static/itself.css"));
    for pipe in ["content/guidance/pipe.md", "static/pipe.css"] {
        let made = Command::new("mkfifo")
            .arg(root.join(pipe))
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    let (code, stderr) = finish_within_a_minute(spawn_build(&site, &root.join("output")));
    assert_eq!(code, 0, "{stderr}");
    for link in [
        "content/guidance/again",
        "content/loop-a.md",
        "content/loop-b.md",
        "static/up",
        "static/itself.css",
        "content/guidance/pipe.md",
        "static/pipe.css",
    ] {
        assert!(
            stderr
                .lines()
                .any(|line| line.contains(link) && line.contains("warning")),
            "{link}: {stderr}"
        );
    }
    assert!(!site.has_output("up"));
    assert!(!site.has_output("guidance/again"));
    assert!(site.has_output("guidance/referral/index.html"));
}

/// `static/` is walked as `content/` is: a file whose name is not UTF-8 is named as an error
/// (it was left out without a word), editors' backup and swap files are not published, and a
/// hidden folder such as `.well-known/` is.
#[cfg(target_os = "linux")]
#[test]
fn static_files_are_walked_by_the_same_rules_as_content() {
    use std::os::unix::ffi::OsStrExt;
    let site = SiteTest::new("basic");
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:web@example.org\n",
    );
    site.write("static/notes.txt~", "an editor's backup\n");
    site.write("static/.notes.txt.swp", "an editor's swap file\n");
    let run = site.build();
    assert!(
        site.has_output(".well-known/security.txt"),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("notes.txt~"));
    assert!(!site.has_output(".notes.txt.swp"));

    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(site.root().join("static").join(latin1), "menu\n").expect("write");
    let run = site.run(&["build"]).expect_code(1);
    assert!(
        run.stderr
            .contains("static/caf\u{fffd}.txt: error[file-name]: the file name is not valid UTF-8"),
        "{}",
        run.stderr
    );
}
