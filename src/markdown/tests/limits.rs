//! Requirement 7: hostile sizes and depths stay linear, shallow and safe.
//!
//! The time bounds are loose enough for an unoptimised build on a slow
//! machine; a quadratic pass would miss them by orders of magnitude. In a
//! release build each case takes well under a second.

use std::time::{Duration, Instant};

use super::{check_html, md};
use crate::markdown::{Rendered, Severity};

const BOUND: Duration = Duration::from_secs(20);

#[track_caller]
fn timed(src: &str) -> Rendered {
    let start = Instant::now();
    let r = md(src);
    let took = start.elapsed();
    assert!(took < BOUND, "took {took:?} for {} bytes", src.len());
    r
}

#[test]
fn fifty_thousand_nested_quotes() {
    let r = timed(&format!("{} 深处", ">".repeat(50_000)));
    assert_eq!(r.html.matches("<blockquote>").count(), 32);
    assert_eq!(r.html.matches("</blockquote>").count(), 32);
    assert!(r.html.contains("<p>深处</p>"));
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Warning);
    assert!(r.problems[0].message.en.contains("nesting deeper than 32"));
    assert!(check_html(&r.html).is_ok());
}

#[test]
fn deeply_nested_lists() {
    let r = timed(&format!("{}x", "- ".repeat(20_000)));
    assert_eq!(r.html.matches("<ul>").count(), 32);
    assert_eq!(r.html.matches("<li>").count(), 32);
    assert_eq!(r.problems.len(), 1);
    assert!(check_html(&r.html).is_ok());

    let indented: String = (0..300).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let r = timed(&indented);
    assert_eq!(r.html.matches("<ul>").count(), 32);
    assert!(r.text.contains("第299层"));
    assert!(check_html(&r.html).is_ok());
}

#[test]
fn deeply_nested_emphasis_and_brackets() {
    let r = timed(&format!("{}深{}", "*".repeat(100_000), "*".repeat(100_000)));
    assert_eq!(r.html.matches("<strong>").count(), 32);
    assert!(check_html(&r.html).is_ok());
    let r = timed(&format!("{}深{}", "[".repeat(100_000), "](u)".repeat(100_000)));
    assert!(check_html(&r.html).is_ok());
    let r = timed(&"> - *".repeat(20_000));
    assert!(check_html(&r.html).is_ok());
}

#[test]
fn a_one_megabyte_line() {
    let line = "**注意：**正文内容，见[链接](https://a.cn)。".repeat(20_000);
    assert!(line.len() > 1_000_000);
    let r = timed(&line);
    assert_eq!(r.html.matches("<strong>注意：</strong>").count(), 20_000);
    assert!(r.problems.is_empty());

    for hostile in [
        "*".repeat(1_000_000),
        "*a".repeat(500_000),
        "_".repeat(300_000) + "a" + &"*".repeat(300_000),
        "a_".repeat(250_000) + &"_a".repeat(250_000),
        "\\".repeat(1_000_000) + "*",
        "<".repeat(1_000_000),
        "[^x]".repeat(250_000),
        "`".repeat(1_000_000),
    ] {
        let r = timed(&hostile);
        assert!(check_html(&r.html).is_ok());
    }
}

#[test]
fn many_headings_and_footnotes() {
    let r = timed(&"## 说明\n\n".repeat(20_000));
    assert_eq!(r.headings.last().map(|h| h.id.as_str()), Some("说明-20000"));
    let refs: String = (0..10_000).map(|i| format!("[^{i}]")).collect();
    let defs: String = (0..10_000).map(|i| format!("[^{i}]: 注{i}\n")).collect();
    let r = timed(&format!("{refs}\n\n{defs}"));
    assert!(r.html.contains("<li id=\"fn-10000\">"));
    assert!(check_html(&r.html).is_ok());
}
