//! The publication gate: a withheld entry appears in no output file at all — not as a page, a
//! list item, a feed entry, a sitemap line, a search-index term, a data-export row, a journal
//! table of contents, a taxonomy page or a leftover page of an earlier build.
//!
//! Every withheld entry carries a unique lower-case ASCII marker (`zq<id>x`) in every field
//! (title, summary, body, table cell, heading, topic, department, 文号, attachment name and
//! content, file name), so a single search for the marker over every output file finds any leak;
//! lower-case ASCII words survive HTML escaping, JSON, CSV and the search index's lower-casing.

use crate::common::*;

/// A document with the marker `m` in every field, plus its attachment file.
fn marked_document(site: &TestSite, m: &str) -> Fm {
    site.write(&format!("content/documents/{m}a.pdf"), format!("%PDF-1.4 attachment {m}z"));
    Fm::new(&format!("关于{m}t的通知"))
        .set("summary", &format!("摘要{m}s"))
        .set("topics", &format!("[{m}p主题]"))
        .set("department", &format!("{m}d局"))
        .set("doc_number", &format!("{m}n政发〔2025〕7号"))
        .set("index_number", &format!("{m}i/2025-00001"))
        .set("attachments", &format!("[{m}a.pdf]"))
        .body(&format!("正文{m}b。\n\n## 标题{m}h\n\n| 项目 | 值 |\n|---|---|\n| {m}c | 1 |\n"))
}

/// The marker's field variants (everything but the file names `{m}f.md` and `{m}a.pdf`, which
/// a withheld line or a reference error names on purpose) are in neither stdout nor stderr.
#[track_caller]
fn assert_not_printed(run: &Run, m: &str) {
    for field in ["t", "s", "b", "c", "h", "p", "d", "n", "i", "z", "k", "l", "m", "e", "o", "r", "x"] {
        let needle = format!("{m}{field}");
        assert!(!run.all().contains(&needle), "{needle} printed\n{run}");
    }
}

/// A published document whose marker must be found.
fn published(site: &TestSite, key: &str, m: &str) {
    site.entry(
        key,
        &Fm::new(&format!("公开{m}t文件"))
            .set("summary", &format!("摘要{m}s"))
            .set("topics", "[公开主题]")
            .body(&format!("公开正文{m}b。\n")),
    );
}

/// (classification as written, publishable?)
const CLASSIFICATIONS: &[(&str, bool)] = &[
    ("public", true),
    ("公开", true),
    // Surrounding spaces inside quotes are trimmed: the value is still `public`.
    ("\" public \"", true),
    ("public  # 已审核", true),
    ("internal", false),
    ("内部", false),
    ("secret", false),
    ("秘密", false),
    ("confidential", false),
    ("机密", false),
    ("top-secret", false),
    ("绝密", false),
    ("restricted", false),
    ("Public", false),
    ("PUBLIC", false),
    ("公開", false),
    ("publics", false),
    ("\"public,internal\"", false),
    // 公开属性 as portals write it: 主动公开 is published; 依申请公开 and 不予公开 are not.
    ("主动公开", true),
    ("依申请公开", false),
    ("不予公开", false),
    ("[public]", false),
    ("{level: public}", false),
    ("true", false),
    ("0", false),
];

