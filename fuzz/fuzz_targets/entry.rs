//! One entry through the whole pipeline that does not need a disk: decode → parse front matter
//! → gate → render the body → 文号, slug and search-index terms, as a build does for each file.
//!
//! Invariants: no panic; a withheld entry never reaches the rendering steps here (as in the
//! site, where it is reduced to its path); the search index of a published entry is built.

#![no_main]

use gongkai::content::{docnum, gate, parse, slug, source, Kind, Meta};
use gongkai::markdown::{render, Options};
use gongkai::search::Doc;
use libfuzzer_sys::fuzz_target;

fn resolve(target: &str) -> Result<String, gongkai::markdown::Unresolved> {
    gongkai::content::parse::parse_ref(target).map(|k| format!("/{}/", k.trim_end_matches(".md"))).map_err(Into::into)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = source::decode("content/documents/x.md", data) else { return };
    let kind = match data.first().map_or(0, |b| b % 4) {
        0 => Kind::Document,
        1 => Kind::Bulletin,
        2 => Kind::Approval,
        _ => Kind::Page,
    };
    let key = format!("{}/x.md", kind.section());
    let parsed = parse::parse(&format!("content/{key}"), &key, kind, &text);
    let now = "2025-06-01".parse().unwrap();
    let verdict = gate::judge(&parsed.gate, now, data.len().is_multiple_of(2));
    if !verdict.is_visible() {
        return;
    }
    let Some(entry) = parsed.entry else { return };
    let r = render(&entry.body, &Options { resolve: &resolve });
    assert!(!r.html.to_ascii_lowercase().contains("<script"));
    let _ = slug::derive(&entry.common.title.value);
    let mut number = String::new();
    if let Meta::Document(d) = &entry.meta {
        if let Some(n) = &d.doc_number {
            let _ = docnum::check(&n.value);
            number = docnum::normalise(&n.value).unwrap_or_default();
        }
    }
    let doc = Doc {
        url: "/documents/x/",
        title: &entry.common.title.value,
        kind: "document",
        kind_label: "政府文件",
        department: entry.common.department.as_ref().map_or("", |d| d.value.as_str()),
        date: "2025-01-01",
        doc_number: &number,
        code: "",
        validity: "",
        validity_label: "",
        summary: entry.common.summary.as_deref().unwrap_or(""),
        text: &r.text,
    };
    let files = gongkai::search::build(&[doc]);
    assert!(!files.is_empty());
});
