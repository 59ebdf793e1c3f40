//! The index of approval timelines on a fixture site: catalogue, item pages, change log, feed,
//! open data, the deadline command, and the approval lints.

#[path = "common/lang.rs"]
mod lang;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gongkai"))
}

fn entry(gate: &str, dept: &str, fields: &str, body: &str) -> String {
    format!("---\n{gate}department: {dept}\n{fields}---\n{body}")
}

const OK: &str = "date: 2025-03-01\nclassification: public\napproval: {status: approved, by: 李四, on: 2025-03-01}\n";

fn item(title: &str, code: &str, extra: &str) -> String {
    entry(
        &format!("title: {title}\n{OK}"),
        "测试市市场监督管理局",
        &format!(
            "code: {code}\ncategory: 行政许可\nlevel: city\nlegal_basis: [《食品安全法》第三十五条]\nstatutory_days: 20\npromised_days: 5\nsteps:\n  - {{name: 受理, days: 1}}\n  - {{name: 审查, days: 3}}\n  - {{name: 决定, days: 1}}\nfee: 0\nonline: true\nvisits: 0\nmaterials: [申请书, 营业执照]\n{extra}"
        ),
        "## 办理地点\n\n市民中心。\n",
    )
}

struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn fixture() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let w = |rel: &str, text: &str| {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        w("site.yaml", "title: 测试市人民政府\nbase_url: https://www.example.gov.cn\norg_code: \"000000000000000000\"\ndepartments: [测试市市场监督管理局, 测试市人民政府]\ncalendar: {off: [2025-03-03]}\n");
        w(
            "content/documents/jueding.md",
            &entry(
                &format!("title: 关于压减审批时限的决定\n{OK}"),
                "测试市人民政府",
                "doc_number: 测政发〔2025〕2号\ngenre: 决定\n",
                "正文。\n",
            ),
        );
        w(
            "content/approvals/sp-0001.md",
            &item(
                "食品经营许可",
                "SP-0001",
                "status: active\nhistory:\n  - {date: 2020-01-01, change: added, decision: 测政发〔2020〕1号}\n  - {date: 2025-03-01, change: time_limit, decision: 测政发〔2025〕2号, from: 10, to: 5}\n",
            ),
        );
        w(
            "content/approvals/sp-0002.md",
            &item("旧式许可", "SP-0002", "status: cancelled\nhistory:\n  - {date: 2020-01-01, change: added}\n  - {date: 2025-03-01, change: cancelled, decision: 测政发〔2025〕2号}\n"),
        );
        w(
            "content/approvals/sp-0003.md",
            &entry(
                "title: 未审核事项MARKER-Q9\ndate: 2025-03-01\nclassification: public\napproval: {status: pending}\n",
                "测试市市场监督管理局",
                "code: SP-0003\nstatutory_days: 20\npromised_days: 5\n",
                "MARKER-Q9\n",
            ),
        );
        Site { _tmp: tmp, root }
    }

    fn build(&self) -> PathBuf {
        let out = self.root.join("public");
        let o = Command::new(bin()).args(["build", "--now", "2025-06-01", "--root"]).arg(&self.root).output().unwrap();
        assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        out
    }
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn catalogue_items_changes_and_exports() {
    let site = Site::fixture();
    let out = site.build();

    let cat = read(&out, "approvals/index.html");
    assert!(cat.contains("测试市市场监督管理局"), "grouped by department");
    assert!(cat.contains("href=/approvals/sp-0001/") || cat.contains("href=\"/approvals/sp-0001/\""), "links the item");
    assert!(cat.contains("75%"), "reduction 20 → 5 is 75%");
    assert!(cat.contains("已取消"), "cancelled items stay listed, marked");

    let page = read(&out, "approvals/sp-0001/index.html");
    for needle in
        ["法定办结时限", "20 个工作日", "5 个工作日", "《食品安全法》第三十五条", "营业执照", "市民中心", "不收费"]
    {
        assert!(page.contains(needle), "item page shows {needle}");
    }
    assert!(
        page.contains("<svg") && page.contains("受理 1 个工作日；审查 3 个工作日；决定 1 个工作日"),
        "timeline with a text description"
    );
    assert!(
        page.contains("deadline-calc") && page.contains("data-days=5") || page.contains("data-days=\"5\""),
        "calculator"
    );
    assert!(page.contains("/documents/jueding/"), "the decision links the published document with that 文号");

    let cancelled = read(&out, "approvals/sp-0002/index.html");
    assert!(cancelled.contains("已取消"), "cancelled item marked");

    let changes = read(&out, "approvals/changes/index.html");
    assert!(changes.contains("2025-03-01") && changes.contains("10 → 5"), "time-limit cut with old → new days");
    assert!(changes.contains("测政发〔2025〕2号"), "deciding 文号");
    let feed = read(&out, "approvals/feed.xml");
    assert!(feed.contains("<feed") && feed.contains("食品经营许可"));

    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/approvals.json")).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2, "published items only");
    assert_eq!(rows[0]["code"], "SP-0001");
    assert_eq!(rows[0]["reduction_percent"], 75);
    let csv = fs::read(out.join("data/approvals.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "CSV has a BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("SP-0001,食品经营许可,测试市市场监督管理局"));

    let cal: serde_json::Value = serde_json::from_str(&read(&out, "data/calendar.json")).unwrap();
    assert!(cal.to_string().contains("2025-03-03"), "overlay in the browser calendar");

    let all: String = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&fs::read(e.path()).unwrap()).into_owned())
        .collect();
    assert!(!all.contains("MARKER-Q9") && !all.contains("sp-0003") && !all.contains("SP-0003"), "pending item nowhere");
}

