//! Integration tests: fixture sites built with the real `soteria` binary, asserting on what a
//! user sees — the files and HTML of the output, the diagnostics on stderr, the exit code.

// Tests may slice their own strings (see `string_slice` in Cargo.toml).
#![allow(clippy::string_slice)]

mod support;

mod browser;
mod build;
mod clashes;
mod cli;
mod cms;
mod errors;
mod faults;
mod first_hour;
mod incremental;
mod init;
mod languages;
mod linear;
mod links;
mod messages;
mod modules;
mod outdated;
mod output_safety;
mod page_links;
mod paths;
mod previous_output;
mod print;
mod readers;
mod registry;
mod safety;
mod sample;
mod schema;
mod search;
mod security;
mod serve;
mod serve_edits;
mod serve_rebuilds;
mod standards;
mod stress;
mod text;
mod theme;
mod translate;
mod translate_formats;
