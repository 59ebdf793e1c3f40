//! The public record stays true over time: permanent 索引号 (`index-numbers.lock`), withdrawals
//! that always take effect, legal status, statistics as published, stable feed ids and the
//! official order of departments. Each test edits a fixture site over several builds, as an
//! editor would over weeks.

use std::fs;

use crate::common::*;

const ORG: &str = "115399000000000000";

fn lock(site: &TestSite) -> String {
    fs::read_to_string(site.path("index-numbers.lock")).unwrap_or_default()
}

/// The 索引号 shown on a document's page.
fn number_on_page(site: &TestSite, slug: &str) -> String {
    let html = fs::read_to_string(site.out().join(format!("documents/{slug}/index.html"))).unwrap();
    let at = html.find(&format!("{ORG}/")).or_else(|| html.find("11530100MB")).expect("no 索引号 on the page");
    html[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '-').collect()
}

#[test]
fn a_back_dated_document_takes_the_next_serial_and_renumbers_nothing() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025-03-01"));
    site.entry("documents/b.md", &Fm::new("乙").set("date", "2025-04-01"));
    let run = site.build();
    run.ok();
    assert!(run.stdout.contains("assigned 索引号 to 2 documents; commit index-numbers.lock"), "{run}");
    assert_eq!(number_on_page(&site, "a"), format!("{ORG}/2025-00001"));
    assert_eq!(number_on_page(&site, "b"), format!("{ORG}/2025-00002"));
    let first = lock(&site);
    assert!(first.contains(&format!("  content/documents/a.md: {ORG}/2025-00001\n")), "{first}");
    // An earlier-dated document arrives later: it gets the next serial, the others keep theirs.
    site.entry("documents/early.md", &Fm::new("早").set("date", "2025-01-02"));
    let run = site.build();
    run.ok();
    assert!(run.stdout.contains("assigned 索引号 to 1 documents"), "{run}");
    assert_eq!(number_on_page(&site, "a"), format!("{ORG}/2025-00001"));
    assert_eq!(number_on_page(&site, "b"), format!("{ORG}/2025-00002"));
    assert_eq!(number_on_page(&site, "early"), format!("{ORG}/2025-00003"));
    // Nothing new: no line, the lock is untouched.
    let before = lock(&site);
    let run = site.build();
    run.ok();
    assert!(!run.stdout.contains("assigned"), "{run}");
    assert_eq!(lock(&site), before);
}

#[test]
fn a_deleted_documents_number_is_retired_never_reused() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025-03-01"));
    site.entry("documents/b.md", &Fm::new("乙").set("date", "2025-04-01"));
    site.build().ok();
    site.remove("content/documents/b.md");
    // check names the lock line whose file is gone.
    let check = site.run(&["check", "--now", NOW]);
    assert!(check.diag("index-numbers.lock:").contains("content/documents/b.md no longer exists"), "{check}");
    site.build().ok();
    let text = lock(&site);
    assert!(text.contains(&format!("retired:\n  content/documents/b.md: {ORG}/2025-00002\n")), "{text}");
    site.entry("documents/c.md", &Fm::new("丙").set("date", "2025-05-01"));
    site.build().ok();
    assert_eq!(number_on_page(&site, "c"), format!("{ORG}/2025-00003"));
    // Withdrawn is not deleted: the number stays with the file, and comes back with it.
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025-03-01").status("withdrawn"));
    site.build().ok();
    assert!(lock(&site).contains(&format!("assigned:\n  content/documents/a.md: {ORG}/2025-00001\n")));
    site.entry("documents/a.md", &Fm::new("甲").set("date", "2025-03-01"));
    site.build().ok();
    assert_eq!(number_on_page(&site, "a"), format!("{ORG}/2025-00001"));
}

