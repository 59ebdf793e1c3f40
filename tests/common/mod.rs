//! The test harness: fixture sites in temp dirs, the `gongkai` binary run on them, and helpers
//! that read *every* file of an output folder (decompressing anything compressed), so a test
//! can assert that some text appears nowhere at all.
//!
//! Sites are written from [`Fm`] builders (one valid entry of each kind with a few lines) or
//! copied from `tests/fixtures/<case>/` over the shared `tests/fixtures/base/`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use tempfile::TempDir;

/// The build date every test uses unless it says otherwise.
pub const NOW: &str = "2025-06-01";
/// The department every generated entry uses (listed in the base `site.yaml`).
pub const DEPT: &str = "测试市人民政府办公室";
/// Generous: a debug build of a small site takes well under a second; this only stops a hang.
pub const TIMEOUT: Duration = Duration::from_secs(240);

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temp dir. The temp dir has the site in `site/` so that a test can check that
/// nothing was written next to it (see [`TestSite::stray_files`]).
pub struct TestSite {
    pub tmp: TempDir,
    root: PathBuf,
}

impl TestSite {
    /// A site with the base `site.yaml` and an empty `content/`.
    pub fn new() -> Self {
        let tmp = tempfile::Builder::new().prefix("gongkai-test-").tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        copy_dir(&fixtures().join("base"), &root);
        TestSite { tmp, root }
    }

    /// The base site overlaid with `tests/fixtures/<case>/`.
    pub fn fixture(case: &str) -> Self {
        let site = Self::new();
        let from = fixtures().join(case);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_dir(&from, &site.root);
        site
    }

    /// A copy of the bundled example portal (`content/` and `site.yaml` at the repo root).
    pub fn bundled() -> Self {
        let site = Self::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::remove_dir_all(site.root.join("content")).unwrap();
        copy_dir(&repo.join("content"), &site.root.join("content"));
        fs::copy(repo.join("site.yaml"), site.root.join("site.yaml")).unwrap();
        fs::copy(repo.join("index-numbers.lock"), site.root.join("index-numbers.lock")).unwrap();
        site
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The default output folder, `<root>/public`.
    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        self
    }

    /// Write an entry under `content/`.
    pub fn entry(&self, key: &str, fm: &Fm) -> &Self {
        self.write(&format!("content/{key}"), fm.render())
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// `gongkai` with the site root as its working folder and no inherited SOURCE_DATE_EPOCH.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("gongkai").unwrap();
        c.current_dir(&self.root).env_remove("SOURCE_DATE_EPOCH").timeout(TIMEOUT);
        c
    }

    /// `gongkai build --now NOW`.
    pub fn build(&self) -> Run {
        self.build_at(NOW)
    }

    pub fn build_at(&self, now: &str) -> Run {
        self.run(&["build", "--now", now])
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().expect("run gongkai"))
    }

    /// Build through the library (no process), for property tests.
    pub fn build_lib(&self, now: &str, dest: &Path) -> gongkai::build::Report {
        gongkai::build::run(
            gongkai::site::Options {
                root: self.root.clone(),
                now: now.parse().unwrap(),
                drafts: false,
                base_url: None,
                locked: false,
            },
            dest.to_path_buf(),
        )
    }

    /// Names at the top of the site folder, without the build manifests folder `.gongkai/`
    /// (checked to hold nothing but `output-*.json` manifests and the search index cache).
    pub fn top_level(&self) -> Vec<String> {
        let cache = self.root.join(".gongkai");
        if cache.exists() {
            for e in std::fs::read_dir(&cache).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                let manifest = name.starts_with("output-") && name.ends_with(".json");
                let cache = name == "search-index.bin" || name == "search-terms.bin";
                assert!(manifest || cache, "unexpected .gongkai/{name}");
            }
        }
        let mut top: Vec<String> = std::fs::read_dir(&self.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".gongkai")
            .collect();
        top.sort();
        top
    }

    /// Files of the temp dir that are neither the site's sources nor its output: anything a
    /// build wrote where it should not have.
    pub fn stray_files(&self, expected_top: &[&str]) -> Vec<PathBuf> {
        let mut stray = Vec::new();
        for e in walkdir::WalkDir::new(self.tmp.path()).min_depth(1) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(self.tmp.path()).unwrap();
            let top = rel.components().next().unwrap().as_os_str();
            if top != "site" && !expected_top.iter().any(|t| top == *t) {
                stray.push(rel.to_path_buf());
            }
        }
        stray
    }
}

