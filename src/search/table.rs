//! The doc table: what a result shows (URL, title, date, 文号, excerpt), in small JSON chunks
//! fetched only for the results on screen, each entry's body text for the passage that matched
//! (one file per entry, fetched for the results on screen), and the facets every result needs for ranking and
//! filters (kind, 有效性, department, year), packed into `meta.json` for all entries at once.
//!
//! Doc ids follow the date, newest first, so "recent over old" is simply "lower id first",
//! and a year is a range of ids.

use serde::Serialize;

use super::Doc;

/// Aim for doc chunks about this big.
const TARGET_CHUNK_BYTES: usize = 2 * 1024;
/// Characters of summary (or, without one, of body text) shipped for the snippet.
pub const EXCERPT_CHARS: usize = 120;
/// Characters of body text kept per entry in `text/{id}.txt` for the matched passage: enough
/// for nearly every entry whole, while a very long one does not cost a result page much.
pub const TEXT_CHARS: usize = 3000;
/// Digits for packed facet indexes.
const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Indexes into `docs`, newest first; ties by URL so the order never depends on input order.
pub fn order(docs: &[Doc]) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..docs.len()).collect();
    ids.sort_by(|&a, &b| docs[b].date.cmp(docs[a].date).then_with(|| docs[a].url.cmp(docs[b].url)));
    ids
}

/// The index's `meta.json`.
#[derive(Serialize)]
pub struct Meta<'a> {
    pub format: u32,
    /// Changes whenever any index file changes; the client appends it to shard and chunk URLs.
    pub version: String,
    pub docs: usize,
    /// Docs per chunk file: doc `i` is in `docs/{i / chunk}.json`.
    pub chunk: usize,
    /// `[kind, label]`, indexed by the packed facets.
    pub kinds: Vec<[&'a str; 2]>,
    /// `[validity, label]` (`["", ""]` first: not a document), indexed by the packed facets.
    pub validities: Vec<[&'a str; 2]>,
    pub departments: Vec<&'a str>,
    /// `[year, first doc id]`, newest first.
    pub years: Vec<(i32, usize)>,
    /// Per doc, `facet_width` characters: the kind, the 有效性, then the department, as base-64
    /// digits.
    pub facet_width: usize,
    pub facets: String,
    /// First key of each shard, in order: term `t` is in the last shard whose key is ≤ `t`.
    pub shards: Vec<String>,
    /// `search.synonyms` of site.yaml, folded as the index is ([`super::terms::fold`]); left
    /// out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<Vec<String>>,
    /// Each doc's body text, whitespace collapsed and cut at this many characters, is in
    /// `text/{id}.txt`.
    pub text_chars: usize,
}

/// Facets and year ranges for the docs in `order`.
pub fn facets<'a>(docs: &[Doc<'a>], order: &[usize]) -> Meta<'a> {
    let mut kinds: Vec<[&str; 2]> = docs.iter().map(|d| [d.kind, d.kind_label]).collect();
    kinds.sort();
    kinds.dedup_by(|a, b| a[0] == b[0]);
    let mut validities: Vec<[&str; 2]> = docs.iter().map(|d| [d.validity, d.validity_label]).collect();
    validities.push(["", ""]);
    validities.sort();
    validities.dedup_by(|a, b| a[0] == b[0]);
    let mut departments: Vec<&str> = docs.iter().map(|d| d.department).collect();
    departments.sort();
    departments.dedup();
    let dept_width = digits_for(departments.len());
    let mut facets = String::with_capacity(order.len() * (2 + dept_width));
    let mut years: Vec<(i32, usize)> = Vec::new();
    for (id, &i) in order.iter().enumerate() {
        let d = &docs[i];
        let k = kinds.binary_search_by(|x| x[0].cmp(d.kind)).unwrap_or(0);
        let dep = departments.binary_search(&d.department).unwrap_or(0);
        let v = validities.binary_search_by(|x| x[0].cmp(d.validity)).unwrap_or(0);
        push_digits(k, 1, &mut facets);
        push_digits(v, 1, &mut facets);
        push_digits(dep, dept_width, &mut facets);
        let year = d.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        if years.last().is_none_or(|(y, _)| *y != year) {
            years.push((year, id));
        }
    }
    Meta {
        format: 2,
        version: String::new(),
        docs: order.len(),
        chunk: 1,
        kinds,
        validities,
        departments,
        years,
        facet_width: 2 + dept_width,
        facets,
        shards: Vec::new(),
        synonyms: Vec::new(),
        text_chars: 0,
    }
}

