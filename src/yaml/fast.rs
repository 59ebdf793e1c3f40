//! The fast path of [`super::parse`]: block-style YAML in the subset editors write, parsed by
//! hand into exactly the [`Node`] tree the serde_yaml path builds (values, YAML 1.2 core-schema
//! types as serde_yaml 0.9 resolves them, positions, numbers as written).
//!
//! The subset: a block mapping at the top; keys that are plain words; values that are one-line
//! plain scalars, one-line single- or double-quoted strings without escapes, one-line flow
//! lists and flow mappings of such scalars, nested block mappings and block lists (of scalars, flow lists or
//! mappings); blank lines and whole-line comments. Anything else, or anything doubtful (tabs,
//! CR, anchors, tags, block scalars, multi-line scalars, trailing comments, duplicate keys, odd
//! spacing after `-`, integers beyond 64 bits, …) returns `None`, and the
//! caller takes the serde_yaml path, which also produces every error message. The differential
//! tests (`fast/tests.rs`) hold the two paths equal on every front matter of the repository and
//! on generated ones.

use super::{find_number_in_flow, find_str_in_flow, is_number_char, same_number, Node, Value};

/// Parse `text` if it lies in the subset; `None` means "use serde_yaml".
pub(super) fn parse(text: &str, first_line: usize) -> Option<Node> {
    if !text.chars().all(plain_char) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let sig: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start_matches(' ');
            (!t.is_empty() && !t.starts_with('#')).then_some((i, l.len() - t.len()))
        })
        .collect();
    if sig.first()?.1 != 0 {
        return None;
    }
    let mut p = Parser { lines: &lines, sig: &sig, at: 0, first_line, depth: 0 };
    let map = p.map(0, false)?;
    (p.at == sig.len()).then_some(Node { value: Value::Map(map), line: first_line, col: 1, written: None })
}

/// Characters libyaml takes as printable and not as a line break, without tabs and CR (which
/// send a text to the general path).
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}')
        || matches!(c, '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}

struct Parser<'a> {
    lines: &'a [&'a str],
    /// Lines that are neither blank nor comments: (index, indentation).
    sig: &'a [(usize, usize)],
    /// The next significant line.
    at: usize,
    first_line: usize,
    depth: usize,
}

/// Nesting deeper than this goes to serde_yaml (whose own limit is 128).
const MAX_DEPTH: usize = 32;

