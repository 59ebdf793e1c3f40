//! Resource attacks: YAML alias bombs, deep nesting (Markdown and YAML), a 20 MB file, huge
//! front matter, a 1 MB line, thousands of tiny files. Each either builds or is refused with a
//! clear error; none overflows the stack, hangs or exhausts memory. The harness's process
//! timeout only guards against a hang; nothing here asserts on time.

use crate::common::*;

/// Billion laughs: 9 levels of 9 aliases each expand to 9^9 strings if followed.
fn alias_bomb() -> String {
    let mut s = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names: Vec<char> = ('a'..='j').collect();
    for w in names.windows(2) {
        let (p, n) = (w[0], w[1]);
        s.push_str(&format!("{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
    }
    s
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let site = TestSite::new();
    site.entry("documents/ok.md", &Fm::new("正常文件"));
    let bomb = alias_bomb();
    site.write(
        "content/documents/bomb.md",
        format!("---\ntitle: 炸弹\ndate: 2025-01-10\nclassification: public\napproval: {{status: approved, by: x, on: 2025-01-09}}\ndepartment: 测试市人民政府办公室\n{bomb}---\n"),
    );
    // In site.yaml too.
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/bomb.md:");
    assert!(line.contains("alias bomb"), "{line}");
    assert!(run.all().len() < 20_000, "the error output is not a dump: {} bytes", run.all().len());
    let yaml = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}{bomb}"));
    site.remove("content/documents/bomb.md");
    let run = site.build();
    run.fails();
    run.diag("site.yaml:");
}

/// Aliases used sanely (a department repeated) are fine.
#[test]
fn small_aliases_work() {
    let site = TestSite::new();
    site.write(
        "content/documents/alias.md",
        "---\ntitle: 别名zqaliasx\ndate: 2025-01-10\nclassification: public\napproval: {status: approved, by: &who 张三, on: 2025-01-09}\ndepartment: 测试市人民政府办公室\nsummary: *who\n---\n",
    );
    site.build().ok();
    assert_somewhere(&site.out(), "zqaliasx");
}

#[test]
fn deeply_nested_markdown_builds() {
    let site = TestSite::new();
    let quotes = format!("{} 五万层引用zqquotex\n", ">".repeat(50_000));
    let mut list = String::new();
    // 1,500 levels by indentation (about 2 MB of spaces); the 10,000-level list is `dashes`.
    for i in 0..1_500 {
        list.push_str(&" ".repeat(i * 2));
        list.push_str("- 项\n");
    }
    list.push_str("\n列表后zqlistx\n");
    let dashes = format!("{}zqdashx\n", "- ".repeat(10_000));
    let emph = format!("{}强调zqemphx{}\n", "*".repeat(20_000), "*".repeat(20_000));
    let links = format!("{}zqlinkx{}\n", "[".repeat(20_000), "](x)".repeat(20_000));
    let inline_nest = format!("{}zqnestx{}\n", "**_~~".repeat(5_000), "~~_**".repeat(5_000));
    let footnotes: String = (0..5_000).map(|i| format!("脚注[^{i}]。\n\n[^{i}]: 注{i}\n\n")).collect();
    let table = format!("| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(20_000));
    let html = format!("{}zqhtmlx{}\n", "<div>".repeat(20_000), "</div>".repeat(20_000));
    for (name, body) in [
        ("quotes", quotes),
        ("list", list),
        ("dashes", dashes),
        ("emph", emph),
        ("links", links),
        ("nest", inline_nest),
        ("footnotes", footnotes),
        ("table", table),
        ("html", html),
    ] {
        site.entry(&format!("documents/{name}.md"), &Fm::new(name).set("doc_type", "letter").body(&body));
    }
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    run.no_debug_dump();
    for m in ["zqquotex", "zqlistx", "zqdashx", "zqemphx", "zqlinkx", "zqnestx", "zqhtmlx"] {
        assert_somewhere(&site.out(), m);
    }
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    let site = TestSite::new();
    site.entry("documents/ok.md", &Fm::new("正常文件"));
    for (name, nested) in [
        ("flow", format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000))),
        ("maps", format!("{}1{}", "{a: ".repeat(20_000), "}".repeat(20_000))),
    ] {
        site.write(
            &format!("content/documents/{name}.md"),
            format!("---\ntitle: 嵌套\ndate: 2025-01-10\nclassification: public\napproval: {{status: approved, by: x, on: 2025-01-09}}\ndepartment: 测试市人民政府办公室\ntopics: {nested}\n---\n"),
        );
    }
    let mut block = String::from("---\ntitle: 嵌套\ntopics:\n");
    for i in 0..3_000 {
        block.push_str(&" ".repeat(2 + i * 2));
        block.push_str("-\n");
    }
    block.push_str("---\n");
    site.write("content/documents/block.md", block);
    let run = site.build();
    run.fails();
    for name in ["flow", "maps"] {
        let line = run.diag(&format!("content/documents/{name}.md:"));
        assert!(line.contains("nested too deeply"), "{line}");
    }
    run.diag("content/documents/block.md:");
}

