//! Which edits `serve` sees: the watcher on the site's folders, the debounce that makes a burst
//! of saves one rebuild, and the [`Change`] each batch of paths makes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::walk::is_editor_leftover;

/// How long `serve` waits for a burst of saves to end before rebuilding. An editor's save is
/// a few events within a millisecond or two (write and close, or a temporary file renamed over
/// the page), and a checkout keeps them coming; a body edit of the 10,000-page benchmark site
/// then builds in about 4 ms, so this wait was most of the time to the reloaded page (25 ms
/// before). A burst split in two builds twice: the second build gives the same site.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How long no edit must come before the search index a patch left is made.
pub(crate) const IDLE: Duration = Duration::from_millis(50);
/// The folders watched under the site's root (those that exist), besides `site.yaml`.
const WATCHED: [&str; 5] = crate::content::SOURCE_FOLDERS;

/// The file events of the site's folders, as they come.
pub(crate) type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// The watcher on the site's folders and `site.yaml`, with the events it sends; it watches until
/// dropped.
pub(crate) struct SiteWatch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    events: Events,
    /// How many edits the watcher has sent, and how many of them were taken: when the first is
    /// ahead, an edit waits (see [`SiteWatch::edit_waits`]).
    edits_sent: Arc<AtomicUsize>,
    edits_taken: usize,
    /// The forms of the site's folder that event paths start with (see [`roots_of`]).
    roots: Vec<PathBuf>,
}

impl SiteWatch {
    /// Starts watching the site's folders under `root` (those that exist) and `site.yaml`.
    pub(crate) fn start(root: &Path) -> notify::Result<SiteWatch> {
        let (sender, events) = mpsc::channel();
        let edits_sent = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&edits_sent);
        let roots = roots_of(root);
        let site = roots.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if counts_as_edit(&site, &event) {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                // The receiver is gone only when `serve` stops.
                let _ = sender.send(event);
            })?;
        // site.yaml is watched through its folder: editors often save by replacing the file.
        // That watch also sees the site's folders come and go.
        watcher.watch(&roots[0], RecursiveMode::NonRecursive)?;
        let mut watch = SiteWatch {
            watcher,
            root: roots[0].clone(),
            roots,
            events,
            edits_sent,
            edits_taken: 0,
        };
        for folder in WATCHED {
            watch.watch_folder(folder)?;
        }
        Ok(watch)
    }

    /// The next burst of edits (see [`next_edits`]). A site folder made or replaced in it
    /// (`templates/` for a first override) is watched from then on, before the rebuild reads it,
    /// so that no later save in it is missed.
    pub(crate) fn next_edits(&mut self, idle: Option<Duration>) -> Option<Vec<PathBuf>> {
        let paths = next_edits(&self.roots, &self.events, idle, &mut self.edits_taken)?;
        for folder in WATCHED {
            let touched = paths.iter().any(|path| {
                path.file_name().is_some_and(|name| name == folder)
                    && path
                        .parent()
                        .is_some_and(|parent| same_folder(parent, &self.root))
            });
            if touched {
                // A watch on a folder that was removed is gone; one on a folder still there
                // is replaced.
                let _ = self.watcher.unwatch(&self.root.join(folder));
                // An error leaves the folder unwatched, as before `serve` started; the rebuild
                // reads it all the same.
                let _ = self.watch_folder(folder);
            }
        }
        Some(paths)
    }

    /// What a batch of edits the watcher returned changes (see [`classify`]).
    pub(crate) fn classify(&self, paths: &[PathBuf]) -> Option<Change> {
        classify(&self.roots, paths)
    }

    /// Says whether an edit came that [`SiteWatch::next_edits`] has not returned yet: work that
    /// can wait (the search index) stops for it.
    pub(crate) fn edit_waits(&self) -> impl Fn() -> bool + Sync + '_ {
        let (sent, taken) = (&*self.edits_sent, self.edits_taken);
        move || sent.load(Ordering::SeqCst) > taken
    }

    fn watch_folder(&mut self, folder: &str) -> notify::Result<()> {
        let path = self.root.join(folder);
        if path.is_dir() {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

/// What went wrong starting the watcher, as a sentence with what to do: the watcher's own
/// messages ("No path was found.", "IO error for operation on …: … (os error 28)") do not say.
pub(crate) fn problem(error: &notify::Error) -> String {
    let path = error.paths.first().map_or_else(
        || "the site's folder".to_string(),
        |p| format!("`{}`", p.display()),
    );
    const LIMIT: &str = "the system's limit on watched folders is reached; raise it (on Linux: \
        `sudo sysctl fs.inotify.max_user_watches=524288` and `fs.inotify.max_user_instances=512`) \
        or stop other programs that watch many files, then start `soteria serve` again";
    match &error.kind {
        notify::ErrorKind::PathNotFound | notify::ErrorKind::WatchNotFound => {
            format!("{path} does not exist; run `soteria serve` in the site's folder, or name it with `--root`")
        }
        notify::ErrorKind::MaxFilesWatch => LIMIT.to_string(),
        // inotify says "no space" when its limit of watches is reached.
        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(28) => LIMIT.to_string(),
        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(24) => {
            "too many files are open; close other programs or raise the limit (`ulimit -n`), \
             then start `soteria serve` again"
                .to_string()
        }
        notify::ErrorKind::Io(io) => match io.kind() {
            std::io::ErrorKind::NotFound => format!("{path} does not exist"),
            std::io::ErrorKind::PermissionDenied => {
                format!("soteria may not read {path}; check its permissions")
            }
            _ => format!("the system refused to watch {path} ({})", io.kind()),
        },
        notify::ErrorKind::Generic(message) => format!("the watcher failed ({message})"),
        notify::ErrorKind::InvalidConfig(_) => "the watcher's settings were refused".to_string(),
    }
}

/// Whether `a` and `b` name one folder (the watcher may give the root as it was given, or
/// resolved).
fn same_folder(a: &Path, b: &Path) -> bool {
    a == b
        || a.canonicalize()
            .ok()
            .is_some_and(|a| b.canonicalize().ok() == Some(a))
}

/// Waits for the next burst of edits and returns the paths it touched, once no event has come
/// for [`DEBOUNCE`]: an editor's save (write, rename, metadata) or a checkout of many files is
/// one rebuild. Files being opened or read (by the build itself) are not edits. With `idle`,
/// returns no paths if no edit begins for that long.
fn next_edits(
    roots: &[PathBuf],
    events: &Events,
    idle: Option<Duration>,
    taken: &mut usize,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        let event = if paths.is_empty() {
            match idle {
                None => events.recv().ok()?,
                Some(idle) => match events.recv_timeout(idle) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Some(paths),
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                },
            }
        } else {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => return Some(paths),
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        };
        if counts_as_edit(roots, &event) {
            *taken += 1;
        }
        match event {
            // The watcher lost track (too many events; on Linux the kernel's queue overflowed,
            // which comes as an event without paths): build everything again.
            Ok(event) if event.need_rescan() => paths.push(PathBuf::from("site.yaml")),
            Err(_) => paths.push(PathBuf::from("site.yaml")),
            Ok(event) if is_edit(&event.kind) => paths.extend(event.paths),
            Ok(_) => {}
        }
    }
}

