//! The output manifest: what the last build wrote (each file's length, hash and times, each
//! folder's mtime), what it was built from, and its report; and [`intact`], which tells
//! whether an output is still exactly what its manifest describes.

use crate::messages::Text;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{ctime_ns, mtime_ns, safe, sibling};

/// Bumped when the manifest's meaning changes; an older manifest is then ignored.
pub(super) const FORMAT: u32 = 2;

/// One output file as written: length, content hash, and the modification and change times
/// (ns since the epoch) it had when the build finished. The change time cannot be set back
/// by hand, so a file edited in place is noticed even if its length and mtime were restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub len: u64,
    pub hash: [u64; 2],
    pub mtime: u64,
    pub ctime: u64,
}

impl FileRecord {
    /// Whether `meta` is still the file this record describes.
    pub(super) fn matches(&self, meta: &fs::Metadata) -> bool {
        meta.is_file() && meta.len() == self.len && mtime_ns(meta) == self.mtime && ctime_ns(meta) == self.ctime
    }
}

/// What the last successful build wrote and what it was built from.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Fingerprint of every input (see `inputs.rs`); `None` when a build must not be skipped.
    pub inputs: Option<String>,
    /// Build dates for which the gate decides every entry as it did: `[from, until)`, empty = open.
    pub window: (String, String),
    /// The build date, when templates show it (then only that date reproduces the output).
    pub now: Option<String>,
    /// What the build reported, replayed when a rebuild is skipped.
    pub summary: Summary,
    pub files: Vec<(String, FileRecord)>,
    /// Every folder of the output with its mtime, which changes when an entry is added to it
    /// or removed from it: how [`intact`] notices a file put there by hand.
    pub dirs: Vec<(String, u64)>,
}

/// A build's report, as the manifest keeps it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub published: usize,
    pub drafts: usize,
    /// (path, reason).
    pub withheld: Vec<(String, Text)>,
    /// (severity, path, line, col, code, message, fix).
    pub diagnostics: Vec<StoredDiagnostic>,
    /// The next scheduled publication (date, entries), for a build that finds nothing to do.
    #[serde(default)]
    pub next_scheduled: Option<(String, usize)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredDiagnostic {
    pub error: bool,
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub code: String,
    pub message: Text,
    pub fix: Option<Text>,
}

/// Where the site at `root` keeps the manifest of its output at `dest`. The source folder is
/// never published (it holds the withheld files), so the manifest's report of withheld paths
/// stays private.
pub fn manifest_path(root: &Path, dest: &Path) -> PathBuf {
    let absolute = std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(absolute.to_string_lossy().as_bytes());
    root.join(".gongkai").join(format!("output-{key:016x}.json"))
}

/// The manifest as JSON into `out`, byte for byte what `serde_json::to_writer` writes, with the
/// file records (one per output file: 24,000 at 10k) serialised on every thread: this is the end
/// of a build, when nothing else runs. The whole JSON is never held as one buffer.
pub(super) fn write_json(m: &mut Manifest, out: &mut impl std::io::Write) -> std::io::Result<()> {
    const TAIL: &[u8] = br#""files":[],"dirs":[]}"#;
    let (files, dirs) = (std::mem::take(&mut m.files), std::mem::take(&mut m.dirs));
    let head = serde_json::to_vec(&*m);
    (m.files, m.dirs) = (files, dirs);
    let head = head?;
    let Some(head) = head.strip_suffix(TAIL) else {
        return Ok(serde_json::to_writer(out, &*m)?);
    };
    let chunks: Vec<serde_json::Result<Vec<u8>>> = m
        .files
        .par_chunks(1024)
        .map(|chunk| {
            let mut json = Vec::with_capacity(chunk.len() * 128);
            for (i, file) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                serde_json::to_writer(&mut json, file)?;
            }
            Ok(json)
        })
        .collect();
    out.write_all(head)?;
    out.write_all(br#""files":["#)?;
    for (i, chunk) in chunks.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(&chunk?)?;
    }
    out.write_all(br#"],"dirs":"#)?;
    serde_json::to_writer(&mut *out, &m.dirs)?;
    out.write_all(b"}")
}

/// The manifest at `path`, if there is a readable one of this format.
pub fn read_manifest(path: &Path) -> Option<Manifest> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice::<Manifest>(&bytes).ok().filter(|m| m.format == FORMAT)
}

/// The manifest of `dest`, if the output there is exactly what it describes: every file
/// present with the recorded length and mtime, every folder with its recorded mtime (so no
/// file was added or removed), no interrupted swap.
pub fn intact(dest: &Path, manifest: &Path) -> Option<Manifest> {
    intact_if(dest, manifest, |_| true)
}

/// [`intact`], checking `wanted` (cheap: the manifest alone) before any output file is looked at.
pub fn intact_if(dest: &Path, manifest: &Path, wanted: impl Fn(&Manifest) -> bool) -> Option<Manifest> {
    if sibling(dest, "old").exists() || !dest.is_dir() {
        return None;
    }
    let m = read_manifest(manifest).filter(|m| wanted(m))?;
    let files = m
        .files
        .par_iter()
        .all(|(rel, r)| safe(rel) && fs::symlink_metadata(dest.join(rel)).is_ok_and(|meta| r.matches(&meta)));
    let dirs = !m.dirs.is_empty()
        && m.dirs.par_iter().all(|(rel, mtime)| {
            (rel.is_empty() || safe(rel))
                && fs::symlink_metadata(dest.join(rel)).is_ok_and(|meta| meta.is_dir() && mtime_ns(&meta) == *mtime)
        });
    (files && dirs).then_some(m)
}

/// Every folder holding the output's files (and the output folder itself), with its mtime.
pub(super) fn folders(dest: &Path, records: &[(String, FileRecord)]) -> Vec<(String, u64)> {
    let mut dirs: FxHashSet<&str> = FxHashSet::default();
    dirs.insert("");
    for (rel, _) in records {
        let mut p = rel.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            if !dirs.insert(parent) {
                break;
            }
            p = parent;
        }
    }
    let mut dirs: Vec<&str> = dirs.into_iter().collect();
    dirs.sort_unstable();
    dirs.par_iter().map(|d| (d.to_string(), fs::symlink_metadata(dest.join(d)).map_or(0, |m| mtime_ns(&m)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(m: &mut Manifest) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(m, &mut out).unwrap();
        out
    }

    #[test]
    fn json_is_what_serde_writes() {
        let record = |i: u64| FileRecord { len: i, hash: [i * 7, u64::MAX - i], mtime: i << 20, ctime: i << 21 };
        let mut m = Manifest {
            format: FORMAT,
            inputs: Some("abc".into()),
            window: ("2026-01-01".into(), String::new()),
            now: None,
            summary: Summary {
                published: 3,
                withheld: vec![("a.md".into(), Text::same("x\"y"))],
                ..Summary::default()
            },
            files: Vec::new(),
            dirs: Vec::new(),
        };
        assert_eq!(json(&mut m), serde_json::to_vec(&m).unwrap());
        m.files = (0..3000).map(|i| (format!("documents/文{i}/index.html"), record(i))).collect();
        m.dirs = (0..40).map(|i| (format!("d/{i}"), i)).collect();
        assert_eq!(json(&mut m), serde_json::to_vec(&m).unwrap());
        assert_eq!(m.files.len(), 3000, "the records are put back");
    }
}
