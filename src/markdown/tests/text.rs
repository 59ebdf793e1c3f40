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
