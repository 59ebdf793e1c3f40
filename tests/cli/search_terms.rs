//! The search index merged from per-entry records cached by content (issue 18, target 3): a
//! build whose bodies did not change tokenises nothing, a changed body is tokenised alone,
//! and an entry withheld between two builds leaves nothing in the index or the cache.

use crate::common::{contains, Fm, TestSite};

/// `search records: N tokenised, M from the term cache`, from a build with GONGKAI_TIMINGS.
fn records(site: &TestSite) -> (usize, usize, String) {
    // A fresh output folder each time, so that the no-change shortcut never answers.
    let _ = std::fs::remove_dir_all(site.out());
    let o = site.cmd().env("GONGKAI_TIMINGS", "1").args(["build", "--now", "2025-06-01"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("search records: ")).unwrap_or_else(|| panic!("{stderr}"));
    let n: Vec<usize> = line.split(' ').filter_map(|w| w.parse().ok()).collect();
    (n[0], n[1], stderr)
}

fn index_bytes(site: &TestSite) -> Vec<u8> {
    crate::common::output_files(&site.out().join("search/index")).into_values().flatten().collect()
}

#[test]
fn unchanged_bodies_are_not_tokenised_again_and_a_withheld_entry_leaves_no_terms() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("甲文件").body("优化营商环境的第一份文件。\n"));
    site.entry("documents/b.md", &Fm::new("乙文件").body("关于推进数字政府建设的通知，标记词龘龘龘。\n"));
    site.entry("documents/c.md", &Fm::new("丙文件").body("第三份文件的正文。\n"));
    let (made, reused, _) = records(&site);
    assert_eq!((made, reused), (3, 0), "a cold cache tokenises every entry");
    assert!(contains(&index_bytes(&site), "龘龘".as_bytes()));
    let first = crate::common::output_files(&site.out());

    // Nothing changed: every record comes from the cache, the output is the same.
    std::fs::remove_file(site.root().join(".gongkai/search-index.bin")).unwrap();
    let (made, reused, _) = records(&site);
    assert_eq!((made, reused), (0, 3));
    assert_eq!(crate::common::output_files(&site.out()), first, "merged from cached records: byte-identical");

    // One body changed: only it is tokenised, and the index holds its new text.
    site.entry("documents/c.md", &Fm::new("丙文件").body("第三份文件改写后的正文，新词鑫鑫。\n"));
    let (made, reused, _) = records(&site);
    assert_eq!((made, reused), (1, 2));
    assert!(contains(&index_bytes(&site), "鑫鑫".as_bytes()));

    // Withheld between two builds: its terms are in neither the index nor the term cache.
    site.entry(
        "documents/b.md",
        &Fm::new("乙文件").status("pending").body("关于推进数字政府建设的通知，标记词龘龘龘。\n"),
    );
    let (made, reused, _) = records(&site);
    assert_eq!((made, reused), (0, 2));
    crate::common::assert_nowhere(&site.out(), "龘");
    crate::common::assert_nowhere(&site.out(), "数字政府");
    let cache = std::fs::read(site.root().join(".gongkai/search-terms.bin")).unwrap();
    assert!(!contains(&cache, "龘".as_bytes()), "the withheld entry's record left the cache");

    // Published again with the same text: found by the index again (tokenised anew).
    site.entry("documents/b.md", &Fm::new("乙文件").body("关于推进数字政府建设的通知，标记词龘龘龘。\n"));
    let (made, reused, _) = records(&site);
    assert_eq!((made, reused), (1, 2));
    assert!(contains(&index_bytes(&site), "龘龘".as_bytes()));
}
