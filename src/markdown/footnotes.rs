//! Footnotes, rendered GitHub-style: numbered in order of first reference,
//! collected at the end of the body with back-references.
//!
//! pulldown-cmark's own footnote HTML has no back-references and uses the
//! editor's label as the id, so references and definitions are rendered here:
//! reference `<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>`
//! (a second reference to the same note gets `id="fnref-1-2"`), and at the
//! end `<section class="footnotes">` with `<li id="fn-1">` and one `↩` link
//! per reference. Heading ids never start with `fn-`/`fnref-`, so the two
//! cannot collide. A definition that is never referenced is still listed
//! (after the others, with a warning); a second definition of a label is
//! dropped (with a warning).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::emphasis::Spanned;
use super::{Problem, Severity};

struct Def<'a> {
    label: String,
    offset: usize,
    events: Vec<Event<'a>>,
    text: String,
}

#[derive(Default)]
pub(crate) struct Footnotes<'a> {
    defined: HashSet<String>,
    /// Key → number (1-based), in order of first reference.
    numbers: HashMap<String, usize>,
    /// References per number (index `number - 1`).
    refs: Vec<usize>,
    defs: HashMap<String, Def<'a>>,
}

fn key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl<'a> Footnotes<'a> {
    pub(crate) fn new(events: &[Spanned<'a>]) -> Self {
        let defined = events
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Start(Tag::FootnoteDefinition(label)) => Some(key(label)),
                _ => None,
            })
            .collect();
        Footnotes { defined, ..Footnotes::default() }
    }

    /// The markup for a reference, or `None` when the label has no definition.
    pub(crate) fn reference(&mut self, label: &str) -> Option<Event<'a>> {
        let key = key(label);
        if !self.defined.contains(&key) {
            return None;
        }
        let next = self.numbers.len() + 1;
        let n = *self.numbers.entry(key).or_insert(next);
        if self.refs.len() < n {
            self.refs.resize(n, 0);
        }
        self.refs[n - 1] += 1;
        let id = ref_id(n, self.refs[n - 1]);
        Some(Event::Html(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\">{n}</a></sup>"
        ))))
    }

    /// Stores a definition's rendered events; `false` for a duplicate label.
    pub(crate) fn define(&mut self, label: &str, offset: usize, events: Vec<Event<'a>>, text: String) -> bool {
        let key = key(label);
        if self.defs.contains_key(&key) {
            return false;
        }
        let label = label.to_owned();
        self.defs.insert(key, Def { label, offset, events, text });
        true
    }

    /// Appends the footnote section to `out` and the notes' text to `text`.
    pub(crate) fn finish(mut self, out: &mut Vec<Event<'a>>, text: &mut String, problems: &mut Vec<Problem>) {
        if self.defs.is_empty() {
            return;
        }
        let mut unreferenced: Vec<(String, Def<'a>)> = Vec::new();
        let mut numbered: Vec<(usize, Def<'a>)> = Vec::new();
        for (key, def) in std::mem::take(&mut self.defs) {
            match self.numbers.get(&key) {
                Some(&n) => numbered.push((n, def)),
                None => unreferenced.push((key, def)),
            }
        }
        numbered.sort_by_key(|(n, _)| *n);
        unreferenced.sort_by_key(|(_, def)| def.offset);
        for (_, def) in unreferenced {
            let (message, fix) = crate::messages::render::footnote_unused(&def.label);
            problems.push(Problem { offset: def.offset, severity: Severity::Warning, message, fix: Some(fix) });
            numbered.push((numbered.len() + 1, def));
        }
        out.push(Event::Html(CowStr::Borrowed("<section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n")));
        for (n, def) in numbered {
            let refs = self.refs.get(n - 1).copied().unwrap_or(0);
            push_note(out, n, refs, def.events);
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&def.text);
        }
        out.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
    }
}

fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// One `<li>`: the note's content with its back-references at the end of
/// its last paragraph (or after the content when it does not end in one).
fn push_note<'a>(out: &mut Vec<Event<'a>>, n: usize, refs: usize, mut events: Vec<Event<'a>>) {
    out.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))));
    let mut back = String::new();
    for k in 1..=refs {
        let _ = write!(
            back,
            " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"返回引用处 {n}\">↩\u{FE0E}",
            ref_id(n, k)
        );
        if k > 1 {
            let _ = write!(back, "<sup>{k}</sup>");
        }
        back.push_str("</a>");
    }
    let back = Event::Html(CowStr::from(back));
    if matches!(events.last(), Some(Event::End(TagEnd::Paragraph))) {
        let last = events.len() - 1;
        events.insert(last, back);
        out.extend(events);
    } else {
        out.extend(events);
        out.push(back);
    }
    out.push(Event::Html(CowStr::Borrowed("</li>\n")));
}
