//! Heading ids: unique in the page, stable, and apart from the theme's own.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::slug;
use crate::security::theme_names;

/// Hands out heading ids: explicit `{#id}`s as given, others as the slug of the heading's text,
/// made unique with `-1`, `-2`, … in document order.
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// For each slug given out, the last number tried after it: the next heading with that slug
    /// goes on from there instead of trying `-1`, `-2`, … again (20,000 headings alike took 42 s).
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// The ids given by `{#id}` in `body`'s headings are taken; looked for with a parser of
    /// their own only when a line has a `#` after a `{`, as an attribute block's id has.
    pub(super) fn new(body: &str, options: Options) -> Self {
        let may_have_ids = body.lines().any(|line| {
            line.split_once('{')
                .is_some_and(|(_, after)| after.contains('#'))
        });
        let used = if may_have_ids {
            Parser::new_ext(body, options)
                .filter_map(|event| match event {
                    Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        } else {
            HashSet::new()
        };
        // A heading called "Main" must not take the id the skip link goes to.
        let mut used = used;
        used.extend(theme_names::theme_ids().map(str::to_string));
        HeadingIds {
            used,
            next: HashMap::new(),
        }
    }

    pub(super) fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            return id.to_string();
        }
        let base = slug::slugify(text);
        // Ids are only ever added, so the first free number is never below the last one taken.
        let n = self.next.entry(base.clone()).or_insert(0);
        let mut id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}
