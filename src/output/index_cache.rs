//! The last search index, kept in the site's `.gongkai/` folder so a build whose indexed text
//! did not change reuses it instead of tokenising every body and merging millions of postings
//! again (issue 18, target 3).
//!
//! One file, `.gongkai/search-index.bin`, written beside the manifest (never in the output,
//! which may be served): `GKSI2\n`, a stamp of the gongkai binary that wrote it (its length and
//! mtime, so a rebuilt binary with another tokeniser never reuses an old index), the index's
//! key ([`crate::search::key`]: every indexed field of every published entry, the URLs and
//! synonyms), then each file as path and bytes with their lengths, then an end mark. It is
//! read and written one file at a time: the index is never held whole in memory. Anything that does not
//! match is a miss, never an error: the index is then built as usual and the file replaced.
//! The index holds only what the output's index holds (published entries), so the cache
//! carries nothing the gate withheld.

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::render::{IndexCache, IndexKeeper};

const MAGIC: &[u8] = b"GKSI2\n";
/// After the last file, in place of a path length.
const END: u64 = u64::MAX;

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
pub(super) fn stamp() -> [u64; 2] {
    let meta = std::env::current_exe().and_then(fs::metadata);
    match meta {
        Ok(m) => [m.len(), super::mtime_ns(&m)],
        Err(_) => [0, 0],
    }
}

impl IndexCache for Stored {
    fn get(&self, key: u128, emit: &mut dyn FnMut(String, Vec<u8>)) -> bool {
        let stamp = stamp();
        if stamp == [0, 0] {
            return false;
        }
        let Ok(file) = fs::File::open(&self.path) else { return false };
        let mut r = BufReader::new(file);
        // The whole file is checked before the first file is handed over, so a damaged cache
        // is a miss, never half an index.
        if !matches!(walk(&mut r, stamp, key, None), Ok(true)) || r.rewind().is_err() {
            return false;
        }
        matches!(
            walk(
                &mut r,
                stamp,
                key,
                Some(&mut |path, bytes| {
                    emit(path, bytes);
                    Ok(())
                })
            ),
            Ok(true)
        )
    }

    fn keep(&self, key: u128) -> Box<dyn IndexKeeper + '_> {
        let stamp = stamp();
        // A name of this process's own: two builds of the site at once never write one file.
        let tmp = self.path.with_extension(format!("{}.tmp", std::process::id()));
        let open = || -> std::io::Result<BufWriter<fs::File>> {
            fs::create_dir_all(self.path.parent().unwrap_or(Path::new(".")))?;
            let mut w = BufWriter::new(fs::File::create(&tmp)?);
            w.write_all(MAGIC)?;
            w.write_all(&stamp[0].to_le_bytes())?;
            w.write_all(&stamp[1].to_le_bytes())?;
            w.write_all(&key.to_le_bytes())?;
            Ok(w)
        };
        let w = if stamp == [0, 0] { None } else { open().ok() };
        Box::new(Keeper { w, tmp, path: &self.path })
    }
}

/// The cache file being written; without it the next build simply builds the index again.
struct Keeper<'a> {
    w: Option<BufWriter<fs::File>>,
    tmp: PathBuf,
    path: &'a Path,
}

impl IndexKeeper for Keeper<'_> {
    fn file(&mut self, path: &str, bytes: &[u8]) {
        let Some(w) = &mut self.w else { return };
        let written = (|| {
            w.write_all(&(path.len() as u64).to_le_bytes())?;
            w.write_all(path.as_bytes())?;
            w.write_all(&(bytes.len() as u64).to_le_bytes())?;
            w.write_all(bytes)
        })();
        if written.is_err() {
            self.w = None;
        }
    }

    fn finish(mut self: Box<Self>) {
        if let Some(mut w) = self.w.take() {
            if w.write_all(&END.to_le_bytes())
                .and_then(|()| w.flush())
                .and_then(|()| fs::rename(&self.tmp, self.path))
                .is_ok()
            {
                return;
            }
        }
        let _ = fs::remove_file(&self.tmp);
    }
}

impl Drop for Keeper<'_> {
    fn drop(&mut self) {
        if self.w.is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Read a cache file from the start, handing each file to `each`: Ok(true) when the file is
/// whole and for `stamp` and `key`. Without `each`, the files' bytes are passed over, not
/// copied (the check before the files are handed over).
fn walk(
    r: &mut (impl BufRead + Seek),
    stamp: [u64; 2],
    key: u128,
    mut each: Option<&mut dyn FnMut(String, Vec<u8>) -> std::io::Result<()>>,
) -> std::io::Result<bool> {
    let mut magic = [0; MAGIC.len()];
    r.read_exact(&mut magic)?;
    let mut k = [0; 16];
    if magic != MAGIC || [number(r)?, number(r)?] != stamp || {
        r.read_exact(&mut k)?;
        u128::from_le_bytes(k) != key
    } {
        return Ok(false);
    }
    let len = r.seek(SeekFrom::End(0))?;
    // The position is counted here, not asked of the file: each ask is a system call, two
    // per file of the index (tens of thousands per build).
    let mut at = (MAGIC.len() + 32) as u64;
    r.seek(SeekFrom::Start(at))?;
    loop {
        let n = number(r)?;
        at += 8;
        if n == END {
            return Ok(at == len);
        }
        if n > len - at {
            return Ok(false);
        }
        let mut path = vec![0; n as usize];
        r.read_exact(&mut path)?;
        at += n;
        let Ok(path) = String::from_utf8(path) else { return Ok(false) };
        let n = number(r)?;
        at += 8;
        if n > len - at {
            return Ok(false);
        }
        at += n;
        let Some(each) = each.as_mut() else {
            // Consumed from the reader's buffer without a copy.
            if std::io::copy(&mut r.take(n), &mut std::io::sink())? != n {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            continue;
        };
        let mut bytes = vec![0; n as usize];
        r.read_exact(&mut bytes)?;
        each(path, bytes)?;
    }
}

fn number(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(store: &Stored, key: u128) -> Option<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        store.get(key, &mut |p, b| files.push((p, b))).then_some(files)
    }

    fn keep(store: &Stored, key: u128, files: &[(String, Vec<u8>)]) {
        let mut k = store.keep(key);
        for (p, b) in files {
            k.file(p, b);
        }
        k.finish();
    }

    #[test]
    fn stored_in_the_site_folder_and_misses() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Stored::new(tmp.path());
        assert!(get(&store, 1).is_none());
        let files = vec![("search/index/meta.json".to_string(), b"{}".to_vec()), ("a/b.bin".into(), vec![0, 1, 2])];
        keep(&store, 1, &files);
        let path = tmp.path().join(".gongkai/search-index.bin");
        assert!(path.is_file());
        assert_eq!(get(&store, 1), Some(files.clone()));
        assert!(get(&store, 2).is_none(), "another key");
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(get(&store, 1).is_none(), "truncated");
        let mut longer = bytes.clone();
        longer.push(0);
        fs::write(&path, &longer).unwrap();
        assert!(get(&store, 1).is_none(), "trailing bytes");
        // A keeper dropped before it finished leaves the last cache and no temporary file.
        fs::write(&path, &bytes).unwrap();
        let mut k = store.keep(3);
        k.file("x", b"y");
        drop(k);
        assert_eq!(get(&store, 1), Some(files));
        assert_eq!(fs::read_dir(tmp.path().join(".gongkai")).unwrap().count(), 1);
    }
}
