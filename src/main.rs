//! The `gongkai` binary: parse the command line, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: rendering thousands of pages in parallel allocates heavily, and glibc's malloc
/// serialises threads on its arenas.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
