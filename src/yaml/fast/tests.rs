//! The fast path against the serde_yaml path: wherever the fast path answers, it answers
//! exactly what serde_yaml (with [`super::super::locate`]) answers, positions and numbers as
//! written included. Checked on every front matter and YAML file of the repository, on the
//! fuzzer's corpus, on the type-resolution traps, and on generated front matter.

use super::super::{parse_serde, Node};
use proptest::prelude::*;
use std::path::Path;

/// Debug text, so that NaN equals NaN.
fn show(n: &Result<Node, super::super::SyntaxError>) -> String {
    format!("{n:?}")
}

/// Whether the fast path agrees with serde_yaml on `text`; `Some(true)` when it answered.
fn agrees(text: &str) -> Result<bool, String> {
    let Some(fast) = super::parse(text, 3) else {
        return Ok(false);
    };
    let slow = parse_serde(text, 3);
    if show(&Ok(fast.clone())) == show(&slow) {
        Ok(true)
    } else {
        Err(format!("text:\n{text}\nfast: {fast:?}\nserde: {slow:?}"))
    }
}

fn check(text: &str) -> bool {
    agrees(text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_subset_is_parsed_as_serde_yaml_parses_it() {
    let t = "title: 关于印发《云州市2025年工作要点》的通知\ndate: 2025-03-06\nyear: 2026\nrate: 6.0\n\
             topics: [城乡建设、环境保护, 12, 1.50, true, ~, \"a, b\", 'it''s']\napproval:\n  status: approved\n  on: 2025-02-26\n\
             history:\n  - date: 2024-01-01\n    change: added\n  - date: 2024-02-01\n    change: fee\n\
             steps:\n- name: 受理\n  days: 1\nrows:\n  - [东湖区, 466.53, 13.9]\n  - [西山区, 1e3, 0x1F]\n";
    assert!(check(t));
}

#[test]
fn type_resolution_traps() {
    let values = [
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "0o12",
        "0x1F",
        "0b101",
        "1_000",
        ".inf",
        "+.inf",
        ".NaN",
        ".nan",
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "True",
        "TRUE",
        "false",
        "2025-01-01",
        "2025-Q1",
        "1e3",
        "1E3",
        "1.5e-3",
        "012",
        "0",
        "00",
        "0.0",
        "012.5",
        "+5",
        "+012",
        "6.0",
        "249.0",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "340282366920938463463374607431768211456",
        "-5",
        "-0",
        "-1.6",
        "-0x1F",
        "-0o7",
        "-0b1",
        "-012",
        "-9223372036854775808",
        "-9223372036854775809",
        "-1e3",
        "-",
        "-a",
        "--5",
        "-.5",
        "-+5",
        "-0x-5",
        "+-5",
        "++5",
        "-.Inf",
        "-.nan",
        "-.inf",
        "inf",
        "nan",
        "infinity",
        "0x",
        "0x-1",
        "+",
        ".",
        "1.",
        ".5",
        "5.",
        "1e400",
        "3,825.6",
        "12:30",
        "a:b",
        "C#",
        "a #b",
        "a: b",
        "a:",
        "@/documents/x.md",
        "\"quoted\"",
        "'single'",
        "'it''s'",
        "\"a\\\"b\"",
        "\"unclosed",
        "'unclosed",
        "\"x\" y",
        "标题　",
        "　标题",
        "-x",
        "- x",
        "[a, b]",
        "[a, [b]]",
        "[a,]",
        "[]",
        "[ ]",
        "[a: b]",
        "[\"a\", 'b', 3, 4.0, ~, true]",
        "{a: 1}",
        "{}",
        "{a: 1, b: x, c: 6.0}",
        "{date: 2025-05-31, percent: 20, note: 完成8公里}",
        "{a: 1, a: 2}",
        "{a:1}",
        "{a: [1]}",
        "{a: }",
        "{a}",
        "{县区: 青川区, 地区生产总值（亿元）: 346.2, 同比增长（%）: 5.8}",
        "{days: 2, workdays: 2, x: 2}",
        "|",
        ">",
        "&a x",
        "*a",
        "!!str 1",
        "%x",
        "`x`",
        "?",
        "? x",
        "1 2",
        "115301000000000000/2025-00001",
        "530111-01-07-0010",
    ];
    let mut answered = 0;
    for v in values {
        for t in [format!("k: {v}\n"), format!("k: {v}   \n"), format!("k:\n  - {v}\n"), format!("k: [{v}]\n")] {
            answered += usize::from(check(&t));
        }
    }
    assert!(answered > 150, "the fast path answered only {answered}");
}

#[test]
fn doubtful_texts_go_to_serde_yaml() {
    for t in [
        "a: 1\na: 2\n",            // a duplicate key: serde_yaml's error
        "a: x\n  b: y\n",          // a more indented line: an error or a continuation
        "a: |\n  text\n",          // a block scalar
        "a: x # comment\n",        // a trailing comment
        "a:\ttab\n",               // a tab
        "a: x\r\nb: y\r\n",        // CR
        "a: &x 1\nb: *x\n",        // an anchor
        "  a: 1\n",                // an indented top level
        "- a\n",                   // a list at the top
        "a:\n  -   x\n",           // odd spacing after the dash
        "a:\n  - - x\n",           // a list in a list
        "\"a\": 1\n",              // a quoted key
        "1: x\n",                  // a key that is a number
        "a: \"x\\ty\"\n",          // an escape
        "a: 'x\n  y'\n",           // a multi-line quoted scalar
        "a: b\u{2028}c\n",         // a YAML line break
        "title：x\n",              // a full-width colon
        "a:\n- x\nb: 1\n  c: 2\n", // bad indentation after a list
    ] {
        assert!(super::parse(t, 1).is_none(), "{t:?}");
    }
}

#[test]
fn many_keys_and_late_duplicates() {
    // A quadratic duplicate check would take minutes here (not a timing assertion: it would
    // just be slow).
    let mut t: String = (0..40_000).map(|i| format!("k{i}: {i}\n")).collect();
    assert!(check(&t));
    t.push_str("k20: again\n");
    assert!(super::parse(&t, 1).is_none(), "a duplicate after 40,000 keys goes to serde_yaml");
    let flow: Vec<String> = (0..40).map(|i| format!("k{i}: {i}")).collect();
    assert!(check(&format!("m: {{{}}}\n", flow.join(", "))));
    assert!(super::parse(&format!("m: {{{}, k3: 1}}\n", flow.join(", ")), 1).is_none());
}

/// Every front matter under `content/` and `tests/fixtures/`, the YAML files there and the
/// fuzzer's front-matter corpus; with `GONGKAI_YAML_CORPUS=<dir>` a generated corpus too.
#[test]
fn every_front_matter_in_the_repository_agrees() {
    let mut roots =
        vec!["content".to_string(), "tests/fixtures".into(), "fuzz/corpus/front_matter".into(), "site.yaml".into()];
    roots.extend(std::env::var("GONGKAI_YAML_CORPUS").ok());
    let (mut seen, mut answered) = (0, 0);
    for root in roots {
        for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(root)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            let path = entry.path().to_string_lossy();
            let yaml = if path.ends_with(".yaml") || path.ends_with(".yml") {
                text.as_str()
            } else {
                match front_matter(&text) {
                    Some(front) => front,
                    None if path.contains("fuzz") => text.as_str(),
                    None => continue,
                }
            };
            seen += 1;
            let ok = agrees(yaml).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            if !ok && std::env::var("SHOW_FALLBACK").is_ok() {
                eprintln!("FALLBACK {}", entry.path().display());
            }
            answered += usize::from(ok);
        }
    }
    assert!(seen > 200, "only {seen} files");
    assert!(answered * 10 > seen * 7, "the fast path answered {answered} of {seen}");
}

/// The front matter between the `---` lines (as `content::source::split` finds it; not used
/// here, so that `yaml` does not depend on `content`).
fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..offset]);
        }
        offset += line.len();
    }
    None
}

