//! The Markdown parser, pulldown-cmark 0.13.6, panics on some text. For example, a task list item
//! that ends in `\` with a list under it that has a tab after its marker gives "slice index
//! starts at 6 but ends at 5" in its `firstpass.rs`. A page the parser cannot read must be an
//! error of that page, not a crash of every build, so the parser is run through [`guarded`].

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use crate::diagnostics::Diagnostic;

thread_local! {
    /// Whether this thread is inside [`guarded`]: its panics are told as the page's error,
    /// not printed.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// What `parse` (work on the Markdown of the page at `path`) returns, or the page's error if
/// the parser panicked.
pub(crate) fn guarded<T>(path: &Path, parse: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|guarded| guarded.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(parse));
    GUARDED.with(|guarded| guarded.set(was));
    result.map_err(|_| {
        Diagnostic::error(
            "markdown-unreadable",
            path,
            "the Markdown parser (pulldown-cmark) failed on this page's text, so the page cannot be built",
        )
        .with_help("look for a list item that ends in `\\` with a list under it, or a tab after a list marker, and write it otherwise; please tell Soteria's maintainers the text")
    })
}
