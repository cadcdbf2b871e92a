//! Time proportional to the input: pages that once took time growing with the square of their
//! size (a line of 40,000 references took 107 s, 20,000 identical headings 42 s, 100,000 front
//! matter keys 144 s) are checked at a size n and at 10 n, and 10 n may take at most 20 times as
//! long, plus a second for a busy machine. Quadratic work would take 100 times as long; the
//! sizes are those where it shows even in a debug build, and the whole file runs in seconds.

use std::time::{Duration, Instant};

use crate::support::SiteTest;

/// How long `soteria COMMAND` takes on the `standards` fixture with one more page, made by `page`
/// for size `n`; the run must exit with `code`.
fn timed(page: fn(usize) -> String, n: usize, command: &str, code: i32) -> Duration {
    let site = SiteTest::new("standards");
    site.write("content/tools/case.md", &page(n));
    let started = Instant::now();
    site.run(&[command]).expect_code(code);
    started.elapsed()
}

/// Asserts that the page made by `page` takes at most 20 times as long at 10 `n` as at `n`.
#[track_caller]
fn assert_linear(page: fn(usize) -> String, n: usize, command: &str, code: i32) {
    // The best of two runs at n, so that one slow start does not make the bound tighter.
    let small = timed(page, n, command, code).min(timed(page, n, command, code));
    let large = timed(page, 10 * n, command, code);
    assert!(
        large < small * 20 + Duration::from_secs(1),
        "{n}: {small:?}, {}: {large:?}",
        10 * n
    );
}

fn front(body: &str) -> String {
    format!("---\ntitle: Case\n---\n{body}")
}

#[test]
fn references_on_one_line() {
    assert_linear(|n| front(&"[[std:5]] ".repeat(n)), 1_000, "check", 0);
}

#[test]
fn links_on_one_line() {
    assert_linear(
        |n| front(&"[a](@/standards/planning.md) ".repeat(n)),
        1_000,
        "check",
        0,
    );
}

#[test]
fn references_on_separate_lines() {
    assert_linear(|n| front(&"[[std:5]]\n\n".repeat(n)), 3_000, "check", 0);
}

#[test]
fn broken_references_on_one_line() {
    assert_linear(|n| front(&"[[std:99]] ".repeat(n)), 500, "check", 1);
}

#[test]
fn identical_headings() {
    assert_linear(|n| front(&"## Same\n\n".repeat(n)), 1_000, "check", 0);
}

#[test]
fn front_matter_keys() {
    assert_linear(
        |n| {
            let keys: String = (0..n).map(|i| format!("key{i}: value\n")).collect();
            format!("---\ntitle: Case\n{keys}---\nBody.\n")
        },
        2_000,
        "check",
        0,
    );
}

#[test]
fn nested_yaml_brackets() {
    assert_linear(
        |n| {
            format!(
                "---\ntitle: Case\nx: {}{}\n---\n",
                "[".repeat(n),
                "]".repeat(n)
            )
        },
        5_000,
        "check",
        1,
    );
}

#[test]
fn nested_divs() {
    assert_linear(
        |n| front(&format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n))),
        6_000,
        "check",
        1,
    );
}

#[test]
fn a_table_of_small_cells() {
    assert_linear(
        |n| {
            front(&format!(
                "|a|b|c|d|\n|-|-|-|-|\n{}",
                "|a|b|c|d|\n".repeat(n)
            ))
        },
        2_000,
        "check",
        0,
    );
}

#[test]
fn a_long_line_of_text_in_the_search_index() {
    assert_linear(
        |n| front(&format!("{}\n", "Barn & stöd ‹ вік > років ".repeat(n))),
        1_000,
        "build",
        0,
    );
}
