//! Requirements 1, 3, 8 and 10: extensions, heading ids, footnotes, tables.

use super::{check_html, html, md};
use crate::markdown::{heading_id, Heading, Severity};

#[test]
fn extensions_are_on() {
    assert!(html("~~删除~~").contains("<del>删除</del>"));
    assert!(html("| a |\n|---|\n| b |").contains("<td>b</td>"));
    assert!(html("正文[^1]\n\n[^1]: 注释").contains("footnote-ref"));
    // Not enabled: task lists, smart punctuation, math.
    assert_eq!(html("- [ ] 待办"), "<ul>\n<li>[ ] 待办</li>\n</ul>\n");
    assert_eq!(html("\"引\" -- $x$"), "<p>\"引\" -- $x$</p>\n");
}

#[test]
fn heading_id_scheme() {
    assert_eq!(heading_id("一、总体要求"), "一总体要求");
    assert_eq!(heading_id("（一）工作目标"), "一工作目标");
    assert_eq!(heading_id("1.2 Scope of Work"), "12-scope-of-work");
    assert_eq!(heading_id("第三章 Data安全"), "第三章-data安全");
    assert_eq!(heading_id("  Hello,   World!  "), "hello-world");
    assert_eq!(heading_id("a_b-c — d"), "a-b-c-d");
    assert_eq!(heading_id("《条例》解读"), "条例解读");
    assert_eq!(heading_id("ＡＢＣ１２３"), "ａｂｃ１２３");
    assert_eq!(heading_id(""), "section");
    assert_eq!(heading_id("……！"), "section");
    assert_eq!(heading_id("FN 1"), "section-fn-1");
    assert_eq!(heading_id("fnref-2"), "section-fnref-2");
    assert_eq!(heading_id(&"长".repeat(200)).chars().count(), 80);
}

#[test]
fn headings_render_with_ids_and_are_listed() {
    let r = md(
        "# 关于印发《要点》的通知\n\n## 一、总体要求\n\n### （一）**工作目标**\n\n## `code` 与[链接](https://a.cn)\n",
    );
    assert_eq!(
        r.headings,
        [
            Heading {
                level: 1, id: "关于印发要点的通知".into(), text: "关于印发《要点》的通知".into()
            },
            Heading { level: 2, id: "一总体要求".into(), text: "一、总体要求".into() },
            Heading { level: 3, id: "一工作目标".into(), text: "（一）工作目标".into() },
            Heading { level: 2, id: "code-与链接".into(), text: "code 与链接".into() },
        ]
    );
    assert!(r.html.contains("<h2 id=\"一总体要求\">一、总体要求</h2>"));
    assert!(r.html.contains("<h3 id=\"一工作目标\">（一）<strong>工作目标</strong></h3>"));
}

#[test]
fn duplicate_and_empty_headings_get_unique_ids() {
    let r = md("## 说明\n\n## 说明\n\n## 说明\n\n## 说明-2\n\n##\n\n## ！！\n\n## FN 1\n\nSetext\n===\n");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["说明", "说明-2", "说明-3", "说明-2-2", "section", "section-2", "section-fn-1", "setext"]);
    assert!(r.html.contains("<h2 id=\"section\"></h2>"));
}

#[test]
fn ids_are_stable_across_renders() {
    let src = "## 一、总体要求\n\n## 一、总体要求\n\n正文[^a]\n\n[^a]: 注";
    assert_eq!(md(src), md(src));
}

#[test]
fn footnotes_have_back_references() {
    let r = md("正文[^a]，再引[^b]，重引[^a]。\n\n[^b]: 第二条。\n[^a]: 第一条*注*。\n");
    assert_eq!(
        r.html,
        "<p>正文<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>，\
         再引<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\">2</a></sup>，\
         重引<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" role=\"doc-noteref\">1</a></sup>。</p>\n\
         <section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n\
         <li id=\"fn-1\">\n<p>第一条<em>注</em>。 \
         <a href=\"#fnref-1\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"返回引用处 1\">↩\u{FE0E}</a> \
         <a href=\"#fnref-1-2\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"返回引用处 1\">↩\u{FE0E}<sup>2</sup></a></p>\n</li>\n\
         <li id=\"fn-2\">\n<p>第二条。 \
         <a href=\"#fnref-2\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"返回引用处 2\">↩\u{FE0E}</a></p>\n</li>\n\
         </ol>\n</section>\n"
    );
    assert!(r.problems.is_empty());
    assert_eq!(r.text, "正文，再引，重引。\n第一条注。\n第二条。");
    assert!(check_html(&r.html).is_ok());
}

