//! The bundled example portal (`content/` and `site.yaml` at the repo root), copied to a temp
//! dir and built: no errors, every kind of page there, and none of its withheld entries'
//! titles, summaries or attachments anywhere in the output.

use std::fs;

use crate::common::*;

const BUNDLED_NOW: &str = "2026-11-26";

/// The withheld entries of the bundled portal, read from the build's report: (path, title, summary).
fn withheld_entries(site: &TestSite, run: &Run) -> Vec<(String, String, Option<String>)> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("withheld: "))
        .map(|l| {
            let path = l.split(" (").next().unwrap().to_string();
            let text = fs::read_to_string(site.path(&path)).unwrap();
            let field = |k: &str| {
                text.lines()
                    .find_map(|line| line.strip_prefix(&format!("{k}: ")))
                    .map(|v| v.trim().trim_matches('"').to_string())
            };
            (path, field("title").expect("a title"), field("summary"))
        })
        .collect()
}

#[test]
fn the_bundled_portal_builds_and_withholds() {
    let site = TestSite::bundled();
    let run = site.build_at(BUNDLED_NOW);
    run.ok();
    // Built on 2026-11-26, 35 days before the built-in calendar ends: that warning, no other.
    let diags = run.diagnostics();
    assert!(
        diags.len() == 1 && diags[0].starts_with("calendar.yaml: warning: the working-day calendar ends in 35 day(s)"),
        "warnings in the bundled portal\n{run}"
    );
    // The committed index-numbers.lock covers every published document: nothing is assigned.
    assert!(!run.stdout.contains("assigned 索引号"), "the bundled lock is out of date\n{run}");
    let out = site.out();
    for page in [
        "index.html",
        "404.html",
        "documents/index.html",
        "catalog/index.html",
        "bulletins/index.html",
        "approvals/index.html",
        "approvals/changes/index.html",
        "journals/index.html",
        "departments/index.html",
        "topics/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "data/catalog.json",
        "data/catalog.csv",
        "data/approvals.json",
        "data/approvals.csv",
        "data/calendar.json",
        "data/tasks.json",
        "data/tasks.csv",
        "tasks/index.html",
        "tasks/status/overdue/index.html",
        "tasks/feed.xml",
        "statistics/index.html",
        "statistics/bulletins.csv",
        "guide/index.html",
        "about/index.html",
        "contact/index.html",
        "accessibility/index.html",
    ] {
        assert!(out.join(page).is_file(), "the bundled portal has no {page}");
    }
    // The figures docs/tasks.md reports for the bundled portal.
    let stats = |name: &str| fs::read_to_string(out.join(format!("statistics/{name}.csv"))).unwrap();
    assert!(
        stats("tasks").contains("推进中,4\r\n其中逾期,2\r\n已完成,8\r\n已暂缓,1\r\n合计,13\r\n"),
        "{}",
        stats("tasks")
    );
    assert!(
        stats("documents-change").contains("2025,全年,20,21,-4.8,减少5%—10%,未达标"),
        "{}",
        stats("documents-change")
    );
    assert!(stats("documents-change").contains(",18,19,-5.3,减少5%—10%,达标"), "{}", stats("documents-change"));
    let missing: Vec<String> =
        stats("bulletins").lines().filter(|l| l.ends_with(",缺发")).map(str::to_string).collect();
    assert_eq!(missing, ["督查通报,2025-09,缺发"]);
    let withheld = withheld_entries(&site, &run);
    assert!(withheld.len() >= 4, "the bundled portal should show the gate working\n{run}");
    let mut kinds: Vec<&str> = withheld.iter().map(|(p, _, _)| p.split('/').nth(1).unwrap()).collect();
    kinds.dedup();
    for (path, title, summary) in &withheld {
        assert_eq!(grep_output(&out, title), Vec::<String>::new(), "{path}: its title is in the output");
        if let Some(s) = summary {
            assert_eq!(grep_output(&out, s), Vec::<String>::new(), "{path}: its summary is in the output");
        }
        assert!(!run.all().contains(title.as_str()), "{path}: its title was printed");
        let stem = path.rsplit('/').next().unwrap().trim_end_matches(".md");
        assert!(
            grep_output(&out, &format!("/{stem}/")).is_empty(),
            "{path}: its URL is in the output ({:?})",
            grep_output(&out, &format!("/{stem}/"))
        );
    }
    // Loose files under content/ that no published entry lists are not copied.
    let text = all_output_text(&out);
    for e in walkdir::WalkDir::new(site.path("content")) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.file_type().is_file() && !name.ends_with(".md") {
            let listed = walkdir::WalkDir::new(site.path("content"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|m| m.file_name().to_string_lossy().ends_with(".md"))
                .filter(|m| !withheld.iter().any(|(p, _, _)| site.path(p) == m.path()))
                .any(|m| fs::read_to_string(m.path()).unwrap().contains(&name));
            assert_eq!(text.contains(&name), listed, "{name}: copied iff a published entry lists it");
        }
    }
}

