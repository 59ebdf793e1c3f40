//! Every HTML page of the portal: which pages exist, what each one's template sees.
//!
//! Pages are planned first (a list of [`Job`]s; an entry's own page is planned as its index
//! and gets its context on the thread that renders it), then rendered, minified and handed to
//! the sink in parallel. Entries reach templates as values converted once per build
//! ([`Model::list`]), however many lists show them.

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::bodies::{to_value, Model};
use super::sections::{
    all_changes, approval_pages, bulletin_pages, facets, home, journal_pages, taxonomy_pages, tool_pages,
};
use super::templates::Theme;
use super::views::{EntryView, ImprintView, Link, SiteView};
use super::{index_path, Sink};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

const PER_PAGE: usize = 20;
const CATALOG_PER_PAGE: usize = 50;
pub(super) const TERM_PER_PAGE: usize = 50;

/// The page-level data every template gets as `page`.
#[derive(Serialize, Clone, Default)]
pub struct PageMeta {
    pub title: String,
    pub url: String,
    pub column_name: String,
    pub column_type: String,
    pub breadcrumbs: Vec<Link>,
    pub description: String,
    pub keywords: String,
    pub article: bool,
    pub pub_date: String,
    pub author: String,
    pub content_source: String,
    pub section: String,
    pub noindex: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: String,
    next: String,
    /// The first and last page and a window around the current one; a gap has an empty URL.
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    title: String,
    url: String,
    current: bool,
}

/// Page numbers to link from page `current` of `total`: 1, total, and current ± 2, with a gap
/// (`None`) where numbers are skipped. Linking every page would grow with the square of the
/// number of pages.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(current) <= 2 {
            if let Some(Some(last)) = out.last() {
                if k > last + 1 {
                    out.push(None);
                }
            }
            out.push(Some(k));
        }
    }
    out
}

pub(super) struct Job {
    url: String,
    template: &'static str,
    ctx: Context,
    /// The context's keys, so the preview can fingerprint a page without rendering it.
    keys: Vec<&'static str>,
}

impl Job {
    pub(super) fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
        self.keys.push(key);
    }

    /// Insert a value converted earlier (cheap: values share their contents).
    pub(super) fn put_value(&mut self, key: &'static str, value: Value) {
        self.ctx.insert_value(key, value);
        self.keys.push(key);
    }

    /// A hash of everything the template will see.
    fn fingerprint(&self) -> u64 {
        use std::hash::Hasher;
        struct W(std::collections::hash_map::DefaultHasher);
        impl std::io::Write for W {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.write(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut w = W(std::collections::hash_map::DefaultHasher::new());
        w.0.write(self.template.as_bytes());
        w.0.write(self.url.as_bytes());
        for k in &self.keys {
            w.0.write(k.as_bytes());
            let _ = serde_json::to_writer(&mut w, &self.ctx.get(k));
        }
        w.0.finish()
    }
}

/// Pages rendered by an earlier build, by URL, with the fingerprint of their context.
pub type PageCache = std::collections::HashMap<String, (u64, Vec<u8>)>;

pub(super) fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    let mut v = vec![Link { title: "首页".into(), url: "/".into() }];
    v.extend(items.iter().map(|(t, u)| Link { title: t.to_string(), url: u.to_string() }));
    v
}

pub(super) fn meta(
    title: &str,
    url: &str,
    column: &str,
    column_type: &str,
    section: &str,
    crumbs_: Vec<Link>,
) -> PageMeta {
    PageMeta {
        title: title.into(),
        url: url.into(),
        column_name: column.into(),
        column_type: column_type.into(),
        breadcrumbs: crumbs_,
        section: section.into(),
        ..PageMeta::default()
    }
}

/// A page to render.
enum Planned {
    Ready(Job),
    /// The own page of entry `i`: its context is built by the thread that renders it.
    Entry(usize),
}

/// The value every page gets as `site`.
pub fn site_value(site: &Site) -> Value {
    to_value(&site_view(site))
}