#[test]
fn build_locked_fails_naming_the_files_instead_of_assigning() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲"));
    site.build().ok();
    let before = lock(&site);
    site.entry("documents/new.md", &Fm::new("新文件zqnewx"));
    let run = site.run(&["build", "--locked", "--now", NOW]);
    run.fails();
    assert!(run.diag("content/documents/new.md:").contains("index-numbers.lock"), "{run}");
    assert_eq!(lock(&site), before, "the lock was rewritten");
    assert_nowhere(&site.out(), "zqnewx");
    // Once the numbers are recorded, --locked builds.
    site.build().ok();
    site.run(&["build", "--locked", "--now", NOW]).ok();
}

#[test]
fn departments_with_their_own_org_code_number_their_documents() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        format!(
            "title: 测试市人民政府门户网站\nbase_url: https://www.ceshi.gov.cn\norg_code: \"{ORG}\"\ndepartments:\n  - {DEPT}\n  - {{name: 测试市发展和改革委员会, org_code: \"11530100MB0000000X\"}}\n"
        ),
    );
    site.entry("documents/a.md", &Fm::new("甲"));
    site.entry("documents/f.md", &Fm::new("发改").set("department", "测试市发展和改革委员会"));
    site.build().ok();
    assert_eq!(number_on_page(&site, "a"), format!("{ORG}/2025-00001"));
    assert_eq!(number_on_page(&site, "f"), "11530100MB0000000X/2025-00001");
}

#[test]
fn a_bad_lock_is_an_error_at_its_line_and_nothing_is_rewritten() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲"));
    site.entry("documents/b.md", &Fm::new("乙"));
    let bad =
        format!("assigned:\n  content/documents/a.md: {ORG}/2025-00001\n  content/documents/b.md: {ORG}/2025-00001\n");
    site.write("index-numbers.lock", &bad);
    let run = site.build();
    run.fails();
    assert!(run.diag("index-numbers.lock:3:1:").contains("content/documents/a.md (line 2) and content/documents/b.md"));
    assert_eq!(lock(&site), bad);
    site.write("index-numbers.lock", "assigned:\n  this is not an entry\n");
    let run = site.build();
    run.fails();
    run.diag("index-numbers.lock:2:1:");
    assert_eq!(lock(&site), "assigned:\n  this is not an entry\n");
    // An explicit 索引号 that the lock records for another file: an error at the field.
    site.write("index-numbers.lock", format!("assigned:\n  content/documents/a.md: {ORG}/2025-00001\n"));
    site.entry("documents/b.md", &Fm::new("乙").set("index_number", &format!("\"{ORG}/2025-00001\"")));
    let check = site.run(&["check", "--now", NOW]);
    check.fails();
    assert!(check.diag("content/documents/b.md:").contains("index-numbers.lock"), "{check}");
}

/// The gate test of a withdrawal: five published entries link to it and one interprets it.
#[test]
fn withdrawing_a_document_linked_five_times_and_interpreted_takes_effect() {
    let site = TestSite::new();
    let target = Fm::new("关于zqwdt办法的通知").body("正文zqwdb。\n\n## 一、zqwdh\n");
    site.entry("documents/target.md", &target);
    for i in 0..5 {
        site.entry(
            &format!("documents/link{i}.md"),
            &Fm::new(&format!("引用{i}")).body(&format!(
                "根据[该办法](@/documents/target.md)和[第一条](@/documents/target.md#一zqwdh)执行{i}。\n"
            )),
        );
    }
    site.entry("documents/jiedu.md", &Fm::new("政策解读").set("interprets", "\"@/documents/target.md\""));
    site.build().ok();
    assert_somewhere(&site.out(), "zqwdt");
    // Withdrawn: the build still succeeds and the page is gone, with every trace of it.
    site.entry("documents/target.md", &target.clone().status("withdrawn"));
    let run = site.build();
    run.ok();
    assert!(!run.all().contains("zqwd"), "the withdrawn entry's content was printed\n{run}");
    assert_nowhere(&site.out(), "zqwd");
    assert!(!site.out().join("documents/target/index.html").exists());
    for i in 0..5 {
        let page = fs::read_to_string(site.out().join(format!("documents/link{i}/index.html"))).unwrap();
        assert!(page.contains(&format!("根据该办法和第一条执行{i}。")), "{page}");
        let line = run.diag(&format!("content/documents/link{i}.md:"));
        assert!(line.contains("content/documents/target.md") && line.contains("withheld"), "{line}");
    }
    assert!(site.out().join("documents/jiedu/index.html").is_file());
    run.diag("content/documents/jiedu.md:");
    // check --strict makes each of these warnings an error.
    let strict = site.run(&["check", "--strict", "--now", NOW]);
    strict.fails();
    assert!(strict.diag("content/documents/jiedu.md:").contains(": error: "));
}

