//! The search index of a small fixture site, built with the library: what it finds, and that
//! withheld entries leave nothing in it.
//!
//! The shard reader here is written from the format described in `src/search/shards.rs`,
//! independently of the builder, as the browser's `search.js` is.

#[path = "common/lang.rs"]
mod lang;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use gongkai::search::terms::Field;

const SITE: &str = "title: 测试市人民政府
base_url: https://www.example.gov.cn
org_code: '115300000000000000'
departments: [测试市人民政府, 测试市市场监督管理局]
search:
  synonyms: [[失业金, 失业保险金], [GDP, 地区生产总值]]
";

/// In traditional characters: found by a simplified query, and finds simplified text.
const TRADITIONAL: &str = "---
title: 關於做好失業保險金申領工作的通知
date: 2025-06-01
classification: public
approval: {status: approved, by: 张三, on: 2025-05-30}
department: 测试市人民政府
---
各縣區：為進一步優化營商環境，現就有關事項通知如下。
";

const INTERPRETATION: &str = "---
title: 《措施》图解
date: 2025-06-02
classification: public
approval: {status: approved, by: 张三, on: 2025-06-01}
department: 测试市人民政府
interprets: \"@/documents/policy.md\"
---
一图读懂。
";

const BULLETIN: &str = "---
title: 关于2025年6月份全市重点工作督查情况的通报
date: 2025-07-08
classification: public
approval: {status: approved, by: 张三, on: 2025-07-07}
department: 测试市人民政府
series: supervision
period: 2025-06
---
按期办结38项。
";

const POLICY: &str = "---
title: 关于优化营商环境的若干措施
date: 2024-03-01
classification: public
approval: {status: approved, by: 张三, on: 2024-02-28}
department: 测试市人民政府
summary: 进一步激发市场主体活力。
doc_number: 云政发〔2022〕5号
---
为持续改善政务服务体验，推行告知承诺制，压减审批时限。
";

const CITING: &str = "---
title: 政策解读
date: 2025-05-01
classification: public
approval: {status: approved, by: 张三, on: 2025-04-30}
department: 测试市人民政府
---
根据 [措施](@/documents/policy.md)，营商环境持续改善。
";

const INTERNAL: &str = "---
title: 翡翠鳄鱼值班安排
date: 2024-03-02
classification: internal
approval: {status: approved, by: 张三, on: 2024-03-01}
department: 测试市人民政府
doc_number: 云政办发〔2024〕77号
---
内部资料 zqxmarkerinternal 仅限内部。
";

const PENDING: &str = "---
title: 琥珀蜥蜴征求意见稿
date: 2024-03-03
classification: public
approval: {status: pending}
department: 测试市人民政府
---
待审核 zqxmarkerpending 草稿。
";

const ITEM: &str = "---
title: 食品经营许可
date: 2026-03-16
classification: public
approval: {status: approved, by: 李四, on: 2026-03-13}
department: 测试市市场监督管理局
code: YZ-XK-0001
category: 行政许可
level: city
statutory_days: 20
promised_days: 3
steps:
  - {name: 受理, days: 1}
  - {name: 决定, days: 2}
fee: 0
online: true
visits: 0
materials: [申请书]
status: active
---
申请人已取得营业执照。
";

/// The index files of the built site, and its terms: key → (url → field).
struct Index {
    files: BTreeMap<String, Vec<u8>>,
    terms: BTreeMap<String, BTreeMap<String, u8>>,
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn build_fixture() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(&root, "site.yaml", SITE);
    write(&root, "content/documents/policy.md", POLICY);
    write(&root, "content/documents/citing.md", CITING);
    write(&root, "content/documents/internal.md", INTERNAL);
    write(&root, "content/documents/pending.md", PENDING);
    write(&root, "content/approvals/yz-xk-0001.md", ITEM);
    write(&root, "content/documents/traditional.md", TRADITIONAL);
    write(&root, "content/documents/tujie.md", INTERPRETATION);
    write(&root, "content/bulletins/ducha-2025-06.md", BULLETIN);
    let dest = dir.path().join("public");
    let report = gongkai::build::run(
        gongkai::site::Options {
            root,
            now: jiff::civil::date(2026, 11, 26),
            drafts: false,
            base_url: None,
            locked: false,
        },
        dest.clone(),
    );
    assert!(report.written, "{:#?}", report.diagnostics);
    assert_eq!(report.withheld.len(), 2);
    let index = read_index(&dest.join("search/index"));
    (dir, index)
}

fn read_index(dir: &Path) -> Index {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string();
            files.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    let meta: serde_json::Value = serde_json::from_slice(&files["meta.json"]).unwrap();
    let n = meta["docs"].as_u64().unwrap() as u32;
    let per = meta["chunk"].as_u64().unwrap() as u32;
    let url = |id: u32| {
        let chunk: serde_json::Value = serde_json::from_slice(&files[&format!("docs/{}.json", id / per)]).unwrap();
        chunk[(id % per) as usize][0].as_str().unwrap().to_string()
    };
    let mut terms = BTreeMap::new();
    for s in 0..meta["shards"].as_array().unwrap().len() {
        for (key, postings) in gongkai::search::decode_shard(&files[&format!("shards/{s}.bin")], n) {
            let by_url = postings.into_iter().map(|(id, f)| (url(id), f)).collect();
            terms.insert(key, by_url);
        }
    }
    Index { files, terms }
}

