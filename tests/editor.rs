//! The editors' workflow: `check` lints (each with a case that triggers it and one that does
//! not), its JSON format, `new`, `init`, and `serve` over HTTP.

#[path = "common/lang.rs"]
mod lang;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2025-06-01";

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gongkai"))
}

struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content/documents")).unwrap();
        fs::write(
            root.join("site.yaml"),
            "title: 测试市人民政府\nbase_url: https://www.example.gov.cn\norg_code: \"000000000000000000\"\ndepartments: [测试市人民政府办公室]\nlimits: {general: 40}\n",
        )
        .unwrap();
        Site { _tmp: tmp, root }
    }

    fn doc(&self, name: &str, extra: &str, body: &str) -> &Self {
        let text = format!(
            "---\ntitle: 测试文件{name}\ndate: 2025-01-02\nclassification: public\napproval: {{status: approved, by: 张三, on: 2025-01-02}}\ndepartment: 测试市人民政府办公室\n{extra}---\n{body}"
        );
        self.write(&format!("content/documents/{name}.md"), &text)
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let o = Command::new(bin()).args(args).current_dir(&self.root).output().unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into(),
            String::from_utf8_lossy(&o.stderr).into(),
        )
    }

    fn check(&self, extra: &[&str]) -> (i32, String) {
        let mut args = vec!["check", "--now", NOW];
        args.extend_from_slice(extra);
        let (code, out, err) = self.run(&args);
        (code, format!("{out}{err}"))
    }
}

/// Run `check` on a one-document site and return its output.
fn lint(extra: &str, body: &str) -> String {
    let s = Site::new();
    s.doc("a", extra, body);
    s.doc("b", "", "## 一、总体要求\n\n短文。\n");
    s.check(&[]).1
}

#[test]
fn length_limit_shows_the_count() {
    let long = format!("{}，字。", "字".repeat(40));
    assert!(
        lint("doc_type: general\n", &long).contains("the text is 41 characters long (Chinese characters and words, punctuation not counted; 43 with punctuation, as Word's 字数 shows it); the limit for 普发类文件 is 40")
    );
    assert!(!lint("doc_type: general\n", &"字".repeat(40)).contains("too-long"));
    assert!(!lint("doc_type: general\n", &"字".repeat(40)).contains("characters long"));
}

#[test]
fn doc_number_gets_the_corrected_form() {
    assert!(lint("doc_number: 测政发[2025]3号\n", "正文").contains("write `测政发〔2025〕3号`"));
    assert!(!lint("doc_number: 测政发〔2025〕3号\n", "正文").contains("发文字号"));
}

#[test]
fn unknown_department_is_a_warning_with_a_hint() {
    let s = Site::new();
    s.write(
        "content/documents/a.md",
        "---\ntitle: 甲\ndate: 2025-01-02\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-02}\ndepartment: 测试市人民政府办\n---\n正文\n",
    );
    let (code, out) = s.check(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("content/documents/a.md:6:1: warning: `department` '测试市人民政府办' is not listed in site.yaml"),
        "{out}"
    );
    assert!(out.contains("did you mean `测试市人民政府办公室`?"), "{out}");
    assert!(!lint("", "正文").contains("unknown-department"));
}

#[test]
fn broken_links_and_anchors() {
    let out = lint("", "见[乙](@/documents/nope.md)。\n");
    assert!(out.contains("content/documents/a.md:8:6: error: content/documents/a.md refers to content/documents/nope.md, which does not exist"), "{out}");
    let out = lint("", "见[乙](@/documents/b.md#二总体要求)。\n");
    assert!(out.contains("warning: content/documents/b.md has no heading #二总体要求"), "{out}");
    assert!(out.contains("did you mean `#一总体要求`?"), "{out}");
    let out = lint("", "见[乙](@/documents/b.md#一总体要求)。\n");
    assert!(!out.contains("warning:") && !out.contains("error:"), "{out}");
}

#[test]
fn duplicate_index_numbers() {
    let s = Site::new();
    s.doc("a", "index_number: 000/2025-00001\n", "正文");
    s.doc("b", "index_number: 000/2025-00001\n", "正文");
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("content/documents/b.md:7:1: error: 索引号 000/2025-00001 is also used by content/documents/a.md"),
        "{out}"
    );
    let s = Site::new();
    s.doc("a", "index_number: 000/2025-00001\n", "正文");
    s.doc("b", "index_number: 000/2025-00002\n", "正文");
    assert_eq!(s.check(&[]).0, 0);
}

