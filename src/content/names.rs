//! The Chinese name of every front-matter field, and the names editors type instead of a key.
//!
//! Messages show a field as `date（发布日期）`; an unknown key that is a field's Chinese name
//! (`标题`), a common abbreviation (`doc_no`) or a pinyin spelling (`wenhao`) is answered with
//! the real key instead of "remove it".

pub use crate::messages::names::FIELDS;

/// Other names editors use for a key: synonyms, abbreviations, pinyin.
const ALIASES: &[(&str, &str)] = &[
    ("发文字号", "doc_number"),
    ("文号", "doc_number"),
    ("doc_no", "doc_number"),
    ("docno", "doc_number"),
    ("doc_num", "doc_number"),
    ("wenhao", "doc_number"),
    ("index_no", "index_number"),
    ("index", "index_number"),
    ("索引", "index_number"),
    ("密级", "classification"),
    ("公开方式", "classification"),
    ("发布时间", "date"),
    ("日期", "date"),
    ("publish_date", "date"),
    ("成文时间", "written"),
    ("written_date", "written"),
    ("发文机关", "department"),
    ("发布单位", "department"),
    ("dept", "department"),
    ("主题", "topics"),
    ("tags", "topics"),
    ("tag", "topics"),
    ("主题词", "topics"),
    ("attachment", "attachments"),
    ("files", "attachments"),
    ("biaoti", "title"),
    ("name", "title"),
    ("type", "doc_type"),
    ("文种", "genre"),
];

pub use crate::messages::names::chinese;

/// `date（发布日期）`: a key with its Chinese name, as messages show it.
pub fn shown(key: &str) -> String {
    match chinese(key) {
        Some(zh) => format!("{key}（{zh}）"),
        None => key.to_string(),
    }
}

/// The real key an unknown `word` most likely means, among the `known` keys of its place.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = word.trim().to_lowercase();
    let mapped = FIELDS
        .iter()
        .find(|(_, zh)| *zh == lower)
        .map(|(k, _)| *k)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == lower).map(|(_, k)| *k));
    if let Some(key) = mapped {
        let leaf = key.rsplit('.').next().unwrap_or(key);
        if let Some(k) = known.iter().find(|k| **k == leaf) {
            return Some(k);
        }
    }
    if let Some(k) = crate::diagnostics::did_you_mean(&lower, known.iter().copied()) {
        return Some(k);
    }
    // A shared start of five letters or more (`doc_no` → `doc_number`).
    known
        .iter()
        .map(|k| (k.chars().zip(lower.chars()).take_while(|(a, b)| a == b).count(), k))
        .filter(|(n, _)| *n >= 5)
        .max_by_key(|(n, _)| *n)
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["title", "date", "doc_number", "index_number", "topics", "written"];

    #[test]
    fn chinese_names_aliases_and_typos() {
        assert_eq!(suggest("标题", KNOWN), Some("title"));
        assert_eq!(suggest("发文字号", KNOWN), Some("doc_number"));
        assert_eq!(suggest("doc_no", KNOWN), Some("doc_number"));
        assert_eq!(suggest("Doc_Numbr", KNOWN), Some("doc_number"));
        assert_eq!(suggest("tags", KNOWN), Some("topics"));
        assert_eq!(suggest("成文日期", KNOWN), Some("written"));
        assert_eq!(suggest("风马牛", KNOWN), None);
        // An alias for a key that this place does not have suggests nothing.
        assert_eq!(suggest("密级", KNOWN), None);
    }

    #[test]
    fn shown_with_the_chinese_name() {
        assert_eq!(shown("date"), "date（发布日期）");
        assert_eq!(shown("x-custom"), "x-custom");
    }

    #[test]
    fn every_key_has_one_chinese_name() {
        let mut keys: Vec<&str> = FIELDS.iter().map(|(k, _)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
    }
}
