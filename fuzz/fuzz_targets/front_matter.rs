//! Front matter: bytes → `decode` (encodings, BOM, CRLF, control characters, size) → `parse`
//! (split, YAML, every field of every kind), and the same text as `site.yaml`.
//!
//! Invariants beyond "no panic": every problem is located inside the file (a line number past
//! the end would send an editor nowhere), and a withheld file's gate reason never depends on
//! anything but the gate fields.

#![no_main]

use gongkai::content::{gate, parse, source, Kind};
use gongkai::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;

const KINDS: &[(&str, Kind)] = &[
    ("documents/x.md", Kind::Document),
    ("bulletins/x.md", Kind::Bulletin),
    ("approvals/x.md", Kind::Approval),
    ("journals/j/_index.md", Kind::Journal),
    ("journals/j/x.md", Kind::Issue),
    ("pages/x.md", Kind::Page),
];

fuzz_target!(|data: &[u8]| {
    let text = match source::decode("content/x.md", data) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.line <= data.len() + 1);
            return;
        }
    };
    let lines = text.lines().count() + 2;
    // The first byte picks the kind, so the fuzzer explores each kind's fields.
    let (key, kind) = KINDS[data.first().map_or(0, |b| *b as usize) % KINDS.len()];
    let path = format!("content/{key}");
    let parsed = parse::parse(&path, key, kind, &text);
    for d in parsed.gate_problems.iter().chain(parsed.problems.iter()) {
        assert!(d.line <= lines, "{d} is past the end of a {lines}-line file");
        assert_eq!(d.path, path);
        let shown = d.to_string();
        assert!(!shown.contains("Some(") && !shown.contains("Located {"), "debug dump: {shown}");
    }
    let now = "2025-06-01".parse().unwrap();
    let verdict = gate::judge(&parsed.gate, now, false);
    if verdict == gate::Verdict::Published {
        let entry = parsed.entry.as_ref();
        // Published means readable, public, approved and dated: then the entry's own copy agrees.
        if let Some(e) = entry {
            assert_eq!(e.common.classification, gongkai::content::Classification::Public);
            assert_eq!(e.common.status, gongkai::content::ApprovalStatus::Approved);
            assert!(e.common.date.value <= now);
        }
    }
    let mut diags = Diagnostics::new();
    let _ = gongkai::config::parse(&text, &mut diags);
    for d in diags.iter() {
        assert!(d.line <= lines, "site.yaml: {d} is past the end of a {lines}-line file");
    }
});
