//! The front-matter slips editors make, each reported by `check` at its exact line and column
//! with the character named and the corrected line; files in other encodings named rightly,
//! with a conversion command that, run as printed, gives back the text.

#[path = "common/lang.rs"]
mod lang;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

const SITE: &str = "title: 测试市人民政府\nbase_url: https://www.example.gov.cn\norg_code: \"000000000000000000\"\ndepartments: [测试市人民政府办公室]\n";
const GOOD: &str = "date: 2025-01-02\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-02}\ndepartment: 测试市人民政府办公室\n";

fn site(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(root.join("content/documents")).unwrap();
    fs::write(root.join("site.yaml"), SITE).unwrap();
    for (name, bytes) in files {
        fs::write(root.join("content/documents").join(name), bytes).unwrap();
    }
    (tmp, root)
}

fn check(root: &PathBuf) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--now", "2025-06-01"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// (front matter lines after `---`, expected `line:col: severity`, code-specific words, fix).
const SLIPS: &[(&str, &str, &str, &str)] = &[
    ("title：关于印发通知\n", "2:6: error", "full-width colon `：`", "write `title: 关于印发通知`"),
    ("标题：关于印发通知\n", "2:3: error", "full-width colon `：`", "write `标题: 关于印发通知`"),
    ("title: 关于印发通知\ngenre：通知\n", "3:6: error", "`genre` is followed by", "write `genre: 通知`"),
    ("title: 关于印发通知\napproval:\n\tstatus: approved\n", "4:1: error", "a tab", "ordinary spaces"),
    ("title: 关于印发通知\napproval:\n\u{a0}\u{a0}status: approved\n", "4:1: error", "U+00A0", "ordinary spaces"),
    ("title: 关于印发通知\napproval:\n\u{3000}status: approved\n", "4:1: error", "U+3000", "ordinary spaces"),
    ("title:\u{3000}关于印发通知\n", "2:7: error", "full-width space", "write `title: 关于印发通知`"),
    ("title: 关于: 印发通知\n", "2:10: error", "contains `: `", "`title: '关于: 印发通知'`"),
    ("title: \"十四五\"规划实施方案\n", "2:13: error", "starts with a quote", "`title: '\"十四五\"规划实施方案'`"),
    (
        "title: 关于印发通知\ninterprets: @/documents/b.md\n",
        "3:13: error",
        "not in quotes",
        "write `interprets: \"@/documents/b.md\"`",
    ),
];

#[test]
fn every_slip_is_found_at_its_place() {
    for (i, (front, place, words, fix)) in SLIPS.iter().enumerate() {
        let mut text = format!("---\n{front}");
        if !front.contains("approval") {
            text.push_str(GOOD);
        } else {
            text.push_str("date: 2025-01-02\nclassification: public\ndepartment: 测试市人民政府办公室\n");
        }
        text.push_str("---\n正文。\n");
        let (_tmp, root) = site(&[("a.md", text.into_bytes())]);
        let (code, err) = check(&root);
        assert_eq!(code, 1, "case {i}: {err}");
        let line = err.lines().find(|l| l.starts_with("content/documents/a.md:")).unwrap_or_default();
        assert!(line.starts_with(&format!("content/documents/a.md:{place}")), "case {i}: {line}\n{err}");
        assert!(line.contains(words) && line.contains(fix), "case {i}: {line}");
        assert!(!line.contains("invalid YAML"), "case {i}: {line}");
    }
}

#[test]
fn dividing_lines_typed_with_dashes_that_are_not_hyphens() {
    let text = format!("———\ntitle: 通知\n{GOOD}———\n正文。\n");
    let (_tmp, root) = site(&[("a.md", text.into_bytes())]);
    let (_, err) = check(&root);
    assert!(err.contains("content/documents/a.md:1:1: error: the front matter's dividing line must be three ASCII hyphens `---`, not `———` (U+2014)"), "{err}");
    let text = format!("---\ntitle: 通知\n{GOOD}－－－\n正文。\n");
    let (_tmp, root) = site(&[("a.md", text.into_bytes())]);
    let (_, err) = check(&root);
    assert!(err.contains("content/documents/a.md:7:1: error: the front matter's dividing line"), "{err}");
}

#[test]
fn values_that_parse_but_are_not_what_was_meant() {
    let text = format!("---\ntitle: “关于印发通知”\ntopics: 安全生产，应急管理\n{GOOD}---\n正文。\n");
    let (_tmp, root) = site(&[("a.md", text.into_bytes())]);
    let (code, err) = check(&root);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("a.md:2:1: warning: the value of `title` is wrapped in Chinese quotes"), "{err}");
    assert!(err.contains("remove them: `title: 关于印发通知`"), "{err}");
    assert!(err.contains("a.md:3:1: warning: `topics` is a list"), "{err}");
    assert!(err.contains("write `topics: [安全生产, 应急管理]`"), "{err}");
}

