//! Heading ids: readable, stable for Chinese headings, unique in a page.
//!
//! Scheme ([`heading_id`]): letters and digits are kept (CJK as is, others
//! lowercased), runs of whitespace, `-` and `_` become one `-`, all other
//! punctuation and symbols are dropped, and the id is cut to 80 characters.
//! `## 一、总体要求` → `一总体要求`, `## 1.2 Scope of Work` → `12-scope-of-work`.
//! An empty result is `section`; an id that could collide with the footnote
//! ids (`fn-…`, `fnref-…`) is prefixed with `section-`. Within one page the
//! second heading with an id gets `-2`, the third `-3`, and so on. The same
//! Markdown always yields the same ids.

use std::collections::{HashMap, HashSet};

use super::chars::is_ws;

const MAX_ID_CHARS: usize = 80;

/// The id a heading with plain text `text` gets, before de-duplication.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    let mut chars = 0;
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !id.is_empty() {
                id.push('-');
                chars += 1;
            }
            gap = false;
            for lower in c.to_lowercase() {
                id.push(lower);
                chars += 1;
            }
            if chars >= MAX_ID_CHARS {
                break;
            }
        } else if c == '-' || c == '_' || is_ws(c) {
            gap = true;
        }
    }
    if id.is_empty() {
        "section".to_owned()
    } else if id.starts_with("fn-") || id.starts_with("fnref-") {
        format!("section-{id}")
    } else {
        id
    }
}

/// Hands out unique ids within one document.
#[derive(Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Slugger {
    pub(crate) fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}
