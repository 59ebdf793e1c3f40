//! Invalid sites: every problem is reported, at its exact `path:line:col`, with a fix, all of
//! them in one run, with exit code 1 and nothing written.
//!
//! Each case is a folder `tests/fixtures/invalid/<case>/` laid over `tests/fixtures/base/`;
//! its `expected.txt` holds the exact diagnostic lines the build must print, in order, and no
//! others. (To update one after a deliberate message change: run the build on the fixture and
//! review every line — the position must point at the offending key or value.)

use std::fs;

use crate::common::*;

fn expected(case: &str) -> Vec<String> {
    let p = fixtures().join("invalid").join(case).join("expected.txt");
    fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn check_case(case: &str) {
    let site = TestSite::fixture(&format!("invalid/{case}"));
    let run = site.build();
    run.fails();
    let want = expected(case);
    let got: Vec<&str> = run.diagnostics();
    assert_eq!(got, want, "{case}: diagnostics differ\n{run}");
    assert!(run.stderr.contains("build failed: "), "{run}");
    assert!(!site.out().exists(), "{case}: a failed build created the output");
    // `check` reports the same problems (and may add its own, e.g. classified files).
    let check = site.run(&["check", "--now", NOW]);
    check.fails();
    for line in &want {
        assert!(check.stderr.lines().any(|l| l == line), "{case}: check lacks {line}\n{check}");
    }
}

macro_rules! invalid {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check_case(stringify!($case));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

invalid!(
    unknown_field,
    bad_date,
    written_after_date,
    promised_over_statutory,
    missing_ref,
    duplicate_slug,
    duplicate_code,
    duplicate_index_number,
    bad_enum,
    bad_doc_number,
    yaml_syntax,
    missing_required,
    site_yaml,
    many_files,
);

/// A fixture folder without a test would silently test nothing.
#[test]
fn every_invalid_fixture_has_a_test() {
    let mut dirs: Vec<String> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    cases.sort();
    assert_eq!(dirs, cases);
}

/// Several errors in several files, every kind of mistake at once: all reported in one run.
#[test]
fn all_errors_of_all_files_in_one_run() {
    let site = TestSite::fixture("invalid/many_files");
    let run = site.build();
    run.fails();
    let files: std::collections::BTreeSet<&str> =
        run.diagnostics().iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files.len(), 7, "{run}");
    assert!(run.stderr.contains(&format!("build failed: {} error(s)", expected("many_files").len())), "{run}");
}

#[test]
fn did_you_mean_hints() {
    let site = TestSite::fixture("invalid/unknown_field");
    let run = site.build();
    assert!(run.diag("content/documents/a.md:10:1:").ends_with("did you mean `summary`?"));
    assert!(run.diag("content/approvals/item.md:17:5:").ends_with("did you mean `steps[].days`?"));
}

#[test]
fn doc_number_errors_give_the_corrected_form() {
    let site = TestSite::fixture("invalid/bad_doc_number");
    let run = site.build();
    for (at, fixed) in [
        ("content/documents/a.md:10:1:", "`测政发〔2025〕5号`"),
        ("content/documents/b.md:10:1:", "`测政办发〔2025〕12号`"),
        ("content/documents/c.md:10:1:", "`测政函〔2024〕7号`"),
    ] {
        assert!(run.diag(at).contains(&format!("write {fixed}")), "{run}");
    }
}

/// `check --format json`: `{"problems": [{file, line, column, severity, code, message, fix, zh, en}]}`.
#[test]
fn check_json_shape() {
    let site = TestSite::fixture("invalid/many_files");
    let run = site.run(&["check", "--now", NOW, "--format", "json"]);
    assert_eq!(run.code, 1, "{run}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("check --format json prints JSON");
    let problems = v["problems"].as_array().expect("a `problems` list");
    assert_eq!(v.as_object().unwrap().len(), 1, "only `problems` at the top");
    assert!(problems.len() >= expected("many_files").len());
    for p in problems {
        let o = p.as_object().unwrap();
        let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["code", "column", "en", "file", "fix", "line", "message", "severity", "zh"]);
        // Both languages, whatever the run's: `message` is the run's (English under GONGKAI_LANG=en).
        assert_eq!(o["message"], o["en"]["message"]);
        assert!(o["zh"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(o["file"].is_string() && o["line"].is_u64() && o["column"].is_u64());
        assert!(o["code"].is_string() && o["message"].is_string());
        assert!(o["fix"].is_string() || o["fix"].is_null());
        assert!(matches!(o["severity"].as_str(), Some("error" | "warning")));
    }
    let unknown = problems.iter().find(|p| p["code"] == "unknown-field").expect("the unknown field");
    assert_eq!(unknown["file"], "content/documents/a.md");
    assert_eq!((unknown["line"].as_u64(), unknown["column"].as_u64()), (Some(10), Some(1)));
    assert_eq!(unknown["fix"], "did you mean `classification`?");
    // A valid site: an empty list and exit 0.
    let ok = TestSite::new();
    ok.entry("documents/a.md", &Fm::new("公开文件"));
    let run = ok.run(&["check", "--now", NOW, "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["problems"], serde_json::json!([]));
}

/// `--strict` turns warnings (an unknown department) into errors.
#[test]
fn check_strict_escalates_warnings() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开文件").set("department", "测试市人民政府办工室"));
    let run = site.run(&["check", "--now", NOW]);
    assert_eq!(run.code, 0, "{run}");
    let line = run.diag("content/documents/a.md:6:1: warning: ");
    assert!(line.contains("did you mean `测试市人民政府办公室`?"), "{line}");
    let run = site.run(&["check", "--now", NOW, "--strict"]);
    assert_eq!(run.code, 1, "{run}");
    run.diag("content/documents/a.md:6:1: error: ");
}
