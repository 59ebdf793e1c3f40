//! Every HTML page of the portal: which pages exist, what each one's template sees.
//!
//! Pages are planned as [`Job`]s (an entry's own page is planned as its index and gets its
//! context on the thread that renders it), rendered, minified and handed to the sink in
//! parallel. A build renders each section's pages as soon as the section is planned and drops
//! them ([`stream_all`]); the preview plans every page first and keeps the plan. Entries reach
//! templates as their cards ([`super::cards`]): kept and shared by the preview, made when a page
//! renders in a build ([`Job::put_entries`]).
//!
//! The planner works in [`Section`]s, each planned on its own. The preview keeps its last plan
//! ([`Plan`]): every planned page's job and the entries whose list values it shows. After an
//! edit that changes only what entries show (not which lists hold them, nor in what order), it
//! plans again only the sections that derive more than list values from the edited entries, and
//! of the other pages renders only those that show an edited entry, with the new values put in
//! place of the old ([`render_planned`]).

use std::collections::HashSet;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Value;

use super::bodies::Model;
use super::fingerprint::Memo;
use super::job::{crumbs, job, meta, Job, PageMeta};
use super::planner::{plan, plan_with};
pub use super::planner::{Section, SECTIONS};
pub use super::site_value::site_value;
use super::templates::Theme;
use super::views::{EntryView, Link};
use super::{index_path, Sink};
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

/// Pages rendered by an earlier build, by URL, with the fingerprint of their context.
pub type PageCache = std::collections::HashMap<String, (u64, Vec<u8>)>;

/// A page to render.
enum Planned {
    Ready(Job),
    /// The own page of entry `i`: its context is built by the thread that renders it.
    Entry(usize),
}

