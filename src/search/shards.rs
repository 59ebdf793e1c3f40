//! Postings → binary shard files, cut by term range so a query fetches only the shards of its
//! terms (and a one-character prefix scan touches one or two neighbouring shards).
//!
//! A shard is `GKS1`, then the term count, then per term, in UTF-16 order (the order of a
//! JavaScript string comparison): key length, key (UTF-8), encoding, count, data length,
//! data. Numbers are unsigned LEB128 varints. A posting is a doc id and the best [`Field`]
//! the term was found in. Encoding 0 lists postings as `(gap << 2) | field`, where gap is the
//! distance from the previous id minus one; encoding 1, for terms in many entries, is a
//! bitmap of the ids (LSB first) followed by the postings whose field is above body, listed
//! the same way. Each term takes whichever encoding is smaller.

use super::terms::Field;

/// Aim for shards about this big; a shard is cut before the term that would overflow it.
pub const TARGET_SHARD_BYTES: usize = 8 * 1024;

/// One term and its postings, sorted by doc id.
pub struct Entry {
    pub key: String,
    pub postings: Postings,
}

/// The postings of one term, added in ascending doc-id order and kept as the `(gap << 2) |
/// field` varints of encoding 0: about one byte each, where a `(u32, Field)` pair takes eight.
/// The index of a large site holds millions of postings, so this is most of its memory.
#[derive(Clone, Debug, Default)]
pub struct Postings {
    data: Vec<u8>,
    count: u32,
    next: u32,
}

impl Postings {
    /// Add a posting; `id` must be above every id added before.
    pub fn push(&mut self, id: u32, field: Field) {
        debug_assert!(id >= self.next, "postings out of order");
        varint(((id.saturating_sub(self.next)) << 2) | field as u32, &mut self.data);
        self.next = id + 1;
        self.count += 1;
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// (doc id, field) in ascending id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Field)> + '_ {
        let mut pos = 0;
        let mut next = 0u32;
        std::iter::from_fn(move || {
            let mut v = 0u32;
            let mut shift = 0;
            loop {
                let b = *self.data.get(pos)?;
                pos += 1;
                v |= u32::from(b & 0x7F) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
            }
            let id = next + (v >> 2);
            next = id + 1;
            Some((id, Field::from_bits(v & 3)))
        })
    }
}

impl FromIterator<(u32, Field)> for Postings {
    fn from_iter<I: IntoIterator<Item = (u32, Field)>>(items: I) -> Self {
        let mut p = Postings::default();
        for (id, field) in items {
            p.push(id, field);
        }
        p
    }
}

/// The shard files, and the first key of each (the client's directory).
pub struct Shards {
    pub files: Vec<Vec<u8>>,
    pub first_keys: Vec<String>,
}

/// Sort in UTF-16 code-unit order, which is how the client compares keys.
pub fn sort(entries: &mut [Entry]) {
    use rayon::prelude::*;
    // Stable, like `sort_by`: the same order on every core count.
    entries.par_sort_by(|a, b| a.key.encode_utf16().cmp(b.key.encode_utf16()));
}

/// Cut sorted entries into shards of about [`TARGET_SHARD_BYTES`] over `n_docs` doc ids.
pub fn cut(entries: &[Entry], n_docs: u32) -> Shards {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut first_keys = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut count = 0u32;
    let encoded: Vec<Vec<u8>> = entries.par_iter().map(|e| encode_entry(e, n_docs)).collect();
    for (e, encoded) in entries.iter().zip(encoded) {
        if count > 0 && current.len() + encoded.len() > TARGET_SHARD_BYTES {
            files.push(finish(&current, count));
            current.clear();
            count = 0;
        }
        if count == 0 {
            first_keys.push(e.key.clone());
        }
        current.extend_from_slice(&encoded);
        count += 1;
    }
    if count > 0 || files.is_empty() {
        if first_keys.is_empty() {
            first_keys.push(String::new());
        }
        files.push(finish(&current, count));
    }
    Shards { files, first_keys }
}

fn finish(body: &[u8], count: u32) -> Vec<u8> {
    let mut out = b"GKS1".to_vec();
    varint(count, &mut out);
    out.extend_from_slice(body);
    out
}

fn encode_entry(e: &Entry, n_docs: u32) -> Vec<u8> {
    let list = &e.postings.data;
    let raised: Vec<(u32, Field)> = e.postings.iter().filter(|(_, f)| *f > Field::Body).collect();
    let bitmap_len = n_docs.div_ceil(8) as usize;
    let raised_list = gaps(raised.iter().copied());
    let mut out = Vec::with_capacity(list.len().min(bitmap_len + raised_list.len()) + 16);
    varint(e.key.len() as u32, &mut out);
    out.extend_from_slice(e.key.as_bytes());
    if bitmap_len + raised_list.len() < list.len() {
        let mut bits = vec![0u8; bitmap_len];
        for (id, _) in e.postings.iter() {
            bits[(id / 8) as usize] |= 1 << (id % 8);
        }
        out.push(1);
        varint(raised.len() as u32, &mut out);
        varint((bits.len() + raised_list.len()) as u32, &mut out);
        out.extend_from_slice(&bits);
        out.extend_from_slice(&raised_list);
    } else {
        out.push(0);
        varint(e.postings.len() as u32, &mut out);
        varint(list.len() as u32, &mut out);
        out.extend_from_slice(list);
    }
    out
}