/// Render every page, except the entries' own pages when `entries_done` (the body pass
/// rendered them, see [`super::bodies::PageFn`]).
pub fn render_all(
    site: &Site,
    theme: &Theme,
    model: &Model,
    diags: &mut Diagnostics,
    out: &dyn Sink,
    cache: Option<&mut PageCache>,
    entries_done: bool,
) {
    let site_value = site_value(site);
    let mut jobs = Vec::new();
    plan(site, model, &mut jobs, out);
    let planned: Vec<&str> = jobs.iter().map(|j| j.url.as_str()).collect();
    super::feeds::write_sitemap(site, model, &planned, out);
    let entries = if entries_done { 0 } else { model.views.len() };
    let work: Vec<Planned> = jobs.into_iter().map(Planned::Ready).chain((0..entries).map(Planned::Entry)).collect();
    crate::diagnostics::memory_checkpoint("planned");
    let previous = cache.as_deref();
    let fresh = previous.map(|_| Mutex::new(PageCache::new()));
    let problems: Vec<Diagnostic> = work
        .into_par_iter()
        .filter_map(|w| {
            let mut job = match w {
                Planned::Ready(j) => j,
                Planned::Entry(i) => entry_job(site, model, i)?,
            };
            job.put_value("site", site_value.clone());
            let print = previous.map(|_| job.fingerprint());
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
}

fn template_error(job: &Job, e: String) -> Diagnostic {
    Diagnostic::error(
        format!("templates/{}", job.template),
        0,
        0,
        "template",
        format!("rendering {} failed: {e}", job.url),
    )
}

fn site_view(site: &Site) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        domain: c
            .base_url
            .as_str()
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        base_url: c.base_url.as_str().to_string(),
        root: c.base_url.root().to_string(),
        language: c.language.clone(),
        site_id_code: c.site_id_code.clone().unwrap_or_default(),
        icp: c.icp.clone().unwrap_or_default(),
        description: c
            .description
            .clone()
            .unwrap_or_else(|| format!("{}：政府信息公开、政策文件、通报、行政审批事项与办理时限", c.title)),
        build_date: site.options.now.to_string(),
        preview: site.options.drafts,
        footer: [
            ("guide", "政府信息公开指南"),
            ("accessibility", "无障碍声明"),
            ("contact", "联系我们"),
            ("about", "关于本网站"),
        ]
        .iter()
        .filter_map(|(slug, label)| {
            site.entries
                .iter()
                .enumerate()
                .find(|(_, e)| e.kind == crate::content::Kind::Page && e.slug == *slug)
                .map(|(i, _)| Link { title: label.to_string(), url: site.urls.get(i).to_string() })
        })
        .collect(),
        imprint: imprint(c),
    }
}

fn imprint(c: &crate::config::Config) -> ImprintView {
    let f = &c.footer;
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let phone = s(&f.phone);
    ImprintView {
        sponsor: c.sponsor().unwrap_or_default().to_string(),
        organizer: s(&f.organizer),
        phone_href: tel_href(&phone),
        phone,
        email: s(&f.email),
        police_record: s(&f.police_record),
        police_record_url: s(&f.police_record_url),
        mark_url: s(&f.mark_url),
        error_report_url: s(&f.error_report_url),
    }
}

/// `tel:` link of a written phone number (`0870-1234567` → `tel:08701234567`; of the first
/// number when several are written); empty when it has no digits.
fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || "+-() ".contains(*c))
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.chars().any(|c| c.is_ascii_digit()) {
        format!("tel:{digits}")
    } else {
        String::new()
    }
}

pub(super) fn sorted_by_date<'a>(model: &'a Model, kind: &str) -> Vec<&'a EntryView> {
    let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == kind).collect();
    v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    v
}

pub(super) fn job(url: &str, template: &'static str, page: PageMeta) -> Job {
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    Job { url: url.to_string(), template, ctx, keys: vec!["page"] }
}

