//! Property test of the gate: generated sites mixing published and withheld entries of several
//! kinds, withheld for random reasons, with random `@/` references (from withheld entries to
//! anything, from published entries to published ones, so every site is valid). After a build,
//! no withheld entry's marker is in any output file (decompressed), and every published one's
//! is somewhere. Then a random set of published entries is withheld (with everything published
//! that refers to them) and the site rebuilt into the same folder: their markers are gone too.
//!
//! Builds go through the library (`gongkai::build::run`) to keep the cases fast.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::common::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Document,
    Bulletin,
    Approval,
    Issue,
}

#[derive(Clone, Debug)]
enum Gate {
    Published,
    Classified(&'static str),
    Status(&'static str),
    Scheduled(&'static str),
}

const CLASSES: &[&str] =
    &["internal", "内部", "secret", "秘密", "confidential", "机密", "top-secret", "绝密", "restricted", "Public"];
const STATUSES: &[&str] = &["pending", "rejected", "withdrawn"];
const LATER: &[&str] = &["2025-06-02", "2025-12-31", "2030-01-01"];

fn gate() -> impl Strategy<Value = Gate> {
    prop_oneof![
        4 => Just(Gate::Published),
        2 => prop::sample::select(CLASSES).prop_map(Gate::Classified),
        2 => prop::sample::select(STATUSES).prop_map(Gate::Status),
        1 => prop::sample::select(LATER).prop_map(Gate::Scheduled),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![3 => Just(Kind::Document), 1 => Just(Kind::Bulletin), 1 => Just(Kind::Approval), 1 => Just(Kind::Issue)]
}

#[derive(Clone, Debug)]
struct Spec {
    kind: Kind,
    gate: Gate,
    /// Indices of entries this one refers to (filtered to keep the site valid).
    refs: Vec<usize>,
}

fn site_spec() -> impl Strategy<Value = (Vec<Spec>, Vec<usize>)> {
    (2usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec((kind(), gate(), prop::collection::vec(0..n, 0..4)), n),
            prop::collection::vec(0..n, 0..3),
        )
            .prop_map(|(entries, flip)| {
                (entries.into_iter().map(|(kind, gate, refs)| Spec { kind, gate, refs }).collect(), flip)
            })
    })
}

fn published(s: &Spec) -> bool {
    matches!(s.gate, Gate::Published)
}

fn key(i: usize, s: &Spec) -> String {
    match s.kind {
        Kind::Document => format!("documents/e{i}.md"),
        Kind::Bulletin => format!("bulletins/e{i}.md"),
        Kind::Approval => format!("approvals/e{i}.md"),
        Kind::Issue => format!("journals/j/e{i}.md"),
    }
}

fn marker(i: usize) -> String {
    format!("zqm{i}x")
}

/// Drop references that would make the site invalid: a published entry may refer only to
/// published entries; issue contents and `interprets` must name documents; nothing refers to itself.
fn valid_refs(specs: &[Spec]) -> Vec<Vec<usize>> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut r: Vec<usize> =
                s.refs.iter().copied().filter(|&t| t != i && (!published(s) || published(&specs[t]))).collect();
            r.sort();
            r.dedup();
            r
        })
        .collect()
}

fn write_site(site: &TestSite, specs: &[Spec]) {
    let refs = valid_refs(specs);
    site.entry("journals/j/_index.md", &Fm::journal("测试公报"));
    for (i, s) in specs.iter().enumerate() {
        let m = marker(i);
        let title = format!("标题{m}t");
        let mut fm = match s.kind {
            Kind::Document => Fm::new(&title),
            Kind::Bulletin => Fm::bulletin(&title),
            Kind::Approval => Fm::approval(&title, &format!("ZQ-{i}")).set("materials", &format!("[材料{m}m]")),
            Kind::Issue => Fm::issue(&title, i as u32 + 1, &[]),
        };
        fm = fm.set("summary", &format!("摘要{m}s"));
        fm = match &s.gate {
            Gate::Published => fm,
            Gate::Classified(c) => fm.set("classification", c),
            Gate::Status(st) => fm.status(st),
            Gate::Scheduled(d) => fm.set("date", d),
        };
        let mut body = format!("正文{m}b。\n\n");
        let mut contents = Vec::new();
        for &t in &refs[i] {
            let target = key(t, &specs[t]);
            match (s.kind, specs[t].kind) {
                (Kind::Issue, Kind::Document) => contents.push(format!("\"@/{target}\"")),
                (Kind::Document, Kind::Document) if !fm.render().contains("interprets:") => {
                    fm = fm.set("interprets", &format!("\"@/{target}\""));
                }
                (Kind::Document, Kind::Document) if !fm.render().contains("replaced_by:") => {
                    fm = fm.set("validity", "repealed").set("replaced_by", &format!("\"@/{target}\""));
                }
                _ => body.push_str(&format!("见[链接](@/{target})。\n\n")),
            }
        }
        if s.kind == Kind::Issue {
            fm = fm.set("contents", &format!("[{}]", contents.join(", ")));
        }
        site.entry(&key(i, s), &fm.body(&body));
    }
}

/// Everything published that refers (directly or not) to one of `withheld` must go too.
fn closure(specs: &[Spec], mut withheld: BTreeSet<usize>) -> BTreeSet<usize> {
    let refs = valid_refs(specs);
    loop {
        let more: Vec<usize> = (0..specs.len())
            .filter(|i| !withheld.contains(i) && published(&specs[*i]) && refs[*i].iter().any(|t| withheld.contains(t)))
            .collect();
        if more.is_empty() {
            return withheld;
        }
        withheld.extend(more);
    }
}

fn check(site: &TestSite, specs: &[Spec], dest: &std::path::Path) -> Result<(), TestCaseError> {
    let report = site.build_lib(NOW, dest);
    let errors: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    prop_assert!(report.written, "build failed: {errors:#?}");
    let text = all_output_text(dest).to_ascii_lowercase();
    for (i, s) in specs.iter().enumerate() {
        let m = marker(i);
        if published(s) {
            prop_assert!(text.contains(&format!("{m}t")), "published {m} ({s:?}) missing");
        } else {
            prop_assert!(!text.contains(&m), "withheld {m} ({s:?}) leaked");
        }
    }
    Ok(())
}

proptest! {
    // 24 cases keep the suite fast; PROPTEST_CASES=1000 for a deeper run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_withheld_marker_in_any_output((mut specs, flip) in site_spec()) {
        let site = TestSite::new();
        let dest = site.tmp.path().join("out");
        write_site(&site, &specs);
        check(&site, &specs, &dest)?;
        // Later: some published entries are withheld, with whatever refers to them.
        let flip: BTreeSet<usize> = flip.into_iter().filter(|i| published(&specs[*i])).collect();
        for i in closure(&specs, flip) {
            specs[i].gate = Gate::Status("withdrawn");
        }
        write_site(&site, &specs);
        check(&site, &specs, &dest)?;
    }
}