/// The 404 page and the home page of the bundled portal, sanity of the HTML.
#[test]
fn the_bundled_portal_pages_have_lang_csp_and_no_inline_script() {
    let site = TestSite::bundled();
    site.build_at(BUNDLED_NOW).ok();
    let pages = html_pages(&site.out());
    assert!(pages.len() > 100, "{} pages", pages.len());
    for (rel, html) in &pages {
        assert!(html.starts_with("<!doctype html>") || html.starts_with("<!DOCTYPE html>"), "{rel}");
        assert!(html.contains("lang=zh-CN") || html.contains("lang=\"zh-CN\""), "{rel}: no lang");
        crate::hostile_script::assert_csp(rel, html);
        crate::hostile_script::assert_no_live_script(rel, html);
    }
}

/// The bundled portal passes `check` (its pending, rejected, withdrawn and scheduled examples
/// are not problems); the classified examples that show the gate live in a fixture, copied in
/// here: withheld by `build`, nothing of them in the output, and errors in `check` (classified
/// material does not belong in `content/`).
#[test]
fn the_bundled_portal_passes_check_and_classified_examples_are_withheld() {
    let site = TestSite::bundled();
    let run = site.run(&["check", "--now", BUNDLED_NOW]);
    assert_eq!(run.code, 0, "{run}");
    copy_dir(&fixtures().join("classified-examples"), site.root());
    let run = site.build_at(BUNDLED_NOW);
    run.ok();
    for (file, title) in [
        ("content/documents/neibu-zhiban-anpai-2025.md", "领导带班及应急值守人员安排表"),
        ("content/documents/renfang-gongcheng-pucha.md", "地下人防工程专项普查工作方案"),
    ] {
        assert!(run.stdout.contains(&format!("withheld: {file} (")), "{run}");
        assert_nowhere(&site.out(), title);
        assert!(!run.all().contains(title), "{run}");
    }
    let run = site.run(&["check", "--now", BUNDLED_NOW]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr.matches("classified-file").count() + run.stderr.matches("is not classified public").count(),
        2,
        "{run}"
    );
}

/// The bundled portal's examples of the record rules (docs/record.md).
#[test]
fn the_bundled_portal_keeps_the_record() {
    let site = TestSite::bundled();
    site.build_at(BUNDLED_NOW).ok();
    let read = |p: &str| std::fs::read_to_string(site.out().join(p)).unwrap();
    let amended = read("documents/yunfagai-2024-56/index.html");
    assert!(amended.contains("本文件已被《<a href=\"/documents/yunfagai-2025-33/\">"), "amended banner");
    assert!(!amended.contains("现行文件"), "an amended document is still in force");
    assert!(read("documents/yunfagai-2025-33/index.html").contains("本文件修改"));
    assert!(read("documents/yunzhengbanfa-2024-5/index.html").contains("本文件已于 2025-04-10 废止"));
    let ducha = read("bulletins/ducha-2025-06/index.html");
    assert_eq!(ducha.matches(">并列第1<").count(), 7, "seven counties at 100% share the first rank");
    let jingji = read("bulletins/jingji-zhibiao-2025-q3/index.html");
    assert!(jingji.contains(">249.0</td>") && jingji.contains(">6.0</td>") && jingji.contains(">8.0</td>"));
    assert_eq!(jingji.matches(">并列第3<").count(), 2, "青川区 and 石林县 both 5.6");
}