/// `6.0` stays `6.0` in the table, the chart and the CSV; ties share a rank shown 并列.
#[test]
fn statistics_are_published_as_written_and_ties_share_a_rank() {
    let site = TestSite::new();
    let table = "\n  columns: [县区, 增速（%）, 总量]\n  rank_by: 增速（%）\n  rows:\n    - [甲县, 6.0, 249.0]\n    - [乙县, 6.0, 12]\n    - {县区: 丙县, 增速（%）: 6.0, 总量: 8.50}\n    - [丁县, 5.60, 1.0e2]\n    - [戊县, 7.25, 3]\n";
    site.entry("bulletins/t.md", &Fm::bulletin("统计通报").set("table", table));
    site.build().ok();
    let html = fs::read_to_string(site.out().join("bulletins/t/index.html")).unwrap();
    for written in ["6.0", "249.0", "8.50", "5.60", "1.0e2", "7.25"] {
        assert!(html.contains(&format!(">{written}</td>")), "table: {written} not as written\n{html}");
    }
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(svg.contains(">6.0</text>") && svg.contains(">5.60</text>"), "chart labels re-formatted");
    // Competition ranking: 7.25 first, three tied second, then fifth.
    let cell = "<tr><td class=num>";
    let ranks: Vec<&str> = html
        .match_indices(cell)
        .map(|(i, _)| {
            let rest = &html[i + cell.len()..];
            &rest[..rest.find('<').unwrap()]
        })
        .collect();
    assert_eq!(ranks, ["1", "并列第2", "并列第2", "并列第2", "5"], "{html}");
    let csv = String::from_utf8(fs::read(site.out().join("bulletins/t/table.csv")).unwrap()).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "名次,并列,县区,增速（%）,总量");
    assert_eq!(lines[1], "1,,戊县,7.25,3");
    assert_eq!(lines[2], "2,是,甲县,6.0,249.0");
    assert!(lines.contains(&"2,是,丙县,6.0,8.50") && lines.contains(&"5,,丁县,5.60,1.0e2"), "{csv}");
}

#[test]
fn a_value_that_is_not_a_number_in_the_ranked_column_is_an_error_at_its_line() {
    let site = TestSite::new();
    let table =
        "\n  columns: [县区, 增速（%）]\n  rank_by: 增速（%）\n  rows:\n    - [甲县, 6.0]\n    - [乙县, 暂缺]\n";
    site.entry("bulletins/t.md", &Fm::bulletin("统计通报").set("table", table));
    let run = site.build();
    run.fails();
    let line = run.diag("content/bulletins/t.md:14:12:");
    assert!(line.contains("暂缺") && line.contains("not a number"), "{line}");
}

/// Entry ids of the approvals feed, in feed order.
fn feed_ids(site: &TestSite) -> Vec<String> {
    let xml = fs::read_to_string(site.out().join("approvals/feed.xml")).unwrap();
    xml.split("<entry>").skip(1).map(|e| e[e.find("<id>").unwrap() + 4..e.find("</id>").unwrap()].to_string()).collect()
}

fn item_with_history(code: &str, history: &str) -> Fm {
    Fm::approval(&format!("事项{code}"), code).set("history", history)
}

