//! The search index: built at build time from published entries only, read by
//! `assets/js/search.js` in the browser, with no server.
//!
//! Static-site search tools fail at Chinese because they segment words; this index does not.
//! Every CJK run is indexed as character bigrams (see [`terms`]), so any substring of two
//! or more characters is found by intersecting its bigrams; 文号 and 事项编码 are indexed whole
//! in normalised form, other words lower-cased, and each title as a hash of its whole text
//! ([`terms::title_key`]) so a query equal to a title ranks that entry first. The index is split so the browser downloads
//! only what a query needs:
//!
//! ```text
//! search/index/meta.json          doc count, facets per doc (kind, 有效性, department), year ranges,
//!                                 the first term of each shard, a version for cache busting
//! search/index/shards/{n}.bin     terms in UTF-16 order, cut into ~8 KiB ranges (see [`shards`])
//! search/index/docs/{n}.json      result rows [url, title, date, 文号, excerpt] (see [`table`])
//! search/index/text/{id}.txt       an entry's body text, fetched for the results on screen only,
//!                                 to show the passage that matched
//! search/index/fold.json          the traditional → simplified table the client folds queries with
//! ```
//!
//! Doc ids run newest first, so ranking ties fall to the more recent entry. Everything is
//! sorted before it is written: the same site gives byte-identical files. `docs/search.md`
//! describes the client, the ranking and the measurements.

pub mod record;
mod shards;
pub use record::Record;
pub use shards::decode::shard as decode_shard;
mod t2s;
mod table;
pub mod terms;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use terms::Field;

/// One published entry as the index sees it.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub url: &'a str,
    pub title: &'a str,
    /// `document`, `bulletin`, `approval`, `issue`, `journal`, `page`.
    pub kind: &'a str,
    pub kind_label: &'a str,
    pub department: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// 发文字号 of a document, empty otherwise.
    pub doc_number: &'a str,
    /// 事项编码 of an approval item, empty otherwise.
    pub code: &'a str,
    /// A document's 有效性 (`effective`, `amended`, `expired`, `repealed`), empty otherwise.
    pub validity: &'a str,
    /// Its label (有效, 已修改, 已失效, 已废止), empty otherwise.
    pub validity_label: &'a str,
    pub summary: &'a str,
    /// Plain text of the body (empty when the doc's [`Record`] is made elsewhere).
    pub text: &'a str,
    /// Other names of the entry, space-separated (kind label, series, 体裁, 政策解读): indexed
    /// with the summary's rank.
    pub labels: String,
}

