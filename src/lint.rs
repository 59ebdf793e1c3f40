//! Lints on text that parses fine but is probably wrong: pinyin left over from converted web
//! pages, and the other traces of pasting ([`pasted`]).

pub mod pasted;

use crate::diagnostics::{line_col, Diagnostic};
use crate::messages::render::{self as msg, Pasted};

/// Every lint on one entry's Markdown body: [`pasted_text`] and then [`traditional`], from one
/// pass over its characters.
pub fn body(path: &str, body_line: usize, body: &str, language: &str) -> Vec<Diagnostic> {
    let scan = Scan::of(body, simplified_site(language));
    let mut out = pasted_with(path, body_line, body, &scan.counts);
    out.extend(traditional_with(path, body_line, body, language, &scan));
    out
}

/// What one pass over a body's characters finds for the lints.
struct Scan {
    counts: pasted::Counts,
    /// CJK characters, and those the simplified table changes (with the first one's offset);
    /// counted only on a simplified-Chinese site.
    cjk: usize,
    traditional: usize,
    first: Option<usize>,
}

impl Scan {
    fn of(body: &str, script: bool) -> Scan {
        let mut scan = Scan { counts: pasted::Counts::default(), cjk: 0, traditional: 0, first: None };
        let mut counter = pasted::Counter::default();
        for (i, c) in body.char_indices() {
            counter.feed(&mut scan.counts, body, i, c);
            if script && crate::search::terms::is_cjk(c) {
                scan.cjk += 1;
                if crate::search::terms::simplified(c) != c {
                    scan.traditional += 1;
                    scan.first.get_or_insert(i);
                }
            }
        }
        counter.finish(&mut scan.counts, body);
        scan
    }
}

/// The pasting lints on one entry's Markdown body (`body_line`: the file line of its first
/// line): one warning per kind and file, with the count and where the first one is, so 238
/// pinyin annotations are one line, not 238. `gongkai fix` is named as the remedy.
#[cfg(test)]
pub fn pasted_text(path: &str, body_line: usize, body: &str) -> Vec<Diagnostic> {
    pasted_with(path, body_line, body, &pasted::count(body))
}

/// [`pasted_text`] with the body's pasted-character counts already taken.
fn pasted_with(path: &str, body_line: usize, body: &str, counts: &pasted::Counts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |offset: usize| {
        let (line, col) = line_col(body, offset);
        (body_line + line - 1, col)
    };
    let mut warn = |(line, col): (usize, usize), m: crate::messages::Msg| {
        out.push(Diagnostic::warning(path, line, col, m));
    };
    let pinyin = pinyin_annotations(body);
    if let Some((first, found)) = pinyin.first() {
        warn(at(*first), msg::pinyin(pinyin.len(), found));
    }
    let breaks = pasted::single_newline_breaks(body);
    if let Some(first) = breaks.first() {
        let offset = body.lines().take(first + 1).map(|l| l.len() + 1).sum::<usize>().saturating_sub(1);
        warn(at(offset), msg::single_newline_paragraphs(breaks.len() + 1));
    }
    // The first of each kind is searched for only when there is one (most bodies have none).
    type Find = fn(&str) -> Option<usize>;
    let invisible: [(usize, Pasted, Find); 3] = [
        (counts.zero_width, Pasted::ZeroWidth, |b| b.find(pasted::is_zero_width)),
        (counts.nbsp, Pasted::NoBreakSpace, |b| b.find('\u{a0}')),
        (counts.ideographic_indent, Pasted::FullWidthIndent, |b| b.find("\u{3000}")),
    ];
    for (n, what, find) in invisible {
        if let Some(first) = (n > 0).then(|| find(body)).flatten() {
            warn(at(first), msg::pasted_characters(n, what));
        }
    }
    if counts.mojibake > 0 {
        let first = body.find(['\u{fffd}', '?', '？']).unwrap_or(0);
        warn(at(first), msg::mojibake(counts.mojibake));
    }
    out
}

/// Information when a body on a simplified-Chinese site is written in traditional characters:
/// at least 10 characters that OpenCC's table maps to a different simplified one, and 8% or
/// more of the body's CJK characters (simplified text has almost none).
#[cfg(test)]
pub fn traditional(path: &str, body_line: usize, body: &str, language: &str) -> Option<Diagnostic> {
    traditional_with(path, body_line, body, language, &Scan::of(body, simplified_site(language)))
}

/// Whether the site is written in simplified Chinese (the traditional-script lint applies).
fn simplified_site(language: &str) -> bool {
    let lang = language.to_ascii_lowercase();
    lang.starts_with("zh") && !["tw", "hk", "mo", "hant"].iter().any(|t| lang.contains(t))
}

/// [`traditional`] from a [`Scan`] of the body.
fn traditional_with(path: &str, body_line: usize, body: &str, language: &str, scan: &Scan) -> Option<Diagnostic> {
    let (cjk, traditional) = (scan.cjk, scan.traditional);
    if !simplified_site(language) || traditional < 10 || traditional * 100 < cjk * 8 {
        return None;
    }
    let (line, col) = line_col(body, scan.first.unwrap_or(0));
    Some(Diagnostic::info(path, body_line + line - 1, col, msg::traditional_script(traditional, language)))
}

/// Vowels with tone marks: a parenthesis holding one of these after Chinese text is pinyin.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

