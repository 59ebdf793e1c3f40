//! Markdown bodies and entry views: the model every page, feed and export is rendered from.

use crate::messages::{render as msg, Text};
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::body_links::{beside_ref, check_links, is_attachment, site_links};
pub use super::body_links::{dead_site_links, linked_assets, SiteLink};
pub use super::cards::to_value;
pub use super::kinds::Lookups;
use super::kinds::{bulletin_view, document_view, issue_view, item_view};
use super::views::*;
use super::Sink;
use crate::content::{slug, DocType, Document, Entry, Meta};
use crate::diagnostics::{line_col, Diagnostic, Diagnostics};
use crate::markdown;
use crate::site::{RefProblem, Site};

/// A taxonomy term (a department, a topic) and the entries filed under it.
#[derive(Debug, Default, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub entries: Vec<usize>,
}

/// Everything rendered about the entries, by entry index.
#[derive(Debug)]
pub struct Model {
    pub views: Vec<EntryView>,
    /// Each view as templates see it in lists (its card, [`super::cards`]), converted once and
    /// shared (tera values are reference-counted) by every page that lists the entry: kept only
    /// when [`Pass::keep_cards`] (the preview, whose fingerprints compare them). Empty in a build,
    /// which makes a card when a page that lists the entry renders ([`Model::card`]).
    pub values: Vec<tera::Value>,
    /// Plain text of each body (the preview's search index and entry pages). Empty in a build
    /// with a term cache: the body pass hands each text to the entry's search record instead
    /// ([`Model::records`]) and counts its length there.
    pub texts: Vec<String>,
    /// Where each published entry's search record is, when the body pass made them (a build
    /// with a term cache), and the key of each.
    pub records: Vec<Option<super::records::Rec>>,
    pub record_keys: Vec<u128>,
    /// The length of each text as the statistics count it, once asked ([`Model::length`]).
    lengths: Vec<std::sync::OnceLock<usize>>,
    pub departments: BTreeMap<String, Term>,
    pub topics: BTreeMap<String, Term>,
    pub years: BTreeMap<i16, Vec<usize>>,
    /// Position of each department in site.yaml: lists and groupings follow the official order.
    pub dept_order: HashMap<String, usize>,
    /// Files under content/ that bodies link to with `@/` (keys, sorted): the output copies them.
    pub linked_assets: Vec<String>,
    /// Links in bodies to a site path (`/tools/deadline/`), checked against the planned pages.
    pub site_links: Vec<SiteLink>,
}

impl Model {
    /// Whether the cards of every entry are kept ([`Model::values`]): else each list converts
    /// the entries it shows when it renders.
    pub fn keeps_cards(&self) -> bool {
        self.values.len() == self.views.len()
    }

    /// The card of entry `i`: the kept one (shared), or made now.
    pub fn card(&self, i: usize) -> tera::Value {
        match self.values.get(i) {
            Some(v) => v.clone(),
            None => to_value(&self.views[i]),
        }
    }

    /// A list of entries as a template value (kept cards are shared, not converted again).
    pub fn list(&self, items: &[&EntryView]) -> tera::Value {
        tera::Value::from(items.iter().map(|v| self.card(v.idx)).collect::<Vec<_>>())
    }

    /// Entry `i` with its body, table of contents and the details lists leave out
    /// ([`DETAIL`]), for its own page.
    pub fn full(&self, i: usize) -> tera::Value {
        super::cards::full(&self.views[i])
    }

    /// The length of entry `i`'s text ([`crate::markdown::count_length`]), counted once.
    pub fn length(&self, i: usize) -> usize {
        *self.lengths[i].get_or_init(|| markdown::count_length(&self.texts[i]))
    }

    /// Replace the text of entry `i` (the preview).
    pub fn set_text(&mut self, i: usize, text: String) {
        self.texts[i] = text;
        self.lengths[i] = std::sync::OnceLock::new();
    }

    /// Replace the view of entry `i` (the preview's fast path), and its card when kept.
    pub fn set_view(&mut self, i: usize, view: EntryView) {
        if let Some(card) = self.values.get_mut(i) {
            *card = to_value(&view);
        }
        self.views[i] = view;
    }

