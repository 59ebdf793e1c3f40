//! Typed, located access to a front matter mapping, collecting every problem it finds.
//!
//! Each kind's parser asks for its fields one by one (`string`, `date`, `list`, ...); whatever
//! was never asked for is an unknown field, reported with a "did you mean" hint by [`Fields::finish`].

use jiff::civil::Date;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::yaml::{Node, Value};

/// A value with the position it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
}

impl<T> Located<T> {
    pub fn new(value: T, (line, col): (usize, usize)) -> Self {
        Located { value, line, col }
    }
    pub fn pos(&self) -> (usize, usize) {
        (self.line, self.col)
    }
}

/// Reads fields out of one mapping, reporting into `diags`.
pub struct Fields<'a> {
    path: &'a str,
    prefix: String,
    entries: &'a [(String, Node)],
    at: (usize, usize),
    used: Vec<bool>,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// `prefix` names the mapping in messages (`approval.`), empty at the top level.
    pub fn new(path: &'a str, prefix: &str, node: &'a Node, diags: &'a mut Diagnostics) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                path,
                prefix: prefix.to_string(),
                entries,
                at: node.pos(),
                used: vec![false; entries.len()],
                diags,
            }),
            _ => {
                let what = if prefix.is_empty() {
                    "front matter".to_string()
                } else {
                    format!("`{}`", prefix.trim_end_matches('.'))
                };
                diags.push(Diagnostic::error(
                    path,
                    node.line,
                    node.col,
                    "not-a-mapping",
                    format!("{what} must be a mapping of `key: value` lines, found {}", node.type_name()),
                ));
                None
            }
        }
    }

    pub fn path(&self) -> &'a str {
        self.path
    }

    pub fn position(&self) -> (usize, usize) {
        self.at
    }

    pub fn error(
        &mut self,
        pos: (usize, usize),
        code: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let fix = fix.into();
        let mut d = Diagnostic::error(self.path, pos.0, pos.1, code, message);
        if !fix.is_empty() {
            d = d.with_fix(fix);
        }
        self.diags.push(d);
    }

    pub fn warning(
        &mut self,
        pos: (usize, usize),
        code: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::warning(self.path, pos.0, pos.1, code, message).with_fix(fix));
    }

    pub fn warn(&mut self, pos: (usize, usize), code: &'static str, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(self.path, pos.0, pos.1, code, message));
    }

    fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The raw node of `key`, if present (and not `null`).
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        (node.value != Value::Null).then_some(node)
    }

    fn missing(&mut self, key: &str, example: &str) {
        let name = self.name(key);
        self.error(
            self.at,
            "missing-field",
            format!("missing required field `{name}`"),
            format!("add a line `{key}: {example}`"),
        );
    }

    pub fn require(&mut self, key: &str, example: &str) -> Option<&'a Node> {
        let node = self.get(key);
        if node.is_none() {
            self.missing(key, example);
        }
        node
    }

    /// A text field. Numbers and booleans are accepted as their text.
    pub fn string(&mut self, key: &str, required: bool) -> Option<Located<String>> {
        let node = if required { self.require(key, "…")? } else { self.get(key)? };
        match node.scalar_text() {
            Some(s) if !s.trim().is_empty() => {
                let t = s.trim();
                if (t.starts_with('“') && t.ends_with('”')) || (t.starts_with('‘') && t.ends_with('’')) {
                    let inner: String = t.chars().skip(1).take(t.chars().count().saturating_sub(2)).collect();
                    self.warning(
                        node.pos(),
                        "smart-quotes",
                        format!(
                            "the value of `{}` is wrapped in Chinese quotes, which become part of it",
                            self.name(key)
                        ),
                        format!("remove them: `{key}: {inner}` (use ASCII quotes \" \" when a value needs quoting)"),
                    );
                }
                Some(Located::new(t.to_string(), node.pos()))
            }
            Some(_) => {
                if required {
                    self.error(
                        node.pos(),
                        "empty-field",
                        format!("`{}` is empty", self.name(key)),
                        "write a value after the colon",
                    );
                }
                None
            }
            None => {
                self.error(
                    node.pos(),
                    "wrong-type",
                    format!("`{}` must be text, found {}", self.name(key), node.type_name()),
                    "",
                );
                None
            }
        }
    }

    pub fn date(&mut self, key: &str, required: bool) -> Option<Located<Date>> {
        let node = if required { self.require(key, "2025-01-31")? } else { self.get(key)? };
        let text = node.scalar_text().unwrap_or_default();
        match parse_date(&text) {
            Ok(d) => Some(Located::new(d, node.pos())),
            Err(why) => {
                self.error(
                    node.pos(),
                    "bad-date",
                    format!("`{}`: {why}", self.name(key)),
                    "write a real date as YYYY-MM-DD, e.g. 2025-01-31",
                );
                None
            }
        }
    }

    pub fn uint(&mut self, key: &str, required: bool) -> Option<Located<u32>> {
        let node = if required { self.require(key, "10")? } else { self.get(key)? };
        match node.value {
            Value::Int(i) if (0..=100_000).contains(&i) => Some(Located::new(i as u32, node.pos())),
            _ => {
                self.error(
                    node.pos(),
                    "wrong-type",
                    format!("`{}` must be a whole number (0 or more), found {}", self.name(key), node.type_name()),
                    "",
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<Located<bool>> {
        let node = self.get(key)?;
        match node.value {
            Value::Bool(b) => Some(Located::new(b, node.pos())),
            _ => {
                self.error(
                    node.pos(),
                    "wrong-type",
                    format!("`{}` must be true or false, found {}", self.name(key), node.type_name()),
                    "",
                );
                None
            }
        }
    }

    /// A list of text items; a single text value is accepted as a one-item list.
    pub fn str_list(&mut self, key: &str) -> Vec<Located<String>> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<&Node> = match &node.value {
            Value::List(items) => items.iter().collect(),
            Value::Str(_) => vec![node],
            _ => {
                self.error(
                    node.pos(),
                    "wrong-type",
                    format!("`{}` must be a list, found {}", self.name(key), node.type_name()),
                    format!("write `{key}: [a, b]`"),
                );
                return Vec::new();
            }
        };
        if let Value::Str(text) = &node.value {
            if let Some(sep) = ['，', '、', '；'].into_iter().find(|c| text.contains(*c)) {
                let parts: Vec<&str> = text.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
                self.warning(
                    node.pos(),
                    "list-as-text",
                    format!("`{}` is a list, but `{text}` is written as one item separated by `{sep}`", self.name(key)),
                    format!("write `{key}: [{}]`", parts.join(", ")),
                );
            }
        }
        let mut out = Vec::new();
        for item in items {
            match item.scalar_text() {
                Some(s) if !s.trim().is_empty() => out.push(Located::new(s.trim().to_string(), item.pos())),
                _ => self.error(
                    item.pos(),
                    "wrong-type",
                    format!("items of `{}` must be text, found {}", self.name(key), item.type_name()),
                    "",
                ),
            }
        }
        out
    }

    /// A list of mappings (`steps`, `history`).
    pub fn map_list(&mut self, key: &str) -> Vec<&'a Node> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::List(items) => items.iter().collect(),
            _ => {
                self.error(
                    node.pos(),
                    "wrong-type",
                    format!("`{}` must be a list, found {}", self.name(key), node.type_name()),
                    "",
                );
                Vec::new()
            }
        }
    }

    /// A value from a fixed set. `aliases` maps accepted spellings to canonical values.
    pub fn choice(
        &mut self,
        key: &str,
        required: bool,
        aliases: &[(&str, &'static str)],
    ) -> Option<Located<&'static str>> {
        let value = self.string(key, required)?;
        let canonical = aliases.iter().find(|(a, _)| *a == value.value.as_str()).map(|(_, c)| *c);
        match canonical {
            Some(c) => Some(Located::new(c, value.pos())),
            None => {
                let names: Vec<&str> = aliases.iter().map(|(a, _)| *a).filter(|a| a.is_ascii()).collect();
                let hint = did_you_mean(&value.value, names.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.error(
                    value.pos(),
                    "bad-value",
                    format!("`{}` must be one of {}", self.name(key), names.join(", ")),
                    format!("{hint}use one of the listed values"),
                );
                None
            }
        }
    }

    /// Report every key that no one asked for.
    pub fn finish(self, known: &[&str]) {
        for ((key, node), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let name = format!("{}{key}", self.prefix);
            let mut d =
                Diagnostic::error(self.path, node.line, node.col, "unknown-field", format!("unknown field `{name}`"));
            d = match super::names::suggest(key, known) {
                Some(s) => d.with_fix(format!("did you mean `{}{s}`?", self.prefix)),
                None => d.with_fix(format!("remove it; the fields here are: {}", known.join(", "))),
            };
            self.diags.push(d);
        }
    }
}

/// Strict `YYYY-MM-DD`; `2022-02-30` is an error.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!("'{}' is not a date in the form YYYY-MM-DD", truncate(s, 40)));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    Date::new(y, m, d).map_err(|_| format!("{s} is not a real calendar date"))
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2022-02-28").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2022-02-30").unwrap_err().contains("not a real calendar date"));
        assert!(parse_date("2022-2-3").is_err());
        assert!(parse_date("20220203").is_err());
    }

    #[test]
    fn unknown_fields_get_a_hint() {
        let node = yaml::parse("title: a\nclasification: public\n", 2).unwrap();
        let mut diags = Diagnostics::new();
        let mut f = Fields::new("content/x.md", "", &node, &mut diags).unwrap();
        f.string("title", true);
        f.string("classification", true);
        f.finish(&["title", "classification"]);
        let all: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            all,
            [
                "content/x.md:2:1: error: missing required field `classification` — add a line `classification: …`",
                "content/x.md:3:1: error: unknown field `clasification` — did you mean `classification`?",
            ]
        );
    }
}
