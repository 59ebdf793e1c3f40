//! One entry's share of the index, apart from the others: its terms with the best field each
//! was found in, and its body text as `text/{id}.txt` ships it. The index is merged from these
//! ([`super::build_with`]), so an entry whose indexed text did not change is never tokenised
//! again: a build keeps each record by its [`key`] (`output::term_cache`), the preview in
//! memory.
//!
//! Encoded, a record is small: the grams sorted and delta-coded (about 2–3 bytes each, where
//! the text took 3 bytes per character and the term set 16 bytes per gram), then the other
//! terms, then the text.
//!
//! ```text
//! gram count, then per gram varint((gap << 2) | field), gap = key − previous key (key = a << 21 | b)
//! word count, then per word: field, length, UTF-8
//! text length, UTF-8 (whitespace collapsed, cut at TEXT_CHARS)
//! excerpt length, UTF-8 (only for an entry without a summary)
//! ```

use rustc_hash::FxHashMap;

use super::table::{collapsed, EXCERPT_CHARS, TEXT_CHARS};
use super::terms::{self, Field, Term};

/// What an entry's terms are read from (the indexed fields of [`super::Doc`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fields<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub labels: &'a str,
    pub doc_number: &'a str,
    pub code: &'a str,
    /// Plain text of the body.
    pub text: &'a str,
}

/// An entry's terms and its text for the matched passage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Grams as `a << 21 | b` (`b` 0 for a run's last character), ascending, with their field.
    pub grams: Vec<(u64, Field)>,
    /// Every other term, ascending, with its field.
    pub words: Vec<(String, Field)>,
    /// The body text, whitespace collapsed, cut at `TEXT_CHARS`.
    pub text: String,
    /// The start of the text a result shows, for an entry without a summary (else empty).
    pub excerpt: String,
}

/// A key of everything a record is made from, and of the rules that make it: equal keys give
/// equal records.
pub fn key(f: &Fields) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    // The tokeniser's rules change with the program: another version never shares a record.
    for s in [env!("CARGO_PKG_VERSION"), "record 1", f.title, f.summary, f.labels, f.doc_number, f.code, f.text] {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    h.digest128()
}

fn compact(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 21) | u64::from(b as u32)
}

/// The gram of a compact key, packed as the index's maps key it (`search::pack`).
pub fn packed(k: u64) -> u64 {
    ((k >> 21) << 32) | (k & 0x1F_FFFF)
}

impl Record {
    /// Only the text of an entry's record, without tokenising.
    pub fn text_of(f: &Fields) -> Record {
        Record { text: collapsed(f.text, TEXT_CHARS), ..Record::default() }
    }

