//! Plain text extraction and `count_length`.

use super::md;
use crate::markdown::count_length;

#[test]
fn count_length_counts_ideographs_and_words() {
    let cases = [
        ("", 0),
        ("关于2024年工作的通知", 9),
        ("Hello, world!", 2),
        ("，。！？、；：“”《》（）……——", 0),
        ("  \n\t　", 0),
        ("COVID-19疫情", 3),
        ("增长3.5%，达1,000万元", 7),
        ("don't stop", 2),
        ("ＡＢＣ１２３和abc", 3),
        ("第1、2条", 4),
        ("〇一二三々", 5),
        ("カタカナ와한글", 7),
        ("e.g. x", 3),
        ("a--b", 2),
        ("3.", 1),
    ];
    for (text, n) in cases {
        assert_eq!(count_length(text), n, "{text:?}");
    }
}

/// The definition `count_length` had before its ideograph fast path (issue 18).
fn count_length_reference(text: &str) -> usize {
    use crate::markdown::chars::{is_alphanumeric, is_cjk_letter};
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut iter = text.chars().peekable();
    while let Some(c) = iter.next() {
        let word = |c: char| is_alphanumeric(c) && !is_cjk_letter(c);
        if is_cjk_letter(c) {
            count += 1;
            prev = None;
        } else if word(c) {
            if prev.is_none() {
                count += 1;
            }
            prev = Some(c);
        } else if let (Some(p), Some(&n)) = (prev, iter.peek()) {
            let joins = match c {
                '.' | ',' => p.is_numeric() && n.is_numeric(),
                '-' | '_' | '\'' | '’' => word(n),
                _ => false,
            };
            if !joins {
                prev = None;
            }
        } else {
            prev = None;
        }
    }
    count
}

#[test]
fn count_length_agrees_with_its_reference() {
    // Every char next to ideographs, letters, digits and joiners, one at a time.
    let probes = ["", "a", "1", "中", "-", "’", "〇"];
    let specials = ['\u{4DFF}', '\u{4E00}', '\u{4FFF}', '\u{5000}', '\u{9FFF}', '\u{A000}', '\u{3007}', '\u{FF10}'];
    let all = (0..0x3_0000).step_by(13).filter_map(char::from_u32).chain(specials);
    for c in all {
        for before in probes {
            for after in probes {
                let text = format!("{before}{c}{after}x{c}.{c}");
                assert_eq!(count_length(&text), count_length_reference(&text), "{text:?}");
            }
        }
    }
    let body = "关于2024年工作的通知：COVID-19疫情期间，增长3.5%，达1,000万元。don't ＡＢＣ１２３和abc 〇一二三々 e.g. a--b 3.";
    assert_eq!(count_length(body), count_length_reference(body));
}

#[test]
fn text_is_plain_and_counts_like_the_page() {
    let r = md(
        "# 通知\n\n**注意：**请于`5月1日`前报送[材料](https://a.cn)。\n\n- 一\n- 二\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n![图](i.png)<b>x</b>",
    );
    assert_eq!(r.text, "通知\n注意：请于5月1日前报送材料。\n一\n二\n甲 乙\n1 2\n<b>x</b>");
    assert_eq!(count_length(&r.text), 2 + 9 + 4 + 2 + 2 + 2 + 3);
}

#[test]
fn text_of_empty_input_is_empty() {
    let r = md("");
    assert_eq!(r.html, "");
    assert_eq!(r.text, "");
    assert!(r.headings.is_empty() && r.links.is_empty() && r.problems.is_empty());
}
