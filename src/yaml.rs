//! The only module that knows YAML: parses text into located [`Node`]s.
//!
//! serde_yaml is archived upstream; keeping every call to it here means a maintained fork can
//! replace it by editing one file. serde_yaml gives positions only for syntax errors, so a small
//! line scanner ([`locate`]) maps each block-style key and list item to its line and column;
//! values inside flow collections (`[a, b]`) are found by searching the text after their parent.
//! Front matter in the block-style subset editors write goes through a hand-written parser
//! ([`fast`]) that yields the same nodes without serde_yaml, at a fraction of the cost.

use std::collections::HashMap;

mod fast;

/// Front matter larger than this is refused before parsing (a resource limit, see SECURITY).
pub const MAX_YAML_BYTES: usize = 256 * 1024;

/// A YAML value with the 1-based line and column where it (or its key) starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: usize,
    pub col: usize,
    /// A number exactly as written (`6.0`, `249.0`, `1e3`), when it could be found in the text:
    /// statistics are published as written, never re-formatted.
    pub written: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn pos(&self) -> (usize, usize) {
        (self.line, self.col)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Scalars as text (`2025-01-01`, `12`, `true`), for fields that accept any scalar.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// What the value is, for messages ([`crate::messages::content::found`]).
    pub fn found(&self) -> crate::messages::content::Found {
        use crate::messages::content::Found;
        match self.value {
            Value::Null => Found::Nothing,
            Value::Bool(_) => Found::TrueFalse,
            Value::Int(_) | Value::Float(_) => Found::Number,
            Value::Str(_) => Found::Text,
            Value::List(_) => Found::List,
            Value::Map(_) => Found::Mapping,
        }
    }
}

/// A YAML syntax error, positioned relative to the parsed text (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: crate::messages::Text,
}

/// Parse `text` (a front matter block or `site.yaml`). `first_line` is the file line of the
/// text's first line, so positions come out as file positions.
pub fn parse(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(SyntaxError {
            line: first_line,
            col: 1,
            message: crate::messages::content::yaml_too_large(MAX_YAML_BYTES / 1024),
        });
    }
    if text.trim().is_empty() {
        return Ok(Node { value: Value::Map(Vec::new()), line: first_line, col: 1, written: None });
    }
    match fast::parse(text, first_line) {
        Some(node) => Ok(node),
        None => parse_serde(text, first_line),
    }
}

/// The general path: serde_yaml's value, then positions from [`locate`] and the flow search.
fn parse_serde(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let (line, col) = e.location().map_or((0, 1), |l| (l.line(), l.column()));
        let (line, col) = duplicate_key_at(text, &msg, line).unwrap_or((line, col));
        SyntaxError { line: first_line + line.saturating_sub(1), col, message: clean_message(&msg, first_line) }
    })?;
    let locations = locate(text);
    let lines: Vec<&str> = text.lines().collect();
    let conv = Converter { locations: &locations, lines: &lines, first_line };
    Ok(conv.node(raw, "", (1, 1)))
}

/// serde_yaml places a duplicate key at the start of its mapping; point at the second
/// occurrence of the key instead (the line to delete), searching from that start.
fn duplicate_key_at(text: &str, msg: &str, from_line: usize) -> Option<(usize, usize)> {
    let key = msg.split_once("duplicate entry with key \"")?.1.split('"').next()?;
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        let trimmed = line.trim_start_matches([' ', '-']);
        let rest = trimmed.strip_prefix(key).or_else(|| {
            trimmed
                .strip_prefix(['"', '\''])
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix(['"', '\'']))
        });
        if rest.is_some_and(|r| r.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, line[..line.len() - trimmed.len()].chars().count() + 1));
            }
        }
    }
    None
}

/// serde_yaml messages read "<problem> at line X column Y[, while <context> at line P column Q]".
/// We print the problem's position ourselves; the context (e.g. "while scanning a quoted scalar",
/// which is what says a quote was never closed) is kept, with its position as a file line.
fn clean_message(msg: &str, first_line: usize) -> crate::messages::Text {
    let (problem, context) = match msg.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (msg, None),
    };
    let problem = problem.split(" at line ").next().unwrap_or(problem);
    let Some(context) = context else {
        return crate::messages::content::yaml_syntax(problem, None);
    };
    let (what, at) = match context.split_once(" at line ") {
        Some((w, at)) => (w, Some(at)),
        None => (context, None),
    };
    let start = at.and_then(|at| {
        let (line, col) = at.split_once(" column ")?;
        let line: usize = line.trim().parse().ok()?;
        let col: usize = col.trim().parse().ok()?;
        Some((first_line + line.saturating_sub(1), col))
    });
    crate::messages::content::yaml_syntax(problem, Some((what, start)))
}

struct Converter<'a> {
    locations: &'a HashMap<String, (usize, usize)>,
    lines: &'a [&'a str],
    first_line: usize,
}

