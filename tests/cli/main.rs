//! Integration tests of the `gongkai` binary (and, for the property test, the library): fixture
//! sites in temp dirs, built, and the *whole* output inspected. One binary, one module per
//! concern. The harness is in `tests/common/`.

#[path = "../common/lang.rs"]
mod lang;

#[path = "../common/mod.rs"]
mod common;

mod base_path;
mod beside;
mod bundled;
mod calendar;
mod commands;
mod defects;
mod errors;
mod footer;
mod gate;
mod gate_props;
mod hostile_bytes;
mod hostile_paths;
mod hostile_resources;
mod hostile_script;
mod import;
mod incremental;
mod messages;
mod output;
mod record;
mod reread;
mod schedule;
mod search_terms;
mod tools;
