//! Writing the output: build aside, then swap; a manifest so unchanged files are not rewritten.
//!
//! Pages are streamed into a sibling folder (`.public.gongkai-new`) as they render ([`Stage`] is
//! a [`Sink`]). A file whose bytes equal those of the current output (same length and content
//! hash as the manifest records, and the file on disk still as the manifest left it) is
//! hard-linked from there instead of written, so it keeps its mtime and costs no copy. When
//! everything has rendered without an error, the folders are swapped with two renames. A build
//! that fails never touches the output; a build killed during the swap leaves the previous
//! output in place (or, between the two renames, in `.public.gongkai-old`, which the next build
//! restores). No file is ever written in place, so none is ever left half-written.
//!
//! The manifest (`.gongkai/output-<hash of the output path>.json` in the site's folder, never
//! beside or inside the output, which may be served) also records a fingerprint of the build's
//! inputs and the build's report, so a rebuild with nothing changed can stop before reading any
//! content ([`intact`]).
//!
//! With `compress: true`, each text file gets `.gz` and `.br` siblings ([`compress`]) in the
//! same stage, recorded in the manifest like any file: a file that did not change keeps its
//! compressed siblings too (hard-linked, not compressed again).

pub mod compress;
pub mod index_cache;
mod manifest;
pub mod term_cache;

use manifest::{folders, FORMAT};
pub use manifest::{intact, intact_if, manifest_path, read_manifest, FileRecord, Manifest, StoredDiagnostic, Summary};

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::render::{OutFile, Output, Sink};

/// What a write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Files and HTML pages in the new output.
    pub files: usize,
    pub pages: usize,
}

fn sibling(dest: &Path, suffix: &str) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    dest.with_file_name(format!(".{name}.gongkai-{suffix}"))
}

/// Put back the previous output if an earlier run was killed between the two renames.
pub fn recover(dest: &Path) -> io::Result<()> {
    let old = sibling(dest, "old");
    if old.exists() {
        if dest.exists() {
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&old, dest)?;
        }
    }
    let stage = sibling(dest, "new");
    if stage.exists() {
        fs::remove_dir_all(&stage)?;
    }
    Ok(())
}

/// A relative output path that stays inside the output folder.
fn safe(rel: &str) -> bool {
    !rel.is_empty() && Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)))
}

