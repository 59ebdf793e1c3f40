//! The front-matter slips editors actually make, recognised at their exact line and column.
//!
//! serde_yaml's messages describe what the parser saw, usually a line late (`title：` with a
//! full-width colon is reported on the *next* line as "mapping values are not allowed"). When a
//! front matter does not parse, [`find`] scans it line by line for the known slips and the first
//! one at or before the parser's line is reported instead, naming the character and giving the
//! corrected line. The scan only ever explains a failure: it never turns valid YAML into an
//! error (the value-level slips that do parse, smart quotes and lists written as one string, are
//! warnings raised where the field is read).

/// One recognised slip: where it is, a stable code, what is wrong and the corrected line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub line: usize,
    pub col: usize,
    /// The code, the message naming the character and the corrected line.
    pub msg: Msg,
}

use crate::messages::{content as msg, Code, Msg};
use msg::odd_space;

/// Slips in `text` (a front matter block whose first line is file line `first_line`), in order.
pub fn find(text: &str, first_line: usize) -> Vec<Slip> {
    let mut slips = Vec::new();
    // Indentation of a block scalar (`key: |`) whose lines are text, not YAML.
    let mut literal_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let n = first_line + i;
        let indent = line.chars().take_while(|c| *c == ' ').count();
        if let Some(li) = literal_indent {
            if line.trim().is_empty() || indent > li {
                continue;
            }
            literal_indent = None;
        }
        let trimmed = line.trim_start_matches([' ', '\t', '\u{a0}', '\u{3000}']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(s) = indentation(line, n) {
            slips.push(s);
            continue;
        }
        let (item_offset, rest) = match trimmed.strip_prefix("- ") {
            Some(r) => (indent + 2, r),
            None => (indent, trimmed),
        };
        // A list item's text may hold a full-width colon (`- 第三十五条：…`); a key may not.
        if !trimmed.starts_with("- ") {
            if let Some(s) = full_width_key(rest, n, item_offset) {
                slips.push(s);
                continue;
            }
        }
        if trimmed.starts_with("- @") {
            slips.push(unquoted_ref(None, rest.trim_end(), n, item_offset + 1));
            continue;
        }
        let Some((key, value, value_col)) = split_key(rest, item_offset) else {
            continue;
        };
        if value.trim_end().ends_with(['|', '>']) && value.trim().len() <= 2 {
            literal_indent = Some(indent);
            continue;
        }
        if let Some(s) = value_slip(key, value, n, value_col) {
            slips.push(s);
        }
    }
    slips
}

/// Slips that YAML accepts but that change the meaning: a key indented with a tab, a no-break
/// space or a full-width space becomes a different key (`\u{a0}\u{a0}status` at the top level
/// instead of `status` under `approval`). Checked even when the front matter parses.
pub fn misindented_keys(text: &str, first_line: usize) -> Vec<Slip> {
    // Only a line whose indentation holds an odd space can have one (most front matter has
    // none): skip the full scan then.
    if !text.lines().any(|l| l.trim_start_matches(' ').starts_with(|c| odd_space(c).is_some())) {
        return Vec::new();
    }
    find(text, first_line)
        .into_iter()
        .filter(|s| s.msg.code == Code::YamlIndentChar)
        .filter(|s| {
            let line = text.lines().nth(s.line - first_line).unwrap_or("");
            let rest = line.trim_start_matches(|c: char| c == ' ' || odd_space(c).is_some());
            split_key(rest.strip_prefix("- ").unwrap_or(rest), 0).is_some()
        })
        .collect()
}

/// A tab, no-break space or full-width space in the indentation.
fn indentation(line: &str, n: usize) -> Option<Slip> {
    for (col, c) in line.chars().enumerate() {
        if c == ' ' {
            continue;
        }
        let name = odd_space(c)?;
        return Some(Slip { line: n, col: col + 1, msg: msg::yaml_indent_char(&name) });
    }
    None
}

