//! What keeps readers safe from what editors write and what settings say: the one allow-list of
//! attributes written from content ([`attributes`]), the one escaping of text written into markup
//! ([`html`]), the check of URLs in settings ([`urls`]),
//! text embedded in scripts ([`script_text`]), third-party resources in content ([`resources`]),
//! the files copied as they are ([`files`]), and the Content-Security-Policy and headers of the
//! output ([`headers`]). It takes plain values (text, paths) and imports no phase, so that every
//! phase may use it.
//!
//! docs/security.md says what this guarantees to readers.

pub(crate) mod attributes;
pub(crate) mod files;
pub(crate) mod headers;
pub(crate) mod html;
pub(crate) mod resources;
pub(crate) mod script_text;
pub(crate) mod theme_names;
pub(crate) mod urls;
