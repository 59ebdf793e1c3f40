//! Messages in the site's language, as an editor who reads no English meets them: `check` and
//! `build` on a Chinese site with nothing set speak Chinese, with each field's Chinese name
//! beside its key; `--lang en` and an English site speak English; JSON carries both; the fixes
//! give the corrected value when it can be derived.

use crate::common::{fixtures, Fm, Run, TestSite, NOW};

/// Run with no `GONGKAI_LANG` (the harness sets `en` for every other test).
fn native(site: &TestSite, args: &[&str]) -> Run {
    Run::from(site.cmd().env_remove("GONGKAI_LANG").args(args).output().expect("run gongkai"))
}

/// Outside backticks and quotes, three English words in a row: untranslated text.
fn english_run(line: &str) -> Option<String> {
    let mut plain = String::new();
    let mut quoted = None;
    for c in line.chars() {
        match (quoted, c) {
            (None, '`' | '\'' | '"') => quoted = Some(c),
            (Some(q), c) if c == q => quoted = None,
            (None, c) => plain.push(c),
            _ => {}
        }
    }
    let mut run = Vec::new();
    for w in plain.split(' ') {
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() > 1 {
            run.push(w);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    None
}

#[test]
fn a_chinese_site_gets_chinese_messages_with_field_names() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("关于印发通知").set("date", "2025/6/1"));
    site.entry("documents/d.md", &Fm::new("丁").set("doc_number", "云政发﹝2024﹞3号"));
    site.entry("documents/b.md", &Fm::new("乙").set("written", "2024年3月5日"));
    site.entry("documents/c.md", &Fm::new("丙").unset("department").set("标题", "丙"));
    let run = native(&site, &["check", "--now", NOW]);
    run.fails();
    let a_date = run.stderr.lines().find(|l| l.starts_with("content/documents/a.md:3:1:")).expect("a.md's date");
    assert!(a_date.contains(": 错误: `date`（发布日期）"), "{run}");
    assert!(a_date.contains("写成 `date: 2025-06-01`"), "the derived date\n{run}");
    assert!(run.stderr.contains("写成 `written: 2024-03-05`"), "{run}");
    assert!(run.stderr.contains("写成 `云政发〔2024〕3号`"), "{run}");
    assert!(run.stderr.contains("缺少必填字段 `department`（发布机构）"), "{run}");
    assert!(run.stderr.contains("未知字段 `标题` — 是不是想写 `title`（标题）？"), "{run}");
    assert!(run.stderr.contains("个错误"), "the summary line\n{run}");
    for line in run.stderr.lines() {
        assert!(english_run(line).is_none(), "English left in {line:?}: {:?}", english_run(line));
    }
}

#[test]
fn every_invalid_fixture_reads_in_chinese() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in cases {
        let site = TestSite::fixture(&format!("invalid/{case}"));
        let run = native(&site, &["build", "--now", NOW]);
        run.fails();
        let problems: Vec<&str> =
            run.stderr.lines().filter(|l| l.contains(": 错误: ") || l.contains(": 警告: ")).collect();
        assert!(!problems.is_empty(), "{case}: no Chinese diagnostics\n{run}");
        assert!(!run.stderr.contains(": error: "), "{case}: an English severity\n{run}");
        assert!(run.stderr.contains("构建失败："), "{case}\n{run}");
        for line in run.stdout.lines().chain(run.stderr.lines()) {
            assert!(english_run(line).is_none(), "{case}: English left in {line:?}: {:?}", english_run(line));
        }
    }
}

#[test]
fn build_speaks_chinese_and_english_on_request() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲"));
    site.entry("documents/p.md", &Fm::new("待审").status("pending"));
    let zh = native(&site, &["build", "--now", NOW]);
    zh.ok();
    assert!(zh.stdout.contains("未公开：content/documents/p.md（待审核）"), "{zh}");
    assert!(zh.stdout.contains("已生成 ") && zh.stdout.contains("发布 1 条，未公开 1 条"), "{zh}");
    assert!(zh.stdout.contains("下一次定时发布：无"), "{zh}");
    let en = native(&site, &["build", "--now", NOW, "--lang", "en"]);
    en.ok();
    assert!(en.stdout.contains("withheld: content/documents/p.md (approval pending)"), "{en}");
    assert!(en.stdout.contains("next scheduled publication: none"), "{en}");
}

#[test]
fn an_english_site_speaks_english_and_lang_wins() {
    let site = TestSite::new();
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}\nlanguage: en\n"));
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025/6/1"));
    let en = native(&site, &["check", "--now", NOW]);
    en.fails();
    assert!(en.stderr.contains("content/documents/a.md:3:1: error: `date`: '2025/6/1' is not a date"), "{en}");
    assert!(en.stderr.contains("write `date: 2025-06-01`"), "{en}");
    let zh = native(&site, &["check", "--now", NOW, "--lang", "zh"]);
    assert!(zh.stderr.contains("content/documents/a.md:3:1: 错误: `date`（发布日期）"), "{zh}");
}

#[test]
fn json_carries_both_languages_and_stable_codes() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025/6/1"));
    let run = native(&site, &["check", "--now", NOW, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let p = &v["problems"][0];
    assert_eq!(p["code"], "bad-date");
    assert_eq!(p["message"], p["zh"]["message"], "the run's language is Chinese");
    assert!(p["zh"]["fix"].as_str().unwrap().contains("`date: 2025-06-01`"), "{p}");
    assert!(p["en"]["message"].as_str().unwrap().starts_with("`date`: '2025/6/1' is not a date"), "{p}");
}
