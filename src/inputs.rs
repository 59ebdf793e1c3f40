//! A fingerprint of everything a build reads, so that a rebuild with nothing changed is skipped.
//!
//! The fingerprint covers the path, type, length and modification time of every file under
//! `site.yaml`, `content/`, `templates/`, `themes/` and `static/`, the gongkai binary itself,
//! and the options that change the output (drafts, base URL). The build date is not in it: the
//! manifest records the range of dates over which the gate decides every entry alike
//! ([`crate::site::Site::gate_window`]).
//!
//! Like git's index, a file modified within the last `RACY` could be modified again without its
//! mtime changing: then there is no fingerprint, and the build runs in full.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use crate::site::Options;

/// Files changed more recently than this make the fingerprint untrustworthy.
const RACY: Duration = Duration::from_secs(2);

/// The fingerprint of a build's inputs, or `None` when one cannot be trusted.
pub fn fingerprint(options: &Options) -> Option<String> {
    let root = &options.root;
    let mut paths: Vec<String> = vec!["site.yaml".into()];
    for dir in ["content", "templates", "themes", "static"] {
        for item in walkdir::WalkDir::new(root.join(dir)).follow_links(false).into_iter().filter_map(Result::ok) {
            let rel = item.path().strip_prefix(root).unwrap_or(item.path());
            paths.push(rel.to_string_lossy().into_owned());
        }
    }
    let stamps: Vec<Option<(u8, u64, u64)>> = paths.par_iter().map(|p| stamp(&root.join(p))).collect();
    let newest_allowed = SystemTime::now().checked_sub(RACY).unwrap_or(UNIX_EPOCH);
    let limit = newest_allowed.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by(|&a, &b| paths[a].cmp(&paths[b]));
    for i in order {
        let (kind, len, mtime) = stamps[i].unwrap_or((0, 0, 0));
        if u128::from(mtime) > limit {
            return None;
        }
        h.update(paths[i].as_bytes());
        h.update(&[0, kind]);
        h.update(&len.to_le_bytes());
        h.update(&mtime.to_le_bytes());
    }
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().ok().and_then(|p| stamp(&p));
    h.update(format!("{exe:?} {} {:?}", options.drafts, options.base_url).as_bytes());
    Some(format!("{:032x}", h.digest128()))
}

/// (type, length, mtime in ns) of a path, not following symlinks.
fn stamp(p: &Path) -> Option<(u8, u64, u64)> {
    let m = std::fs::symlink_metadata(p).ok()?;
    let kind = if m.is_file() {
        1
    } else if m.is_dir() {
        2
    } else {
        3
    };
    let mtime = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    // A directory's length and mtime change with its entries, which are listed anyway.
    let (len, mtime) = if kind == 2 { (0, 0) } else { (m.len(), u64::try_from(mtime).unwrap_or(u64::MAX)) };
    Some((kind, len, mtime))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Options) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/documents")).unwrap();
        std::fs::write(tmp.path().join("site.yaml"), "title: 测试\n").unwrap();
        std::fs::write(tmp.path().join("content/documents/a.md"), "---\n---\n正文\n").unwrap();
        let old = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        for f in ["site.yaml", "content/documents/a.md"] {
            std::fs::File::options().write(true).open(tmp.path().join(f)).unwrap().set_modified(old).unwrap();
        }
        let options = Options {
            root: tmp.path().to_path_buf(),
            now: jiff::civil::date(2026, 7, 1),
            drafts: false,
            base_url: None,
        };
        (tmp, options)
    }

    #[test]
    fn same_inputs_same_fingerprint() {
        let (_tmp, options) = site();
        assert!(fingerprint(&options).is_some());
        assert_eq!(fingerprint(&options), fingerprint(&options));
    }

    #[test]
    fn an_edit_a_new_file_or_an_option_changes_it() {
        let (tmp, mut options) = site();
        let before = fingerprint(&options).unwrap();
        let old = UNIX_EPOCH + Duration::from_secs(1_700_000_500);
        let add = tmp.path().join("content/documents/b.md");
        std::fs::write(&add, "x").unwrap();
        std::fs::File::options().write(true).open(&add).unwrap().set_modified(old).unwrap();
        let added = fingerprint(&options).unwrap();
        assert_ne!(before, added);
        options.drafts = true;
        assert_ne!(fingerprint(&options).unwrap(), added);
    }

    #[test]
    fn a_file_modified_just_now_gives_no_fingerprint() {
        let (tmp, options) = site();
        std::fs::write(tmp.path().join("content/documents/a.md"), "---\n---\n新的正文\n").unwrap();
        assert_eq!(fingerprint(&options), None);
    }
}
