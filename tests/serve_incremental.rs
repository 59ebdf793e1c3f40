//! The preview's incremental updates skip work, never correctness: after each edit of a
//! sequence (a title shown in lists, a body, a summary, a department, a date, an approval
//! item, an entry withdrawn, a new file, a deleted file, a stylesheet), what `serve` holds in
//! memory is byte for byte what a fresh full render of the same folder gives.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use gongkai::render::OutFile;
use gongkai::serve::{Preview, Session};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for item in fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            fs::copy(item.path(), target).unwrap();
        }
    }
}

/// The bundled portal, copied: every kind of entry, references between them, journals, tasks.
fn portal() -> (tempfile::TempDir, PathBuf) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo.join("content"), &root.join("content"));
    for f in ["site.yaml", "index-numbers.lock"] {
        fs::copy(repo.join(f), root.join(f)).unwrap();
    }
    fs::create_dir_all(root.join("static/assets/css")).unwrap();
    fs::write(root.join("static/assets/css/style.css"), "body{color:#111}\n").unwrap();
    // Canonical, as `serve` makes it: the watcher reports absolute paths under it.
    let root = fs::canonicalize(root).unwrap();
    (tmp, root)
}

fn served(session: &Session) -> HashMap<String, OutFile> {
    session.state.read().unwrap().files.clone()
}

fn fresh(root: &Path, drafts: bool) -> HashMap<String, OutFile> {
    let outcome = Preview::new(root.to_path_buf(), drafts).rebuild();
    outcome.files.unwrap_or_else(|| panic!("the fresh build fails: {:?}", outcome.diagnostics))
}

fn text(f: &OutFile) -> String {
    match f {
        OutFile::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        OutFile::Copy(p) => fs::read_to_string(p).unwrap_or_default(),
    }
}

/// Edit one file (`f` maps its text to the new text, `None` deletes it) and compare.
fn edit(session: &mut Session, root: &Path, rel: &str, f: impl FnOnce(&str) -> Option<String>) -> &'static str {
    edit_as(session, root, rel, f, true)
}

fn edit_as(
    session: &mut Session,
    root: &Path,
    rel: &str,
    f: impl FnOnce(&str) -> Option<String>,
    drafts: bool,
) -> &'static str {
    let p = root.join(rel);
    let old = fs::read_to_string(&p).unwrap_or_default();
    match f(&old) {
        Some(new) => {
            assert_ne!(new, old, "{rel}: the edit changes nothing");
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, new).unwrap();
        }
        None => fs::remove_file(&p).unwrap(),
    }
    session.on_change(&[p], &|_| {});
    let (got, want) = (served(session), fresh(root, drafts));
    let mut missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let mut extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let mut differ: Vec<&String> =
        want.iter().filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v)).map(|(k, _)| k).collect();
    missing.sort();
    extra.sort();
    differ.sort();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after editing {rel} ({} path): missing {missing:?}, extra {extra:?}, different {differ:?}",
        session.last
    );
    session.last
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(&str) -> Option<String> {
    move |t| {
        assert!(t.contains(from), "`{from}` not in the file");
        Some(t.replacen(from, to, 1))
    }
}

