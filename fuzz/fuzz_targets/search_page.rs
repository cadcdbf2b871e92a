//! Fuzz target `search_page`: see `soteria::fuzzing::search_page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Files that are not UTF-8 are reported before any of this runs.
    if let Ok(text) = std::str::from_utf8(data) {
        soteria::fuzzing::search_page(text);
    }
});
