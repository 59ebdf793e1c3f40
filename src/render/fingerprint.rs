//! Fingerprints of template contexts, so the preview re-renders only pages whose context
//! changed.
//!
//! A context is hashed value by value (no JSON in between). Each map is hashed on its own and
//! its hash fed to its parent, so a map whose hash is already known — an entry's list value,
//! shared by every page that lists the entry — costs one lookup ([`Memo`]) and gives the same
//! fingerprint as hashing it again. Hashing also names the entries whose list values a context
//! holds ([`Shown`]): the pages that show an entry, which the preview's planner keeps so that an
//! edit re-renders only those.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use tera::Value;

/// Known hashes of maps, by address, with the entry each belongs to ([`NOT_AN_ENTRY`] for other
/// maps). Built from values the caller keeps alive for as long as the memo is used, so an
/// address cannot be reused by another map meanwhile.
#[derive(Default)]
pub struct Memo(HashMap<usize, (u64, u32)>);

/// The entry of a memo's map that is not an entry's list value (the site's value).
const NOT_AN_ENTRY: u32 = u32::MAX;

/// The entries whose list values a hashed value holds (indices, unsorted, may repeat).
pub type Shown = Vec<u32>;

impl Memo {
    /// The hashes of `values` (entries' list values), each computed once, in parallel.
    pub fn of(values: &[Value]) -> (Memo, Vec<u64>) {
        let hashes: Vec<u64> = values.par_iter().map(own).collect();
        (Memo::from_hashes(values, &hashes), hashes)
    }

    /// Remember the hash of `v` (keep `v` alive while the memo is used).
    pub fn insert(&mut self, v: &Value) {
        if let Some(a) = address(v) {
            self.0.insert(a, (own(v), NOT_AN_ENTRY));
        }
    }

    /// Entry `i`'s list value changed: forget the old one's address (`old`), remember `v`'s.
    pub fn replace(&mut self, old: Option<usize>, v: &Value, hash: u64, i: usize) {
        if let Some(a) = old {
            self.0.remove(&a);
        }
        if let Some(a) = address(v) {
            self.0.insert(a, (hash, i as u32));
        }
    }

    /// A memo from hashes computed earlier (`hashes[i]` of `values[i]`).
    pub fn from_hashes(values: &[Value], hashes: &[u64]) -> Memo {
        let known = values.iter().zip(hashes).enumerate();
        Memo(known.filter_map(|(i, (v, &h))| Some((address(v)?, (h, i as u32)))).collect())
    }
}

/// The hash a memo keeps for `v`: a map's own hash (what its parent is fed), or the value's.
pub fn own(v: &Value) -> u64 {
    match v.as_map() {
        Some(m) => map(m, &Memo::default(), &mut Shown::new()),
        None => value(v, &Memo::default()),
    }
}

fn map(m: &tera::Map, memo: &Memo, shown: &mut Shown) -> u64 {
    let mut s = DefaultHasher::new();
    s.write_usize(m.len());
    for (k, x) in m {
        k.hash(&mut s);
        feed(x, memo, &mut s, shown);
    }
    s.finish()
}

/// The address that identifies a map value (tera shares maps: a clone has the same address).
pub fn address(v: &Value) -> Option<usize> {
    v.as_map().map(|m| std::ptr::from_ref(m) as usize)
}

/// The hash of one value.
pub fn value(v: &Value, memo: &Memo) -> u64 {
    let mut h = DefaultHasher::new();
    feed(v, memo, &mut h, &mut Shown::new());
    h.finish()
}

