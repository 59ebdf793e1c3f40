//! A whole site in memory: config plus the entries that passed the gate, with their URLs.
//!
//! `Site::load` runs the front half of the pipeline (read → parse → gate → validate → link);
//! `render` and `output` take it from there. Withheld entries are reduced to their path and
//! reason here, so no later stage can even see their titles or bodies.

pub mod index_lock;
mod links;
mod validate;
mod window;

use crate::messages::{site as msg, Text};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use jiff::civil::Date;

pub use links::{url_of, Urls};

use crate::config::Config;
use crate::content::gate::{self, Reason, Verdict};
use crate::content::{self, Entry, Meta};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// How to build.
#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    /// The build date: entries dated after it are scheduled.
    pub now: Date,
    /// Preview pending and scheduled entries with a banner.
    pub drafts: bool,
    /// Overrides site.yaml's `base_url` (`--base-url`, or the preview's path-only base).
    pub base_url: Option<crate::urls::BaseUrl>,
    /// Fail instead of assigning new 索引号 (`build --locked`).
    pub locked: bool,
}

/// A withheld entry: all that survives of it is where it is and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub path: String,
    pub reason: Reason,
}

/// The site's visible entries and what the renderer needs to know about them.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub options: Options,
    /// Published (and, in preview, draft) entries, sorted by key.
    pub entries: Vec<Entry>,
    /// Draft reason per entry index, for the preview banner.
    pub drafts: HashMap<usize, Reason>,
    pub withheld: Vec<Withheld>,
    /// Keys of withheld entries (for reference errors that name both files).
    pub withheld_keys: HashMap<String, Reason>,
    /// Index of each visible entry by its `@/` key.
    pub by_key: HashMap<String, usize>,
    /// URL of each visible entry, by index.
    pub urls: Urls,
    /// Non-Markdown files under content/ (attachment candidates).
    pub assets: HashSet<String>,
    /// Assets listed as attachments of withheld entries: never copied.
    pub withheld_assets: HashMap<String, String>,
    /// Size in bytes of each attachment of a visible document, by asset key (read here, in the
    /// load stage, so that rendering never touches the disk).
    pub asset_sizes: HashMap<String, u64>,
    /// Derived or given 索引号 of each document, by entry index.
    pub index_numbers: BTreeMap<usize, String>,
    /// `index-numbers.lock` as this build leaves it, and whether it differs from the file: the
    /// build writes it after it succeeds (never in preview, never with `--locked`).
    pub lock: index_lock::Lock,
    pub lock_changed: bool,
    /// How many documents this build gave a new 索引号.
    pub assigned: usize,
    /// The latest entry date on or before the build date and the earliest after it: for any
    /// build date in `[from, until)` the gate decides every entry as it did for this one.
    pub gate_window: (Option<Date>, Option<Date>),
    /// Approved, public entries dated after the build date, counted by date: the days on which
    /// a rebuild changes the output by itself.
    pub scheduled: BTreeMap<Date, usize>,
}

impl Site {
    /// Read, parse, gate, validate and link a site. Returns the site (when config could be read)
    /// and every problem found.
    pub fn load(options: Options) -> (Option<Site>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let config = crate::config::load(&options.root, &mut diags);
        let content_dir = content::dir(&options.root);
        let tree = content::scan(&content_dir, &mut diags);
        let loaded = content::load(&content_dir, &tree.markdown, content::budget());
        crate::diagnostics::memory_checkpoint("loaded");
        let site = config.map(|c| Site::assemble(options, c, tree.assets, loaded, &mut diags));
        crate::diagnostics::memory_checkpoint("assembled");
        (site, diags)
    }

    /// The back half of [`Site::load`], for callers that read files themselves (`serve` keeps
    /// parsed files between rebuilds): gate, validate and link.
    pub fn assemble(
        options: Options,
        mut config: Config,
        assets: Vec<String>,
        loaded: Vec<content::Loaded>,
        diags: &mut Diagnostics,
    ) -> Site {
        if let Some(b) = &options.base_url {
            config.base_url = b.clone();
        }
        let mut site = Site {
            root: options.root.clone(),
            config,
            options,
            entries: Vec::new(),
            drafts: HashMap::new(),
            withheld: Vec::new(),
            withheld_keys: HashMap::new(),
            by_key: HashMap::new(),
            urls: Urls::default(),
            assets: assets.into_iter().collect(),
            withheld_assets: HashMap::new(),
            asset_sizes: HashMap::new(),
            index_numbers: BTreeMap::new(),
            lock: index_lock::Lock::default(),
            lock_changed: false,
            assigned: 0,
            gate_window: (None, None),
            scheduled: BTreeMap::new(),
        };
        site.admit(loaded, diags);
        crate::diagnostics::memory_checkpoint("admitted");
        site.withhold_orphan_issues();
        site.urls = links::assign(&site.entries, diags);
        crate::diagnostics::memory_checkpoint("urls");
        validate::run(&mut site, diags);
        site.asset_sizes = site.attachment_sizes();
        window::narrow(&mut site);
        crate::diagnostics::memory_checkpoint("validated");
        site
    }