#[test]
fn classified_files_are_errors_without_their_content() {
    let s = Site::new();
    s.write(
        "content/documents/secret.md",
        "---\ntitle: 绝密标题XYZ\ndate: 2025-01-02\nclassification: 机密\napproval: {status: approved, by: 张三, on: 2025-01-02}\ndepartment: 测试市人民政府办公室\n---\n秘密正文XYZ\n",
    );
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/documents/secret.md: error: a file that is not classified public is in content/"),
        "{out}"
    );
    assert!(!out.contains("XYZ"), "{out}");
    let s = Site::new();
    s.doc("a", "", "正文");
    assert_eq!(s.check(&[]).0, 0);
}

#[test]
fn pinyin_annotations() {
    let out = lint("", "統計數(shù)量和會議(huì yì)安排\n");
    assert!(
        out.contains("content/documents/a.md:8:4: warning: 2 pinyin annotations left in the text (the first: (shù))"),
        "{out}"
    );
    assert!(out.contains("gongkai fix --write"), "{out}");
    assert!(!lint("", "附件(pdf)和说明（2025年）\n").contains("pinyin"));
}

#[test]
fn strict_turns_warnings_into_errors() {
    let s = Site::new();
    s.doc("a", "", "統計數(shù)量\n");
    assert_eq!(s.check(&[]).0, 0);
    assert_eq!(s.check(&["--strict"]).0, 1);
}