#[test]
fn near_miss_keys_suggest_the_real_one() {
    let text = format!("---\ntitle: 通知\ndoc_no: 测政发〔2025〕1号\n发布日期: 2025-01-02\n{GOOD}---\n正文。\n")
        .replacen("date: 2025-01-02\n", "", 1);
    let (_tmp, root) = site(&[("a.md", text.into_bytes())]);
    let (_, err) = check(&root);
    assert!(err.contains("a.md:3:1: error: unknown field `doc_no` — did you mean `doc_number`?"), "{err}");
    assert!(err.contains("a.md:4:1: error: unknown field `发布日期` — did you mean `date`?"), "{err}");
}

/// Big5, GB18030 and UTF-16 (both byte orders, with and without a BOM): the message names the
/// encoding, and the `iconv` command it prints, run as printed, turns the file into one that
/// passes `check` with the original text.
#[test]
fn encodings_are_named_and_the_printed_conversion_works() {
    if Command::new("iconv").arg("--version").output().is_err() {
        eprintln!("iconv is not installed; the conversion itself is not run");
        return;
    }
    // Big5 has only traditional characters: the whole file is written in them.
    let text = "---\ntitle: 關於印發臺灣鄉鎮資料的通知\ndate: 2025-01-02\nclassification: public\n\
                approval: {status: approved, by: 陳大文, on: 2025-01-02}\ndepartment: 測試市人民政府辦公室\n---\n正文說明。\n";
    let utf16 = |be: bool, bom: bool| -> Vec<u8> {
        let mut v: Vec<u8> = match (bom, be) {
            (false, _) => vec![],
            (true, true) => vec![0xFE, 0xFF],
            (true, false) => vec![0xFF, 0xFE],
        };
        for u in text.encode_utf16() {
            v.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        v
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("Big5", encoding_rs::BIG5.encode(text).0.into_owned()),
        ("GB18030", encoding_rs::GB18030.encode(text).0.into_owned()),
        ("UTF-16LE (with", utf16(false, true)),
        ("UTF-16BE (with", utf16(true, true)),
        ("UTF-16LE (no", utf16(false, false)),
        ("UTF-16BE (no", utf16(true, false)),
    ];
    for (name, bytes) in cases {
        let (_tmp, root) = site(&[("a.md", bytes)]);
        let (code, err) = check(&root);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(&format!("it looks like {name}")), "{name}: {err}");
        let cmd = err.split("convert it: `").nth(1).and_then(|r| r.split('`').next()).expect("a command");
        let run = Command::new("sh").arg("-c").arg(cmd).current_dir(&root).output().unwrap();
        assert!(run.status.success(), "{name}: {cmd}: {}", String::from_utf8_lossy(&run.stderr));
        fs::rename(root.join("converted.md"), root.join("content/documents/a.md")).unwrap();
        assert_eq!(
            fs::read_to_string(root.join("content/documents/a.md")).unwrap().trim_start_matches('\u{feff}'),
            text,
            "{name}"
        );
        let (code, err) = check(&root);
        assert_eq!(code, 0, "{name} after conversion: {err}");
        assert!(!err.contains("not UTF-8"), "{name} after conversion: {err}");
    }
}

/// One root cause, one error: a document whose front matter does not parse, linked from four
/// documents (a Markdown link, `interprets`, `replaced_by`) and listed in a journal issue,
/// gives one error, at its own line, naming the slip; no other file gets a message about it.
#[test]
fn a_file_that_does_not_parse_is_the_one_error() {
    let doc =
        |title: &str, extra: &str, body: &str| format!("---\ntitle: {title}\n{GOOD}{extra}---\n{body}\n").into_bytes();
    let broken = format!("---\ntitle：关于印发通知\n{GOOD}---\n正文。\n").into_bytes();
    let (_tmp, root) = site(&[
        ("broken.md", broken),
        ("a.md", doc("甲", "", "见[通知](@/documents/broken.md)。")),
        ("b.md", doc("乙", "", "依据[通知](@/documents/broken.md#yi)和[同一通知](@/documents/broken.md)。")),
        ("c.md", doc("丙", "interprets: \"@/documents/broken.md\"\n", "解读。")),
        (
            "d.md",
            doc(
                "丁",
                "validity: repealed\nvalidity_date: 2025-01-02\nreplaced_by: \"@/documents/broken.md\"\n",
                "旧文件。",
            ),
        ),
    ]);
    fs::create_dir_all(root.join("content/journals/gongbao")).unwrap();
    fs::write(
        root.join("content/journals/gongbao/_index.md"),
        format!("---\ntitle: 公报\n{GOOD}frequency: monthly\n---\n"),
    )
    .unwrap();
    fs::write(
        root.join("content/journals/gongbao/1.md"),
        format!("---\ntitle: 第1期\n{GOOD}year: 2025\nnumber: 1\ncontents: [\"@/documents/broken.md\", \"@/documents/a.md\"]\n---\n"),
    )
    .unwrap();
    let (code, err) = check(&root);
    assert_eq!(code, 1, "{err}");
    let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(problems.len(), 1, "{err}");
    assert!(problems[0].starts_with("content/documents/broken.md:2:6: error:"), "{err}");
    assert!(problems[0].contains("links to this file from other files are left out until it parses"), "{err}");
}
