//! Key tasks and `/statistics/` on fixture sites: every task field rule (errors at their
//! `path:line:col`, warnings with a fix), overdue derived from `--now`, the publication gate for
//! tasks (a withheld task is nowhere, not even in a count), the statistics numbers on a site
//! whose answers are known, the progress feed and `gongkai new task`.

#[path = "common/lang.rs"]
mod lang;

#[path = "common/mod.rs"]
mod common;

use std::fs;

use common::*;

/// A published task led by the base site's second department.
fn task(title: &str) -> Fm {
    Fm::new(title)
        .set("lead", "测试市发展和改革委员会")
        .set("partners", "[测试市财政局]")
        .set("due", "2025-06-30")
        .set("status", "in_progress")
        .set("progress", "[{date: 2025-02-01, percent: 10, note: 启动}, {date: 2025-04-01, percent: 40}]")
}

fn read(site: &TestSite, rel: &str) -> String {
    fs::read_to_string(site.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of a page's `<main>`, tags removed, whitespace collapsed.
fn main_text(site: &TestSite, rel: &str) -> String {
    let html = read(site, rel);
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_task_field_rule_is_an_error_at_its_place() {
    let site = TestSite::fixture("tasks/invalid");
    let run = site.build();
    run.fails();
    let want: Vec<String> = fs::read_to_string(fixtures().join("tasks/invalid/expected.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(run.diagnostics(), want, "{run}");
    let json = site.run(&["check", "--now", NOW, "--format", "json"]);
    for code in ["bad-percent", "progress-order", "progress-decrease", "due-before-date", "done-without-100", "bad-ref"]
    {
        assert!(json.stdout.contains(&format!("\"code\": \"{code}\"")), "no {code}\n{json}");
    }
    // A drop with a note saying why (progress-drop.md, third entry) is no error.
    assert!(!run.stderr.contains("from 40 to 30"), "{run}");
    assert!(!site.out().exists());
}

#[test]
fn unknown_lead_and_withheld_source_are_warnings_and_the_source_is_left_out() {
    let site = TestSite::new();
    site.entry("documents/secret-plan.md", &Fm::new("内部zqsrcx方案").set("classification", "internal"));
    site.entry(
        "tasks/a.md",
        &task("推进营商环境改革").set("lead", "测试市发展改革委").set("source", "\"@/documents/secret-plan.md\""),
    );
    let run = site.build();
    run.ok();
    let lead = run.diag("content/tasks/a.md:");
    assert!(lead.contains("warning: `lead` '测试市发展改革委' is not listed in site.yaml"), "{run}");
    assert!(lead.contains("did you mean `测试市发展和改革委员会`?"), "{run}");
    let src = run
        .diagnostics()
        .into_iter()
        .find(|l| l.contains("withheld-ref") || l.contains("`source`"))
        .unwrap_or_else(|| panic!("no source warning\n{run}"))
        .to_string();
    assert!(
        src.starts_with("content/tasks/a.md:")
            && src.contains(
                "warning: `source`: content/tasks/a.md refers to content/documents/secret-plan.md, which is withheld"
            ),
        "{src}"
    );
    assert!(!run.all().contains("zqsrcx"), "the withheld title was printed\n{run}");
    assert_nowhere(&site.out(), "zqsrcx");
    assert_nowhere(&site.out(), "secret-plan");
    let page = main_text(&site, "tasks/a/index.html");
    assert!(page.contains("任务来源 —"), "{page}");
    // `check --strict` makes both warnings errors.
    site.run(&["check", "--now", NOW, "--strict"]).fails();
}

#[test]
fn overdue_follows_the_build_date() {
    let site = TestSite::new();
    site.entry("tasks/open.md", &task("按期推进的任务"));
    site.entry(
        "tasks/finished.md",
        &task("已经完成的任务").set("status", "done").set("progress", "[{date: 2025-05-01, percent: 100}]"),
    );
    site.entry("tasks/paused.md", &task("暂缓实施的任务").set("status", "suspended").set("due", "2025-07-15"));
    let overdue = |now: &str| {
        let run = site.build_at(now);
        run.ok();
        let json: serde_json::Value = serde_json::from_str(&read(&site, "data/tasks.json")).unwrap();
        let mut late: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["overdue"] == true)
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect();
        late.sort();
        let list = main_text(&site, "tasks/status/overdue/index.html");
        for t in &late {
            assert!(list.contains(t.as_str()), "{now}: {t} not on the overdue list: {list}");
        }
        assert!(list.contains(&format!("共 {} 项", late.len())), "{now}: {list}");
        late
    };
    assert_eq!(overdue("2025-06-30"), Vec::<String>::new(), "due today is not overdue");
    // The next day the task is overdue: the rebuild is not skipped although no entry changed.
    assert_eq!(overdue("2025-07-01"), ["按期推进的任务"]);
    let page = main_text(&site, "tasks/open/index.html");
    assert!(page.contains("逾期") && page.contains("已超过完成期限 2025-06-30"), "{page}");
    assert!(!main_text(&site, "tasks/finished/index.html").contains("逾期"));
    assert_eq!(overdue("2025-07-16"), ["按期推进的任务", "暂缓实施的任务"], "not done after due: suspended too");
    let index = main_text(&site, "tasks/index.html");
    assert!(index.contains("其中逾期 2 项"), "{index}");
    // And back: a build dated before the due date again.
    assert_eq!(overdue("2025-06-01"), Vec::<String>::new());
}

/// Every field of a withheld task carries a marker; the marker is in no output file, and the
/// counts are those of the published tasks only.
#[test]
fn a_withheld_task_appears_nowhere_not_even_in_counts() {
    let site = TestSite::new();
    site.entry("tasks/public.md", &task("公开的任务"));
    let marked = |m: &str| {
        task(&format!("任务{m}t"))
            .set("summary", &format!("摘要{m}s"))
            .set("source", &format!("{m}src工作报告"))
            .set("lead", &format!("{m}d局"))
            .set("partners", &format!("[{m}p局]"))
            .set("topics", &format!("[{m}k]"))
            .set("progress", &format!("[{{date: 2025-02-01, percent: 10, note: {m}n进展}}]"))
            .body(&format!("说明{m}b。\n"))
    };
    site.entry("tasks/zqpendx.md", &marked("zqpendx").status("pending"));
    site.entry("tasks/zqintx.md", &marked("zqintx").set("classification", "internal"));
    site.entry("tasks/zqlatex.md", &marked("zqlatex").set("date", "2025-12-01").set("due", "2025-12-31"));
    site.entry("tasks/zqwithx.md", &marked("zqwithx").status("withdrawn"));
    let run = site.build();
    run.ok();
    for m in ["zqpendx", "zqintx", "zqlatex", "zqwithx"] {
        assert_nowhere(&site.out(), m);
        for field in ["t", "s", "src", "d", "p", "k", "n", "b"] {
            assert!(!run.all().contains(&format!("{m}{field}")), "{m}{field} printed\n{run}");
        }
    }
    assert!(main_text(&site, "tasks/index.html").contains("目前共 1 项"));
    assert!(read(&site, "statistics/tasks.csv").contains("合计,1\r\n"), "{}", read(&site, "statistics/tasks.csv"));
    assert_eq!(read(&site, "data/tasks.csv").lines().count(), 2);
    assert_eq!(read(&site, "tasks/feed.xml").matches("<entry>").count(), 2);
    // A published task is everywhere it should be: page, list, feed, sitemap, search, data.
    for (file, needle) in [
        ("tasks/public/index.html", "公开的任务"),
        ("sitemap.xml", "/tasks/public/"),
        ("data/tasks.json", "公开的任务"),
        ("departments/index.html", "发布机构"),
    ] {
        assert!(read(&site, file).contains(needle), "{file} lacks {needle}");
    }
    assert!(
        !grep_output(&site.out(), "公开的任务").iter().all(|f| !f.starts_with("search/")),
        "not in the search index"
    );
}

#[test]
fn task_pages_feed_and_filters() {
    let site = TestSite::new();
    site.entry("documents/plan.md", &Fm::new("测试市2025年政府工作报告分工方案"));
    site.entry(
        "tasks/parks.md",
        &task("新建公园十个")
            .set("source", "\"@/documents/plan.md\"")
            .set("progress", "[{date: 2025-03-01, percent: 20, note: 选址}, {date: 2025-03-01, percent: 30, note: 招标}, {date: 2025-04-01, percent: 50}]"),
    );
    site.entry("tasks/jobs.md", &task("新增就业一万人").set("source", "2025年政府工作报告").set("lead", DEPT));
    site.build().ok();
    let page = read(&site, "tasks/parks/index.html");
    assert!(
        page.contains("<ol class=progress-timeline>") || page.contains("<ol class=\"progress-timeline\">"),
        "{page}"
    );
    for id in ["progress-2025-03-01-1", "progress-2025-03-01-2", "progress-2025-04-01-1"] {
        assert!(page.contains(id), "{id}");
    }
    let text = main_text(&site, "tasks/parks/index.html");
    assert!(text.contains("完成 30%") && text.contains("招标"), "{text}");
    assert!(page.contains("href=/documents/plan/") || page.contains("href=\"/documents/plan/\""), "source not linked");
    assert!(text.contains("配合单位 测试市财政局"), "{text}");
    // The feed: one entry per update, ids from the task and the day, never from the position.
    let feed = read(&site, "tasks/feed.xml");
    assert!(feed.contains("<id>https://www.ceshi.gov.cn/tasks/parks/#progress-2025-03-01-2</id>"), "{feed}");
    assert_eq!(feed.matches("<entry>").count(), 5);
    // Grouped by source and by lead; the filters are plain pages.
    let index = main_text(&site, "tasks/index.html");
    assert!(index.contains("测试市2025年政府工作报告分工方案") && index.contains("2025年政府工作报告"), "{index}");
    for p in ["in-progress", "overdue", "done", "suspended"] {
        assert!(site.out().join(format!("tasks/status/{p}/index.html")).is_file(), "{p}");
    }
    let leads: Vec<String> = fs::read_dir(site.out().join("tasks/lead"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leads.len(), 2, "{leads:?}");
    let csv = read(&site, "data/tasks.csv");
    assert!(csv.starts_with("\u{FEFF}任务,任务来源,牵头单位"), "{csv}");
    assert!(csv.contains("新建公园十个,测试市2025年政府工作报告分工方案,测试市发展和改革委员会,测试市财政局"), "{csv}");
}

#[test]
fn new_task_is_pending_and_builds_once_approved() {
    let site = TestSite::new();
    let run = site.run(&["new", "task", "新建城市公园十个"]);
    assert_eq!(run.code, 0, "{run}");
    let file = fs::read_dir(site.path("content/tasks")).unwrap().next().unwrap().unwrap().path();
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("status: pending") && text.contains("lead:") && text.contains("progress:"), "{text}");
    let approved = text.replace("status: pending ", "status: approved").replace("# by: 审核人", "by: 审核人");
    let approved = approved.replacen("# on: ", "on: ", 1);
    fs::write(&file, approved.replace("云州市人民政府办公室", DEPT)).unwrap();
    let today = gongkai::site::build_date(None).unwrap().to_string();
    let run = site.build_at(&today);
    run.ok();
    assert!(main_text(&site, "tasks/index.html").contains("新建城市公园十个"));
}

/// A site whose statistics are known: documents over three years (2026 counted to 30 June),
/// length limits, two bulletin series with gaps, three tasks.
#[test]
fn statistics_numbers_on_a_known_site() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: 测试市人民政府门户网站\nbase_url: https://www.ceshi.gov.cn\norg_code: \"115399000000000000\"\ndepartments: [测试市人民政府办公室, 测试市发展和改革委员会]\nlimits: {office: 10}\ntargets:\n  documents_change: [-10, -5]\n",
    );
    let doc = |name: &str, date: &str, dept: &str, doc_type: &str, body: &str| {
        site.entry(
            &format!("documents/{name}.md"),
            &Fm::new(&format!("文件{name}"))
                .set("date", date)
                .set("department", dept)
                .set("doc_type", doc_type)
                .body(body),
        );
    };
    let (a, b) = (DEPT, "测试市发展和改革委员会");
    // 2024: 10 (A 6 general, B 4 office); 2025: 9 (7 by 1 March, 2 in September); 2026: 8 by 30 June.
    for i in 0..6 {
        doc(&format!("a24-{i}"), "2024-03-01", a, "general", "一二三四五六七八九十。\n");
    }
    for i in 0..4 {
        doc(&format!("b24-{i}"), "2024-03-01", b, "office", "一二三四五。\n");
    }
    for i in 0..7 {
        doc(&format!("a25-{i}"), "2025-03-01", a, "general", "一二三四五六七八九十。\n");
    }
    doc("b25-0", "2025-09-01", b, "office", "一二三四五六七八九十十一十二。\n"); // 14 characters: over 10
    doc("b25-1", "2025-09-01", b, "speech", "一二三。\n");
    for i in 0..8 {
        doc(&format!("a26-{i}"), "2026-03-01", a, "general", "一二三四。\n");
    }
    // A withheld document counts nowhere.
    site.entry("documents/zqhidx.md", &Fm::new("内部文件").set("date", "2026-03-01").status("pending"));
    let bulletin = |name: &str, series: &str, period: &str, date: &str| {
        site.entry(
            &format!("bulletins/{name}.md"),
            &Fm::new(&format!("通报{name}")).set("series", series).set("period", period).set("date", date),
        );
    };
    bulletin("s1", "supervision", "2025-11", "2025-12-05");
    bulletin("s2", "supervision", "2026-01", "2026-02-05");
    bulletin("s3", "supervision", "2026-03", "2026-04-05");
    bulletin("q1", "statistics", "2025-Q4", "2026-01-20");
    site.entry("tasks/t1.md", &task("任务一").set("due", "2026-12-31"));
    site.entry("tasks/t2.md", &task("任务二"));
    site.entry(
        "tasks/t3.md",
        &task("任务三").set("status", "done").set("progress", "[{date: 2025-05-01, percent: 100}]"),
    );
    let run = site.build_at("2026-06-30");
    run.ok();
    let csv = |name: &str| read(&site, &format!("statistics/{name}.csv")).trim_start_matches('\u{FEFF}').to_string();
    assert_eq!(
        csv("documents-change"),
        "年份,比较范围,发文数量,上年同期数量,增减（%）,目标,结论\r\n\
         2025,全年,9,10,-10.0,减少5%—10%,达标\r\n\
         2026,1月1日至6月30日，与上年同期比,8,7,14.3,减少5%—10%,未达标\r\n"
    );
    assert_eq!(
        csv("documents-by-department"),
        "发文机关,2024年,2025年,2026年,合计\r\n测试市人民政府办公室,6,7,8,21\r\n测试市发展和改革委员会,4,2,0,6\r\n"
    );
    assert_eq!(
        csv("documents-by-type"),
        "文件类型,2024年,2025年,2026年,合计\r\n普发类文件,6,7,8,21\r\n办公室文件,4,1,0,5\r\n领导讲话,0,1,0,1\r\n"
    );
    assert_eq!(
        csv("length"),
        "文件类型,文件数,字数限额,限额内文件数,限额内占比（%）,平均字数\r\n\
         普发类文件,21,4000,21,100.0,8\r\n\
         办公室文件,5,10,4,80.0,7\r\n\
         领导讲话,1,5000,1,100.0,3\r\n\
         合计,27,,26,96.3,7\r\n"
    );
    let bulletins = csv("bulletins");
    let missing: Vec<&str> = bulletins.lines().filter(|l| l.ends_with(",缺发")).collect();
    assert_eq!(
        missing,
        [
            "督查通报,2025-12,缺发",
            "督查通报,2026-02,缺发",
            "督查通报,2026-04,缺发",
            "督查通报,2026-05,缺发",
            "经济指标比较通报,2026-Q1,缺发"
        ],
        "{bulletins}"
    );
    assert!(bulletins.contains("督查通报,2026-06,未到期") && bulletins.contains("经济指标比较通报,2026-Q2,未到期"));
    assert!(!bulletins.contains("2025-10"), "counted from the series' first period: {bulletins}");
    assert_eq!(csv("tasks"), "状态,任务数\r\n推进中,2\r\n其中逾期,1\r\n已完成,1\r\n已暂缓,0\r\n合计,3\r\n");
    let page = main_text(&site, "statistics/index.html");
    assert!(page.contains("发文 8 件，上年同期 7 件，增减 14.3%；目标减少5%—10%： 未达标"), "{page}");
    assert!(page.contains("缺发 4 期 （2025-12、2026-02、2026-04、2026-05）"), "{page}");
    assert_nowhere(&site.out(), "zqhidx");
    // `check` warns about each missing period.
    let check = site.run(&["check", "--now", "2026-06-30"]);
    let warned: Vec<&str> = check.stderr.lines().filter(|l| l.contains("a period that has ended")).collect();
    assert_eq!(warned.len(), 5, "{check}");
    assert!(
        warned[0].starts_with("content/bulletins: warning: no published 督查通报 (supervision) for 2025-12"),
        "{check}"
    );
}
