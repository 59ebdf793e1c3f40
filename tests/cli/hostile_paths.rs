//! Path escapes: slugs, attachment names, `@/` references and Markdown links that climb out
//! with `..` or are absolute, and symlinks inside `content/` pointing elsewhere. Nothing outside
//! `content/` is read into the output; nothing is written outside the output folder.
//!
//! Each test puts a file with a marker *outside* `content/` (in the temp dir beside the site)
//! and checks the marker reaches no output file, and that the temp dir holds nothing new.

use std::fs;

use crate::common::*;

/// A site plus a folder `outside/` beside it holding files with the marker `zqoutx`.
fn site_with_outside() -> TestSite {
    let site = TestSite::new();
    let outside = site.tmp.path().join("outside");
    fs::create_dir_all(outside.join("dir")).unwrap();
    fs::write(outside.join("secret.pdf"), "%PDF zqoutx secret").unwrap();
    fs::write(outside.join("passwd"), "root:x:0:0:zqoutx").unwrap();
    fs::write(outside.join("dir/inner.pdf"), "%PDF zqoutx inner").unwrap();
    fs::write(outside.join("evil.md"), Fm::new("外部文件zqoutx").body("zqoutx body\n").render()).unwrap();
    site.entry("documents/ok.md", &Fm::new("正常文件zqokx"));
    site
}

#[track_caller]
fn assert_contained(site: &TestSite) {
    if site.out().exists() {
        assert_nowhere(&site.out(), "zqoutx");
        assert_nowhere(&site.out(), "root:x:0");
    }
    let stray = site.stray_files(&["outside"]);
    assert!(stray.is_empty(), "written outside the site: {stray:?}");
    let mut top = site.top_level();
    // The output and the 索引号 lock (written when a document got a number) are expected.
    top.retain(|n| n != "public" && n != "index-numbers.lock");
    assert_eq!(top, ["content", "site.yaml"], "written beside the output");
}

#[test]
fn slugs_that_climb_out_are_errors() {
    for (i, slug) in
        ["../../zqesc", "/etc/zqesc", "..", "a/../../b", "documents/../../x", "%2e%2e", r"a\..\b", "x.html", "Ab"]
            .iter()
            .enumerate()
    {
        let site = site_with_outside();
        site.entry(&format!("documents/s{i}.md"), &Fm::new("文件").set("slug", &format!("'{slug}'")));
        let run = site.build();
        run.fails();
        let line = run.diag(&format!("content/documents/s{i}.md:7:1: error: "));
        assert!(line.contains("`slug`"), "{slug}: {line}");
        assert_contained(&site);
    }
}

/// A withheld entry with a hostile slug is simply withheld (its fields are not even reported).
#[test]
fn withheld_entry_with_hostile_slug() {
    let site = site_with_outside();
    site.entry("documents/s.md", &Fm::new("文件").set("slug", "\"../../zqesc\"").set("classification", "internal"));
    site.build().ok();
    assert_contained(&site);
    assert_nowhere(&site.out(), "zqesc");
}

#[test]
fn attachments_that_climb_out_are_errors() {
    let site = site_with_outside();
    // As YAML: single quotes keep backslashes as written; the last one decodes to a NUL.
    let names = [
        "'../../../outside/secret.pdf'",
        "'../../outside/secret.pdf'",
        "'/etc/passwd'",
        "'/tmp/x.pdf'",
        r"'..\..\outside\secret.pdf'",
        "'sub/../../x.pdf'",
        "'./ok.pdf'",
        "'.hidden.pdf'",
        "'..'",
        r"'C:\Windows\x.pdf'",
        r#""x.pdf\u0000.txt""#,
    ];
    let list: Vec<&str> = names.to_vec();
    site.entry("documents/a.md", &Fm::new("附件").set("attachments", &format!("[{}]", list.join(", "))));
    let run = site.build();
    run.fails();
    let errors: Vec<&str> =
        run.diagnostics().into_iter().filter(|l| l.starts_with("content/documents/a.md:7:")).collect();
    assert_eq!(errors.len(), names.len(), "one error per hostile attachment\n{run}");
    for e in errors {
        assert!(e.contains("attachment"), "{e}");
    }
    assert_contained(&site);
}

#[test]
fn references_that_climb_out_are_errors() {
    let site = site_with_outside();
    site.entry(
        "documents/b.md",
        &Fm::new("引用1").set("replaced_by", "\"@/../site.yaml\"").set("validity", "repealed"),
    );
    site.entry("documents/c.md", &Fm::new("引用2").set("interprets", "\"@/documents/../../outside/evil.md\""));
    site.entry("journals/j/_index.md", &Fm::journal("刊物"));
    site.entry(
        "journals/j/1.md",
        &Fm::issue(
            "刊期",
            1,
            &["@/documents/ok.md", "@/../../outside/evil.md", "@//etc/passwd.md", "@/documents/./ok.md"],
        ),
    );
    let run = site.build();
    run.fails();
    run.diag("content/documents/b.md:7:1: error: ");
    run.diag("content/documents/c.md:7:1: error: ");
    let issue_errors = run.diagnostics().iter().filter(|l| l.starts_with("content/journals/j/1.md:")).count();
    assert_eq!(issue_errors, 3, "{run}");
    assert_contained(&site);
}