/// `title：…`, `标题：…` or `title，…`: a key followed by a full-width colon or comma.
fn full_width_key(rest: &str, n: usize, offset: usize) -> Option<Slip> {
    let key_len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))?;
    if key_len == 0 {
        return None;
    }
    let (key, after) = rest.split_at(key_len);
    let sep = after.chars().next()?;
    if sep != '：' && sep != '，' {
        return None;
    }
    let value = after[sep.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
    let col = offset + key.chars().count() + 1;
    Some(Slip { line: n, col, msg: msg::yaml_full_width_colon(key, sep, value) })
}

/// `key: value` → (key, value text, 0-based char column of the value).
fn split_key(rest: &str, offset: usize) -> Option<(&str, &str, usize)> {
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() || key.contains(' ') || key.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let col = offset + key.chars().count() + 1;
    Some((key, value, col))
}

fn value_slip(key: &str, value: &str, n: usize, col: usize) -> Option<Slip> {
    let first = value.chars().next()?;
    if let Some(name) = odd_space(first).filter(|_| first != '\t') {
        let corrected = value.trim_start_matches(|c| odd_space(c).is_some());
        return Some(Slip { line: n, col: col + 1, msg: msg::yaml_space_after_colon(key, &name, corrected) });
    }
    if first != ' ' {
        return None;
    }
    let v = value.trim();
    let v_col = col + 1 + value.chars().take_while(|c| *c == ' ').count();
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let closes = v[1..].find(q).map(|i| i + 1);
        return match closes {
            Some(end) if end + 1 < v.len() && !v[end + 1..].trim_start().starts_with('#') => Some(Slip {
                line: n,
                col: v_col + v[..end].chars().count() + 1,
                msg: msg::yaml_quote(key, q, &requote(v)),
            }),
            _ => None,
        };
    }
    if v.starts_with('@') {
        return Some(unquoted_ref(Some(key), v, n, v_col));
    }
    if let Some(at) = v.strip_prefix('[').and_then(|inner| {
        inner.split(',').map(str::trim_start).find(|item| item.starts_with('@')).map(|item| v.find(item).unwrap_or(0))
    }) {
        let refs: Vec<String> = v
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(|r| r.trim().trim_matches(['"', '\'']))
            .filter(|r| !r.is_empty())
            .map(|r| format!("\"{r}\""))
            .collect();
        return Some(Slip { line: n, col: v_col + v[..at].chars().count(), msg: msg::yaml_unquoted_refs(key, &refs) });
    }
    if v.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let inner = v.find(": ").or_else(|| v.ends_with(':').then(|| v.len() - 1))?;
    Some(Slip { line: n, col: v_col + v[..inner].chars().count(), msg: msg::yaml_colon_in_value(key, &requote(v)) })
}

/// An `@/` reference written without quotes (`interprets: @/documents/x.md`, `- @/…`).
fn unquoted_ref(key: Option<&str>, v: &str, n: usize, col: usize) -> Slip {
    let r = v.trim_start_matches("- ").trim();
    Slip { line: n, col, msg: msg::yaml_unquoted_ref(key, r) }
}

/// The value quoted so that YAML reads it as written.
fn requote(v: &str) -> String {
    if v.contains('\'') {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("'{v}'")
    }
}

