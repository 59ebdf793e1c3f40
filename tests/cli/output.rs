//! The output folder: reproducible bytes, untouched by a failed build, repaired after an
//! interrupted one, and never half-written.

use std::fs;
use std::time::Duration;

use crate::common::*;

/// A small site with every kind, an attachment and a statistics table.
fn full_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/documents/fujian.pdf", "%PDF-1.4 fujian");
    site.entry(
        "documents/a.md",
        &Fm::new("关于印发测试办法的通知")
            .set("doc_number", "测政发〔2025〕1号")
            .set("topics", "[营商环境]")
            .set("attachments", "[fujian.pdf]")
            .body("## 一、总则\n\n**注意：**正文。\n"),
    );
    site.entry(
        "documents/b.md",
        &Fm::new("关于测试办法的解读").set("date", "2025-02-01").set("interprets", "\"@/documents/a.md\""),
    );
    site.entry(
        "bulletins/c.md",
        &Fm::bulletin("一季度通报")
            .set("table", "{columns: [县区, 增速], rows: [[甲县, 5.1], [乙县, 3.2]], rank_by: 增速}"),
    );
    site.entry("approvals/d.md", &Fm::approval("食品经营许可", "CS-XK-0001"));
    site.entry("journals/gb/_index.md", &Fm::journal("测试市人民政府公报"));
    site.entry("journals/gb/2025-1.md", &Fm::issue("2025年第1期", 1, &["@/documents/a.md"]));
    site.entry("pages/about.md", &Fm::new("关于本站"));
    site
}

#[test]
fn two_builds_with_now_are_byte_identical() {
    let site = full_site();
    let a = site.tmp.path().join("a");
    let b = site.tmp.path().join("b");
    site.run(&["build", "--now", NOW, "--output", a.to_str().unwrap()]).ok();
    // A different process, a different folder, a later wall-clock time.
    std::thread::sleep(Duration::from_millis(1100));
    site.run(&["build", "--now", NOW, "--output", b.to_str().unwrap()]).ok();
    let (fa, fb) = (output_files(&a), output_files(&b));
    assert!(fa.len() > 20, "{} files", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two builds");
    }
}

#[test]
fn source_date_epoch_gives_the_same_bytes_as_now() {
    let site = full_site();
    let a = site.tmp.path().join("a");
    let b = site.tmp.path().join("b");
    let c = site.tmp.path().join("c");
    // 2025-06-01 00:30 in China is still 2025-05-31 in UTC: the build date is China's.
    let epoch = "1748709000";
    for dir in [&a, &b] {
        let run = Run::from(
            site.cmd()
                .args(["build", "--output", dir.to_str().unwrap()])
                .env("SOURCE_DATE_EPOCH", epoch)
                .output()
                .unwrap(),
        );
        run.ok();
    }
    site.run(&["build", "--now", "2025-06-01", "--output", c.to_str().unwrap()]).ok();
    let (fa, fb, fc) = (output_files(&a), output_files(&b), output_files(&c));
    assert!(fa == fb, "two SOURCE_DATE_EPOCH builds differ");
    assert!(fa == fc, "SOURCE_DATE_EPOCH={epoch} is not the same build date as --now 2025-06-01");
}

#[test]
fn a_failed_build_leaves_the_output_exactly_as_it_was() {
    let site = full_site();
    site.build().ok();
    let before = snapshot(&site.out());
    std::thread::sleep(Duration::from_millis(1100));
    // An error in one file (and a new page that would have been added).
    site.entry("documents/new.md", &Fm::new("新文件zqnewx"));
    site.write(
        "content/documents/a.md",
        fs::read_to_string(site.path("content/documents/a.md"))
            .unwrap()
            .replace("date: 2025-01-10", "date: 2025-02-30"),
    );
    let run = site.build();
    run.fails();
    assert!(run.stderr.contains("left unchanged"), "{run}");
    assert_same_tree(&before, &snapshot(&site.out()), true);
    assert!(!site.tmp.path().join("site/.public.gongkai-new").exists());
    assert!(!site.tmp.path().join("site/.public.gongkai-old").exists());
    // A render-time error (a broken @/ link in a body) also leaves it alone.
    site.build().fails();
    site.entry("documents/new.md", &Fm::new("新文件").body("[x](@/documents/missing.md)\n"));
    site.build().fails();
    assert_same_tree(&before, &snapshot(&site.out()), true);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let site = full_site();
    site.build().ok();
    let before = snapshot(&site.out());
    std::thread::sleep(Duration::from_millis(1100));
    let run = site.build();
    run.ok();
    assert!(run.stdout.contains(" 0 written,"), "{run}");
    assert_same_tree(&before, &snapshot(&site.out()), true);
}

