//! Site → output files, all in memory: bodies, views, pages, feeds, exports, assets.
//!
//! Nothing here writes to disk; [`crate::output`] does that once everything has rendered, so
//! a build that fails leaves the previous output untouched.

pub mod assets;
mod bodies;
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
mod sections;
mod sitemap;
pub mod statistics;
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
}

/// Where a build keeps its last search index between runs (the output stage implements it:
/// `output::index_cache`). Rendering only asks and hands over; it never touches the disk.
pub trait IndexCache: Sync {
    /// The index files of an earlier build with this [`crate::search::key`], if kept.
    fn get(&self, key: u128) -> Option<Vec<(String, Vec<u8>)>>;
    /// Keep the index files built for `key`.
    fn put(&self, key: u128, files: &[(String, Vec<u8>)]);
}

/// What a rendering is for. Every caller goes through [`render`] and says which it is; nothing
/// is inferred from the arguments.
pub enum Mode<'a> {
    /// `gongkai build`: each entry's own page is rendered in the body pass and its HTML dropped
    /// there, and each Markdown source handed over (taken out with [`Site::take_bodies`], or
    /// `None` to read them from the site) is dropped as soon as it is rendered, so the build
    /// never holds every body at once. With an index cache, an index whose inputs did not
    /// change is reused rather than built again.
    Build { sources: Option<Vec<String>>, index: Option<&'a dyn IndexCache> },
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
    let site_value = pages::site_value(site);
    let early = |v: &views::EntryView, card: &tera::Value, text: &str| {
        pages::render_early(site, &theme, &site_value, v, card, text)
    };
    let (pass, mut cache, files, index) = match mode {
        Mode::Build { sources, index } => {
            (bodies::Pass { page: Some(&early), sources, cache: None }, None, true, index)
        }
        Mode::Check => (bodies::Pass { page: Some(&early), sources: None, cache: None }, None, false, None),
        Mode::Preview(c) => {
            let Cache { bodies, pages } = c;
            (bodies::Pass { page: None, sources: None, cache: Some(bodies) }, Some(pages), true, None)
        }
    };
    let entries_done = pass.page.is_some();
    let model = bodies::build(site, diags, out, pass);
    // Attachments and files that bodies link to: copied by the output stage from the paths the
    // load stage recorded.
    if files {
        for (path, source) in attachments(site, &model) {
            out.copy(path, source);
        }
    }
    let mut late = Diagnostics::new();
    // The search index first: it is the longer of the two, and partly serial.
    let ((), plan) = rayon::join(
        || {
            if files {
                crate::diagnostics::memory_checkpoint("search start");
                search_index(&site.config.base_url, &site.config.synonyms, &model, out, index);
                crate::diagnostics::memory_checkpoint("search done");
                feeds::write(site, &theme, &model, &mut late, out);
            }
            data::write(site, &model, &mut late, out);
            if files {
                theme.write_static(static_out);
            }
        },
        || pages::render_all(site, &theme, &model, diags, out, cache.take(), entries_done),
    );
    diags.extend(late);
    Some(Live { model, theme, cards: None, linked: None, plan, kept: Default::default() })
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
/// (see [`incremental`]).
pub struct Live {
    model: bodies::Model,
    theme: Theme,
    /// The fingerprint hash of each entry's list value, once an update needed them.
    cards: Option<Vec<u64>>,
    /// Files under content/ that bodies link to, as the last update saw them.
    linked: Option<std::collections::BTreeSet<String>>,
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
    /// thread after the browser has reloaded.
    pub fn search_job(&self, base: &BaseUrl, synonyms: &[Vec<String>]) -> impl FnOnce() -> Output + Send + 'static {
        let hrefs = hrefs(base, &self.model);
        let synonyms = synonyms.to_vec();
        let rows: Vec<[String; 13]> = search_docs(&self.model, &hrefs)
            .iter()
            .map(|d| {
                [
                    d.url,
                    d.title,
                    d.kind,
                    d.kind_label,
                    d.department,
                    d.date,
                    d.doc_number,
                    d.code,
                    d.summary,
                    d.text,
                    d.validity,
                    d.validity_label,
                    &d.labels,
                ]
                .map(str::to_string)
            })
            .collect();
        move || {
            let docs: Vec<crate::search::Doc> = rows
                .iter()
                .map(|r| crate::search::Doc {
                    url: &r[0],
                    title: &r[1],
                    kind: &r[2],
                    kind_label: &r[3],
                    department: &r[4],
                    date: &r[5],
                    doc_number: &r[6],
                    code: &r[7],
                    summary: &r[8],
                    text: &r[9],
                    validity: &r[10],
                    validity_label: &r[11],
                    labels: r[12].clone(),
                })
                .collect();
            let mut out = Output::default();
            for (path, bytes) in crate::search::build(&docs, &synonyms) {
                out.add(path, bytes);
            }
            out
        }
    }
}

