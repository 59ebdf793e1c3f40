//! The last search index, kept in the site's `.gongkai/` folder so a build whose indexed text
//! did not change reuses it instead of tokenising every body and merging millions of postings
//! again (issue 18, target 3).
//!
//! One file, `.gongkai/search-index.bin`, written beside the manifest (never in the output,
//! which may be served): `GKSI1\n`, a stamp of the gongkai binary that wrote it (its length and
//! mtime, so a rebuilt binary with another tokeniser never reuses an old index), the index's
//! key ([`crate::search::key`]: every indexed field of every published entry, the URLs and
//! synonyms), then each file as path and bytes with their lengths. Anything that does not
//! match is a miss, never an error: the index is then built as usual and the file replaced.
//! The index holds only what the output's index holds (published entries), so the cache
//! carries nothing the gate withheld.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::render::IndexCache;

const MAGIC: &[u8] = b"GKSI1\n";

/// The index cache of the site at `root`.
pub struct Stored {
    path: PathBuf,
}

impl Stored {
    pub fn new(root: &Path) -> Stored {
        Stored { path: root.join(".gongkai").join("search-index.bin") }
    }
}

/// The running binary's length and mtime (zeros when unknown: then nothing is ever reused).
fn stamp() -> [u64; 2] {
    let meta = std::env::current_exe().and_then(fs::metadata);
    match meta {
        Ok(m) => [m.len(), super::mtime_ns(&m)],
        Err(_) => [0, 0],
    }
}

impl IndexCache for Stored {
    fn get(&self, key: u128) -> Option<Vec<(String, Vec<u8>)>> {
        let stamp = stamp();
        if stamp == [0, 0] {
            return None;
        }
        let bytes = fs::read(&self.path).ok()?;
        decode(&bytes, stamp, key)
    }

    fn put(&self, key: u128, files: &[(String, Vec<u8>)]) {
        let stamp = stamp();
        if stamp == [0, 0] {
            return;
        }
        let Some(folder) = self.path.parent() else { return };
        // A name of this process's own: two builds of the site at once never write one file.
        let tmp = self.path.with_extension(format!("{}.tmp", std::process::id()));
        // Without the cache the next build simply builds the index again.
        let written = fs::create_dir_all(folder).and_then(|()| {
            let mut w = std::io::BufWriter::new(fs::File::create(&tmp)?);
            encode(stamp, key, files, &mut w)?;
            w.flush()
        });
        if written.and_then(|()| fs::rename(&tmp, &self.path)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }
}

/// Write the cache file to `w`, piece by piece (the index is not copied into one buffer).
fn encode(stamp: [u64; 2], key: u128, files: &[(String, Vec<u8>)], w: &mut impl Write) -> std::io::Result<()> {
    w.write_all(MAGIC)?;
    w.write_all(&stamp[0].to_le_bytes())?;
    w.write_all(&stamp[1].to_le_bytes())?;
    w.write_all(&key.to_le_bytes())?;
    w.write_all(&(files.len() as u64).to_le_bytes())?;
    for (path, bytes) in files {
        w.write_all(&(path.len() as u64).to_le_bytes())?;
        w.write_all(path.as_bytes())?;
        w.write_all(&(bytes.len() as u64).to_le_bytes())?;
        w.write_all(bytes)?;
    }
    Ok(())
}

fn decode(bytes: &[u8], stamp: [u64; 2], key: u128) -> Option<Vec<(String, Vec<u8>)>> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    if [r.number()?, r.number()?] != stamp || u128::from_le_bytes(r.take(16)?.try_into().ok()?) != key {
        return None;
    }
    let count = usize::try_from(r.number()?).ok()?;
    let mut files = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let n = usize::try_from(r.number()?).ok()?;
        let path = String::from_utf8(r.take(n)?.to_vec()).ok()?;
        let n = usize::try_from(r.number()?).ok()?;
        files.push((path, r.take(n)?.to_vec()));
    }
    r.0.is_empty().then_some(files)
}

/// The unread rest of a cache file.
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

    fn number(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_misses() {
        let files = vec![("search/index/meta.json".to_string(), b"{}".to_vec()), ("a/b.bin".into(), vec![0, 1, 2])];
        let mut bytes = Vec::new();
        encode([7, 9], 42, &files, &mut bytes).unwrap();
        assert_eq!(decode(&bytes, [7, 9], 42), Some(files.clone()));
        assert_eq!(decode(&bytes, [7, 9], 43), None, "another key");
        assert_eq!(decode(&bytes, [7, 10], 42), None, "another binary");
        assert_eq!(decode(&bytes[..bytes.len() - 1], [7, 9], 42), None, "truncated");
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, [7, 9], 42), None, "trailing bytes");
    }

    #[test]
    fn stored_in_the_site_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Stored::new(tmp.path());
        assert!(store.get(1).is_none());
        let files = vec![("search/index/meta.json".to_string(), b"{}".to_vec())];
        store.put(1, &files);
        assert!(tmp.path().join(".gongkai/search-index.bin").is_file());
        assert_eq!(store.get(1), Some(files));
        assert!(store.get(2).is_none());
    }
}
