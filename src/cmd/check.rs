//! `gongkai check`: every validation of `build`, nothing written.

use crate::cli::{CheckArgs, Format};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exit;
use crate::site::{build_date, Options, Site};

pub fn run(args: CheckArgs) -> u8 {
    let now = match build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return exit::USAGE;
        }
    };
    let root = args.root.clone();
    let (site, mut diags) = Site::load(Options { root: args.root, now, drafts: false, base_url: None });
    let withheld: std::collections::HashSet<String> =
        site.iter().flat_map(|s| s.withheld.iter().map(|w| w.path.clone())).collect();
    if let Some(site) = &site {
        for w in &site.withheld {
            if w.reason == crate::content::gate::Reason::NotPublic {
                diags.push(
                    Diagnostic::error(
                        &w.path,
                        0,
                        0,
                        "classified-file",
                        "a file that is not classified public is in content/",
                    )
                    .with_fix("classified material does not belong in the portal's source: move it out of content/"),
                );
            }
        }
        crate::render::render_into(site, &mut diags, &crate::render::Discard, None);
        diags.extend(crate::render::statistics::missing_periods(site));
    }
    if args.strict {
        diags.escalate();
    }
    let failed = diags.has_errors();
    report(&diags, args.format, &root, &withheld);
    if failed {
        exit::CONTENT
    } else {
        exit::OK
    }
}

fn report(diags: &Diagnostics, format: Format, root: &std::path::Path, withheld: &std::collections::HashSet<String>) {
    let list = diags.clone().sorted();
    match format {
        Format::Human => {
            super::print_diagnostics(&list, root, withheld);
            errln!("{} error(s), {} warning(s)", diags.errors(), diags.warnings());
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "file": d.path, "line": d.line, "column": d.col, "severity": d.severity.as_str(),
                        "code": d.code, "message": d.message, "fix": d.fix,
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&serde_json::json!({ "problems": items })).unwrap_or_default());
        }
    }
}