#[test]
fn check_json_format_is_stable() {
    let s = Site::new();
    s.doc("a", "doc_number: 测政发[2025]3号\nclasification: x\n", "統計數(shù)量\n");
    let (code, out, _) = s.run(&["check", "--now", NOW, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("check --format json prints JSON");
    insta::assert_json_snapshot!("check_json", v);
}

#[test]
fn new_writes_a_pending_entry_of_every_kind_and_the_site_still_builds() {
    let s = Site::new();
    s.doc("a", "", "正文");
    s.write("content/journals/gongbao/_index.md", "---\ntitle: 公报\ndate: 2025-01-02\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-02}\ndepartment: 测试市人民政府办公室\nfrequency: monthly\n---\n");
    for kind in ["document", "bulletin", "approval", "issue", "page"] {
        let (code, out, err) = s.run(&["new", kind, "关于开展测试工作的通知"]);
        assert_eq!(code, 0, "{kind}: {out}{err}");
        assert!(out.contains("created content/"), "{out}");
    }
    let (code, out, err) = s.run(&["build"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("(approval pending)").count(), 5, "{out}");
    let (code, ..) = s.run(&["new", "document", "关于开展测试工作的通知"]);
    assert_eq!(code, 2, "refuses to overwrite");
    // Honest scaffolds: the site's own department, no sample city, no made-up 文号 or code.
    for entry in fs::read_dir(s.root.join("content/documents")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            text.contains("department: \"测试市人民政府办公室\"") || text.contains("department: 测试市人民政府办公室"),
            "{text}"
        );
        assert!(!text.contains('云') && !text.contains("示例"), "{text}");
    }
    let approval = fs::read_dir(s.root.join("content/approvals")).unwrap().next().unwrap().unwrap().path();
    let text = fs::read_to_string(approval).unwrap();
    assert!(text.contains("code: \"\"") && text.contains("decision: \"\""), "{text}");
    // Issues take the next free number of the year; --slug and --department are honoured.
    let (code, out, err) = s.run(&["new", "issue", "第二期", "--slug", "di-2-qi", "--department", "测试市司法局"]);
    assert_eq!(code, 0, "{out}{err}");
    let issue = fs::read_to_string(s.root.join("content/journals/gongbao/di-2-qi.md")).unwrap();
    assert!(issue.contains("number: 2 "), "{issue}");
    assert!(issue.contains("department: \"测试市司法局\""), "{issue}");
    let (code, ..) = s.run(&["new", "page", "x", "--slug", "Bad Slug"]);
    assert_eq!(code, 2);
    let (code, ..) = s.run(&["new", "memo", "x"]);
    assert_eq!(code, 2);
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("portal");
    let o = Command::new(bin()).args(["init", "--department", "某某县人民政府办公室"]).arg(&dir).output().unwrap();
    assert!(o.status.success());
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("示例市") && !text.contains("示政") && !text.contains('云'), "{text}");
        }
    }
    assert!(fs::read_to_string(dir.join("site.yaml")).unwrap().contains("某某县人民政府办公室"));
    let o = Command::new(bin()).args(["build", "--root"]).arg(&dir).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("0 withheld"), "{out}");
    for page in [
        "index.html",
        "documents/shili-tongzhi/index.html",
        "approvals/sl-xk-0001/index.html",
        "journals/gongbao/di-1-qi/index.html",
    ] {
        assert!(dir.join("public").join(page).is_file(), "{page}");
    }
    let o = Command::new(bin()).args(["init"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "refuses a non-empty folder");
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `gongkai serve` on a free port in `root`, stopped when the returned guard drops.
fn serve(root: &std::path::Path) -> (u16, Server) {
    let port = free_port();
    let child = Command::new(bin())
        .args(["serve", "--port", &port.to_string()])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (port, Server(child))
}

fn wait_for(mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_rebuilds_on_save_and_announces_a_reload() {
    let s = Site::new();
    s.doc("a", "", "第一版正文。\n");
    let (port, _server) = serve(&s.root);
    assert!(
        wait_for(|| get(port, "/documents/a/").is_some_and(|(st, b)| st == 200 && b.contains("第一版正文"))),
        "first build served"
    );
    // Listen for the reload event, then edit.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(events, "GET /__gongkai/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    events.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && !line.starts_with("retry:") {
        line.clear();
    }
    s.doc("a", "", "第二版正文。\n");
    let mut got_reload = false;
    line.clear();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if line.starts_with("data: {") && line.contains("\"/documents/a/\"") {
            got_reload = true;
            break;
        }
        line.clear();
    }
    assert!(got_reload, "a change event naming the page after the edit");
    let (status, body) = get(port, "/documents/a/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("第二版正文"), "new text served");
    assert!(body.contains("/__gongkai/live.js"), "live reload script injected");
    // A broken save shows the error in the page; the next good save recovers.
    s.write("content/documents/a.md", "---\ntitle: 甲\ndate: 2025-02-30\n---\n");
    assert!(wait_for(|| get(port, "/documents/a/")
        .is_some_and(|(st, b)| st == 500 && b.contains("2025-02-30 is not a real calendar date"))));
    s.doc("a", "", "第三版正文。\n");
    assert!(wait_for(|| get(port, "/documents/a/").is_some_and(|(st, b)| st == 200 && b.contains("第三版正文"))));
}

#[test]
fn preview_updates_only_what_an_edit_changes() {
    use gongkai::serve::Preview;
    let s = Site::new();
    s.doc("a", "", "第一版正文。\n");
    s.doc("b", "", "乙的正文。\n");
    let mut preview = Preview::new(s.root.clone(), true);
    let first = preview.rebuild();
    assert!(first.files.is_some(), "{:?}", first.diagnostics);
    let key = vec!["documents/a.md".to_string()];
    s.doc("a", "", "第二版正文。\n");
    let up = preview.try_update(&key).expect("a body edit is an incremental update");
    let pages: Vec<&String> = up.files.iter().map(|(p, _)| p).filter(|p| p.ends_with(".html")).collect();
    assert!(pages.contains(&&"documents/a/index.html".to_string()), "{pages:?}");
    assert!(!pages.contains(&&"documents/b/index.html".to_string()), "{pages:?}");
    let Some((_, gongkai::render::OutFile::Bytes(html))) = up.files.iter().find(|(p, _)| p == "documents/a/index.html")
    else {
        panic!()
    };
    assert!(String::from_utf8_lossy(html).contains("第二版正文"));
    let search = preview.search_job().expect("a search job")();
    assert!(search.files.keys().any(|p| p.starts_with("search/")), "the search index is rebuilt");
    let text: String = search
        .files
        .values()
        .map(|f| match f {
            gongkai::render::OutFile::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            _ => String::new(),
        })
        .collect();
    assert!(text.contains("第二版") && !text.contains("第一版"), "with the new text");
    // A title shown in lists: the lists that show it, not the other entry's page.
    s.doc("a", "", "第二版正文。\n").write(
        "content/documents/a.md",
        "---\ntitle: 改了标题\ndate: 2025-01-02\nclassification: public\napproval: {status: approved, by: 张三, on: 2025-01-02}\ndepartment: 测试市人民政府办公室\n---\n第二版正文。\n",
    );
    let up = preview.try_update(&key).expect("a title edit is an incremental update");
    let pages: Vec<&String> = up.files.iter().map(|(p, _)| p).filter(|p| p.ends_with(".html")).collect();
    assert!(pages.contains(&&"documents/index.html".to_string()) && pages.contains(&&"index.html".to_string()));
    assert!(!pages.contains(&&"documents/b/index.html".to_string()), "{pages:?}");
    // A new file changes the set of entries: the full rebuild.
    s.doc("new", "", "新的。\n");
    assert!(preview.try_update(&["documents/new.md".to_string()]).is_none());
}

/// A save made while the preview's first build runs is rebuilt after it: the folder is watched
/// before that build starts, so the edit is queued rather than missed.
#[test]
fn serve_keeps_an_edit_saved_during_its_first_build() {
    let s = Site::new();
    for i in 0..400 {
        s.doc(&format!("d{i:03}"), "", &format!("正文{i}。\n"));
    }
    let (port, _server) = serve(&s.root);
    // The first build of 400 entries is still running (the server answers only after it).
    std::thread::sleep(Duration::from_millis(40));
    let early = get(port, "/documents/d000/").is_some();
    s.doc("d000", "", "首次构建时保存的修改。\n");
    assert!(
        wait_for(
            || get(port, "/documents/d000/").is_some_and(|(st, b)| st == 200 && b.contains("首次构建时保存的修改"))
        ),
        "the edit saved during the first build is served (server already up when saved: {early})"
    );
}

#[test]
fn serve_ends_correct_after_edits_renames_and_deletes_during_rebuilds() {
    let s = Site::new();
    for i in 0..200 {
        s.doc(&format!("d{i:03}"), "", &format!("正文{i}。\n"));
    }
    let (port, _server) = serve(&s.root);
    assert!(wait_for(|| get(port, "/documents/d000/").is_some_and(|(st, _)| st == 200)));
    // A burst of changes while rebuilds are running: edits, a rename, deletions, a new file,
    // and an entry withdrawn.
    let docs = s.root.join("content/documents");
    for round in 0..5 {
        s.doc("d001", "", &format!("第{round}次修改。\n"));
        std::thread::sleep(Duration::from_millis(15));
    }
    fs::rename(docs.join("d002.md"), docs.join("renamed.md")).unwrap();
    fs::remove_file(docs.join("d003.md")).unwrap();
    s.doc("fresh", "", "新文件。\n");
    s.write(
        "content/documents/d004.md",
        "---\ntitle: 撤回的文件WITHDRAWN-MARK\ndate: 2025-01-02\nclassification: public\napproval: {status: withdrawn}\ndepartment: 测试市人民政府办公室\n---\n撤回。\n",
    );
    for round in 5..8 {
        s.doc("d001", "", &format!("第{round}次修改。\n"));
        std::thread::sleep(Duration::from_millis(15));
    }
    // Once quiet, the served site reflects the final state of the folder.
    let settled = wait_for(|| {
        get(port, "/documents/d001/").is_some_and(|(st, b)| st == 200 && b.contains("第7次修改"))
            && get(port, "/documents/fresh/").is_some_and(|(st, _)| st == 200)
            && get(port, "/documents/d003/").is_some_and(|(st, _)| st == 404)
    });
    assert!(settled, "final edits served");
    assert_eq!(get(port, "/documents/renamed/").map(|r| r.0), Some(200));
    assert_eq!(get(port, "/documents/d002/").map(|r| r.0), Some(404));
    assert_eq!(get(port, "/documents/d004/").map(|r| r.0), Some(404), "a withdrawn entry disappears");
    let (_, sitemap) = get(port, "/sitemap.xml").unwrap();
    assert!(sitemap.contains("/documents/renamed/") && sitemap.contains("/documents/fresh/"));
    assert!(
        !sitemap.contains("/documents/d003/")
            && !sitemap.contains("/documents/d004/")
            && !sitemap.contains("/documents/d002/")
    );
    let (_, list) = get(port, "/documents/").unwrap();
    assert!(!list.contains("WITHDRAWN-MARK"));
}

#[test]
fn updated_date_is_shown_and_checked() {
    let s = Site::new();
    s.doc("a", "updated: 2025-03-04\n", "正文。\n");
    let (code, out, err) = s.run(&["build", "--now", NOW]);
    assert_eq!(code, 0, "{out}{err}");
    let page = fs::read_to_string(s.root.join("public/documents/a/index.html")).unwrap();
    assert!(page.contains("最后更新") && page.contains("2025-03-04"), "last-updated date on the page");
    s.doc("a", "updated: 2024-12-31\n", "正文。\n");
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "content/documents/a.md:7:1: error: `updated` (2024-12-31) is before the publish `date` (2025-01-02)"
        ),
        "{out}"
    );
}

