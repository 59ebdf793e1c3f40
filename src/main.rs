//! The `gongkai` binary: parse the command line, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match gongkai::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { gongkai::exit::USAGE } else { gongkai::exit::OK });
        }
    };
    ExitCode::from(gongkai::cmd::run(cli))
}