#[test]
fn every_classification_spelling() {
    let site = TestSite::new();
    for (i, (class, _)) in CLASSIFICATIONS.iter().enumerate() {
        let m = format!("zq{i}x");
        let fm = marked_document(&site, &m).set("classification", class);
        site.entry(&format!("documents/{m}f.md"), &fm);
    }
    let run = site.build();
    run.ok();
    let out = site.out();
    for (i, (class, public)) in CLASSIFICATIONS.iter().enumerate() {
        let m = format!("zq{i}x");
        if *public {
            assert_somewhere(&out, &format!("{m}t"));
            assert!(
                out.join(format!("documents/{m}f/{m}a.pdf")).is_file(),
                "{class}: attachment of a published document not copied"
            );
        } else {
            assert_nowhere(&out, &m);
            let reason = match *class {
                "依申请公开" | "不予公开" => format!("classification is {class}"),
                _ => "classification is not public".to_string(),
            };
            let line = format!("withheld: content/documents/{m}f.md ({reason})");
            assert!(run.stdout.lines().any(|l| l == line), "{class}: no line {line:?}\n{run}");
        }
    }
    // `check` agrees: what build publishes is not "classified"; what it withholds as classified is.
    let check = site.run(&["check", "--now", NOW]);
    for (i, (class, public)) in CLASSIFICATIONS.iter().enumerate() {
        let path = format!("content/documents/zq{i}xf.md");
        let classified =
            check.diagnostics().iter().any(|l| l.starts_with(&path) && l.contains("not classified public"));
        let expected = !public && !matches!(*class, "依申请公开" | "不予公开");
        assert_eq!(classified, expected, "{class}: build and check disagree\n{check}");
    }
    // One line per withheld entry, and never any of its content.
    let withheld = CLASSIFICATIONS.iter().filter(|(_, p)| !p).count();
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("withheld: ")).count(), withheld, "{run}");
    for (i, (_, public)) in CLASSIFICATIONS.iter().enumerate() {
        if !public {
            for field in ["t", "s", "b", "c", "h", "p", "d", "n", "i", "z"] {
                let needle = format!("zq{i}x{field}");
                assert!(!run.all().contains(&needle), "{needle} printed\n{run}");
            }
        }
    }
}

/// A missing classification is an error (the field is required) and the entry is withheld; an
/// empty one is simply not `public`: withheld.
#[test]
fn missing_or_empty_classification_is_withheld() {
    for (i, edit) in ["missing", "null", "empty", "blank"].iter().enumerate() {
        let site = TestSite::new();
        published(&site, "documents/ok.md", "zqokx");
        let m = format!("zq{i}x");
        let fm = marked_document(&site, &m);
        let fm = match *edit {
            "missing" => fm.unset("classification"),
            "null" => fm.set("classification", "~"),
            "empty" => fm.set("classification", "\"\""),
            _ => fm.set("classification", "\"  \""),
        };
        site.entry(&format!("documents/{m}f.md"), &fm);
        let run = site.build();
        let line = format!("withheld: content/documents/{m}f.md (classification is not public)");
        assert!(run.stdout.lines().any(|l| l == line), "{edit}: {run}");
        assert_not_printed(&run, &m);
        if matches!(*edit, "missing" | "null") {
            run.fails();
            run.diag(&format!("content/documents/{m}f.md:2:1: error: missing required field `classification`"));
            assert!(!site.out().exists(), "a failed build wrote output");
        } else {
            run.ok();
            assert_nowhere(&site.out(), &m);
        }
    }
}

#[test]
fn every_non_approved_status_and_scheduled_date() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    let cases: &[(&str, Fm, &str)] = &[
        ("pending", Fm::new("x").status("pending"), "approval pending"),
        ("rejected", Fm::new("x").status("rejected"), "approval rejected"),
        ("withdrawn", Fm::new("x").status("withdrawn"), "withdrawn"),
        ("tomorrow", Fm::new("x").set("date", "2025-06-02"), "scheduled for 2025-06-02"),
        ("next-year", Fm::new("x").set("date", "2026-01-01"), "scheduled for 2026-01-01"),
        ("pending-future", Fm::new("x").status("pending").set("date", "2025-07-01"), "scheduled for 2025-07-01"),
        (
            "classified-future",
            Fm::new("x").status("pending").set("classification", "绝密").set("date", "2025-07-01"),
            "classification is not public",
        ),
    ];
    for (i, (_, gate, _)) in cases.iter().enumerate() {
        let m = format!("zqs{i}x");
        let mut fm = marked_document(&site, &m);
        for key in ["classification", "approval", "date"] {
            let value =
                gate.render().lines().find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string)).unwrap();
            fm = fm.set(key, &value);
        }
        site.entry(&format!("documents/{m}f.md"), &fm);
    }
    let run = site.build();
    run.ok();
    assert_somewhere(&site.out(), "zqokxt");
    for (i, (name, _, reason)) in cases.iter().enumerate() {
        let m = format!("zqs{i}x");
        assert_nowhere(&site.out(), &m);
        let line = format!("withheld: content/documents/{m}f.md ({reason})");
        assert!(run.stdout.lines().any(|l| l == line), "{name}: {line:?}\n{run}");
        assert!(!run.all().contains(&format!("{m}t")), "{name}\n{run}");
    }
    // Today is not scheduled: an entry dated the build date is published.
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    site.entry("documents/today.md", &Fm::new("今日zqtodayx").set("date", NOW));
    site.build().ok();
    assert_somewhere(&site.out(), "zqtodayx");
}

