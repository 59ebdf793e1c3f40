//! One build, start to finish, as a library call: load → validate → render → write.
//!
//! Pages stream into the stage folder as they render ([`output::Stage`]); the stage replaces
//! the output only if the whole build succeeded. When the inputs' fingerprint, the build date's
//! gate window and the output itself all match the manifest of the last build, nothing is
//! read or written: the last build's report is replayed.

use crate::messages::{render as msg, Text};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Severity};
use crate::output::{self, Manifest, StoredDiagnostic, Summary};
use crate::render;
use crate::site::{Options, Site};

/// What a build did, for the command to report.
#[derive(Debug)]
pub struct Report {
    /// Withheld entries: (path, reason).
    pub withheld: Vec<(String, Text)>,
    pub diagnostics: Vec<Diagnostic>,
    pub published: usize,
    pub drafts: usize,
    /// Documents given a new 索引号 (recorded in index-numbers.lock).
    pub assigned: usize,
    /// Files written, unchanged and removed, and the pages and files of the output.
    pub stats: output::Stats,
    /// True when the output was written (or was already up to date).
    pub written: bool,
    /// True when nothing changed since the last build, so nothing was read or written.
    pub skipped: bool,
    pub elapsed: Duration,
    /// Time spent per stage (load, render, write), for `GONGKAI_TIMINGS=1`.
    pub stages: Vec<(&'static str, Duration)>,
    /// The next date after the build date on which approved entries publish themselves
    /// (`YYYY-MM-DD`), with their number: the output must be rebuilt on that day.
    pub next_scheduled: Option<(String, usize)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

/// Which stage a running build is in, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    stage: std::sync::Mutex<&'static str>,
}

impl Progress {
    pub fn set(&self, stage: &'static str) {
        if let Ok(mut s) = self.stage.lock() {
            *s = stage;
        }
    }
    pub fn stage(&self) -> &'static str {
        self.stage.lock().map(|s| *s).unwrap_or("")
    }
}

/// Build the site at `options.root` into `dest`. The output is touched only when there are no errors.
pub fn run(options: Options, dest: PathBuf) -> Report {
    run_with(options, dest, &Progress::default())
}

/// [`run`], reporting the current stage to `progress`.
pub fn run_with(options: Options, dest: PathBuf, progress: &Progress) -> Report {
    let started = Instant::now();
    progress.set("checking for changes");
    let inputs = crate::inputs::fingerprint(&options);
    let manifest_path = output::manifest_path(&options.root, &dest);
    if let Some(fp) = &inputs {
        let same = |m: &Manifest| m.inputs.as_ref() == Some(fp) && covers(m, &options);
        if let Some(m) = output::intact_if(&dest, &manifest_path, same) {
            return replay(m, started);
        }
    }
    let mut report = Report {
        withheld: Vec::new(),
        diagnostics: Vec::new(),
        published: 0,
        drafts: 0,
        assigned: 0,
        stats: output::Stats::default(),
        written: false,
        skipped: false,
        elapsed: Duration::ZERO,
        stages: Vec::new(),
        next_scheduled: None,
    };
    report.stages.push(("fingerprint", started.elapsed()));
    progress.set("reading content");
    let t = Instant::now();
    // The last build's search records are located while the content loads: that is mostly
    // one thread's work (the file's record heads) beside the loader's serial part.
    let last_terms = TermsLoad::start(&options.root);
    let (site, mut diags) = Site::load(options);
    let last_terms = last_terms.finish();
    report.stages.push(("load", t.elapsed()));
    if let Some(mut site) = site {
        let t = Instant::now();
        progress.set("rendering pages");
        // Pages go straight into the stage; with errors already known, they go nowhere (the
        // render still runs, as `check` does, so that every problem is reported at once).
        let stage = if diags.has_errors() {
            None
        } else {
            match output::Stage::begin(&dest, manifest_path) {
                Ok(s) => Some(s.compressing(site.config.compress)),
                Err(e) => {
                    diags.push(io_error(&dest, &e));
                    None
                }
            }
        };
        let live = match &stage {
            Some(s) => {
                let sources = site.take_bodies();
                let index = output::index_cache::Stored::new(&site.root);
                let terms = output::term_cache::Terms::with(last_terms);
                let mode = render::Mode::Build { sources: Some(sources), index: Some(&index), terms: Some(&terms) };
                render::render(&site, mode, &mut diags, s)
            }
            None => render::render(&site, render::Mode::Check, &mut diags, &render::Discard),
        };
        report.stages.push(("render+write", t.elapsed()));
        report.withheld = site.withheld.iter().map(|w| (w.path.clone(), w.reason.text())).collect();
        report.withheld.sort();
        report.published = site.entries.len() - site.drafts.len();
        report.drafts = site.drafts.len();
        report.next_scheduled = site.next_scheduled().map(|(d, n)| (d.to_string(), n));
        let t = Instant::now();
        let mut inputs = inputs;
        if !diags.has_errors() && site.lock_changed && !site.options.drafts && !site.options.locked {
            // The lock is written once the build is known to succeed; the fingerprint then
            // includes it as written, so that the next build can still skip.
            match site.lock.write(&site.root) {
                Ok(()) => {
                    report.assigned = site.assigned;
                    inputs = crate::inputs::fingerprint(&site.options);
                }
                Err(e) => diags.push(Diagnostic::error(crate::site::index_lock::FILE, 0, 0, msg::lock_unwritable(&e))),
            }
        }
        if let (Some(stage), false) = (stage, diags.has_errors()) {
            progress.set("writing the output");
            let sorted = diags.clone().sorted();
            let shows_date = live.as_ref().is_some_and(render::Live::shows_build_date);
            let manifest = Manifest {
                inputs,
                window: (
                    site.gate_window.0.map(|d| d.to_string()).unwrap_or_default(),
                    site.gate_window.1.map(|d| d.to_string()).unwrap_or_default(),
                ),
                now: shows_date.then(|| site.options.now.to_string()),
                summary: Summary {
                    published: report.published,
                    drafts: report.drafts,
                    withheld: report.withheld.clone(),
                    diagnostics: sorted.iter().map(store).collect(),
                    next_scheduled: report.next_scheduled.clone(),
                },
                ..Manifest::default()
            };
            match stage.finish(manifest) {
                Ok(stats) => {
                    report.stats = stats;
                    report.written = true;
                }
                Err(e) => diags.push(io_error(&dest, &e)),
            }
        }
        report.stages.push(("swap", t.elapsed()));
        crate::diagnostics::memory_checkpoint("written");
        // Freeing a large site's model takes a noticeable moment (≈40 ms at 10,000 entries):
        // do it on another thread, which a command-line build simply exits past.
        // If no thread can be started, the closure (and with it the model) is dropped here.
        let _ = std::thread::Builder::new().spawn(move || drop((live, site)));
    }
    report.diagnostics = diags.sorted();
    report.elapsed = started.elapsed();
    report
}

