//! Writing the rendered output: build aside, then swap.
//!
//! The new output is assembled in a sibling folder (`.public.gongkai-new`): files whose bytes
//! are unchanged are hard-linked from the current output (not rewritten, mtime kept), the rest
//! are written. Only then are the folders swapped with two renames. A build that fails before
//! this point never touches the output; a build killed during it leaves the previous output in
//! place (or, between the two renames, in `.public.gongkai-old`, which the next build restores).
//! No file is ever written in place, so none is ever left half-written.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::{OutFile, Output};

/// What a write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
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

pub fn write(out: &Output, dest: &Path) -> io::Result<Stats> {
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    recover(dest)?;
    let stage = sibling(dest, "new");
    fs::create_dir_all(&stage)?;
    let result = fill(out, dest, &stage);
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_dir_all(&stage);
            return Err(e);
        }
    };
    let removed = stale_files(dest, out);
    let old = sibling(dest, "old");
    if dest.exists() {
        fs::rename(dest, &old)?;
    }
    fs::rename(&stage, dest)?;
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(Stats { removed, ..stats })
}

fn fill(out: &Output, dest: &Path, stage: &Path) -> io::Result<Stats> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for rel in out.files.keys() {
        if !safe(rel) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        if let Some(parent) = Path::new(rel).parent() {
            if dirs.last().map(PathBuf::as_path) != Some(parent) {
                dirs.push(parent.to_path_buf());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(stage.join(d))?;
    }
    let outcomes: Vec<io::Result<bool>> =
        out.files.par_iter().map(|(rel, file)| place(rel, file, dest, stage)).collect();
    let mut stats = Stats::default();
    for o in outcomes {
        if o? {
            stats.unchanged += 1;
        } else {
            stats.written += 1;
        }
    }
    Ok(stats)
}

/// Put one file into the stage; true when it was unchanged (hard-linked from the current output).
fn place(rel: &str, file: &OutFile, dest: &Path, stage: &Path) -> io::Result<bool> {
    let target = stage.join(rel);
    let current = dest.join(rel);
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
    if let Ok(meta) = fs::symlink_metadata(&current) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(&current).is_ok_and(|c| c == *bytes)
            && fs::hard_link(&current, &target).is_ok()
        {
            return Ok(true);
        }
    }
    fs::write(&target, &bytes)?;
    Ok(false)
}

/// Files of the current output that the new one no longer has.
fn stale_files(dir: &Path, out: &Output) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
            !out.files.contains_key(&rel.join("/"))
        })
        .count()
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
        assert_eq!(write(&out, &dest).unwrap(), Stats { written: 2, unchanged: 0, removed: 0 });
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
    fn interrupted_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        fs::create_dir_all(sibling(&dest, "old")).unwrap();
        fs::write(sibling(&dest, "old").join("a.html"), "A").unwrap();
        recover(&dest).unwrap();
        assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "A");
    }
}
