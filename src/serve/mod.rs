//! Live preview: build in memory, serve on 127.0.0.1, rebuild on change, reload the browser.
//!
//! The preview never writes to disk: the rendered files stay in memory and are served from
//! there. Parsed content files are kept between rebuilds and re-read only when their size or
//! modification time changed, so an edit re-parses one file; then the site is re-linked and
//! re-rendered in memory (in parallel). A failed rebuild keeps serving the last good site
//! with an error overlay and the server stays up.

mod http;
mod plan;
mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime};

pub use plan::{plan, Rebuild};

use crate::content::{self, Loaded};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::render::{self, OutFile};
use crate::site::urls::BaseUrl;
use crate::site::{Options, Site};

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
    /// The last good site and its rendering, for the single-entry fast path.
    live: Option<(Site, render::Live)>,
}

type Stamp = (SystemTime, u64);

/// Output files by path, as the fast path hands them to the server.
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
        Preview { root, drafts, cache: HashMap::new(), rendered: render::Cache::default(), live: None }
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
            let site = Site::assemble(options, config, tree.assets, loaded, &mut diags);
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
        outcome.diagnostics = diags.sorted();
        outcome.millis = started.elapsed().as_millis();
        outcome
    }

    /// Forget rendered bodies and pages (templates or settings changed).
    pub fn invalidate(&mut self) {
        self.rendered = render::Cache::default();
        self.live = None;
    }

    /// The fast path for the most common edit: the body of published (or previewed)
    /// documents, bulletins, items or pages changed and nothing else did (same front matter,
    /// same files). Only their pages are re-rendered; the search index is refreshed by
    /// [`Preview::refresh_search`]. `None` means: do a full rebuild.
    pub fn try_fast(&mut self, keys: &[String]) -> Option<(Files, Vec<Diagnostic>)> {
        let (site, live) = self.live.as_mut()?;
        let content_dir = content::dir(&self.root);
        let mut changed = Vec::new();
        for key in keys {
            let &i = site.by_key.get(key)?;
            let fresh = content::load_one(&content_dir, key);
            let parsed = fresh.parsed.as_ref()?;
            let new = parsed.entry.as_ref()?;
            let old = &site.entries[i];
            let same_front = parsed.gate_problems.is_empty()
                && parsed.problems.is_empty()
                && new.body_line == old.body_line
                && format!("{:?}{:?}{}", new.common, new.meta, new.slug)
                    == format!("{:?}{:?}{}", old.common, old.meta, old.slug);
            if !same_front {
                return None;
            }
            changed.push((i, key.clone(), new.body.clone(), stamp(&content_dir.join(key))?, fresh));
        }
        let mut diags = Diagnostics::new();
        let mut files = Vec::new();
        for (i, key, body, st, fresh) in changed {
            site.entries[i].body = body;
            let out = live.update_body(site, i, &mut diags)?;
            files.extend(out.files);
            self.cache.insert(key, (st, fresh));
        }
        Some((files, diags.sorted()))
    }

    /// The search index after a fast-path update.
    pub fn refresh_search(&self) -> Files {
        self.search_job().map(|job| job().files.into_iter().collect()).unwrap_or_default()
    }

    /// [`Preview::refresh_search`] as a job for another thread.
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

/// Apply an outcome to the shared state; returns a one-line summary for the terminal.
pub fn apply(state: &Shared, outcome: Outcome) -> String {
    let errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = outcome.diagnostics.len() - errors;
    let mut s = match state.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    s.errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    let ok = outcome.files.is_some();
    if let Some(files) = outcome.files {
        s.files = files;
        s.prefix = outcome.prefix;
    }
    let stages: String = outcome.stages.iter().map(|(n, ms)| format!(" {n} {ms}ms")).collect();
    let stages =
        if std::env::var_os("GONGKAI_TIMINGS").is_some() { format!(" [{}]", stages.trim()) } else { String::new() };
    if ok {
        format!(
            "rebuilt in {} ms: {} published, {} withheld, {warnings} warning(s), {} file(s) re-read{stages}",
            outcome.millis, outcome.published, outcome.withheld, outcome.reparsed
        )
    } else {
        format!(
            "rebuild failed in {} ms: {errors} error(s), {warnings} warning(s); still serving the last good version{stages}",
            outcome.millis
        )
    }
}

/// Put changed files into the served state (a fast-path update).
fn update(state: &Shared, files: Vec<(String, OutFile)>) {
    let mut s = match state.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    s.errors.clear();
    s.files.extend(files);
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
    let root = std::fs::canonicalize(&root).map_err(|e| format!("cannot open {}: {e}", root.display()))?;
    let mut preview = Preview::new(root.clone(), drafts);
    let first = preview.rebuild();
    for d in &first.diagnostics {
        print(&d.to_string());
    }
    let state: Shared = Arc::new(RwLock::new(State::default()));
    let prefix = first.prefix.clone();
    print(&apply(&state, first));
    let clients = http::Clients::default();
    let server = http::start(bind, port, state.clone(), clients.clone())?;
    print(&format!(
        "serving {} at http://{}{} (Ctrl-C to stop){}",
        root.display(),
        server,
        prefix,
        if drafts { "; drafts shown with a banner" } else { "" }
    ));
    let search_ticket = Arc::new(AtomicU64::new(0));
    watch::run(&root, |changed| {
        let decision = plan(&root, changed);
        let started = Instant::now();
        match &decision {
            Rebuild::Nothing => return,
            Rebuild::Everything => preview.invalidate(),
            Rebuild::Content(keys) => {
                if let Some((files, diags)) = preview.try_fast(keys) {
                    for d in &diags {
                        print(&d.to_string());
                    }
                    let n = files.len();
                    update(&state, files);
                    clients.broadcast("reload");
                    print(&format!("updated {n} page(s) in {} ms", started.elapsed().as_millis()));
                    // The search index follows on another thread; a newer edit's index wins.
                    if let Some(job) = preview.search_job() {
                        let ticket = search_ticket.fetch_add(1, Ordering::SeqCst) + 1;
                        let (state, tickets) = (state.clone(), search_ticket.clone());
                        std::thread::spawn(move || {
                            let files: Files = job().files.into_iter().collect();
                            let mut s = match state.write() {
                                Ok(s) => s,
                                Err(p) => p.into_inner(),
                            };
                            // Checked under the lock: a newer edit or a full rebuild wins.
                            if tickets.load(Ordering::SeqCst) == ticket {
                                s.files.extend(files);
                            }
                        });
                    }
                    return;
                }
            }
        }
        // A full rebuild writes its own index: drop any search job still running.
        search_ticket.fetch_add(1, Ordering::SeqCst);
        let outcome = preview.rebuild();
        for d in &outcome.diagnostics {
            print(&d.to_string());
        }
        print(&apply(&state, outcome));
        clients.broadcast("reload");
    })
}
