//! Site → output files, all in memory: bodies, views, pages, feeds, exports, assets.
//!
//! Nothing here writes to disk; [`crate::output`] does that once everything has rendered, so
//! a build that fails leaves the previous output untouched.

pub mod assets;
mod bodies;
mod body_links;
mod cards;
mod chart;
mod data;
mod depends;
mod feeds;
mod fingerprint;
mod formats;
mod incremental;
mod job;
mod kinds;
mod pages;
mod planner;
mod records;
mod search;
mod sections;
mod site_value;
mod sitemap;
pub mod statistics;
mod sweep;
mod tasks;
mod templates;
mod tidy;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::diagnostics::Diagnostics;
use crate::site::Site;
use crate::urls::BaseUrl;

pub use incremental::Delta;
pub use templates::Theme;

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutFile {
    Bytes(Vec<u8>),
    /// Copied from a source file (attachments, static files) when written.
    Copy(PathBuf),
}

/// Every file of the output, by path relative to the output folder (`documents/x/index.html`).
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, OutFile>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), OutFile::Bytes(bytes.into()));
    }

    pub fn copy(&mut self, path: impl Into<String>, from: PathBuf) {
        self.files.insert(path.into(), OutFile::Copy(from));
    }
}

/// Where rendered files go as soon as each is ready: collected in memory ([`Collect`], for the
/// preview, `check` and tests) or streamed into the stage folder ([`crate::output::Stage`]), so
/// a build never holds the whole portal in memory. Rendering runs on many threads at once.
pub trait Sink: Sync {
    fn put(&self, path: String, file: OutFile);
}

impl dyn Sink + '_ {
    pub fn add(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put(path.into(), OutFile::Bytes(bytes.into()));
    }

    pub fn copy(&self, path: impl Into<String>, from: PathBuf) {
        self.put(path.into(), OutFile::Copy(from));
    }
}

/// Generated files for paths that a file of the site's `static/` (or the theme's) already
/// provides are dropped: the static file wins, whichever thread finishes first
/// (docs/templates.md). Static files themselves go straight to the inner sink.
struct StaticWins<'a> {
    inner: &'a dyn Sink,
    claimed: std::collections::HashSet<String>,
}

impl Sink for StaticWins<'_> {
    fn put(&self, path: String, file: OutFile) {
        if !self.claimed.contains(&path) {
            self.inner.put(path, file);
        }
    }
}

/// A sink that keeps nothing: a build that already has errors still renders, to report every
/// problem at once, but writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: String, _: OutFile) {}
}

/// Output collected in memory.
#[derive(Default)]
pub struct Collect(Mutex<Output>);

impl Sink for Collect {
    fn put(&self, path: String, file: OutFile) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).files.insert(path, file);
    }
}

