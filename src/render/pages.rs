//! Every HTML page of the portal: which pages exist, what each one's template sees.
//!
//! Pages are planned first (a list of [`Job`]s), then rendered and minified in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::bodies::Model;
use super::feeds::change_text;
use super::templates::Theme;
use super::views::{ChangeView, EntryView, FullView, Link, SiteView};
use super::{index_path, Output};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

const PER_PAGE: usize = 20;
const CATALOG_PER_PAGE: usize = 50;
const TERM_PER_PAGE: usize = 50;

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
    pages: Vec<Link>,
}

struct Job {
    url: String,
    template: &'static str,
    ctx: Context,
    /// The context's keys, so the preview can fingerprint a page without rendering it.
    keys: Vec<&'static str>,
}

impl Job {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
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

fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    let mut v = vec![Link { title: "首页".into(), url: "/".into() }];
    v.extend(items.iter().map(|(t, u)| Link { title: t.to_string(), url: u.to_string() }));
    v
}

fn meta(title: &str, url: &str, column: &str, column_type: &str, section: &str, crumbs_: Vec<Link>) -> PageMeta {
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

pub fn render_all(
    site: &Site,
    theme: &Theme,
    model: &Model,
    diags: &mut Diagnostics,
    out: &mut Output,
    cache: Option<&mut PageCache>,
) {
    let site_view = site_view(site);
    let mut jobs = Vec::new();
    plan(site, model, &mut jobs);
    let previous = cache.as_deref();
    let results: Vec<(String, Option<u64>, Result<Vec<u8>, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|mut job| {
            job.put("site", &site_view);
            let print = previous.map(|_| job.fingerprint());
            if let (Some(p), Some((old, bytes))) = (print, previous.and_then(|c| c.get(&job.url))) {
                if p == *old {
                    return (job.url, print, Ok(bytes.clone()));
                }
            }
            let r = theme.render(job.template, &job.ctx).map(|html| minify(&html)).map_err(|e| {
                Diagnostic::error(
                    format!("templates/{}", job.template),
                    0,
                    0,
                    "template",
                    format!("rendering {} failed: {e}", job.url),
                )
            });
            (job.url, print, r)
        })
        .collect();
    let mut fresh = PageCache::new();
    for (url, print, r) in results {
        match r {
            Ok(bytes) => {
                if let Some(p) = print {
                    fresh.insert(url.clone(), (p, bytes.clone()));
                }
                out.add(index_path(&url), bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    if let Some(c) = cache {
        *c = fresh;
    }
}

fn site_view(site: &Site) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        domain: c.base_url.split("://").nth(1).unwrap_or(&c.base_url).split('/').next().unwrap_or_default().to_string(),
        base_url: c.base_url.clone(),
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
    }
}

pub fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

fn sorted_by_date<'a>(model: &'a Model, kind: &str) -> Vec<&'a EntryView> {
    let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == kind).collect();
    v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    v
}

fn job(url: &str, template: &'static str, page: PageMeta) -> Job {
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    Job { url: url.to_string(), template, ctx, keys: vec!["page"] }
}

fn plan(site: &Site, model: &Model, jobs: &mut Vec<Job>) {
    let docs = sorted_by_date(model, "document");
    let bulletins = sorted_by_date(model, "bulletin");
    let items = sorted_by_date(model, "approval");
    let changes = all_changes(model);
    home(site, model, &docs, &bulletins, &changes, jobs);
    let list =
        |base, title, section| ListSpec {
            base, title, column: title, ctype: "信息公开", section, parents: Vec::new()
        };
    paginated(jobs, list("/documents/", "政府文件", "documents"), &docs, PER_PAGE, "list.html");
    paginated(jobs, list("/catalog/", "信息公开目录", "catalog"), &docs, CATALOG_PER_PAGE, "catalog.html");
    bulletin_pages(jobs, &bulletins);
    approval_pages(model, jobs, &items, &changes);
    journal_pages(model, jobs);
    taxonomy_pages(model, jobs);
    jobs.extend((0..model.views.len()).filter_map(|i| entry_job(site, model, i)));
    let mut search = job(
        "/search/",
        "search.html",
        meta("站内搜索", "/search/", "搜索", "其他", "search", crumbs(&[("站内搜索", "/search/")])),
    );
    search.put("noscript_note", &true);
    jobs.push(search);
    let mut nf = meta("页面未找到", "/404.html", "404", "其他", "", crumbs(&[]));
    nf.noindex = true;
    jobs.push(job("/404.html", "404.html", nf));
}