/// A build renders each entry's page in the body pass and drops its HTML there; the preview
/// renders every page afterwards, with its caches. Both must give the same bytes for every file
/// of the bundled portal (and a warm cache must too).
#[test]
fn build_and_preview_render_the_same_files() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = || gongkai::site::Options {
        root: repo.clone(),
        now: "2026-11-26".parse().unwrap(),
        drafts: false,
        base_url: None,
        locked: false,
    };
    let (site, mut diags) = gongkai::site::Site::load(options());
    let site = site.expect("the bundled site loads");
    use gongkai::render::{to_memory, Cache, Mode};
    let built = to_memory(&site, Mode::Build { sources: None, index: None, terms: None }, &mut diags).0;
    let mut cache = Cache::default();
    let previewed = to_memory(&site, Mode::Preview(&mut cache), &mut diags).0;
    let again = to_memory(&site, Mode::Preview(&mut cache), &mut diags).0;
    assert!(built.files.len() > 200, "{} files", built.files.len());
    for other in [&previewed, &again] {
        assert_eq!(built.files.keys().collect::<Vec<_>>(), other.files.keys().collect::<Vec<_>>());
        let differ: Vec<&String> = built.files.iter().filter(|(k, v)| other.files[*k] != **v).map(|(k, _)| k).collect();
        assert!(differ.is_empty(), "rendered differently: {differ:?}");
    }
}

