//! Broken bytes: invalid UTF-8, GB18030/GBK and UTF-16 files, a BOM, CRLF line ends, NUL and
//! other control characters, duplicate keys, unclosed or missing front matter, empty files.
//! Each is either read correctly or refused with a located error that says how to fix it; none
//! panics, and none prints the file's content.

use crate::common::*;

fn valid_text(title: &str) -> String {
    Fm::new(title).set("summary", "摘要").body("正文第一段。\n").render()
}

#[test]
fn bom_and_crlf_are_read() {
    let site = TestSite::new();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(valid_text("带BOM的文件zqbomx").as_bytes());
    site.write("content/documents/bom.md", bom);
    site.write("content/documents/crlf.md", valid_text("CRLF文件zqcrlfx").replace('\n', "\r\n"));
    let mut both = b"\xEF\xBB\xBF".to_vec();
    both.extend_from_slice(valid_text("两者zqbothx").replace('\n', "\r\n").as_bytes());
    site.write("content/documents/both.md", both);
    // site.yaml with a BOM and CRLF too.
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("\u{feff}{}", yaml.replace('\n', "\r\n")));
    site.build().ok();
    for m in ["zqbomx", "zqcrlfx", "zqbothx"] {
        assert_somewhere(&site.out(), m);
    }
    let page = std::fs::read_to_string(site.out().join("documents/crlf/index.html")).unwrap();
    assert!(!page.contains('\r'), "CR leaked into the page");
}

#[test]
fn crlf_positions_are_right() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.md",
        Fm::new("文件").set("sumary", "x").body("[x](@/documents/nope.md)\n").render().replace('\n', "\r\n"),
    );
    let run = site.build();
    run.fails();
    run.diag("content/documents/a.md:7:1: error: unknown field `sumary`");
    run.diag("content/documents/a.md:9:5: error: ");
}

#[test]
fn invalid_utf8_is_located() {
    let site = TestSite::new();
    let mut bytes = valid_text("文件").into_bytes();
    let at = bytes.windows(6).position(|w| w == "正文".as_bytes()).unwrap();
    bytes.insert(at, 0xFF);
    site.write("content/documents/bad.md", bytes);
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/bad.md:9:1: error: file is not UTF-8");
    assert!(line.contains("UTF-8"), "{line}");
}

#[test]
fn gbk_and_gb18030_files_are_named() {
    let site = TestSite::new();
    let text = valid_text("关于印发测试办法的通知zqgbkx");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    site.write("content/documents/gbk.md", gbk.as_ref());
    let text18030 = valid_text("𠀀扩展字符的标题");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text18030);
    site.write("content/documents/gb18030.md", gb.as_ref());
    let (y, _, _) = encoding_rs::GBK.encode("title: 测试\nbase_url: https://x.cn\n");
    let run = site.build();
    run.fails();
    // The first non-ASCII byte is the title's first character: line 2, column 8.
    let line = run.diag("content/documents/gbk.md:2:8: error: ");
    assert!(line.contains("GB18030") || line.contains("GBK"), "{line}");
    assert!(line.contains("iconv") || line.contains("UTF-8"), "the fix: {line}");
    let line = run.diag("content/documents/gb18030.md:2:8: error: ");
    assert!(line.contains("GB18030"), "{line}");
    assert!(!run.all().contains("zqgbkx"), "{run}");
    // A GBK site.yaml, too.
    site.write("site.yaml", y.as_ref());
    let run = site.build();
    run.fails();
    assert!(run.diag("site.yaml:1:8: error: ").contains("GB18030"), "{run}");
}

#[test]
fn utf16_is_named() {
    let site = TestSite::new();
    let mut bytes = vec![0xFF, 0xFE];
    for u in valid_text("文件").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    site.write("content/documents/u16.md", bytes);
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/u16.md:");
    assert!(line.contains("not UTF-8"), "{line}");
}

