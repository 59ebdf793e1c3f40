//! One file per command: glue between the command line, the library and the terminal.

pub mod build;
pub mod check;
pub mod deadline;
pub mod init;
pub mod new;
pub mod serve;

use crate::cli::{Cli, Command};

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Check(a) => check::run(a),
        Command::Deadline(a) => deadline::run(a),
        Command::Serve(a) => serve::run(a),
        Command::New(a) => new::run(a),
        Command::Init(a) => init::run(a),
    }
}

/// Print diagnostics to stderr, one per line.
pub fn print_diagnostics(diags: &[crate::diagnostics::Diagnostic]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}
