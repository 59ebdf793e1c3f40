//! The 落款 (signature) convention shared by `gongkai import` and the theme: a body's last
//! paragraph whose last line is a Chinese date (`2025年3月5日`, `二〇二五年三月五日`) is the
//! 发文机关署名 + 成文日期 block, rendered `<p class="signature">` and right-aligned by the
//! theme; a first paragraph ending in `：` is the 主送机关 line, rendered
//! `<p class="addressee">` (flush left, no indent). The classes are set here, in the renderer,
//! never by HTML in the Markdown (which the raw-HTML policy forbids).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A date written `2025年3月5日` (Arabic, full-width or Chinese numerals, spaces allowed).
pub fn parse_cn_date(s: &str) -> Option<(i16, i8, i8)> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日').or_else(|| rest.strip_suffix('号'))?;
    let year = digits(y).filter(|_| y.chars().count() == 4)?;
    let (month, day) = (small(m)?, small(d)?);
    let ok = (1900..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then_some((year as i16, month as i8, day as i8))
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' | 'Ｏ' | 'O' => Some(0),
        _ => "一二三四五六七八九".chars().position(|x| x == c).map(|i| i as u32 + 1),
    }
}

/// Digit by digit (`2025`, `二〇二五`).
fn digits(s: &str) -> Option<u32> {
    s.chars().try_fold(0u32, |n, c| Some(n.checked_mul(10)? + digit(c)?)).filter(|_| !s.is_empty())
}

/// A month or day: `3`, `03`, `三`, `十`, `十二`, `二十一`, `三十`.
fn small(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 3 {
        return None;
    }
    if !s.contains('十') {
        return digits(s);
    }
    let (tens, ones) = s.split_once('十')?;
    let tens = if tens.is_empty() { 1 } else { digits(tens)? };
    let ones = if ones.is_empty() { 0 } else { digits(ones)? };
    Some(tens * 10 + ones)
}

/// Mark the body's first paragraph (主送机关, ending in `：`) and last paragraph (落款, last
/// line a date). `events` are the body's own events (footnote definitions live apart).
pub(crate) fn mark(events: &mut [Event<'_>]) {
    let blocks = top_level_blocks(events);
    if let Some(&(start, end)) = blocks.last() {
        if is_paragraph(events, start) && last_line(&events[start..end]).is_some_and(|l| parse_cn_date(&l).is_some()) {
            set_class(events, start, end, "signature");
        }
    }
    if let Some(&(start, end)) = blocks.first() {
        let text = last_line(&events[start..end]).unwrap_or_default();
        if is_paragraph(events, start) && blocks.len() > 1 && (text.ends_with('：') || text.ends_with(':')) {
            let whole = plain(&events[start..end]);
            if whole.chars().count() <= 80 && !whole.contains('\n') {
                set_class(events, start, end, "addressee");
            }
        }
    }
}

/// (start, end) indices of each top-level block's Start and End events.
fn top_level_blocks(events: &[Event<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push((start, i));
                }
            }
            Event::Html(_) | Event::Rule if depth == 0 => out.push((i, i)),
            _ => {}
        }
    }
    out
}

fn is_paragraph(events: &[Event<'_>], start: usize) -> bool {
    matches!(events.get(start), Some(Event::Start(Tag::Paragraph)))
}

fn plain(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push('\n'),
            _ => {}
        }
    }
    s
}

fn last_line(events: &[Event<'_>]) -> Option<String> {
    plain(events).lines().last().map(|l| l.trim().to_string())
}

fn set_class(events: &mut [Event<'_>], start: usize, end: usize, class: &str) {
    if let (Some(Event::Start(Tag::Paragraph)), Some(Event::End(TagEnd::Paragraph))) =
        (events.get(start), events.get(end))
    {
        events[start] = Event::Html(CowStr::from(format!("<p class=\"{class}\">")));
        // The 落款's lines are lines: 署名 above 成文日期 even when written without `\`.
        for e in &mut events[start..end] {
            if matches!(e, Event::SoftBreak) {
                *e = Event::HardBreak;
            }
        }
        events[end] = Event::Html(CowStr::from("</p>\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        assert_eq!(parse_cn_date("2025年3月5日"), Some((2025, 3, 5)));
        assert_eq!(parse_cn_date(" 2025 年 03 月 05 日 "), Some((2025, 3, 5)));
        assert_eq!(parse_cn_date("二〇二五年三月五日"), Some((2025, 3, 5)));
        assert_eq!(parse_cn_date("二〇二五年十二月三十一日"), Some((2025, 12, 31)));
        assert_eq!(parse_cn_date("二○二四年十月二十日"), Some((2024, 10, 20)));
        assert_eq!(parse_cn_date("２０２５年１月９日"), Some((2025, 1, 9)));
        for bad in ["2025年13月1日", "2025年3月", "25年3月5日", "关于2025年3月5日的通知", "2025年3月5日印发"]
        {
            assert_eq!(parse_cn_date(bad), None, "{bad}");
        }
    }
}
