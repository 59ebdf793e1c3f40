//! Live preview: build in memory, serve on 127.0.0.1, re-render on change, update the browser.
//!
//! The preview never writes to disk: the rendered files stay in memory and are served from
//! there. Parsed content files are kept between rebuilds and re-read only when their size or
//! modification time changed, so an edit re-parses one file. Then, from the cheapest that
//! applies: an edit of what entries show (title, summary, body; nothing else in the file as
//! parsed differs) re-renders, without assembling the site again, the pages that show them
//! ([`Preview::try_update`], see `update.rs` and `render::incremental`); an edit that keeps
//! the set of visible entries re-renders the views and pages that show what changed; a
//! stylesheet or other static file is swapped ([`Preview::try_static`]); anything else
//! re-renders the site in memory, reusing unchanged bodies and pages. Each update tells the
//! open pages which paths changed (see `changes.rs`), first the pages, then feeds, exports and
//! the sitemap; `live.js` patches a changed page in place. A failed rebuild keeps serving the
//! last good site with an error overlay and the server stays up.

mod changes;
mod http;
mod plan;
mod update;
mod watch;

use crate::messages::commands as say;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime};

pub use plan::{plan, Rebuild};

use crate::content::{self, Loaded};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::render::{self, OutFile};
use crate::site::{Options, Site};
use crate::urls::BaseUrl;

/// What the server serves: the last good output and, if the last rebuild failed, its errors.
#[derive(Default)]
pub struct State {
    pub files: HashMap<String, OutFile>,
    pub errors: Vec<Diagnostic>,
    /// The path of `base_url` (`/` or `/zwgk/`): the site is served under it, as deployed.
    pub prefix: String,
}

pub type Shared = Arc<RwLock<State>>;

/// Keeps parsed files between rebuilds.
pub struct Preview {
    root: PathBuf,
    drafts: bool,
    cache: HashMap<String, (Stamp, Loaded)>,
    rendered: render::Cache,
    /// The last good site and its rendering, for the incremental updates.
    live: Option<(Site, render::Live)>,
    /// What the last scan of `content/` found.
    tree: content::Tree,
}

type Stamp = (SystemTime, u64);

/// Output files by path, as an incremental update hands them to the server.
pub type Files = Vec<(String, OutFile)>;

/// The result of one rebuild.
pub struct Outcome {
    pub files: Option<HashMap<String, OutFile>>,
    pub diagnostics: Vec<Diagnostic>,
    pub published: usize,
    pub withheld: usize,
    pub reparsed: usize,
    /// The path the site is served under (`/` or `/zwgk/`).
    pub prefix: String,
    pub millis: u128,
    /// Milliseconds per stage (read, assemble, render).
    pub stages: Vec<(&'static str, u128)>,
}

impl Preview {
    pub fn new(root: PathBuf, drafts: bool) -> Self {
        Preview {
            root,
            drafts,
            cache: HashMap::new(),
            rendered: render::Cache::default(),
            live: None,
            tree: content::Tree::default(),
        }
    }