/// Every page but the entries' own, in a fixed order. The sections are planned on two threads
/// (this is the one serial stretch between the body pass and the pages); their jobs are joined
/// in the same order either way.
fn plan(site: &Site, model: &Model, jobs: &mut Vec<Job>, out: &dyn Sink) {
    let (lists, sections) = rayon::join(
        || {
            let mut jobs = Vec::new();
            let docs = sorted_by_date(model, "document");
            let bulletins = sorted_by_date(model, "bulletin");
            let items = sorted_by_date(model, "approval");
            let changes = all_changes(model);
            home(site, model, &docs, &bulletins, &changes, &mut jobs);
            let list = |base, title, section| ListSpec {
                base,
                title,
                column: title,
                ctype: "信息公开",
                section,
                parents: Vec::new(),
            };
            let jobs_ = &mut jobs;
            paginated(jobs_, model, list("/documents/", "政府文件", "documents"), &docs, PER_PAGE, "list.html");
            paginated(
                jobs_,
                model,
                list("/catalog/", "信息公开目录", "catalog"),
                &docs,
                CATALOG_PER_PAGE,
                "catalog.html",
            );
            validity_catalogs(model, jobs_, &docs);
            bulletin_pages(model, jobs_, &bulletins);
            approval_pages(model, jobs_, &items, &changes);
            tool_pages(model, jobs_);
            journal_pages(model, jobs_);
            jobs
        },
        || {
            let mut jobs = Vec::new();
            taxonomy_pages(model, &mut jobs);
            super::tasks::pages(site, model, &mut jobs);
            super::statistics::page(site, model, &mut jobs, out);
            jobs
        },
    );
    jobs.extend(lists);
    jobs.extend(sections);
    let mut search = job(
        "/search/",
        "search.html",
        meta("站内搜索", "/search/", "搜索", "其他", "search", crumbs(&[("站内搜索", "/search/")])),
    );
    search.put("noscript_note", &true);
    super::sitemap::page(model, jobs);
    jobs.push(search);
    let mut nf = meta("页面未找到", "/404.html", "404", "其他", "", crumbs(&[]));
    nf.noindex = true;
    jobs.push(job("/404.html", "404.html", nf));
}

/// The page of entry `i` when it has one of its own (documents, bulletins, items, free pages;
/// journals and issues are planned with their journal).
fn entry_job(site: &Site, model: &Model, i: usize) -> Option<Job> {
    entry_job_of(site, &model.views[i], &model.values[i], &model.texts[i])
}

/// The own page of the entry with view `v`, list value `card` and body text `text`, rendered
/// to its path and bytes: the body pass's [`super::bodies::PageFn`].
pub fn render_early(
    site: &Site,
    theme: &Theme,
    site_value: &Value,
    v: &EntryView,
    card: &Value,
    text: &str,
) -> Option<Result<(String, Vec<u8>), Diagnostic>> {
    let mut job = entry_job_of(site, v, card, text)?;
    job.put_value("site", site_value.clone());
    Some(match theme.page(job.template, &job.ctx) {
        Ok(bytes) => Ok((index_path(&job.url), bytes)),
        Err(e) => Err(template_error(&job, e)),
    })
}