    /// The taxonomies and years from the site's entries (again, after the preview changed some).
    pub fn reindex(&mut self, site: &Site) {
        let entries = &site.entries;
        self.departments = terms(
            entries.iter().enumerate().filter_map(|(i, e)| e.common.department.as_ref().map(|d| (d.value.as_str(), i))),
        );
        self.topics =
            terms(entries.iter().enumerate().flat_map(|(i, e)| e.common.topics.iter().map(move |t| (t.as_str(), i))));
        self.years = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            if matches!(e.meta, Meta::Document(_) | Meta::Bulletin(_)) {
                self.years.entry(e.common.date.value.year()).or_default().push(i);
            }
        }
        self.dept_order = site.config.departments.iter().enumerate().map(|(i, d)| (d.clone(), i)).collect();
    }

    /// Sort key of a department: site.yaml order, then (for unlisted ones) by name.
    pub fn dept_key<'a>(&self, name: &'a str) -> (usize, &'a str) {
        (self.dept_order.get(name).copied().unwrap_or(usize::MAX), name)
    }

    pub fn term_url(&self, taxonomy: &str, name: &str) -> String {
        let map = if taxonomy == "departments" { &self.departments } else { &self.topics };
        map.get(name).map(|t| format!("/{taxonomy}/{}/", t.slug)).unwrap_or_default()
    }
}

