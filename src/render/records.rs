//! Where an entry's search record ([`crate::search::Record`]) is made in a build's body pass,
//! and what the index reads of a view besides its fields: shared by the body pass
//! ([`super::bodies`]) and the index ([`super::search`]), so neither depends on the other.

use super::views;
use super::TermCache;
use crate::search::record::{self, Fields};
use crate::search::Record;

/// Where the body pass put an entry's record.
#[derive(Debug)]
pub enum Rec {
    /// In the build's [`TermCache`].
    Kept(super::Kept),
    /// Here, when the cache could not keep it.
    Here(Box<[u8]>),
}

/// The record of an entry in the body pass (`terms` given): its key, and the record from the
/// cache when an earlier build made it, else tokenised now and handed to the cache.
pub fn body_record(terms: &dyn TermCache, v: &views::EntryView, text: &str) -> (u128, Rec) {
    let labels = labels(v);
    let f = fields(v, &labels, text);
    let key = record::key(&f);
    let bytes = terms.get(key).unwrap_or_else(|| Record::of(&f).encode());
    match terms.put(key, &bytes) {
        Some(kept) => (key, Rec::Kept(kept)),
        None => (key, Rec::Here(bytes.into_boxed_slice())),
    }
}

fn fields<'a>(v: &'a views::EntryView, labels: &'a str, text: &'a str) -> Fields<'a> {
    Fields {
        title: &v.title,
        summary: &v.summary,
        labels,
        doc_number: v.doc.as_ref().map_or("", |d| d.doc_number.as_str()),
        code: v.item.as_ref().map_or("", |i| i.code.as_str()),
        text,
    }
}

/// A document that interprets another: a 政策解读, its own kind in the search index.
pub fn interprets(v: &views::EntryView) -> bool {
    v.doc.as_ref().is_some_and(|d| d.interprets.is_some())
}

/// Names an entry is known by besides its title, indexed as terms of the summary's rank: the
/// kind (`政府文件`, or `政策解读` for a document that interprets another), a bulletin's series
/// (`督查通报`) and a document's 体裁 (`通知`).
pub fn labels(v: &views::EntryView) -> String {
    let mut out = vec![if interprets(v) { "政策解读" } else { v.kind_label }];
    if let Some(b) = &v.bulletin {
        out.push(b.series_label);
    }
    if let Some(d) = &v.doc {
        out.push(&d.genre);
    }
    out.retain(|l| !l.is_empty());
    out.join(" ")
}
