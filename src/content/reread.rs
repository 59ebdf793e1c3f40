//! Bodies the loader left on disk, read again for the body pass and refused when their file is
//! not the one the gate judged.
//!
//! A build holds the Markdown bodies from load to the body pass only up to a budget
//! ([`budget`]); beyond it, the loader keeps the front matter, where the body starts and a hash
//! of the file's bytes ([`super::OnDisk`]), and the body pass reads the file again. The gate,
//! the validation and every list were made from the file as first read, so a file edited,
//! replaced or removed in between fails the build (`changed-during-build`): its body is never
//! published unless its bytes hash to what the loader read.

use std::path::Path;

use super::{source, Entry, OnDisk};
use crate::diagnostics::Diagnostic;
use crate::messages::content as msg;

/// Bytes of bodies a build holds from load to the body pass unless told otherwise: 64 MiB
/// (every body of a site of about 20,000 entries: reading them again costs nothing there).
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// The budget of held bodies: `GONGKAI_HOLD_BODIES` in MiB (`0` reads every body again, which
/// is how the tests take that path), or `DEFAULT_BUDGET` (64 MiB).
pub fn budget() -> usize {
    budget_from(std::env::var("GONGKAI_HOLD_BODIES").ok().as_deref())
}

fn budget_from(value: Option<&str>) -> usize {
    value.and_then(|v| v.trim().parse::<usize>().ok()).map_or(DEFAULT_BUDGET, |mib| mib.saturating_mul(1 << 20))
}

/// The body of `e`, whose file under `content` the loader left on disk at `at`.
pub fn reread(content: &Path, e: &Entry, at: OnDisk) -> Result<String, Diagnostic> {
    match super::read_limited(&content.join(&e.key)) {
        Ok(bytes) => verify(&e.path, &bytes, at),
        Err(err) => Err(Diagnostic::error(&e.path, 0, 0, msg::changed_during_build(Some(&err)))),
    }
}

/// The body in `bytes`, when they are the bytes the loader read.
fn verify(path: &str, bytes: &[u8], at: OnDisk) -> Result<String, Diagnostic> {
    let changed = || Diagnostic::error(path, 0, 0, msg::changed_during_build(None));
    if xxhash_rust::xxh3::xxh3_128(bytes) != at.hash {
        return Err(changed());
    }
    // The same bytes decode as they did at load, and the body starts where it did.
    let mut text = source::decode(path, bytes).map_err(|_| changed())?;
    let offset = at.offset as usize;
    if !text.is_char_boundary(offset) {
        return Err(changed());
    }
    text.replace_range(..offset, "");
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Code;

    const FILE: &str = "---\ntitle: 关于印发方案的通知\ndate: 2025-01-20\nclassification: public\n\
                        approval: {status: approved, by: 王晓红, on: 2025-01-17}\ndepartment: 云州市人民政府办公室\n\
                        ---\n\n正文第一段。\n";

    fn at(bytes: &[u8]) -> OnDisk {
        let text = source::decode("x", bytes).unwrap();
        let split = source::split("x", &text).unwrap();
        OnDisk { hash: xxhash_rust::xxh3::xxh3_128(bytes), offset: (text.len() - split.body.len()) as u32 }
    }

    #[test]
    fn the_same_bytes_give_the_body_back() {
        assert_eq!(verify("content/documents/a.md", FILE.as_bytes(), at(FILE.as_bytes())).unwrap(), "\n正文第一段。\n");
        // A byte-order mark and CRLF line ends are read as the loader read them.
        let crlf = format!("\u{feff}{}", FILE.replace('\n', "\r\n"));
        assert_eq!(verify("x", crlf.as_bytes(), at(crlf.as_bytes())).unwrap(), "\n正文第一段。\n");
    }

    #[test]
    fn changed_bytes_are_refused_with_the_file_named() {
        let edited = FILE.replace("第一段", "第二段");
        let d = verify("content/documents/a.md", edited.as_bytes(), at(FILE.as_bytes())).unwrap_err();
        assert_eq!((d.path.as_str(), d.code), ("content/documents/a.md", Code::ChangedDuringBuild));
        assert!(d.severity == crate::diagnostics::Severity::Error);
        // A change of the front matter alone (what the gate read) is refused too.
        let withdrawn = FILE.replace("classification: public", "classification: internal");
        assert!(verify("x", withdrawn.as_bytes(), at(FILE.as_bytes())).is_err());
        assert!(verify("x", b"", at(FILE.as_bytes())).is_err());
    }

    #[test]
    fn a_vanished_file_is_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("documents")).unwrap();
        let file = dir.path().join("documents/a.md");
        std::fs::write(&file, FILE).unwrap();
        let loaded = super::super::load(dir.path(), &["documents/a.md".to_string()], 0);
        let e = loaded[0].parsed.as_ref().unwrap().entry.clone().unwrap();
        let on_disk = e.on_disk.expect("a budget of 0 leaves the body on disk");
        assert!(e.body.is_empty());
        assert_eq!(reread(dir.path(), &e, on_disk).unwrap(), "\n正文第一段。\n");
        std::fs::remove_file(&file).unwrap();
        let d = reread(dir.path(), &e, on_disk).unwrap_err();
        assert_eq!((d.path.as_str(), d.code), ("content/documents/a.md", Code::ChangedDuringBuild));
        assert!(d.message.en.contains("removed"), "{}", d.message.en);
        // Put back with other bytes: refused as modified.
        std::fs::write(&file, FILE.replace("正文", "新文")).unwrap();
        let d = reread(dir.path(), &e, on_disk).unwrap_err();
        assert!(d.message.zh.contains("被修改"), "{}", d.message.zh);
    }

    #[test]
    fn bodies_are_held_until_the_budget_is_spent() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("documents")).unwrap();
        let keys: Vec<String> = (0..4).map(|i| format!("documents/{i}.md")).collect();
        for k in &keys {
            std::fs::write(dir.path().join(k), FILE).unwrap();
        }
        let body = "\n正文第一段。\n".len();
        let held = |budget: usize| {
            let loaded = super::super::load(dir.path(), &keys, budget);
            let entries: Vec<_> = loaded.iter().map(|l| l.parsed.as_ref().unwrap().entry.as_ref().unwrap()).collect();
            assert!(entries.iter().all(|e| e.on_disk.is_some() == e.body.is_empty()));
            entries.iter().filter(|e| e.on_disk.is_none()).count()
        };
        assert_eq!((held(0), held(body), held(2 * body + 1), held(usize::MAX)), (0, 1, 2, 4));
    }

    #[test]
    fn the_budget_is_read_in_mib() {
        assert_eq!(budget_from(None), DEFAULT_BUDGET);
        assert_eq!(budget_from(Some("0")), 0);
        assert_eq!(budget_from(Some(" 2 ")), 2 << 20);
        assert_eq!(budget_from(Some("lots")), DEFAULT_BUDGET);
    }
}
