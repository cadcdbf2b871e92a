//! Symbolic links under `content/` and `static/`: a link inside the site is followed, one that
//! leads outside it is an error naming it, and nothing of what it points to is published.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;

use crate::support::SiteTest;

/// A folder outside the site with a file no site should publish.
fn secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("id_rsa"), "PRIVATE KEY").expect("secret");
    dir
}

#[test]
fn a_static_folder_linked_outside_the_site_is_refused() {
    let secret = secret();
    let site = SiteTest::new("basic");
    let _ = fs::remove_dir_all(site.root().join("static"));
    symlink(secret.path(), site.root().join("static")).expect("symlink");
    for command in ["check", "build"] {
        let run = site.run(&[command]).expect_code(1);
        assert!(
            run.stderr
                .contains("static: error[symlink-outside]: this folder is a symbolic link to"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!site.root().join("output").exists());
}

#[test]
fn links_out_of_the_site_are_refused_wherever_they_are() {
    let secret = secret();
    let site = SiteTest::new("basic");
    let root = site.root();
    fs::create_dir_all(root.join("static")).expect("static");
    symlink(secret.path(), root.join("static/keys")).expect("folder link");
    symlink(secret.path().join("id_rsa"), root.join("static/id_rsa")).expect("file link");
    symlink(
        secret.path().join("id_rsa"),
        root.join("content/guidance/key.txt"),
    )
    .expect("content file link");
    symlink(secret.path(), root.join("content/private")).expect("content folder link");
    let run = site.run(&["build"]).expect_code(1);
    for file in [
        "static/keys: error[symlink-outside]: this folder",
        "static/id_rsa: error[symlink-outside]: this file",
        "content/guidance/key.txt: error[symlink-outside]: this file",
        "content/private: error[symlink-outside]: this folder",
    ] {
        assert!(run.stderr.contains(file), "{file}: {}", run.stderr);
    }
    assert!(!root.join("output").exists());
    // The previous output stays as it was, without the key.
    for link in [
        "static/keys",
        "static/id_rsa",
        "content/guidance/key.txt",
        "content/private",
    ] {
        fs::remove_file(root.join(link)).expect("unlink");
    }
    site.build();
    assert!(!site.has_output("id_rsa"));
}

#[test]
fn links_inside_the_site_are_named_and_not_followed() {
    let site = SiteTest::new("basic");
    let root = site.root();
    site.write("shared/logo.txt", "logo");
    site.write(
        "drafts/linked.md",
        "---\ntitle: Linked\n---\nLinked text.\n",
    );
    fs::create_dir_all(root.join("static")).expect("static");
    symlink(root.join("shared"), root.join("static/shared")).expect("folder link");
    symlink(
        "../../drafts/linked.md",
        root.join("content/guidance/linked.md"),
    )
    .expect("page link");
    // An editor's lock file: passed over without a word.
    symlink(
        "user@host.1234",
        root.join("content/guidance/.#referral.md"),
    )
    .expect("lock");
    symlink("/no/such/file", root.join("static/broken")).expect("broken");
    let run = site.build();
    for link in [
        "static/shared",
        "content/guidance/linked.md",
        "static/broken",
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|line| line.contains(link) && line.contains("warning")),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(".#referral.md"), "{}", run.stderr);
    assert!(!site.has_output("shared/logo.txt"));
    assert!(!site.has_output("guidance/linked/index.html"));
    assert!(site.has_output("guidance/referral/index.html"));
}
