//! `gongkai build`: build the site, report withheld entries and problems, one summary line.

use crate::cli::BuildArgs;
use crate::exit;
use crate::site::{build_date, Options};

pub fn run(args: BuildArgs) -> u8 {
    let now = match build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return exit::USAGE;
        }
    };
    let dest = args.output.clone().unwrap_or_else(|| args.root.join("public"));
    let options = Options { root: args.root, now, drafts: args.drafts, base_url: args.base_url };
    let root = options.root.clone();
    let progress = crate::build::Progress::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    let report = std::thread::scope(|scope| {
        scope.spawn(|| spinner(&progress, &done));
        let r = crate::build::run_with(options, dest.clone(), &progress);
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        r
    });
    for (path, reason) in &report.withheld {
        outln!("withheld: {path} ({reason})");
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
    if !report.written {
        errln!(
            "build failed: {} error(s), {} warning(s); {} left unchanged",
            report.errors(),
            report.warnings(),
            dest.display()
        );
        return exit::CONTENT;
    }
    let drafts = if report.drafts > 0 { format!(", {} draft(s) previewed", report.drafts) } else { String::new() };
    let skipped = if report.skipped { " (nothing changed since the last build)" } else { "" };
    outln!(
        "built {} pages ({} files: {} written, {} unchanged, {} removed) into {}: {} published, {} withheld{drafts}, {} warning(s), {secs:.2}s{skipped}",
        report.stats.pages,
        report.stats.files,
        report.stats.written,
        report.stats.unchanged,
        report.stats.removed,
        dest.display(),
        report.published,
        report.withheld.len(),
        report.warnings(),
    );
    exit::OK
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