/// The three render modes over the bundled portal: a build with an index cache gives the same
/// files whether the cache misses (and is filled) or hits, and so does a build whose index is
/// merged from the records of a term cache; `check` reports the same problems
/// as the build and hands over no file that only a build needs (search index, feeds, assets,
/// attachments).
#[test]
fn render_modes_agree() {
    use gongkai::render::{to_memory, IndexCache, IndexKeeper, Kept, Mode, TermCache};
    use std::sync::Mutex;
    type Files = Vec<(String, Vec<u8>)>;
    type Keyed = Vec<(u128, Vec<u8>)>;
    /// The last index kept, and how many times it was reused.
    #[derive(Default)]
    struct Memory(Mutex<Option<(u128, Files)>>, Mutex<usize>);
    struct Keeper<'a>(&'a Memory, u128, Files);
    impl IndexKeeper for Keeper<'_> {
        fn file(&mut self, path: &str, bytes: &[u8]) {
            self.2.push((path.to_string(), bytes.to_vec()));
        }
        fn finish(self: Box<Self>) {
            *self.0 .0.lock().unwrap() = Some((self.1, self.2));
        }
    }
    impl IndexCache for Memory {
        fn get(&self, key: u128, emit: &mut dyn FnMut(String, Vec<u8>)) -> bool {
            let hit = self.0.lock().unwrap().as_ref().filter(|(k, _)| *k == key).map(|(_, f)| f.clone());
            *self.1.lock().unwrap() += usize::from(hit.is_some());
            hit.map(|files| files.into_iter().for_each(|(p, b)| emit(p, b))).is_some()
        }
        fn keep(&self, key: u128) -> Box<dyn IndexKeeper + '_> {
            Box::new(Keeper(self, key, Vec::new()))
        }
    }
    /// Records by key (the last build's and this one's), and how many were found.
    #[derive(Default)]
    struct Records(Mutex<(Keyed, Keyed)>, Mutex<usize>);
    impl TermCache for Records {
        fn get(&self, key: u128) -> Option<Vec<u8>> {
            let hit = self.0.lock().unwrap().0.iter().find(|(k, _)| *k == key).map(|(_, r)| r.clone());
            *self.1.lock().unwrap() += usize::from(hit.is_some());
            hit
        }
        fn put(&self, key: u128, record: &[u8]) -> Option<Kept> {
            let mut r = self.0.lock().unwrap();
            r.1.push((key, record.to_vec()));
            Some(Kept { at: r.1.len() as u64 - 1, len: 0 })
        }
        fn read(&self, kept: Kept) -> std::io::Result<Vec<u8>> {
            Ok(self.0.lock().unwrap().1[kept.at as usize].1.clone())
        }
        fn commit(&self) {
            let mut r = self.0.lock().unwrap();
            r.0 = std::mem::take(&mut r.1);
        }
        fn reused(&self) -> usize {
            *self.1.lock().unwrap()
        }
        fn path(&self) -> String {
            "memory".into()
        }
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = gongkai::site::Options {
        root: repo,
        now: "2026-11-26".parse().unwrap(),
        drafts: false,
        base_url: None,
        locked: false,
    };
    let (site, _) = gongkai::site::Site::load(options);
    let site = site.expect("the bundled site loads");
    let memory = Memory::default();
    let records = Records::default();
    let mut built_diags = gongkai::diagnostics::Diagnostics::new();
    let build = |diags: &mut _, index: Option<&dyn IndexCache>| {
        to_memory(&site, Mode::Build { sources: None, index, terms: Some(&records) }, diags).0
    };
    let cold = build(&mut built_diags, Some(&memory));
    assert_eq!(*memory.1.lock().unwrap(), 0);
    assert_eq!(records.reused(), 0);
    let warm = build(&mut gongkai::diagnostics::Diagnostics::new(), Some(&memory));
    assert_eq!(*memory.1.lock().unwrap(), 1, "the second build reuses the index");
    assert_eq!(cold.files, warm.files);
    let merged = build(&mut gongkai::diagnostics::Diagnostics::new(), None);
    assert!(records.reused() > 100, "the third build merges the kept records");
    assert_eq!(cold.files, merged.files);
    let plain = to_memory(&site, Mode::Build { sources: None, index: None, terms: None }, &mut Default::default()).0;
    assert_eq!(cold.files, plain.files, "without a term cache, the same index");
    assert!(cold.files.keys().any(|k| k.starts_with("search/index/")));
    let mut check_diags = gongkai::diagnostics::Diagnostics::new();
    let checked = to_memory(&site, Mode::Check, &mut check_diags).0;
    let only_built =
        |k: &&String| k.starts_with("search/index/") || k.ends_with("feed.xml") || k.starts_with("assets/");
    let made: Vec<&String> = checked.files.keys().filter(only_built).collect();
    assert!(made.is_empty(), "check made build-only files: {made:?}");
    assert!(cold.files.keys().filter(only_built).count() > 10);
    let show = |d: gongkai::diagnostics::Diagnostics| {
        d.sorted().iter().map(|d| format!("{}:{}:{} {}", d.path, d.line, d.col, d.message)).collect::<Vec<_>>()
    };
    assert_eq!(show(check_diags), show(built_diags));
}