impl Parser<'_> {
    fn node(&self, value: Value, (line, col): (usize, usize), written: Option<String>) -> Node {
        Node { value, line: line + self.first_line - 1, col, written }
    }

    /// Indentation of the next significant line, if any.
    fn next_indent(&self) -> Option<usize> {
        self.sig.get(self.at).map(|s| s.1)
    }

    /// A block mapping whose keys sit at column `indent` (0-based). `inline`: its first key is
    /// on the current line after a `- ` (a list item that is a mapping).
    fn map(&mut self, indent: usize, inline: bool) -> Option<Vec<(String, Node)>> {
        self.deeper()?;
        let map = self.map_items(indent, inline);
        self.depth -= 1;
        map
    }

    /// One level deeper; `None` past serde_yaml's recursion limit (so its error is reported).
    fn deeper(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn map_items(&mut self, indent: usize, mut inline: bool) -> Option<Vec<(String, Node)>> {
        let mut out: Vec<(String, Node)> = Vec::new();
        let mut keys = Keys::default();
        loop {
            let Some(&(li, ind)) = self.sig.get(self.at) else {
                return Some(out);
            };
            if !inline {
                if ind < indent {
                    return Some(out);
                }
                if ind > indent {
                    return None;
                }
            }
            inline = false;
            let line = self.lines[li];
            let rest = line.get(indent..)?;
            let (key, value) = split_key(rest)?;
            if !plain_key(key) || !keys.insert(key) {
                return None;
            }
            let pos = (li + 1, indent + 1);
            self.at += 1;
            let v = value.trim_matches(' ');
            let node = if v.is_empty() {
                self.empty_value(indent, pos)?
            } else {
                let start = line.len() - value.trim_start_matches(' ').len();
                self.inline_value(li, start, v, pos)?
            };
            out.push((key.to_string(), node));
        }
    }

    /// The value of `key:` with nothing after the colon: a nested block, or null.
    fn empty_value(&mut self, indent: usize, pos: (usize, usize)) -> Option<Node> {
        let Some(&(li, ind)) = self.sig.get(self.at) else {
            return Some(self.node(Value::Null, pos, None));
        };
        let text = &self.lines[li][ind..];
        if ind >= indent && (text.starts_with("- ") || text == "-") {
            let list = self.list(ind)?;
            return Some(self.node(Value::List(list), pos, None));
        }
        if ind > indent {
            let map = self.map(ind, false)?;
            return Some(self.node(Value::Map(map), pos, None));
        }
        Some(self.node(Value::Null, pos, None))
    }

    /// A block list whose `-` sit at column `indent`.
    fn list(&mut self, indent: usize) -> Option<Vec<Node>> {
        self.deeper()?;
        let list = self.list_items(indent);
        self.depth -= 1;
        list
    }

    fn list_items(&mut self, indent: usize) -> Option<Vec<Node>> {
        let mut out = Vec::new();
        while let Some(&(li, ind)) = self.sig.get(self.at) {
            if ind < indent {
                break;
            }
            if ind > indent {
                return None;
            }
            let line = self.lines[li];
            let Some(after) = line[ind..].strip_prefix("- ") else {
                if line[ind..].starts_with('-') {
                    return None;
                }
                break;
            };
            let v = after.trim_end_matches(' ');
            if v.is_empty() || v.starts_with(' ') || dash_start(v) {
                return None;
            }
            let pos = (li + 1, indent + 3);
            if !v.starts_with(['"', '\'', '[', '{']) && split_key(v).is_some() {
                let map = self.map(indent + 2, true)?;
                out.push(self.node(Value::Map(map), pos, None));
                continue;
            }
            self.at += 1;
            out.push(self.inline_value(li, indent + 2, v, pos)?);
            if self.next_indent().is_some_and(|n| n > indent) {
                return None;
            }
        }
        Some(out)
    }

    /// A value on the current line: `v` (trimmed) starts at byte `start` of line `li`; the node
    /// takes position `pos` (its key's or its item's).
    fn inline_value(&mut self, li: usize, start: usize, v: &str, pos: (usize, usize)) -> Option<Node> {
        if self.next_indent().is_some_and(|n| n > pos.1 - 1) {
            // A more indented line after a value continues it (a multi-line scalar) or is an error.
            return None;
        }
        if v.starts_with('[') {
            return self.flow_list(li, start, v, pos);
        }
        if v.starts_with('{') {
            return self.flow_map(li, start, v, pos);
        }
        let value = scalar(v)?;
        let written = number_written(&value, v);
        Some(self.node(value, pos, written))
    }

    /// `[a, "b", 3]` on one line; items are located as the serde_yaml path locates them.
    fn flow_list(&self, li: usize, start: usize, v: &str, pos: (usize, usize)) -> Option<Node> {
        let mut rest = v.strip_prefix('[')?.strip_suffix(']')?.trim_start_matches(' ');
        let mut items = Vec::new();
        while !rest.is_empty() {
            let (item, after) = flow_scalar(rest)?;
            items.push(item);
            rest = flow_next(after)?;
        }
        let mut cursor = (li, start);
        let nodes = items
            .into_iter()
            .map(|item| {
                let at = match &item {
                    Value::Str(s) => find_str_in_flow(self.lines, s, &mut cursor),
                    Value::Int(_) | Value::Float(_) => {
                        find_number_in_flow(self.lines, number_value(&item), &mut cursor)
                    }
                    _ => None,
                }
                .unwrap_or(pos);
                let written = self.written_at(&item, at);
                self.node(item, at, written)
            })
            .collect();
        Some(self.node(Value::List(nodes), pos, None))
    }

    /// `{a: x, b: 2}` on one line; numbers are located after their key, other values take the
    /// mapping's position, as in the serde_yaml path.
    fn flow_map(&self, li: usize, start: usize, v: &str, pos: (usize, usize)) -> Option<Node> {
        let mut rest = v.strip_prefix('{')?.strip_suffix('}')?.trim_start_matches(' ');
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut keys = Keys::default();
        while !rest.is_empty() {
            let colon = rest.find(':')?;
            let key = &rest[..colon];
            let after = rest[colon + 1..].strip_prefix(' ')?.trim_start_matches(' ');
            if !plain_key(key) || !keys.insert(key) {
                return None;
            }
            let (value, after) = flow_scalar(after)?;
            entries.push((key.to_string(), value));
            rest = flow_next(after)?;
        }
        let mut cursor = (li, start);
        let nodes = entries
            .into_iter()
            .map(|(key, value)| {
                let at = match value {
                    Value::Int(_) | Value::Float(_) => {
                        super::find_flow_value(self.lines, &key, &mut cursor).unwrap_or(pos)
                    }
                    _ => pos,
                };
                let written = self.written_at(&value, at);
                (key, self.node(value, at, written))
            })
            .collect();
        Some(self.node(Value::Map(nodes), pos, None))
    }

    /// The number token at a position, when the value is a number and the token is that number.
    fn written_at(&self, value: &Value, at: (usize, usize)) -> Option<String> {
        match value {
            Value::Int(_) | Value::Float(_) => {
                super::number_at(self.lines, at).filter(|t| same_number(t, number_value(value)))
            }
            _ => None,
        }
    }
}

