//! Tests of the YAML layer: positions of keys, items and values, numbers as written.

use super::*;

fn get<'a>(n: &'a Node, key: &str) -> &'a Node {
    match &n.value {
        Value::Map(m) => &m.iter().find(|(k, _)| k == key).unwrap().1,
        _ => panic!("not a map"),
    }
}

#[test]
fn locates_nested_keys_and_items() {
    let t = "title: 标题\napproval:\n  status: approved\n  on: 2025-01-01\nhistory:\n  - date: 2024-01-01\n    change: added\n  - date: 2024-02-01\n    change: fee\nsteps:\n- name: 受理\n  days: 1\n";
    let loc = locate(t);
    assert_eq!(loc["title"], (1, 1));
    assert_eq!(loc["approval.status"], (3, 3));
    assert_eq!(loc["approval.on"], (4, 3));
    assert_eq!(loc["history[1].change"], (9, 5));
    assert_eq!(loc["history[1]"], (8, 5));
    assert_eq!(loc["steps[0].days"], (12, 3));
}

#[test]
fn parse_positions_are_file_positions() {
    let n = parse("title: 标题\ncontents: [\"@/documents/a.md\", \"@/documents/b.md\"]\n", 2).unwrap();
    assert_eq!(get(&n, "title").pos(), (2, 1));
    let Value::List(items) = &get(&n, "contents").value else { panic!() };
    assert_eq!(items[1].pos(), (3, 32)); // the opening quote of the second item
}

#[test]
fn flow_items_are_found_in_order() {
    let n = parse("attachments: [../a.pdf, a.pdf, \"b\", b, attachments]\n", 2).unwrap();
    let Value::List(items) = &get(&n, "attachments").value else { panic!() };
    let cols: Vec<usize> = items.iter().map(|i| i.col).collect();
    assert_eq!(cols, [15, 25, 32, 37, 40]);
}

#[test]
fn trailing_spaces_after_values_do_not_panic() {
    let loc = locate("title: 关于印发的通知 \ncontents: [\"@/documents/a.md\"]  \n");
    assert_eq!(loc["title#value"], (1, 8));
    assert_eq!(loc["contents#value"], (2, 11));
    assert!(parse("a:!О 'cО 'a: Оݤ\"x,\" ", 1).is_ok() || parse("a:!О 'cО 'a: Оݤ\"x,\" ", 1).is_err());
}

#[test]
fn empty_list_items_do_not_panic() {
    // Found by the front_matter fuzzer: a bare `-` line used to slice past the line's end.
    let n = parse("topics:\n  -\n  - 甲\n-\n", 2);
    assert!(n.is_err() || n.is_ok());
    let loc = locate("topics:\n  -\n  - 甲\n");
    assert_eq!(loc["topics[0]"], (2, 4));
    assert_eq!(loc["topics[1]"], (3, 5));
    let _ = parse("--\n-\ndate:-\n", 1);
}

#[test]
fn block_scalars_are_not_keys() {
    let loc = locate("summary: |\n  foo: bar\nnext: 1\n");
    assert!(!loc.contains_key("foo"));
    assert_eq!(loc["next"], (3, 1));
}

#[test]
fn syntax_errors_are_positioned() {
    let e = parse("title: a\n  bad: [\n", 2).unwrap_err();
    assert!(e.line >= 2, "{e:?}");
    assert!(e.message.en.starts_with("invalid YAML"));
    assert!(e.message.zh.starts_with("元数据不是有效的 YAML"));
}

#[test]
fn syntax_error_context_is_kept_with_file_positions() {
    let e = parse("title: \"未闭合\ndate: 2025-01-10\n", 2).unwrap_err();
    assert_eq!(
        e.message.en,
        "invalid YAML: found unexpected end of stream, while scanning a quoted scalar that starts at line 2, column 8"
    );
    assert_eq!(
        e.message.zh,
        "元数据不是有效的 YAML：元数据意外结束（常见原因：引号没有配对），发生在读取引号括起的值时（从第 2 行第 8 列开始）"
    );
    let e = parse("a: 1\n  b: 2\n", 2).unwrap_err();
    assert_eq!(e.message.en, "invalid YAML: mapping values are not allowed in this context");
}

#[test]
fn duplicate_keys_point_at_the_second_key() {
    let e = parse("title: a\ndate: 2025-01-01\ntitle: b\n", 2).unwrap_err();
    assert_eq!((e.line, e.col), (4, 1));
    let e = parse("title: a\napproval:\n  status: approved\n  by: x\n  status: pending\n", 2).unwrap_err();
    assert_eq!((e.line, e.col), (6, 3), "{e:?}");
}

#[test]
fn duplicate_keys_are_errors() {
    let e = parse("title: a\ntitle: b\n", 2).unwrap_err();
    assert!(e.message.contains("duplicate"), "{}", e.message);
}

#[test]
fn alias_bomb_is_refused() {
    let mut t = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 1..12 {
        t.push_str(&format!(
            "{}: &{} [*{},*{},*{},*{},*{},*{},*{},*{},*{}]\n",
            (b'a' + i) as char,
            (b'a' + i) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char
        ));
    }
    let e = parse(&t, 1).unwrap_err();
    assert!(e.message.contains("alias bomb"), "{}", e.message);
}

#[test]
fn numbers_keep_the_text_they_were_written_with() {
    let t = "rows:\n  - [甲, 6.0, 249.0, 12]\n  - {县区: 乙, 值: 8.50, 量: 1.0e2}\n  - 值: 5.60\nn: 6.0\n";
    let n = parse(t, 1).unwrap();
    assert_eq!(get(&n, "n").written.as_deref(), Some("6.0"));
    let Value::List(rows) = &get(&n, "rows").value else { panic!() };
    let Value::List(first) = &rows[0].value else { panic!() };
    let written: Vec<Option<&str>> = first.iter().map(|c| c.written.as_deref()).collect();
    assert_eq!(written, [None, Some("6.0"), Some("249.0"), Some("12")]);
    assert_eq!(get(&rows[1], "值").written.as_deref(), Some("8.50"));
    assert_eq!(get(&rows[1], "量").written.as_deref(), Some("1.0e2"));
    assert_eq!(get(&rows[2], "值").written.as_deref(), Some("5.60"));
}
