//! Paragraphs, runs, tables, footnotes and images of a .docx → the Markdown of an entry's
//! body: 一、/（一）/1. (or Word's heading styles) as `##`/`###`/`####`, bold and italic
//! runs, bullet and numbered lists, tables with merged cells flattened (and a comment saying
//! so), Markdown footnotes, images and embedded objects written beside the .md. Text is
//! escaped so nothing in it becomes Markdown syntax by accident.

use crate::messages::{import as msg, Text};
use std::collections::HashMap;

use super::docx::{self, Block, Doc, Inline, Merge, Para, Table};
use super::{Files, Request};
use crate::content::slug::is_allowed_attachment;

pub struct Body<'a> {
    doc: &'a Doc,
    req: &'a Request<'a>,
    slug: &'a str,
    out: String,
    notes: Vec<String>,
    note_ids: HashMap<String, usize>,
    attachments: Files,
    media: HashMap<String, Option<String>>,
    warnings: Vec<Text>,
    counters: HashMap<String, [u32; 9]>,
    in_list: bool,
}

const CN_DIGITS: &str = "一二三四五六七八九十";

impl<'a> Body<'a> {
    pub fn new(doc: &'a Doc, req: &'a Request<'a>, slug: &'a str) -> Self {
        Body {
            doc,
            req,
            slug,
            out: String::new(),
            notes: Vec::new(),
            note_ids: HashMap::new(),
            attachments: Vec::new(),
            media: HashMap::new(),
            warnings: Vec::new(),
            counters: HashMap::new(),
            in_list: false,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Para(p) => self.para(p),
                Block::Table(t) => self.table(t),
            }
        }
    }

    /// The 落款: 署名 line(s) then the date, one paragraph, lines joined by hard breaks.
    pub fn signature(&mut self, lines: &[String]) {
        let lines: Vec<String> = lines.iter().map(|l| escape_line(&escape(l, false))).collect();
        self.block(&lines.join("\\\n"), false);
    }

    /// The Markdown, the files to write beside it, and warnings.
    pub fn finish(mut self) -> (String, Files, Vec<Text>) {
        for (i, note) in self.notes.iter().enumerate() {
            self.out.push_str(&format!("{}[^{}]: {}", if i == 0 { "\n\n" } else { "\n" }, i + 1, note));
        }
        let out = self.out.trim_end().to_string() + "\n";
        (out, self.attachments, self.warnings)
    }

    fn block(&mut self, text: &str, list_item: bool) {
        if !self.out.is_empty() {
            self.out.push_str(if list_item && self.in_list { "\n" } else { "\n\n" });
        }
        self.out.push_str(text);
        self.in_list = list_item;
    }

    fn para(&mut self, p: &Para) {
        let label = self.label(p);
        let plain = format!("{}{}", label.as_ref().map_or("", |l| l.0.as_str()), clean(&p.text()));
        let text = self.inlines(&p.inlines, false);
        if text.is_empty() && plain.is_empty() {
            return;
        }
        if let Some(level) = self.style_level(p).or_else(|| marker_level(&plain).filter(|_| short(&plain))) {
            return self.block(&format!("{} {}", "#".repeat(level as usize), escape(&plain, false)), false);
        }
        if let (Some(Inline::Text { text: first, bold: true, .. }), true) = (p.inlines.first(), p.inlines.len() > 1) {
            let first = clean(first);
            if label.is_none() && marker_level(&first).is_some() && short(&first) {
                self.block(
                    &format!("{} {}", "#".repeat(marker_level(&first).unwrap_or(2) as usize), escape(&first, false)),
                    false,
                );
                let rest = self.inlines(&p.inlines[1..], false);
                return self.block(&escape_line(&rest), false);
            }
        }
        match label {
            Some((_, fmt, _)) if fmt == "bullet" => self.block(&format!("- {text}"), true),
            Some((_, fmt, n2)) if fmt == "decimal" => self.block(&format!("{n2}. {text}"), true),
            Some((l, _, _)) => self.block(&escape_line(&format!("{}{}", escape(&l, false), text)), false),
            None => self.block(&escape_line(&text), false),
        }
    }

    /// The heading level of a paragraph in a heading style (`Heading 1` → 2).
    fn style_level(&self, p: &Para) -> Option<u8> {
        let style = self.doc.styles.get(&p.style);
        let name = style.map(|s| s.name.to_lowercase()).unwrap_or_default();
        let from_name =
            ["heading ", "标题 "].iter().find_map(|k| name.strip_prefix(k)).and_then(|n| n.trim().parse::<u8>().ok());
        let outline = p.outline.or(style.and_then(|s| s.outline)).filter(|l| *l < 9).map(|l| l + 1);
        from_name.or(outline).map(|l| (l + 1).min(6))
    }

    /// The number Word shows before a numbered paragraph: (label text, format, counter).
    fn label(&mut self, p: &Para) -> Option<(String, String, u32)> {
        let (id, level) = p.num.clone().or_else(|| self.doc.styles.get(&p.style).and_then(|s| s.num.clone()))?;
        let levels = self.doc.numbering.levels.get(&id)?;
        let (fmt, text) = levels.get(&level)?.clone();
        let counters = self.counters.entry(id).or_insert([0; 9]);
        let l = (level as usize).min(8);
        counters[l] += 1;
        counters[l + 1..].iter_mut().for_each(|c| *c = 0);
        let mut label = text;
        for (k, c) in counters.iter().enumerate().take(l + 1) {
            let shown =
                if fmt.starts_with("chinese") || fmt.starts_with("ideograph") { cn_number(*c) } else { c.to_string() };
            label = label.replace(&format!("%{}", k + 1), &shown);
        }
        Some((label, fmt, counters[l]))
    }

    fn inlines(&mut self, inlines: &[Inline], table: bool) -> String {
        let mut s = String::new();
        for i in inlines {
            match i {
                Inline::Text { text, bold, italic } => {
                    let core = text.trim_matches(is_space);
                    if core.is_empty() {
                        s.push_str(&" ".repeat(usize::from(!text.is_empty())));
                        continue;
                    }
                    let mark = match (bold, italic) {
                        (true, true) => "***",
                        (true, false) => "**",
                        (false, true) => "*",
                        (false, false) => "",
                    };
                    let (lead, trail) = (
                        text.len() - text.trim_start_matches(is_space).len(),
                        text.len() - text.trim_end_matches(is_space).len(),
                    );
                    s.push_str(&" ".repeat(usize::from(lead > 0)));
                    s.push_str(&format!("{mark}{}{mark}", escape(core, table)));
                    s.push_str(&" ".repeat(usize::from(trail > 0)));
                }
                Inline::Break => s.push_str(if table { "<br>" } else { "\\\n" }),
                Inline::Footnote(id) => {
                    let n = self.footnote(id);
                    s.push_str(&format!("[^{n}]"));
                }
                Inline::Image(rid) => {
                    if let Some(name) = self.attach(rid, true) {
                        s.push_str(&format!("![图{}]({name})", self.attachments.len()));
                    }
                }
                Inline::Object(rid) => {
                    if let Some(name) = self.attach(rid, false) {
                        s.push_str(&format!("[嵌入对象{}]({name})", self.attachments.len()));
                    }
                }
            }
        }
        let s = s.trim_matches(is_space);
        s.trim_end_matches("\\\n").trim_end_matches("<br>").to_string()
    }

    fn footnote(&mut self, id: &str) -> usize {
        if let Some(n) = self.note_ids.get(id) {
            return *n;
        }
        let paras: Vec<Para> = self.doc.footnotes.get(id).cloned().unwrap_or_default();
        let text: Vec<String> =
            paras.iter().map(|p| self.inlines(&p.inlines, true)).filter(|t| !t.is_empty()).collect();
        self.notes.push(text.join(" ").replace("<br>", " "));
        self.note_ids.insert(id.to_string(), self.notes.len());
        self.notes.len()
    }

    /// Write an image or embedded object beside the .md; `None` (and a warning) when it is
    /// missing or of a type the portal does not publish.
    fn attach(&mut self, rid: &str, image: bool) -> Option<String> {
        if let Some(done) = self.media.get(rid) {
            return done.clone();
        }
        let what = msg::media_kind(image);
        let target = self.doc.rels.get(rid).cloned();
        let ext =
            target.as_deref().and_then(|t| t.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let name = format!("{}-{}.{ext}", self.slug, self.attachments.len() + 1);
        let result = match target.as_deref().map(|t| docx::part(self.req.file_name, self.req.bytes, t)) {
            Some(Ok(Some(bytes))) if is_allowed_attachment(&name) => {
                self.attachments.push((name.clone(), bytes));
                Some(name)
            }
            Some(Ok(Some(_))) => {
                self.warnings.push(msg::media_type(&what, &ext));
                None
            }
            Some(Err(e)) => {
                self.warnings.push(msg::media_failed(&what, &e.message));
                None
            }
            _ => {
                self.warnings.push(msg::media_missing(&what));
                None
            }
        };
        self.media.insert(rid.to_string(), result.clone());
        result
    }

    fn table(&mut self, t: &Table) {
        let width = t.rows.iter().map(|r| r.iter().map(|c| c.span).sum::<usize>()).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        let mut notes = Vec::new();
        let mut lines = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            let mut cells = Vec::with_capacity(width);
            for c in row {
                let addr = format!("{}{}", column_name(cells.len()), r + 1);
                let text = if c.merge == Merge::Continue {
                    notes.push(format!("{addr} is merged with the cell above"));
                    String::new()
                } else {
                    let parts: Vec<String> =
                        c.paras.iter().map(|p| self.inlines(&p.inlines, true)).filter(|t| !t.is_empty()).collect();
                    parts.join("<br>")
                };
                if c.span > 1 {
                    notes.push(format!("{addr} spans {} columns", c.span));
                }
                cells.push(text);
                cells.extend(std::iter::repeat_n(String::new(), c.span - 1));
            }
            cells.resize(width, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if r == 0 {
                lines.push(format!("|{}", "---|".repeat(width)));
            }
        }
        if !notes.is_empty() {
            self.block(
                &format!(
                    "<!-- gongkai import: merged cells were flattened, check this table: {} -->",
                    notes.join("; ")
                ),
                false,
            );
            self.warnings.push(msg::merged_cells(&notes.join("; ")));
        }
        self.block(&lines.join("\n"), false);
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn clean(s: &str) -> String {
    s.trim_matches(is_space).to_string()
}

fn short(t: &str) -> bool {
    let body = t.strip_suffix('。').unwrap_or(t);
    body.chars().count() <= 40 && !body.contains(['。', '；', '，', ';', '\n'])
}

/// 一、 → 2, （一） → 3, 1. → 4.
pub(crate) fn marker_level(t: &str) -> Option<u8> {
    let cn = t.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
    if (1..=3).contains(&cn) && t.chars().nth(cn) == Some('、') {
        return Some(2);
    }
    if let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        let n = rest.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
        if (1..=3).contains(&n) && matches!(rest.chars().nth(n), Some('）' | ')')) {
            return Some(3);
        }
    }
    let d = t.chars().take_while(char::is_ascii_digit).count();
    let mut after = t.chars().skip(d);
    if (1..=2).contains(&d)
        && matches!(after.next(), Some('.' | '．' | '、'))
        && after.next().is_some_and(|c| !c.is_ascii_digit())
    {
        return Some(4);
    }
    None
}

fn cn_number(n: u32) -> String {
    let d = |k: u32| CN_DIGITS.chars().nth(k as usize - 1).map(String::from).unwrap_or_default();
    match n {
        0 => "〇".into(),
        1..=10 => d(n),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 => format!("{}十{}", d(n / 10), if n.is_multiple_of(10) { String::new() } else { d(n % 10) }),
        _ => n.to_string(),
    }
}

fn column_name(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push((b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// Backslash-escape what Markdown would read as syntax inside a line.
pub(crate) fn escape(s: &str, table: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '&' | '!') || (table && c == '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape what would start a block at the beginning of each line (`#`, `-`, `+`, `=`, `1.`).
pub(crate) fn escape_line(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            if line.starts_with(['#', '-', '+', '=', '|']) {
                return format!("\\{line}");
            }
            let d = line.chars().take_while(char::is_ascii_digit).count();
            if (1..=9).contains(&d) && matches!(line.as_bytes().get(d), Some(b'.' | b')')) {
                return format!("{}\\{}", &line[..d], &line[d..]);
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_numbers() {
        assert_eq!(marker_level("一、总体要求"), Some(2));
        assert_eq!(marker_level("（三）加强领导"), Some(3));
        assert_eq!(marker_level("(十二)其他"), Some(3));
        assert_eq!(marker_level("1.健全机制"), Some(4));
        assert_eq!(marker_level("1.5亿元"), None);
        assert_eq!(marker_level("各县区"), None);
        assert_eq!(
            (cn_number(3), cn_number(12), cn_number(20), cn_number(21)),
            ("三".into(), "十二".into(), "二十".into(), "二十一".into())
        );
        assert_eq!((column_name(0), column_name(26)), ("A".into(), "AA".into()));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a*b_[c]<d>", false), "a\\*b\\_\\[c\\]\\<d\\>");
        assert_eq!(escape("a|b", true), "a\\|b");
        assert_eq!(escape_line("# x\n1. y\n- z\n正文"), "\\# x\n1\\. y\n\\- z\n正文");
    }
}