    /// Rebuild the site in memory, re-reading only files that changed since the last time.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        let mut diags = Diagnostics::new();
        let now = crate::site::build_date(None).unwrap_or_else(|_| jiff::civil::date(2026, 1, 1));
        let config = crate::config::load(&self.root, &mut diags);
        // Served under the path of `base_url`, with root-relative canonical and feed URLs.
        let base = BaseUrl::preview(config.as_ref().map_or("/", |c| c.base_url.root()));
        let options =
            Options { root: self.root.clone(), now, drafts: self.drafts, base_url: Some(base), locked: false };
        let content_dir = content::dir(&self.root);
        let tree = content::scan(&content_dir, &mut diags);
        let reparsed = self.refresh(&content_dir, &tree.markdown);
        let loaded: Vec<Loaded> =
            tree.markdown.iter().filter_map(|k| self.cache.get(k).map(|(_, l)| l.clone())).collect();
        let mut outcome = Outcome {
            files: None,
            diagnostics: Vec::new(),
            published: 0,
            withheld: 0,
            reparsed,
            prefix: "/".into(),
            millis: 0,
            stages: vec![("read", started.elapsed().as_millis())],
        };
        if let Some(config) = config {
            let t = Instant::now();
            let site = Site::assemble(options, config, tree.assets.clone(), loaded, &mut diags);
            outcome.stages.push(("assemble", t.elapsed().as_millis()));
            let t = Instant::now();
            let (out, live) = render::to_memory(&site, render::Mode::Preview(&mut self.rendered), &mut diags);
            outcome.stages.push(("render", t.elapsed().as_millis()));
            outcome.published = site.entries.len();
            outcome.prefix = site.config.base_url.root().to_string();
            outcome.withheld = site.withheld.len();
            self.live = None;
            if !diags.has_errors() {
                outcome.files = Some(out.files.into_iter().collect());
                self.live = live.map(|l| (site, l));
            }
        }
        self.tree = tree;
        outcome.diagnostics = diags.sorted();
        outcome.millis = started.elapsed().as_millis();
        outcome
    }

    /// Forget rendered bodies and pages (templates or settings changed).
    pub fn invalidate(&mut self) {
        self.rendered = render::Cache::default();
        self.live = None;
    }

    /// The search index of the current site, as a job for another thread.
    pub fn search_job(&self) -> Option<impl FnOnce() -> render::Output + Send + 'static> {
        self.live.as_ref().map(|(s, l)| l.search_job(&s.config.base_url, &s.config.synonyms))
    }

    /// Re-read files whose stamp changed; forget files that are gone. Returns how many were read.
    fn refresh(&mut self, content_dir: &Path, keys: &[String]) -> usize {
        use rayon::prelude::*;
        let stamps: Vec<(String, Option<Stamp>)> =
            keys.par_iter().map(|k| (k.clone(), stamp(&content_dir.join(k)))).collect();
        let stale: Vec<String> = stamps
            .iter()
            .filter(|(k, s)| self.cache.get(k).map(|(old, _)| Some(*old)) != Some(*s))
            .map(|(k, _)| k.clone())
            .collect();
        let fresh: Vec<(String, Loaded)> =
            stale.par_iter().map(|k| (k.clone(), content::load_one(content_dir, k))).collect();
        let wanted: std::collections::HashSet<&String> = keys.iter().collect();
        self.cache.retain(|k, _| wanted.contains(k));
        let stamps: HashMap<String, Option<Stamp>> = stamps.into_iter().collect();
        for (k, l) in fresh {
            if let Some(Some(s)) = stamps.get(&k) {
                self.cache.insert(k, (*s, l));
            }
        }
        stale.len()
    }
}

fn stamp(p: &Path) -> Option<Stamp> {
    let m = std::fs::symlink_metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Apply an outcome to the shared state; returns a one-line summary for the terminal and the
/// output paths that changed (`None` when the rebuild failed).
pub fn apply(state: &Shared, outcome: Outcome, touched: &[PathBuf]) -> (String, Option<Vec<String>>) {
    let errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = outcome.diagnostics.len() - errors;
    let changed = outcome.files.as_ref().map(|files| changes::diff(&read(state).files, files, touched));
    let mut s = write(state);
    s.errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    let ok = outcome.files.is_some();
    if let Some(files) = outcome.files {
        s.files = files;
        s.prefix = outcome.prefix;
    }
    let stages = timings(&outcome.stages);
    let r = say::Rebuilt {
        ms: outcome.millis,
        published: outcome.published,
        withheld: outcome.withheld,
        errors,
        warnings,
        reparsed: outcome.reparsed,
    };
    let line = say::serve_rebuilt(&r, ok, &stages).shown().to_string();
    (line, changed)
}

/// ` [read 3ms assemble 9ms ...]` with GONGKAI_TIMINGS set, else nothing.
fn timings(stages: &[(&str, u128)]) -> String {
    if std::env::var_os("GONGKAI_TIMINGS").is_none() {
        return String::new();
    }
    let s: Vec<String> = stages.iter().map(|(n, ms)| format!("{n} {ms}ms")).collect();
    format!(" [{}]", s.join(" "))
}

fn read(state: &Shared) -> std::sync::RwLockReadGuard<'_, State> {
    match state.read() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    }
}