impl Default for TestSite {
    fn default() -> Self {
        Self::new()
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(o: std::process::Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\n{self}");
        assert!(!self.stderr.contains(": error:"), "errors on a successful build\n{self}");
        self.no_debug_dump()
    }

    #[track_caller]
    pub fn fails(&self) -> &Self {
        assert_eq!(self.code, 1, "expected exit code 1\n{self}");
        self.no_debug_dump()
    }

    /// Never a panic, never a `{:?}` dump.
    #[track_caller]
    pub fn no_debug_dump(&self) -> &Self {
        let all = self.all();
        for bad in ["panicked", "RUST_BACKTRACE", "Some(", "None)", "Located {", "Error {", "Diagnostic {", "Node {"] {
            assert!(!all.contains(bad), "output contains `{bad}`\n{self}");
        }
        self
    }

    /// Error and warning lines (`path:line:col: severity: ...`) on stderr.
    pub fn diagnostics(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect()
    }

    /// Assert that a diagnostic line starts with `prefix`, and return it.
    #[track_caller]
    pub fn diag(&self, prefix: &str) -> &str {
        self.diagnostics()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no diagnostic starting with {prefix:?}\n{self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit code {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Front matter of one entry, field by field, with a valid published default for every
/// field the gate needs. Values are YAML as written.
#[derive(Clone, Debug)]
pub struct Fm {
    fields: Vec<(String, String)>,
    body: String,
}

impl Fm {
    /// A published entry: public, approved, dated 2025-01-10, in [`DEPT`].
    pub fn new(title: &str) -> Self {
        Fm {
            fields: vec![
                ("title".into(), title.into()),
                ("date".into(), "2025-01-10".into()),
                ("classification".into(), "public".into()),
                ("approval".into(), "{status: approved, by: 张三, on: 2025-01-09}".into()),
                ("department".into(), DEPT.into()),
            ],
            body: "正文。\n".into(),
        }
    }

    pub fn bulletin(title: &str) -> Self {
        Self::new(title).set("series", "statistics").set("period", "2025-Q1")
    }

    pub fn approval(title: &str, code: &str) -> Self {
        Self::new(title).set("code", code).set("statutory_days", "20").set("promised_days", "5")
    }

    pub fn journal(title: &str) -> Self {
        Self::new(title).set("frequency", "monthly")
    }

    pub fn issue(title: &str, number: u32, contents: &[&str]) -> Self {
        let list: Vec<String> = contents.iter().map(|c| format!("\"{c}\"")).collect();
        Self::new(title)
            .set("year", "2025")
            .set("number", &number.to_string())
            .set("contents", &format!("[{}]", list.join(", ")))
    }

    /// Set (or replace) a field; `value` is YAML.
    pub fn set(mut self, key: &str, value: &str) -> Self {
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some(f) => f.1 = value.into(),
            None => self.fields.push((key.into(), value.into())),
        }
        self
    }

    pub fn unset(mut self, key: &str) -> Self {
        self.fields.retain(|(k, _)| k != key);
        self
    }

    pub fn status(self, status: &str) -> Self {
        if status == "approved" {
            self.set("approval", "{status: approved, by: 张三, on: 2025-01-09}")
        } else {
            self.set("approval", &format!("{{status: {status}}}"))
        }
    }

    pub fn body(mut self, body: &str) -> Self {
        self.body = body.into();
        self
    }

    pub fn render(&self) -> String {
        let mut s = String::from("---\n");
        for (k, v) in &self.fields {
            s.push_str(&format!("{k}: {v}\n"));
        }
        s.push_str("---\n");
        s.push_str(&self.body);
        s
    }
}

/// Every regular file under `dir`, by `/`-separated relative path, decompressed when it is
/// gzip or brotli compressed. Panics on a compression format it cannot read, so a new one gets support
/// here instead of being silently skipped.
pub fn output_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            assert!(e.file_type().is_dir(), "unexpected non-file in the output: {}", e.path().display());
            continue;
        }
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let bytes = fs::read(e.path()).unwrap();
        out.insert(rel.clone(), decompress(&rel, bytes));
    }
    out
}

fn decompress(rel: &str, bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut s)
            .unwrap_or_else(|e| panic!("{rel}: bad gzip: {e}"));
        return s;
    }
    if rel.ends_with(".br") {
        let mut s = Vec::new();
        brotli::Decompressor::new(&bytes[..], 4096)
            .read_to_end(&mut s)
            .unwrap_or_else(|e| panic!("{rel}: bad brotli: {e}"));
        return s;
    }
    for ext in [".zst", ".zstd", ".xz", ".bz2", ".lz4"] {
        assert!(
            !rel.ends_with(ext),
            "{rel}: a compressed output file the test harness cannot read; add a decoder to tests/common"
        );
    }
    if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        panic!("{rel}: zstd output the test harness cannot read; add a decoder to tests/common");
    }
    bytes
}

