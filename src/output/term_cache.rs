//! Each published entry's search record (`search::record`: its terms and its text for the
//! matched passage), kept in the site's `.gongkai/search-terms.bin` by the key of what it was
//! made from, so a build tokenises only the entries whose indexed text changed (issue 18,
//! target 3). The file is also where a build's records wait for the index: the body pass hands
//! each record over and drops it, and the index reads them back one by one, so a build never
//! holds every body's text or terms at once.
//!
//! `GKST1\n`, the stamp of the gongkai binary that wrote it (`index_cache`'s), then records:
//! key (16 bytes), length (4 bytes), the encoded record. A build writes a new file beside the
//! old one with the records of *this* build's published entries only, and it replaces the old
//! file when the index is made ([`TermCache::commit`]): a record of an entry withheld since
//! is gone after the next build, and even before that it is only ever found by the key of a
//! published entry with exactly the same indexed text. Anything that does not match is a miss.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use crate::render::{Kept, TermCache};

const MAGIC: &[u8] = b"GKST1\n";
const WRITE_BUFFER: usize = 256 * 1024;

/// The term cache of the site at `root`: the last build's records, and this build's.
pub struct Terms {
    path: PathBuf,
    tmp: PathBuf,
    /// The last build's file and where each of its records is. Records are read by position,
    /// from many threads at once; the file is closed when this build's records replace it.
    old: RwLock<Option<fs::File>>,
    old_at: HashMap<u128, (u64, u32)>,
    /// This build's file, while it is written.
    new: Mutex<Option<New>>,
    reused: AtomicUsize,
}

struct New {
    w: BufWriter<fs::File>,
    at: u64,
    /// For reading back, once the writer is flushed.
    read: Option<fs::File>,
}

/// The last build's records, located: what [`Terms::with`] starts from. Reading it creates
/// nothing, so a build may look for it before it knows whether it will write anything.
pub struct Last {
    path: PathBuf,
    stamp: [u64; 2],
    old: Option<fs::File>,
    old_at: HashMap<u128, (u64, u32)>,
}

impl Last {
    pub fn read(root: &Path) -> Last {
        let path = root.join(".gongkai").join("search-terms.bin");
        let stamp = super::index_cache::stamp();
        let old = (stamp != [0, 0]).then(|| fs::File::open(&path).ok()).flatten();
        let old_at = old.as_ref().and_then(|f| records(f, stamp).ok()).unwrap_or_default();
        let old = (!old_at.is_empty()).then_some(old).flatten();
        Last { path, stamp, old, old_at }
    }
}

impl Terms {
    pub fn new(root: &Path) -> Terms {
        Terms::with(Last::read(root))
    }

    /// This build's cache, starting from the last build's records.
    pub fn with(last: Last) -> Terms {
        let Last { path, stamp, old, old_at } = last;
        // A name of this process's own: two builds of the site at once never write one file.
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        let new = (stamp != [0, 0]).then(|| create(&path, &tmp, stamp).ok()).flatten();
        let at = MAGIC.len() as u64 + 16;
        Terms {
            path,
            tmp,
            old: RwLock::new(old),
            old_at,
            new: Mutex::new(new.map(|w| New { w, at, read: None })),
            reused: AtomicUsize::new(0),
        }
    }
}

fn create(path: &Path, tmp: &Path, stamp: [u64; 2]) -> std::io::Result<BufWriter<fs::File>> {
    fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    // Records are a few kilobytes each: a large buffer writes them in a few hundred calls
    // rather than one or two per record (tens of megabytes at 10,000 entries).
    let mut w = BufWriter::with_capacity(WRITE_BUFFER, fs::File::create(tmp)?);
    w.write_all(MAGIC)?;
    w.write_all(&stamp[0].to_le_bytes())?;
    w.write_all(&stamp[1].to_le_bytes())?;
    Ok(w)
}

/// Where each record of a cache file is, by key; empty for a file of another binary. A
/// damaged tail loses only the records in it. Only the records' heads are read (the file is
/// tens of megabytes at 10,000 entries; this runs before the body pass can start).
fn records(file: &fs::File, stamp: [u64; 2]) -> std::io::Result<HashMap<u128, (u64, u32)>> {
    let len = file.metadata()?.len();
    let mut head = [0; MAGIC.len() + 16];
    read_exact_at(file, &mut head, 0)?;
    let mut out = HashMap::new();
    if head[..MAGIC.len()] != *MAGIC || head[MAGIC.len()..] != [stamp[0].to_le_bytes(), stamp[1].to_le_bytes()].concat()
    {
        return Ok(out);
    }
    let mut at = head.len() as u64;
    let mut rec = [0; 20];
    while at + 20 <= len {
        read_exact_at(file, &mut rec, at)?;
        let key = u128::from_le_bytes(rec[..16].try_into().unwrap_or_default());
        let n = u32::from_le_bytes(rec[16..].try_into().unwrap_or_default());
        if at + 20 + u64::from(n) > len {
            break;
        }
        out.insert(key, (at + 20, n));
        at += 20 + u64::from(n);
    }
    Ok(out)
}