#[test]
fn deadline_command_uses_the_site_overlay() {
    let site = Site::fixture();
    let run = |args: &[&str]| {
        let o = Command::new(bin()).args(args).output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // 2025-02-28 is a Friday; Monday 2025-03-03 is the site's local day off.
    let (code, out, _) = run(&["deadline", "2025-02-28", "1"]);
    assert_eq!((code, out.lines().next()), (Some(0), Some("2025-03-03")));
    let root = site.root.to_string_lossy().into_owned();
    let (code, out, _) = run(&["deadline", "2025-02-28", "1", "--root", &root]);
    assert_eq!((code, out.lines().next()), (Some(0), Some("2025-03-04")));
    let (code, _, err) = run(&["deadline", "2030-01-02", "3"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("2004") && err.contains("2026"), "says which years are covered: {err}");
    let (code, ..) = run(&["deadline", "2025-02-30", "3"]);
    assert_eq!(code, Some(2));
}

#[test]
fn approval_lints() {
    let site = Site::fixture();
    let w = |rel: &str, text: String| fs::write(site.root.join(rel), text).unwrap();
    w("content/approvals/sp-0001.md", item("甲", "SP-0001", "promised_days: 30\n").replace("promised_days: 5\n", ""));
    w(
        "content/approvals/sp-0002.md",
        item("乙", "SP-0002", "history:\n  - {date: 2025-01-01, change: time_limit, from: 10, to: 8}\n  - {date: 2024-01-01, change: added}\n")
            .replace("fee: 0", "fee: 每件50元")
            .replace("visits: 0", "visits: 2"),
    );
    let o = Command::new(bin()).args(["check", "--now", "2025-06-01", "--root"]).arg(&site.root).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    for needle in [
        "content/approvals/sp-0001.md:20:1: error: `promised_days` (30) is more than `statutory_days` (20)",
        "content/approvals/sp-0002.md:23:5: error: history entry of 2024-01-01 comes after one of 2025-01-01",
        "warning: the last time-limit change sets 8 days but `promised_days` is 5",
        "warning: a fee is charged (每件50元) but its basis is not given",
        "warning: the item is fully online (`online: true`) but needs 2 visit(s)",
    ] {
        assert!(err.contains(needle), "missing `{needle}` in\n{err}");
    }
}