/// As if a build had been killed between the two renames (the output moved aside, the new one
/// staged) or while staging: the next build puts everything right.
#[test]
fn an_interrupted_build_is_repaired_by_the_next() {
    let site = full_site();
    site.build().ok();
    let good = output_files(&site.out());
    let stage = site.path(".public.gongkai-new");
    let old = site.path(".public.gongkai-old");

    // Killed while staging: a half-filled stage with a truncated file.
    copy_dir(&site.out(), &stage);
    fs::write(stage.join("index.html"), "<!DOCTYPE html><html><he").unwrap();
    fs::remove_file(stage.join("sitemap.xml")).unwrap();
    site.build().ok();
    assert!(!stage.exists() && !old.exists());
    assert!(output_files(&site.out()) == good, "output not complete after recovery");

    // Killed between the renames: the output is in `.old`, a complete stage is in `.new`.
    copy_dir(&site.out(), &stage);
    fs::rename(site.out(), &old).unwrap();
    site.build().ok();
    assert!(!stage.exists() && !old.exists());
    assert!(output_files(&site.out()) == good);

    // Killed after the second rename, before `.old` was removed.
    copy_dir(&site.out(), &old);
    fs::write(old.join("zqstale.html"), "stale").unwrap();
    site.build().ok();
    assert!(!old.exists());
    assert!(output_files(&site.out()) == good);

    // `.old` alone with no output (killed after the first rename, stage lost): restored, rebuilt.
    fs::rename(site.out(), &old).unwrap();
    site.build().ok();
    assert!(!old.exists());
    assert!(output_files(&site.out()) == good);
}

