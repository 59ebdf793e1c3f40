//! gongkai (公开): a static-site generator for open-government portals.
//!
//! Editors write Markdown with YAML front matter; gongkai turns the folder into a static
//! portal: documents with their official metadata, bulletins with ranked tables and charts,
//! approval items with statutory and promised time limits, journals, open data.
//!
//! The pipeline, one module per stage:
//! [`content`] reads and parses files and applies the publication gate →
//! [`site`] validates and links entries across the site → [`render`] produces every output
//! file in memory → [`output`] swaps the result into place. [`cmd`] holds one file per command.

pub mod build;
pub(crate) mod calendar;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub(crate) mod fix;
pub(crate) mod import;
pub(crate) mod inputs;
pub(crate) mod lint;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod render;
pub(crate) mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod urls;
mod yaml;

/// Exit codes, in one place: 0 ok, 1 content errors, 2 usage errors.
pub mod exit {
    pub const OK: u8 = 0;
    pub const CONTENT: u8 = 1;
    pub const USAGE: u8 = 2;
}
