//! `gongkai fix`: safe, explainable repairs of text pasted from a web page or Word.
//!
//! Each repair is one that cannot change what an editor meant: invisible characters removed,
//! look-alike spaces made ordinary, pinyin ruby annotations (`導(dǎo)語`) dropped, 文号 brackets
//! made `〔〕`, the YAML slips of [`crate::content::slips`] corrected, and blank lines put between
//! paragraphs that were separated by single newlines (only where that is detected, see
//! [`crate::lint::pasted::single_newline_breaks`]). Pure: text in, text and counts out; the
//! command shows the result as a diff and writes it only with `--write`.

use crate::lint::pasted;

/// One kind of repair, with how it is described to the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Repair {
    Delimiter,
    FullWidthColon,
    IndentChars,
    DocNumber,
    ZeroWidth,
    Nbsp,
    IdeographicIndent,
    Pinyin,
    Paragraphs,
}

impl Repair {
    /// What this repair does, in both languages.
    pub fn text(self) -> crate::messages::Text {
        use crate::messages::commands as msg;
        match self {
            Repair::Delimiter => msg::repair_delimiter(),
            Repair::FullWidthColon => msg::repair_full_width_colon(),
            Repair::IndentChars => msg::repair_indent_chars(),
            Repair::DocNumber => msg::repair_doc_number(),
            Repair::ZeroWidth => msg::repair_zero_width(),
            Repair::Nbsp => msg::repair_nbsp(),
            Repair::IdeographicIndent => msg::repair_ideographic_indent(),
            Repair::Pinyin => msg::repair_pinyin(),
            Repair::Paragraphs => msg::repair_paragraphs(),
        }
    }
}

/// The repaired text and how many of each repair were made (none: the text is unchanged).
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub repairs: Vec<(Repair, usize)>,
}

struct Tally(Vec<(Repair, usize)>);

impl Tally {
    fn add(&mut self, r: Repair, n: usize) {
        if n == 0 {
            return;
        }
        match self.0.iter_mut().find(|(k, _)| *k == r) {
            Some((_, c)) => *c += n,
            None => self.0.push((r, n)),
        }
    }
}

/// Repair a whole content file (front matter and body).
pub fn repair(text: &str) -> Fixed {
    let mut tally = Tally(Vec::new());
    let had_bom = text.starts_with('\u{feff}');
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_divider = |l: &str| l.trim_end() == "---" || crate::content::slips::fancy_delimiter(l).is_some();
    let close = if lines.first().is_some_and(|l| is_divider(l)) {
        lines.iter().skip(1).position(|l| is_divider(l)).map(|p| p + 1)
    } else {
        None
    };
    let mut out = String::with_capacity(text.len());
    if had_bom {
        out.push('\u{feff}');
    }
    let body_start = match close {
        Some(close) => {
            for (i, line) in lines[..=close].iter().enumerate() {
                if i == 0 || i == close {
                    if line.trim_end() != "---" {
                        tally.add(Repair::Delimiter, 1);
                    }
                    out.push_str("---\n");
                } else {
                    out.push_str(&front_line(line, &mut tally));
                }
            }
            close + 1
        }
        None => 0,
    };
    let body: String = lines[body_start..].concat();
    out.push_str(&repair_body(&body, &mut tally));
    let mut repairs = tally.0;
    repairs.sort();
    Fixed { text: out, repairs }
}