/// Kill real builds of a large site at several moments; whatever the moment, the output is
/// either the previous complete one or the new complete one (byte for byte), never a mixture or
/// a half-written file, and the next build completes it.
#[test]
fn killing_a_real_build_never_leaves_a_half_written_output() {
    let site = TestSite::new();
    let version = |revised: bool| {
        for i in 0..400 {
            let (title, body) = if revised {
                (format!("第{i}号文件（修订）"), "修订后的正文。\n\n".repeat(40))
            } else {
                (format!("第{i}号文件"), "云州市人民政府关于进一步优化营商环境的若干措施。\n\n".repeat(40))
            };
            site.entry(&format!("documents/d{i:04}.md"), &Fm::new(&title).body(&body));
        }
    };
    // The two complete outputs, built aside.
    version(true);
    let second_dir = site.tmp.path().join("second");
    site.run(&["build", "--now", NOW, "--output", second_dir.to_str().unwrap()]).ok();
    let second = output_files(&second_dir);
    version(false);
    site.build().ok();
    let first = output_files(&site.out());
    assert!(first != second);
    version(true);
    let bin = assert_cmd::cargo::cargo_bin("gongkai");
    for delay_ms in [30u64, 120, 250, 400, 700, 1000] {
        let mut child = std::process::Command::new(&bin)
            .args(["build", "--now", NOW])
            .current_dir(site.root())
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // What a web server would serve: public/, or (killed between the two renames) nothing
        // there yet and the previous output in .public.gongkai-old, which the next build restores.
        let out = site.out();
        let visible = if out.exists() { out.clone() } else { site.path(".public.gongkai-old") };
        assert!(visible.exists(), "killed after {delay_ms} ms: no output at all");
        let now = output_files(&visible);
        assert!(now == first || now == second, "killed after {delay_ms} ms: a mixture or a half-written output");
        // The next build repairs and completes.
        site.build().ok();
        assert!(output_files(&site.out()) == second, "killed after {delay_ms} ms: the next build is not complete");
        assert!(!site.path(".public.gongkai-new").exists() && !site.path(".public.gongkai-old").exists());
        // Back to the first output for the next round, so the kill interrupts real work.
        fs::remove_dir_all(site.out()).unwrap();
        for (rel, bytes) in &first {
            let p = site.out().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
}

/// Nothing is written outside the output folder (and the sibling stage is cleaned up).
#[test]
fn nothing_is_written_beside_the_output() {
    let site = full_site();
    site.build().ok();
    site.build().ok();
    assert!(site.stray_files(&[]).is_empty(), "{:?}", site.stray_files(&[]));
    assert_eq!(site.top_level(), ["content", "index-numbers.lock", "public", "site.yaml"]);
}

/// `minify: full` runs minify-html over every page: the same text, fewer bytes; a bad value is
/// an error at its line.
#[cfg(feature = "full-minify")]
#[test]
fn minify_full_is_smaller_and_says_the_same() {
    let site = full_site();
    site.build().ok();
    let page = |site: &TestSite| fs::read_to_string(site.out().join("documents/a/index.html")).unwrap();
    let tidy = page(&site);
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}\nminify: full\n"));
    site.build().ok();
    let full = page(&site);
    assert!(full.len() < tidy.len(), "{} vs {}", full.len(), tidy.len());
    for text in ["关于印发测试办法的通知", "测政发〔2025〕1号", "<strong>注意：</strong>正文"] {
        assert!(tidy.contains(text) && full.contains(text), "{text}");
    }
    site.write("site.yaml", format!("{yaml}\nminify: everything\n"));
    let run = site.build();
    run.fails();
    assert!(
        run.stderr.contains("site.yaml:") && run.stderr.contains("`minify` must be `templates` or `full`"),
        "{run}"
    );
}

/// Without the `full-minify` feature, `minify: full` is an error naming the feature, at its line.
#[cfg(not(feature = "full-minify"))]
#[test]
fn minify_full_without_the_feature_names_it() {
    let site = full_site();
    let yaml = fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}\nminify: full\n"));
    let run = site.build();
    run.fails();
    assert!(run.stderr.contains("site.yaml:") && run.stderr.contains("full-minify"), "{run}");
}

/// `feed.xml` and `sitemap.xml` are templates like every page: a site overrides them in
/// `templates/`, values arrive XML-escaped, and a broken override is a located error.
#[test]
fn feeds_and_the_sitemap_are_overridable_templates() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("关于“甲&乙”<试行>的通知"));
    site.build().ok();
    let feed = fs::read_to_string(site.out().join("feed.xml")).unwrap();
    assert!(feed.contains("<title>关于“甲&amp;乙”&lt;试行&gt;的通知</title>"), "{feed}");
    site.write(
        "templates/feed.xml",
        "<feed>{% for e in entries %}<x t=\"{{ e.title }}\" href=\"{{ e.url }}\"/>{% endfor %}</feed>\n",
    );
    site.write("templates/sitemap.xml", "<urlset>{% for u in urls %}<u>{{ u.loc }}</u>{% endfor %}</urlset>\n");
    site.build().ok();
    let feed = fs::read_to_string(site.out().join("documents/feed.xml")).unwrap();
    assert!(feed.starts_with("<feed><x t=\"关于“甲&amp;乙”&lt;试行&gt;的通知\" href=\"http"), "{feed}");
    let map = fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(map.starts_with("<urlset><u>http") && map.contains("/documents/a/</u>"), "{map}");
    site.write("templates/feed.xml", "<feed>{{ nosuch.thing }}</feed>\n");
    let run = site.build();
    run.fails();
    assert!(run.stderr.contains("templates/feed.xml"), "{run}");
}
