//! Integration tests: fixture sites built with the real `soteria` binary, asserting on what a
//! user sees — the files and HTML of the output, the diagnostics on stderr, the exit code.

mod support;

mod browser;
mod build;
mod cli;
mod errors;
mod faults;
mod languages;
mod output_safety;
mod registry;
mod safety;
mod search;
mod serve;
mod standards;
mod stress;
