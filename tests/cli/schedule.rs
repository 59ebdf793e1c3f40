//! Scheduled publication: `build` names the next date on which the output changes by itself
//! (approved entries dated after the build date), in words and as JSON, never with titles.

use crate::common::*;

fn site() -> TestSite {
    let site = TestSite::new();
    site.entry("documents/now.md", &Fm::new("已发布文件").set("date", "2025-05-01"));
    site.entry("documents/a.md", &Fm::new("定时甲").set("date", "2025-06-15"));
    site.entry("documents/b.md", &Fm::new("定时乙").set("date", "2025-06-15"));
    site.entry("documents/c.md", &Fm::new("定时丙").set("date", "2025-07-01"));
    // Pending and not public: they will not go online by themselves, so they do not count.
    site.entry("documents/p.md", &Fm::new("待审").set("date", "2025-06-10").status("pending"));
    site.entry("documents/s.md", &Fm::new("密件").set("date", "2025-06-05").set("classification", "secret"));
    site
}

#[test]
fn build_announces_the_next_scheduled_publication() {
    let site = site();
    let run = site.build_at(NOW);
    run.ok();
    assert!(run.stdout.ends_with("next scheduled publication: 2025-06-15 (2 entries)\n"), "{run}");
    for title in ["定时甲", "定时乙", "定时丙", "待审"] {
        assert!(!run.all().contains(title), "{title} printed\n{run}");
    }
    // A second build (replayed from the manifest when nothing changed) says the same.
    let again = site.build_at(NOW);
    assert!(again.stdout.ends_with("next scheduled publication: 2025-06-15 (2 entries)\n"), "{again}");
    let later = site.build_at("2025-06-15");
    assert!(later.stdout.ends_with("next scheduled publication: 2025-07-01 (1 entry)\n"), "{later}");
    let last = site.build_at("2025-07-01");
    assert!(last.stdout.ends_with("next scheduled publication: none\n"), "{last}");
}

#[test]
fn build_format_json_is_one_object_for_scripts() {
    let site = site();
    let run = site.run(&["build", "--now", NOW, "--format", "json"]);
    run.ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{run}"));
    assert_eq!(v["ok"], true);
    assert_eq!(v["build_date"], NOW);
    assert_eq!(v["published"], 1);
    assert_eq!(v["next_scheduled"], serde_json::json!({"date": "2025-06-15", "entries": 2}));
    assert_eq!(v["withheld"].as_array().map(Vec::len), Some(5));
    assert!(!run.stdout.contains("定时"));
    let none = site.run(&["build", "--now", "2025-07-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&none.stdout).unwrap();
    assert!(v["next_scheduled"].is_null(), "{none}");
    // A failed build still prints its JSON, with ok: false and exit 1.
    site.write("content/documents/bad.md", "---\ntitle: x\n");
    let bad = site.run(&["build", "--now", NOW, "--format", "json"]);
    assert_eq!(bad.code, 1, "{bad}");
    let v: serde_json::Value = serde_json::from_str(&bad.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["errors"].as_u64().unwrap() >= 1);
}