/// Pieces of front matter lines, valid and not, in the subset and just outside it.
fn line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title", "date", "a", "标题", "a b", "yes", "on", "null", "true", "1", "~", "-a", "a.b", "k", "x_y", "<<",
    ]);
    let value = prop::sample::select(vec![
        "",
        " ",
        "x",
        "标题",
        "2025-01-01",
        "12",
        "6.0",
        "1e3",
        "012",
        "0x1F",
        "0o12",
        "1_000",
        ".inf",
        "~",
        "null",
        "yes",
        "true",
        "False",
        "-1.6",
        "[-3.8, -2]",
        "\"q\"",
        "'it''s'",
        "\"a: b\"",
        "[a, b]",
        "[1, 2.50, x]",
        "[]",
        "['a', \"b\"]",
        "a: b",
        "a #c",
        "a#c",
        "@x",
        "-1",
        "+3",
        "9223372036854775808",
        "  x  ",
        "x ",
        "「引号」",
        "http://x/y",
        "[a, 'b', c",
        "[a,, b]",
        "[a, b] x",
        "'x' y",
        "|",
        "{a: 1}",
        "{a: 1, b: 2.0, c: x}",
        "{k: 1, a: 1}",
        "&a x",
        "*a",
        "!x y",
        "a:",
        "3,825.6",
    ]);
    let indent = prop::sample::select(vec!["", "", "", "  ", "  ", "    ", " ", "- ", "  - ", "    - ", "-  ", "-"]);
    prop_oneof![
        6 => (indent.clone(), key.clone(), value.clone()).prop_map(|(i, k, v)| format!("{i}{k}: {v}")),
        2 => (indent.clone(), key).prop_map(|(i, k)| format!("{i}{k}:")),
        2 => (indent, value).prop_map(|(i, v)| format!("{i}{v}")),
        1 => Just("# comment".to_string()),
        1 => Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_front_matter_agrees(lines in prop::collection::vec(line(), 1..12)) {
        let text = lines.join("\n") + "\n";
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn well_formed_front_matter_agrees(
        fields in prop::collection::vec(
            (prop::sample::select(vec!["title", "date", "topics", "approval", "rows", "history", "标题", "n"]),
             0..6usize,
             prop::sample::select(vec!["x", "12", "6.0", "2025-01-01", "\"q\"", "[a, 1, 2.5]", "yes", "~", "012", "1e3"])),
            1..8),
    ) {
        let mut text = String::new();
        let mut keys = std::collections::HashSet::new();
        for (k, shape, v) in fields {
            if !keys.insert(k) {
                continue;
            }
            match shape {
                0 => text += &format!("{k}: {v}\n"),
                1 => text += &format!("{k}:\n  status: {v}\n  on: {v}\n"),
                2 => text += &format!("{k}:\n  - {v}\n  - {v}\n"),
                3 => text += &format!("{k}:\n- date: {v}\n  change: {v}\n- {v}\n"),
                4 => {
                    let v = if v.starts_with('[') { "x" } else { v };
                    text += &format!("{k}:\n  - [{v}, {v}]\n  - {{a: {v}, b: {v}}}\n");
                }
                _ => text += &format!("{k}:\n"),
            }
        }
        // Every one of these is in the subset: the fast path must answer, and answer right.
        let answered = agrees(&text);
        prop_assert!(answered == Ok(true), "{:?}", answered);
    }
}