#[test]
fn every_incremental_update_equals_a_full_render() {
    let (_tmp, root) = portal();
    let mut session = Session::offline(Preview::new(root.clone(), true));
    assert_eq!(served(&session), fresh(&root, true), "the first build");
    let doc = "content/documents/yunrenshe-2025-18.md";
    let title =
        fs::read_to_string(root.join(doc)).unwrap().lines().find(|l| l.starts_with("title: ")).unwrap().to_string();
    // A title shown in lists, on the page that interprets it and in a journal's contents.
    let new_title = format!("{title}（修订稿）");
    let how = edit(&mut session, &root, doc, |t| Some(t.replacen(&title, &new_title, 1)));
    assert_eq!(how, "shown", "a title edit renders only the pages that show the entry");
    // A body edit: its own page, the statistics (its length), the search index.
    let how = edit(&mut session, &root, doc, |t| Some(format!("{t}\n追加的一段正文。\n")));
    assert_eq!(how, "shown");
    // A summary, a department moved to another existing one, a date moved to another year.
    edit(&mut session, &root, doc, |t| {
        let l = t.lines().find(|l| l.starts_with("summary: ")).unwrap();
        Some(t.replacen(l, "summary: 新的摘要。", 1))
    });
    edit(
        &mut session,
        &root,
        doc,
        replace("department: 云州市人力资源和社会保障局", "department: 云州市发展和改革委员会"),
    );
    edit(&mut session, &root, doc, |t| {
        let l = t.lines().find(|l| l.starts_with("date: ")).unwrap();
        Some(t.replacen(l, "date: 2026-01-15", 1))
    });
    // An approval item's title (other items may show it), a bulletin's body and title.
    edit(&mut session, &root, "content/approvals/yz-gf-0401.md", |t| {
        let l = t.lines().find(|l| l.starts_with("title: ")).unwrap();
        Some(t.replacen(l, &format!("{l}（更名）"), 1))
    });
    edit(&mut session, &root, "content/bulletins/ducha-2025-06.md", |t| {
        let l = t.lines().find(|l| l.starts_with("title: ")).unwrap();
        Some(t.replacen(l, "title: 督查通报改名", 1))
    });
    // A body that links a file under content/ (copied to files/), then no longer does.
    let link = "\n见[供地计划](@/documents/gongdi-jihua-2025.pdf)。\n";
    edit(&mut session, &root, doc, |t| Some(format!("{t}{link}")));
    assert!(served(&session).contains_key("files/documents/gongdi-jihua-2025.pdf"));
    edit(&mut session, &root, doc, |t| Some(t.replace(link, "")));
    // An attachment dropped from a document (and the body line that linked it).
    edit(&mut session, &root, "content/documents/yunzirangui-2025-12.md", |t| {
        let body = t.lines().find(|l| l.contains("](gongdi-jihua-2025.pdf)")).unwrap();
        Some(t.replace("attachments: [gongdi-jihua-2025.pdf]\n", "").replace(body, "计划详细指标另行公布。"))
    });
    // Withdrawn: the entry disappears from every page, list, feed and the index.
    let gone = "content/documents/jiedu-yunrenshe-2025-18.md";
    let marker = "WITHDRAWN-MARKER-7f3a";
    edit(&mut session, &root, gone, |t| {
        let l = t.lines().find(|l| l.starts_with("title: ")).unwrap();
        Some(t.replacen(l, &format!("title: {marker}"), 1))
    });
    assert!(served(&session).values().any(|f| text(f).contains(marker)), "the marker is shown while public");
    edit(&mut session, &root, gone, replace("status: approved", "status: withdrawn"));
    let leaks: Vec<String> =
        served(&session).iter().filter(|(_, f)| text(f).contains(marker)).map(|(k, _)| k.clone()).collect();
    assert!(leaks.is_empty(), "a withdrawn entry is still served in {leaks:?}");
    // A new file, then deleted again; another file deleted.
    let new = "---\ntitle: 新增的文件\ndate: 2026-02-03\nclassification: public\napproval: {status: approved, by: 张三, on: 2026-02-03}\ndepartment: 云州市发展和改革委员会\n---\n新文件的正文。\n";
    edit(&mut session, &root, "content/documents/xinzeng-2026-1.md", |_| Some(new.to_string()));
    edit(&mut session, &root, "content/documents/xinzeng-2026-1.md", |_| None);
    edit(&mut session, &root, "content/bulletins/ducha-2025-07.md", |_| None);
    // A stylesheet: swapped, no page changes.
    let how = edit(&mut session, &root, "static/assets/css/style.css", |_| Some("body{color:#222}\n".into()));
    assert_eq!(how, "static");
}

/// With drafts hidden (`serve --no-drafts`): approving a pending document shows it, setting it
/// back to pending hides it again, everywhere.
#[test]
fn approving_and_unapproving_without_drafts() {
    let (_tmp, root) = portal();
    let mut session = Session::offline(Preview::new(root.clone(), false));
    assert_eq!(served(&session), fresh(&root, false), "the first build");
    let doc = "content/documents/gonggong-shuju-shouquan-yunying.md";
    let marker = "PENDING-MARKER-41c9";
    edit_as(
        &mut session,
        &root,
        doc,
        |t| {
            let l = t.lines().find(|l| l.starts_with("title: ")).unwrap();
            Some(t.replacen(l, &format!("title: {marker}"), 1))
        },
        false,
    );
    assert!(!served(&session).values().any(|f| text(f).contains(marker)), "a pending document is not shown");
    edit_as(
        &mut session,
        &root,
        doc,
        replace("status: pending", "status: approved\n  by: 张三\n  on: 2026-08-20"),
        false,
    );
    assert!(served(&session).values().any(|f| text(f).contains(marker)), "approved: shown");
    edit_as(&mut session, &root, doc, |t| Some(format!("{t}\n正文修改。\n")), false);
    edit_as(
        &mut session,
        &root,
        doc,
        replace("status: approved\n  by: 张三\n  on: 2026-08-20", "status: pending"),
        false,
    );
    let leaks: Vec<String> =
        served(&session).iter().filter(|(_, f)| text(f).contains(marker)).map(|(k, _)| k.clone()).collect();
    assert!(leaks.is_empty(), "pending again, still served in {leaks:?}");
}

