//! Character classes used by emphasis flanking, heading ids and length
//! counting.
//!
//! The crate has no Unicode-data dependency, so these are compact range
//! tables. They follow the definitions they are named after closely enough
//! for prose (Chinese, Japanese, Korean, Latin); exotic scripts may be
//! classified approximately, which only ever affects whether an emphasis
//! delimiter pairs, never safety.

/// CommonMark "Unicode whitespace" (plus the other `White_Space` characters,
/// which CommonMark leaves to the Zs category; the difference is immaterial).
pub(crate) fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// CommonMark 0.31 "Unicode punctuation character": general category P or S.
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let u = c as u32;
    matches!(
        u,
        0xA1..=0xA9
            | 0xAB..=0xB1
            | 0xB4
            | 0xB6..=0xB8
            | 0xBB
            | 0xBF
            | 0xD7
            | 0xF7
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x207A..=0x207E
            | 0x208A..=0x208E
            | 0x20A0..=0x20C0
            // Letterlike symbols that are symbols, not letters: ℃ ℉ № ™ ...
            | 0x2100..=0x2101
            | 0x2103..=0x2106
            | 0x2108..=0x2109
            | 0x2114
            | 0x2116..=0x2118
            | 0x211E..=0x2123
            | 0x2125
            | 0x2127
            | 0x2129
            | 0x212E
            | 0x213A..=0x213B
            | 0x2140..=0x2144
            | 0x214A..=0x214D
            | 0x214F
            | 0x218A..=0x218B
            // Arrows to dingbats, without the numbers among them: circled and
            // parenthesised numbers ①–⒛ ⑴–⒇ ⒈–⒛ (2460–249B) and ⓪–⓿ (24EA–24FF)
            // are numbers (No), as are the dingbat circled numbers ❶–➓.
            | 0x2190..=0x245F
            | 0x249C..=0x24E9
            | 0x2500..=0x2775
            | 0x2794..=0x2BFF
            | 0x2E00..=0x2E7F
            | 0x3001..=0x3004
            | 0x3008..=0x3020
            | 0x3030
            | 0x3036..=0x3037
            | 0x303D..=0x303F
            | 0x30A0
            | 0x30FB
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6B
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0xFFE0..=0xFFEE
            // Outside the BMP: the symbol and punctuation blocks met in text.
            | 0x10100..=0x10102
            | 0x1D000..=0x1D0F5
            | 0x1D100..=0x1D126
            | 0x1D129..=0x1D1EA
            | 0x1D200..=0x1D245
            | 0x1D300..=0x1D356
            | 0x1D6C1
            | 0x1D6DB
            | 0x1D6FB
            | 0x1D715
            | 0x1D735
            | 0x1D74F
            | 0x1D76F
            | 0x1D789
            | 0x1D7A9
            | 0x1D7C3
            | 0x1EEF0..=0x1EEF1
            | 0x1F000..=0x1F0FF
            | 0x1F10D..=0x1F1AD
            | 0x1F1E6..=0x1F1FF
            | 0x1F200..=0x1F2FF
            | 0x1F300..=0x1FAFF
            | 0x1FB00..=0x1FBEF
    )
}

/// "CJK character" of the CommonMark CJK-friendly amendments: East Asian
/// Width W, F or H (not emoji), or Hangul. Includes CJK punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    let u = c as u32;
    matches!(
        u,
        0x1100..=0x11FF
            | 0x2E80..=0x2FFF
            | 0x3000..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFE10..=0xFE19
            | 0xFE30..=0xFE6F
            | 0xFF00..=0xFFEE
            | 0x16FE0..=0x18CFF
            | 0x1AFF0..=0x1B2FF
            | 0x20000..=0x2FFFD
            | 0x30000..=0x3FFFD
    ) || is_ivs(c)
}

/// Ideographic variation selector (U+E0100–U+E01EF); counts as CJK.
fn is_ivs(c: char) -> bool {
    matches!(c as u32, 0xE0100..=0xE01EF)
}

/// Standard (non-emoji) variation selector U+FE00–U+FE0E: transparent for
/// flanking, the character before it decides.
pub(crate) fn is_text_vs(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0E)
}

/// A CJK character that is a letter of its own: Han ideographs (including
/// 〇 and 々), kana and Hangul. Each counts 1 towards a 公文 length and is
/// kept as-is in heading ids. Fullwidth Latin letters and digits are *not*
/// included: they form words and numbers like their ASCII forms.
pub(crate) fn is_cjk_letter(c: char) -> bool {
    let u = c as u32;
    // The common case first: the CJK Unified Ideographs block.
    if (0x4E00..=0x9FFF).contains(&u) {
        return true;
    }
    matches!(
        u,
        0x1100..=0x11FF
            | 0x2E80..=0x2FDF
            | 0x3005..=0x3007
            | 0x3021..=0x3029
            | 0x3031..=0x3035
            | 0x3038..=0x303C
            | 0x3041..=0x309F
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF
            | 0x3105..=0x318F
            | 0x31A0..=0x31BF
            | 0x31F0..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0xFFA0..=0xFFDC
            | 0x16FE0..=0x18CFF
            | 0x1AFF0..=0x1B2FF
            | 0x20000..=0x2FFFD
            | 0x30000..=0x3FFFD
    )
}

/// `char::is_alphanumeric`, answered without the Unicode tables for ASCII, the ideographs and
/// the punctuation of Chinese text (general punctuation, CJK symbols, full-width forms), which
/// are most of what a body holds. `tests::alphanumeric_agrees_with_std` checks every character.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x4E00..=0x9FFF => true,
        0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 => false,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn alphanumeric_agrees_with_std() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
