//! Bodies read again in the body pass (`GONGKAI_HOLD_BODIES=0`, what a site beyond the budget
//! of held bodies does) give the same output and the same problems as bodies held from load.
//! The refusal of a file that changed in between is unit-tested in `content/reread.rs`.

use crate::common::*;

/// `args` on `site` with every body held (the default budget), then with every body read again.
fn both(site: &TestSite, args: &[&str]) -> (Run, Run) {
    let run = |hold: Option<&str>| {
        let mut c = site.cmd();
        match hold {
            Some(v) => c.env("GONGKAI_HOLD_BODIES", v),
            None => c.env_remove("GONGKAI_HOLD_BODIES"),
        };
        Run::from(c.args(args).output().expect("run gongkai"))
    };
    (run(None), run(Some("0")))
}

/// The bundled portal, plus bodies that decode with care: a byte-order mark, CRLF line ends,
/// an empty body, lints at known places.
fn site() -> TestSite {
    let site = TestSite::bundled();
    let crlf = Fm::new("关于换行的通知").body("## 一、总则\n\n第一段。\n第二段（shù liàng）。\n").render();
    site.write("content/documents/crlf.md", format!("\u{feff}{}", crlf.replace('\n', "\r\n")));
    site.entry("documents/empty-body.md", &Fm::new("没有正文的通知").body(""));
    site.entry(
        "documents/lints.md",
        &Fm::new("有问题的正文").body("第一段\u{200b}。\n第二段\n\n见[总则](@/documents/crlf.md#no-such-heading)。\n"),
    );
    site
}

#[test]
fn bodies_read_again_give_byte_identical_output_and_messages() {
    let (held, read) = (site(), site());
    let args = ["build", "--now", "2026-11-26", "--output"];
    let (a, _) = both(&held, &[&args[..], &[held.tmp.path().join("out").to_str().unwrap()]].concat());
    let (_, b) = both(&read, &[&args[..], &[read.tmp.path().join("out").to_str().unwrap()]].concat());
    a.ok();
    b.ok();
    let lines =
        |r: &Run| r.diagnostics().iter().map(|l| l.replace(&*held.root().to_string_lossy(), "")).collect::<Vec<_>>();
    assert!(a.diagnostics().iter().any(|l| l.contains("lints.md")), "{a}");
    assert_eq!(lines(&a), lines(&b));
    let (fa, fb) = (output_files(&held.tmp.path().join("out")), output_files(&read.tmp.path().join("out")));
    assert!(fa.len() > 100, "{} files", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs when bodies are read again");
    }
    let page = String::from_utf8_lossy(&fb["documents/crlf/index.html"]).into_owned();
    assert!(page.contains("第二段"), "{page}");
}

#[test]
fn check_and_a_failing_build_read_bodies_again_with_the_same_problems() {
    let site = site();
    // An error at load: the build renders as `check` does, to report every problem at once.
    site.entry("documents/bad.md", &Fm::new("坏日期").set("date", "2025-13-01"));
    let (a, b) = both(&site, &["check", "--now", "2026-11-26", "--format", "json"]);
    assert_eq!(a.code, 1, "{a}");
    assert!(a.stdout.contains("lints.md") && a.stdout.contains("broken-anchor"), "{a}");
    assert_eq!((a.code, &a.stdout), (b.code, &b.stdout));
    let (a, b) = both(&site, &["build", "--now", "2026-11-26"]);
    a.fails();
    b.fails();
    assert!(a.diagnostics().iter().any(|l| l.contains("lints.md")), "{a}");
    assert_eq!(a.diagnostics(), b.diagnostics());
    assert!(!site.out().exists(), "a failed build wrote the output");
}
