//! Rebuilds: with nothing changed nothing is read or written; any change to the content, the
//! templates, the build date's side of a scheduled entry or the output itself gives a real build.
//!
//! A build only trusts files older than two seconds to be unchanged when their mtime is (see
//! `src/inputs.rs`), so these tests age their files first; the last test checks that a fresh
//! edit is never missed.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::common::*;

/// Set the mtime of every file of the site's sources an hour back.
fn age(site: &TestSite) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for dir in ["content", "templates"] {
        for e in walkdir::WalkDir::new(site.path(dir)).into_iter().filter_map(Result::ok) {
            if e.file_type().is_file() {
                fs::File::options().write(true).open(e.path()).unwrap().set_modified(old).unwrap();
            }
        }
    }
    fs::File::options().write(true).open(site.path("site.yaml")).unwrap().set_modified(old).unwrap();
}

fn site() -> TestSite {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("关于印发测试办法的通知").set("doc_number", "测政发〔2025〕1号"));
    site.entry("documents/b.md", &Fm::new("关于测试工作的通知").set("date", "2025-02-01"));
    site.entry("documents/secret.md", &Fm::new("绝密会议纪要甲乙丙").set("classification", "secret"));
    site.entry("bulletins/c.md", &Fm::bulletin("一季度通报"));
    site.entry("approvals/d.md", &Fm::approval("食品经营许可", "CS-XK-0001"));
    age(&site);
    site
}

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}

fn skipped(run: &Run) -> bool {
    run.stdout.contains("nothing changed since the last build")
}

#[test]
fn a_rebuild_with_nothing_changed_reads_and_writes_nothing() {
    let site = site();
    let first = site.build();
    first.ok();
    assert!(!skipped(&first));
    let (files, times) = (output_files(&site.out()), mtimes(&site.out()));
    let again = site.build();
    again.ok();
    assert!(skipped(&again), "{again}");
    assert!(again.stdout.contains(" 0 written,"), "{again}");
    // The report is the same: the withheld entry is named again, with its reason.
    let withheld =
        |r: &Run| r.stdout.lines().filter(|l| l.starts_with("withheld:")).map(String::from).collect::<Vec<_>>();
    assert_eq!(withheld(&first), withheld(&again));
    assert_eq!(withheld(&again), ["withheld: content/documents/secret.md (classification is not public)"]);
    same_files(&output_files(&site.out()), &files);
    assert_eq!(mtimes(&site.out()), times, "no file was touched");
}

#[test]
fn an_edit_is_built_and_only_changed_files_are_written() {
    let site = site();
    site.build().ok();
    let before = mtimes(&site.out());
    site.entry("documents/b.md", &Fm::new("关于测试工作的补充通知").set("date", "2025-02-01"));
    age(&site);
    let run = site.build();
    run.ok();
    assert!(!skipped(&run));
    assert!(grep_output(&site.out(), "关于测试工作的补充通知").len() > 1);
    // Pages that do not show b.md kept their file (hard-linked, same mtime).
    let after: std::collections::HashMap<_, _> = mtimes(&site.out()).into_iter().collect();
    let kept = before.iter().filter(|(p, t)| after.get(p) == Some(t)).count();
    assert!(kept > before.len() / 2, "{kept} of {} files kept", before.len());
    assert!(skipped(&site.build()));
}

#[test]
fn a_withdrawal_removes_every_trace() {
    let site = site();
    site.build().ok();
    assert!(!grep_output(&site.out(), "关于测试工作的通知").is_empty());
    site.entry("documents/b.md", &Fm::new("关于测试工作的通知").set("date", "2025-02-01").status("withdrawn"));
    age(&site);
    let run = site.build();
    run.ok();
    assert!(!skipped(&run));
    assert_nowhere(&site.out(), "关于测试工作的通知");
    assert_nowhere(&site.out(), "documents/b");
}

#[test]
fn a_scheduled_entry_appears_on_its_date() {
    let site = site();
    site.entry("documents/later.md", &Fm::new("定于七月施行的办法").set("date", "2025-07-01"));
    age(&site);
    site.build_at("2025-06-01").ok();
    assert_nowhere(&site.out(), "定于七月施行的办法");
    // Another day before the entry's date: the gate decides alike, nothing to do.
    let run = site.build_at("2025-06-20");
    assert!(skipped(&run), "{run}");
    let run = site.build_at("2025-07-01");
    run.ok();
    assert!(!skipped(&run), "{run}");
    assert!(!grep_output(&site.out(), "定于七月施行的办法").is_empty());
    // And back before it (a rebuild with an earlier --now): withheld again.
    let run = site.build_at("2025-06-30");
    assert!(!skipped(&run), "{run}");
    assert_nowhere(&site.out(), "定于七月施行的办法");
}

#[test]
fn a_damaged_output_is_repaired() {
    let site = site();
    site.build().ok();
    let files = output_files(&site.out());
    let page = site.out().join("documents/a/index.html");
    // A page deleted, a file dropped in, and one edited in place with its old length and mtime.
    fs::remove_file(site.out().join("bulletins/index.html")).unwrap();
    fs::write(site.out().join("documents/stray.html"), "zqstray").unwrap();
    let len = fs::metadata(&page).unwrap().len() as usize;
    let mtime = fs::metadata(&page).unwrap().modified().unwrap();
    fs::write(&page, "x".repeat(len)).unwrap();
    fs::File::options().write(true).open(&page).unwrap().set_modified(mtime).unwrap();
    let run = site.build();
    run.ok();
    assert!(!skipped(&run), "{run}");
    same_files(&output_files(&site.out()), &files);
}