/// Whether the watcher's `event` is an edit that a rebuild of the site under `root` takes in (see
/// [`classify`]), or says that the watcher lost track of them: one that stops the search index
/// being made (see [`SiteWatch::edit_waits`]), so that a swap file written as the editor types,
/// or a note saved beside `site.yaml`, does not.
fn counts_as_edit(roots: &[PathBuf], event: &notify::Result<notify::Event>) -> bool {
    event.as_ref().map_or(true, |event| {
        event.need_rescan() || (is_edit(&event.kind) && classify(roots, &event.paths).is_some())
    })
}

/// The forms of the site's folder `root` that the watcher's paths may start with: made absolute
/// (inotify's paths are the watched folder's, joined to the working folder), and with links
/// resolved (FSEvents gives those).
fn roots_of(root: &Path) -> Vec<PathBuf> {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut roots = vec![absolute];
    if let Ok(canonical) = root.canonicalize() {
        if !roots.contains(&canonical) {
            roots.push(canonical);
        }
    }
    roots
}

/// A hidden file or an editor's leftover (`.page.md.swp`, `page.md~`), which no build reads.
fn is_editors_own(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default();
    name.to_string_lossy().starts_with('.') || is_editor_leftover(name)
}

fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// What an edit touched, and so how much to rebuild and what the pages should do after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Configuration, templates or strings: everything is built again.
    Everything,
    /// Content files (paths relative to the root): only they are read and parsed again, and only
    /// the pages whose data changed are rendered again.
    Content(Vec<PathBuf>),
    /// Static files only; `stylesheets_only` when all of them are CSS, which the pages swap
    /// without reloading.
    Static {
        /// Only `.css` files changed.
        stylesheets_only: bool,
    },
}