fn entry_job_of(site: &Site, v: &EntryView, card: &Value, text: &str) -> Option<Job> {
    let (template, column, ctype, section, parent): (&'static str, &str, &str, &str, Option<(&str, &str)>) =
        match v.kind {
            "document" => ("document.html", "政府文件", "信息公开", "documents", Some(("政府文件", "/documents/"))),
            "bulletin" => ("bulletin.html", "通报", "信息公开", "bulletins", Some(("通报", "/bulletins/"))),
            "approval" => ("approval.html", "审批事项", "办事服务", "approvals", Some(("审批时限索引", "/approvals/"))),
            "page" => ("page.html", &v.title, "其他", "pages", None),
            "task" => ("task.html", "重点工作任务", "信息公开", "tasks", Some(("重点工作任务", "/tasks/"))),
            _ => return None,
        };
    let mut c = match parent {
        Some(p) => crumbs(&[p, (&v.title, &v.url)]),
        None => crumbs(&[(&v.title, &v.url)]),
    };
    if let (Some(b), "bulletin") = (&v.bulletin, v.kind) {
        c.insert(2, Link { title: b.series_label.into(), url: format!("/bulletins/{}/", b.series) });
    }
    let mut m = meta(&v.title, &v.url, column, ctype, section, c);
    article_meta(site, v, text, &mut m);
    let mut j = job(&v.url, template, m);
    j.put_value("entry", super::bodies::full_value(v, card));
    Some(j)
}

/// Render only the page of entry `i` (the preview's fast path), as (output path, bytes).
pub fn render_entry(
    site: &Site,
    theme: &Theme,
    model: &Model,
    i: usize,
) -> Option<Result<(String, Vec<u8>), Diagnostic>> {
    let mut job = entry_job(site, model, i)?;
    job.put("site", &site_view(site));
    Some(match theme.page(job.template, &job.ctx) {
        Ok(bytes) => Ok((index_path(&job.url), bytes)),
        Err(e) => Err(template_error(&job, e)),
    })
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

/// Where a paginated list lives and how it is labelled.
/// `/catalog/<validity>/`: the catalogue filtered by 有效性, usable without JavaScript. All four
/// exist (an empty one says so), so the links above the catalogue never break.
fn validity_catalogs(model: &Model, jobs: &mut Vec<Job>, docs: &[&EntryView]) {
    for (key, label) in [("effective", "有效"), ("amended", "已修改"), ("expired", "失效"), ("repealed", "废止")]
    {
        let subset: Vec<&EntryView> =
            docs.iter().copied().filter(|v| v.doc.as_ref().is_some_and(|d| d.validity == key)).collect();
        let base = format!("/catalog/{key}/");
        let title = format!("信息公开目录（有效性：{label}）");
        let spec = ListSpec {
            base: &base,
            title: &title,
            column: "信息公开目录",
            ctype: "信息公开",
            section: "catalog",
            parents: vec![("信息公开目录", "/catalog/")],
        };
        paginated(jobs, model, spec, &subset, CATALOG_PER_PAGE, "catalog.html");
    }
}

pub(super) struct ListSpec<'a> {
    pub base: &'a str,
    pub title: &'a str,
    pub column: &'a str,
    pub ctype: &'a str,
    pub section: &'a str,
    /// Breadcrumbs above the list itself.
    pub parents: Vec<(&'a str, &'a str)>,
}

pub(super) fn paginated(
    jobs: &mut Vec<Job>,
    model: &Model,
    spec: ListSpec,
    items: &[&EntryView],
    per: usize,
    template: &'static str,
) {
    let ListSpec { base, title, column, ctype, section, parents } = spec;
    let total = items.len().div_ceil(per).max(1);
    let facets = (template == "catalog.html").then(|| to_value(&facets(model, items)));
    let page_url = |n: usize| {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}page/{n}/")
        }
    };
    for n in 1..=total {
        let url = page_url(n);
        let chunk = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
        let t = if n == 1 { title.to_string() } else { format!("{title}（第{n}页）") };
        let mut trail = parents.clone();
        trail.push((title, base));
        let mut j = job(&url, template, meta(&t, &url, column, ctype, section, crumbs(&trail)));
        j.put_value("entries", model.list(chunk));
        j.put("total_entries", &items.len());
        j.put(
            "pagination",
            &Pagination {
                current: n,
                total,
                prev: if n > 1 { page_url(n - 1) } else { String::new() },
                next: if n < total { page_url(n + 1) } else { String::new() },
                pages: page_window(n, total)
                    .into_iter()
                    .map(|k| match k {
                        Some(k) => PageLink { title: k.to_string(), url: page_url(k), current: k == n },
                        None => PageLink { title: "…".into(), url: String::new(), current: false },
                    })
                    .collect(),
            },
        );
        if let Some(f) = &facets {
            j.put_value("facets", f.clone());
        }
        jobs.push(j);
    }
}

#[cfg(test)]
mod tests {
    use super::{job, page_window, PageMeta};

    /// The preview reuses a page when its context's fingerprint is unchanged: the same
    /// context must always fingerprint the same (tera maps keep insertion order).
    #[test]
    fn fingerprints_are_stable() {
        let meta =
            || PageMeta {
                title: "标题".into(), url: "/a/".into(), keywords: "甲,乙".into(), ..PageMeta::default()
            };
        let prints: std::collections::HashSet<u64> = (0..20)
            .map(|_| {
                let mut j = job("/a/", "page.html", meta());
                j.put("extra", &meta());
                j.fingerprint()
            })
            .collect();
        assert_eq!(prints.len(), 1);
        let mut other = job("/a/", "page.html", PageMeta { title: "别的".into(), ..meta() });
        other.put("extra", &meta());
        assert!(!prints.contains(&other.fingerprint()));
    }

    #[test]
    fn pagination_window() {
        assert_eq!(page_window(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(10, 267),
            [Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(267)]
        );
        assert_eq!(page_window(1, 1), [Some(1)]);
    }
}
