//! `gongkai fix` run as an editor runs it: on the project's own copy of a web-scraped 公文
//! (pinyin ruby, U+3000 indents, single newlines between paragraphs, a zero-width space, a
//! no-break space before a heading, a full-width colon and a tab-like indent in the front matter,
//! a 文号 with square brackets), first as a diff, then written.

#[path = "common/lang.rs"]
mod lang;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(root.join("content/documents")).unwrap();
    fs::write(
        root.join("site.yaml"),
        "title: 測試市人民政府\nbase_url: https://www.example.gov.cn\norg_code: \"000000000000000000\"\ndepartments: [測試市人民政府辦公室]\n",
    )
    .unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix/scraped.md");
    fs::copy(fixture, root.join("content/documents/scraped.md")).unwrap();
    (tmp, root)
}

fn gongkai(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai")).args(args).current_dir(root).output().unwrap();
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
}

#[test]
fn fix_shows_a_diff_then_writes_it_atomically_with_a_backup() {
    let (_tmp, root) = site();
    let file = root.join("content/documents/scraped.md");
    let before = fs::read_to_string(&file).unwrap();
    let (code, out, err) = gongkai(&root, &["fix"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("fix_scraped_diff", out);
    assert_eq!(fs::read_to_string(&file).unwrap(), before, "fix without --write changes nothing");

    let (code, out, err) = gongkai(&root, &["fix", "--write"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("content/documents/scraped.md: repaired (original kept as .bak)"), "{out}");
    assert_eq!(fs::read_to_string(root.join("content/documents/scraped.md.bak")).unwrap(), before);
    let after = fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!("fix_scraped_after", after);
    // Only the file and its backup: no temporary file left beside them.
    let mut names: Vec<String> = fs::read_dir(root.join("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["scraped.md", "scraped.md.bak"]);

    // The repaired file parses, and a second run has nothing left to do.
    let (_, _, err) = gongkai(&root, &["check", "--now", "2026-03-02"]);
    assert!(err.contains("0 error(s)"), "{err}");
    let (code, out, _) = gongkai(&root, &["fix"]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to repair in 1 file(s)"), "{out}");
}

#[test]
fn fix_never_prints_a_classified_file() {
    let (_tmp, root) = site();
    let file = root.join("content/documents/scraped.md");
    let text = fs::read_to_string(&file).unwrap().replace("classification: public", "classification: 秘密");
    fs::write(&file, text).unwrap();
    let (code, out, _) = gongkai(&root, &["fix", "--write", "--no-backup"]);
    assert_eq!(code, 0);
    assert!(out.contains("(diff not shown: the file is not public)"), "{out}");
    assert!(!out.contains("精簡") && !out.contains("测政办发"), "{out}");
    assert!(!root.join("content/documents/scraped.md.bak").exists());
}