#[test]
fn feed_ids_are_permanent_when_a_change_is_added() {
    let site = TestSite::new();
    let h1 = "\n  - {date: 2025-01-02, change: added}\n  - {date: 2025-03-01, change: time_limit, from: 10, to: 5}\n";
    let h2 = "\n  - {date: 2025-01-02, change: added}\n  - {date: 2025-02-01, change: fee, from: 10, to: 0}\n";
    site.entry("approvals/a.md", &item_with_history("CS-XK-0001", h1));
    site.entry("approvals/b.md", &item_with_history("CS-XK-0002", h2));
    site.build().ok();
    let before = feed_ids(&site);
    assert_eq!(before.len(), 4);
    // A new change to one item, dated between the others (and a second one the same day).
    let h2b = format!("{h2}  - {{date: 2025-02-15, change: time_limit, from: 20, to: 15}}\n  - {{date: 2025-02-15, change: time_limit, from: 15, to: 12}}\n");
    site.entry("approvals/b.md", &item_with_history("CS-XK-0002", &h2b));
    site.build().ok();
    let after = feed_ids(&site);
    assert_eq!(after.len(), 6);
    for id in &before {
        assert!(after.contains(id), "{id} changed: {after:?}");
    }
    let new: Vec<&String> = after.iter().filter(|i| !before.contains(i)).collect();
    assert_eq!(new.len(), 2, "{after:?}");
    assert!(new.iter().all(|i| i.contains("/approvals/cs-xk-0002/#change-2025-02-15-time_limit-")), "{new:?}");
    // Every id's anchor exists on the item page.
    for id in &after {
        let (url, anchor) = id.split_once('#').unwrap();
        let path = url.trim_start_matches("https://www.ceshi.gov.cn/");
        let page = fs::read_to_string(site.out().join(path).join("index.html")).unwrap();
        assert!(
            page.contains(&format!("id={anchor}>")) || page.contains(&format!("id=\"{anchor}\"")),
            "no #{anchor} on {path}"
        );
    }
}

#[test]
fn cancelled_merged_and_delegated_items_tell_one_story() {
    let site = TestSite::new();
    site.entry("approvals/new.md", &Fm::approval("合并后事项", "CS-XK-0101").set("online", "true"));
    site.entry(
        "approvals/old.md",
        &Fm::approval("原事项", "CS-XK-0104").set("online", "true").set("status", "cancelled").set(
            "history",
            "\n  - {date: 2025-01-02, change: merged, from: CS-XK-0104, to: CS-XK-0101}\n  - {date: 2025-01-02, change: cancelled}\n",
        ),
    );
    site.entry(
        "approvals/down.md",
        &Fm::approval("下放事项", "CS-XK-0203").set("status", "delegated").set(
            "history",
            "\n  - {date: 2025-01-03, change: delegated, from: 市级, to: 县级}\n  - {date: 2025-01-04, change: time_limit, from: 5, to: 1, note: 承诺时限由5个工作日压减至1个工作日}\n",
        ).set("promised_days", "1").set("steps", "[{name: 受理, days: 1}]"),
    );
    site.build().ok();
    let old = fs::read_to_string(site.out().join("approvals/cs-xk-0104/index.html")).unwrap();
    assert!(!old.contains("calc-start") && !old.contains("可全程网办"), "cancelled item offers a calculator or 网办");
    assert!(old.contains("href=\"/approvals/cs-xk-0101/\""), "no link to the item merged into");
    let down = fs::read_to_string(site.out().join("approvals/cs-xk-0203/index.html")).unwrap();
    assert!(!down.contains("calc-start"), "delegated item offers the city-level calculator");
    assert!(down.contains("下放至县级"), "the receiving level is not named");
    assert!(down.contains("第 1 个工作日") && !down.contains("第 1–1 个工作日"));
    assert!(down.contains("承诺办结时限 5 → 1 个工作日"));
    assert!(!down.contains("承诺时限由5个工作日压减至1个工作日"), "the same fact twice");
    let changes = fs::read_to_string(site.out().join("approvals/changes/index.html")).unwrap();
    assert!(!changes.contains("查看决定"));
    assert_eq!(changes.matches("承诺办结时限 5 → 1").count(), 1, "{changes}");
}

