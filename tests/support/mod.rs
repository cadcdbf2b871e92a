//! `SiteTest`: a fixture site copied into a temporary folder with the repository's default theme,
//! built with the real `soteria` binary, and read back as a user would see it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

/// The repository's root.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub(crate) struct SiteTest {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code.
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

impl Run {
    /// Panics with the output unless the run exited with `code`.
    #[track_caller]
    pub(crate) fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }

    /// The first line of standard error that contains `text` (a diagnostic's
    /// `path:line:col: warning[code]`, say); panics with the whole output if none does.
    #[track_caller]
    pub(crate) fn stderr_line(&self, text: &str) -> &str {
        match self.stderr.lines().find(|line| line.contains(text)) {
            Some(line) => line,
            None => panic!("no `{text}` in\n{}", self.stderr),
        }
    }
}

impl SiteTest {
    /// The fixture `tests/fixtures/<name>` with the default theme beside it.
    pub(crate) fn new(name: &str) -> Self {
        let test = SiteTest::empty();
        copy_dir(&repo_root().join("tests/fixtures").join(name), test.root());
        test
    }

    /// The fixture `base` with the files of `tests/fixtures/<overlay>` written over it: one
    /// invalid case on top of a valid site.
    pub(crate) fn with_overlay(base: &str, overlay: &str) -> Self {
        let test = SiteTest::new(base);
        copy_dir(
            &repo_root().join("tests/fixtures").join(overlay),
            test.root(),
        );
        test
    }

    /// The fixture `tests/fixtures/<name>` alone, without a `themes/` folder: the site uses the
    /// theme built into the binary.
    pub(crate) fn bare(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
        SiteTest { dir }
    }

    /// A copy of the repository's own sample site (content, its own i18n, site.yaml, theme).
    pub(crate) fn sample() -> Self {
        let test = SiteTest::empty();
        copy_dir(&repo_root().join("content"), &test.root().join("content"));
        copy_dir(&repo_root().join("i18n"), &test.root().join("i18n"));
        fs::copy(repo_root().join("site.yaml"), test.root().join("site.yaml")).expect("site.yaml");
        test
    }

    /// An empty site folder with the default theme.
    pub(crate) fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(
            &repo_root().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        SiteTest { dir }
    }

    /// The site's root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Adds `text` at the end of a file of the site.
    pub(crate) fn append(&self, rel: &str, text: &str) -> &Self {
        let old = fs::read_to_string(self.root().join(rel)).unwrap_or_default();
        self.write(rel, &format!("{old}{text}"))
    }

    /// Writes a file of the site (creating folders).
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Runs `soteria` with `args` in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_soteria"))
            .args(args)
            .current_dir(self.root())
            .env_remove("RUST_LOG")
            .output()
            .expect("run soteria");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `soteria build`, expected to succeed.
    pub(crate) fn build(&self) -> Run {
        self.run(&["build"]).expect_code(0)
    }

    /// `soteria build` in the site's folder, started and not waited for (to be killed), what it
    /// prints unread.
    pub(crate) fn spawn_build(&self) -> std::process::Child {
        Command::new(env!("CARGO_BIN_EXE_soteria"))
            .arg("build")
            .current_dir(self.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start a build")
    }

    /// A file of the output, as text.
    #[track_caller]
    pub(crate) fn output(&self, rel: &str) -> String {
        let path = self.root().join("output").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; output has: {:?}",
                path.display(),
                self.output_files().keys().collect::<Vec<_>>()
            )
        })
    }

    /// True when the output has this file.
    pub(crate) fn has_output(&self, rel: &str) -> bool {
        self.root().join("output").join(rel).is_file()
    }

    /// Every output file with its bytes.
    pub(crate) fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        files_of(&self.root().join("output"))
    }

    /// The text of every file of the output's search index (unpacked), one after another.
    pub(crate) fn search_index_text(&self) -> String {
        self.output_files()
            .into_iter()
            .filter(|(path, _)| path.starts_with("search/"))
            .map(|(_, bytes)| String::from_utf8_lossy(&gunzip(&bytes)).into_owned())
            .collect()
    }

    /// A JSON file of the search index (`search/en/manifest.json.gz`), unpacked and parsed.
    #[track_caller]
    pub(crate) fn index_json(&self, rel: &str) -> serde_json::Value {
        let bytes =
            fs::read(self.root().join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        serde_json::from_slice(&gunzip(&bytes)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// `bytes` unpacked when they are gzip-compressed (the search index's files), else as they are.
#[track_caller]
pub(crate) fn gunzip(bytes: &[u8]) -> Vec<u8> {
    gunzip_lenient(bytes).expect("a whole gzip file")
}

/// [`gunzip`], `None` for a gzip file cut short (one being written).
pub(crate) fn gunzip_lenient(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Every file under `dir` with its bytes, by its path there (`/` separators).
pub(crate) fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A site's files by path, as `soteria serve` holds them.
pub(crate) type Files = BTreeMap<String, soteria::OutputContent>;

/// The files of a whole build (a first build, or one after which everything changed).
pub(crate) fn files(generated: soteria::Generated) -> Files {
    match generated.files {
        soteria::SiteFiles::Whole(outputs) => outputs
            .into_iter()
            .map(|output| (output.path, output.content))
            .collect(),
        other => panic!("not the whole site: {other:?}"),
    }
}

/// Puts a build's files into `served` as `soteria serve` does: all of them, or for a patch the
/// changed ones (and the removal of those gone).
pub(crate) fn apply(served: &mut Files, generated: soteria::Generated) {
    match generated.files {
        soteria::SiteFiles::Changes { changed, removed } => {
            for path in &removed {
                served.remove(path);
            }
            served.extend(changed.into_iter().map(|o| (o.path, o.content)));
        }
        _ => *served = files(generated),
    }
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `<main>` element of a page, for assertions that should not depend on the layout around it.
pub(crate) fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + 7);
    &html[start..end]
}

/// Whether `name` is that of an old output a build put aside beside the output folder `output`
/// (`.OUTPUT.soteria-old-PID-TIME`), which the next build removes.
pub(crate) fn is_put_aside(name: &str, output: &str) -> bool {
    name.strip_prefix(&format!(".{output}.soteria-old-"))
        .is_some_and(|numbers| {
            let parts: Vec<&str> = numbers.split('-').collect();
            parts.len() == 2
                && parts
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}