/// Terms by name with unique pinyin slugs.
fn terms<'a>(names: impl Iterator<Item = (&'a str, usize)>) -> BTreeMap<String, Term> {
    let mut map: BTreeMap<String, Term> = BTreeMap::new();
    for (name, i) in names {
        map.entry(name.to_string())
            .or_insert_with(|| Term { name: name.to_string(), ..Term::default() })
            .entries
            .push(i);
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    for t in map.values_mut() {
        let base = slug::derive(&t.name);
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        t.slug = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    map
}

/// Rendered bodies of an earlier build, by entry key, with the hash of their inputs.
pub type BodyCache = HashMap<String, (u64, markdown::Rendered, Vec<Diagnostic>)>;

/// Renders the own page of an entry as soon as its view exists (see [`build`]): given the
/// entry's view and text, the page's path and bytes, `None` when the entry has no page of its
/// own (journals and issues are rendered with their journal).
pub type PageFn<'a> = dyn Fn(&EntryView, &str) -> Option<Result<(String, Vec<u8>), Diagnostic>> + Sync + 'a;

/// How the body pass runs (chosen by [`super::render`]'s mode).
pub struct Pass<'a> {
    /// Render each entry's own page in the pass and drop its body HTML at once, so the pass
    /// never holds the HTML of every body (`None`: the preview renders pages afterwards).
    pub page: Option<&'a PageFn<'a>>,
    /// The Markdown sources, taken out of the site ([`Site::take_bodies`]): each is dropped as
    /// soon as it is rendered. `None`: read them from the site. Either way, a body the loader
    /// left on disk ([`Entry::on_disk`]) is read again, and refused if its file changed.
    pub sources: Option<Vec<String>>,
    /// Make each published entry's search record in the pass, keep it here, and drop its text.
    pub terms: Option<&'a dyn super::TermCache>,
    /// The preview's rendered bodies, reused where their inputs are unchanged, and refilled.
    pub cache: Option<&'a mut BodyCache>,
    /// Keep each entry's card ([`Model::values`]): the preview. A build makes them as pages
    /// render and keeps only the views.
    pub keep_cards: bool,
}

/// Render every body and build the model; entry pages go to `out` when [`Pass::page`] is set.
pub fn build(site: &Site, diags: &mut Diagnostics, out: &dyn Sink, pass: Pass) -> Model {
    let Pass { page, sources: bodies, cache, terms, keep_cards } = pass;
    let entries = &site.entries;
    let mut model = Model {
        views: Vec::new(),
        values: Vec::new(),
        texts: Vec::new(),
        records: Vec::new(),
        record_keys: Vec::new(),
        lengths: Vec::new(),
        departments: BTreeMap::new(),
        topics: BTreeMap::new(),
        years: BTreeMap::new(),
        dept_order: HashMap::new(),
        linked_assets: Vec::new(),
        site_links: Vec::new(),
    };
    model.reindex(site);
    let epoch = cache.is_some().then(|| link_epoch(site));
    let previous = cache.as_deref();
    let look = Lookups::new(site);
    let shared = &model;
    let content_dir = site.content_dir();
    /// What the pass keeps of an entry.
    struct Done {
        hash: u64,
        /// The rendered body with its HTML and text moved out (headings and links stay).
        rest: markdown::Rendered,
        problems: Vec<Diagnostic>,
        // Boxed, so that moving views out of the pass's results does not need a second
        // full-size array of them.
        view: Box<EntryView>,
        value: Option<tera::Value>,
        text: String,
        /// The search record and the text's length, when the text went into the record.
        record: Option<((u128, super::records::Rec), usize)>,
        /// Line and column in the file of each link, for anchor problems found later.
        link_pos: Vec<(usize, usize)>,
        /// Files under content/ the body links to ([`linked_assets`]).
        assets: Vec<String>,
    }
    // Bodies handed over by the caller are dropped as soon as they are rendered.
    let owned: Vec<Option<String>> = match bodies {
        Some(b) if b.len() == entries.len() => b.into_iter().map(Some).collect(),
        _ => vec![None; entries.len()],
    };
    let mut done: Vec<Done> = owned
        .into_par_iter()
        .zip(entries.par_iter())
        .enumerate()
        .map(|(i, (own, e))| {
            // A body left on disk is read again here: a file that is no longer the one the gate
            // judged fails the build (its page goes nowhere: the stage is thrown away).
            let (own, unread) = match e.on_disk.map(|at| crate::content::reread(&content_dir, e, at)) {
                Some(Ok(text)) => (Some(text), None),
                Some(Err(d)) => (Some(String::new()), Some(d)),
                None => (own, None),
            };
            let body = own.as_deref().unwrap_or(&e.body);
            let draft = site.drafts.contains_key(&i);
            let hash = epoch.map_or(0, |ep| body_hash(ep, e, draft));
            let (mut r, mut problems) = match previous.and_then(|c| c.get(&e.key)) {
                Some((old, r, d)) if epoch.is_some() && *old == hash => (r.clone(), d.clone()),
                _ => render_body(site, e, body, draft),
            };
            let link_pos = r.links.iter().map(|l| line_col(body, l.offset)).collect();
            let assets = linked_assets(site, e, &r);
            let mut local = Diagnostics::new();
            local.extend(unread);
            let rendered = markdown::Rendered {
                html: std::mem::take(&mut r.html),
                text: std::mem::take(&mut r.text),
                headings: r.headings.clone(),
                links: Vec::new(),
                problems: Vec::new(),
            };
            let (mut view, mut text) = entry_view(site, shared, &look, i, (body, rendered), &mut local);
            let value = keep_cards.then(|| to_value(&view));
            let record = match terms {
                Some(t) if view.draft.is_empty() => Some(super::records::body_record(t, &view, &text)),
                _ => None,
            };
            if let Some(render) = page {
                match render(&view, &text) {
                    Some(Ok((path, bytes))) => {
                        out.add(path, bytes);
                        // Only the page showed these; nothing after this pass reads them. A
                        // bulletin's table is also an export: written here, then dropped.
                        view.body = String::new();
                        view.toc = Vec::new();
                        if let Some(it) = &mut view.item {
                            (it.timeline, it.steps, it.materials, it.legal_basis) = Default::default();
                        }
                        if let Some((path, csv)) = super::kinds::table_csv(&view) {
                            out.add(path, csv);
                        }
                        if let Some(b) = &mut view.bulletin {
                            b.table = None;
                        }
                    }
                    Some(Err(d)) => local.push(d),
                    None => {}
                }
            }
            if epoch.is_some() {
                // The preview's cache keeps the whole rendering.
                r.html = view.body.clone();
                r.text = text.clone();
            }
            problems.extend(local.sorted());
            let record = record.map(|r| (r, markdown::count_length(&std::mem::take(&mut text))));
            text.shrink_to_fit(); // kept to the end of the build: no slack from its growth
            Done { hash, rest: r, problems, view: Box::new(view), value, text, record, link_pos, assets }
        })
        .collect();
    // Files under content/ that bodies link to with `@/` (the resolver has checked them).
    let mut linked_assets: Vec<String> = done.iter().flat_map(|d| d.assets.iter().cloned()).collect();
    linked_assets.sort_unstable();
    linked_assets.dedup();
    let rendered: Vec<(&markdown::Rendered, &[(usize, usize)])> =
        done.iter().map(|d| (&d.rest, d.link_pos.as_slice())).collect();
    check_links(site, &rendered, diags);
    model.site_links = site_links(site, &rendered);
    if let Some(c) = cache {
        *c = entries
            .iter()
            .zip(&done)
            .map(|(e, d)| (e.key.clone(), (d.hash, d.rest.clone(), d.problems.clone())))
            .collect();
    }
    // What is left of the renderings (headings, links) is freed on every thread: one thread
    // freeing what the others allocated was a serial moment of the build (issue 18).
    done.par_iter_mut().for_each(|d| d.rest = markdown::Rendered::default());
    let mut views = Vec::with_capacity(entries.len());
    let mut values = Vec::with_capacity(if keep_cards { entries.len() } else { 0 });
    let mut texts = Vec::with_capacity(entries.len());
    let mut lengths = Vec::with_capacity(entries.len());
    let (mut records, mut record_keys) = (Vec::new(), Vec::new());
    for d in done {
        diags.extend(d.problems);
        views.push(*d.view);
        values.extend(d.value);
        texts.push(d.text);
        let length = std::sync::OnceLock::new();
        let (rec, key) = match d.record {
            Some(((key, rec), n)) => {
                let _ = length.set(n);
                (Some(rec), key)
            }
            None => (None, 0),
        };
        lengths.push(length);
        records.push(rec);
        record_keys.push(key);
    }
    model.views = views;
    model.values = values;
    model.lengths = lengths;
    model.texts = texts;
    model.records = records;
    model.record_keys = record_keys;
    model.linked_assets = linked_assets;
    model
}

/// The view of entry `i` from its body (source and rendering), and the body's plain text.
/// Lints on the body go to `diags`. Pure: no file is read or written here.
pub fn entry_view(
    site: &Site,
    model: &Model,
    look: &Lookups,
    i: usize,
    (body, r): (&str, markdown::Rendered),
    diags: &mut Diagnostics,
) -> (EntryView, String) {
    let e = &site.entries[i];
    diags.extend(crate::lint::body(&e.path, e.body_line, body, &site.config.language));
    let toc = r.headings.iter().map(|h| Heading { level: h.level, id: h.id.clone(), text: h.text.clone() }).collect();
    let draft = site.drafts.get(&i).map(|r| r.to_string());
    let term_url = |tax: &str, name: &str| model.term_url(tax, name);
    let mut v = base_view(i, e, site.urls.get(i), r.html, toc, draft, &term_url);
    match &e.meta {
        Meta::Document(d) => {
            check_length(site, e, d, &r.text, diags);
            v.doc = Some(Box::new(document_view(site, i, d, &look.reverse)));
        }
        Meta::Bulletin(b) => v.bulletin = Some(Box::new(bulletin_view(&v, b))),
        Meta::Approval(a) => v.item = Some(Box::new(item_view(site, a, &look.by_number))),
        Meta::Journal(j) => {
            v.journal = Some(Box::new(JournalView {
                frequency: j.frequency,
                frequency_label: crate::content::frequency_label(j.frequency),
                slug: e.slug.clone(),
            }))
        }
        Meta::Issue(is) => v.issue = Some(Box::new(issue_view(site, is))),
        Meta::Page => {}
        Meta::Task(t) => v.task = Some(Box::new(super::kinds::task_view(site, t, &look.leads))),
    }
    (v, r.text)
}

/// A hash of everything `@/` links resolve against: entry URLs, withheld keys and assets.
pub(super) fn link_epoch(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (e, url) in site.entries.iter().zip(&site.urls.by_index) {
        (&e.key, url).hash(&mut h);
    }
    let mut withheld: Vec<&String> = site.withheld_keys.keys().collect();
    withheld.sort();
    withheld.hash(&mut h);
    let mut assets: Vec<&String> = site.assets.iter().chain(site.withheld_assets.keys()).collect();
    assets.sort();
    assets.hash(&mut h);
    h.finish()
}

pub(super) fn body_hash(epoch: u64, e: &Entry, draft: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (epoch, &e.body, e.on_disk, &e.path, e.body_line, draft).hash(&mut h);
    h.finish()
}

/// The message of a link to a file that did not parse: dropped, never shown.
const UNPARSED: &str = "\u{0}unparsed";

/// Render one body; `@/` links resolve to visible entries (or to assets, which are then copied).
/// A relative link or image (`图1.png`) names a file beside the entry: found, it is published
/// like an attachment; not found, it is a warning and the link shows as its text.
pub fn render_body(site: &Site, e: &Entry, body: &str, draft: bool) -> (markdown::Rendered, Vec<Diagnostic>) {
    let resolve_ref = |target: &str| -> Result<String, markdown::Unresolved> {
        let rest = target.strip_prefix("@/").ok_or_else(msg::not_a_ref_link)?;
        let (key, anchor) = rest.split_once('#').map_or((rest, ""), |(k, a)| (k, a));
        let anchor = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
        if key.ends_with(".md") {
            crate::content::refs::parse_ref(target).map_err(|why| why.text())?;
            match site.reference_problem(&e.path, key) {
                Some(RefProblem::Withheld(m)) => {
                    let message = msg::withheld_link(&m);
                    return Err(markdown::Unresolved { message, severity: markdown::Severity::Warning });
                }
                Some(RefProblem::Missing(m)) => return Err(m.into()),
                // The target's own parse error is the one root cause: the link is its text, silently.
                Some(RefProblem::Unparsed) => {
                    return Err(markdown::Unresolved {
                        message: Text::same(UNPARSED),
                        severity: markdown::Severity::Warning,
                    })
                }
                None => {}
            }
            return Ok(format!("{}{anchor}", site.config.base_url.href(site.urls.get(site.by_key[key]))));
        }
        if key.split('/').any(|p| p.is_empty() || p == ".." || p == "." || p.starts_with('.')) {
            return Err(msg::link_climbs(target).into());
        }
        if !slug::is_allowed_attachment(key.rsplit('/').next().unwrap_or(key)) {
            return Err(msg::link_file_type(target, slug::ATTACHMENT_TYPES).into());
        }
        if let Some(owner) = site.withheld_assets.get(key) {
            let message = msg::withheld_link(&msg::link_withheld_attachment(&e.path, key, owner));
            return Err(markdown::Unresolved { message, severity: markdown::Severity::Warning });
        }
        if !site.assets.contains(key) {
            return Err(msg::link_missing_file(&e.path, key).into());
        }
        Ok(site.config.base_url.href(&format!("/files/{}", crate::urls::encode_path(key))))
    };
    let resolve = |target: &str| -> Result<String, markdown::Unresolved> {
        // One of the entry's own attachments: published beside its page, linked as written.
        if let Some(name) = target.strip_prefix("@./").filter(|n| is_attachment(e, n)) {
            return Ok(crate::urls::encode_path(name));
        }
        let Some(full) = beside_ref(&e.key, target) else { return resolve_ref(target) };
        resolve_ref(&full).map_err(|u| match u.severity {
            markdown::Severity::Error => {
                let folder = e.key.rsplit_once('/').map_or("", |(d, _)| d);
                let message = msg::not_beside(&target[3..], folder);
                markdown::Unresolved { message, severity: markdown::Severity::Warning }
            }
            markdown::Severity::Warning => u,
        })
    };
    let r = markdown::render(body, &markdown::Options { resolve: &resolve, root: site.config.base_url.root() });
    let problems = r
        .problems
        .iter()
        .filter(|p| p.message.en != UNPARSED)
        .map(|p| {
            let (line, col) = line_col(body, p.offset);
            let line = e.body_line + line - 1;
            // A draft in preview is not published: its broken links are warnings there.
            let body = msg::body(p.message.clone(), p.fix.clone());
            match p.severity {
                markdown::Severity::Error if !draft => Diagnostic::error(&e.path, line, col, body),
                _ if p.message.en.ends_with(msg::WITHHELD_LINK_EN) => {
                    crate::site::withheld_ref_warning(&e.path, (line, col), p.message.clone())
                }
                _ => Diagnostic::warning(&e.path, line, col, body),
            }
        })
        .collect();
    (r, problems)
}

fn check_length(site: &Site, e: &Entry, d: &Document, text: &str, diags: &mut Diagnostics) {
    let l = site.config.limits;
    let (limit, label) = match d.doc_type {
        DocType::General => (Some(l.general), "普发类文件"),
        DocType::Office => (Some(l.office), "办公室文件"),
        DocType::Speech => (Some(l.speech), "领导讲话"),
        DocType::Letter => (l.letter, "函"),
    };
    let Some(limit) = limit else { return };
    let n = markdown::count_length(text);
    if n > limit as usize {
        let m = msg::too_long(n, markdown::count_with_punctuation(text), label, limit);
        diags.push(Diagnostic::warning(&e.path, e.body_line, 1, m));
    }
}