#[test]
fn a_page_edited_in_place_with_its_old_length_and_mtime_is_noticed() {
    let site = site();
    site.build().ok();
    let files = output_files(&site.out());
    let page = site.out().join("documents/a/index.html");
    let meta = fs::metadata(&page).unwrap();
    fs::write(&page, "x".repeat(meta.len() as usize)).unwrap();
    fs::File::options().write(true).open(&page).unwrap().set_modified(meta.modified().unwrap()).unwrap();
    let run = site.build();
    run.ok();
    assert!(!skipped(&run), "{run}");
    assert!(run.stdout.contains(" 1 written,"), "{run}");
    same_files(&output_files(&site.out()), &files);
}

#[track_caller]
fn same_files(a: &std::collections::BTreeMap<String, Vec<u8>>, b: &std::collections::BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = a.iter().filter(|(k, v)| b[*k] != **v).map(|(k, _)| k).collect();
    assert!(differ.is_empty(), "these files differ: {differ:?}");
}

#[test]
fn a_template_change_is_built() {
    let site = site();
    site.build().ok();
    let base = include_str!("../../themes/default/templates/404.html").replace("页面未找到", "找不到这个页面zq");
    site.write("templates/404.html", base);
    age(&site);
    let run = site.build();
    run.ok();
    assert!(!skipped(&run));
    assert!(!grep_output(&site.out(), "找不到这个页面zq").is_empty());
}

#[test]
fn a_fresh_edit_of_the_same_length_is_never_missed() {
    let site = site();
    site.build().ok();
    // Same length, written just now: its mtime may not differ from the one the last build saw
    // on a file system with coarse timestamps, so the build must not trust it.
    site.entry("documents/b.md", &Fm::new("关于测试工作的通告").set("date", "2025-02-01"));
    let run = site.build();
    run.ok();
    assert!(!skipped(&run));
    assert!(!grep_output(&site.out(), "关于测试工作的通告").is_empty());
}

/// `compress: true` in the base site.yaml.
fn compressed_site() -> TestSite {
    let site = site();
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}compress: true\n"));
    age(&site);
    site
}

/// Every `.gz`/`.br` decompresses to its file; every text file of some size has both.
fn assert_siblings_match(dir: &Path) {
    let files = output_files(dir);
    let mut checked = 0;
    for (rel, bytes) in &files {
        if let Some(plain) = rel.strip_suffix(".gz").or_else(|| rel.strip_suffix(".br")) {
            assert_eq!(Some(bytes), files.get(plain), "{rel} is not {plain} compressed");
            checked += 1;
        } else if rel.ends_with(".html") && bytes.len() >= 256 {
            assert!(files.contains_key(&format!("{rel}.gz")) && files.contains_key(&format!("{rel}.br")), "{rel}");
        }
    }
    assert!(checked > 20, "only {checked} compressed files");
}

#[test]
fn compressed_siblings_follow_their_files_through_rebuilds() {
    let site = compressed_site();
    site.build().ok();
    assert_siblings_match(&site.out());
    let names = output_files(&site.out()).into_keys().collect::<Vec<_>>();
    assert!(!names.iter().any(|n| n.ends_with(".gz.gz") || n.ends_with(".br.gz") || n.ends_with(".gz.br")));
    let before = mtimes(&site.out());
    // Nothing changed: nothing written, siblings included.
    let again = site.build();
    assert!(skipped(&again) && again.stdout.contains(" 0 written,"), "{again}");
    // An edit: the changed page's siblings are new, the others are kept (same mtime).
    site.entry("documents/b.md", &Fm::new("关于测试工作的补充通知").set("date", "2025-02-01"));
    age(&site);
    site.build().ok();
    assert_siblings_match(&site.out());
    let after: std::collections::HashMap<_, _> = mtimes(&site.out()).into_iter().collect();
    let gz = |p: &str| before.iter().find(|(x, _)| x.ends_with(p)).map(|(_, t)| *t);
    let page = site.out().join("documents/b/index.html.br").display().to_string();
    assert_ne!(after.get(&page).copied(), gz("documents/b/index.html.br"), "the edited page's .br was rewritten");
    let other = site.out().join("bulletins/c/index.html.gz").display().to_string();
    assert_eq!(after.get(&other).copied(), gz("bulletins/c/index.html.gz"), "an untouched page's .gz was kept");
    // A withdrawal leaves no trace in any compressed file either (the harness decompresses).
    site.entry("documents/b.md", &Fm::new("关于测试工作的补充通知").set("date", "2025-02-01").status("withdrawn"));
    age(&site);
    site.build().ok();
    assert_nowhere(&site.out(), "关于测试工作的补充通知");
    // Turning compression off removes every sibling.
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap().replace("compress: true\n", "");
    site.write("site.yaml", yaml);
    age(&site);
    site.build().ok();
    assert!(output_files(&site.out()).keys().all(|k| !k.ends_with(".gz") && !k.ends_with(".br")));
}

#[test]
fn a_damaged_compressed_file_is_repaired() {
    let site = compressed_site();
    site.build().ok();
    let gz = site.out().join("index.html.gz");
    fs::write(&gz, b"not gzip").unwrap();
    let run = site.build();
    run.ok();
    assert!(!skipped(&run), "{run}");
    assert_siblings_match(&site.out());
}
