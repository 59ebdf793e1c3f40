//! Traces of text pasted from a web page or Word: found here, counted by the lints, repaired by
//! `gongkai fix`. Pure functions on strings.

/// Characters that take no space and are invisible in an editor: zero-width space, joiners,
/// word joiner, and a byte-order mark anywhere but at the start of a file.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Sentence ends after which a line break in pasted text means a new paragraph.
fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['。', '！', '？', '；', '：', '…', '”', '」', '』', '）', '.', '!', '?', ';', ':'])
}

/// A line that is a heading of a 公文 written as text (`一、总体要求`, `（一）工作目标`, `第一章 总则`).
fn looks_like_heading(line: &str) -> bool {
    let t = line.trim();
    if t.chars().nth(30).is_some() {
        return false;
    }
    let numerals = "一二三四五六七八九十百零〇";
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if numerals.contains(c) => t.trim_start_matches(|c| numerals.contains(c)).starts_with('、'),
        Some('（' | '(') => {
            let rest: String = chars.collect();
            let inner = rest.trim_start_matches(|c| numerals.contains(c));
            inner.len() < rest.len() && inner.starts_with(['）', ')'])
        }
        Some('第') => t.contains('章') || t.contains('节') || t.contains('条'),
        _ => false,
    }
}

/// A line of running text: not blank, not Markdown structure (heading, list, quote, table,
/// footnote, image, HTML comment, thematic break).
fn is_prose(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
    if t.is_empty() {
        return false;
    }
    let structural = t.starts_with(['#', '>', '|', '<', '-', '*', '+', '=', '_'])
        || t.starts_with("![")
        || t.starts_with("[^")
        || t.starts_with("```")
        || numbered(t);
    !structural
}

/// `1. ` or `12) `: an ordered-list item (one to three digits). Only the first four bytes can
/// hold the `.` or `)`, so a long line of prose is not searched to its end.
fn numbered(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(at) = b.iter().take(4).position(|&c| c == b'.' || c == b')') else {
        return false;
    };
    at > 0 && b[..at].iter().all(u8::is_ascii_digit) && b.get(at + 1) == Some(&b' ')
}

/// Line numbers (0-based, in `body`) after which a blank line should be inserted because the
/// body's paragraphs are separated by single newlines. Every place where two lines of text
/// follow each other is a candidate; only when there are at least two and most of them come
/// after a line that ends a sentence (or is a heading written as text) is the body taken to be
/// pasted, and a break is placed after exactly those lines. Hard-wrapped prose, whose lines end
/// mid-sentence, is left alone.
pub fn single_newline_breaks(body: &str) -> Vec<usize> {
    let mut candidates = 0;
    let mut breaks = Vec::new();
    let mut fenced = false;
    // The line before, and whether it is prose: each line is classified once.
    let mut before: Option<(&str, bool)> = None;
    for (i, line) in body.lines().enumerate() {
        let prose = is_prose(line);
        if let Some((prev, prev_prose)) = before {
            if prev.trim_start().starts_with("```") {
                fenced = !fenced;
            }
            if !fenced && prev_prose && prose {
                candidates += 1;
                if ends_sentence(prev) || looks_like_heading(prev) {
                    breaks.push(i - 1);
                }
            }
        }
        before = Some((line, prose));
    }
    if candidates < 2 || breaks.len() * 10 < candidates * 6 {
        return Vec::new();
    }
    breaks
}

/// How many characters of each pasted kind a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub zero_width: usize,
    pub nbsp: usize,
    /// U+3000 at the start of a line (an indent typed in Word).
    pub ideographic_indent: usize,
    /// U+FFFD replacement characters and runs of three or more `?` inside Chinese text.
    pub mojibake: usize,
}

#[cfg(test)]
pub fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    let mut counter = Counter::default();
    for (i, ch) in text.char_indices() {
        counter.feed(&mut c, text, i, ch);
    }
    counter.finish(&mut c, text);
    c
}

/// [`count`] one character at a time, for a caller that walks the characters anyway (the lints
/// share one pass); a line is looked at again only when it holds a `?`.
#[derive(Default)]
pub(crate) struct Counter {
    line_start: usize,
    question: bool,
}

impl Counter {
    /// Count `ch`, found at byte `i` of `text`.
    #[inline]
    pub(crate) fn feed(&mut self, c: &mut Counts, text: &str, i: usize, ch: char) {
        match ch {
            '\n' => {
                if self.question {
                    c.mojibake += question_runs(&text[self.line_start..i]);
                }
                (self.line_start, self.question) = (i + 1, false);
            }
            '\u{3000}' if i == self.line_start => c.ideographic_indent += 1,
            '?' | '？' => self.question = true,
            '\u{a0}' => c.nbsp += 1,
            '\u{fffd}' => c.mojibake += 1,
            ch if is_zero_width(ch) => c.zero_width += 1,
            _ => {}
        }
    }