/// Each kind, withheld, with markers in its kind-specific fields too.
#[test]
fn every_kind_is_gated() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    site.entry(
        "bulletins/zqb1xf.md",
        &Fm::bulletin("通报zqb1xt")
            .set("classification", "internal")
            .set("summary", "zqb1xs")
            .set("table", "{columns: [县区zqb1xc, 增速], rows: [[甲县zqb1xr, 5.1], [乙县, 3.2]], rank_by: 增速}")
            .body("正文zqb1xb\n"),
    );
    site.entry(
        "bulletins/zqb2xf.md",
        &Fm::bulletin("通报zqb2xt")
            .status("withdrawn")
            .set("series", "supervision")
            .set("period", "2025-03")
            .body("正文zqb2xb\n"),
    );
    site.entry(
        "approvals/zqa1xf.md",
        &Fm::approval("事项zqa1xt", "ZQA1X-001")
            .status("pending")
            .set("category", "行政许可zqa1xk")
            .set("legal_basis", "[《法》zqa1xl]")
            .set("materials", "[申请书zqa1xm]")
            .set("fee", "\"按zqa1xe收费\"")
            .set("steps", "[{name: 受理zqa1xp, days: 1}]")
            .set("history", "[{date: 2024-01-01, change: added, decision: zqa1xn政发〔2024〕1号, note: 备注zqa1xo}]")
            .body("正文zqa1xb\n"),
    );
    site.entry(
        "approvals/zqa2xf.md",
        &Fm::approval("事项zqa2xt", "ZQA2X-002")
            .set("classification", "机密")
            .set("status", "cancelled")
            .body("正文zqa2xb\n"),
    );
    // A withheld journal withholds its (otherwise published) issues.
    site.entry("journals/zqj1xf/_index.md", &Fm::journal("刊物zqj1xt").status("rejected").body("简介zqj1xb\n"));
    site.entry("journals/zqj1xf/2025-1.md", &Fm::issue("刊期zqj1xi", 1, &["@/documents/ok.md"]).body("编者按zqj1xe\n"));
    // A published journal with one withheld issue.
    site.entry("journals/open/_index.md", &Fm::journal("公开刊物zqopenjx"));
    site.entry("journals/open/2025-1.md", &Fm::issue("公开刊期zqopenix", 1, &["@/documents/ok.md"]));
    site.entry(
        "journals/open/2025-2.md",
        &Fm::issue("刊期zqj2xt", 2, &["@/documents/ok.md"]).set("date", "2025-12-01").body("编者按zqj2xb\n"),
    );
    site.entry("pages/zqp1xf.md", &Fm::new("页面zqp1xt").set("classification", "内部").body("正文zqp1xb\n"));
    let run = site.build();
    run.ok();
    let out = site.out();
    for m in ["zqb1x", "zqb2x", "zqa1x", "zqa2x", "zqj1x", "zqj2x", "zqp1x"] {
        assert_nowhere(&out, m);
        assert_not_printed(&run, m);
    }
    for m in ["zqokxt", "zqopenjx", "zqopenix"] {
        assert_somewhere(&out, m);
    }
    for line in [
        "withheld: content/journals/zqj1xf/_index.md (approval rejected)",
        "withheld: content/journals/zqj1xf/2025-1.md (its journal is withheld)",
        "withheld: content/journals/open/2025-2.md (scheduled for 2025-12-01)",
        "withheld: content/approvals/zqa1xf.md (approval pending)",
        "withheld: content/approvals/zqa2xf.md (classification is not public)",
        "withheld: content/pages/zqp1xf.md (classification is not public)",
    ] {
        assert!(run.stdout.lines().any(|l| l == line), "{line}\n{run}");
    }
}