/// [`output::term_cache::Last::read`] on a thread of its own, or here when none can start.
enum TermsLoad {
    Running(std::thread::JoinHandle<output::term_cache::Last>),
    Inline(PathBuf),
}

impl TermsLoad {
    fn start(root: &std::path::Path) -> TermsLoad {
        let owned = root.to_path_buf();
        match std::thread::Builder::new().spawn(move || output::term_cache::Last::read(&owned)) {
            Ok(handle) => TermsLoad::Running(handle),
            Err(_) => TermsLoad::Inline(root.to_path_buf()),
        }
    }

    fn finish(self) -> output::term_cache::Last {
        match self {
            TermsLoad::Running(handle) => match handle.join() {
                Ok(last) => last,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            TermsLoad::Inline(root) => output::term_cache::Last::read(&root),
        }
    }
}

fn io_error(dest: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(dest.display().to_string(), 0, 0, msg::output_unwritable(e))
}

/// Whether the last build's output holds for this build's date and options.
fn covers(m: &Manifest, options: &Options) -> bool {
    let now = options.now.to_string();
    let (from, until) = &m.window;
    (from.is_empty() || *from <= now) && (until.is_empty() || now < *until) && m.now.as_ref().is_none_or(|d| *d == now)
}

/// The report of a build that found nothing to do.
fn replay(m: Manifest, started: Instant) -> Report {
    let files = m.files.len();
    let pages = m.files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    Report {
        withheld: m.summary.withheld,
        diagnostics: m.summary.diagnostics.into_iter().map(restore).collect(),
        published: m.summary.published,
        drafts: m.summary.drafts,
        assigned: 0,
        stats: output::Stats { written: 0, unchanged: files, removed: 0, files, pages },
        written: true,
        skipped: true,
        elapsed: started.elapsed(),
        stages: vec![("fingerprint", started.elapsed())],
        next_scheduled: m.summary.next_scheduled,
    }
}

fn store(d: &Diagnostic) -> StoredDiagnostic {
    StoredDiagnostic {
        error: d.severity == Severity::Error,
        path: d.path.clone(),
        line: d.line,
        col: d.col,
        code: d.code.to_string(),
        message: d.message.clone(),
        fix: d.fix.as_deref().cloned(),
    }
}

fn restore(d: StoredDiagnostic) -> Diagnostic {
    let m = msg::stored(crate::messages::Code::parse(&d.code), d.message, d.fix);
    if d.error {
        Diagnostic::error(d.path, d.line, d.col, m)
    } else {
        Diagnostic::warning(d.path, d.line, d.col, m)
    }
}