impl Converter<'_> {
    fn node(&self, raw: serde_yaml::Value, path: &str, parent: (usize, usize)) -> Node {
        let local = self.locations.get(path).copied().unwrap_or(parent);
        let mut written = None;
        let value = match raw {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(b),
            serde_yaml::Value::Number(n) => {
                let at = self.locations.get(&format!("{path}#value")).copied().unwrap_or(local);
                let value = n.as_f64().unwrap_or(f64::NAN);
                written = self.number_at(at).filter(|t| same_number(t, value));
                match n.as_i64() {
                    Some(i) => Value::Int(i),
                    None => Value::Float(value),
                }
            }
            serde_yaml::Value::String(s) => Value::Str(s),
            serde_yaml::Value::Sequence(items) => {
                // Flow items are searched for in order, each after the one before, starting at
                // the value (`[`) rather than the key, so `[a.pdf, ../a.pdf]` finds both.
                let start = self.locations.get(&format!("{path}#value")).copied().unwrap_or(local);
                let mut cursor = (start.0.saturating_sub(1), self.byte_of(start));
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let child = format!("{path}[{i}]");
                    let pos = match self.locations.get(&child) {
                        Some(p) => *p,
                        None => self.find_in_flow(&item, &mut cursor).unwrap_or(local),
                    };
                    list.push(self.node(item, &child, pos));
                }
                Value::List(list)
            }
            serde_yaml::Value::Mapping(map) => {
                // Numbers inside a flow mapping (`{a: 1, b: 6.0}`) are found after their key.
                let start = self.locations.get(&format!("{path}#value")).copied().unwrap_or(local);
                let mut cursor = (start.0.saturating_sub(1), self.byte_of(start));
                Value::Map(
                    map.into_iter()
                        .map(|(k, v)| {
                            let key = key_text(&k);
                            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                            // Only numbers are searched for (their text is kept as written);
                            // other flow values keep the mapping's position, as diagnostics expect.
                            let pos = match (self.locations.get(&child), &v) {
                                (None, serde_yaml::Value::Number(_)) => {
                                    self.find_flow_value(&key, &mut cursor).unwrap_or(local)
                                }
                                _ => local,
                            };
                            (key, self.node(v, &child, pos))
                        })
                        .collect(),
                )
            }
            serde_yaml::Value::Tagged(t) => return self.node(t.value, path, parent),
        };
        Node { value, line: local.0 + self.first_line - 1, col: local.1, written }
    }

    fn number_at(&self, at: (usize, usize)) -> Option<String> {
        number_at(self.lines, at)
    }

    fn find_flow_value(&self, key: &str, cursor: &mut (usize, usize)) -> Option<(usize, usize)> {
        find_flow_value(self.lines, key, cursor)
    }

    fn byte_of(&self, at: (usize, usize)) -> usize {
        byte_of(self.lines, at)
    }

    fn find_in_flow(&self, item: &serde_yaml::Value, cursor: &mut (usize, usize)) -> Option<(usize, usize)> {
        match item {
            serde_yaml::Value::Number(n) => find_number_in_flow(self.lines, n.as_f64().unwrap_or(f64::NAN), cursor),
            serde_yaml::Value::String(s) => find_str_in_flow(self.lines, s, cursor),
            _ => None,
        }
    }
}

/// Position of the value of `key` inside a flow mapping: after `key:` at or after `cursor`.
fn find_flow_value(lines: &[&str], key: &str, cursor: &mut (usize, usize)) -> Option<(usize, usize)> {
    let needle = format!("{key}:");
    for (i, line) in lines.iter().enumerate().skip(cursor.0).take(20) {
        let from = if i == cursor.0 { cursor.1.min(line.len()) } else { 0 };
        let from = (0..=from).rev().find(|b| line.is_char_boundary(*b)).unwrap_or(0);
        if let Some(found) = line[from..].find(&needle) {
            let after = from + found + needle.len();
            let at = after + line[after..].len() - line[after..].trim_start().len();
            *cursor = (i, at);
            return Some((i + 1, line[..at].chars().count() + 1));
        }
    }
    None
}

/// The number token starting at a (line, column) position, if there is one.
fn number_at(lines: &[&str], (line, col): (usize, usize)) -> Option<String> {
    let text = lines.get(line.checked_sub(1)?)?;
    let from = byte_of(lines, (line, col));
    let token: String = text.get(from..)?.chars().take_while(|c| is_number_char(*c)).collect();
    (!token.is_empty()).then_some(token)
}

/// Byte offset of a (line, column) position within its line.
fn byte_of(lines: &[&str], (line, col): (usize, usize)) -> usize {
    let text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    text.char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(b, _)| b)
}

/// Position of a string inside a flow collection: its first occurrence at or after `cursor`
/// (a line index and a byte offset in it), which then moves past it.
fn find_str_in_flow(lines: &[&str], s: &str, cursor: &mut (usize, usize)) -> Option<(usize, usize)> {
    for (i, line) in lines.iter().enumerate().skip(cursor.0).take(20) {
        let from = if i == cursor.0 { cursor.1.min(line.len()) } else { 0 };
        let from = (0..=from).rev().find(|b| line.is_char_boundary(*b)).unwrap_or(0);
        if let Some(found) = line[from..].find(s) {
            let at = from + found;
            let col = line[..at].chars().count() + 1;
            let quoted = at > 0 && matches!(line.as_bytes()[at - 1], b'"' | b'\'');
            *cursor = (i, at + s.len());
            return Some((i + 1, if quoted { col - 1 } else { col }));
        }
    }
    None
}