/// Departments in site.yaml order (not code-point order) on every list; the approvals CSV in
/// the words the pages use.
#[test]
fn departments_follow_the_site_yaml_order_everywhere() {
    let site = TestSite::new();
    // Code-point order would be 人力资源… < 人民政府 < 发展… ; site.yaml says otherwise.
    let order = ["测试市人民政府", "测试市人民政府办公室", "测试市发展和改革委员会", "测试市人力资源和社会保障局"];
    let list: String = order.iter().map(|d| format!("  - {d}\n")).collect();
    site.write(
        "site.yaml",
        format!("title: 测试市人民政府门户网站\nbase_url: https://www.ceshi.gov.cn\norg_code: \"{ORG}\"\ndepartments:\n{list}"),
    );
    for (n, d) in order.iter().rev().enumerate() {
        site.entry(&format!("documents/d{n}.md"), &Fm::new(&format!("文件{n}")).set("department", d));
        site.entry(
            &format!("approvals/a{n}.md"),
            &Fm::approval(&format!("事项{n}"), &format!("CS-XK-000{n}")).set("department", d).set("level", "county"),
        );
    }
    site.entry(
        "approvals/c.md",
        &Fm::approval("取消事项", "CS-XK-0100").set("status", "cancelled").set("department", order[0]),
    );
    site.build().ok();
    let positions =
        |html: &str| -> Vec<usize> { order.iter().map(|d| html.find(&format!(">{d}<")).unwrap()).collect() };
    for page in ["departments/index.html", "catalog/index.html", "approvals/index.html"] {
        let html = fs::read_to_string(site.out().join(page)).unwrap();
        let p = positions(&html);
        assert!(p.windows(2).all(|w| w[0] < w[1]), "{page}: departments out of order {p:?}");
    }
    // The approvals dropdown too (its options come first on the page).
    let html = fs::read_to_string(site.out().join("approvals/index.html")).unwrap();
    let select =
        &html[html.find("<select name=department>").or_else(|| html.find("<select name=\"department\">")).unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    let p: Vec<usize> = order.iter().map(|d| select.find(d).unwrap()).collect();
    assert!(p.windows(2).all(|w| w[0] < w[1]), "dropdown out of order");
    let csv = String::from_utf8(fs::read(site.out().join("data/approvals.csv")).unwrap()).unwrap();
    assert!(csv.contains(",县级,") && csv.contains(",已取消,") && csv.contains(",在办,"), "{csv}");
    assert!(!csv.contains(",county,") && !csv.contains(",cancelled,"), "{csv}");
    let json = fs::read_to_string(site.out().join("data/approvals.json")).unwrap();
    assert!(json.contains("\"county\"") && json.contains("\"cancelled\""), "{json}");
}

#[test]
fn legal_status_banners_say_what_happened_and_link_what_applies() {
    let site = TestSite::new();
    site.entry(
        "documents/orig.md",
        &Fm::new("管理办法")
            .set("date", "2024-06-12")
            .set("written", "2024-06-07")
            .set("validity", "amended")
            .set("validity_date", "2025-05-20")
            .set("amended_by", "[\"@/documents/fix.md\"]"),
    );
    site.entry("documents/fix.md", &Fm::new("关于修订管理办法部分条款的通知").set("date", "2025-05-20"));
    site.entry(
        "documents/old.md",
        &Fm::new("旧办法")
            .set("date", "2024-03-08")
            .set("validity", "repealed")
            .set("validity_date", "2025-04-10")
            .set("replaced_by", "\"@/documents/new.md\""),
    );
    site.entry("documents/new.md", &Fm::new("新办法").set("date", "2025-04-10"));
    site.entry(
        "documents/gone.md",
        &Fm::new("临时通知").set("date", "2024-05-14").set("validity", "expired").set("validity_date", "2024-09-30"),
    );
    site.build().ok();
    let page = |slug: &str| fs::read_to_string(site.out().join(format!("documents/{slug}/index.html"))).unwrap();
    let orig = page("orig");
    assert!(
        orig.contains("本文件已被《<a href=\"/documents/fix/\">关于修订管理办法部分条款的通知</a>》修改"),
        "{orig}"
    );
    assert!(!orig.contains("现行文件"), "an amended document is still in force");
    let fix = page("fix");
    assert!(fix.contains("本文件修改") && fix.contains("href=\"/documents/orig/\""));
    assert!(!fix.contains("替代"));
    let old = page("old");
    assert!(old.contains("本文件已于 2025-04-10 废止") && old.contains("href=\"/documents/new/\""), "{old}");
    assert!(page("gone").contains("本文件已于 2024-09-30 失效"));
    // The catalogue shows 有效性 and filters by it without JavaScript.
    let repealed = fs::read_to_string(site.out().join("catalog/repealed/index.html")).unwrap();
    assert!(repealed.contains("旧办法") && !repealed.contains("新办法"));
    let catalog = fs::read_to_string(site.out().join("catalog/index.html")).unwrap();
    assert!(catalog.contains("catalog/amended/"));
    let csv = String::from_utf8(fs::read(site.out().join("data/catalog.csv")).unwrap()).unwrap();
    assert!(csv.contains(",废止,2025-04-10,"), "{csv}");
    let json = fs::read_to_string(site.out().join("data/catalog.json")).unwrap();
    assert!(
        json.contains("\"validity_code\": \"amended\"") || json.contains("\"validity_code\":\"amended\""),
        "{json}"
    );
}

#[test]
fn inconsistent_legal_status_is_an_error_with_the_fix() {
    let site = TestSite::new();
    site.entry(
        "documents/a.md",
        &Fm::new("甲")
            .set("date", "2025-03-01")
            .set("written", "2025-02-20")
            .set("validity", "repealed")
            .set("validity_date", "2025-01-01"),
    );
    site.entry("documents/b.md", &Fm::new("乙").set("replaced_by", "\"@/documents/c.md\""));
    site.entry("documents/c.md", &Fm::new("丙").set("date", "2025-01-05"));
    site.entry(
        "documents/d.md",
        &Fm::new("丁").set("date", "2025-05-01").set("validity", "amended").set("amended_by", "[\"@/documents/c.md\"]"),
    );
    site.entry(
        "documents/e.md",
        &Fm::new("戊")
            .set("date", "2024-05-01")
            .set("validity", "amended")
            .set("validity_date", "2024-12-01")
            .set("amended_by", "[\"@/documents/c.md\"]"),
    );
    let run = site.build();
    run.fails();
    let a = run.diag("content/documents/a.md:");
    assert!(a.contains("`validity_date` 2025-01-01 is before `written` 2025-02-20") && a.contains(" — "), "{a}");
    let b = run.diag("content/documents/b.md:");
    assert!(b.contains("`replaced_by`") && b.contains("repealed"), "{b}");
    assert!(run.diag("content/documents/d.md:").contains("before this document"));
    assert!(run.diag("content/documents/e.md:").contains("later than the `validity_date`"));
}

/// `replaced_by` on an amended document (as older sites wrote it) builds with a warning and is
/// read as `amended_by`: the page says 已被《…》修改, never 现行文件.
#[test]
fn replaced_by_on_an_amended_document_is_read_as_amended_by() {
    let site = TestSite::new();
    site.entry(
        "documents/orig.md",
        &Fm::new("管理办法")
            .set("date", "2024-06-12")
            .set("validity", "amended")
            .set("validity_date", "2025-05-20")
            .set("replaced_by", "\"@/documents/fix.md\""),
    );
    site.entry("documents/fix.md", &Fm::new("关于修订管理办法部分条款的通知").set("date", "2025-05-20"));
    let run = site.build();
    run.ok();
    let w = run.diag("content/documents/orig.md:");
    assert!(w.contains("warning") && w.contains("read as `amended_by`"), "{w}");
    let orig = fs::read_to_string(site.out().join("documents/orig/index.html")).unwrap();
    assert!(orig.contains("本文件已被《<a href=\"/documents/fix/\">"), "{orig}");
    assert!(!orig.contains("现行文件"));
}