/// Byte offsets and text of pinyin annotations such as `數(shù)量` or `會議(huì yì)`: Chinese
/// characters directly followed by a parenthesis of Latin letters holding a tone mark. Text
/// copied from converted web pages (ruby annotations flattened) carries these.
pub fn pinyin_annotations(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // Only the opening parentheses matter: find them with memchr (`（` is EF BC 88 in UTF-8)
    // instead of decoding every character.
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'(', 0xEF, bytes) {
        let c = match bytes[i] {
            b'(' => '(',
            _ if bytes[i + 1..].starts_with(&[0xBC, 0x88]) => '（',
            _ => continue,
        };
        let prev_cjk = text[..i].chars().next_back().is_some_and(crate::search::terms::is_cjk);
        if prev_cjk {
            let rest = &text[i + c.len_utf8()..];
            let close = rest.find([')', '）']);
            if let Some(end) = close.filter(|&e| e > 0 && e <= 40) {
                let inner = &rest[..end];
                let letters =
                    inner.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ' || ch == 'ü' || TONED.contains(ch));
                if letters && inner.chars().any(|ch| TONED.contains(ch)) {
                    let close_len = rest[end..].chars().next().map_or(1, char::len_utf8);
                    found.push((i, text[i..i + c.len_utf8() + end + close_len].to_string()));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pinyin_annotations() {
        let hits = pinyin_annotations("統計數(shù)量和會議(huì yì)安排");
        assert_eq!(hits.iter().map(|h| h.1.as_str()).collect::<Vec<_>>(), ["(shù)", "(huì yì)"]);
        assert_eq!(hits[0].0, "統計數".len());
    }

    #[test]
    fn one_warning_per_kind_with_its_count() {
        let body = "統計數(shù)量和會議(huì yì)安排。\n第二段。\n第三段\u{200b}。\n乱码???文字\n";
        let d = pasted_text("a.md", 8, body);
        let got: Vec<(&str, usize, usize)> = d.iter().map(|d| (d.code.as_str(), d.line, d.col)).collect();
        assert_eq!(
            got,
            [("pinyin", 8, 4), ("single-newline-paragraphs", 8, 24), ("pasted-characters", 10, 4), ("mojibake", 11, 3)]
        );
        assert!(d[0].message.en.starts_with("2 pinyin annotations"), "{:?}", d[0].message);
        assert!(d[1].message.en.starts_with("4 paragraphs"), "{:?}", d[1].message);
        assert!(d[0].message.zh.contains("2 处拼音注音"), "{:?}", d[0].message);
    }

    #[test]
    fn traditional_bodies_are_information_on_a_simplified_site() {
        let trad = "關於進一步優化營商環境的實施意見。各縣區人民政府，市政府各部門：為貫徹落實國務院決策部署，現將有關事項通知如下。";
        let simp = "关于进一步优化营商环境的实施意见。各县区人民政府，市政府各部门：为贯彻落实国务院决策部署，现将有关事项通知如下。";
        let d = traditional("a.md", 5, trad, "zh-CN").expect("traditional text");
        assert_eq!(
            (d.severity, d.code.as_str(), d.line, d.col),
            (crate::diagnostics::Severity::Info, "traditional-script", 5, 1)
        );
        assert_eq!(traditional("a.md", 5, simp, "zh-CN"), None);
        assert_eq!(traditional("a.md", 5, trad, "zh-TW"), None);
        assert_eq!(traditional("a.md", 5, trad, "en"), None);
    }

    /// The character-by-character definition the memchr search must agree with.
    fn pinyin_by_chars(text: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        let mut prev_cjk = false;
        for (i, c) in text.char_indices() {
            if (c == '(' || c == '（') && prev_cjk {
                let rest = &text[i + c.len_utf8()..];
                if let Some(end) = rest.find([')', '）']).filter(|&e| e > 0 && e <= 40) {
                    let inner = &rest[..end];
                    let letters =
                        inner.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ' || ch == 'ü' || TONED.contains(ch));
                    if letters && inner.chars().any(|ch| TONED.contains(ch)) {
                        let close_len = rest[end..].chars().next().map_or(1, char::len_utf8);
                        found.push((i, text[i..i + c.len_utf8() + end + close_len].to_string()));
                    }
                }
            }
            prev_cjk = crate::search::terms::is_cjk(c);
        }
        found
    }

    proptest::proptest! {
        #[test]
        fn pinyin_search_agrees_with_the_definition(
            t in "([(（)）數会議a ùǎ]{0,3}(shù|huì yì|abc|)[^\\x00]{0,2}){0,20}"
        ) {
            proptest::prop_assert_eq!(pinyin_annotations(&t), pinyin_by_chars(&t));
        }
    }

    #[test]
    fn one_scan_gives_what_the_two_lints_give() {
        let trad = "關於進一步優化營商環境的實施意見。各縣區人民政府，市政府各部門：為貫徹落實國務院決策部署。";
        for body in [trad, "統計數(shù)量\n\u{3000}缩进\u{a0}和???乱码\u{200b}\n第二段。\n第三段。\n", ""]
        {
            for lang in ["zh-CN", "zh-TW", "en"] {
                let mut both = pasted_text("a.md", 3, body);
                both.extend(traditional("a.md", 3, body, lang));
                assert_eq!(super::body("a.md", 3, body, lang), both, "{body:?} {lang}");
            }
        }
    }

    #[test]
    fn ignores_ordinary_parentheses() {
        assert!(pinyin_annotations("附件(pdf)、文件（2025年）、英文(Beijing)、(shu)").is_empty());
    }
}