/// The title of `t` (its `title:` line) with `suffix` appended.
fn retitle(suffix: &'static str) -> impl FnOnce(&str) -> Option<String> {
    move |t| {
        let l = t.lines().find(|l| l.starts_with("title: ")).unwrap();
        Some(t.replacen(l, &format!("{l}{suffix}"), 1))
    }
}

/// Edits of what an entry shows (title, summary, body) take the path that skips assembling
/// the site and plans again only the sections that derive more than list values from the
/// entry; everything else falls back. Each result still equals a full render.
#[test]
fn edits_of_what_entries_show() {
    let (_tmp, root) = portal();
    let mut session = Session::offline(Preview::new(root.clone(), true));
    let shown = [
        // A document a task names as its source, and a journal issue lists.
        ("content/documents/yunzhengfa-2025-2.md", "title"),
        ("content/documents/yunzhengfa-2025-8.md", "title"),
        ("content/documents/yunzhengfa-2025-8.md", "summary"),
        ("content/journals/zhengbao/2025-05.md", "body"),
        ("content/journals/zhengbao/2025-05.md", "title"),
        ("content/journals/zhengbao/_index.md", "title"),
        ("content/pages/contact.md", "title"),
        ("content/pages/contact.md", "body"),
        ("content/tasks/chengji-tielu-qianqi.md", "title"),
        ("content/tasks/chengji-tielu-qianqi.md", "body"),
    ];
    for (file, what) in shown {
        let how = match what {
            "title" => edit(&mut session, &root, file, retitle("（改）")),
            "summary" => edit(&mut session, &root, file, |t| {
                let l = t.lines().find(|l| l.starts_with("summary: ")).unwrap();
                Some(t.replacen(l, "summary: 改过的摘要。", 1))
            }),
            _ => edit(&mut session, &root, file, |t| Some(format!("{t}\n改过的正文。\n"))),
        };
        assert_eq!(how, "shown", "{what} of {file}");
    }
    // A date that moves a document to the top of every list: what lists hold changes.
    let doc = "content/documents/yunrenshe-2025-18.md";
    let how = edit(&mut session, &root, doc, replace("date: 2025-05-08", "date: 2026-03-01"));
    assert_eq!(how, "update", "a date edit reorders lists: planned again");
    // Dated after the build date: a draft in the preview, then its title and body as a draft.
    edit(&mut session, &root, doc, replace("date: 2026-03-01", "date: 2099-03-01"));
    assert_eq!(edit(&mut session, &root, doc, retitle("（草稿）")), "shown");
    assert_eq!(edit(&mut session, &root, doc, |t| Some(format!("{t}\n草稿正文。\n"))), "shown");
    edit(&mut session, &root, doc, replace("date: 2099-03-01", "date: 2025-05-08"));
    // Withheld by its classification: gone from every page, list, feed and the search index.
    let marker = "CLASSIFIED-MARKER-2b8e";
    edit(&mut session, &root, doc, retitle(marker));
    assert!(served(&session).values().any(|f| text(f).contains(marker)));
    edit(&mut session, &root, doc, replace("classification: public", "classification: confidential"));
    let leaks: Vec<String> =
        served(&session).iter().filter(|(_, f)| text(f).contains(marker)).map(|(k, _)| k.clone()).collect();
    assert!(leaks.is_empty(), "a classified entry is still served in {leaks:?}");
    edit(&mut session, &root, doc, replace("classification: confidential", "classification: public"));
}

/// An edit that breaks a file — front matter that does not parse, a body link to nothing —
/// shows its errors and keeps serving the last good output; the repair brings it up to date.
#[test]
fn a_broken_edit_keeps_the_last_good_output() {
    let (_tmp, root) = portal();
    let mut session = Session::offline(Preview::new(root.clone(), true));
    let doc = "content/documents/yunrenshe-2025-18.md";
    let good = fs::read_to_string(root.join(doc)).unwrap();
    let breaks = [
        good.replacen("title: ", "title: [未闭合", 1),
        good.replacen("\ndate: 2025-05-08", "\ndate: 2025-05-08\n  bad indent: x", 1),
        format!("{good}\n见[不存在的文件](@/documents/no-such-file.md)。\n"),
    ];
    for broken in breaks {
        let before = served(&session);
        fs::write(root.join(doc), &broken).unwrap();
        session.on_change(&[root.join(doc)], &|_| {});
        assert!(!session.state.read().unwrap().errors.is_empty(), "errors are shown for:\n{broken}");
        assert!(served(&session) == before, "the last good output is kept");
        let how = edit(&mut session, &root, doc, |_| Some(format!("{good}\n修好了。\n")));
        assert_ne!(how, "shown", "after a failed rebuild the site is assembled again");
        fs::write(root.join(doc), &good).unwrap();
        session.on_change(&[root.join(doc)], &|_| {});
        assert!(served(&session) == fresh(&root, true));
    }
}