/// The whole output as one text (files separated by a header line), lossily decoded.
pub fn all_output_text(dir: &Path) -> String {
    let mut s = String::new();
    for (rel, bytes) in output_files(dir) {
        s.push_str(&format!("\n==== {rel}\n"));
        s.push_str(&String::from_utf8_lossy(&bytes));
    }
    s
}

/// Paths of the output files that contain `needle` (compared as bytes, after decompression;
/// ASCII letters compared case-insensitively, so a lower-cased search term is found too).
pub fn grep_output(dir: &Path, needle: &str) -> Vec<String> {
    let needle = needle.as_bytes().to_ascii_lowercase();
    output_files(dir)
        .into_iter()
        .filter(|(_, bytes)| contains(&bytes.to_ascii_lowercase(), &needle))
        .map(|(rel, _)| rel)
        .collect()
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Assert that `needle` is in no output file (and not in the output file *names* either).
#[track_caller]
pub fn assert_nowhere(dir: &Path, needle: &str) {
    let hits = grep_output(dir, needle);
    assert!(hits.is_empty(), "{needle:?} leaked into {hits:?}");
    let lower = needle.to_ascii_lowercase();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        let name = e.path().to_string_lossy().to_ascii_lowercase();
        let rel = name.strip_prefix(&dir.to_string_lossy().to_ascii_lowercase().to_string());
        assert!(!rel.unwrap_or(&name).contains(&lower), "{needle:?} leaked into the file name {}", e.path().display());
    }
}

/// Assert that `needle` is in at least one output file.
#[track_caller]
pub fn assert_somewhere(dir: &Path, needle: &str) {
    assert!(!grep_output(dir, needle).is_empty(), "{needle:?} is in no output file");
}

/// Bytes and modification time of every file under `dir` (not decompressed: exact state).
/// Folders are listed with no bytes and no time (a swap replaces them; their files are what count).
pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string();
        let meta = fs::symlink_metadata(e.path()).unwrap();
        let entry = if meta.is_file() {
            (fs::read(e.path()).unwrap(), Some(meta.modified().unwrap()))
        } else {
            (Vec::new(), None)
        };
        out.insert(rel, entry);
    }
    out
}

/// Assert two snapshots are equal, naming the first difference (not dumping megabytes).
#[track_caller]
pub fn assert_same_tree(
    a: &BTreeMap<String, (Vec<u8>, Option<SystemTime>)>,
    b: &BTreeMap<String, (Vec<u8>, Option<SystemTime>)>,
    check_mtime: bool,
) {
    let ka: Vec<&String> = a.keys().collect();
    let kb: Vec<&String> = b.keys().collect();
    assert_eq!(ka, kb, "different file lists");
    for (k, (bytes, mtime)) in a {
        let (bytes2, mtime2) = &b[k];
        assert!(bytes == bytes2, "{k} differs");
        if check_mtime {
            assert_eq!(mtime, mtime2, "{k}: modification time changed");
        }
    }
}

/// The HTML pages of an output, by relative path, as text.
pub fn html_pages(dir: &Path) -> BTreeMap<String, String> {
    output_files(dir)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).expect("HTML is UTF-8")))
        .collect()
}
