//! Content files: reading them from `content/`, splitting front matter, the typed model and the gate.
//!
//! Reading is the only part that touches the disk ([`scan`], [`load`]); everything else takes
//! strings. Symlinks under `content/` are never followed, so nothing outside it is ever read.

pub mod docnum;
pub mod fields;
pub mod gate;
mod kinds;
pub mod model;
pub mod names;
pub mod parse;
pub mod refs;
mod reread;
pub mod slips;
pub mod slug;
pub mod source;
pub mod tasks;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use kinds::{frequency_label, parse_period};
pub use model::*;
pub use reread::{budget, reread};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::content as msg;

/// Refuse more content files than this (a resource limit).
pub const MAX_FILES: usize = 200_000;

/// What is under `content/`: Markdown entries and other files (attachment candidates).
#[derive(Debug, Default)]
pub struct Tree {
    /// `documents/x.md` keys of Markdown files, sorted.
    pub markdown: Vec<String>,
    /// Keys of every other regular file, sorted.
    pub assets: Vec<String>,
}

/// List `content/` without following symlinks. Problems (symlinks, unreadable folders) are reported.
pub fn scan(content: &Path, diags: &mut Diagnostics) -> Tree {
    let mut tree = Tree::default();
    if !content.is_dir() {
        diags.push(Diagnostic::error("content", 0, 0, msg::no_content()));
        return tree;
    }
    for item in walkdir::WalkDir::new(content).follow_links(false).sort_by_file_name() {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                let p = e.path().map(|p| rel(content, p)).unwrap_or_default();
                diags.push(Diagnostic::error(format!("content/{p}"), 0, 0, msg::unreadable_entry()));
                continue;
            }
        };
        let key = rel(content, item.path());
        if key.is_empty() {
            continue;
        }
        let ft = item.file_type();
        if ft.is_symlink() {
            diags.push(Diagnostic::warning(format!("content/{key}"), 0, 0, msg::symlink()));
            continue;
        }
        if !ft.is_file() || key.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        if key.ends_with(".md") {
            tree.markdown.push(key);
        } else {
            tree.assets.push(key);
        }
        if tree.markdown.len() + tree.assets.len() > MAX_FILES {
            diags.push(Diagnostic::error("content", 0, 0, msg::too_many_files(MAX_FILES)));
            break;
        }
    }
    tree
}

fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One Markdown file after parsing, with its verdict still to be made.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub key: String,
    pub path: String,
    /// Boxed: a large site's files are all loaded before the gate admits them one by one, and
    /// each parsed file is freed as it is admitted rather than with the whole list.
    pub parsed: Option<Box<parse::Parsed>>,
    /// Decoding or location problems that stop the file from being parsed at all.
    pub unreadable: Option<Diagnostic>,
}

/// Read and parse every Markdown file, in parallel. Bodies are kept until `budget` bytes of
/// them are held; the others are left on disk ([`Entry::on_disk`]) for the body pass to read
/// again ([`reread`]), so that a large site's memory does not grow with all of its text.
pub fn load(content: &Path, keys: &[String], budget: usize) -> Vec<Loaded> {
    let held = std::sync::atomic::AtomicUsize::new(0);
    let keep = |len: usize| held.fetch_add(len, std::sync::atomic::Ordering::Relaxed) + len <= budget;
    keys.par_iter().map(|key| load_file(content, key, &keep)).collect()
}

/// Read and parse one Markdown file, keeping its body.
pub fn load_one(content: &Path, key: &str) -> Loaded {
    load_file(content, key, &|_| true)
}

/// [`load_one`], keeping the body only when `keep` says so for its length.
fn load_file(content: &Path, key: &str, keep: &(dyn Fn(usize) -> bool + Sync)) -> Loaded {
    let path = format!("content/{key}");
    let fail = |d: Diagnostic| Loaded { key: key.to_string(), path: path.clone(), parsed: None, unreadable: Some(d) };
    let Some(kind) = parse::kind_of(key) else {
        return fail(Diagnostic::error(path.clone(), 0, 0, msg::misplaced()));
    };
    let bytes = match read_limited(&content.join(key)) {
        Ok(b) => b,
        Err(e) => return fail(Diagnostic::error(path.clone(), 0, 0, msg::unreadable_file(&e))),
    };
    let text = match source::decode(&path, &bytes) {
        Ok(t) => t,
        Err(d) => return fail(d),
    };
    let mut parsed = parse::parse(&path, key, kind, &text);
    if let Some(e) = parsed.entry.as_mut() {
        if !keep(e.body.len()) {
            // The body is a suffix of the text (front matter and body split it).
            let offset = (text.len() - e.body.len()) as u32;
            e.on_disk = Some(OnDisk { hash: xxhash_rust::xxh3::xxh3_128(&bytes), offset });
            e.body = String::new();
        }
    }
    Loaded { key: key.to_string(), path, parsed: Some(Box::new(parsed)), unreadable: None }
}

/// Read at most one byte past the limit, so a huge file is refused without reading it all.
pub(crate) fn read_limited(p: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(p)?;
    let limit = source::MAX_FILE_BYTES as u64 + 1;
    let size = f.metadata().map_or(0, |m| m.len()).min(limit);
    let mut buf = Vec::with_capacity(size as usize + 1);
    f.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The `content/` folder of a site root.
pub fn dir(root: &Path) -> PathBuf {
    root.join("content")
}