/// `(gap << 2) | field` varints for ascending ids.
fn gaps(postings: impl Iterator<Item = (u32, Field)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for (id, field) in postings {
        varint(((id - next) << 2) | field as u32, &mut out);
        next = id + 1;
    }
    out
}

pub fn varint(mut v: u32, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Decoding, the mirror of `search.js`, for tests and measurement.
/// Reading shards back: used by tests and by anyone auditing an index (no panics on bad input
/// are promised: it asserts the format).
pub mod decode {
    use std::collections::BTreeMap;

    fn varint(b: &[u8], at: &mut usize) -> u32 {
        let (mut v, mut shift) = (0u32, 0);
        loop {
            let byte = b[*at];
            *at += 1;
            v |= u32::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    fn list(b: &[u8], count: u32, out: &mut BTreeMap<u32, u8>) {
        let (mut at, mut next) = (0, 0u32);
        for _ in 0..count {
            let v = varint(b, &mut at);
            let id = next + (v >> 2);
            out.insert(id, (v & 3) as u8);
            next = id + 1;
        }
    }

    /// Every term of a shard with its postings (doc id → field).
    pub fn shard(b: &[u8], n_docs: u32) -> BTreeMap<String, BTreeMap<u32, u8>> {
        assert_eq!(&b[..4], b"GKS1");
        let mut at = 4;
        let n = varint(b, &mut at);
        let mut out = BTreeMap::new();
        for _ in 0..n {
            let klen = varint(b, &mut at) as usize;
            let key = String::from_utf8(b[at..at + klen].to_vec()).unwrap();
            at += klen;
            let enc = b[at];
            at += 1;
            let count = varint(b, &mut at);
            let len = varint(b, &mut at) as usize;
            let data = &b[at..at + len];
            at += len;
            let mut postings = BTreeMap::new();
            if enc == 1 {
                let bl = n_docs.div_ceil(8) as usize;
                for id in 0..n_docs {
                    if data[(id / 8) as usize] & (1 << (id % 8)) != 0 {
                        postings.insert(id, 0);
                    }
                }
                list(&data[bl..], count, &mut postings);
            } else {
                list(data, count, &mut postings);
            }
            out.insert(key, postings);
        }
        out
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Postings kept as gap varints give back exactly the ascending ids and fields added.
        #[test]
        fn postings_round_trip(gaps in proptest::collection::vec((0u32..5_000, 0u32..4), 0..300)) {
            let mut id = 0u32;
            let items: Vec<(u32, Field)> = gaps
                .iter()
                .map(|&(g, f)| {
                    id += g;
                    let item = (id, Field::from_bits(f));
                    id += 1;
                    item
                })
                .collect();
            let p: Postings = items.iter().copied().collect();
            proptest::prop_assert_eq!(p.len(), items.len());
            proptest::prop_assert_eq!(p.iter().collect::<Vec<_>>(), items);
        }
    }
    use super::*;

    fn entry(key: &str, ids: &[(u32, Field)]) -> Entry {
        Entry { key: key.into(), postings: ids.iter().copied().collect() }
    }

    #[test]
    fn sparse_and_dense_terms_round_trip() {
        let n = 1000;
        let dense: Vec<(u32, Field)> =
            (0..n).map(|i| (i, if i % 100 == 0 { Field::Title } else { Field::Body })).collect();
        let mut entries = vec![
            entry("环境", &dense),
            entry("营商", &[(3, Field::Summary), (700, Field::Body)]),
            entry("a", &[(0, Field::Number)]),
        ];
        sort(&mut entries);
        let shards = cut(&entries, n);
        assert_eq!(shards.files.len(), 1);
        assert_eq!(shards.first_keys, ["a"]);
        let decoded = decode::shard(&shards.files[0], n);
        assert_eq!(decoded["营商"].iter().collect::<Vec<_>>(), [(&3, &1), (&700, &0)]);
        assert_eq!(decoded["环境"].len(), 1000);
        assert_eq!(decoded["环境"][&100], 3);
        assert_eq!(decoded["环境"][&101], 0);
        // The dense term took the bitmap: 125 bytes plus 10 raised postings, not 1000 bytes.
        assert!(shards.files[0].len() < 300, "{}", shards.files[0].len());
    }

    #[test]
    fn keys_sort_as_javascript_compares_them() {
        // U+FF5E sorts after U+20000 by code point, before it in UTF-16.
        let mut entries = vec![entry("～", &[]), entry("𠀀", &[]), entry("云", &[])];
        sort(&mut entries);
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["云", "𠀀", "～"]);
    }

    #[test]
    fn shards_are_cut_near_the_target() {
        let n = 50_000;
        let entries: Vec<Entry> = (0..2000)
            .map(|i| entry(&format!("w{i:05}"), &(0..40).map(|k| (k * 997 + i, Field::Body)).collect::<Vec<_>>()))
            .collect();
        let shards = cut(&entries, n);
        assert!(shards.files.len() > 2);
        for f in &shards.files {
            assert!(f.len() <= TARGET_SHARD_BYTES + 16);
        }
        assert_eq!(shards.first_keys[0], "w00000");
    }

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        varint(300, &mut out);
        assert_eq!(out, [0xAC, 0x02]);
    }
}