impl Index {
    /// URLs of entries with every key, as the browser intersects them; a 文号's keys (the
    /// issuer's suffixes) are alternatives, any one of them enough.
    fn find(&self, keys: &[String]) -> BTreeSet<String> {
        let postings = |k: &String| -> BTreeSet<String> {
            self.terms.get(k).map(|p| p.keys().cloned().collect()).unwrap_or_default()
        };
        let (docnums, keys): (Vec<&String>, Vec<&String>) = keys.iter().partition(|k| k.contains('〔'));
        let mut found: Option<BTreeSet<String>> =
            (!docnums.is_empty()).then(|| docnums.into_iter().flat_map(postings).collect());
        for k in keys {
            let urls: BTreeSet<String> = self.terms.get(k).map(|p| p.keys().cloned().collect()).unwrap_or_default();
            found = Some(match found {
                None => urls,
                Some(f) => f.intersection(&urls).cloned().collect(),
            });
        }
        found.unwrap_or_default()
    }
}

/// The keys the browser intersects for a query: its terms without the last character of a
/// run (the browser needs it only for a one-character query, which it scans by prefix) and
/// without the whole-title key (which only ranks).
fn query_keys(q: &str) -> Vec<String> {
    let keys = gongkai::search::terms::query_keys(q);
    keys.into_iter().filter(|k| (k.chars().count() != 1 || k.is_ascii()) && !k.starts_with('=')).collect()
}

