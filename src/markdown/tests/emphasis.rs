//! Requirement 2: Chinese emphasis, without breaking code, escapes, URLs or
//! Latin emphasis.

use super::{html, inline};

#[track_caller]
fn renders(src: &str, expected: &str) {
    assert_eq!(inline(src), expected, "for {src:?}");
}

#[test]
fn strong_before_cjk_punctuation() {
    renders("**注意：**正文", "<strong>注意：</strong>正文");
}

#[test]
fn emphasis_before_cjk_punctuation() {
    renders("*强调：*内容", "<em>强调：</em>内容");
}

#[test]
fn strong_around_book_title_marks() {
    renders("**《条例》**规定", "<strong>《条例》</strong>规定");
}

#[test]
fn strong_around_curly_quotes_inside_words() {
    renders("正文**“引号”**正文", "正文<strong>“引号”</strong>正文");
}

#[test]
fn strong_inside_fullwidth_parentheses() {
    renders("（**括号**）", "（<strong>括号</strong>）");
}

#[test]
fn underscore_strong_before_cjk_punctuation() {
    renders("__下划线：__文字", "<strong>下划线：</strong>文字");
    renders("文字__下划线：__文字", "文字<strong>下划线：</strong>文字");
}

#[test]
fn several_in_one_paragraph_pair_in_order() {
    // Plain CommonMark nests these wrongly: 注意：<strong>正文</strong>重要.
    renders("**注意：**正文**重要**内容", "<strong>注意：</strong>正文<strong>重要</strong>内容");
    renders(
        "**（一）工作目标。**到2025年……**（二）基本原则。**坚持……",
        "<strong>（一）工作目标。</strong>到2025年……<strong>（二）基本原则。</strong>坚持……",
    );
}

#[test]
fn mixed_with_latin_and_digits() {
    renders("**第1条：**Markdown正文", "<strong>第1条：</strong>Markdown正文");
    renders("请于**2024年5月1日前**报送", "请于<strong>2024年5月1日前</strong>报送");
    renders("***重点：***内容", "<em><strong>重点：</strong></em>内容");
}

#[test]
fn works_in_headings_cells_items_and_quotes() {
    assert!(html("## **注意：**标题").contains("<strong>注意：</strong>标题</h2>"));
    let table = html("| 列 |\n|---|\n| **注意：**值 |");
    assert!(table.contains("<td><strong>注意：</strong>值</td>"), "{table}");
    assert!(html("- **注意：**项目").contains("<li><strong>注意：</strong>项目</li>"));
    assert!(
        html("> **注意：**引用\n> **提示：**续行").contains("<strong>注意：</strong>引用\n<strong>提示：</strong>续行")
    );
    assert!(html("~~**注意：**删除~~").contains("<del><strong>注意：</strong>删除</del>"));
}

#[test]
fn code_spans_and_blocks_stay_literal() {
    renders("`**注意：**`正文", "<code>**注意：**</code>正文");
    assert_eq!(html("```\n**注意：**正文\n```\n"), "<pre><code>**注意：**正文\n</code></pre>\n");
    assert_eq!(html("    **注意：**正文\n"), "<pre><code>**注意：**正文\n</code></pre>\n");
}

#[test]
fn escaped_delimiters_stay_literal() {
    renders("\\*\\*注意：\\*\\*正文", "**注意：**正文");
    // `*注意：**` cannot pair: CommonMark's rule of three (1 + 2).
    renders("\\**注意：**正文", "**注意：**正文");
    renders("&#42;&#42;注意：&#42;&#42;正文", "**注意：**正文");
    // An escaped backslash does not escape the delimiter after it.
    renders("\\\\**注意：**正文", "\\<strong>注意：</strong>正文");
}

#[test]
fn urls_are_untouched() {
    renders(
        "[链接](https://x.gov.cn/**a**/_b_ \"**题：**名\")",
        "<a href=\"https://x.gov.cn/**a**/_b_\" title=\"**题：**名\" rel=\"noopener noreferrer\">链接</a>",
    );
    renders(
        "<https://x.gov.cn/*注意：*正文>",
        "<a href=\"https://x.gov.cn/*%E6%B3%A8%E6%84%8F%EF%BC%9A*%E6%AD%A3%E6%96%87\" rel=\"noopener noreferrer\">https://x.gov.cn/*注意：*正文</a>",
    );
    renders("见 https://x.gov.cn/a_b_c_d 页面", "见 https://x.gov.cn/a_b_c_d 页面");
}

#[test]
fn latin_emphasis_is_commonmark() {
    renders(
        "*a* **b** _c_ __d__ ***e*** foo**bar**baz",
        "<em>a</em> <strong>b</strong> <em>c</em> <strong>d</strong> <em><strong>e</strong></em> foo<strong>bar</strong>baz",
    );
    renders("snake_case_name and __init__", "snake_case_name and <strong>init</strong>");
    renders("a * b * c", "a * b * c");
    renders("**bold:**text", "**bold:**text");
}

#[test]
fn never_pairs_across_links() {
    renders(
        "**注意 [链接** 文字](https://a.cn)",
        "**注意 <a href=\"https://a.cn\" rel=\"noopener noreferrer\">链接** 文字</a>",
    );
}

#[test]
fn inline_html_is_not_a_delimiter_boundary_trick() {
    renders("<b>**注意：**</b>正文", "&lt;b&gt;<strong>注意：</strong>&lt;/b&gt;正文");
}

#[test]
fn image_alt_text() {
    renders("![**注意：**图一](a.png)", "<img src=\"/files/a.png\" alt=\"注意：图一\" />");
}

#[test]
fn unmatched_stays_literal() {
    renders("**注意：正文", "**注意：正文");
    renders("注意：**正文", "注意：**正文");
}

#[test]
fn no_pairing_across_a_thematic_break_in_a_list_item() {
    assert_eq!(html("- *a\n  ___\n  b*\n"), "<ul>\n<li>*a\n<hr />\nb*</li>\n</ul>\n");
    assert_eq!(html("- **注意\n  ***\n  正文**\n"), "<ul>\n<li>**注意\n<hr />\n正文**</li>\n</ul>\n");
}

#[test]
fn full_width_quotes_by_variation_selector() {
    renders("**“\u{FE01}Git”\u{FE01}**Hub", "<strong>“\u{FE01}Git”\u{FE01}</strong>Hub");
}

#[test]
fn symbols_outside_the_bmp_are_punctuation() {
    renders("a**a𝜵**a", "a**a𝜵**a");
    renders("a**😀**b", "a**😀**b");
}

#[test]
fn circled_numbers_are_not_punctuation_but_unit_signs_are() {
    renders("**措施①**2024年底前完成", "<strong>措施①</strong>2024年底前完成");
    renders("**第⑴项**完成", "<strong>第⑴项</strong>完成");
    renders("a**b℃**c", "a**b℃**c");
    renders("a**b™**c", "a**b™**c");
    renders("温度**38℃**以上", "温度<strong>38℃</strong>以上");
}
