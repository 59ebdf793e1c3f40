//! The command line: `deadline`, `check`, usage errors and their exit codes (0 ok, 1 content
//! errors, 2 usage errors).

use crate::common::*;

#[test]
fn deadline_prints_the_date_first() {
    let site = TestSite::new();
    let run = site.run(&["deadline", "2025-01-27", "5"]);
    assert_eq!(run.code, 0, "{run}");
    // 春节 2025-01-28..02-04 off, 02-08 (Saturday) a make-up working day.
    assert_eq!(run.stdout.lines().next(), Some("2025-02-10"), "{run}");
    let run = site.run(&["deadline", "2025-09-30", "1"]);
    assert_eq!(run.stdout.lines().next(), Some("2025-10-09"), "国庆 + 中秋\n{run}");
    // The site's calendar overlay: 2025-06-03 declared a local day off.
    site.write(
        "site.yaml",
        format!("{}calendar:\n  off: [2025-06-03]\n", std::fs::read_to_string(site.path("site.yaml")).unwrap()),
    );
    let run = site.run(&["deadline", "2025-06-02", "1", "--root", "."]);
    assert_eq!(run.stdout.lines().next(), Some("2025-06-04"), "{run}");
}

#[test]
fn deadline_usage_errors() {
    let site = TestSite::new();
    for args in [
        &["deadline", "2025-02-30", "5"][..],
        &["deadline", "2025/01/27", "5"],
        &["deadline", "2025-01-27", "-1"],
        &["deadline", "2025-01-27", "five"],
        &["deadline", "2025-01-27"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        assert!(run.stdout.is_empty(), "{args:?}\n{run}");
        run.no_debug_dump();
    }
    // A year outside the calendar is an error, never a guess.
    let run = site.run(&["deadline", "1990-01-01", "5"]);
    assert_ne!(run.code, 0, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
}

#[test]
fn build_usage_errors_exit_2_and_write_nothing() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开文件"));
    for args in
        [&["build", "--now", "2025-02-30"][..], &["build", "--now", "tomorrow"], &["build", "--frobnicate"], &["bulid"]]
    {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        run.no_debug_dump();
    }
    let run = Run::from(site.cmd().args(["build"]).env("SOURCE_DATE_EPOCH", "yesterday").output().unwrap());
    assert_eq!(run.code, 2, "{run}");
    assert!(!site.out().exists());
}

#[test]
fn check_reports_a_classified_file_by_path_never_title() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开文件"));
    site.entry(
        "documents/neibu.md",
        &Fm::new("内部文件zqchktitlex").set("classification", "内部").set("summary", "zqchksumx").body("zqchkbodyx\n"),
    );
    let run = site.run(&["check", "--now", NOW]);
    assert_eq!(run.code, 1, "{run}");
    let line = run.diag("content/documents/neibu.md: error: ");
    assert!(line.contains("classified") || line.contains("not classified public"), "{line}");
    assert!(!run.all().contains("zqchk"), "{run}");
    // A pending or scheduled entry is not an error for check.
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开文件"));
    site.entry("documents/p.md", &Fm::new("待审").status("pending"));
    site.entry("documents/s.md", &Fm::new("定时").set("date", "2030-01-01"));
    let run = site.run(&["check", "--now", NOW]);
    assert_eq!(run.code, 0, "{run}");
    // And check writes nothing.
    assert!(!site.out().exists());
}

#[test]
fn build_output_folder_and_base_url_flags() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开文件"));
    let out = site.tmp.path().join("elsewhere/www");
    let run =
        site.run(&["build", "--now", NOW, "--output", out.to_str().unwrap(), "--base-url", "https://zq.example.cn/"]);
    run.ok();
    assert!(out.join("index.html").is_file());
    assert!(!site.out().exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://zq.example.cn/documents/a/"), "{sitemap}");
    assert!(!sitemap.contains("ceshi.gov.cn"));
}

#[test]
fn a_site_without_site_yaml_or_content() {
    let site = TestSite::new();
    site.remove("site.yaml");
    let run = site.build();
    run.fails();
    run.diag("site.yaml: error: ");
    let site = TestSite::new();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let run = site.build();
    run.fails();
    run.diag("content: error: ");
}