    /// Tokenise an entry's fields.
    pub fn of(f: &Fields) -> Record {
        // Grams as `key << 2 | field`, duplicates and all: sorted, the last of each key is the
        // best field it was found in (cheaper than a map per entry, and sorted for the code).
        let mut grams: Vec<u64> = Vec::with_capacity(f.text.len() / 3 + f.title.len() + f.summary.len() / 3 + 16);
        let mut words: FxHashMap<String, Field> = FxHashMap::default();
        for (text, field) in [
            (f.text, Field::Body),
            (f.summary, Field::Summary),
            (f.labels, Field::Summary),
            (f.doc_number, Field::Number),
            (f.code, Field::Number),
            (f.title, Field::Title),
        ] {
            terms::scan(text, field, &mut |t| match t {
                Term::Gram([a, b]) => grams.push((compact(a, b) << 2) | field as u64),
                Term::Text(s) => {
                    let best = words.entry(s).or_insert(field);
                    *best = (*best).max(field);
                }
            });
        }
        if let Some(key) = terms::title_key(f.title) {
            words.insert(key, Field::Title);
        }
        grams.sort_unstable();
        let mut best: Vec<(u64, Field)> = Vec::with_capacity(grams.len());
        for v in grams {
            let (k, field) = (v >> 2, Field::from_bits((v & 3) as u32));
            match best.last_mut() {
                Some(last) if last.0 == k => last.1 = field,
                _ => best.push((k, field)),
            }
        }
        let grams = best;
        let mut words: Vec<(String, Field)> = words.into_iter().collect();
        words.sort_unstable();
        let excerpt = if f.summary.trim().is_empty() { collapsed(f.text, EXCERPT_CHARS) } else { String::new() };
        Record { grams, words, text: collapsed(f.text, TEXT_CHARS), excerpt }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.grams.len() * 3 + self.text.len() + 16);
        varint(self.grams.len() as u64, &mut out);
        let mut last = 0;
        for &(k, f) in &self.grams {
            varint(((k - last) << 2) | f as u64, &mut out);
            last = k;
        }
        varint(self.words.len() as u64, &mut out);
        for (w, f) in &self.words {
            out.push(*f as u8);
            varint(w.len() as u64, &mut out);
            out.extend_from_slice(w.as_bytes());
        }
        for s in [&self.text, &self.excerpt] {
            varint(s.len() as u64, &mut out);
            out.extend_from_slice(s.as_bytes());
        }
        out
    }

    /// Only the text of an encoded record (the terms skipped, not decoded): what the index
    /// needs of each record a second time, for `text/{id}.txt`.
    pub fn decode_text(bytes: &[u8]) -> Option<Record> {
        let mut r = Reader(bytes);
        r.skip_terms()?;
        let text = r.string()?;
        r.bytes()?;
        r.0.is_empty().then_some(Record { text, ..Record::default() })
    }

    /// The terms and excerpt of an encoded record, its text left out (checked for length only):
    /// what the index merges.
    pub fn decode_terms(bytes: &[u8]) -> Option<Record> {
        Self::decode_with(bytes, false)
    }

    /// A record from [`Record::encode`]'s bytes; `None` for anything else.
    pub fn decode(bytes: &[u8]) -> Option<Record> {
        Self::decode_with(bytes, true)
    }

    fn decode_with(bytes: &[u8], with_text: bool) -> Option<Record> {
        let mut r = Reader(bytes);
        let n = usize::try_from(r.varint()?).ok()?;
        let mut grams = Vec::with_capacity(n.min(bytes.len()));
        let mut last = 0u64;
        for _ in 0..n {
            let v = r.varint()?;
            last = last.checked_add(v >> 2)?;
            grams.push((last, Field::from_bits((v & 3) as u32)));
        }
        let n = usize::try_from(r.varint()?).ok()?;
        let mut words = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let f = Field::from_bits(u32::from(*r.take(1)?.first()?));
            words.push((r.string()?, f));
        }
        let text = if with_text { r.string()? } else { r.bytes().map(|_| String::new())? };
        let excerpt = r.string()?;
        r.0.is_empty().then_some(Record { grams, words, text, excerpt })
    }
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        self.take(len)
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    fn skip_terms(&mut self) -> Option<()> {
        for _ in 0..self.varint()? {
            self.varint()?;
        }
        for _ in 0..self.varint()? {
            self.take(1)?;
            self.bytes()?;
        }
        Some(())
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Fields<'_> {
        Fields {
            title: "关于印发《营商环境实施方案》的通知",
            summary: "摘要",
            labels: "政府文件 通知",
            doc_number: "云政发〔2024〕3号",
            code: "",
            text,
        }
    }

    #[test]
    fn encoding_round_trips_and_rejects_damage() {
        let r = Record::of(&fields("为进一步优化营商环境，激发市场主体活力。PM2.5 浓度下降 𠀀字。\n\n第二段  文字"));
        assert!(r.grams.windows(2).all(|w| w[0].0 < w[1].0), "grams sorted and distinct");
        assert!(r.grams.iter().any(|&(k, f)| k == compact('营', '商') && f == Field::Title), "the best field wins");
        assert!(r.grams.iter().any(|&(k, f)| k == compact('第', '二') && f == Field::Body));
        assert!(r.grams.iter().any(|&(k, _)| k == compact('𠀀', '字')));
        assert!(r.words.iter().any(|(w, f)| w == "云政发〔2024〕3号" && *f == Field::Number));
        let bytes = r.encode();
        assert_eq!(Record::decode(&bytes), Some(r.clone()));
        let text = Record::decode_text(&bytes).unwrap();
        assert_eq!((text.text.as_str(), text.grams.len()), (r.text.as_str(), 0));
        let terms = Record::decode_terms(&bytes).unwrap();
        assert_eq!((&terms.grams, &terms.words, terms.text.as_str()), (&r.grams, &r.words, ""));
        assert_eq!(Record::decode_text(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Record::decode(&bytes[..bytes.len() - 1]), None, "truncated");
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Record::decode(&longer), None, "trailing bytes");
        assert_eq!(Record::decode(&Record::default().encode()), Some(Record::default()));
    }

    #[test]
    fn grams_are_smaller_than_the_text() {
        let text = "为进一步优化营商环境，激发市场主体活力，现就有关事项通知如下。".repeat(20);
        let r = Record::of(&fields(&text));
        let terms = r.encode().len() - r.text.len();
        assert!(terms < text.len() / 2, "{terms} bytes of terms for {} bytes of text", text.len());
    }

    #[test]
    fn packed_keys_are_the_index_keys() {
        assert_eq!(packed(compact('营', '商')), super::super::pack('营', '商'));
        assert_eq!(packed(compact('商', '\0')), super::super::pack('商', '\0'));
    }

    #[test]
    fn the_excerpt_is_kept_only_without_a_summary() {
        let text = format!("{}  \n 尾", "字".repeat(EXCERPT_CHARS + 5));
        assert_eq!(Record::of(&fields(&text)).excerpt, "");
        let r = Record::of(&Fields { summary: " ", ..fields(&text) });
        assert_eq!(r.excerpt, collapsed(&text, EXCERPT_CHARS));
        assert_eq!(Record::decode(&r.encode()), Some(r));
    }

    #[test]
    fn keys_change_with_every_field() {
        let base = fields("正文");
        let k = key(&base);
        assert_eq!(k, key(&fields("正文")));
        for changed in [
            Fields { text: "正文。", ..base },
            Fields { title: "标题", ..base },
            Fields { summary: "", ..base },
            Fields { labels: "", ..base },
            Fields { doc_number: "", ..base },
            Fields { code: "x-1", ..base },
        ] {
            assert_ne!(key(&changed), k);
        }
        // Fields are length-prefixed: moving text between them changes the key.
        assert_ne!(
            key(&Fields { title: "ab", summary: "", ..base }),
            key(&Fields { title: "a", summary: "b", ..base })
        );
    }
}