fn write(state: &Shared) -> std::sync::RwLockWriteGuard<'_, State> {
    match state.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    }
}

/// Put changed files into the served state and drop `removed` ones; returns the output paths
/// that actually changed.
fn update(state: &Shared, files: Files, removed: &[String], touched: &[PathBuf]) -> Vec<String> {
    let mut s = write(state);
    s.errors.clear();
    let mut changed: Vec<String> = removed.iter().filter(|p| s.files.remove(*p).is_some()).cloned().collect();
    for (path, file) in files {
        let same = match (s.files.get(&path), &file) {
            (Some(OutFile::Copy(a)), OutFile::Copy(b)) => a == b && !touched.contains(b),
            (Some(a), b) => a == b,
            (None, _) => false,
        };
        if !same {
            changed.push(path.clone());
            s.files.insert(path, file);
        }
    }
    changed.sort_unstable();
    changed
}

/// Tells the open pages what changed (nothing when nothing did).
struct Announcer {
    clients: http::Clients,
    version: AtomicU64,
    prefix: String,
}

impl Announcer {
    fn changed(&self, keys: &[String]) {
        if !keys.is_empty() {
            let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
            self.clients.broadcast(&changes::event(&self.prefix, v, keys));
        }
    }

    fn failed(&self) {
        let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        self.clients.broadcast(&changes::failed(v));
    }
}

/// Serve `root` until interrupted.
pub fn run(
    root: PathBuf,
    bind: std::net::IpAddr,
    port: u16,
    drafts: bool,
    print: &(dyn Fn(&str) + Sync),
) -> Result<(), String> {
    // Watchers report absolute paths: compare them against an absolute root.
    let root = std::fs::canonicalize(&root)
        .map_err(|e| say::serve_cannot_open(&root.display().to_string(), &e).shown().to_string())?;
    // Watching starts before the first build: a save made while it runs is rebuilt after it.
    let watch = watch::Watch::start(&root)?;
    let clients = http::Clients::default();
    let session = Session::start(Preview::new(root.clone(), drafts), clients.clone(), print);
    let server = http::start(bind, port, session.state.clone(), clients)?;
    let url = format!("http://{server}{}", session.announce.prefix);
    print(say::serving(&root.display().to_string(), &url, drafts).shown());
    let mut session = session;
    watch.run(|changed| session.on_change(changed, print));
    Ok(())
}

/// How long after a save the search index is rebuilt (saves in between postpone it).
const SEARCH_AFTER: std::time::Duration = std::time::Duration::from_millis(700);

/// A running preview: the renderer, what is served, and who is told about changes.
pub struct Session {
    pub preview: Preview,
    pub state: Shared,
    announce: Announcer,
    search_ticket: Arc<AtomicU64>,
    /// Build the search index before returning (tests), not on another thread.
    pub wait_for_search: bool,
    /// One thread for what follows the pages (feeds, exports, the sitemap), so the browser
    /// fetching the changed pages keeps a core.
    follow: Option<rayon::ThreadPool>,
    /// How the last change was handled: `static`, `shown`, `update` or `rebuild`.
    pub last: &'static str,
}

impl Session {
    /// Build the site for the first time.
    fn start(mut preview: Preview, clients: http::Clients, print: &dyn Fn(&str)) -> Session {
        let first = preview.rebuild();
        for d in &first.diagnostics {
            print(&d.to_string());
        }
        let state: Shared = Arc::new(RwLock::new(State::default()));
        let prefix = first.prefix.clone();
        print(&apply(&state, first, &[]).0);
        preview.warm();
        Session {
            preview,
            state,
            announce: Announcer { clients, version: AtomicU64::new(0), prefix },
            search_ticket: Arc::new(AtomicU64::new(0)),
            follow: rayon::ThreadPoolBuilder::new().num_threads(1).build().ok(),
            wait_for_search: false,
            last: "rebuild",
        }
    }

