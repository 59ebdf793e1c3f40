//! Lints on text that parses fine but is probably wrong: pinyin left over from converted web pages.

/// Vowels with tone marks: a parenthesis holding one of these after Chinese text is pinyin.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

/// Byte offsets and text of pinyin annotations such as `數(shù)量` or `會議(huì yì)`: Chinese
/// characters directly followed by a parenthesis of Latin letters holding a tone mark. Text
/// copied from converted web pages (ruby annotations flattened) carries these.
pub fn pinyin_annotations(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut prev_cjk = false;
    for (i, c) in text.char_indices() {
        if (c == '(' || c == '（') && prev_cjk {
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
        prev_cjk = crate::search::terms::is_cjk(c);
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
    fn ignores_ordinary_parentheses() {
        assert!(pinyin_annotations("附件(pdf)、文件（2025年）、英文(Beijing)、(shu)").is_empty());
    }
}