/// A published entry that links to or lists a withheld one still builds: the reference is left
/// out (a link becomes its text), with a warning at the reference naming both files and never
/// the withheld title; `check --strict` makes the warnings errors.
#[test]
fn references_to_withheld_entries_are_left_out_with_warnings_naming_both_files() {
    let site = TestSite::new();
    site.entry("documents/secret.md", &marked_document(&site, "zqrx").set("classification", "秘密"));
    site.entry("documents/pending.md", &Fm::new("待审zqpendx").status("pending"));
    site.entry(
        "documents/replaced.md",
        &Fm::new("被替代").set("validity", "repealed").set("replaced_by", "\"@/documents/secret.md\""),
    );
    site.entry("documents/jiedu.md", &Fm::new("解读").set("interprets", "\"@/documents/pending.md\""));
    site.entry(
        "documents/link.md",
        &Fm::new("链接").body("见[此文](@/documents/secret.md#一)。\n\n再见[附件](@/documents/zqrxa.pdf)。\n"),
    );
    site.entry("journals/j/_index.md", &Fm::journal("刊物"));
    site.entry("journals/j/2025-1.md", &Fm::issue("刊期", 1, &["@/documents/link.md", "@/documents/secret.md"]));
    let run = site.build();
    run.ok();
    for (at, target) in [
        ("content/documents/replaced.md:8:1:", "content/documents/secret.md"),
        ("content/documents/jiedu.md:7:1:", "content/documents/pending.md"),
        ("content/documents/link.md:8:7:", "content/documents/secret.md"),
        ("content/documents/link.md:10:8:", "content/documents/zqrxa.pdf"),
        ("content/journals/j/2025-1.md:9:35:", "content/documents/secret.md"),
    ] {
        let line = run.diag(at);
        assert!(line.contains(": warning: "), "{line}");
        assert!(line.contains(target), "{line} should name {target}");
        assert!(line.contains("withheld"), "{line}");
    }
    assert_not_printed(&run, "zqrx");
    assert!(!run.all().contains("zqpendx"), "withheld content printed\n{run}");
    assert_nowhere(&site.out(), "zqrx");
    assert_nowhere(&site.out(), "zqpendx");
    // The linking pages are there; the links are their text, without a URL.
    let link = std::fs::read_to_string(site.out().join("documents/link/index.html")).unwrap();
    assert!(link.contains("见此文。") && link.contains("再见附件。"), "{link}");
    assert!(site.out().join("documents/replaced/index.html").is_file());
    assert!(site.out().join("documents/jiedu/index.html").is_file());
    let strict = site.run(&["check", "--strict", "--now", NOW]);
    strict.fails();
    assert!(strict.diag("content/documents/link.md:8:7:").contains(": error: "), "{strict}");
    assert!(!strict.all().contains("zqrxt") && !strict.all().contains("zqpendx"), "{strict}");
}

#[test]
fn attachments_of_withheld_entries_and_loose_files_are_never_copied() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    site.entry("documents/secret.md", &marked_document(&site, "zqwx").set("classification", "internal"));
    // Loose files nobody lists or links, in every folder, with allowed and refused types.
    for loose in [
        "documents/zqloose1x.pdf",
        "documents/zqloose2x.xlsx",
        "documents/sub/zqloose3x.txt",
        "misc/zqloose4x.doc",
        "zqloose5x.csv",
        "pages/zqloose6x.html",
        "documents/.zqloose7x.pdf",
        ".hidden/zqloose8x.txt",
    ] {
        site.write(&format!("content/{loose}"), format!("content of {loose} zqloosec"));
    }
    let run = site.build();
    run.ok();
    assert_nowhere(&site.out(), "zqwx");
    assert_nowhere(&site.out(), "zqloose");
    assert_somewhere(&site.out(), "zqokxt");

    // The same file listed by a published document is an error, not a copy.
    site.entry("documents/ok2.md", &Fm::new("也列出它").set("attachments", "[zqwxa.pdf]"));
    let run = site.build();
    run.fails();
    let line = run.diag("content/documents/ok2.md:7:15: error:");
    assert!(line.contains("content/documents/secret.md"), "{line}");
    assert!(!run.all().contains("zqwxt"));
}