/// `@/` and relative links in Markdown bodies: the escaping ones are errors (for `@/`) or are
/// removed with a warning (relative `..` links, `file:` URLs); no file outside is read.
#[test]
fn markdown_links_that_climb_out() {
    let site = site_with_outside();
    site.entry(
        "documents/m.md",
        &Fm::new("链接").body(
            "[a](@/../site.yaml) [b](@/documents/../../outside/evil.md) [c](@/../../outside/secret.pdf)\n\n\
             [d](@/documents/../../../outside/secret.pdf) ![e](@/../outside/dir/inner.pdf)\n",
        ),
    );
    let run = site.build();
    run.fails();
    assert_eq!(run.diagnostics().iter().filter(|l| l.contains(": error: ")).count(), 5, "{run}");
    assert_contained(&site);

    // Relative links out are dropped (text kept) with a warning; `file:` too. The build passes.
    let site = site_with_outside();
    site.entry(
        "documents/m.md",
        &Fm::new("链接").body(
            "[a](../../../outside/passwd) [b](../../outside/secret.pdf) [c](file:///etc/passwd)\n\n\
             ![d](../../outside/secret.pdf) [e](documents/../../../x) [f](%2e%2e/%2e%2e/outside/passwd)\n",
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert_contained(&site);
    let page = fs::read_to_string(site.out().join("documents/m/index.html")).unwrap();
    assert!(!page.contains("../"), "a climbing link survived: {page}");
    assert!(!page.contains("file:"), "{page}");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_content_are_never_followed() {
    use std::os::unix::fs::symlink;
    let site = site_with_outside();
    let outside = site.tmp.path().join("outside");
    let docs = site.path("content/documents");
    symlink(outside.join("secret.pdf"), docs.join("linked.pdf")).unwrap();
    symlink(outside.join("evil.md"), docs.join("evil.md")).unwrap();
    symlink(outside.join("dir"), docs.join("dir")).unwrap();
    symlink(&outside, site.path("content/journals")).unwrap();
    symlink(outside.join("passwd"), docs.join("passwd.txt")).unwrap();
    site.entry("documents/l.md", &Fm::new("链接").body("[x](@/documents/passwd.txt)\n"));
    let run = site.build();
    run.fails();
    // Each symlink gets a warning; the link to it is an error (the file does not exist for us).
    for link in ["linked.pdf", "evil.md", "dir", "passwd.txt"] {
        run.diag(&format!("content/documents/{link}: warning: "));
    }
    run.diag("content/journals: warning: ");
    run.diag("content/documents/l.md:8:5: error: ");
    assert_contained(&site);

    // Without the link, the build passes and none of it is in the output.
    site.entry("documents/l.md", &Fm::new("链接"));
    site.entry("documents/att.md", &Fm::new("附件").set("attachments", "[linked.pdf]"));
    let run = site.build();
    run.fails();
    run.diag("content/documents/att.md:7:");
    site.remove("content/documents/att.md");
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert_contained(&site);
}

/// A FIFO or other special file under content/ is skipped, never opened (opening a FIFO
/// would block the build forever).
#[cfg(unix)]
#[test]
fn special_files_under_content_are_skipped() {
    let site = site_with_outside();
    for name in ["fifo.md", "fifo.pdf"] {
        let p = site.path(&format!("content/documents/{name}"));
        let status = std::process::Command::new("mkfifo").arg(&p).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo not available: skipped");
            return;
        }
    }
    site.entry("documents/a.md", &Fm::new("附件").set("attachments", "[fifo.pdf]"));
    let run = site.build();
    run.fails();
    run.diag("content/documents/a.md:7:");
    site.remove("content/documents/a.md");
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert_contained(&site);
}

/// Output file names come only from validated slugs, codes and attachment names: a published
/// site with unusual but legal names stays inside the output.
#[test]
fn unusual_legal_names_stay_inside() {
    let site = site_with_outside();
    site.write("content/documents/附件 1（申请表）.pdf", "%PDF ok");
    site.entry(
        "documents/关于 ..印发的 通知.md",
        &Fm::new("中文文件名").set("attachments", "[\"附件 1（申请表）.pdf\"]"),
    );
    site.entry("journals/刊物 ../_index.md", &Fm::journal("中文刊物"));
    site.entry("journals/刊物 ../1.md", &Fm::issue("第一期", 1, &["@/documents/ok.md"]));
    site.entry("approvals/x.md", &Fm::approval("事项", "A-1"));
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    assert_contained(&site);
    for e in walkdir::WalkDir::new(site.out()) {
        let p = e.unwrap().path().to_path_buf();
        assert!(p.starts_with(site.out()));
        assert!(!p.to_string_lossy().contains(".."), "{}", p.display());
    }
}
