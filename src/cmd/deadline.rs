//! `gongkai deadline <date> <N>`: the N-th working day after a date, with what it crossed.

use crate::calendar::Calendar;
use crate::cli::DeadlineArgs;
use crate::diagnostics::Diagnostics;
use crate::exit;

pub fn run(args: DeadlineArgs) -> u8 {
    let start = match crate::content::fields::parse_date(&args.start) {
        Ok(d) => d,
        Err(e) => {
            fail!(e.text());
            return exit::USAGE;
        }
    };
    // Without --root, a site in the current folder (site.yaml there) lends its calendar.yaml
    // and overlay, as every other command reads the site in the current folder.
    let here = std::path::PathBuf::from(".");
    let root = args.root.clone().or_else(|| here.join("site.yaml").is_file().then_some(here));
    let calendar = match &root {
        None => Calendar::china().clone(),
        Some(root) => {
            let mut diags = Diagnostics::new();
            let Some(config) = crate::config::load(root, &mut diags) else {
                super::print_diagnostics(&diags.sorted(), root, &Default::default());
                return exit::CONTENT;
            };
            if diags.has_errors() {
                super::print_diagnostics(&diags.sorted(), root, &Default::default());
                return exit::CONTENT;
            }
            match config.calendar() {
                Ok(c) => c,
                Err(problems) => {
                    super::print_diagnostics(&problems, root, &Default::default());
                    return exit::CONTENT;
                }
            }
        }
    };
    match calendar.add_working_days(start, args.days) {
        Ok(d) => {
            outln!("{}", d.date);
            outln!("{}", d.explain());
            exit::OK
        }
        Err(e) => {
            fail!(e.text());
            exit::CONTENT
        }
    }
}