impl Collect {
    pub fn into_inner(self) -> Output {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What the preview keeps between rebuilds so unchanged work is not redone.
#[derive(Default)]
pub struct Cache {
    pub bodies: bodies::BodyCache,
    pub pages: pages::PageCache,
    /// Each entry's search record, by the key of its indexed fields: a rebuild tokenises only
    /// the entries whose text changed.
    records: search::Memo,
}

/// Where a build keeps its last search index between runs (the output stage implements it:
/// `output::index_cache`). Rendering only asks and hands over; it never touches the disk.
pub trait IndexCache: Sync {
    /// Hand each file of the index an earlier build kept for this [`crate::search::key`] to
    /// `emit`; false, with nothing handed over, when none is kept.
    fn get(&self, key: u128, emit: &mut dyn FnMut(String, Vec<u8>)) -> bool;
    /// Keep the index being built for `key`, file by file.
    fn keep(&self, key: u128) -> Box<dyn IndexKeeper + '_>;
}

/// An index being kept by an [`IndexCache`].
pub trait IndexKeeper {
    fn file(&mut self, path: &str, bytes: &[u8]);
    /// Every file was handed over: the index is kept.
    fn finish(self: Box<Self>);
}

/// Where a build keeps each entry's search record ([`crate::search::Record`], encoded) by its
/// key, for the index of this build and the records of the next (`output::term_cache`).
pub trait TermCache: Sync {
    /// The record an earlier build kept under `key`.
    fn get(&self, key: u128) -> Option<Vec<u8>>;
    /// Keep a record of this build; `None` when it could not be kept (the caller keeps it).
    fn put(&self, key: u128, record: &[u8]) -> Option<Kept>;
    /// A record [`TermCache::put`] kept.
    fn read(&self, kept: Kept) -> std::io::Result<Vec<u8>>;
    /// This build's records replace the earlier ones.
    fn commit(&self);
    /// How many records [`TermCache::get`] found.
    fn reused(&self) -> usize;
    /// Where the records are, for a message.
    fn path(&self) -> String;
}

/// Where a [`TermCache`] kept a record.
#[derive(Clone, Copy, Debug)]
pub struct Kept {
    pub at: u64,
    pub len: u32,
}

/// What a rendering is for. Every caller goes through [`render`] and says which it is; nothing
/// is inferred from the arguments.
pub enum Mode<'a> {
    /// `gongkai build`: each entry's own page is rendered in the body pass and its HTML dropped
    /// there, and each Markdown source handed over (taken out with [`Site::take_bodies`], or
    /// `None` to read them from the site) is dropped as soon as it is rendered, so the build
    /// never holds every body at once (a body the loader left on disk is read again there, in
    /// every mode: `content::reread`). With an index cache, an index whose inputs did not
    /// change is reused rather than built again; with a term cache, each entry's search record
    /// is made (or found) in the body pass and kept there, and the index merged from them.
    Build { sources: Option<Vec<String>>, index: Option<&'a dyn IndexCache>, terms: Option<&'a dyn TermCache> },
    /// `serve`: every page is rendered after the model, reusing bodies and pages from the cache
    /// where their inputs are unchanged; the returned [`Live`] updates single entries later.
    Preview(&'a mut Cache),
    /// `check`: everything that can report a problem runs (bodies, views, pages, exports), and
    /// what only produces files (search index, feeds, theme assets) does not.
    Check,
}

/// Render the whole site into `out`, file by file as each is ready. Problems (broken links in
/// bodies, template errors) go to `diags`. `None` when the theme could not be loaded.
pub fn render(site: &Site, mode: Mode, diags: &mut Diagnostics, out: &dyn Sink) -> Option<Live> {
    let theme = match Theme::load(site) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let static_out = out;
    let out: &dyn Sink = &StaticWins { inner: static_out, claimed: theme.static_paths() };
    let (site_value, footer_problem) = pages::site_value(site, &theme);
    if let Some(d) = footer_problem {
        diags.push(d);
        return None;
    }
    let early = |v: &views::EntryView, text: &str| pages::render_early(site, &theme, &site_value, v, text);
    let mut records = search::Memo::default();
    let (pass, mut cache, files, index) = match mode {
        Mode::Build { sources, index, terms } => {
            let pass = bodies::Pass { page: Some(&early), sources, cache: None, terms, keep_cards: false };
            (pass, None, true, (index, terms))
        }
        Mode::Check => {
            let pass = bodies::Pass { page: Some(&early), sources: None, cache: None, terms: None, keep_cards: false };
            (pass, None, false, (None, None))
        }
        Mode::Preview(c) => {
            let Cache { bodies, pages, records: memo } = c;
            records = memo.clone();
            let pass = bodies::Pass { page: None, sources: None, cache: Some(bodies), terms: None, keep_cards: true };
            (pass, Some(pages), true, (None, None))
        }
    };
    let entries_done = pass.page.is_some();
    let model = bodies::build(site, diags, out, pass);
    let mut late = Diagnostics::new();
    // The search index first: it is the longer of the two, and partly serial.
    let ((), plan) = rayon::join(
        || {
            // The feeds, exports and theme files beside the index: a core that has finished
            // its pages takes them rather than wait for the index.
            let mut rest = Diagnostics::new();
            rayon::join(
                || {
                    if files {
                        // Attachments and files that bodies link to: copied by the output stage
                        // from the paths the load stage recorded (beside the pages rendering).
                        for (path, source) in attachments(site, &model) {
                            out.copy(path, source);
                        }
                        crate::diagnostics::memory_checkpoint("search start");
                        let config = &site.config;
                        search::index(&config.base_url, &config.synonyms, &model, out, index, &records, &mut late);
                        crate::diagnostics::memory_checkpoint("search done");
                    }
                },
                || {
                    if files {
                        feeds::write(site, &theme, &model, &mut rest, out);
                    }
                    data::write(site, &model, &mut rest, out);
                    if files {
                        theme.write_static(static_out);
                    }
                },
            );
            late.extend(rest);
        },
        || pages::render_all(site, (&theme, &site_value), &model, diags, out, cache.take(), entries_done),
    );
    diags.extend(late);
    Some(Live { model, theme, cards: None, linked: None, records, plan, kept: Default::default() })
}

/// [`render`] into memory: every file of the output, and the [`Live`] site.
pub fn to_memory(site: &Site, mode: Mode, diags: &mut Diagnostics) -> (Output, Option<Live>) {
    let out = Collect::default();
    let live = render(site, mode, diags, &out);
    (out.into_inner(), live)
}

/// The files the output copies rather than renders: each published document's attachments
/// (beside its page) and the files under content/ that bodies link to with `@/` (under
/// `files/`), as (output path, source). Only entries that passed the gate are in the site.
fn attachments(site: &Site, model: &bodies::Model) -> Vec<(String, PathBuf)> {
    let content = site.content_dir();
    let mut out = Vec::new();
    for (i, e) in site.entries.iter().enumerate() {
        if let crate::content::Meta::Document(d) = &e.meta {
            let dir = e.key.rsplit_once('/').map_or("", |(d, _)| d);
            let url = site.urls.get(i).trim_start_matches('/');
            for a in &d.attachments {
                out.push((format!("{url}{}", a.value), content.join(dir).join(&a.value)));
            }
        }
    }
    out.extend(model.linked_assets.iter().map(|key| (format!("files/{key}"), content.join(key))));
    out
}

/// A rendered site kept by the preview, so that an edit re-renders only the pages it changes
/// (see `incremental`).
pub struct Live {
    model: bodies::Model,
    theme: Theme,
    /// The fingerprint hash of each entry's list value, once an update needed them.
    cards: Option<Vec<u64>>,
    /// Files under content/ that bodies link to, as the last update saw them.
    linked: Option<std::collections::BTreeSet<String>>,
    /// The search records of the last index (the preview's; empty after a build).
    records: search::Memo,
    /// The last plan of the pages, with the entries each shows (the preview's).
    plan: Option<pages::Plan>,
    /// Site-wide lookups kept between edits of what entries show.
    kept: incremental::Kept,
}

impl Live {
    /// Whether a template shows the build date (then a build on another day differs).
    pub fn shows_build_date(&self) -> bool {
        self.theme.shows_build_date
    }

    /// The search index as a job that owns its input, so the preview can run it on another
    /// thread after the browser has reloaded; it tokenises only the entries whose indexed
    /// fields changed since the last index.
    pub fn search_job(&self, base: &BaseUrl, synonyms: &[Vec<String>]) -> impl FnOnce() -> Output + Send + 'static {
        search::job(&self.model, base, synonyms, &self.records)
    }
}

/// Path of the `index.html` behind a URL path (`/documents/x/` → `documents/x/index.html`).
pub fn index_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn index_paths() {
        assert_eq!(super::index_path("/"), "index.html");
        assert_eq!(super::index_path("/documents/x/"), "documents/x/index.html");
        assert_eq!(super::index_path("/feed.xml"), "feed.xml");
    }
}
