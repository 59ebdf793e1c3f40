//! The index as a whole: what a lookup finds, determinism, and the doc table.

use std::collections::BTreeMap;

use super::shards::decode;
use super::*;

fn doc<'a>(url: &'a str, title: &'a str, date: &'a str, text: &'a str) -> Doc<'a> {
    Doc {
        url,
        title,
        kind: "document",
        kind_label: "政府文件",
        department: "云州市人民政府",
        date,
        doc_number: "",
        code: "",
        validity: "",
        validity_label: "",
        summary: "",
        text,
        labels: String::new(),
    }
}

fn corpus() -> Vec<Doc<'static>> {
    let mut a =
        doc("/documents/a/", "关于优化营商环境的若干措施", "2024-03-01", "为进一步优化营商环境，激发市场主体活力。");
    a.doc_number = "云政发〔2024〕3号";
    let mut b = doc("/approvals/yz-xk-0001/", "食品经营许可", "2026-03-16", "申请人已取得营业执照。");
    b.kind = "approval";
    b.kind_label = "审批事项";
    b.code = "YZ-XK-0001";
    b.summary = "依法申请取得食品经营许可证。";
    let c =
        doc("/documents/c/", "政策解读", "2025-01-02", "根据云政发[2024]3号文件，营商环境持续改善。PM2.5 浓度下降。");
    vec![a, b, c]
}

struct Index {
    meta: serde_json::Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Index {
    fn new(docs: &[Doc]) -> Index {
        let files: BTreeMap<String, Vec<u8>> = build(docs, &[]).into_iter().collect();
        let meta = serde_json::from_slice(&files[&format!("{DIR}/meta.json")]).unwrap();
        Index { meta, files }
    }

    /// Postings of one term: doc url → field.
    fn lookup(&self, key: &str) -> BTreeMap<String, u8> {
        let firsts: Vec<&str> = self.meta["shards"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let shard = firsts.iter().rposition(|f| f.encode_utf16().le(key.encode_utf16())).unwrap_or(0);
        let n = self.meta["docs"].as_u64().unwrap() as u32;
        let terms = decode::shard(&self.files[&format!("{DIR}/shards/{shard}.bin")], n);
        terms.get(key).map(|p| p.iter().map(|(id, f)| (self.url(*id), *f)).collect()).unwrap_or_default()
    }

    fn url(&self, id: u32) -> String {
        let per = self.meta["chunk"].as_u64().unwrap() as u32;
        let chunk: serde_json::Value =
            serde_json::from_slice(&self.files[&format!("{DIR}/docs/{}.json", id / per)]).unwrap();
        chunk[(id % per) as usize][0].as_str().unwrap().to_string()
    }
}

#[test]
fn finds_bigrams_docnums_codes_and_words_with_their_best_field() {
    let idx = Index::new(&corpus());
    let hits = idx.lookup("营商");
    assert_eq!(hits["/documents/a/"], Field::Title as u8);
    assert_eq!(hits["/documents/c/"], Field::Body as u8);
    let num = idx.lookup("云政发〔2024〕3号");
    assert_eq!(num["/documents/a/"], Field::Number as u8);
    assert_eq!(num["/documents/c/"], Field::Body as u8);
    assert_eq!(idx.lookup("yz-xk-0001").keys().collect::<Vec<_>>(), ["/approvals/yz-xk-0001/"]);
    assert_eq!(idx.lookup("pm2.5").len(), 1);
    assert!(idx.lookup("pm2.5浓").is_empty(), "a space separates them");
    assert!(idx.lookup("3号").contains_key("/documents/c/"));
    assert_eq!(idx.lookup("许可")["/approvals/yz-xk-0001/"], Field::Title as u8);
    assert!(idx.lookup("不存在").is_empty());
}

#[test]
fn doc_ids_run_newest_first_with_facets() {
    let idx = Index::new(&corpus());
    assert_eq!(idx.url(0), "/approvals/yz-xk-0001/");
    assert_eq!(idx.url(2), "/documents/a/");
    assert_eq!(idx.meta["years"], serde_json::json!([[2026, 0], [2025, 1], [2024, 2]]));
    // Per doc: kind, 有效性 (none here), department.
    assert_eq!(idx.meta["facets"], "000100100");
    let chunk: serde_json::Value = serde_json::from_slice(&idx.files[&format!("{DIR}/docs/0.json")]).unwrap();
    assert_eq!(chunk[0][3], "YZ-XK-0001");
    assert_eq!(chunk[0][4], "依法申请取得食品经营许可证。");
}

#[test]
fn output_does_not_depend_on_input_order() {
    let docs = corpus();
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(build(&docs, &[]), build(&reversed, &[]));
}

#[test]
fn an_empty_site_has_a_usable_index() {
    let files: BTreeMap<String, Vec<u8>> = build(&[], &[]).into_iter().collect();
    assert!(files.contains_key(&format!("{DIR}/meta.json")));
    assert!(files.contains_key(&format!("{DIR}/shards/0.bin")));
}