    /// A session without a server, for tests.
    pub fn offline(preview: Preview) -> Session {
        let mut s = Session::start(preview, http::Clients::default(), &|_| {});
        s.wait_for_search = true;
        s
    }

    /// Bring what is served up to date after the files `changed` (absolute paths) changed.
    pub fn on_change(&mut self, changed: &[PathBuf], print: &dyn Fn(&str)) {
        let root = self.preview.root.clone();
        let decision = plan(&root, changed);
        let started = Instant::now();
        let ms = || started.elapsed().as_millis();
        match &decision {
            Rebuild::Nothing => return,
            Rebuild::Everything => {
                if let Some(files) = self.preview.try_static(changed) {
                    let keys = update(&self.state, files, &[], changed);
                    self.announce.changed(&keys);
                    print(say::serve_static(keys.len(), ms()).shown());
                    self.last = "static";
                    return;
                }
                self.preview.invalidate()
            }
            Rebuild::Content(keys) => {
                if let Some(up) = self.preview.try_update(keys) {
                    for d in &up.diagnostics {
                        print(&d.to_string());
                    }
                    let pages = up.files.iter().filter(|(p, _)| p.ends_with(".html")).count();
                    self.announce.changed(&update(&self.state, up.files, &up.removed, changed));
                    let pages_ms = ms();
                    // Feeds, exports and the sitemap next, then the search index on another thread.
                    let preview = &mut self.preview;
                    let others = match &self.follow {
                        Some(pool) => pool.install(|| preview.others()),
                        None => preview.others(),
                    };
                    self.announce.changed(&update(&self.state, others, &[], changed));
                    print(say::serve_updated(pages, pages_ms, up.views, &timings(&up.stages), ms()).shown());
                    self.search();
                    self.last = up.how;
                    return;
                }
            }
        }
        // A full rebuild writes its own index: drop any search job still running.
        self.search_ticket.fetch_add(1, Ordering::SeqCst);
        self.last = "rebuild";
        let outcome = self.preview.rebuild();
        for d in &outcome.diagnostics {
            print(&d.to_string());
        }
        if outcome.files.is_some() {
            self.announce.prefix = outcome.prefix.clone();
        }
        let (line, keys) = apply(&self.state, outcome, changed);
        print(&line);
        match keys {
            Some(keys) => self.announce.changed(&keys),
            None => self.announce.failed(),
        }
        self.preview.warm();
    }

    /// The search index after an update, on another thread; a newer edit's index wins.
    fn search(&self) {
        let Some(job) = self.preview.search_job() else { return };
        let ticket = self.search_ticket.fetch_add(1, Ordering::SeqCst) + 1;
        let (state, tickets) = (self.state.clone(), self.search_ticket.clone());
        let background = !self.wait_for_search;
        let run = move || {
            // Once saves pause (a newer one takes over), and on one core of its own, so the
            // next edit's render does not queue behind it.
            if background {
                std::thread::sleep(SEARCH_AFTER);
                if tickets.load(Ordering::SeqCst) != ticket {
                    return;
                }
            }
            let pool = background.then(|| rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()).flatten();
            let output = match pool {
                Some(p) => p.install(job),
                None => job(),
            };
            let files: Files = output.files.into_iter().collect();
            let mut s = write(&state);
            // Checked under the lock: a newer edit or a full rebuild wins.
            if tickets.load(Ordering::SeqCst) == ticket {
                // The index is written whole: a shard it no longer has goes.
                let dir = format!("{}/", crate::search::DIR);
                let fresh: std::collections::HashSet<&String> = files.iter().map(|(p, _)| p).collect();
                s.files.retain(|p, _| !p.starts_with(&dir) || fresh.contains(p));
                s.files.extend(files);
            }
        };
        if self.wait_for_search {
            run();
        } else {
            std::thread::spawn(run);
        }
    }
}