    /// The last line, after the last character.
    pub(crate) fn finish(&mut self, c: &mut Counts, text: &str) {
        if self.question {
            c.mojibake += question_runs(&text[self.line_start..]);
        }
    }
}

/// Runs of three or more `?`/`？` next to a Chinese character: what GBK text becomes when it
/// passes through a Latin-1 step.
fn question_runs(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '?' | '？') {
            let start = i;
            while i < chars.len() && matches!(chars[i], '?' | '？') {
                i += 1;
            }
            let cjk = |k: Option<&char>| k.is_some_and(|c| crate::search::terms::is_cjk(*c));
            if i - start >= 3 && (cjk(start.checked_sub(1).and_then(|k| chars.get(k))) || cjk(chars.get(i))) {
                n += 1;
            }
        } else {
            i += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_paragraphs_are_found_and_hard_wraps_are_not() {
        let pasted = "一、总体要求\n坚持问题导向，减少文件数量。\n严格控制篇幅，提高质量。\n（一）工作目标\n力争发文数量减少。\n";
        assert_eq!(single_newline_breaks(pasted), vec![0, 1, 2, 3]);
        let wrapped =
            "为进一步精简文件简报，切实改进文风会风，\n根据有关规定，结合本市实际，现就有关\n事项通知如下。\n";
        assert_eq!(single_newline_breaks(wrapped), Vec::<usize>::new());
        let markdown = "第一段。\n\n第二段。\n\n- 列表一。\n- 列表二。\n";
        assert_eq!(single_newline_breaks(markdown), Vec::<usize>::new());
    }

    #[test]
    fn counts_invisible_and_broken_characters() {
        let c = count("\u{3000}\u{3000}正文\u{200b}内容\u{a0}说明\n乱码???文字\u{fffd}\nWhat???\n");
        assert_eq!(c, Counts { zero_width: 1, nbsp: 1, ideographic_indent: 1, mojibake: 2 });
    }

    proptest::proptest! {
        #[test]
        fn numbered_agrees_with_the_definition(t in "[0-9a.) 。第]{0,8}") {
            let by_split = t.split_once(['.', ')']).is_some_and(|(n, rest)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
            });
            proptest::prop_assert_eq!(numbered(&t), by_split);
        }
    }

    /// The breaks as the pairwise definition gives them.
    fn breaks_by_pairs(body: &str) -> Vec<usize> {
        let lines: Vec<&str> = body.lines().collect();
        let (mut candidates, mut breaks, mut fenced) = (0, Vec::new(), false);
        for (i, pair) in lines.windows(2).enumerate() {
            if pair[0].trim_start().starts_with("```") {
                fenced = !fenced;
            }
            if fenced || !is_prose(pair[0]) || !is_prose(pair[1]) {
                continue;
            }
            candidates += 1;
            if ends_sentence(pair[0]) || looks_like_heading(pair[0]) {
                breaks.push(i);
            }
        }
        if candidates < 2 || breaks.len() * 10 < candidates * 6 {
            return Vec::new();
        }
        breaks
    }

    proptest::proptest! {
        #[test]
        fn one_pass_breaks_agree_with_the_definition(
            lines in proptest::collection::vec(
                proptest::sample::select(vec!["一、总体要求", "正文。", "正文", "```", "- 列表", "", "第二章 总则", "1. 第一", "12) 第二。", "1234. 年", "（一）目标"]),
                0..14)
        ) {
            let body = lines.join("\n");
            proptest::prop_assert_eq!(single_newline_breaks(&body), breaks_by_pairs(&body));
        }
    }

    /// The counts as the line-by-line definition gives them.
    fn count_by_lines(text: &str) -> Counts {
        let mut c = Counts::default();
        for line in text.lines() {
            c.ideographic_indent += line.chars().take_while(|ch| *ch == '\u{3000}').count().min(1);
            c.mojibake += question_runs(line);
        }
        for ch in text.chars() {
            match ch {
                '\u{a0}' => c.nbsp += 1,
                '\u{fffd}' => c.mojibake += 1,
                ch if is_zero_width(ch) => c.zero_width += 1,
                _ => {}
            }
        }
        c
    }

    proptest::proptest! {
        #[test]
        fn one_pass_counts_agree_with_the_definition(
            t in "([\u{3000}\u{a0}\u{fffd}\u{200b}\u{feff}?？\n\r 甲乙a1]{0,3}[^\\x00]{0,4}){0,30}"
        ) {
            proptest::prop_assert_eq!(count(&t), count_by_lines(&t));
        }
    }

    #[test]
    fn headings_written_as_text() {
        for h in ["一、总体要求", "（三）保障措施", "第二章 总则", "十二、附则"] {
            assert!(looks_like_heading(h), "{h}");
        }
        for t in ["一些说明", "（注）", "第三方评估机构负责"] {
            assert!(!looks_like_heading(t), "{t}");
        }
    }
}