/// The state of an earlier build never survives: the page, list items, feed entries, sitemap
/// line, index terms and export rows of an entry withheld since are all gone.
#[test]
fn pages_left_from_an_earlier_build_are_removed() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    let fm = marked_document(&site, "zqgx").set("topics", "[zqgxp专题]");
    site.entry("documents/zqgxf.md", &fm);
    site.entry("approvals/zqgaxf.md", &Fm::approval("事项zqgaxt", "ZQGAX-1"));
    site.build().ok();
    assert_somewhere(&site.out(), "zqgxt");
    assert_somewhere(&site.out(), "zqgxa.pdf");
    assert_somewhere(&site.out(), "zqgaxt");
    assert!(site.out().join("documents/zqgxf/index.html").is_file());

    // The status flips to pending and the item is reclassified.
    site.entry("documents/zqgxf.md", &fm.clone().status("pending"));
    site.entry("approvals/zqgaxf.md", &Fm::approval("事项zqgaxt", "ZQGAX-1").set("classification", "internal"));
    let run = site.build();
    run.ok();
    assert!(run.stdout.contains("removed"), "{run}");
    assert_nowhere(&site.out(), "zqgx");
    assert_nowhere(&site.out(), "zqgax");
    assert_somewhere(&site.out(), "zqokxt");
}

/// `--now` moving back makes an entry scheduled again: gone from every file.
#[test]
fn published_yesterday_withheld_today() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    site.entry("documents/zqtx.md", &marked_document(&site, "zqtx").set("date", "2025-05-31"));
    site.build_at("2025-05-31").ok();
    assert_somewhere(&site.out(), "zqtxt");
    let run = site.build_at("2025-05-30");
    run.ok();
    assert!(run.stdout.contains("withheld: content/documents/zqtx.md (scheduled for 2025-05-31)"));
    assert_nowhere(&site.out(), "zqtx");
    // And the classification flips the next day.
    site.build_at("2025-06-01").ok();
    assert_somewhere(&site.out(), "zqtxt");
    site.entry(
        "documents/zqtx.md",
        &marked_document(&site, "zqtx").set("date", "2025-05-31").set("classification", "机密"),
    );
    site.build_at("2025-06-02").ok();
    assert_nowhere(&site.out(), "zqtx");
}

/// `--drafts`: pending and scheduled entries are shown with a banner (and not indexed);
/// classified, rejected and withdrawn ones stay withheld.
#[test]
fn drafts_preview_never_shows_classified_rejected_or_withdrawn() {
    let site = TestSite::new();
    published(&site, "documents/ok.md", "zqokx");
    site.entry("documents/pending.md", &Fm::new("待审zqdpendx").status("pending"));
    site.entry("documents/later.md", &Fm::new("定时zqdlaterx").set("date", "2025-09-01"));
    site.entry(
        "documents/secret.md",
        &marked_document(&site, "zqdsecx").status("pending").set("classification", "secret"),
    );
    site.entry("documents/rejected.md", &marked_document(&site, "zqdrejx").status("rejected"));
    site.entry("documents/withdrawn.md", &marked_document(&site, "zqdwdx").status("withdrawn"));
    let run = site.run(&["build", "--now", NOW, "--drafts"]);
    run.ok();
    let out = site.out();
    for m in ["zqdsecx", "zqdrejx", "zqdwdx"] {
        assert_nowhere(&out, m);
    }
    let page = std::fs::read_to_string(out.join("documents/pending/index.html")).unwrap();
    assert!(page.contains("zqdpendx"));
    assert!(page.contains("noindex"), "a preview is not for indexing");
    // Drafts are not in the search index.
    for rel in grep_output(&out, "zqdpendx") {
        assert!(!rel.starts_with("search/index/"), "draft indexed in {rel}");
    }

    // A draft that refers to a classified or rejected entry: in preview the reference may be a
    // warning rather than an error, but the target's content never shows.
    site.entry(
        "documents/pending2.md",
        &Fm::new("待审二zqdpend2x")
            .status("pending")
            .set("interprets", "\"@/documents/secret.md\"")
            .body("见[秘密](@/documents/secret.md)和[驳回](@/documents/rejected.md)。\n"),
    );
    let run = site.run(&["build", "--now", NOW, "--drafts"]);
    for m in ["zqdsecx", "zqdrejx", "zqdwdx"] {
        assert_not_printed(&run, m);
        if site.out().exists() {
            assert_nowhere(&site.out(), m);
        }
    }
    // And a real build of the same site: the pending entry is withheld, nothing leaks.
    let run = site.build();
    run.ok();
    for m in ["zqdsecx", "zqdrejx", "zqdwdx", "zqdpendx", "zqdpend2x", "zqdlaterx"] {
        assert_nowhere(&site.out(), m);
    }
}
