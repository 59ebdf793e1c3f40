//! `gongkai deadline <date> <N>`: the N-th working day after a date, with what it crossed.

use crate::calendar::Calendar;
use crate::cli::DeadlineArgs;
use crate::diagnostics::Diagnostics;
use crate::exit;

pub fn run(args: DeadlineArgs) -> u8 {
    let start = match crate::content::fields::parse_date(&args.start) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return exit::USAGE;
        }
    };
    let calendar = match &args.root {
        None => Calendar::china().clone(),
        Some(root) => {
            let mut diags = Diagnostics::new();
            let Some(config) = crate::config::load(root, &mut diags) else {
                super::print_diagnostics(&diags.sorted(), root, &Default::default());
                return exit::CONTENT;
            };
            match Calendar::china().with_overlay(&config.calendar_off, &config.calendar_work) {
                Ok(c) => c,
                Err(e) => {
                    errln!("site.yaml: error: {e}");
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
            errln!("error: {e}");
            exit::CONTENT
        }
    }
}