fn mtime_ns(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

#[cfg(unix)]
fn ctime_ns(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    u64::try_from(meta.ctime()).unwrap_or(0).saturating_mul(1_000_000_000).saturating_add(meta.ctime_nsec() as u64)
}

#[cfg(not(unix))]
fn ctime_ns(_: &fs::Metadata) -> u64 {
    0
}

fn hash(bytes: &[u8]) -> [u64; 2] {
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    [(h >> 64) as u64, h as u64]
}

/// The output folder being assembled. Files arrive from many threads; the first error stops
/// further writes and is returned by [`Stage::finish`]. Dropped without finishing, the stage
/// is deleted and the output is left as it was.
pub struct Stage {
    dest: PathBuf,
    manifest: PathBuf,
    dir: PathBuf,
    previous: FxHashMap<String, FileRecord>,
    /// Folders of the stage already created, by relative path (`documents/x`).
    made: Mutex<FxHashSet<String>>,
    records: Mutex<Vec<(String, FileRecord)>>,
    error: Mutex<Option<io::Error>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    done: bool,
    /// Write `.gz` and `.br` beside text files.
    compress: bool,
}

impl Stage {
    /// Start a new output beside `dest` (restoring `dest` first if a swap was interrupted),
    /// comparing files with the manifest at `manifest`.
    pub fn begin(dest: &Path, manifest: PathBuf) -> io::Result<Stage> {
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        recover(dest)?;
        let dir = sibling(dest, "new");
        fs::create_dir_all(&dir)?;
        let previous = if dest.is_dir() {
            read_manifest(&manifest).map(|m| m.files.into_iter().collect()).unwrap_or_default()
        } else {
            FxHashMap::default()
        };
        Ok(Stage {
            dest: dest.to_path_buf(),
            manifest,
            dir,
            previous,
            made: Mutex::new(FxHashSet::default()),
            records: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            done: false,
            compress: false,
        })
    }

    /// Also write precompressed siblings of text files (`compress: true` in site.yaml).
    pub fn compressing(mut self, on: bool) -> Stage {
        self.compress = on;
        self
    }

    fn failed(&self) -> bool {
        self.error.lock().map_or(true, |e| e.is_some())
    }

    fn fail(&self, e: io::Error) {
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert(e);
        }
    }

    /// Write (or hard-link, when unchanged) one file and, when compressing, its siblings.
    fn place(&self, rel: &str, file: &OutFile) -> io::Result<Vec<(String, FileRecord)>> {
        let target = self.target(rel)?;
        let bytes = match file {
            OutFile::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            OutFile::Copy(src) => {
                let meta = fs::symlink_metadata(src)?;
                if !meta.is_file() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("{} is not a regular file", src.display()),
                    ));
                }
                std::borrow::Cow::Owned(fs::read(src)?)
            }
        };
        let record = FileRecord { len: bytes.len() as u64, hash: hash(&bytes), mtime: 0, ctime: 0 };
        let same = self.link_unchanged(rel, &target, &record);
        let mut out = vec![(rel.to_string(), if same { record } else { self.write_new(&target, &bytes, record)? })];
        if self.compress && compress::wanted(rel, bytes.len()) {
            for suffix in compress::SUFFIXES {
                let vrel = format!("{rel}.{suffix}");
                let vtarget = self.target(&vrel)?;
                // An unchanged file keeps its siblings: hard-linked, not compressed again.
                let kept = same.then(|| self.previous.get(&vrel).copied()).flatten();
                if let Some(old) = kept.filter(|old| self.link_unchanged(&vrel, &vtarget, old)) {
                    out.push((vrel, FileRecord { mtime: 0, ctime: 0, ..old }));
                } else if let Some(data) = compress::encode(suffix, &bytes) {
                    let r = FileRecord { len: data.len() as u64, hash: hash(&data), mtime: 0, ctime: 0 };
                    out.push((vrel, self.write_new(&vtarget, &data, r)?));
                }
            }
        }
        Ok(out)
    }

    /// The staged path of `rel`, its folder created.
    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        if !safe(rel) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let target = self.dir.join(rel);
        if let Some((folder, _)) = rel.rsplit_once('/') {
            let known = self.made.lock().is_ok_and(|m| m.contains(folder));
            if !known {
                fs::create_dir_all(self.dir.join(folder))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(folder.to_string());
                }
            }
        }
        Ok(target)
    }

    /// Hard-link `rel` from the current output when the manifest recorded these very bytes
    /// and the file there is still the one it describes.
    fn link_unchanged(&self, rel: &str, target: &Path, record: &FileRecord) -> bool {
        let Some(old) = self.previous.get(rel).filter(|r| r.len == record.len && r.hash == record.hash) else {
            return false;
        };
        let current = self.dest.join(rel);
        let intact = fs::symlink_metadata(&current).is_ok_and(|m| old.matches(&m));
        if intact && fs::hard_link(&current, target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Write `bytes` as a new file at `target` (the later of two files for one path wins).
    fn write_new(&self, target: &Path, bytes: &[u8], record: FileRecord) -> io::Result<FileRecord> {
        let create = || fs::File::options().write(true).create_new(true).open(target);
        let mut f = match create() {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                fs::remove_file(target)?; // the same path twice: the later file wins
                create()?
            }
            other => other?,
        };
        io::Write::write_all(&mut f, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        // A file written here has no other name, so its times are final now.
        let meta = f.metadata()?;
        Ok(FileRecord { mtime: mtime_ns(&meta), ctime: ctime_ns(&meta), ..record })
    }

    /// Swap the stage in as the new output and record its manifest. Fails (leaving the output
    /// untouched) if any file could not be written.
    pub fn finish(mut self, mut manifest: Manifest) -> io::Result<Stats> {
        if let Some(e) = self.error.lock().ok().and_then(|mut e| e.take()) {
            return Err(e);
        }
        let mut records = std::mem::take(&mut *self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        records.sort_by(|a, b| a.0.cmp(&b.0));
        records.dedup_by(|later, earlier| {
            // The same path twice: keep the later record.
            if later.0 == earlier.0 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        let removed = if self.dest.is_dir() {
            let keep: FxHashSet<&str> = records.iter().map(|(p, _)| p.as_str()).collect();
            count_files(&self.dest, &keep)
        } else {
            0
        };
        let _ = fs::remove_file(&self.manifest);
        let old = sibling(&self.dest, "old");
        if self.dest.exists() {
            fs::rename(&self.dest, &old)?;
        }
        fs::rename(&self.dir, &self.dest)?;
        self.done = true;
        let stats = Stats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
            files: records.len(),
            pages: records.iter().filter(|(p, _)| p.ends_with(".html")).count(),
        };
        if old.exists() {
            remove_tree(&old)?;
        }
        // Times of the hard-linked files as they are now that the old output, which shared
        // them, is gone (unlinking changes a file's ctime).
        let dest = &self.dest;
        records.par_iter_mut().filter(|(_, r)| r.ctime == 0).for_each(|(rel, r)| {
            if let Ok(m) = fs::symlink_metadata(dest.join(rel.as_str())) {
                (r.mtime, r.ctime) = (mtime_ns(&m), ctime_ns(&m));
            }
        });
        manifest.format = FORMAT;
        manifest.dirs = folders(&self.dest, &records);
        manifest.files = records;
        if let Some(folder) = self.manifest.parent() {
            // Without a manifest the next build simply writes every file again. Written as it
            // is serialised: the JSON (4 MB at 10,000 entries) is never held whole.
            let tmp = self.manifest.with_extension("tmp");
            let mut write = || -> io::Result<()> {
                let mut file = io::BufWriter::new(fs::File::create(&tmp)?);
                manifest::write_json(&mut manifest, &mut file)?;
                io::Write::flush(&mut file)
            };
            if fs::create_dir_all(folder).is_ok() && write().is_ok() {
                let _ = fs::rename(&tmp, &self.manifest);
            }
        }
        Ok(stats)
    }
}

impl Sink for Stage {
    fn put(&self, path: String, file: OutFile) {
        if self.failed() {
            return;
        }
        match self.place(&path, &file) {
            Ok(placed) => {
                if let Ok(mut r) = self.records.lock() {
                    r.extend(placed);
                }
            }
            Err(e) => self.fail(io::Error::new(e.kind(), format!("{path}: {e}"))),
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Delete a folder tree, its top-level folders in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let children: Vec<PathBuf> = fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.par_iter().for_each(|p| {
        let _ = if p.is_dir() { fs::remove_dir_all(p) } else { fs::remove_file(p) };
    });
    fs::remove_dir_all(dir)
}

/// Files under `dir` whose relative path is not in `keep`.
fn count_files(dir: &Path, keep: &FxHashSet<&str>) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
            !keep.contains(rel.join("/").as_str())
        })
        .count()
}

/// Write an in-memory output (tests, tools): [`Stage`] over every file, with the manifest
/// beside the output.
pub fn write(out: &Output, dest: &Path) -> io::Result<Stats> {
    let stage = Stage::begin(dest, sibling(dest, "manifest.json"))?;
    out.files.par_iter().for_each(|(rel, file)| stage.put(rel.clone(), file.clone()));
    stage.finish(Manifest::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert!(safe("documents/x/index.html"));
        assert!(!safe("../x"));
        assert!(!safe("/etc/passwd"));
        assert!(!safe("a/../../b"));
        assert!(!safe(""));
    }

    #[test]
    fn swap_keeps_unchanged_and_removes_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a.html", "A");
        out.add("old/b.html", "B");
        assert_eq!(write(&out, &dest).unwrap(), Stats { written: 2, unchanged: 0, removed: 0, files: 2, pages: 2 });
        let mut out2 = Output::default();
        out2.add("a.html", "A");
        out2.add("c.html", "C");
        let s = write(&out2, &dest).unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (1, 1, 1));
        assert!(!dest.join("old/b.html").exists());
        assert_eq!(fs::read_to_string(dest.join("c.html")).unwrap(), "C");
        assert!(!sibling(&dest, "new").exists() && !sibling(&dest, "old").exists());
    }

    #[test]
    fn a_file_changed_by_hand_is_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a.html", "AAAA");
        write(&out, &dest).unwrap();
        assert!(intact(&dest, &sibling(&dest, "manifest.json")).is_some());
        fs::write(dest.join("a.html"), "BBBB").unwrap(); // same length, other bytes, other mtime
        let f = fs::File::options().write(true).open(dest.join("a.html")).unwrap();
        f.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(1_000_000)).unwrap();
        assert!(intact(&dest, &sibling(&dest, "manifest.json")).is_none());
        let s = write(&out, &dest).unwrap();
        assert_eq!((s.written, s.unchanged), (1, 0));
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "AAAA");
    }

    #[test]
    fn an_extra_file_makes_the_output_not_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a.html", "A");
        write(&out, &dest).unwrap();
        assert!(intact(&dest, &sibling(&dest, "manifest.json")).is_some());
        fs::write(dest.join("left.html"), "x").unwrap();
        assert!(intact(&dest, &sibling(&dest, "manifest.json")).is_none());
    }

    #[test]
    fn a_failed_stage_leaves_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a.html", "A");
        write(&out, &dest).unwrap();
        let stage = Stage::begin(&dest, sibling(&dest, "manifest.json")).unwrap();
        (&stage as &dyn Sink).add("b.html", "B");
        (&stage as &dyn Sink).add("../escape.html", "X");
        assert!(stage.finish(Manifest::default()).is_err());
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "A");
        assert!(!dest.join("b.html").exists() && !sibling(&dest, "new").exists());
    }

    #[test]
    fn interrupted_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        fs::create_dir_all(sibling(&dest, "old")).unwrap();
        fs::write(sibling(&dest, "old").join("a.html"), "A").unwrap();
        recover(&dest).unwrap();
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "A");
    }
}