/// Sorts the paths of a batch of file events into the [`Change`] they make, or `None` when none
/// of them matters (an editor's swap file, the output folder); `roots` are the site's folder's
/// forms (see [`roots_of`]).
pub(crate) fn classify(roots: &[PathBuf], paths: &[PathBuf]) -> Option<Change> {
    let mut content = Vec::new();
    let mut statics = Vec::new();
    let mut everything = false;
    for path in paths {
        let rel = roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        if is_editors_own(rel) {
            continue;
        }
        let mut components = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let first = components.next().unwrap_or_default();
        let is_static = rel.components().any(|c| c.as_os_str() == "static")
            && (first == "static" || first == "themes");
        match first.as_ref() {
            "content" => content.push(rel.to_path_buf()),
            "site.yaml" => everything = true,
            _ if is_static => statics.push(rel.to_path_buf()),
            "themes" | "templates" | "i18n" => everything = true,
            _ => {}
        }
    }
    if everything {
        Some(Change::Everything)
    } else if !content.is_empty() {
        Some(Change::Content(content))
    } else if !statics.is_empty() {
        Some(Change::Static {
            stylesheets_only: statics
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css")),
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_waits_until_it_is_taken_and_an_editors_swap_file_never_waits() {
        let dir = std::env::temp_dir().join(format!("soteria-watch-{}", std::process::id()));
        let content = dir.join("content");
        std::fs::create_dir_all(&content).unwrap();
        let mut watch = SiteWatch::start(&dir).unwrap();
        let waits = |watch: &SiteWatch| watch.edit_waits()();
        assert!(!waits(&watch));

        // An editor's swap and backup files, written as they type: the search index goes on.
        std::fs::write(content.join(".page.md.swp"), "x").unwrap();
        std::fs::write(content.join("page.md~"), "x").unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(!waits(&watch));
        let theirs = watch.next_edits(None).unwrap();
        assert!(theirs.iter().all(|p| is_editors_own(p)), "{theirs:?}");

        // A page saved: it waits until `next_edits` returns it.
        std::fs::write(content.join("page.md"), "---\ntitle: A\n---\n").unwrap();
        let start = std::time::Instant::now();
        while !waits(&watch) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the save was not seen"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let paths = watch.next_edits(None).unwrap();
        assert!(
            paths.iter().any(|p| p.ends_with("content/page.md")),
            "{paths:?}"
        );
        // The save's last events may come after the debounce on a busy machine: take them too.
        while !watch
            .next_edits(Some(Duration::from_millis(300)))
            .unwrap()
            .is_empty()
        {}
        assert!(!waits(&watch));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn events_that_are_not_edits_do_not_count() {
        let event = |kind, path: &str| Ok(notify::Event::new(kind).add_path(PathBuf::from(path)));
        let counts = |event| counts_as_edit(&[PathBuf::from("/site")], &event);
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let written = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        assert!(!counts(event(opened, "/site/content/a.md")));
        assert!(counts(event(written, "/site/content/a.md")));
        assert!(counts(event(written, "/site/site.yaml")));
        assert!(!counts(event(written, "/site/content/.a.md.swp")));
        assert!(!counts(event(written, "/site/content/a.md~")));
        // Files no build reads: a note beside site.yaml, the built site.
        assert!(!counts(event(written, "/site/notes.txt")));
        assert!(!counts(event(written, "/site/output/index.html")));
        // The watcher lost track: anything may have changed.
        assert!(counts(Err(notify::Error::generic("overflow"))));
        let overflow = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(counts(Ok(overflow)));
    }

    /// `serve` in the site's folder (`--root .`), or in a folder reached through a link: the
    /// watcher's paths start with another form of the root than the one given.
    #[cfg(unix)]
    #[test]
    fn edits_are_known_under_a_relative_root_and_through_a_link() {
        let here = std::env::current_dir().unwrap();
        let page = [here.join("content/a.md")];
        assert!(matches!(
            classify(&roots_of(Path::new(".")), &page),
            Some(Change::Content(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let roots = roots_of(&link);
        for root in [&link, &real.canonicalize().unwrap()] {
            let change = classify(&roots, &[root.join("content/a.md")]);
            assert_eq!(change, Some(Change::Content(vec!["content/a.md".into()])));
        }
    }

    #[test]
    fn edits_are_sorted_into_what_they_change() {
        let root = Path::new("/site");
        let change = |paths: &[&str]| {
            classify(
                &[root.to_path_buf()],
                &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            change(&["content/guidance/referral.md"]),
            Some(Change::Content(vec!["content/guidance/referral.md".into()]))
        );
        assert_eq!(
            change(&["themes/default/static/css/soteria.css"]),
            Some(Change::Static {
                stylesheets_only: true
            })
        );
        assert_eq!(
            change(&["static/logo.svg", "static/print.css"]),
            Some(Change::Static {
                stylesheets_only: false
            })
        );
        assert_eq!(
            change(&["content/a.md", "themes/default/templates/page.html"]),
            Some(Change::Everything)
        );
        assert_eq!(change(&["site.yaml"]), Some(Change::Everything));
        assert_eq!(change(&["i18n/sv.yaml"]), Some(Change::Everything));
        assert_eq!(
            change(&["content/.referral.md.swp", "output/index.html"]),
            None
        );
        assert_eq!(change(&["content/referral.md~"]), None);
    }
}