#[test]
fn footnote_ids_never_collide_with_headings() {
    let r = md("## fn 1\n\n## fnref 1\n\n正文[^1]\n\n[^1]: 注");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["section-fn-1", "section-fnref-1"]);
    assert!(r.html.contains("id=\"fn-1\"") && r.html.contains("id=\"fnref-1\""));
}

#[test]
fn footnote_oddities_are_reported() {
    let r = md("引[^A]，未定义[^none]。\n\n[^a]: 一\n[^a]: 重复\n[^c]: 未引用\n");
    assert!(r.html.contains("未定义[^none]"));
    assert!(r.html.contains("<li id=\"fn-1\">\n<p>一 <a"));
    assert!(!r.html.contains("重复"));
    assert!(r.html.contains("<li id=\"fn-2\">\n<p>未引用</p>\n</li>"));
    let messages: Vec<&str> = r.problems.iter().map(|p| p.message.en.as_str()).collect();
    assert_eq!(
        messages,
        ["footnote [^a] is defined twice; this definition is ignored", "footnote [^c] is defined but never referenced",]
    );
    assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
}

#[test]
fn tables_are_wrapped_in_a_scroll_region() {
    let out = html("| 事项 | 时限 |\n|:---|---:|\n| 审批 | 5 |\n");
    assert_eq!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">\n\
         <table><thead><tr><th class=\"al-left\">事项</th><th class=\"al-right\">时限</th></tr></thead><tbody>\n\
         <tr><td class=\"al-left\">审批</td><td class=\"al-right\">5</td></tr>\n\
         </tbody></table>\n</div>\n"
    );
    assert!(check_html(&out).is_ok());
    let nested = html("> - | a |\n>   |---|\n>   | b |");
    assert!(check_html(&nested).is_ok(), "{nested}");
    assert!(nested.contains("<li><div class=\"table-wrap\""));
}

#[test]
fn table_alignment_is_a_class_not_an_inline_style() {
    let out = html("| 地区 | 增速 | 说明 |\n|:---|---:|:---:|\n| 甲县 | 5.1 | 好 |\n");
    assert!(!out.contains("style="), "{out}");
    assert!(out.contains("<th class=\"al-left\">地区</th>"), "{out}");
    assert!(out.contains("<td class=\"al-right\">5.1</td>"), "{out}");
    assert!(out.contains("<td class=\"al-center\">好</td>"), "{out}");
    // Text that looks like the attribute stays text.
    let out = html("`<td style=\"text-align: left\">` 与 <td style=\"text-align: left\">\n");
    assert!(!out.contains("class=\"al-left\""), "{out}");
}

#[test]
fn signature_and_addressee_paragraphs_get_their_classes() {
    let out = html("各县（市、区）人民政府：\n\n正文。\n\n云州市人民政府办公室\\\n2025年3月5日\n");
    assert!(out.starts_with("<p class=\"addressee\">各县（市、区）人民政府：</p>"), "{out}");
    assert!(out.contains("<p class=\"signature\">云州市人民政府办公室<br />\n2025年3月5日</p>"), "{out}");
    let cn = html("正文。\n\n云州市人民政府\n二〇二五年三月五日\n\n[^1]: 注。\n");
    assert!(
        cn.contains("<p class=\"signature\">云州市人民政府<br />\n二〇二五年三月五日</p>"),
        "soft breaks become line breaks: {cn}"
    );
    // Not the last block, or no date: no class.
    for plain in ["2025年3月5日\n\n正文。\n", "正文。\n\n云州市人民政府办公室\n", "- 2025年3月5日\n"]
    {
        assert!(!html(plain).contains("signature"), "{plain}");
    }
    // A paragraph ending in ： later in the body is not the 主送 line.
    assert!(!html("正文。\n\n如下：\n").contains("addressee"));
}
