//! Typed, located access to a front matter mapping, collecting every problem it finds.
//!
//! Each kind's parser asks for its fields one by one (`string`, `date`, `list`, ...); whatever
//! was never asked for is an unknown field, reported with a "did you mean" hint by [`Fields::finish`].

use jiff::civil::Date;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::messages::content::{self as msg, DateProblem, Expected};
use crate::messages::Msg;
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
                let what = (!prefix.is_empty()).then(|| prefix.trim_end_matches('.'));
                let found = msg::found(node.found());
                diags.push(Diagnostic::error(path, node.line, node.col, msg::not_a_mapping(what, &found)));
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

    pub fn error(&mut self, pos: (usize, usize), m: Msg) {
        self.diags.push(Diagnostic::error(self.path, pos.0, pos.1, m));
    }

    pub fn warning(&mut self, pos: (usize, usize), m: Msg) {
        self.diags.push(Diagnostic::warning(self.path, pos.0, pos.1, m));
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: Expected) {
        let m = msg::wrong_type(&self.name(key), key, expected, &msg::found(node.found()));
        self.error(node.pos(), m);
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
        self.error(self.at, msg::missing_field(&name, key, example));
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
                    self.warning(node.pos(), msg::smart_quotes(&self.name(key), key, &inner));
                }
                Some(Located::new(t.to_string(), node.pos()))
            }
            Some(_) => {
                if required {
                    self.error(node.pos(), msg::empty_field(&self.name(key)));
                }
                None
            }
            None => {
                self.wrong_type(node, key, Expected::Text);
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
                let derived = loose_date(&text).map(|d| d.to_string());
                self.error(node.pos(), msg::bad_date(&self.name(key), key, &why, derived));
                None
            }
        }
    }

    pub fn uint(&mut self, key: &str, required: bool) -> Option<Located<u32>> {
        let node = if required { self.require(key, "10")? } else { self.get(key)? };
        match node.value {
            Value::Int(i) if (0..=100_000).contains(&i) => Some(Located::new(i as u32, node.pos())),
            _ => {
                self.wrong_type(node, key, Expected::WholeNumber);
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<Located<bool>> {
        let node = self.get(key)?;
        match node.value {
            Value::Bool(b) => Some(Located::new(b, node.pos())),
            _ => {
                self.wrong_type(node, key, Expected::TrueFalse);
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
                self.wrong_type(node, key, Expected::List);
                return Vec::new();
            }
        };
        if let Value::Str(text) = &node.value {
            if let Some(sep) = ['，', '、', '；'].into_iter().find(|c| text.contains(*c)) {
                let parts: Vec<&str> = text.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
                self.warning(node.pos(), msg::list_as_text(&self.name(key), key, text, sep, &parts));
            }
        }
        let mut out = Vec::new();
        for item in items {
            match item.scalar_text() {
                Some(s) if !s.trim().is_empty() => out.push(Located::new(s.trim().to_string(), item.pos())),
                _ => self.wrong_type(item, key, Expected::ListItemText),
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
                self.wrong_type(node, key, Expected::MapList);
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
                let guess = did_you_mean(&value.value, names.iter().copied());
                self.error(value.pos(), msg::bad_choice(&self.name(key), &names, guess));
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
            let suggestion = super::names::suggest(key, known);
            let m = msg::unknown_field(&self.prefix, key, suggestion, known);
            self.diags.push(Diagnostic::error(self.path, node.line, node.col, m));
        }
    }
}

/// Strict `YYYY-MM-DD`; `2022-02-30` is an error.
pub fn parse_date(s: &str) -> Result<Date, DateProblem> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(DateProblem::Shape(truncate(s, 40)));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    Date::new(y, m, d).map_err(|_| DateProblem::NotReal(s.to_string()))
}

/// The date an editor most likely meant by a date written another way: `2025/6/1`,
/// `2025.6.1`, `2025-6-1`, `2024年3月5日`, `20240305`, full-width digits. Only for the fix
/// hint: the field itself stays an error until it is written as `YYYY-MM-DD`.
pub fn loose_date(s: &str) -> Option<Date> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let ascii = ascii.trim_end_matches('日').trim_end_matches('号');
    let parts: Vec<&str> = ascii.split(['/', '.', '-', '年', '月', '－', '—']).map(str::trim).collect();
    let nums: Vec<i32> = if parts.len() == 3 {
        parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?
    } else if ascii.len() == 8 && ascii.bytes().all(|b| b.is_ascii_digit()) {
        vec![ascii[..4].parse().ok()?, ascii[4..6].parse().ok()?, ascii[6..].parse().ok()?]
    } else {
        return None;
    };
    let (y, m, d) = (nums[0], nums[1], nums[2]);
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Date::new(y as i16, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
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
        assert!(matches!(parse_date("2022-02-30"), Err(DateProblem::NotReal(_))));
        assert!(parse_date("2022-2-3").is_err());
        assert!(parse_date("20220203").is_err());
    }

    #[test]
    fn dates_written_otherwise_are_read_for_the_fix() {
        for (s, d) in [
            ("2025/6/1", "2025-06-01"),
            ("2024年3月5日", "2024-03-05"),
            ("2024.03.05", "2024-03-05"),
            ("20240305", "2024-03-05"),
            ("２０２４年３月５日", "2024-03-05"),
            ("2025-6-1", "2025-06-01"),
        ] {
            assert_eq!(loose_date(s).map(|x| x.to_string()).as_deref(), Some(d), "{s}");
        }
        assert_eq!(loose_date("2022-02-30"), None);
        assert_eq!(loose_date("下周一"), None);
    }

    #[test]
    fn unknown_fields_get_a_hint_in_both_languages() {
        let node = yaml::parse("标题: a\n", 2).unwrap();
        let mut diags = Diagnostics::new();
        let f = Fields::new("content/x.md", "", &node, &mut diags).unwrap();
        f.finish(&["title", "date"]);
        let d = &diags.sorted()[0];
        assert_eq!(
            d.render(crate::messages::Lang::Zh),
            "content/x.md:2:1: 错误: 未知字段 `标题` — 是不是想写 `title`（标题）？"
        );
        assert_eq!(
            d.render(crate::messages::Lang::En),
            "content/x.md:2:1: error: unknown field `标题` — did you mean `title`?"
        );
    }

    #[test]
    fn unknown_fields_get_a_hint() {
        let node = yaml::parse("title: a\nclasification: public\n", 2).unwrap();
        let mut diags = Diagnostics::new();
        let mut f = Fields::new("content/x.md", "", &node, &mut diags).unwrap();
        f.string("title", true);
        f.string("classification", true);
        f.finish(&["title", "classification"]);
        let all: Vec<String> = diags.sorted().iter().map(|d| d.render(crate::messages::Lang::En)).collect();
        assert_eq!(
            all,
            [
                "content/x.md:2:1: error: missing required field `classification` — add a line `classification: …`",
                "content/x.md:3:1: error: unknown field `clasification` — did you mean `classification`?",
            ]
        );
    }
}
