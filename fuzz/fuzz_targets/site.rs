//! Fuzz target `site`: a small site whose one page is the input, bytes as they are (not UTF-8
//! included); see `soteria::fuzzing::site`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    soteria::fuzzing::site(data);
});
