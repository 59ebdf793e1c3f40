//! `gongkai build`: build the site, report withheld entries and problems, one summary line.

use crate::cli::BuildArgs;
use crate::exit;
use crate::site::{build_date, Options};

pub fn run(args: BuildArgs) -> u8 {
    let now = match build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    let dest = args.output.clone().unwrap_or_else(|| args.root.join("public"));
    let options = Options { root: args.root, now, drafts: args.drafts, base_url: args.base_url };
    let report = crate::build::run(options, dest.clone());
    for w in &report.withheld {
        println!("withheld: {} ({})", w.path, w.reason);
    }
    super::print_diagnostics(&report.diagnostics);
    let secs = report.elapsed.as_secs_f64();
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        let stages: Vec<String> = report.stages.iter().map(|(n, d)| format!("{n} {:.3}s", d.as_secs_f64())).collect();
        eprintln!("timings: {}", stages.join(", "));
    }
    if !report.written {
        eprintln!(
            "build failed: {} error(s), {} warning(s); {} left unchanged",
            report.errors(),
            report.warnings(),
            dest.display()
        );
        return exit::CONTENT;
    }
    let drafts = if report.drafts > 0 { format!(", {} draft(s) previewed", report.drafts) } else { String::new() };
    println!(
        "built {} pages ({} files: {} written, {} unchanged, {} removed) into {}: {} published, {} withheld{drafts}, {} warning(s), {secs:.2}s",
        report.pages,
        report.files,
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
