//! `calendar.yaml`: a site adds a year without a new binary; builds warn before the covered
//! years run out; bad files are located errors.

use crate::common::*;

fn site_with_2027() -> TestSite {
    TestSite::fixture("calendar_2027")
}

#[test]
fn deadline_runs_across_a_year_the_site_added() {
    let site = site_with_2027();
    let root = site.root().to_str().unwrap().to_string();
    // 20 working days from 2026-12-10 cross 元旦 2027 (Jan 1–3).
    let run = site.run(&["deadline", "2026-12-10", "20", "--root", &root]);
    run.ok();
    assert!(run.stdout.starts_with("2027-01-08\n"), "{run}");
    assert!(run.stdout.contains("2027-01-01 至 2027-01-03 元旦"), "{run}");
    // The example's 春节 runs Feb 5–12; Saturday Feb 20 is a make-up working day.
    let run = site.run(&["deadline", "2027-02-01", "10", "--root", &root]);
    run.ok();
    assert!(run.stdout.starts_with("2027-02-22\n"), "{run}");
    assert!(run.stdout.contains("计入调休上班日：2027-02-20（春节调休）"), "{run}");
    // Without the site, the built-in calendar stops at 2026 and says where to add 2027.
    let bare = TestSite::new();
    let run = bare.run(&["deadline", "2026-12-10", "20", "--root", bare.root().to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("add the State Council's holiday notice for 2027 to calendar.yaml"), "{run}");
}

#[test]
fn the_build_publishes_the_added_year_and_does_not_warn() {
    let site = site_with_2027();
    let run = site.build_at("2026-12-02");
    run.ok();
    assert!(!run.stderr.contains("calendar-ending") && !run.stderr.contains("working-day calendar ends"), "{run}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out().join("data/calendar.json")).unwrap()).unwrap();
    assert_eq!(json["years"], serde_json::json!([2004, 2027]));
    assert_eq!(json["work"]["2027-02-20"], "春节");
    assert_eq!(json["off"]["2027-10-07"], "国庆节");
}

#[test]
fn builds_and_checks_warn_within_60_days_of_the_end() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲"));
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd, "--now", "2026-11-02"]);
        run.ok();
        let w = run.diag("calendar.yaml: warning: the working-day calendar ends in 59 day(s), on 2026-12-31");
        assert!(w.contains("deadlines running into 2027"), "{w}");
        assert!(w.contains("add the State Council's holiday notice for 2027 to calendar.yaml"), "{w}");
    }
    let run = site.run(&["build", "--now", "2026-10-31"]);
    run.ok();
    assert!(!run.stderr.contains("working-day calendar ends"), "61 days before the end: {run}");
    // Once the site adds 2027, the warning comes back only in November 2027.
    site.write("calendar.yaml", std::fs::read(fixtures().join("calendar_2027/calendar.yaml")).unwrap());
    assert!(!site.run(&["check", "--now", "2026-12-20"]).stderr.contains("calendar ends"));
    assert!(site.run(&["check", "--now", "2027-11-15"]).stderr.contains("deadlines running into 2028"));
}

#[test]
fn a_bad_calendar_file_fails_the_build_at_its_line() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲"));
    site.write(
        "calendar.yaml",
        "2027:\n  off:\n    - {date: 2027-01-02, name: 元旦}\n    - {date: 2028-01-01, name: 元旦}\n  work:\n    - {date: 2027-01-02, name: 元旦}\n2026:\n  off:\n    - {date: 2026-01-01, name: 元旦}\n",
    );
    let run = site.build_at("2026-12-02");
    run.fails();
    assert!(run.stderr.contains("calendar.yaml:4:7: error: 2028-01-01 is not in 2027"), "{run}");
    assert!(run.stderr.contains("calendar.yaml:6:7: error: 2027-01-02 is listed under both `off` and `work`"), "{run}");
    assert!(run.stderr.contains("calendar.yaml:7:1: error: 2026 is already in the built-in calendar"), "{run}");
    assert!(!site.out().exists());
}
