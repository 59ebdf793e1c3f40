//! Defects found by reading the code: a file in `static/` that has the path of a generated page,
//! and a reader that closes the pipe before the build has printed everything.

use std::fs;
use std::process::Stdio;

use crate::common::*;

/// A site's `static/404.html` replaces the generated 404 page, in every build (it was a race:
/// whichever thread wrote last won). The other generated pages are untouched.
#[test]
fn a_static_file_wins_over_the_generated_page_every_time() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("关于测试静态文件的通知"));
    site.write("static/404.html", "<!doctype html><title>站点自己的404</title><p>自定义页面</p>");
    for _ in 0..6 {
        fs::remove_dir_all(site.out()).ok();
        site.build().ok();
        let page = fs::read_to_string(site.out().join("404.html")).unwrap();
        assert!(page.contains("自定义页面"), "{page}");
        assert!(fs::read_to_string(site.out().join("documents/a/index.html"))
            .unwrap()
            .contains("关于测试静态文件的通知"));
    }
}

/// `gongkai build | head -1` with thousands of withheld lines: the reader exits, the build does
/// not panic (exit 101 before); it finishes and writes the whole output.
#[test]
fn a_closed_pipe_ends_the_printing_quietly() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开的通知"));
    for i in 0..3000 {
        site.entry(&format!("documents/w{i}.md"), &Fm::new("未公开").status("pending"));
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gongkai"))
        .current_dir(site.root())
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["build", "--now", NOW])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader reads nothing and goes away, like `head` after its lines.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.out().join("documents/a/index.html").is_file());
}
