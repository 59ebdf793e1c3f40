//! `gongkai check`: every validation of `build`, nothing written.

use crate::messages::{commands as msg, Lang, Text};
use std::collections::HashSet;

use crate::cli::{CheckArgs, Format};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exit;
use crate::site::{build_date, Options, Site};

pub fn run(args: CheckArgs) -> u8 {
    let now = match build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            fail!(e);
            return exit::USAGE;
        }
    };
    let root = args.root.clone();
    let (mut diags, withheld, notes) = collect_with_notes(args.root, now);
    if args.strict {
        diags.escalate();
    }
    let failed = diags.has_errors();
    if args.format == Format::Human {
        for note in &notes {
            errln!("{}{}", msg::note_prefix().shown(), note.shown());
        }
    }
    report(&diags, args.format, &root, &withheld);
    if failed {
        exit::CONTENT
    } else {
        exit::OK
    }
}

/// Every problem `check` reports for the site at `root`, and the files that are withheld
/// (their content must not reach a snippet). `import` runs this on the file it wrote.
pub(crate) fn collect(root: std::path::PathBuf, now: jiff::civil::Date) -> (Diagnostics, HashSet<String>) {
    let (diags, withheld, _) = collect_with_notes(root, now);
    (diags, withheld)
}

/// [`collect`], with one note per draft (checked, not published) and per withheld entry
/// (neither): what `check` says besides the problems.
fn collect_with_notes(root: std::path::PathBuf, now: jiff::civil::Date) -> (Diagnostics, HashSet<String>, Vec<Text>) {
    // Pending and scheduled entries are checked too (as `serve` and `build --drafts` show them),
    // so an approver sees their problems before approving; classified ones never are.
    let (site, mut diags) = Site::load(Options { root, now, drafts: true, base_url: None, locked: false });
    let withheld: HashSet<String> = site.iter().flat_map(|s| s.withheld.iter().map(|w| w.path.clone())).collect();
    let mut notes = Vec::new();
    if let Some(site) = &site {
        for w in &site.withheld {
            if w.reason == crate::content::gate::Reason::NotPublic {
                diags.push(Diagnostic::error(&w.path, 0, 0, crate::messages::site::classified_file()));
            }
        }
        crate::render::render(site, crate::render::Mode::Check, &mut diags, &crate::render::Discard);
        diags.extend(crate::render::statistics::missing_periods(site));
        mark_drafts(site, &mut diags);
        for (i, reason) in sorted_drafts(site) {
            notes.push(msg::note_draft(&site.entries[i].path, &reason.text()));
        }
        for w in site.withheld.iter().filter(|w| w.reason != crate::content::gate::Reason::NotPublic) {
            notes.push(msg::note_withheld(&w.path, &w.reason.text()));
        }
    }
    (diags, withheld, notes)
}

/// Draft entries (pending or scheduled) by index, in path order, with why they are drafts.
fn sorted_drafts(site: &Site) -> Vec<(usize, &crate::content::gate::Reason)> {
    let mut drafts: Vec<(usize, &crate::content::gate::Reason)> = site.drafts.iter().map(|(i, r)| (*i, r)).collect();
    drafts.sort_by(|a, b| site.entries[a.0].path.cmp(&site.entries[b.0].path));
    drafts
}

/// A problem in a draft says so: `(approval pending) …`, `(scheduled for 2026-12-15) …`.
fn mark_drafts(site: &Site, diags: &mut Diagnostics) {
    let status: std::collections::HashMap<&str, (String, String)> =
        site.drafts.iter().map(|(i, r)| (site.entries[*i].path.as_str(), msg::draft_marker(&r.text()))).collect();
    diags.map(|d| {
        if let Some((zh, en)) = status.get(d.path.as_str()) {
            d.message = d.message.prefixed(zh, en);
        }
    });
}

fn report(diags: &Diagnostics, format: Format, root: &std::path::Path, withheld: &HashSet<String>) {
    let list = diags.clone().sorted();
    match format {
        Format::Human => {
            super::print_diagnostics(&list, root, withheld);
            errln!("{}", msg::totals(diags.errors(), diags.warnings()).shown());
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|d| {
                    let lang = Lang::current();
                    serde_json::json!({
                        "file": d.path, "line": d.line, "column": d.col, "severity": d.severity.as_str(),
                        "code": d.code, "message": d.message.get(lang), "fix": d.fix.as_ref().map(|f| f.get(lang)),
                        "zh": { "message": d.message.zh, "fix": d.fix.as_ref().map(|f| &f.zh) },
                        "en": { "message": d.message.en, "fix": d.fix.as_ref().map(|f| &f.en) },
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&serde_json::json!({ "problems": items })).unwrap_or_default());
        }
    }
}
