//! One build, start to finish, as a library call: load → validate → render → write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output;
use crate::render;
use crate::site::{Options, Site, Withheld};

/// What a build did, for the command to report.
#[derive(Debug)]
pub struct Report {
    pub withheld: Vec<Withheld>,
    pub diagnostics: Vec<Diagnostic>,
    pub published: usize,
    pub drafts: usize,
    pub pages: usize,
    pub files: usize,
    pub stats: output::Stats,
    /// True when the output was written.
    pub written: bool,
    pub elapsed: Duration,
    /// Time spent per stage (load, render, write), for `GONGKAI_TIMINGS=1`.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
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
    progress.set("reading content");
    let (site, mut diags) = Site::load(options);
    let mut report = Report {
        withheld: Vec::new(),
        diagnostics: Vec::new(),
        published: 0,
        drafts: 0,
        pages: 0,
        files: 0,
        stats: output::Stats::default(),
        written: false,
        elapsed: Duration::ZERO,
        stages: Vec::new(),
    };
    report.stages.push(("load", started.elapsed()));
    if let Some(site) = site {
        let t = Instant::now();
        progress.set("rendering pages");
        let out = render::render(&site, &mut diags);
        report.stages.push(("render", t.elapsed()));
        let t = Instant::now();
        report.withheld = site.withheld.clone();
        report.published = site.entries.len() - site.drafts.len();
        report.drafts = site.drafts.len();
        report.pages = out.pages();
        report.files = out.files.len();
        if !diags.has_errors() {
            progress.set("writing the output");
            match output::write(&out, &dest) {
                Ok(stats) => {
                    report.stats = stats;
                    report.written = true;
                }
                Err(e) => diags.push(
                    Diagnostic::error(dest.display().to_string(), 0, 0, "io", format!("cannot write the output: {e}"))
                        .with_fix("check that the folder is writable and the disk is not full"),
                ),
            }
        }
        report.stages.push(("write", t.elapsed()));
    }
    report.withheld.sort_by(|a, b| a.path.cmp(&b.path));
    report.diagnostics = finish(diags);
    report.elapsed = started.elapsed();
    report
}

fn finish(diags: Diagnostics) -> Vec<Diagnostic> {
    diags.sorted()
}
