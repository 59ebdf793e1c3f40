//! `gongkai serve`: live preview on 127.0.0.1 with rebuilds on save and browser reload.

use crate::cli::ServeArgs;
use crate::exit;

pub fn run(args: ServeArgs) -> u8 {
    let print = |line: &str| errln!("{line}");
    match crate::serve::run(args.root, args.bind, args.port, !args.no_drafts, &print) {
        Ok(()) => exit::OK,
        Err(e) => {
            fail!(crate::messages::Text::same(e));
            exit::USAGE
        }
    }
}
