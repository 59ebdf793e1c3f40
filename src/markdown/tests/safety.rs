//! Requirements 5, 6 and 9: untrusted HTML and unsafe URLs.

use super::{check_html, html, inline, md};
use crate::markdown::Severity;

/// Renders `src` and checks the output is inert (allowlisted tags and
/// attributes, safe URLs: see `check_html`); returns the HTML.
#[track_caller]
fn inert(src: &str) -> String {
    let out = html(src);
    if let Err(e) = check_html(&out) {
        panic!("{src:?} rendered unsafe HTML ({e}):\n{out}");
    }
    out
}

#[test]
fn script_block_is_shown_as_text() {
    let r = md("<script>alert(1)</script>");
    assert_eq!(r.html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Warning);
    assert!(r.problems[0].message.en.contains("raw HTML"));
}

#[test]
fn html_vectors_are_escaped() {
    let cases = [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("正文<img src=x onerror=alert(1)>正文", "正文&lt;img src=x onerror=alert(1)&gt;正文"),
        (
            "<iframe src=\"https://evil.example\"></iframe>",
            "&lt;iframe src=\"https://evil.example\"&gt;&lt;/iframe&gt;",
        ),
        ("<style>body{display:none}</style>", "&lt;style&gt;body{display:none}&lt;/style&gt;"),
        ("<a href=\"javascript:alert(1)\">x</a>", "&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;"),
        ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
        ("<div>\n**z**\n</div>", "&lt;div&gt;\n**z**\n&lt;/div&gt;"),
        ("<?php echo 1; ?>", "&lt;?php echo 1; ?&gt;"),
        ("<![CDATA[x]]>", "&lt;![CDATA[x]]&gt;"),
    ];
    for (src, shown) in cases {
        let out = inert(src);
        assert!(out.contains(shown), "{src:?} → {out}");
        assert!(!md(src).problems.is_empty(), "{src:?} raised no problem");
    }
}

#[test]
fn br_is_the_one_tag_allowed() {
    for br in ["<br>", "<br/>", "<br />", "<BR>", "<Br />"] {
        assert_eq!(inline(&format!("一{br}二")), "一<br />\n二", "{br}");
        assert!(md(&format!("一{br}二")).problems.is_empty());
    }
    assert_eq!(inline("一<br class=\"x\">二"), "一&lt;br class=\"x\"&gt;二");
    assert_eq!(inline("一<br onclick=alert(1)>二"), "一&lt;br onclick=alert(1)&gt;二");
    // A `<br>` on a line of its own is an HTML block; it renders nothing.
    assert_eq!(html("一\n\n<br>\n\n二"), "<p>一</p>\n<p>二</p>\n");
}

#[test]
fn comments_are_removed_with_a_warning() {
    let r = md("正文<!-- 内部意见：暂缓 -->继续\n\n<!--\n整块\n注释\n-->\n\n<!-- a --> 可见 <!-- b -->");
    assert_eq!(r.html, "<p>正文继续</p>\n<p>可见</p>\n");
    assert!(!r.text.contains("内部意见") && !r.text.contains("整块"));
    assert_eq!(r.problems.len(), 4, "{:?}", r.problems);
    assert!(r.problems.iter().any(|p| p.message.en.contains("comment")));
    // `<!-->` and `<!--->` are complete (empty) comments.
    assert_eq!(html("<!---->\n\n<!-->x"), "<p>x</p>\n");
}

#[test]
fn javascript_links_are_dropped() {
    let cases = [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](< javascript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](<java&#9;script:alert(1)>)",
        "[x](&#1;javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](file:///etc/passwd)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ];
    for src in cases {
        let r = md(src);
        let out = inert(src);
        assert!(!out.contains("<a "), "{src:?} kept a link: {out}");
        assert_eq!(r.problems.len(), 1, "{src:?}: {:?}", r.problems);
        assert!(r.problems[0].message.en.starts_with("unsafe link scheme"), "{:?}", r.problems[0]);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].href, None);
    }
    assert_eq!(md("[x](javascript:alert(1))").problems[0].message.en, "unsafe link scheme 'javascript:' removed");
    assert_eq!(inline("[点击](javascript:alert(1))"), "点击");
}