/// The front-matter delimiter typed with dashes that are not ASCII hyphens (`———`, `－－－`).
pub fn fancy_delimiter(line: &str) -> Option<String> {
    let t = line.trim();
    let dashes = ['-', '—', '–', '－', '─', '━', '‐', '‑', '―', '﹣'];
    (t.chars().count() >= 2 && t.chars().all(|c| dashes.contains(&c)) && t != "---").then(|| {
        let names: Vec<String> =
            t.chars().filter(|c| *c != '-').map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>();
        let mut names = names;
        names.dedup();
        format!("`{t}` ({})", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &Slip) -> String {
        s.msg.fix.clone().unwrap().en
    }

    fn one(text: &str) -> Slip {
        let s = find(text, 2);
        assert_eq!(s.len(), 1, "{s:?}");
        s.into_iter().next().unwrap()
    }

    #[test]
    fn full_width_colon_after_an_english_or_chinese_key() {
        let s = one("title：关于印发通知\ndate: 2025-01-01\n");
        assert_eq!((s.line, s.col, s.msg.code.as_str()), (2, 6, "yaml-full-width-colon"));
        assert_eq!(fix(&s), "write `title: 关于印发通知`");
        let s = one("date: 2025-01-01\n标题：关于印发通知\n");
        assert_eq!((s.line, s.col), (3, 3));
        let s = one("genre，通知\n");
        assert!(s.msg.text.contains("全角逗号"), "{:?}", s.msg.text);
    }

    #[test]
    fn odd_spaces_in_the_indentation() {
        let s = one("approval:\n\tstatus: approved\n");
        assert_eq!((s.line, s.col, s.msg.code.as_str()), (3, 1, "yaml-indent-char"));
        assert!(s.msg.text.contains("a tab"));
        let s = one("approval:\n  \u{a0}status: approved\n");
        assert_eq!((s.line, s.col), (3, 3));
        assert!(s.msg.text.contains("U+00A0"));
        let s = one("approval:\n\u{3000}\u{3000}status: approved\n");
        assert!(s.msg.text.contains("U+3000"));
    }

    #[test]
    fn full_width_space_after_the_colon() {
        let s = one("title:\u{3000}关于印发通知\n");
        assert_eq!((s.line, s.col, s.msg.code.as_str()), (2, 7, "yaml-space-after-colon"));
        assert_eq!(fix(&s), "write `title: 关于印发通知`");
    }

    #[test]
    fn colon_inside_a_value_and_quotes_that_stop_early() {
        let s = one("title: 关于: 通知\n");
        assert_eq!((s.line, s.col, s.msg.code.as_str()), (2, 10, "yaml-colon-in-value"));
        assert_eq!(fix(&s), "put the value in quotes: `title: '关于: 通知'`");
        let s = one("title: \"十四五\"规划实施方案\n");
        assert_eq!((s.line, s.msg.code.as_str()), (2, "yaml-quote"));
        assert_eq!(s.col, 13);
        assert_eq!(fix(&s), "put the whole value in the other kind of quotes: `title: '\"十四五\"规划实施方案'`");
    }

    #[test]
    fn unquoted_references() {
        let s = one("contents: [@/documents/a.md, \"@/documents/b.md\"]\n");
        assert_eq!((s.line, s.col, s.msg.code.as_str()), (2, 12, "yaml-unquoted-ref"));
        assert_eq!(fix(&s), "write `contents: [\"@/documents/a.md\", \"@/documents/b.md\"]`");
        let s = one("interprets: @/documents/a.md\n");
        assert_eq!((s.col, fix(&s).as_str()), (13, "write `interprets: \"@/documents/a.md\"`"));
        let s = one("contents:\n  - @/documents/a.md\n");
        assert_eq!((s.line, s.col, fix(&s).as_str()), (3, 5, "write `- \"@/documents/a.md\"`"));
    }

    #[test]
    fn valid_yaml_has_no_slips() {
        let ok = "title: '关于: 通知'\nsummary: |\n  第一行：说明\n  key: 不是字段\ndate: 2025-01-01 # 注释\n\
                  topics: [安全生产, 应急管理]\napproval:\n  status: approved\nurl: https://x.cn/a\n\
                  note: \"a\" # c\nlist:\n  - 甲\n  - \"乙\"\n";
        assert_eq!(find(ok, 2), vec![]);
    }

    #[test]
    fn fancy_delimiters_are_named() {
        assert!(fancy_delimiter("———").unwrap().contains("U+2014"));
        assert!(fancy_delimiter("－－－").is_some());
        assert_eq!(fancy_delimiter("---"), None);
        assert_eq!(fancy_delimiter("正文"), None);
    }
}