/// One scalar at the start of `rest` inside a flow collection: its value and the text after it.
fn flow_scalar(rest: &str) -> Option<(Value, &str)> {
    if rest.starts_with(['"', '\'']) {
        let (text, len) = quoted(rest)?;
        return Some((Value::Str(text), &rest[len..]));
    }
    let end = rest.find([',', ']', '}']).unwrap_or(rest.len());
    let text = rest[..end].trim_end_matches(' ');
    if text.is_empty()
        || text.starts_with(INDICATORS)
        || dash_start(text)
        || text.contains([':', '[', ']', '{', '}', '#', '"', '\''])
    {
        return None;
    }
    Some((resolve_plain(text)?, &rest[end..]))
}

/// The text after an item of a flow collection: `, next` gives the next item, the end gives
/// `""`; anything else (a trailing comma, junk) is `None`.
fn flow_next(after: &str) -> Option<&str> {
    let after = after.trim_start_matches(' ');
    if after.is_empty() {
        return Some(after);
    }
    let next = after.strip_prefix(',')?.trim_start_matches(' ');
    (!next.is_empty()).then_some(next)
}

/// The keys of one mapping so far, to send a duplicate to serde_yaml (whose error names it):
/// a short list is scanned, a long one (a hostile front matter of 40,000 keys) hashed.
#[derive(Default)]
struct Keys<'a> {
    list: Vec<&'a str>,
    set: rustc_hash::FxHashSet<&'a str>,
}

impl<'a> Keys<'a> {
    /// False when `key` was there already.
    fn insert(&mut self, key: &'a str) -> bool {
        if self.list.len() < 16 {
            if self.list.contains(&key) {
                return false;
            }
            self.list.push(key);
            return true;
        }
        if self.set.is_empty() {
            self.set.extend(self.list.iter().copied());
        }
        self.set.insert(key)
    }
}