impl<'a> Doc<'a> {
    /// What this doc's [`Record`] is made from.
    pub fn fields(&'a self) -> record::Fields<'a> {
        record::Fields {
            title: self.title,
            summary: self.summary,
            labels: &self.labels,
            doc_number: self.doc_number,
            code: self.code,
            text: self.text,
        }
    }
}

/// Where the index lives under the output folder.
pub const DIR: &str = "search/index";
/// Docs tokenised at once (bounds memory: each holds its term set until merged).
const BATCH: usize = 64;
/// Independent parts of the postings, merged in parallel.
const PARTS: usize = 16;

/// A gram packed into a hash key: the two chars' code points (the second 0 for a run's last
/// character). Grams are nearly all of the terms: an 8-byte key keeps the hash maps small.
#[cfg(test)]
fn pack(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

fn unpack(g: u64) -> String {
    let a = char::from_u32((g >> 32) as u32).unwrap_or('\u{fffd}');
    match g as u32 {
        0 => a.to_string(),
        b => [a, char::from_u32(b).unwrap_or('\u{fffd}')].iter().collect(),
    }
}

fn gram_part(g: u64) -> usize {
    (g.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize % PARTS
}

fn text_part(t: &str) -> usize {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(t) % PARTS as u64) as usize
}

/// One doc's terms in one part: grams and other terms, each with its best field.
#[derive(Default)]
struct Part {
    grams: Vec<(u64, Field)>,
    texts: Vec<(String, Field)>,
}

/// The postings of one part of the index.
#[derive(Default)]
struct Postings {
    grams: FxHashMap<u64, shards::Postings>,
    texts: FxHashMap<String, shards::Postings>,
}

/// The index files, as (path under the output folder, bytes), each doc tokenised from its
/// fields. `synonyms` are site.yaml's `search.synonyms` groups, passed on to the client in
/// `meta.json`.
pub fn build(docs: &[Doc], synonyms: &[Vec<String>]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let record = |i: usize, terms: bool| {
        let f = docs[i].fields();
        Some(if terms { Record::of(&f) } else { Record::text_of(&f) })
    };
    build_with(docs, &record, synonyms, &mut |path, bytes| files.push((path, bytes)));
    files
}

/// The index merged from each doc's [`Record`] (`record(i, true)` for `docs[i]`, then
/// `record(i, false)`, which needs only the text), each file handed to `emit` as soon as it is made: the
/// postings are the only thing held for every doc at once. `None` when a record could not be
/// had (then nothing was emitted but maybe some shards: the caller must fail).
pub fn build_with(
    docs: &[Doc],
    record: &(dyn Fn(usize, bool) -> Option<Record> + Sync),
    synonyms: &[Vec<String>],
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> Option<()> {
    let order = table::order(docs);
    let n_docs = u32::try_from(order.len()).unwrap_or(u32::MAX);
    // Postings are merged in independent parts, by term hash, so every core merges.
    let mut parts: Vec<Postings> = (0..PARTS).map(|_| Postings::default()).collect();
    let mut excerpts: Vec<String> = Vec::with_capacity(order.len());
    for (b, batch) in order.chunks(BATCH).enumerate() {
        // Each doc's terms, split by part: [doc][part].
        let split: Vec<Option<(Vec<Part>, String)>> = batch
            .par_iter()
            .map(|&i| {
                let r = record(i, true)?;
                let mut by: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
                for (k, f) in r.grams {
                    let g = record::packed(k);
                    by[gram_part(g)].grams.push((g, f));
                }
                for (t, f) in r.words {
                    by[text_part(&t)].texts.push((t, f));
                }
                Some((by, r.excerpt))
            })
            .collect();
        // [part][doc], doc ids ascending within each part.
        let mut by_part: Vec<Vec<(u32, Part)>> = (0..PARTS).map(|_| Vec::with_capacity(batch.len())).collect();
        for (k, doc) in split.into_iter().enumerate() {
            let id = (b * BATCH + k) as u32;
            let (doc, excerpt) = doc?;
            excerpts.push(excerpt);
            for (p, terms) in doc.into_iter().enumerate() {
                by_part[p].push((id, terms));
            }
        }
        parts.par_iter_mut().zip(by_part).for_each(|(part, docs)| {
            for (id, terms) in docs {
                for (g, f) in terms.grams {
                    part.grams.entry(g).or_default().push(id, f);
                }
                for (t, f) in terms.texts {
                    part.texts.entry(t).or_default().push(id, f);
                }
            }
        });
    }
    let mut entries: Vec<shards::Entry> = parts
        .into_iter()
        .flat_map(|p| {
            let grams = p.grams.into_iter().map(|(g, postings)| shards::Entry { key: unpack(g), postings });
            grams.chain(p.texts.into_iter().map(|(key, postings)| shards::Entry { key, postings }))
        })
        .collect();
    shards::sort(&mut entries);
    let cut = shards::cut(&entries, n_docs);
    drop(entries);
    let (chunks, per_chunk) = table::chunks(docs, &order, &excerpts);
    drop(excerpts);

    let mut meta = table::facets(docs, &order);
    meta.chunk = per_chunk;
    meta.text_chars = table::TEXT_CHARS;
    meta.synonyms = synonyms.iter().map(|g| g.iter().map(|w| w.chars().map(terms::fold).collect()).collect()).collect();
    // The version hashes the shards, the chunks and the texts, in that order; each file is
    // handed over once hashed, the texts one at a time.
    let mut hash = Fnv::default();
    meta.shards = cut.first_keys;
    for (n, f) in cut.files.into_iter().enumerate() {
        hash.write(&f);
        emit(format!("{DIR}/shards/{n}.bin"), f);
    }
    for (n, f) in chunks.into_iter().enumerate() {
        hash.write(&f);
        emit(format!("{DIR}/docs/{n}.json"), f);
    }
    // The texts are read and decoded a batch at a time on every core, hashed in order.
    for (b, batch) in order.chunks(BATCH).enumerate() {
        let texts: Vec<Option<Vec<u8>>> =
            batch.par_iter().map(|&i| record(i, false).map(|r| r.text.into_bytes())).collect();
        for (k, text) in texts.into_iter().enumerate() {
            let text = text?;
            hash.write(&text);
            emit(format!("{DIR}/text/{}.txt", b * BATCH + k), text);
        }
    }
    meta.version = format!("{:012x}", hash.0 >> 16);
    emit(format!("{DIR}/meta.json"), serde_json::to_vec(&meta).unwrap_or_default());
    emit(format!("{DIR}/fold.json"), fold_table());
    Some(())
}

/// `fold.json`: the traditional → simplified table as one string of pairs (`這这個个…`), for
/// the client to fold a query exactly as [`terms::fold`] folds the text. Fetched only for a
/// query with CJK characters; the same bytes on every build.
fn fold_table() -> Vec<u8> {
    let pairs: String = t2s::PAIRS.iter().flat_map(|&(t, s)| [t, s]).collect();
    serde_json::to_vec(&serde_json::json!({ "t2s": pairs })).unwrap_or_default()
}

/// A key of everything [`build_with`] reads (every field of every doc, in order, the key of
/// each doc's record, `records`, and the synonyms): equal keys give byte-identical index
/// files, so a build may reuse the files of an earlier one with the same key
/// (`output::index_cache`).
pub fn key(docs: &[Doc], records: &[u128], synonyms: &[Vec<String>]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(env!("CARGO_PKG_VERSION"));
    for group in synonyms {
        field("synonyms");
        group.iter().for_each(|w| field(w));
    }
    for d in docs {
        let Doc {
            url,
            title,
            kind,
            kind_label,
            department,
            date,
            doc_number,
            code,
            validity,
            validity_label,
            summary,
            text,
            labels,
        } = d;
        for s in
            [url, title, kind, kind_label, department, date, doc_number, code, validity, validity_label, summary, text]
        {
            field(s);
        }
        field(labels);
    }
    for k in records {
        h.update(&k.to_le_bytes());
    }
    h.digest128()
}

/// FNV-1a, 64 bit: a stable fingerprint of the index for cache busting.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests;
