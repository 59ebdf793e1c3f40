//! The search index of a rendering, merged from each entry's record
//! ([`crate::search::Record`]: its terms and its text for the matched passage). A build makes
//! (or finds in its [`TermCache`]) each record in the body pass, where the text is at hand,
//! and keeps it in the cache's file; the preview keeps the records in memory ([`Memo`]), so
//! an edit re-tokenises only the entry it changed. Either way an entry is tokenised only when
//! the key of its indexed fields ([`crate::search::record::key`]) is new.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::bodies::Model;
use super::records::{interprets, labels, Rec};
use super::{IndexCache, Output, Sink, TermCache};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::search::record;
use crate::search::{Doc, Record};
use crate::urls::BaseUrl;

/// The preview's records of the last index, encoded, by key.
pub type Memo = Arc<Mutex<HashMap<u128, Arc<[u8]>>>>;

/// The search index over published entries (drafts are never indexed), handed to `out` file
/// by file: from `cache` when an earlier build indexed exactly the same fields, else merged
/// from the records (the build's, from `terms`; else made here, reusing `memo`'s), and handed
/// to `cache`. The records made here are left in `memo`.
pub fn index(
    base: &BaseUrl,
    synonyms: &[Vec<String>],
    model: &Model,
    out: &dyn Sink,
    (cache, terms): (Option<&dyn IndexCache>, Option<&dyn TermCache>),
    memo: &Memo,
    diags: &mut Diagnostics,
) {
    let hrefs = hrefs(base, model);
    let (docs, idx) = search_docs(model, &hrefs);
    let problem = Mutex::new(None);
    let (keys, made) = match terms {
        Some(_) => (idx.iter().map(|&v| model.record_keys[v]).collect(), Vec::new()),
        None => made(&docs, &memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
    };
    let record = |i: usize, terms_too: bool| -> Option<Record> {
        let got = match (&model.records.get(idx[i]).and_then(Option::as_ref), terms) {
            (Some(Rec::Kept(k)), Some(t)) => t.read(*k).map_err(|e| (t.path(), e)),
            (Some(Rec::Here(b)), _) => Ok(b.to_vec()),
            _ => Ok(made.get(i).map(|b| b.to_vec()).unwrap_or_default()),
        };
        let decode = if terms_too { Record::decode_terms } else { Record::decode_text };
        let decoded = got.as_deref().ok().and_then(decode);
        if decoded.is_none() {
            let damaged = || (terms.map(|t| t.path()).unwrap_or_default(), std::io::Error::other("damaged record"));
            *problem.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some(got.err().unwrap_or_else(damaged));
        }
        decoded
    };
    let key = cache.map(|_| crate::search::key(&docs, &keys, synonyms));
    let mut files = Batch { out, files: Vec::new(), bytes: 0 };
    let mut emit = |path: String, bytes: Vec<u8>| files.add(path, bytes);
    let built = match (cache, key) {
        (Some(c), Some(k)) if c.get(k, &mut emit) => Some(()),
        (Some(c), Some(k)) => {
            let mut keeper = c.keep(k);
            let built = crate::search::build_with(&docs, &record, synonyms, &mut |path, bytes| {
                keeper.file(&path, &bytes);
                emit(path, bytes);
            });
            if built.is_some() {
                keeper.finish();
            }
            built
        }
        _ => crate::search::build_with(&docs, &record, synonyms, &mut emit),
    };
    files.flush();
    if let Some(t) = terms {
        crate::diagnostics::timing_note(&format!(
            "search records: {} tokenised, {} from the term cache",
            docs.len().saturating_sub(t.reused()),
            t.reused()
        ));
    }
    match built {
        Some(()) => match terms {
            Some(t) => t.commit(),
            None => {
                *memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = keys.into_iter().zip(made).collect()
            }
        },
        None => {
            let unknown = || (String::new(), std::io::Error::other("a search record could not be read"));
            let (path, e) = problem.into_inner().ok().flatten().unwrap_or_else(unknown);
            diags.push(Diagnostic::error(path, 0, 0, crate::messages::content::unreadable_file(&e)));
        }
    }
}

/// The index's files on their way to the output: made (or read from the cache) one after
/// another, but written a batch at a time on every core, so that writing some ten thousand
/// small files does not keep one core busy while the other has finished the pages.
struct Batch<'a> {
    out: &'a dyn Sink,
    files: Vec<(String, Vec<u8>)>,
    bytes: usize,
}

impl Batch<'_> {
    /// At most this many files, or about this many bytes, wait to be written.
    const FILES: usize = 256;
    const BYTES: usize = 4 << 20;

    fn add(&mut self, path: String, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.files.push((path, bytes));
        if self.files.len() >= Self::FILES || self.bytes >= Self::BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let out = self.out;
        std::mem::take(&mut self.files).into_par_iter().for_each(|(path, bytes)| out.add(path, bytes));
        self.bytes = 0;
    }
}