    /// The size of every existing attachment of a visible document, by asset key.
    fn attachment_sizes(&self) -> HashMap<String, u64> {
        let content = self.content_dir();
        let mut sizes = HashMap::new();
        for e in &self.entries {
            let content::Meta::Document(d) = &e.meta else { continue };
            let dir = e.key.rsplit_once('/').map_or("", |(d, _)| d);
            for a in &d.attachments {
                let key = format!("{dir}/{}", a.value);
                if self.assets.contains(&key) && !sizes.contains_key(&key) {
                    let path = content.join(dir).join(&a.value);
                    let size = std::fs::symlink_metadata(&path).ok().filter(|m| m.is_file()).map_or(0, |m| m.len());
                    sizes.insert(key, size);
                }
            }
        }
        sizes
    }

    /// Move every entry's Markdown body out (leaving them empty), for a renderer that drops each
    /// once rendered ([`crate::render::Mode::Build`]). A body the loader left on disk is empty
    /// here too: the body pass reads it again ([`content::reread`]).
    pub fn take_bodies(&mut self) -> Vec<String> {
        self.entries.iter_mut().map(|e| std::mem::take(&mut e.body)).collect()
    }

    /// Apply the gate to each loaded file: visible entries are kept, withheld ones reduced to a line.
    fn admit(&mut self, loaded: Vec<content::Loaded>, diags: &mut Diagnostics) {
        let mut withheld_attachments = Vec::new();
        self.entries.reserve_exact(loaded.len());
        for file in loaded {
            if let Some(d) = file.unreadable {
                diags.push(if d.is_root_cause() { with_skipped_refs(d) } else { d });
                self.withhold(file.path, file.key, Reason::Unreadable);
                continue;
            }
            let Some(parsed) = file.parsed else { continue };
            let unreadable = matches!(
                gate::judge(&parsed.gate, self.options.now, self.options.drafts),
                Verdict::Withheld(Reason::Unreadable)
            );
            let mut noted = !unreadable;
            for d in parsed.gate_problems.iter().cloned() {
                if !noted && d.is_root_cause() {
                    noted = true;
                    diags.push(with_skipped_refs(d));
                } else {
                    diags.push(d);
                }
            }
            if let Some(d) = parsed.gate.date.as_ref().map(|d| d.value) {
                let (from, until) = &mut self.gate_window;
                if d <= self.options.now {
                    *from = Some(from.map_or(d, |f| f.max(d)));
                } else {
                    *until = Some(until.map_or(d, |u| u.min(d)));
                    // Judged on its own date: published then only if public and approved.
                    if gate::judge(&parsed.gate, d, false) == Verdict::Published {
                        *self.scheduled.entry(d).or_default() += 1;
                    }
                }
            }
            match gate::judge(&parsed.gate, self.options.now, self.options.drafts) {
                Verdict::Withheld(reason) => {
                    // Only problems that cannot echo content: a misspelt field name (it may be why
                    // the entry is withheld, e.g. `clasification`).
                    diags.extend(
                        parsed.problems.iter().filter(|d| d.code == crate::messages::Code::UnknownField).cloned(),
                    );
                    if let Some(Meta::Document(d)) = parsed.entry.as_ref().map(|e| &e.meta) {
                        let dir = file.key.rsplit_once('/').map_or("", |(d, _)| d);
                        withheld_attachments
                            .extend(d.attachments.iter().map(|a| (format!("{dir}/{}", a.value), file.path.clone())));
                    }
                    self.withhold(file.path, file.key, reason);
                }
                verdict => {
                    diags.extend(parsed.problems);
                    if let Some(entry) = parsed.entry {
                        if let Verdict::Preview(reason) = verdict {
                            self.drafts.insert(self.entries.len(), reason);
                        }
                        self.by_key.insert(entry.key.clone(), self.entries.len());
                        self.entries.push(entry);
                    }
                }
            }
        }
        self.withheld_assets = withheld_attachments.into_iter().collect();
    }