/// The page of entry `i` when it has one of its own (documents, bulletins, items, free pages;
/// journals and issues are planned with their journal).
fn entry_job(site: &Site, model: &Model, i: usize) -> Option<Job> {
    let v = &model.views[i];
    let (template, column, ctype, section, parent): (&'static str, &str, &str, &str, Option<(&str, &str)>) =
        match v.kind {
            "document" => ("document.html", "政府文件", "信息公开", "documents", Some(("政府文件", "/documents/"))),
            "bulletin" => ("bulletin.html", "通报", "信息公开", "bulletins", Some(("通报", "/bulletins/"))),
            "approval" => ("approval.html", "审批事项", "办事服务", "approvals", Some(("审批时限索引", "/approvals/"))),
            "page" => ("page.html", &v.title, "其他", "pages", None),
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
    article_meta(site, v, &model.texts[i], &mut m);
    let mut j = job(&v.url, template, m);
    j.put("entry", &FullView::of(v));
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
    Some(theme.render(job.template, &job.ctx).map(|html| (index_path(&job.url), minify(&html))).map_err(|e| {
        Diagnostic::error(
            format!("templates/{}", job.template),
            0,
            0,
            "template",
            format!("rendering {} failed: {e}", job.url),
        )
    }))
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
struct ListSpec<'a> {
    base: &'a str,
    title: &'a str,
    column: &'a str,
    ctype: &'a str,
    section: &'a str,
    /// Breadcrumbs above the list itself.
    parents: Vec<(&'a str, &'a str)>,
}

fn paginated(jobs: &mut Vec<Job>, spec: ListSpec, items: &[&EntryView], per: usize, template: &'static str) {
    let ListSpec { base, title, column, ctype, section, parents } = spec;
    let total = items.len().div_ceil(per).max(1);
    let facets = (template == "catalog.html").then(|| facets(items));
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
        j.put("entries", chunk);
        j.put("total_entries", &items.len());
        j.put(
            "pagination",
            &Pagination {
                current: n,
                total,
                prev: if n > 1 { page_url(n - 1) } else { String::new() },
                next: if n < total { page_url(n + 1) } else { String::new() },
                pages: (1..=total).map(|k| Link { title: k.to_string(), url: page_url(k) }).collect(),
            },
        );
        if let Some(f) = &facets {
            j.put("facets", f);
        }
        jobs.push(j);
    }
}

#[derive(Serialize)]
struct Facet {
    name: &'static str,
    /// (value, count, URL of its taxonomy page or empty).
    values: Vec<(String, usize, String)>,
}

/// Counts per issuer, year, topic, genre and validity, for the catalogue's facets.
fn facets(docs: &[&EntryView]) -> Vec<Facet> {
    // Per facet: value → (count, URL of its taxonomy page, empty when there is none).
    let mut maps: [BTreeMap<String, (usize, String)>; 5] = Default::default();
    let count = |m: &mut BTreeMap<String, (usize, String)>, k: &str, url: String| {
        m.entry(k.to_string()).or_insert((0, url)).0 += 1;
    };
    for v in docs {
        count(&mut maps[0], &v.department, v.department_url.clone());
        count(&mut maps[1], &v.year.to_string(), format!("/years/{}/", v.year));
        for t in &v.topics {
            count(&mut maps[2], &t.title, t.url.clone());
        }
        if let Some(d) = &v.doc {
            count(&mut maps[3], &d.genre, String::new());
            count(&mut maps[4], d.validity_label, String::new());
        }
    }
    let names = ["发文机关", "年份", "主题分类", "体裁", "有效性"];
    maps.into_iter()
        .zip(names)
        .map(|(m, name)| {
            let mut values: Vec<(String, usize, String)> =
                m.into_iter().filter(|(k, _)| !k.is_empty()).map(|(k, (n, url))| (k, n, url)).collect();
            if name == "年份" {
                values.reverse();
            }
            Facet { name, values }
        })
        .collect()
}

#[derive(Serialize)]
struct Headline {
    items: usize,
    avg_statutory: String,
    avg_promised: String,
    avg_reduction: String,
    online_share: String,
    zero_visit_share: String,
}

fn headline(items: &[&EntryView]) -> Headline {
    let active: Vec<&super::views::ItemView> =
        items.iter().filter_map(|v| v.item.as_ref()).filter(|i| i.status != "cancelled").collect();
    let n = active.len().max(1) as f64;
    let avg =
        |f: &dyn Fn(&super::views::ItemView) -> f64| format!("{:.1}", active.iter().map(|i| f(i)).sum::<f64>() / n);
    let share = |f: &dyn Fn(&super::views::ItemView) -> bool| {
        format!("{:.0}%", active.iter().filter(|i| f(i)).count() as f64 / n * 100.0)
    };
    Headline {
        items: active.len(),
        avg_statutory: avg(&|i| i.statutory_days as f64),
        avg_promised: avg(&|i| i.promised_days as f64),
        avg_reduction: format!("{}%", avg(&|i| i.reduction as f64)),
        online_share: share(&|i| i.online),
        zero_visit_share: share(&|i| i.visits == Some(0)),
    }
}

fn all_changes(model: &Model) -> Vec<ChangeView> {
    let mut v: Vec<ChangeView> = model
        .views
        .iter()
        .filter_map(|e| e.item.as_ref().map(|i| (e, i)))
        .flat_map(|(e, i)| {
            i.history.iter().map(move |c| {
                let mut c = c.clone();
                c.item_title = e.title.clone();
                c.item_url = e.url.clone();
                c.note = if c.note.is_empty() { change_text(&c) } else { format!("{}；{}", change_text(&c), c.note) };
                c
            })
        })
        .collect();
    v.sort_by(|a, b| (&b.date, &a.item_code).cmp(&(&a.date, &b.item_code)));
    v
}

fn home(
    site: &Site,
    model: &Model,
    docs: &[&EntryView],
    bulletins: &[&EntryView],
    changes: &[ChangeView],
    jobs: &mut Vec<Job>,
) {
    let mut m = meta(&site.config.title, "/", "首页", "首页", "home", Vec::new());
    m.description = site.config.description.clone().unwrap_or_default();
    let mut j = job("/", "home.html", m);
    j.put("documents", &docs.iter().take(8).collect::<Vec<_>>());
    j.put("bulletins", &bulletins.iter().take(6).collect::<Vec<_>>());
    j.put("changes", &changes.iter().take(6).collect::<Vec<_>>());
    let issues = sorted_by_date(model, "issue");
    j.put("issues", &issues.iter().take(4).collect::<Vec<_>>());
    let items = sorted_by_date(model, "approval");
    j.put("headline", &headline(&items));
    jobs.push(j);
}

fn bulletin_pages(jobs: &mut Vec<Job>, bulletins: &[&EntryView]) {
    #[derive(Serialize)]
    struct Group<'a> {
        key: &'static str,
        label: &'static str,
        url: String,
        periods: Vec<(String, Vec<&'a EntryView>)>,
        count: usize,
    }
    let groups: Vec<Group> = crate::content::Series::ALL
        .iter()
        .map(|s| {
            let mut periods: BTreeMap<String, Vec<&EntryView>> = BTreeMap::new();
            for v in bulletins.iter().filter(|v| v.bulletin.as_ref().is_some_and(|b| b.series == s.key())) {
                let b = v.bulletin.as_ref().map(|b| b.period_label.clone()).unwrap_or_default();
                periods
                    .entry(format!("{}|{b}", v.bulletin.as_ref().map(|b| b.period.clone()).unwrap_or_default()))
                    .or_default()
                    .push(v);
            }
            let count = periods.values().map(Vec::len).sum();
            let periods = periods
                .into_iter()
                .rev()
                .map(|(k, v)| (k.split_once('|').map_or(k.clone(), |(_, l)| l.to_string()), v))
                .collect();
            Group { key: s.key(), label: s.label(), url: format!("/bulletins/{}/", s.key()), periods, count }
        })
        .collect();
    let mut j = job(
        "/bulletins/",
        "bulletins.html",
        meta("通报", "/bulletins/", "通报", "信息公开", "bulletins", crumbs(&[("通报", "/bulletins/")])),
    );
    j.put("groups", &groups);
    j.put("series", &Option::<&str>::None);
    jobs.push(j);
    for g in &groups {
        let mut j = job(
            &g.url,
            "bulletins.html",
            meta(
                g.label,
                &g.url,
                g.label,
                "信息公开",
                "bulletins",
                crumbs(&[("通报", "/bulletins/"), (g.label, &g.url)]),
            ),
        );
        j.put("groups", &[g]);
        j.put("series", &Some(g.key));
        jobs.push(j);
    }
}

fn approval_pages(model: &Model, jobs: &mut Vec<Job>, items: &[&EntryView], changes: &[ChangeView]) {
    let mut by_dept: BTreeMap<&str, Vec<&EntryView>> = BTreeMap::new();
    let mut sorted: Vec<&EntryView> = items.to_vec();
    sorted.sort_by(|a, b| a.item.as_ref().map(|i| &i.code).cmp(&b.item.as_ref().map(|i| &i.code)));
    for v in &sorted {
        by_dept.entry(v.department.as_str()).or_default().push(v);
    }
    let mut j = job(
        "/approvals/",
        "approvals.html",
        meta(
            "审批时限索引",
            "/approvals/",
            "审批事项",
            "办事服务",
            "approvals",
            crumbs(&[("审批时限索引", "/approvals/")]),
        ),
    );
    j.put("groups", &by_dept.into_iter().map(|(d, v)| (d, model.term_url("departments", d), v)).collect::<Vec<_>>());
    j.put("headline", &headline(items));
    let mut cats: Vec<&str> =
        items.iter().filter_map(|v| v.item.as_ref().map(|i| i.category.as_str())).filter(|c| !c.is_empty()).collect();
    cats.sort();
    cats.dedup();
    j.put("categories", &cats);
    jobs.push(j);
    let mut by_date: BTreeMap<&str, Vec<&ChangeView>> = BTreeMap::new();
    for c in changes {
        by_date.entry(c.date.as_str()).or_default().push(c);
    }
    let mut j = job(
        "/approvals/changes/",
        "changes.html",
        meta(
            "审批事项变更记录",
            "/approvals/changes/",
            "审批事项",
            "办事服务",
            "approvals",
            crumbs(&[("审批时限索引", "/approvals/"), ("变更记录", "/approvals/changes/")]),
        ),
    );
    j.put("days", &by_date.into_iter().rev().collect::<Vec<_>>());
    jobs.push(j);
}

fn journal_pages(model: &Model, jobs: &mut Vec<Job>) {
    let journals: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == "journal").collect();
    let mut j = job(
        "/journals/",
        "journals.html",
        meta("电子刊物", "/journals/", "电子刊物", "信息公开", "journals", crumbs(&[("电子刊物", "/journals/")])),
    );
    j.put("journals", &journals);
    jobs.push(j);
    for jv in &journals {
        let mut issues: Vec<&EntryView> =
            model.views.iter().filter(|v| v.issue.as_ref().is_some_and(|i| i.journal.url == jv.url)).collect();
        issues.sort_by(|a, b| {
            let k = |v: &EntryView| v.issue.as_ref().map(|i| (i.year, i.number)).unwrap_or_default();
            k(b).cmp(&k(a))
        });
        let mut years: BTreeMap<i16, Vec<&EntryView>> = BTreeMap::new();
        for i in &issues {
            years.entry(i.issue.as_ref().map_or(0, |x| x.year)).or_default().push(i);
        }
        let c = crumbs(&[("电子刊物", "/journals/"), (&jv.title, &jv.url)]);
        let mut m = meta(&jv.title, &jv.url, &jv.title, "信息公开", "journals", c.clone());
        m.description = jv.summary.clone();
        let mut j = job(&jv.url, "journal.html", m);
        j.put("entry", &FullView::of(jv));
        j.put("years", &years.into_iter().rev().collect::<Vec<_>>());
        jobs.push(j);
        for iv in issues {
            let mut c = c.clone();
            c.push(Link { title: iv.title.clone(), url: iv.url.clone() });
            let mut m = meta(&iv.title, &iv.url, &jv.title, "信息公开", "journals", c);
            m.article = true;
            m.pub_date = iv.date.clone();
            m.author = jv.department.clone();
            m.content_source = jv.department.clone();
            m.description = iv.summary.clone();
            let mut j = job(&iv.url, "issue.html", m);
            j.put("entry", &FullView::of(iv));
            jobs.push(j);
        }
    }
}