#[test]
fn nul_and_control_characters_are_refused_with_their_position() {
    let site = TestSite::new();
    let cases = [
        ("nul", '\u{0}', "U+0000"),
        ("esc", '\u{1b}', "U+001B"),
        ("del", '\u{7f}', "U+007F"),
        ("vt", '\u{b}', "U+000B"),
        ("ff", '\u{c}', "U+000C"),
        ("cr", '\r', "U+000D"),
        ("c1", '\u{85}', "U+0085"),
    ];
    for (name, c, _) in cases {
        site.write(
            &format!("content/documents/{name}.md"),
            Fm::new(&format!("标题{c}zqctlx")).body(&format!("正文{c}\n")).render(),
        );
    }
    // A classified file with a NUL: the position is reported, never its content.
    site.write("content/documents/secret.md", Fm::new("绝密zqsecx\u{0}").set("classification", "绝密").render());
    let run = site.build();
    run.fails();
    for (name, _, code) in cases {
        let line = run.diag(&format!("content/documents/{name}.md:2:10: error: "));
        assert!(line.contains(code), "{line}");
    }
    run.diag("content/documents/secret.md:2:16: error: ");
    assert!(!run.all().contains("zqsecx"), "{run}");
    assert!(!run.all().contains("zqctlx"), "{run}");
}

/// Tabs, and Unicode format characters that are not controls, are text.
#[test]
fn tabs_are_text() {
    let site = TestSite::new();
    site.write("content/documents/tab.md", Fm::new("标题\tzqtabx").body("正文\t制表符\n").render());
    site.build().ok();
    assert_somewhere(&site.out(), "zqtabx");
}

#[test]
fn duplicate_keys_are_errors() {
    let site = TestSite::new();
    site.write(
        "content/documents/dup.md",
        "---\ntitle: 第一个\ndate: 2025-01-10\nclassification: public\ntitle: 第二个\n---\n",
    );
    site.write(
        "content/documents/dup2.md",
        "---\ntitle: 标题\ndate: 2025-01-10\nclassification: internal\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-09}\ndepartment: 测试市人民政府办公室\n---\n",
    );
    site.write(
        "content/documents/dup3.md",
        "---\ntitle: 标题\ndate: 2025-01-10\nclassification: public\napproval:\n  status: approved\n  by: 张三\n  status: pending\ndepartment: 测试市人民政府办公室\n---\n",
    );
    let run = site.build();
    run.fails();
    assert!(run.diag("content/documents/dup.md:5:1: error: ").contains("duplicate"), "{run}");
    // A duplicated classification is never resolved to either value: the file is withheld.
    assert!(run.diag("content/documents/dup2.md:5:1: error: ").contains("duplicate"), "{run}");
    assert!(run.stdout.contains("withheld: content/documents/dup2.md ("), "{run}");
    assert!(run.diag("content/documents/dup3.md:8:3: error: ").contains("duplicate"), "{run}");
    assert!(run.stdout.contains("withheld: content/documents/dup3.md ("), "{run}");
}

#[test]
fn broken_front_matter_blocks() {
    let site = TestSite::new();
    let cases: &[(&str, &str, &str)] = &[
        ("empty", "", "content/documents/empty.md:1:1: error: file is empty"),
        ("blank", "  \n\n\t\n", "content/documents/blank.md:1:1: error: file is empty"),
        (
            "unclosed",
            "---\ntitle: x\ndate: 2025-01-10\n正文\n",
            "content/documents/unclosed.md:1:1: error: front matter is never closed",
        ),
        ("only-dashes", "---\n", "content/documents/only-dashes.md:1:1: error: front matter is never closed"),
        (
            "no-front",
            "# 标题\n\n正文\n",
            "content/documents/no-front.md:1:1: error: file does not start with front matter",
        ),
        (
            "late-front",
            "\n---\ntitle: x\n---\n",
            "content/documents/late-front.md:1:1: error: file does not start with front matter",
        ),
        ("list", "---\n- a\n- b\n---\n", "content/documents/list.md:2:1: error: front matter must be a mapping"),
        ("scalar", "---\n就是一句话\n---\n", "content/documents/scalar.md:2:1: error: front matter must be a mapping"),
        ("empty-front", "---\n---\n正文\n", "content/documents/empty-front.md:2:1: error: missing required field"),
        ("tabs-indent", "---\ntitle: x\napproval:\n\tstatus: approved\n---\n", "content/documents/tabs-indent.md:4:"),
        ("dots", "---\ntitle: x\n...\n---\n", "content/documents/dots.md:"),
    ];
    for (name, text, _) in cases {
        site.write(&format!("content/documents/{name}.md"), text);
    }
    let run = site.build();
    run.fails();
    for (_, _, want) in cases {
        run.diag(want);
    }
    // Each unreadable file is withheld as unreadable, not as classified.
    for (name, _, _) in cases {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&format!("withheld: content/documents/{name}.md ("))),
            "{name}\n{run}"
        );
    }
    let check = site.run(&["check", "--now", NOW]);
    assert!(!check.stderr.contains("content/documents/empty.md: error: a file that is not classified"), "{check}");
}

