//! `gongkai build`: build the site, report withheld entries and problems, one summary line.

use crate::cli::{BuildArgs, Format};
use crate::exit;
use crate::messages::commands as msg;
use crate::site::{build_date, Options};

pub fn run(args: BuildArgs) -> u8 {
    let now = match build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            fail!(e);
            return exit::USAGE;
        }
    };
    let dest = args.output.clone().unwrap_or_else(|| args.root.join("public"));
    let json = args.format == Format::Json;
    let options = Options { root: args.root, now, drafts: args.drafts, base_url: args.base_url, locked: args.locked };
    let root = options.root.clone();
    let progress = crate::build::Progress::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    let report = std::thread::scope(|scope| {
        scope.spawn(|| spinner(&progress, &done));
        let r = crate::build::run_with(options, dest.clone(), &progress);
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        r
    });
    if !json {
        for (path, reason) in &report.withheld {
            say!(msg::withheld_line(path, reason));
        }
    }
    let withheld: std::collections::HashSet<String> = report.withheld.iter().map(|w| w.0.clone()).collect();
    super::print_diagnostics(&report.diagnostics, &root, &withheld);
    let secs = report.elapsed.as_secs_f64();
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        let stages: Vec<String> = report.stages.iter().map(|(n, d)| format!("{n} {:.3}s", d.as_secs_f64())).collect();
        // Peak memory so far, where the system says (Linux).
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l["VmHWM:".len()..].trim().to_string()))
            .map(|p| format!(", peak RSS {p}"))
            .unwrap_or_default();
        errln!("timings: {}{peak}", stages.join(", "));
    }
    if json {
        outln!("{}", summary(&report, &dest, now));
        return if report.written { exit::OK } else { exit::CONTENT };
    }
    if !report.written {
        errln!("{}", msg::build_failed(report.errors(), report.warnings(), &dest.display().to_string()).shown());
        return exit::CONTENT;
    }
    if report.assigned > 0 {
        say!(msg::assigned_index_numbers(report.assigned));
    }
    let dest_shown = dest.display().to_string();
    say!(msg::built(&msg::Built {
        pages: report.stats.pages,
        files: report.stats.files,
        written: report.stats.written,
        unchanged: report.stats.unchanged,
        removed: report.stats.removed,
        dest: &dest_shown,
        published: report.published,
        withheld: report.withheld.len(),
        drafts: report.drafts,
        warnings: report.warnings(),
        secs,
        skipped: report.skipped,
    }));
    // When to rebuild so that approved, future-dated entries go online on their date.
    say!(msg::next_scheduled(report.next_scheduled.as_ref().map(|(d, n)| (d.as_str(), *n))));
    exit::OK
}

/// The `--format json` summary: one object on stdout, for scripts (docs in README).
fn summary(report: &crate::build::Report, dest: &std::path::Path, now: jiff::civil::Date) -> serde_json::Value {
    let withheld: Vec<serde_json::Value> = report
        .withheld
        .iter()
        .map(|(p, r)| serde_json::json!({"path": p, "reason": r.en, "reason_zh": r.zh}))
        .collect();
    serde_json::json!({
        "ok": report.written,
        "output": dest.display().to_string(),
        "build_date": now.to_string(),
        "published": report.published,
        "drafts": report.drafts,
        "withheld": withheld,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "pages": report.stats.pages,
        "files": report.stats.files,
        "written": report.stats.written,
        "unchanged": report.stats.unchanged,
        "removed": report.stats.removed,
        "skipped": report.skipped,
        "next_scheduled": report.next_scheduled.as_ref().map(|(d, n)| serde_json::json!({"date": d, "entries": n})),
    })
}

/// On a terminal, a spinner with the current stage once the build has taken more than a second.
fn spinner(progress: &crate::build::Progress, done: &std::sync::atomic::AtomicBool) {
    use std::io::IsTerminal;
    use std::sync::atomic::Ordering;
    use std::time::Duration;
    if !std::io::stderr().is_terminal() {
        return;
    }
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        if done.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    while !done.load(Ordering::SeqCst) {
        bar.set_message(progress.stage());
        bar.tick();
        std::thread::sleep(Duration::from_millis(80));
    }
    bar.finish_and_clear();
}
