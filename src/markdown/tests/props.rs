//! Properties over arbitrary input: no panic, balanced and allowlisted HTML,
//! valid offsets; and CommonMark emphasis unchanged for non-CJK text.

use proptest::prelude::*;
use pulldown_cmark::{html::push_html, Options as Flags, Parser};

use super::{check_html, md};
use crate::markdown::{emphasis, line_col};

/// Markdown-ish soup: the fragments that interact in interesting ways.
fn soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "**",
        "*",
        "__",
        "_",
        "~~",
        "`",
        "\\",
        "注意",
        "正文",
        "：",
        "。",
        "“",
        "”",
        "（",
        "）",
        "《",
        "》",
        "a",
        "b ",
        " ",
        "\n",
        "\n\n",
        "> ",
        "- ",
        "1. ",
        "# ",
        "|",
        "|---|\n",
        "[",
        "]",
        "](",
        ")",
        "![",
        "<br>",
        "<b>",
        "</b>",
        "<!--",
        "-->",
        "<script>",
        "&#42;",
        "&amp;",
        "[^1]",
        "[^1]: ",
        "@/documents/x.md",
        "@/documents/missing.md",
        "javascript:",
        "https://a.cn",
        "../",
        "    ",
        "```\n",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check(src: &str) -> Result<(), TestCaseError> {
    let r = md(src);
    if let Err(e) = check_html(&r.html) {
        return Err(TestCaseError::fail(format!("{e} in {:?}", r.html)));
    }
    for tag in ["strong", "em", "del", "a", "p", "li", "blockquote"] {
        let opened = r.html.matches(&format!("<{tag}>")).count() + r.html.matches(&format!("<{tag} ")).count();
        prop_assert_eq!(opened, r.html.matches(&format!("</{tag}>")).count(), "<{}> in {:?}", tag, r.html);
    }
    for p in &r.problems {
        prop_assert!(p.offset <= src.len());
        let (line, col) = line_col(src, p.offset);
        prop_assert!(line >= 1 && col >= 1);
    }
    for l in &r.links {
        prop_assert!(l.offset <= src.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_string(src in any::<String>()) {
        check(&src)?;
    }

    #[test]
    fn never_panics_on_markdown_soup(src in soup()) {
        check(&src)?;
    }

    #[test]
    fn never_panics_on_ascii_punctuation(src in "[ -~\n]{0,60}") {
        check(&src)?;
    }
}

fn flags() -> Flags {
    Flags::ENABLE_TABLES | Flags::ENABLE_FOOTNOTES | Flags::ENABLE_STRIKETHROUGH
}

fn commonmark(src: &str) -> String {
    let mut out = String::new();
    push_html(&mut out, Parser::new_ext(src, flags()));
    out
}

fn repaired(src: &str) -> String {
    let events = Parser::new_ext(src, flags()).into_offset_iter();
    let mut out = String::new();
    push_html(&mut out, emphasis::apply(src, events).into_iter().map(|(e, _)| e));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Without CJK characters, the emphasis pass must agree with
    /// pulldown-cmark's CommonMark emphasis exactly.
    #[test]
    fn emphasis_is_commonmark_without_cjk(src in "[*_a1 .\n`\\[\\]()~\\\\&#42;|:>-]{0,40}") {
        prop_assert_eq!(repaired(&src), commonmark(&src));
    }

    #[test]
    fn emphasis_is_commonmark_with_latin_punctuation(src in "[*_aé “”‘’«»—… \n.!]{0,30}") {
        prop_assert_eq!(repaired(&src), commonmark(&src));
    }

    /// Symbols outside the BMP, letterlike and enclosed symbols and numbers, thematic breaks in
    /// list items: still exactly CommonMark (a quote followed by U+FE01 is CJK, so not here).
    #[test]
    fn emphasis_is_commonmark_with_symbols_and_breaks(src in "[*_a1 \n😀𝜵①⑴℃™№ⓐ“-]{0,30}") {
        prop_assert_eq!(repaired(&src), commonmark(&src));
    }
}