#[test]
fn unsafe_images_are_dropped() {
    for src in [
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "![x](javascript:alert(1))",
        "![x](mailto:a@b.cn)",
    ] {
        let out = inert(src);
        assert!(!out.contains("<img"), "{src:?}: {out}");
        assert_eq!(md(src).problems.len(), 1);
    }
    assert_eq!(inline("![说明图](data:image/png;base64,AAAA)"), "说明图");
}

#[test]
fn protocol_relative_links_are_dropped() {
    for src in ["[x](//evil.example/a)", "[x](/\\evil.example)", "[x](\\\\\\\\evil.example)"] {
        let r = md(src);
        assert_eq!(inline(src), "x", "{src:?}");
        assert!(r.problems[0].message.en.starts_with("protocol-relative"), "{src:?}: {:?}", r.problems);
    }
}

#[test]
fn climbing_relative_links_are_dropped() {
    for src in [
        "[x](../../etc/passwd)",
        "[x](./a/../../b.md)",
        "[x](..)",
        "[x](%2e%2e/secret)",
        "[x](.%2E/secret)",
        "[x](a\\\\..\\\\..\\\\b)",
    ] {
        let r = md(src);
        assert_eq!(inline(src), "x", "{src:?}");
        assert_eq!(r.problems.len(), 1, "{src:?}");
        assert!(r.problems[0].fix.as_ref().map(|f| f.en.as_str()).is_some_and(|f| f.contains("@/")));
    }
}

#[test]
fn allowed_destinations_are_kept() {
    let cases = [
        ("[x](/documents/)", "<a href=\"/documents/\">x</a>"),
        ("[x](#一总体要求)", "<a href=\"#%E4%B8%80%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82\">x</a>"),
        ("[x](?page=2)", "<a href=\"?page=2\">x</a>"),
        // A file beside the entry goes through the resolver (here: `/files/…`).
        ("[x](附件1.pdf)", "<a href=\"/files/%E9%99%84%E4%BB%B61.pdf\">x</a>"),
        ("[x](./files/a..b.pdf)", "<a href=\"/files/files/a..b.pdf\">x</a>"),
        ("[x](mailto:gkb@yunzhou.gov.cn)", "<a href=\"mailto:gkb@yunzhou.gov.cn\">x</a>"),
        ("[x](tel:+86-871-12345678)", "<a href=\"tel:+86-871-12345678\">x</a>"),
        ("<gkb@yunzhou.gov.cn>", "<a href=\"mailto:gkb@yunzhou.gov.cn\">gkb@yunzhou.gov.cn</a>"),
        ("![图](https://a.cn/i.png)", "<img src=\"https://a.cn/i.png\" alt=\"图\" />"),
        ("![图](/static/i.png)", "<img src=\"/static/i.png\" alt=\"图\" />"),
    ];
    for (src, expected) in cases {
        assert_eq!(inline(src), expected, "{src:?}");
        assert!(md(src).problems.is_empty(), "{src:?}");
    }
}

#[test]
fn external_links_get_rel_and_no_target() {
    let out = inline("[政府网](https://www.gov.cn \"中国“政府”网\") [b](HTTP://a.cn/?a=1&b='2')");
    assert_eq!(
        out,
        "<a href=\"https://www.gov.cn\" title=\"中国“政府”网\" rel=\"noopener noreferrer\">政府网</a> \
         <a href=\"HTTP://a.cn/?a=1&amp;b=&#x27;2&#x27;\" rel=\"noopener noreferrer\">b</a>"
    );
    assert!(!out.contains("target"));
    assert_eq!(
        inline("[x](https://a.cn \"a\\\"b<c>\")"),
        "<a href=\"https://a.cn\" title=\"a&quot;b&lt;c&gt;\" rel=\"noopener noreferrer\">x</a>"
    );
    // Internal links get no rel.
    assert_eq!(inline("[x](/a/)"), "<a href=\"/a/\">x</a>");
}

#[test]
fn heading_attributes_are_not_parsed() {
    assert_eq!(html("# 标题 {#x .y onclick=z}"), "<h1 id=\"标题-x-y-onclickz\">标题 {#x .y onclick=z}</h1>\n");
}