/// `len` bytes of `file` at `at`, without moving a shared file position (no lock needed).
fn read_at(file: &fs::File, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; len as usize];
    read_exact_at(file, &mut bytes, at)?;
    Ok(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &fs::File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

impl TermCache for Terms {
    fn get(&self, key: u128) -> Option<Vec<u8>> {
        let (at, len) = *self.old_at.get(&key)?;
        let old = self.old.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bytes = read_at(old.as_ref()?, at, len).ok()?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    fn put(&self, key: u128, record: &[u8]) -> Option<Kept> {
        let len = u32::try_from(record.len()).ok()?;
        let mut guard = self.new.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let new = guard.as_mut()?;
        let written = new.w.write_all(&key.to_le_bytes()).and_then(|()| new.w.write_all(&len.to_le_bytes()));
        if written.and_then(|()| new.w.write_all(record)).is_err() {
            // The file is useless now: this build keeps its records in memory.
            *guard = None;
            let _ = fs::remove_file(&self.tmp);
            return None;
        }
        let at = new.at + 20;
        new.at = at + u64::from(len);
        Some(Kept { at, len })
    }

    fn read(&self, kept: Kept) -> std::io::Result<Vec<u8>> {
        let mut guard = self.new.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let new = guard.as_mut().ok_or_else(|| std::io::Error::other("the term cache was dropped"))?;
        if new.read.is_none() {
            new.w.flush()?;
            new.read = Some(fs::File::open(&self.tmp)?);
        }
        let f = new.read.as_ref().ok_or_else(|| std::io::Error::other("unreachable"))?;
        read_at(f, kept.at, kept.len)
    }

    fn commit(&self) {
        // The last build's file is read no more. Closing it here, on the index's thread while
        // pages render, rather than at the end: the file is replaced below, and the last close
        // of a replaced file is when the system frees its pages (tens of megabytes at 10k).
        drop(self.old.write().unwrap_or_else(std::sync::PoisonError::into_inner).take());
        let mut guard = self.new.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(mut new) = guard.take() {
            if new.w.flush().and_then(|()| fs::rename(&self.tmp, &self.path)).is_err() {
                let _ = fs::remove_file(&self.tmp);
            }
        }
    }

    fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    fn path(&self) -> String {
        self.path.display().to_string()
    }
}

impl Drop for Terms {
    fn drop(&mut self) {
        let new = self.new.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        if new.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_kept_read_back_and_found_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Terms::new(tmp.path());
        assert!(first.get(1).is_none());
        let a = first.put(1, b"first record").unwrap();
        let b = first.put(2, b"second").unwrap();
        assert_eq!(first.read(b).unwrap(), b"second");
        assert_eq!(first.read(a).unwrap(), b"first record");
        first.commit();
        drop(first);
        let second = Terms::new(tmp.path());
        assert_eq!(second.get(2).as_deref(), Some(&b"second"[..]));
        assert_eq!(second.reused(), 1);
        // Only what this build puts is kept for the next: record 1 is gone after it.
        second.put(2, b"second").unwrap();
        second.commit();
        drop(second);
        let third = Terms::new(tmp.path());
        assert!(third.get(1).is_none());
        assert!(third.get(2).is_some());
        drop(third);
        // An uncommitted build leaves the last file and no temporary one.
        let names: Vec<_> =
            fs::read_dir(tmp.path().join(".gongkai")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["search-terms.bin"]);
    }

    #[test]
    fn a_damaged_file_loses_only_its_tail() {
        let tmp = tempfile::tempdir().unwrap();
        let t = Terms::new(tmp.path());
        t.put(1, b"one").unwrap();
        t.put(2, b"two").unwrap();
        t.commit();
        drop(t);
        let path = tmp.path().join(".gongkai/search-terms.bin");
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        let t = Terms::new(tmp.path());
        assert!(t.get(1).is_some());
        assert!(t.get(2).is_none());
        drop(t);
        fs::write(&path, b"GKST0\nrubbish").unwrap();
        assert!(Terms::new(tmp.path()).get(1).is_none());
    }
}