/// `check` covers what will be published: a pending document's bad 文号 and broken `@/` link
/// are reported with its status, before anyone approves it, and `build --drafts` agrees.
#[test]
fn check_covers_pending_entries_and_agrees_with_the_preview() {
    let s = Site::new();
    s.doc("a", "", "正文。\n");
    s.write(
        "content/documents/draft.md",
        "---\ntitle: 待审文件\ndate: 2025-01-02\nclassification: public\napproval: {status: pending}\n\
         department: 测试市人民政府办公室\ndoc_number: 测政发[2025]3号\n---\n见[另一文件](@/documents/nope.md)。\n",
    );
    let (code, out) = s.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/documents/draft.md:7:1: error: (approval pending) 发文字号"), "{out}");
    assert!(out.contains("content/documents/draft.md:9:") && out.contains("nope.md"), "{out}");
    assert!(out.contains("note: content/documents/draft.md: approval pending: checked, not published"), "{out}");
    let problems = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("content/documents/draft.md:"))
            .map(|l| l.replace("(approval pending) ", "").split(": ").take(3).collect::<Vec<_>>().join(": "))
            .collect()
    };
    let (_, out_d, err_d) = s.run(&["build", "--drafts", "--now", NOW, "--output", "preview"]);
    assert_eq!(problems(&out), problems(&format!("{out_d}{err_d}")), "check and build --drafts disagree");
}
