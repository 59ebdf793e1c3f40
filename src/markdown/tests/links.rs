//! Requirement 4: `@/` links through the resolver, failures located.

use super::{inline, md};
use crate::markdown::{line_col, render, LinkKind, Options, Severity};

#[test]
fn at_links_resolve() {
    assert_eq!(inline("[通知](@/documents/x.md)"), "<a href=\"/documents/x/\">通知</a>");
    assert_eq!(
        inline("[要求](@/documents/x.md#一总体要求)"),
        "<a href=\"/documents/x/#%E4%B8%80%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82\">要求</a>"
    );
    assert_eq!(inline("![图](@/documents/x/图1.png)"), "<img src=\"/documents/x/%E5%9B%BE1.png/\" alt=\"图\" />");
    let r = md("[a](@/documents/x.md#一总体要求)");
    assert_eq!(r.links[0].target, "@/documents/x.md#一总体要求");
    assert_eq!(r.links[0].href.as_deref(), Some("/documents/x/#一总体要求"));
    assert!(r.problems.is_empty());
}

#[test]
fn the_resolver_sees_the_target_as_written() {
    let seen = std::cell::RefCell::new(Vec::new());
    let resolve = |t: &str| {
        seen.borrow_mut().push(t.to_owned());
        Ok("/u/".to_owned())
    };
    render(
        "[a](@/documents/x.md#一总体要求) ![b](@/documents/y.png) [c][r]\n\n[r]: @/documents/z.md",
        &Options { resolve: &resolve, root: "/" },
    );
    assert_eq!(*seen.borrow(), ["@/documents/x.md#一总体要求", "@/documents/y.png", "@/documents/z.md"]);
}

#[test]
fn failed_resolve_is_an_error_at_the_target_and_renders_text() {
    let src = "# 标题\n\n正文见[缺失文件](@/documents/missing.md)。\n";
    let r = md(src);
    assert_eq!(r.html, "<h1 id=\"标题\">标题</h1>\n<p>正文见缺失文件。</p>\n");
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.message.en, "no entry at @/documents/missing.md");
    assert_eq!(&src[p.offset..p.offset + 2], "@/");
    assert_eq!(line_col(src, p.offset), (3, 11));
    assert_eq!(r.links[0].href, None);
}

#[test]
fn failed_resolve_of_reference_link_points_at_the_link() {
    let src = "前文\n\n见[文件][r]。\n\n[r]: @/documents/missing.md\n";
    let r = md(src);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(line_col(src, r.problems[0].offset), (3, 2));
    assert!(!r.html.contains("<a"));
}

#[test]
fn failed_image_resolve_renders_alt_text() {
    let r = md("![示意图](@/documents/missing.png)");
    assert_eq!(r.html, "<p>示意图</p>\n");
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert_eq!(r.links[0].kind, LinkKind::Image);
}

#[test]
fn every_link_is_listed_with_its_offset() {
    let src = "[a](https://a.cn) ![b](i.png) <https://c.cn> [d](javascript:x) [e](@/documents/e.md)";
    let r = md(src);
    let found: Vec<(&str, &str, LinkKind)> =
        r.links.iter().map(|l| (&src[l.offset..l.offset + l.target.len()], l.target.as_str(), l.kind)).collect();
    assert_eq!(
        found,
        [
            ("https://a.cn", "https://a.cn", LinkKind::Link),
            ("i.png", "i.png", LinkKind::Image),
            ("https://c.cn", "https://c.cn", LinkKind::Link),
            ("javascript:x", "javascript:x", LinkKind::Link),
            ("@/documents/e.md", "@/documents/e.md", LinkKind::Link),
        ]
    );
}

#[test]
fn line_col_counts_characters() {
    let src = "第一行\n第二行 abc\r\n三";
    assert_eq!(line_col(src, 0), (1, 1));
    assert_eq!(line_col(src, "第一".len()), (1, 3));
    assert_eq!(line_col(src, "第一行\n".len()), (2, 1));
    assert_eq!(line_col(src, "第一行\n第二行 a".len()), (2, 6));
    assert_eq!(line_col(src, src.len() - "三".len()), (3, 1));
    assert_eq!(line_col(src, src.len()), (3, 2));
    // Past the end, or inside a character: clamped back.
    assert_eq!(line_col(src, src.len() + 10), (3, 2));
    assert_eq!(line_col(src, 1), (1, 1));
    assert_eq!(line_col("", 5), (1, 1));
}

#[test]
fn a_reference_without_its_slash_is_named() {
    let r = md("见[通知](@documents/a.md)。");
    assert!(!r.html.contains("href"), "{}", r.html);
    assert!(r.html.contains("通知"), "{}", r.html);
    let p = &r.problems[0];
    assert!(p.message.en.contains("missing the `/` after `@`"), "{}", p.message);
    assert_eq!(p.fix.as_ref().map(|f| f.en.as_str()), Some("write `@/documents/a.md`"));
}

#[test]
fn site_paths_are_rendered_under_the_base_path() {
    let resolve = |_: &str| Ok("/zwgk/u/".to_owned());
    let r = render(
        "[a](/tools/deadline/) [b](https://x.cn/) [c](mailto:a@b.cn) [d](#x)",
        &Options { resolve: &resolve, root: "/zwgk/" },
    );
    assert!(r.html.contains("href=\"/zwgk/tools/deadline/\""), "{}", r.html);
    assert!(r.html.contains("href=\"https://x.cn/\"") && r.html.contains("href=\"mailto:a@b.cn\""), "{}", r.html);
    assert!(r.html.contains("href=\"#x\""), "{}", r.html);
}

#[test]
fn relative_files_are_looked_up_beside_the_entry() {
    use crate::markdown::links::beside;
    assert_eq!(beside("图1.png").as_deref(), Some("@./图1.png"));
    assert_eq!(beside("./img/a.png").as_deref(), Some("@./img/a.png"));
    assert_eq!(beside("b.md#二").as_deref(), Some("@./b.md#二"));
    for not in [
        "/tools/deadline/",
        "#top",
        "?q=1",
        "https://x.cn/a.png",
        "../a.png",
        "a/../../b.png",
        "readme",
        "mailto:a@b.cn",
        "@/documents/a.md",
    ] {
        assert_eq!(beside(not), None, "{not}");
    }
}
