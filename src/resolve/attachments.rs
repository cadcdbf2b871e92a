//! Attachments: the files a page lists in `files` (a tool's checklist, a report), each found
//! beside the page with its format and size for readers deciding whether to download it; one
//! that is not there is an error at the page's `files`.

use std::collections::HashMap;

use crate::content::Asset;
use crate::diagnostics::Diagnostic;
use crate::resolve::Page;

/// A file a page lists in `files`, found beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attachment {
    /// Its name in the page's folder, as `files` gives it (`checklist.pdf`).
    pub file: String,
    /// What it is, as `files` gives it (the file's name when no title is given).
    pub title: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its format, from its extension (`PDF`).
    pub format: String,
}

/// The sizes of the files beside the content, by their path under `content/`.
pub(super) struct Sizes<'a>(HashMap<&'a str, u64>);

impl<'a> Sizes<'a> {
    /// The size of each of `assets`.
    pub(super) fn of(assets: &'a [Asset]) -> Self {
        Sizes(
            assets
                .iter()
                .map(|a| {
                    (
                        a.rel.as_str(),
                        std::fs::metadata(&a.source).map_or(0, |m| m.len()),
                    )
                })
                .collect(),
        )
    }
}

/// The attachments `page` lists in `files`, in the order listed, with an error for each that is
/// not beside the page (reported once, on the page that is not a fallback).
pub(super) fn attachments_of(
    page: &Page,
    sizes: &Sizes<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    let mut found = Vec::new();
    for listed in page.front.attachments() {
        let file = &listed.file;
        let rel = if page.key.is_empty() {
            file.clone()
        } else {
            format!("{}/{file}", page.key)
        };
        match sizes.0.get(rel.as_str()) {
            Some(&size) => {
                let format = file
                    .rsplit_once('.')
                    .map_or_else(String::new, |(_, ext)| ext.to_uppercase());
                found.push(Attachment {
                    file: file.clone(),
                    title: listed.title.as_ref().unwrap_or(file).clone(),
                    size,
                    format,
                });
            }
            None if !page.is_fallback => {
                let location = page
                    .field_locations
                    .iter()
                    .find(|(k, _)| k == "files")
                    .map(|(_, l)| l.clone());
                diagnostics.push(
                    Diagnostic::error(
                        "missing-file",
                        page.source.clone().unwrap_or_default(),
                        format!("`files` lists `{file}`, which is not beside the page (looked for content/{rel})"),
                    )
                    .at_opt(location)
                    .with_help("put the file in the page's folder (a page with files is a folder with an index.md)"),
                );
            }
            None => {}
        }
    }
    found
}
