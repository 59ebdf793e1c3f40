//! One file per command: glue between the command line, the library and the terminal.
//!
//! Commands print with `outln!` and `errln!`, never `println!`: those panic when the reader
//! has gone (`gongkai build | head`), these drop the line and the command finishes normally.

/// `println!` that ignores a closed standard output (the reader of a pipe has exited).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed standard error.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// A line of the message catalogue on standard output, in the run's language.
macro_rules! say {
    ($text:expr) => {
        outln!("{}", $text.shown())
    };
}

/// `error: …` (`错误：…`) on standard error, in the run's language.
macro_rules! fail {
    ($text:expr) => {
        errln!("{}{}", $crate::messages::commands::error_prefix().shown(), $text.shown())
    };
}

pub mod build;
pub mod check;
pub mod deadline;
pub mod fix;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
mod snippet;

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::cli::{Cli, Command};
use crate::diagnostics::Diagnostic;

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    crate::messages::Lang::choose(cli.lang.as_deref().and_then(crate::messages::Lang::parse));
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Check(a) => check::run(a),
        Command::Deadline(a) => deadline::run(a),
        Command::Serve(a) => serve::run(a),
        Command::New(a) => new::run(a),
        Command::Init(a) => init::run(a),
        Command::Fix(a) => fix::run(a),
        Command::Import(a) => import::run(a),
    }
}

/// Print diagnostics to stderr: on a terminal with a source snippet and the place underlined
/// (`cmd/snippet.rs`), otherwise one plain `path:line:col: severity: message` line each. Files in
/// `withheld` never get a snippet: their content must not reach logs.
pub fn print_diagnostics(diags: &[Diagnostic], root: &Path, withheld: &HashSet<String>) {
    let fancy = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let snippet = if fancy && d.line > 0 && !withheld.contains(&d.path) { pretty(d, root) } else { None };
        let _ = match snippet {
            Some(s) => writeln!(err, "{s}"),
            None => writeln!(err, "{d}"),
        };
    }
}

fn pretty(d: &Diagnostic, root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(&d.path)).ok()?;
    snippet::render(d, &text, true)
}