    fn withhold(&mut self, path: String, key: String, reason: Reason) {
        self.withheld_keys.insert(key, reason.clone());
        // The path is only ever printed: a file name cannot put control characters on a terminal.
        let path = crate::diagnostics::printable(&path).into_owned();
        self.withheld.push(Withheld { path, reason });
    }

    /// An issue whose journal is withheld (or missing) is withheld too.
    fn withhold_orphan_issues(&mut self) {
        let orphaned: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match &e.meta {
                Meta::Issue(is) if !self.by_key.contains_key(&format!("journals/{}/_index.md", is.journal)) => Some(i),
                _ => None,
            })
            .collect();
        if orphaned.is_empty() {
            return;
        }
        let keep: Vec<bool> = (0..self.entries.len()).map(|i| !orphaned.contains(&i)).collect();
        let entries = std::mem::take(&mut self.entries);
        let drafts = std::mem::take(&mut self.drafts);
        self.by_key.clear();
        for (i, e) in entries.into_iter().enumerate() {
            if keep[i] {
                if let Some(r) = drafts.get(&i) {
                    self.drafts.insert(self.entries.len(), r.clone());
                }
                self.by_key.insert(e.key.clone(), self.entries.len());
                self.entries.push(e);
            } else {
                self.withhold(e.path, e.key, Reason::JournalWithheld);
            }
        }
    }

    /// The next date after the build date on which entries publish themselves, and how many.
    pub fn next_scheduled(&self) -> Option<(Date, usize)> {
        self.scheduled.iter().next().map(|(d, n)| (*d, *n))
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    pub fn content_dir(&self) -> PathBuf {
        content::dir(&self.root)
    }

    /// Why a reference to `key` cannot be followed, naming the target file (never its content).
    pub fn reference_problem(&self, from: &str, key: &str) -> Option<RefProblem> {
        if self.by_key.contains_key(key) {
            return None;
        }
        Some(match self.withheld_keys.get(key) {
            Some(Reason::Unreadable) => RefProblem::Unparsed,
            Some(reason) => RefProblem::Withheld(msg::ref_withheld(from, key, &reason.text())),
            None => RefProblem::Missing(msg::ref_missing(from, key)),
        })
    }

    /// The document whose 文号 is `number`, if it is published.
    pub fn document_by_number(&self) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if let Meta::Document(d) = &e.meta {
                if let Some(n) = &d.doc_number {
                    map.insert(crate::content::docnum::normalise(&n.value).unwrap_or_else(|| n.value.clone()), i);
                }
            }
        }
        map
    }
}

/// Why a reference cannot be followed. A withheld target is a warning (the reference is left
/// out, so that withdrawing an entry always takes effect); a missing one is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefProblem {
    Withheld(Text),
    Missing(Text),
    /// The target did not parse: its own error is the one root cause to report, so the
    /// reference is left out without a message of its own (the root error's fix says so).
    Unparsed,
}

impl RefProblem {
    pub fn message(&self) -> Text {
        match self {
            RefProblem::Withheld(m) | RefProblem::Missing(m) => m.clone(),
            RefProblem::Unparsed => Text::default(),
        }
    }
}

/// The error that makes a file unreadable, saying that references to it are skipped.
fn with_skipped_refs(mut d: Diagnostic) -> Diagnostic {
    let skipped = msg::skipped_refs();
    let fix = d.fix.take().unwrap_or_default();
    d.fix = Some(Box::new(fix.suffixed(&skipped.zh, &skipped.en)));
    d
}

/// A warning about a reference to a withheld entry, at the reference (`check --strict`: error).
pub fn withheld_ref_warning(path: &str, pos: (usize, usize), message: Text) -> Diagnostic {
    Diagnostic::warning(path, pos.0, pos.1, msg::withheld_ref(message))
}

/// A located error about a reference, at the position of the reference.
pub fn ref_error(path: &str, pos: (usize, usize), message: Text) -> Diagnostic {
    Diagnostic::error(path, pos.0, pos.1, msg::bad_ref(message))
}

/// The build date from `--now`, `SOURCE_DATE_EPOCH`, or today in China Standard Time (UTC+8).
pub fn build_date(now: Option<&str>) -> Result<Date, Text> {
    use crate::messages::commands as say;
    if let Some(n) = now {
        return crate::content::fields::parse_date(n).map_err(|e| say::now_flag(&e.text()));
    }
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s.trim().parse::<i64>().map_err(|_| say::source_date_epoch())?,
        Err(_) => jiff::Timestamp::now().as_second(),
    };
    let ts = jiff::Timestamp::from_second(secs).map_err(|e| say::bad_timestamp(&e.to_string()))?;
    Ok(jiff::tz::Offset::constant(8).to_datetime(ts).date())
}