fn digits_for(n: usize) -> usize {
    let mut width = 1;
    while 64usize.pow(width as u32) < n {
        width += 1;
    }
    width
}

fn push_digits(v: usize, width: usize, out: &mut String) {
    for k in (0..width).rev() {
        out.push(ALPHABET[(v >> (6 * k)) & 63] as char);
    }
}

/// One result row: `[url, title, date, 文号 or 编码, excerpt]`; `excerpt` is the start of the
/// body text, shown when the entry has no summary.
fn row(d: &Doc, excerpt: &str) -> [String; 5] {
    let number = if d.doc_number.is_empty() { d.code } else { d.doc_number };
    let excerpt = if d.summary.trim().is_empty() { excerpt.to_string() } else { collapsed(d.summary, EXCERPT_CHARS) };
    [d.url.to_string(), d.title.to_string(), d.date.to_string(), number.to_string(), excerpt]
}

/// Text, whitespace collapsed to single spaces, cut at `max` characters (with `…`).
pub fn collapsed(source: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in source.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count == max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// Doc chunks as JSON arrays of rows, and the number of docs per chunk. `excerpts` are by id:
/// each doc's [`super::Record::excerpt`].
pub fn chunks(docs: &[Doc], order: &[usize], excerpts: &[String]) -> (Vec<Vec<u8>>, usize) {
    let rows: Vec<String> = order
        .iter()
        .zip(excerpts)
        .map(|(&i, excerpt)| serde_json::to_string(&row(&docs[i], excerpt)).unwrap_or_default())
        .collect();
    let total: usize = rows.iter().map(String::len).sum();
    let per_chunk = (TARGET_CHUNK_BYTES * rows.len().max(1) / total.max(1)).clamp(1, 64);
    let files = rows.chunks(per_chunk).map(|c| format!("[{}]", c.join(",")).into_bytes()).collect();
    (files, per_chunk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(url: &'a str, date: &'a str, kind: &'a str, dept: &'a str) -> Doc<'a> {
        Doc {
            url,
            title: "t",
            kind,
            kind_label: "k",
            department: dept,
            date,
            doc_number: "",
            code: "",
            validity: "",
            validity_label: "",
            summary: "",
            text: "",
            labels: String::new(),
        }
    }

    #[test]
    fn newest_first_then_by_url() {
        let docs = [
            doc("/b/", "2024-01-01", "document", ""),
            doc("/a/", "2024-01-01", "document", ""),
            doc("/c/", "2025-01-01", "document", ""),
        ];
        assert_eq!(order(&docs), [2, 1, 0]);
        let m = facets(&docs, &order(&docs));
        assert_eq!(m.years, [(2025, 0), (2024, 1)]);
    }

    #[test]
    fn facets_pack_kind_validity_and_department() {
        let mut repealed = doc("/a/", "2024-01-01", "document", "乙局");
        repealed.validity = "repealed";
        repealed.validity_label = "已废止";
        let docs = [repealed, doc("/b/", "2023-01-01", "approval", "甲局")];
        let m = facets(&docs, &order(&docs));
        assert_eq!(m.kinds, [["approval", "k"], ["document", "k"]]);
        assert_eq!(m.validities, [["", ""], ["repealed", "已废止"]]);
        assert_eq!(m.departments, ["乙局", "甲局"]);
        // Per doc: kind, 有效性, department.
        assert_eq!(m.facets, "110001");
        assert_eq!(m.facet_width, 3);
        assert_eq!(digits_for(64), 1);
        assert_eq!(digits_for(65), 2);
    }

    #[test]
    fn excerpts_prefer_the_summary_and_are_cut() {
        let mut d = doc("/a/", "2024-01-01", "document", "");
        assert_eq!(collapsed("正文\n第二段", EXCERPT_CHARS), "正文 第二段");
        assert_eq!(row(&d, "正文 第二段")[4], "正文 第二段");
        d.summary = "摘要";
        assert_eq!(row(&d, "正文")[4], "摘要");
        let long = "字".repeat(200);
        d.summary = &long;
        assert_eq!(row(&d, "")[4].chars().count(), EXCERPT_CHARS + 1);
    }
}