/// Feed `v` into `h`; the entries whose list values it holds are added to `shown`.
pub fn feed(v: &Value, memo: &Memo, h: &mut DefaultHasher, shown: &mut Shown) {
    if let Some(m) = v.as_map() {
        let sub = match address(v).and_then(|a| memo.0.get(&a).copied()) {
            Some((hash, entry)) => {
                if entry != NOT_AN_ENTRY {
                    shown.push(entry);
                }
                hash
            }
            None => map(m, memo, shown),
        };
        h.write_u8(b'm');
        h.write_u64(sub);
    } else if let Some(a) = v.as_array() {
        h.write_u8(b'a');
        h.write_usize(a.len());
        for x in a {
            feed(x, memo, h, shown);
        }
    } else if let Some(s) = v.as_str() {
        h.write_u8(if v.is_safe() { b'S' } else { b's' });
        s.hash(h);
    } else if let Some(b) = v.as_bool() {
        h.write_u8(b'b');
        b.hash(h);
    } else if let Some(n) = v.as_i64() {
        h.write_u8(b'i');
        n.hash(h);
    } else if let Some(n) = v.as_u64() {
        h.write_u8(b'u');
        n.hash(h);
    } else if let Some(n) = v.as_f64() {
        h.write_u8(b'f');
        n.to_bits().hash(h);
    } else if v.is_none() {
        h.write_u8(b'n');
    } else if let Some(b) = v.as_bytes() {
        h.write_u8(b'B');
        b.hash(h);
    } else {
        // Undefined, or a number only a 128-bit integer holds.
        h.write_u8(b'x');
        v.to_string().hash(h);
    }
}

/// `v` with every map whose address is a key of `new` replaced by its value there (an entry's
/// old list value by its new one), rebuilding only the maps and arrays on the way to them;
/// `None` when `v` holds none of them.
pub fn substitute(v: &Value, new: &HashMap<usize, Value>) -> Option<Value> {
    if let Some(m) = v.as_map() {
        if let Some(n) = address(v).and_then(|a| new.get(&a)) {
            return Some(n.clone());
        }
        let mut out: Option<tera::Map> = None;
        for (k, x) in m {
            if let Some(n) = substitute(x, new) {
                // Replacing the value of a key keeps its place.
                out.get_or_insert_with(|| m.clone()).insert(k.clone(), n);
            }
        }
        let out = out?;
        Some(Value::from(out))
    } else if let Some(a) = v.as_array() {
        let mut out: Option<Vec<Value>> = None;
        for (k, x) in a.iter().enumerate() {
            if let Some(n) = substitute(x, new) {
                out.get_or_insert_with(|| a.to_vec())[k] = n;
            }
        }
        out.map(Value::from)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> Value {
        let mut m = tera::Map::new();
        m.insert("title".into(), Value::from(title));
        m.insert("n".into(), Value::from(3u64));
        Value::from(m)
    }

    #[test]
    fn a_known_map_hashes_as_if_walked() {
        let cards = vec![card("甲"), card("乙")];
        let list = Value::from(cards.clone());
        let (memo, hashes) = Memo::of(&cards);
        assert_eq!(value(&list, &memo), value(&list, &Memo::default()));
        assert_eq!(hashes[0], own(&card("甲")));
        assert_ne!(hashes[0], hashes[1]);
        assert_ne!(value(&Value::from(vec![card("甲")]), &memo), value(&Value::from(vec![card("乙")]), &memo));
    }

    #[test]
    fn hashing_names_the_entries_shown_and_substitution_replaces_them() {
        let cards = vec![card("甲"), card("乙"), card("丙")];
        let (memo, _) = Memo::of(&cards);
        let mut page = tera::Map::new();
        page.insert("entries".into(), Value::from(vec![cards[2].clone(), cards[0].clone()]));
        page.insert("n".into(), Value::from(1u64));
        let page = Value::from(page);
        let mut shown = Shown::new();
        feed(&page, &memo, &mut DefaultHasher::new(), &mut shown);
        assert_eq!(shown, [2, 0]);
        let new: HashMap<usize, Value> = [(address(&cards[0]).unwrap(), card("丁"))].into();
        let got = substitute(&page, &new).unwrap();
        let mut want = tera::Map::new();
        want.insert("entries".into(), Value::from(vec![card("丙"), card("丁")]));
        want.insert("n".into(), Value::from(1u64));
        assert_eq!(value(&got, &Memo::default()), value(&Value::from(want), &Memo::default()));
        assert!(substitute(&page, &[(address(&cards[1]).unwrap(), card("戊"))].into()).is_none());
    }

    #[test]
    fn safe_and_plain_strings_differ() {
        let memo = Memo::default();
        assert_ne!(value(&Value::from("<b>"), &memo), value(&Value::safe_string("<b>"), &memo));
    }
}