/// YAML features that are not plain data: tags, complex keys, anchors used sanely.
#[test]
fn unusual_yaml_is_handled() {
    let site = TestSite::new();
    site.write(
        "content/documents/tags.md",
        "---\ntitle: !!str 带标签zqtagx\ndate: 2025-01-10\nclassification: !custom public\napproval: {status: approved, by: 张三, on: 2025-01-09}\ndepartment: &d 测试市人民政府办公室\nsummary: *d\n---\n",
    );
    site.write(
        "content/documents/keys.md",
        "---\ntitle: x\ndate: 2025-01-10\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-09}\ndepartment: 测试市人民政府办公室\n? [a, b]\n: c\n1: 数字键\n~: 空键\n---\n",
    );
    let run = site.build();
    run.fails();
    run.no_debug_dump();
    assert!(
        run.diagnostics().iter().any(|l| l.starts_with("content/documents/keys.md:") && l.contains("unknown field")),
        "{run}"
    );
}

/// A valid site and these broken files together: the broken ones are reported, nothing panics.
#[test]
fn garbage_bytes_never_panic() {
    let site = TestSite::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..40 {
        let mut bytes = b"---\n".to_vec();
        for _ in 0..(64 + i * 13) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push((seed & 0xff) as u8);
        }
        site.write(&format!("content/documents/g{i}.md"), bytes);
    }
    let run = site.build();
    run.fails();
    run.no_debug_dump();
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("withheld: ")).count(), 40, "{run}");
}

/// Found by the `front_matter` fuzzer: an empty list item (a bare `-`) made the build panic.
#[test]
fn empty_list_items_do_not_panic() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.md",
        "---\ntitle: 空列表项zqemptyx\ndate: 2025-01-10\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-09}\ndepartment: 测试市人民政府办公室\ntopics:\n  -\n  - 营商环境\n-\n---\n",
    );
    site.write(
        "content/approvals/b.md",
        Fm::approval("事项", "CS-1").render().replace("---\n正文", "materials:\n-\nlegal_basis:\n  -\n---\n正文"),
    );
    let run = site.build();
    assert!(run.code == 0 || run.code == 1, "{run}");
    run.no_debug_dump();
    site.write(
        "content/documents/a.md",
        "---\ntitle: 空列表项zqemptyx\ndate: 2025-01-10\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-09}\ndepartment: 测试市人民政府办公室\ntopics:\n  -\n  - 营商环境\n---\n",
    );
    let run = site.build();
    assert!(run.code == 0 || run.code == 1, "{run}");
    run.no_debug_dump();
    let run = site.run(&["check", "--now", NOW]);
    assert!(run.code == 0 || run.code == 1, "{run}");
}

/// Found by the `front_matter` fuzzer: a Chinese value followed by a trailing space (as editors
/// often leave) made the build panic.
#[test]
fn trailing_spaces_after_values() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.md",
        "---\ntitle: 关于印发的通知zqtrailx \ndate: 2025-01-10 \nclassification: public  \napproval: {status: approved, by: 张三, on: 2025-01-09}\t\ndepartment: 测试市人民政府办公室 \ntopics: [营商环境, 数据]   \nsummary: \"摘要\"  \n---\n正文   \n",
    );
    let run = site.build();
    run.ok();
    assert_somewhere(&site.out(), "zqtrailx");
}