/// `key: value` or `key:` → (key, the text after the colon).
fn split_key(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut from = 0;
    loop {
        let at = from + s[from..].find(':')?;
        if at + 1 == s.len() || b[at + 1] == b' ' {
            return Some((&s[..at], &s[at + 1..]));
        }
        from = at + 1;
    }
}

/// A key that is a plain word: no indicator, quote, path character or trailing space, and
/// read by YAML as a string (not `true`, `1` or `null`).
fn plain_key(k: &str) -> bool {
    !k.is_empty()
        && !k.ends_with(' ')
        && !k.starts_with(INDICATORS)
        && !k.starts_with('-')
        && !k.contains(['#', '.', '[', ']', '{', '}', ',', ':', '"', '\''])
        && matches!(resolve_plain(k), Some(Value::Str(_)))
}

/// First characters that make a plain scalar something else (or an error).
const INDICATORS: &[char] =
    &['?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'];

/// A `-` that does not start a negative number (`-1.6`, `-.inf`): a list entry or an error.
fn dash_start(v: &str) -> bool {
    v.strip_prefix('-').is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
}

/// A one-line scalar value: quoted or plain.
fn scalar(v: &str) -> Option<Value> {
    if v.starts_with(['"', '\'']) {
        let (text, len) = quoted(v)?;
        return v[len..].trim_start_matches(' ').is_empty().then_some(Value::Str(text));
    }
    if v.starts_with(INDICATORS) || dash_start(v) || v.contains(" #") || v.contains(": ") || v.ends_with(':') {
        return None;
    }
    resolve_plain(v)
}

/// A quoted scalar at the start of `s` closed on the same line, without escapes: its text and
/// the byte length of the quoted form.
fn quoted(s: &str) -> Option<(String, usize)> {
    if let Some(inner) = s.strip_prefix('"') {
        let end = inner.find(['"', '\\'])?;
        return (inner.as_bytes()[end] == b'"').then(|| (inner[..end].to_string(), end + 2));
    }
    let inner = s.strip_prefix('\'')?;
    let mut text = String::new();
    let mut from = 0;
    loop {
        let at = from + inner[from..].find('\'')?;
        text.push_str(&inner[from..at]);
        if inner[at + 1..].starts_with('\'') {
            text.push('\'');
            from = at + 2;
        } else {
            return Some((text, at + 2));
        }
    }
}

fn number_value(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// The number exactly as written, for a number value whose text starts at `v`.
fn number_written(value: &Value, v: &str) -> Option<String> {
    if !matches!(value, Value::Int(_) | Value::Float(_)) {
        return None;
    }
    let token: String = v.chars().take_while(|c| is_number_char(*c)).collect();
    (!token.is_empty() && same_number(&token, number_value(value))).then_some(token)
}

/// The type of a plain scalar, as serde_yaml 0.9 resolves it into a `serde_yaml::Value` and
/// [`super::Converter`] maps that; `None` for what serde_yaml would refuse (integers beyond
/// 64 bits). The number rules are serde_yaml's own (`de.rs`, `visit_untagged_scalar`).
fn resolve_plain(v: &str) -> Option<Value> {
    if matches!(v, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if !v.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        // Neither an integer (radix prefixes start with 0) nor a finite float: Rust parses
        // `inf` and `nan`, which serde_yaml refuses as not finite.
        return Some(Value::Str(v.to_string()));
    }
    if let Some(u) = unsigned_int(v, u64::from_str_radix) {
        return Some(match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(u as f64),
        });
    }
    if let Some(i) = negative_int(v, i64::from_str_radix) {
        return Some(Value::Int(i));
    }
    if unsigned_int(v, u128::from_str_radix).is_some() || negative_int(v, i128::from_str_radix).is_some() {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = float(v) {
            return Some(Value::Float(f));
        }
    }
    Some(Value::Str(v.to_string()))
}

fn unsigned_int<T>(scalar: &str, from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn negative_int<T>(scalar: &str, from_str_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros followed by digits are a string in YAML 1.2.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