/// Position of a number inside a flow collection: the first number token at or after
/// `cursor` (that starts an item) with that value; the cursor moves past it.
fn find_number_in_flow(lines: &[&str], value: f64, cursor: &mut (usize, usize)) -> Option<(usize, usize)> {
    for (i, line) in lines.iter().enumerate().skip(cursor.0).take(20) {
        let from = if i == cursor.0 { cursor.1.min(line.len()) } else { 0 };
        let mut prev = line[..from].chars().next_back().unwrap_or(' ');
        for (b, c) in line.char_indices().filter(|(b, _)| *b >= from) {
            if is_number_char(c) && matches!(prev, '[' | ',' | ' ' | ':' | '{') {
                let token: String = line[b..].chars().take_while(|c| is_number_char(*c)).collect();
                if same_number(&token, value) {
                    *cursor = (i, b + token.len());
                    return Some((i + 1, line[..b].chars().count() + 1));
                }
            }
            prev = c;
        }
    }
    None
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E' | '_')
}

/// Whether `token` is a YAML number with this value.
fn same_number(token: &str, value: f64) -> bool {
    token.replace('_', "").parse::<f64>().is_ok_and(|t| t == value || (t.is_nan() && value.is_nan()))
}

fn key_text(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "~".into(),
        _ => "?".into(),
    }
}

struct Frame {
    indent: usize,
    path: String,
    is_item: bool,
    items: usize,
}

/// Map key paths (`approval.status`, `history[2].change`, `contents[0]`) to 1-based
/// (line, column) within `text`, for block-style YAML.
pub fn locate(text: &str) -> HashMap<String, (usize, usize)> {
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut block_scalar_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let lineno = n + 1;
        let trimmed = line.trim_start_matches(' ');
        let mut ind = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(b) = block_scalar_indent {
            if ind > b {
                continue;
            }
            block_scalar_indent = None;
        }
        let mut rest = trimmed;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            while stack.last().is_some_and(|f| f.indent > ind || (f.indent == ind && f.is_item)) {
                stack.pop();
            }
            let (parent_path, idx) = match stack.last_mut() {
                Some(f) => {
                    f.items += 1;
                    (f.path.clone(), f.items - 1)
                }
                None => (String::new(), 0),
            };
            let path = format!("{parent_path}[{idx}]");
            // A bare `-` (an empty item) has no space after it: stay inside the line.
            let col = line[..(ind + 2).min(line.len())].chars().count() + 1;
            out.insert(path.clone(), (lineno, col));
            stack.push(Frame { indent: ind, path, is_item: true, items: 0 });
            let skipped = rest.len() - after.len();
            let spaces = after.len() - after.trim_start_matches(' ').len();
            ind += skipped + spaces;
            rest = after.trim_start_matches(' ');
        }
        let Some((key, value)) = split_key(rest) else {
            continue;
        };
        while stack.last().is_some_and(|f| f.indent >= ind) {
            stack.pop();
        }
        let parent = stack.last().map_or("", |f| f.path.as_str());
        let path = if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") };
        let col = line[..ind.min(line.len())].chars().count() + 1;
        out.insert(path.clone(), (lineno, col));
        let raw_value = value;
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') {
            block_scalar_indent = Some(ind);
        } else if value.is_empty() || value.starts_with('#') {
            stack.push(Frame { indent: ind, path, is_item: false, items: 0 });
        } else {
            // A scalar or flow value on the key line: locate the value itself.
            // `raw_value` runs to the end of the line; `value` is trimmed at both ends, so only
            // the start of `raw_value` locates it (found by the fuzzer: a trailing space after a
            // Chinese value used to cut inside a character).
            let vcol = line.len() - raw_value.trim_start().len();
            out.insert(format!("{path}#value"), (lineno, line[..vcol].chars().count() + 1));
        }
    }
    out
}

/// `key: value` → (key, value); None for plain scalars and flow collections.
fn split_key(s: &str) -> Option<(&str, &str)> {
    if s.starts_with(['[', '{', '"', '\'']) && !(s.starts_with('"') || s.starts_with('\'')) {
        return None;
    }
    let bytes = s.as_bytes();
    let (key_end, colon) = if let Some(q) = s.strip_prefix('"').or_else(|| s.strip_prefix('\'')) {
        let quote = bytes[0] as char;
        let close = q.find(quote)? + 1;
        (close + 1, close + 1)
    } else {
        let mut i = 0;
        loop {
            let at = s[i..].find(':')? + i;
            if at + 1 == s.len() || bytes[at + 1] == b' ' {
                break (at, at);
            }
            i = at + 1;
        }
    };
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let key = s[..key_end].trim().trim_matches(['"', '\'']);
    Some((key, &s[colon + 1..]))
}

#[cfg(test)]
mod tests;
