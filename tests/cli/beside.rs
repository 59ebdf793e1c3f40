//! Files beside an entry: an editor who puts `图1.png` next to the `.md` and writes
//! `![图1](图1.png)` sees the picture on the published page (copied like an attachment, under
//! the base path); a relative link to another entry's `.md` is that entry's page; a picture
//! that is not there is a warning and shows as its text, never a broken `<img>`.

use crate::common::{assert_nowhere, Fm, TestSite};

#[test]
fn pictures_and_files_beside_the_entry_are_published() {
    let site = TestSite::new();
    site.entry(
        "documents/a.md",
        &Fm::new("甲")
            .body("![图1 全市增速](图1.png)\n\n见[乙文件](b.md#二)和[表](./data/表.csv)。\n\n![缺](missing.png)\n"),
    );
    site.entry("documents/b.md", &Fm::new("乙").set("slug", "yi").body("## 二\n\n正文。\n"));
    site.write("content/documents/图1.png", b"\x89PNG\r\n\x1a\nfake");
    site.write("content/documents/data/表.csv", "县区,增速\n甲,1\n");
    let run = site.build();
    run.ok();
    let page = std::fs::read_to_string(site.out().join("documents/a/index.html")).unwrap();
    assert!(page.contains("src=\"/files/documents/%E5%9B%BE1.png\""), "图1.png: {page}");
    assert!(page.contains("href=\"/documents/yi/#%E4%BA%8C\""), "b.md#二: {page}");
    assert!(page.contains("href=\"/files/documents/data/%E8%A1%A8.csv\""), "表.csv: {page}");
    assert!(!page.contains("missing.png\""), "no broken image: {page}");
    assert!(site.out().join("files/documents/图1.png").is_file());
    assert!(site.out().join("files/documents/data/表.csv").is_file());
    let warning = run.diag("content/documents/a.md:");
    assert!(warning.contains("warning: missing.png is neither an attachment nor beside the .md file"), "{run}");
}

#[test]
fn a_picture_beside_a_withheld_entry_is_not_published_through_a_relative_link() {
    let site = TestSite::new();
    site.entry(
        "documents/secret.md",
        &Fm::new("内部").set("classification", "internal").set("attachments", "[内部图.png]"),
    );
    site.write("content/documents/内部图.png", b"\x89PNG\r\n\x1a\nqqsecretqq");
    site.entry("documents/a.md", &Fm::new("甲").body("![图](内部图.png)\n"));
    let run = site.build();
    run.ok();
    assert!(run.stderr.contains("withheld"), "{run}");
    assert_nowhere(&site.out(), "qqsecretqq");
    assert!(!site.out().join("files/documents/内部图.png").exists());
}

#[test]
fn a_relative_link_to_an_own_attachment_stays_beside_the_page() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲").set("attachments", "[附件1.pdf]").body("详见[附件1](附件1.pdf)。\n"));
    site.write("content/documents/附件1.pdf", "%PDF-1.4 fake");
    site.build().ok();
    let page = std::fs::read_to_string(site.out().join("documents/a/index.html")).unwrap();
    assert!(page.contains("href=\"%E9%99%84%E4%BB%B61.pdf\""), "{page}");
    assert!(site.out().join("documents/a/附件1.pdf").is_file());
    assert!(!site.out().join("files/documents/附件1.pdf").exists(), "no second copy under files/");
}

#[test]
fn a_site_path_link_that_no_page_answers_is_a_warning() {
    let site = TestSite::new();
    let body = "见[计算器](/tools/deadline/)、[计算器](/tools/deadline)、[目录](/catalog/?q=1)、[订阅](/feed.xml)、\
                [旧文件](/documents/old/)和[甲](/documents/a/#x)。\n";
    site.entry("documents/a.md", &Fm::new("甲").body(body));
    let run = site.build();
    run.ok();
    let dead: Vec<&str> = run.diagnostics().into_iter().filter(|l| l.contains("leads to no page")).collect();
    assert_eq!(dead.len(), 1, "{run}");
    assert!(dead[0].starts_with("content/documents/a.md:") && dead[0].contains("/documents/old/"), "{run}");
    let check = site.run(&["check", "--now", crate::common::NOW, "--lang", "zh"]);
    assert!(check.stderr.contains("正文链接的 /documents/old/ 在门户里没有对应的页面"), "{check}");
}