/// One front-matter line: invisible characters, odd indentation, a full-width colon after the
/// key, 文号 brackets.
fn front_line(line: &str, tally: &mut Tally) -> String {
    let zero = line.chars().filter(|c| pasted::is_zero_width(*c)).count();
    tally.add(Repair::ZeroWidth, zero);
    let line: String = line.chars().filter(|c| !pasted::is_zero_width(*c)).collect();
    let indent_len = line.find(|c: char| !matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}')).unwrap_or(line.len());
    let (indent, rest) = line.split_at(indent_len);
    let mut fixed_indent = String::new();
    for c in indent.chars() {
        fixed_indent.push_str(match c {
            '\t' | '\u{3000}' => "  ",
            _ => " ",
        });
    }
    if fixed_indent != indent {
        tally.add(Repair::IndentChars, 1);
    }
    let nbsp = rest.matches('\u{a0}').count();
    tally.add(Repair::Nbsp, nbsp);
    let mut rest = rest.replace('\u{a0}', " ");
    if !rest.starts_with("- ") {
        let key_len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(0);
        if key_len > 0 && rest[key_len..].starts_with('：') {
            let value = rest[key_len + '：'.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
            rest = format!("{}: {value}", &rest[..key_len]);
            tally.add(Repair::FullWidthColon, 1);
        }
    }
    if let Some(value) = rest.strip_prefix("doc_number:") {
        let v = value.trim().trim_matches(['"', '\'']);
        if let Some(norm) = crate::content::docnum::normalise(v).filter(|n| n != v) {
            rest = format!("doc_number: {norm}\n");
            tally.add(Repair::DocNumber, 1);
        }
    }
    fixed_indent + &rest
}

/// The body: invisible characters, no-break spaces, U+3000 indents, pinyin, paragraph breaks.
fn repair_body(body: &str, tally: &mut Tally) -> String {
    let pinyin = crate::lint::pinyin_annotations(body);
    tally.add(Repair::Pinyin, pinyin.len());
    let mut text = String::with_capacity(body.len());
    let mut last = 0;
    for (at, found) in &pinyin {
        text.push_str(&body[last..*at]);
        last = at + found.len();
    }
    text.push_str(&body[last..]);
    let zero = text.chars().filter(|c| pasted::is_zero_width(*c)).count();
    tally.add(Repair::ZeroWidth, zero);
    let text: String = text.chars().filter(|c| !pasted::is_zero_width(*c)).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            lines.push(line.to_string());
            continue;
        }
        let indent = line.chars().take_while(|c| matches!(c, '\u{3000}' | '\u{a0}' | ' ')).collect::<String>();
        let mut rest = &line[indent.len()..];
        let mut kept_indent = indent.as_str();
        if indent.contains(['\u{3000}', '\u{a0}']) {
            if indent.contains('\u{3000}') {
                tally.add(Repair::IdeographicIndent, 1);
            }
            kept_indent = "";
            rest = rest.trim_start();
        }
        let nbsp = rest.matches('\u{a0}').count() + indent.matches('\u{a0}').count();
        tally.add(Repair::Nbsp, nbsp);
        lines.push(format!("{kept_indent}{}", rest.replace('\u{a0}', " ")));
    }
    let breaks = pasted::single_newline_breaks(&lines.join("\n"));
    tally.add(Repair::Paragraphs, breaks.len());
    let mut out = String::with_capacity(text.len() + breaks.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if breaks.binary_search(&i).is_ok() {
            out.push('\n');
        }
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scraped_page_is_repaired() {
        let text = "———\ntitle：关于精简会议的通知\ndoc_number: 云政发[2024]3号\napproval:\n\tstatus: pending\n———\n\
                    \u{3000}\u{3000}各县（市、区）人民政府：\n\u{3000}\u{3000}為進一步精簡會議(huì yì)，\u{200b}現通知如下。\n\
                    \u{a0}## 一、总体要求\n\u{3000}\u{3000}坚持问题导向。\n严格控制篇幅。\n";
        let fixed = repair(text);
        assert_eq!(
            fixed.text,
            "---\ntitle: 关于精简会议的通知\ndoc_number: 云政发〔2024〕3号\napproval:\n  status: pending\n---\n\
             各县（市、区）人民政府：\n\n為進一步精簡會議，現通知如下。\n## 一、总体要求\n坚持问题导向。\n\n严格控制篇幅。\n"
        );
        let kinds: Vec<Repair> = fixed.repairs.iter().map(|r| r.0).collect();
        assert_eq!(
            kinds,
            [
                Repair::Delimiter,
                Repair::FullWidthColon,
                Repair::IndentChars,
                Repair::DocNumber,
                Repair::ZeroWidth,
                Repair::Nbsp,
                Repair::IdeographicIndent,
                Repair::Pinyin,
                Repair::Paragraphs
            ]
        );
    }

    #[test]
    fn clean_text_is_left_exactly_as_it_is() {
        let text = "---\ntitle: 通知\ndoc_number: 云政发〔2024〕3号\n---\n第一段。\n\n第二段，\n硬换行的同一段。\n\n```\n\u{3000}代码\n```\n";
        let fixed = repair(text);
        assert_eq!(fixed.text, text);
        assert!(fixed.repairs.is_empty());
    }
}