#[test]
fn a_20_mb_file_is_refused_with_a_clear_error() {
    let site = TestSite::new();
    site.entry("documents/ok.md", &Fm::new("正常文件"));
    let big = Fm::new("大文件").body(&"数据".repeat(20 * 1024 * 1024 / 6)).render();
    assert!(big.len() > 19 * 1024 * 1024);
    site.write("content/documents/big.md", big);
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/big.md: error: ");
    assert!(line.contains("larger than 8 MiB"), "the limit is named: {line}");
    // Just over the limit is refused, just under it is read.
    let limit = gongkai::content::source::MAX_FILE_BYTES;
    let head = Fm::new("刚好").set("doc_type", "letter").body("").render();
    let mut at_limit = head.clone().into_bytes();
    at_limit.resize(limit, b'a');
    site.write("content/documents/big.md", &at_limit);
    site.build().ok();
    at_limit.push(b'a');
    site.write("content/documents/big.md", &at_limit);
    site.build().fails();
}

#[test]
fn huge_front_matter_is_refused() {
    let site = TestSite::new();
    let topics: Vec<String> = (0..30_000).map(|i| format!("主题{i}")).collect();
    site.entry("documents/fm.md", &Fm::new("大头").set("topics", &format!("[{}]", topics.join(", "))));
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/fm.md:");
    assert!(line.contains("256 KiB"), "{line}");
}

#[test]
fn a_1_mb_line_builds() {
    let site = TestSite::new();
    let line = format!("{}zqlinex{}", "长".repeat(170_000), "a".repeat(500_000));
    site.entry("documents/line.md", &Fm::new("长行").set("doc_type", "letter").body(&format!("{line}\n")));
    let title = format!("长标题zqtitlex{}", "题".repeat(20_000));
    site.entry("documents/title.md", &Fm::new(&title));
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert_somewhere(&site.out(), "zqlinex");
    assert_somewhere(&site.out(), "zqtitlex");
}

#[test]
fn five_thousand_tiny_files_build() {
    let site = TestSite::new();
    for i in 0..5_000 {
        let kind = ["documents", "bulletins", "pages"][i % 3];
        let fm = match kind {
            "bulletins" => {
                Fm::bulletin(&format!("通报{i}")).set("period", &format!("20{:02}-Q{}", 10 + i % 15, 1 + i % 4))
            }
            _ => Fm::new(&format!("文件{i}")),
        };
        site.entry(&format!("{kind}/f{i:05}.md"), &fm.body(&format!("第{i}号。\n")));
    }
    // And loose tiny files, which are never copied.
    for i in 0..500 {
        site.write(&format!("content/documents/loose{i}.txt"), format!("zqtinyloose{i}x"));
    }
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert!(site.out().join("documents/f04998/index.html").is_file());
    assert!(site.out().join("f04997/index.html").is_file(), "the page f04997");
    assert!(site.out().join("documents/page/2/index.html").is_file(), "paginated");
    assert_nowhere(&site.out(), "zqtinyloose");
}