/// Each doc's record key, and its record: from `memo` when its key is there, else tokenised.
fn made(docs: &[Doc], memo: &HashMap<u128, Arc<[u8]>>) -> (Vec<u128>, Vec<Arc<[u8]>>) {
    docs.par_iter()
        .map(|d| {
            let f = d.fields();
            let key = record::key(&f);
            let rec = memo.get(&key).cloned().unwrap_or_else(|| Record::of(&f).encode().into());
            (key, rec)
        })
        .unzip()
}

/// The search index as a job that owns its input, so the preview can run it on another thread
/// after the browser has reloaded: only the entries whose indexed fields changed since the
/// last index are tokenised again.
pub fn job(
    model: &Model,
    base: &BaseUrl,
    synonyms: &[Vec<String>],
    memo: &Memo,
) -> impl FnOnce() -> Output + Send + 'static {
    let hrefs = hrefs(base, model);
    let synonyms = synonyms.to_vec();
    let memo = memo.clone();
    let rows: Vec<[String; 13]> = search_docs(model, &hrefs)
        .0
        .iter()
        .map(|d| {
            [
                d.url,
                d.title,
                d.kind,
                d.kind_label,
                d.department,
                d.date,
                d.doc_number,
                d.code,
                d.summary,
                d.text,
                d.validity,
                d.validity_label,
                &d.labels,
            ]
            .map(str::to_string)
        })
        .collect();
    move || {
        let docs: Vec<Doc> = rows
            .iter()
            .map(|r| Doc {
                url: &r[0],
                title: &r[1],
                kind: &r[2],
                kind_label: &r[3],
                department: &r[4],
                date: &r[5],
                doc_number: &r[6],
                code: &r[7],
                summary: &r[8],
                text: &r[9],
                validity: &r[10],
                validity_label: &r[11],
                labels: r[12].clone(),
            })
            .collect();
        let (keys, made) = made(&docs, &memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let record =
            |i: usize, terms: bool| if terms { Record::decode_terms(&made[i]) } else { Record::decode_text(&made[i]) };
        let mut out = Output::default();
        crate::search::build_with(&docs, &record, &synonyms, &mut |path, bytes| out.add(path, bytes));
        *memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = keys.into_iter().zip(made).collect();
        out
    }
}

/// The emitted URL of every view, by view index (the rows of the index link with these).
fn hrefs(base: &BaseUrl, model: &Model) -> Vec<String> {
    model.views.iter().map(|v| base.href(&v.url)).collect()
}

/// What the index sees of each published entry, and the index of its view.
fn search_docs<'a>(model: &'a Model, hrefs: &'a [String]) -> (Vec<Doc<'a>>, Vec<usize>) {
    model
        .views
        .iter()
        .zip(&model.texts)
        .zip(hrefs)
        .enumerate()
        .filter(|(_, ((v, _), _))| v.draft.is_empty())
        .map(|(i, ((v, text), href))| {
            let doc = Doc {
                url: href,
                title: &v.title,
                kind: if interprets(v) { "interpretation" } else { v.kind.key() },
                kind_label: if interprets(v) { "政策解读" } else { v.kind_label },
                department: &v.department,
                date: &v.date,
                doc_number: v.doc.as_ref().map_or("", |d| d.doc_number.as_str()),
                code: v.item.as_ref().map_or("", |i| i.code.as_str()),
                validity: v.doc.as_ref().map_or("", |d| d.validity.key()),
                validity_label: v.doc.as_ref().map_or("", |d| d.validity_label),
                summary: &v.summary,
                text,
                labels: labels(v),
            };
            (doc, i)
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, text: &'a str) -> Doc<'a> {
        Doc {
            url: "/documents/a/",
            title,
            kind: "document",
            kind_label: "政府文件",
            department: "",
            date: "2025-01-01",
            doc_number: "",
            code: "",
            validity: "",
            validity_label: "",
            summary: "",
            text,
            labels: String::new(),
        }
    }

    /// The preview's index job: a record whose fields did not change is the one of the last
    /// index (the same allocation), a changed one is made anew, and a doc gone is forgotten.
    #[test]
    fn only_changed_docs_are_tokenised_again() {
        let docs = [doc("甲", "第一份正文"), doc("乙", "第二份正文"), doc("丙", "第三份正文")];
        let (keys, made_first) = made(&docs, &HashMap::new());
        let memo: HashMap<u128, Arc<[u8]>> = keys.iter().copied().zip(made_first.iter().cloned()).collect();
        let edited = [doc("甲", "第一份正文"), doc("乙", "改写后的正文")];
        let (keys2, made2) = made(&edited, &memo);
        assert_eq!(keys2[0], keys[0]);
        assert!(Arc::ptr_eq(&made2[0], &made_first[0]), "unchanged: reused");
        assert_ne!(keys2[1], keys[1]);
        assert!(!Arc::ptr_eq(&made2[1], &made_first[1]), "changed: tokenised again");
        assert_eq!(Record::decode(&made2[1]), Some(Record::of(&edited[1].fields())));
    }
}