/// The search index over published entries (drafts are never indexed): from `cache` when an
/// earlier build indexed exactly the same text, else built and handed to `cache`.
fn search_index(
    base: &BaseUrl,
    synonyms: &[Vec<String>],
    model: &bodies::Model,
    out: &dyn Sink,
    cache: Option<&dyn IndexCache>,
) {
    let hrefs = hrefs(base, model);
    let docs = search_docs(model, &hrefs);
    let key = cache.map(|_| crate::search::key(&docs, synonyms));
    let files = match (cache, key) {
        (Some(c), Some(k)) => match c.get(k) {
            Some(files) => files,
            None => {
                let files = crate::search::build(&docs, synonyms);
                c.put(k, &files);
                files
            }
        },
        _ => crate::search::build(&docs, synonyms),
    };
    for (path, bytes) in files {
        out.add(path, bytes);
    }
}

/// The emitted URL of every view, by view index (the rows of the index link with these).
fn hrefs(base: &BaseUrl, model: &bodies::Model) -> Vec<String> {
    model.views.iter().map(|v| base.href(&v.url)).collect()
}

/// What the index sees of each published entry.
fn search_docs<'a>(model: &'a bodies::Model, hrefs: &'a [String]) -> Vec<crate::search::Doc<'a>> {
    model
        .views
        .iter()
        .zip(&model.texts)
        .zip(hrefs)
        .filter(|((v, _), _)| v.draft.is_empty())
        .map(|((v, text), href)| crate::search::Doc {
            url: href,
            title: &v.title,
            kind: if interprets(v) { "interpretation" } else { v.kind.key() },
            kind_label: if interprets(v) { "政策解读" } else { v.kind_label },
            department: &v.department,
            date: &v.date,
            doc_number: v.doc.as_ref().map_or("", |d| d.doc_number.as_str()),
            code: v.item.as_ref().map_or("", |i| i.code.as_str()),
            validity: v.doc.as_ref().map_or("", |d| d.validity.key()),
            validity_label: v.doc.as_ref().map_or("", |d| d.validity_label),
            summary: &v.summary,
            text,
            labels: labels(v),
        })
        .collect()
}

/// A document that interprets another: a 政策解读, its own kind in the search index.
fn interprets(v: &views::EntryView) -> bool {
    v.doc.as_ref().is_some_and(|d| d.interprets.is_some())
}

/// Names an entry is known by besides its title, indexed as terms of the summary's rank: the
/// kind (`政府文件`, or `政策解读` for a document that interprets another), a bulletin's series
/// (`督查通报`) and a document's 体裁 (`通知`).
fn labels(v: &views::EntryView) -> String {
    let mut out = vec![if interprets(v) { "政策解读" } else { v.kind_label }];
    if let Some(b) = &v.bulletin {
        out.push(b.series_label);
    }
    if let Some(d) = &v.doc {
        out.push(&d.genre);
    }
    out.retain(|l| !l.is_empty());
    out.join(" ")
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