/// Render every page, except the entries' own pages when `entries_done` (the body pass
/// rendered them, see [`super::bodies::PageFn`]).
pub fn render_all(
    site: &Site,
    (theme, site_value): (&Theme, &Value),
    model: &Model,
    diags: &mut Diagnostics,
    out: &dyn Sink,
    cache: Option<&mut PageCache>,
    entries_done: bool,
) -> Option<Plan> {
    if cache.is_none() {
        return stream_all(site, theme, model, diags, out, entries_done, site_value);
    }
    let sections = plan(site, model, &|_| true, out);
    // The preview keeps the plan (the entries each page shows are filled in below).
    let mut kept = cache.is_some().then(|| Plan::new(&sections));
    let jobs: Vec<Job> = sections.into_iter().flat_map(|(_, j)| j).collect();
    let planned: Vec<&str> = jobs.iter().map(|j| j.url.as_str()).collect();
    after_plan(site, theme, model, &planned, diags, out);
    let entries = if entries_done { 0 } else { model.views.len() };
    let work: Vec<Planned> = jobs.into_iter().map(Planned::Ready).chain((0..entries).map(Planned::Entry)).collect();
    crate::diagnostics::memory_checkpoint("planned");
    let previous = cache.as_deref();
    let fresh = previous.map(|_| Mutex::new(PageCache::new()));
    let shown = previous.map(|_| Mutex::new(std::collections::HashMap::new()));
    let mut memo = previous.map(|_| Memo::of(&model.values).0).unwrap_or_default();
    memo.insert(site_value);
    let problems: Vec<Diagnostic> = work
        .into_par_iter()
        .filter_map(|w| {
            let job = ready(site, model, w, site_value)?;
            let print = previous.map(|_| job.fingerprint(&memo)).map(|(p, entries)| {
                if let Some(s) = &shown {
                    s.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(job.url.clone(), entries);
                }
                p
            });
            let reused = match (print, previous.and_then(|c| c.get(&job.url))) {
                (Some(p), Some((old, bytes))) if p == *old => Some(bytes.clone()),
                _ => None,
            };
            let bytes = match reused {
                Some(b) => b,
                None => match theme.page(job.template, &job.ctx) {
                    Ok(bytes) => bytes,
                    Err(e) => return Some(template_error(&job, e)),
                },
            };
            if let (Some(f), Some(p)) = (&fresh, print) {
                f.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(job.url.clone(), (p, bytes.clone()));
            }
            out.add(index_path(&job.url), bytes);
            None
        })
        .collect();
    diags.extend(problems);
    crate::diagnostics::memory_checkpoint("pages done");
    if let (Some(c), Some(f)) = (cache, fresh) {
        *c = f.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    }
    if let (Some(plan), Some(shown)) = (&mut kept, shown) {
        plan.fill(shown.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
    }
    kept
}

/// What needs every planned page's URL (`planned`, in plan order): `sitemap.xml`, and the
/// check of body links to site paths against the pages that exist.
fn after_plan(site: &Site, theme: &Theme, model: &Model, planned: &[&str], diags: &mut Diagnostics, out: &dyn Sink) {
    if let Err(d) = super::sitemap::write_xml(site, theme, model, planned, out) {
        diags.push(d);
    }
    let mut pages: HashSet<&str> = planned.iter().copied().collect();
    pages.extend(model.views.iter().filter(|v| has_own_page(v.kind)).map(|v| v.url.as_str()));
    diags.extend(super::bodies::dead_site_links(&model.site_links, &pages));
}

/// A build's (and `check`'s) pages: each section rendered as soon as it is planned and its jobs
/// dropped with it, so the build never holds every page's context at once, except the sections
/// of paginated lists of entries, whose pages wait (without the entries' cards) to be rendered
/// together newest entries first, so that each card is made once ([`super::cards`]); then
/// `sitemap.xml` from the planned URLs in plan order, and the body links to site paths checked
/// against them. Nothing is kept: the preview's pass, which keeps its plan, is [`render_all`]'s
/// own.
fn stream_all(
    site: &Site,
    theme: &Theme,
    model: &Model,
    diags: &mut Diagnostics,
    out: &dyn Sink,
    entries_done: bool,
    site_value: &Value,
) -> Option<Plan> {
    let render = |w: Planned| -> Option<Diagnostic> {
        let job = ready(site, model, w, site_value)?;
        match theme.page(job.template, &job.ctx) {
            Ok(bytes) => {
                out.add(index_path(&job.url), bytes);
                None
            }
            Err(e) => Some(template_error(&job, e)),
        }
    };
    let mut sections = plan_with(site, model, &|_| true, out, &|s, jobs| {
        let urls: Vec<String> = jobs.iter().map(|j| j.url.clone()).collect();
        if super::sweep::SWEPT.contains(&s) && !model.keeps_cards() {
            return (urls, Vec::new(), jobs);
        }
        let problems: Vec<Diagnostic> = jobs.into_par_iter().filter_map(|j| render(Planned::Ready(j))).collect();
        (urls, problems, Vec::new())
    });
    let waiting: Vec<Job> = sections.iter_mut().flat_map(|(_, (_, _, jobs))| std::mem::take(jobs)).collect();
    let mut planned: Vec<&str> = Vec::new();
    for (_, (urls, _, _)) in &sections {
        planned.extend(urls.iter().map(String::as_str));
    }
    // Every URL is known once planned: `sitemap.xml` and the link check run beside the sweep
    // rather than alone after it.
    let mut after = Diagnostics::new();
    let (swept, ()) = rayon::join(
        || super::sweep::sweep(model, waiting, &|j| render(Planned::Ready(j))),
        || after_plan(site, theme, model, &planned, &mut after, out),
    );
    crate::diagnostics::memory_checkpoint("planned and rendered");
    for (_, (_, problems, _)) in &sections {
        diags.extend(problems.iter().cloned());
    }
    diags.extend(swept);
    diags.extend(after);
    if !entries_done {
        let problems: Vec<Diagnostic> =
            (0..model.views.len()).into_par_iter().filter_map(|i| render(Planned::Entry(i))).collect();
        diags.extend(problems);
    }
    crate::diagnostics::memory_checkpoint("pages done");
    None
}

/// The preview's incremental pass ([`super::incremental`]) after an edit that may change which
/// pages exist or what lists hold: plan every page again (the new plan replaces `kept`) but
/// render only those whose fingerprint differs from the one in `cache`, and of the entries' own
/// pages only those of `entries` (their views changed); `memo` holds the hashes of the entries'
/// list values. Rendered pages go to `out` and `cache`.
/// Returns the URLs of every page the site has now.
pub fn render_changed(
    site: &Site,
    theme: &Theme,
    model: &Model,
    (cache, memo, kept): (&mut PageCache, &Memo, &mut Option<Plan>),
    diags: &mut Diagnostics,
    out: &dyn Sink,
    entries: &[usize],
) -> HashSet<String> {
    let sections = plan(site, model, &|_| true, out);
    let mut fresh = Plan::new(&sections);
    let mut urls: HashSet<String> = fresh.urls().into_iter().collect();
    urls.extend(model.views.iter().filter(|v| has_own_page(v.kind)).map(|v| v.url.clone()));
    let jobs = sections.into_iter().flat_map(|(_, j)| j);
    let work: Vec<Planned> = jobs.map(Planned::Ready).chain(entries.iter().map(|&i| Planned::Entry(i))).collect();
    let shown = render_work(site, theme, model, (cache, memo), diags, out, work);
    fresh.fill(shown);
    *kept = Some(fresh);
    urls
}

/// The preview's pass after an edit that changes only what the entries `entries` show, not
/// which pages exist, which entries a list holds nor their order (see the module comment): the
/// sections `replan` are planned again and rendered where their fingerprint changed; of the
/// other pages of `plan`, those that show one of `entries` get the new list values in place of
/// the old (`values`: old value's address → new value) and are rendered; then the own pages of
/// `entries`.
#[allow(clippy::too_many_arguments)]
pub fn render_planned(
    site: &Site,
    theme: &Theme,
    model: &Model,
    (cache, memo, kept): (&mut PageCache, &Memo, &mut Plan),
    diags: &mut Diagnostics,
    out: &dyn Sink,
    entries: &[usize],
    (replan, values): (&[Section], &std::collections::HashMap<usize, Value>),
) {
    let dirty: HashSet<u32> = entries.iter().map(|&i| i as u32).collect();
    let mut work: Vec<Planned> = Vec::new();
    for (section, jobs) in plan(site, model, &|s| replan.contains(&s), out) {
        work.extend(jobs.iter().cloned().map(Planned::Ready));
        kept.replace(section, jobs);
    }
    for page in kept.pages.iter_mut().filter(|p| !replan.contains(&p.section)) {
        if page.shown.iter().any(|i| dirty.contains(i)) && page.job.substitute(values) {
            work.push(Planned::Ready(page.job.clone()));
        }
    }
    work.extend(entries.iter().map(|&i| Planned::Entry(i)));
    let shown = render_work(site, theme, model, (cache, memo), diags, out, work);
    kept.fill(shown);
}

/// Render the planned pages of `work` whose fingerprint differs from the one in `cache`, into
/// `out` and `cache`; returns the entries each planned page shows, by URL.
fn render_work(
    site: &Site,
    theme: &Theme,
    model: &Model,
    (cache, memo): (&mut PageCache, &Memo),
    diags: &mut Diagnostics,
    out: &dyn Sink,
    work: Vec<Planned>,
) -> std::collections::HashMap<String, Vec<u32>> {
    // Not in the memo: hashed whole, which gives the same fingerprint (a small value). A footer
    // that cannot be rendered was reported by the full rendering.
    let (site_value, _) = site_value(site, theme);
    let previous = &*cache;
    type Done = (String, Vec<u32>, Option<(u64, Result<Vec<u8>, Diagnostic>)>);
    let done: Vec<Done> = work
        .into_par_iter()
        .filter_map(|w| {
            let job = ready(site, model, w, &site_value)?;
            let (print, shown) = job.fingerprint(memo);
            if previous.get(&job.url).is_some_and(|(old, _)| *old == print) {
                return Some((job.url, shown, None));
            }
            let page = theme.page(job.template, &job.ctx).map_err(|e| template_error(&job, e));
            Some((job.url, shown, Some((print, page))))
        })
        .collect();
    let mut shown = std::collections::HashMap::with_capacity(done.len());
    for (url, entries, page) in done {
        match page {
            Some((print, Ok(bytes))) => {
                out.add(index_path(&url), bytes.clone());
                cache.insert(url.clone(), (print, bytes));
            }
            Some((_, Err(d))) => diags.push(d),
            None => {}
        }
        shown.insert(url, entries);
    }
    shown
}

/// The preview's last plan: every planned page (not the entries' own) in plan order, with its
/// section and the entries whose list values it shows.
pub struct Plan {
    pages: Vec<KeptPage>,
}

struct KeptPage {
    section: Section,
    /// Without the site's value (added when rendered).
    job: Job,
    /// Entry indices, sorted.
    shown: Vec<u32>,
}

impl Plan {
    fn new(sections: &[(Section, Vec<Job>)]) -> Plan {
        let pages = sections
            .iter()
            .flat_map(|(s, jobs)| jobs.iter().map(|j| KeptPage { section: *s, job: j.clone(), shown: Vec::new() }))
            .collect();
        Plan { pages }
    }

    /// Record the entries each page shows, by URL (pages not named keep theirs).
    fn fill(&mut self, mut shown: std::collections::HashMap<String, Vec<u32>>) {
        for p in &mut self.pages {
            if let Some(s) = shown.remove(&p.job.url) {
                p.shown = s;
            }
        }
    }

    /// Put the pages of `section` planned again in place of its old ones.
    fn replace(&mut self, section: Section, jobs: Vec<Job>) {
        let at = self.pages.iter().position(|p| p.section == section).unwrap_or(self.pages.len());
        self.pages.retain(|p| p.section != section);
        let at = at.min(self.pages.len());
        let fresh = jobs.into_iter().map(|job| KeptPage { section, job, shown: Vec::new() });
        self.pages.splice(at..at, fresh);
    }

    /// The URLs of the planned pages, in plan order (as the sitemap lists them).
    pub fn urls(&self) -> Vec<String> {
        self.pages.iter().map(|p| p.job.url.clone()).collect()
    }
}

/// The job of a planned page (an entry's own is made here), with the site's value in its
/// context; `None` for an entry without a page of its own.
fn ready(site: &Site, model: &Model, w: Planned, site_value: &Value) -> Option<Job> {
    let mut job = match w {
        Planned::Ready(j) => j,
        Planned::Entry(i) => entry_job(site, model, i)?,
    };
    job.fill(model, &|i| model.card(i));
    job.put_value("site", site_value.clone());
    Some(job)
}

/// The URLs of the planned pages (not the entries' own), in plan order, as the sitemap lists them.
pub fn planned_urls(site: &Site, model: &Model) -> Vec<String> {
    let sections = plan(site, model, &|_| true, &super::Discard);
    sections.into_iter().flat_map(|(_, jobs)| jobs).map(|j| j.url).collect()
}

/// Whether entries of this kind have a page of their own (journals and issues are rendered
/// with their journal).
pub fn has_own_page(kind: Kind) -> bool {
    matches!(kind, Kind::Document | Kind::Bulletin | Kind::Approval | Kind::Page | Kind::Task)
}

fn template_error(job: &Job, e: String) -> Diagnostic {
    Diagnostic::error(
        format!("templates/{}", job.template),
        0,
        0,
        crate::messages::render::template_failed(&job.url, &e),
    )
}

/// The page of entry `i` when it has one of its own (documents, bulletins, items, free pages;
/// journals and issues are planned with their journal).
fn entry_job(site: &Site, model: &Model, i: usize) -> Option<Job> {
    entry_job_of(site, &model.views[i], &model.texts[i])
}

/// The own page of the entry with view `v` and body text `text`, rendered to its path and
/// bytes: the body pass's [`super::bodies::PageFn`].
pub fn render_early(
    site: &Site,
    theme: &Theme,
    site_value: &Value,
    v: &EntryView,
    text: &str,
) -> Option<Result<(String, Vec<u8>), Diagnostic>> {
    let mut job = entry_job_of(site, v, text)?;
    job.put_value("site", site_value.clone());
    Some(match theme.page(job.template, &job.ctx) {
        Ok(bytes) => Ok((index_path(&job.url), bytes)),
        Err(e) => Err(template_error(&job, e)),
    })
}

fn entry_job_of(site: &Site, v: &EntryView, text: &str) -> Option<Job> {
    let (template, column, ctype, section, parent): (&'static str, &str, &str, &str, Option<(&str, &str)>) = match v
        .kind
    {
        Kind::Document => ("document.html", "政府文件", "信息公开", "documents", Some(("政府文件", "/documents/"))),
        Kind::Bulletin => ("bulletin.html", "通报", "信息公开", "bulletins", Some(("通报", "/bulletins/"))),
        Kind::Approval => ("approval.html", "审批事项", "办事服务", "approvals", Some(("审批时限索引", "/approvals/"))),
        Kind::Page => ("page.html", &v.title, "其他", "pages", None),
        Kind::Task => ("task.html", "重点工作任务", "信息公开", "tasks", Some(("重点工作任务", "/tasks/"))),
        Kind::Journal | Kind::Issue => return None,
    };
    let mut c = match parent {
        Some(p) => crumbs(&[p, (&v.title, &v.url)]),
        None => crumbs(&[(&v.title, &v.url)]),
    };
    if let (Some(b), Kind::Bulletin) = (&v.bulletin, v.kind) {
        c.insert(2, Link { title: b.series_label.into(), url: format!("/bulletins/{}/", b.series.key()) });
    }
    let mut m = meta(&v.title, &v.url, column, ctype, section, c);
    article_meta(site, v, text, &mut m);
    let mut j = job(&v.url, template, m);
    j.put_value("entry", super::cards::full(v));
    Some(j)
}

/// `ArticleTitle`, `PubDate`, `Description`, ... for an entry's own page.
fn article_meta(site: &Site, v: &EntryView, text: &str, m: &mut PageMeta) {
    m.article = true;
    m.pub_date = v.date.clone();
    m.author = if v.department.is_empty() { site.config.title.clone() } else { v.department.clone() };
    m.content_source = m.author.clone();
    m.keywords = v.topics.iter().map(|t| t.title.as_str()).collect::<Vec<_>>().join(",");
    m.description = if v.summary.is_empty() {
        text.chars().filter(|c| !c.is_whitespace()).take(120).collect()
    } else {
        v.summary.clone()
    };
}
