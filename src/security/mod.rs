//! What keeps readers safe from what editors write and what settings say: the one allow-list of
//! attributes written from content ([`attributes`]), the one escaping of text written into markup
//! ([`html`]), the check of URLs in settings ([`urls`]),
//! text embedded in scripts ([`script_text`]), third-party resources in content ([`resources`]),
//! the files copied as they are ([`files`]), and the Content-Security-Policy and headers of the
//! output ([`headers`]). It takes plain values (text, paths) and imports no phase, so that every
//! phase may use it.
//!
//! docs/security.md says what this guarantees to readers.

pub mod attributes;
pub mod files;
pub mod headers;
pub mod html;
pub mod resources;
pub mod script_text;
pub mod theme_names;
pub mod urls;