fn taxonomy_pages(model: &Model, jobs: &mut Vec<Job>) {
    #[derive(Serialize)]
    struct TermLink {
        title: String,
        url: String,
        count: usize,
    }
    for (tax, label, terms) in [("departments", "发布机构", &model.departments), ("topics", "主题分类", &model.topics)]
    {
        let base = format!("/{tax}/");
        let list: Vec<TermLink> = terms
            .values()
            .map(|t| TermLink { title: t.name.clone(), url: format!("{base}{}/", t.slug), count: t.entries.len() })
            .collect();
        let mut j = job(&base, "terms.html", meta(label, &base, label, "信息公开", tax, crumbs(&[(label, &base)])));
        j.put("terms", &list);
        jobs.push(j);
        for t in terms.values() {
            let url = format!("{base}{}/", t.slug);
            let entries = newest_first(t.entries.iter().map(|&i| &model.views[i]).collect());
            let spec = ListSpec {
                base: &url,
                title: &t.name,
                column: label,
                ctype: "信息公开",
                section: tax,
                parents: vec![(label, &base)],
            };
            paginated(jobs, spec, &entries, TERM_PER_PAGE, "term.html");
        }
    }
    let list: Vec<TermLink> = model
        .years
        .iter()
        .rev()
        .map(|(y, v)| TermLink { title: format!("{y}年"), url: format!("/years/{y}/"), count: v.len() })
        .collect();
    let mut j = job(
        "/years/",
        "terms.html",
        meta("年度", "/years/", "年度", "信息公开", "years", crumbs(&[("年度", "/years/")])),
    );
    j.put("terms", &list);
    jobs.push(j);
    for (y, idx) in &model.years {
        let url = format!("/years/{y}/");
        let title = format!("{y}年");
        let entries = newest_first(idx.iter().map(|&i| &model.views[i]).collect());
        let spec = ListSpec {
            base: &url,
            title: &title,
            column: "年度",
            ctype: "信息公开",
            section: "years",
            parents: vec![("年度", "/years/")],
        };
        paginated(jobs, spec, &entries, TERM_PER_PAGE, "term.html");
    }
}

fn newest_first(mut v: Vec<&EntryView>) -> Vec<&EntryView> {
    v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    v
}