fn urls(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_index_finds_titles_substrings_docnums_and_codes() {
    let (_dir, idx) = build_fixture();
    let all = ["/documents/policy/", "/documents/citing/", "/documents/traditional/"];
    assert_eq!(idx.find(&query_keys("营商环境")), urls(&all));
    assert_eq!(idx.terms["营商"]["/documents/policy/"], Field::Title as u8);
    // A four-character substring of the body that crosses no word boundary anyone would pick.
    assert_eq!(idx.find(&query_keys("告知承诺")), urls(&["/documents/policy/"]));
    assert_eq!(idx.find(&query_keys("云政发[2022]5号")), urls(&["/documents/policy/"]));
    assert_eq!(idx.find(&query_keys("云政发（２０２２）第5号")), urls(&["/documents/policy/"]));
    assert_eq!(idx.find(&query_keys("yz-xk-0001")), urls(&["/approvals/yz-xk-0001/"]));
    assert_eq!(idx.find(&query_keys("食品经营")), urls(&["/approvals/yz-xk-0001/"]));
    assert!(idx.find(&query_keys("不存在的词")).is_empty());
}

#[test]
fn withheld_entries_leave_nothing_in_the_index() {
    let (_dir, idx) = build_fixture();
    for marker in [
        "zqxmarkerinternal",
        "zqxmarkerpending",
        "翡翠鳄鱼",
        "琥珀蜥蜴",
        "云政办发〔2024〕77号",
        "/documents/internal/",
        "/documents/pending/",
    ] {
        for (path, bytes) in &idx.files {
            let hit = bytes.windows(marker.len()).any(|w| w == marker.as_bytes());
            assert!(!hit, "{marker} found in search/index/{path}");
        }
    }
    for key in ["zqxmarkerinternal", "zqxmarkerpending", "翡翠", "鳄鱼", "琥珀", "蜥蜴"] {
        assert!(!idx.terms.contains_key(key), "{key} is a term of the index");
    }
    let meta: serde_json::Value = serde_json::from_slice(&idx.files["meta.json"]).unwrap();
    assert_eq!(meta["docs"], 6);
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let (_dir, idx) = build_fixture();
    let all = ["/documents/policy/", "/documents/citing/", "/documents/traditional/"];
    assert_eq!(idx.find(&query_keys("營商環境")), urls(&all));
    assert_eq!(idx.find(&query_keys("失业保险金申领")), urls(&["/documents/traditional/"]));
    assert_eq!(idx.find(&query_keys("关于做好失业")), urls(&["/documents/traditional/"]));
    assert_eq!(idx.terms["失业"]["/documents/traditional/"], Field::Title as u8);
    assert!(!idx.terms.contains_key("失業"), "the index holds simplified terms only");
    let fold = String::from_utf8(idx.files["fold.json"].clone()).unwrap();
    assert!(fold.contains("業业") && fold.contains("關关"), "fold.json pairs the characters");
}

#[test]
fn synonyms_reach_the_client_folded() {
    let (_dir, idx) = build_fixture();
    let meta: serde_json::Value = serde_json::from_slice(&idx.files["meta.json"]).unwrap();
    assert_eq!(meta["synonyms"], serde_json::json!([["失业金", "失业保险金"], ["gdp", "地区生产总值"]]));
    // 失业金 is not a substring of 失业保险金: only the synonym finds the entry.
    assert!(idx.find(&query_keys("失业金")).is_empty());
    assert_eq!(idx.find(&query_keys("失业保险金")), urls(&["/documents/traditional/"]));
}

#[test]
fn series_kinds_and_interpretations_are_terms() {
    let (_dir, idx) = build_fixture();
    assert_eq!(idx.find(&query_keys("督查通报")), urls(&["/bulletins/ducha-2025-06/"]));
    assert_eq!(idx.terms["查通"]["/bulletins/ducha-2025-06/"], Field::Summary as u8);
    assert_eq!(idx.find(&query_keys("政策解读")), urls(&["/documents/citing/", "/documents/tujie/"]));
    assert!(idx.find(&query_keys("政府文件")).contains("/documents/policy/"));
}

#[test]
fn a_whole_title_is_one_term_and_a_docnum_may_follow_other_words() {
    let (_dir, idx) = build_fixture();
    let key = gongkai::search::terms::title_key("关于优化营商环境的若干措施").unwrap();
    assert_eq!(idx.terms[&key], BTreeMap::from([("/documents/policy/".to_string(), Field::Title as u8)]));
    let typed = gongkai::search::terms::title_key("關於優化營商環境的 若干措施！").unwrap();
    assert_eq!(typed, key, "script, spaces and punctuation do not matter");
    for q in ["根据云政发〔2022〕5号", "按照云政发[2022]5号", "关于…云政发（2022）5号"] {
        assert!(idx.find(&query_keys(q)).contains("/documents/policy/"), "{q}");
    }
}

#[test]
fn interpretations_are_their_own_kind_and_bodies_are_shipped_for_snippets() {
    let (_dir, idx) = build_fixture();
    let meta: serde_json::Value = serde_json::from_slice(&idx.files["meta.json"]).unwrap();
    let kinds: Vec<String> = meta["kinds"].as_array().unwrap().iter().map(|k| k.to_string()).collect();
    assert!(kinds.contains(&r#"["interpretation","政策解读"]"#.to_string()), "{kinds:?}");
    assert!(meta["text_chars"].as_u64().unwrap() > 1000);
    let n = meta["docs"].as_u64().unwrap();
    let texts: Vec<String> =
        (0..n).map(|i| String::from_utf8(idx.files[&format!("text/{i}.txt")].clone()).unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("推行告知承诺制，压减审批时限。")), "{texts:?}");
    assert!(!idx.files.contains_key(&format!("text/{n}.txt")));
}

/// Golden vectors for tokeniser parity: `tests/search/tokens.json` holds what
/// `terms::query_keys` gives for each query; `tests/search/tokens.test.mjs` checks that
/// search.js derives the same keys. `GOLDEN=write cargo test --test search` rewrites the file.
#[test]
fn token_vectors_match_the_golden_file() {
    let queries = [
        "营商环境",
        "税",
        "優化營商環境",
        "政府資訊公開",
        "關於做好失業保險金申領工作的通知",
        "根据云政办发〔2026〕8号",
        "根據雲政辦發〔2026〕8號文件",
        "关于…云政办发〔2026〕8号",
        "关于印发云州市2026年政务公开工作要点的通知云政办发〔2026〕8号",
        "云州市人民政府办公室关于印发云州市2026年政务公开工作要点的通知",
        "关于印发《营商环境实施方案》的通知",
        "云政发[2022]5号",
        "云政发（２０２２）第5号",
        "云政发 [ 2022 ] 05",
        "YZ-XK-0001",
        "yz-xk-0001 食品经营许可",
        "530100-01-02-0001",
        "投资12.37亿元",
        "PM2.5浓度下降",
        "4楼45号窗口",
        "2024年",
        "老旧小区改造 2024年",
        "ＧＤＰ增长５％",
        "GDP 地区生产总值",
        "食品安全 市场监督管理局",
        "高校毕业生、就业创业",
        "2020年7月31日",
        "云州市政务服务中心4楼45号窗口",
        "碳达峰碳中和 实施细则",
        "药品零售企业经营许可（变更）",
        "〇",
        "𠀀𠀁",
        "乾隆 乾燥",
        "臺灣 台湾",
        "a-b-c",
        "-yz-xk- 第",
    ];
    let vectors: Vec<serde_json::Value> = queries
        .iter()
        .map(|q| serde_json::json!({ "query": q, "keys": gongkai::search::terms::query_keys(q) }))
        .collect();
    let text = serde_json::to_string_pretty(&vectors).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/tokens.json");
    if std::env::var("GOLDEN").as_deref() == Ok("write") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &text).unwrap();
    }
    let golden = fs::read_to_string(&path).unwrap_or_default();
    assert!(golden == text, "tests/search/tokens.json is out of date: GOLDEN=write cargo test --test search");
}
