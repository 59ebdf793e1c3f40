//! Located problems (`path:line:col: severity: message`) and how they are collected and printed.
//!
//! Every stage of the pipeline reports into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one build shows an editor everything that needs fixing. A message never
//! carries the content of a withheld entry: callers pass only paths, field names and reasons.

use std::fmt;

use crate::messages::{Code, Lang, Msg, Text};

/// How serious a problem is. Errors fail the build; warnings do not (unless `check --strict`);
/// information is only said (`--strict` leaves it alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word a human line shows: `error`/`warning`, or `错误`/`警告`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Info, Lang::En) => "info",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Error, Lang::Zh) => "错误",
        }
    }
}

/// One problem, at a place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators (`content/documents/x.md`).
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    /// A short stable identifier (`unknown-field`, `bad-date`, ...), used by `check --format json`.
    pub code: Code,
    /// What is wrong, in both languages (from the catalogue, [`crate::messages`]).
    pub message: Text,
    /// How to fix it, when we can say (boxed: most diagnostics travel in `Result`s).
    pub fix: Option<Box<Text>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: usize, col: usize, msg: Msg) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            severity: Severity::Error,
            code: msg.code,
            message: msg.text,
            fix: msg.fix.map(Box::new),
        }
    }

    pub fn warning(path: impl Into<String>, line: usize, col: usize, msg: Msg) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, msg) }
    }

    pub fn info(path: impl Into<String>, line: usize, col: usize, msg: Msg) -> Self {
        Diagnostic { severity: Severity::Info, ..Diagnostic::error(path, line, col, msg) }
    }

    pub fn with_fix(mut self, fix: Text) -> Self {
        self.fix = (!fix.is_empty()).then(|| Box::new(fix));
        self
    }

    /// Whether this problem keeps its file from being read at all (encoding, shape, YAML): the
    /// root cause to show first, since references to the file are skipped until it is fixed.
    pub fn is_root_cause(&self) -> bool {
        self.severity == Severity::Error && self.code.is_root_cause()
    }

    /// `path:line:col: severity: message — fix`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = printable(&self.path).into_owned();
        if self.line > 0 {
            out.push_str(&format!(":{}:{}", self.line, self.col.max(1)));
        }
        out.push_str(&format!(": {}: {}", self.severity.label(lang), printable(self.message.get(lang))));
        if let Some(fix) = &self.fix {
            out.push_str(" — ");
            out.push_str(&printable(fix.get(lang)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::current()))
    }
}

/// Text safe to print on a terminal, on one line: control characters (which YAML escapes such
/// as `"\e[2J"` or `"\u0000"` can put into any field, and a file name can hold) and bidi
/// overrides are shown as `\u{..}` escapes instead of being sent to the terminal as they are.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let hostile = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars().map(|c| if hostile(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect(),
    )
}

/// The problems of one run, in the order found; sorted by path and position before printing.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Change every diagnostic in place.
    pub fn map(&mut self, f: impl FnMut(&mut Diagnostic)) {
        self.items.iter_mut().for_each(f);
    }

    /// Turn every warning into an error (`check --strict`); information stays information.
    pub fn escalate(&mut self) {
        for d in self.items.iter_mut().filter(|d| d.severity == Severity::Warning) {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file, then position, duplicates removed.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// 1-based (line, column) of a byte offset in `text`; the column counts characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// With `GONGKAI_TIMINGS=memory`, print the resident memory now and at its peak so far, for
/// finding where a build's memory goes (docs/bench.md). Linux only; silent elsewhere.
pub fn memory_checkpoint(label: &str) {
    if std::env::var_os("GONGKAI_TIMINGS").is_some_and(|v| v == "memory") {
        let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let get =
            |k: &str| s.lines().find(|l| l.starts_with(k)).map(|l| l[k.len()..].trim().to_string()).unwrap_or_default();
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let t = START.get_or_init(std::time::Instant::now).elapsed().as_millis();
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "memory {label} (+{t} ms): now {}, peak {}", get("VmRSS:"), get("VmHWM:"));
    }
}

/// With `GONGKAI_TIMINGS` set, print a note on what a stage did (how much work a cache saved),
/// for benchmarks and tests that check a cache is used.
pub fn timing_note(note: &str) {
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "{note}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let t = "第一行\n标题: 值\n";
        assert_eq!(line_col(t, 0), (1, 1));
        let off = t.find('值').unwrap();
        assert_eq!(line_col(t, off), (2, 5));
    }

    #[test]
    fn display_is_path_line_col_in_either_language() {
        let d = Diagnostic::error("content/a.md", 3, 1, Msg::new(Code::Body, Text::new("坏了", "bad")))
            .with_fix(Text::new("这样改", "do this"));
        assert_eq!(d.render(Lang::En), "content/a.md:3:1: error: bad — do this");
        assert_eq!(d.render(Lang::Zh), "content/a.md:3:1: 错误: 坏了 — 这样改");
    }

    #[test]
    fn control_characters_are_never_printed() {
        let m = Msg::new(Code::Body, Text::same("bad '\u{1b}]0;x\u{7}' \u{202e}txt.exe\nnext"));
        let d = Diagnostic::error("content/a\u{1b}.md", 1, 1, m).with_fix(Text::same("\u{0}"));
        assert_eq!(
            d.render(Lang::En),
            "content/a\\u{1b}.md:1:1: error: bad '\\u{1b}]0;x\\u{7}' \\u{202e}txt.exe\\u{a}next — \\u{0}"
        );
        assert!(matches!(printable("正常\t文本"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn strict_makes_warnings_errors_and_leaves_information() {
        let m = |code| Msg::new(code, Text::same("x"));
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("a.md", 1, 1, m(Code::Pinyin)));
        d.push(Diagnostic::info("a.md", 2, 1, m(Code::TraditionalScript)));
        d.escalate();
        let severities: Vec<Severity> = d.iter().map(|d| d.severity).collect();
        assert_eq!(severities, [Severity::Error, Severity::Info]);
        assert_eq!((d.errors(), d.warnings()), (1, 0));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("clasification", ["classification", "title"]), Some("classification"));
        assert_eq!(did_you_mean("zzz", ["classification", "title"]), None);
    }
}
