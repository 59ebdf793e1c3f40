//! Key-task pages (重点工作任务): `/tasks/` grouped by source and by lead unit with counts by
//! status, static filter pages per status and per lead (no JavaScript needed), the Atom feed of
//! progress updates and `/data/tasks.{json,csv}`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::bodies::Model;
use super::formats::{json, Csv};
use super::job::{crumbs, job, meta, Job};
use super::views::EntryView;
use super::Sink;
use crate::content::TaskStatus;
use crate::site::Site;

/// The status filters: (URL segment, label, does a task belong).
pub(super) const FILTERS: &[(&str, &str)] =
    &[("in-progress", "推进中"), ("overdue", "逾期"), ("done", "已完成"), ("suspended", "已暂缓")];

fn matches(filter: &str, v: &EntryView) -> bool {
    let Some(t) = &v.task else { return false };
    match filter {
        "in-progress" => t.status == TaskStatus::InProgress,
        "overdue" => t.overdue,
        "done" => t.status == TaskStatus::Done,
        _ => t.status == TaskStatus::Suspended,
    }
}

/// Counts of a set of tasks by status; `overdue` is a subset of the unfinished ones.
#[derive(Serialize, Default, Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub done: usize,
    pub suspended: usize,
}

impl Counts {
    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a EntryView>) -> Counts {
        let mut c = Counts::default();
        for t in tasks.into_iter().filter_map(|v| v.task.as_deref()) {
            c.total += 1;
            c.overdue += usize::from(t.overdue);
            match t.status {
                TaskStatus::Done => c.done += 1,
                TaskStatus::Suspended => c.suspended += 1,
                _ => c.in_progress += 1,
            }
        }
        c
    }

    pub fn get(&self, filter: &str) -> usize {
        match filter {
            "in-progress" => self.in_progress,
            "overdue" => self.overdue,
            "done" => self.done,
            _ => self.suspended,
        }
    }
}

/// Tasks in display order: what needs attention first (overdue, in progress, suspended, done),
/// then by due date and URL.
fn tasks(model: &Model) -> Vec<&EntryView> {
    let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.task.is_some()).collect();
    let key = |x: &EntryView| {
        let t = x.task.as_deref();
        let rank = t.map_or(4, |t| match (t.overdue, t.status) {
            (true, _) => 0,
            (_, TaskStatus::InProgress) => 1,
            (_, TaskStatus::Suspended) => 2,
            _ => 3,
        });
        (rank, t.map(|t| t.due.clone()).unwrap_or_default())
    };
    v.sort_by(|a, b| (key(a), &a.url).cmp(&(key(b), &b.url)));
    v
}

/// Lead units in site.yaml order, then any others by name.
pub(super) fn lead_order<'a>(site: &Site, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = names.collect();
    v.sort_by_key(|n| (site.config.departments.iter().position(|d| d == n).unwrap_or(usize::MAX), *n));
    v.dedup();
    v
}

#[derive(Serialize)]
struct Filter {
    key: &'static str,
    label: &'static str,
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct LeadRow {
    name: String,
    url: String,
    counts: Counts,
}

pub(super) fn pages(site: &Site, model: &Model, jobs: &mut Vec<Job>) {
    let all = tasks(model);
    let counts = Counts::of(all.iter().copied());
    let filters: Vec<Filter> = FILTERS
        .iter()
        .map(|(k, l)| Filter { key: k, label: l, count: counts.get(k), url: format!("/tasks/status/{k}/") })
        .collect();
    let mut by_lead: BTreeMap<&str, Vec<&EntryView>> = BTreeMap::new();
    let mut by_source: BTreeMap<(&str, &str), Vec<&EntryView>> = BTreeMap::new();
    for v in &all {
        let Some(t) = &v.task else { continue };
        by_lead.entry(t.lead.as_str()).or_default().push(v);
        by_source.entry((t.source.as_str(), t.source_url.as_str())).or_default().push(v);
    }
    let leads: Vec<LeadRow> = lead_order(site, by_lead.keys().copied())
        .into_iter()
        .map(|name| LeadRow {
            name: name.to_string(),
            url: by_lead[name].first().and_then(|v| v.task.as_ref()).map(|t| t.lead_url.clone()).unwrap_or_default(),
            counts: Counts::of(by_lead[name].iter().copied()),
        })
        .collect();
    let sources: Vec<Value> = by_source
        .iter()
        .map(|((title, url), v)| {
            let mut m = tera::Map::new();
            m.insert("title".into(), Value::from(if title.is_empty() { "其他任务" } else { title }));
            m.insert("url".into(), Value::from(*url));
            m.insert("counts".into(), super::bodies::to_value(&Counts::of(v.iter().copied())));
            m.insert("tasks".into(), model.list(v));
            Value::from(m)
        })
        .collect();
    let base = crumbs(&[("重点工作任务", "/tasks/")]);
    let mut j = job(
        "/tasks/",
        "tasks.html",
        meta("重点工作任务", "/tasks/", "重点工作任务", "信息公开", "tasks", base.clone()),
    );
    j.put("counts", &counts);
    j.put("filters", &filters);
    j.put("leads", &leads);
    j.put_value("sources", Value::from(sources));
    j.put("filter", "");
    jobs.push(j);
    for f in &filters {
        let list: Vec<&EntryView> = all.iter().copied().filter(|v| matches(f.key, v)).collect();
        let title = format!("{}的任务", f.label);
        filter_page(model, jobs, (&f.url, &title, f.key), &filters, &list);
    }
    for l in &leads {
        let title = format!("{}牵头的任务", l.name);
        filter_page(model, jobs, (&l.url, &title, ""), &filters, &by_lead[l.name.as_str()]);
    }
}

/// One filtered list: (URL, title, status filter key or empty for a lead page).
fn filter_page(
    model: &Model,
    jobs: &mut Vec<Job>,
    (url, title, key): (&str, &str, &str),
    filters: &[Filter],
    list: &[&EntryView],
) {
    let c = crumbs(&[("重点工作任务", "/tasks/"), (title, url)]);
    let mut j = job(url, "tasks_list.html", meta(title, url, "重点工作任务", "信息公开", "tasks", c));
    j.put("counts", &Counts::of(list.iter().copied()));
    j.put("filters", filters);
    j.put("filter", key);
    j.put_entries(model, "entries", list);
    jobs.push(j);
}

#[derive(Serialize)]
struct ProgressRow<'a> {
    date: &'a str,
    percent: u8,
    note: &'a str,
}

#[derive(Serialize)]
struct TaskRow<'a> {
    title: &'a str,
    source: &'a str,
    source_url: String,
    lead: &'a str,
    partners: &'a [String],
    department: &'a str,
    published: &'a str,
    due: &'a str,
    status: &'a str,
    overdue: bool,
    percent: u8,
    progress: Vec<ProgressRow<'a>>,
    url: String,
}

/// `/data/tasks.json` and `/data/tasks.csv`: published tasks only.
pub(super) fn data(site: &Site, model: &Model, out: &dyn Sink) {
    let base = site.config.base_url.as_str();
    let full = |u: &str| if u.is_empty() { String::new() } else { format!("{base}{u}") };
    let rows: Vec<TaskRow> = tasks(model)
        .into_iter()
        .filter(|v| v.draft.is_empty())
        .filter_map(|v| {
            let t = v.task.as_ref()?;
            Some(TaskRow {
                title: &v.title,
                source: &t.source,
                source_url: full(&t.source_url),
                lead: &t.lead,
                partners: &t.partners,
                department: &v.department,
                published: &v.date,
                due: &t.due,
                status: t.status.key(),
                overdue: t.overdue,
                percent: t.percent,
                progress: t
                    .progress
                    .iter()
                    .map(|p| ProgressRow { date: &p.date, percent: p.percent, note: &p.note })
                    .collect(),
                url: full(&v.url),
            })
        })
        .collect();
    out.add("data/tasks.json", json(&rows));
    let mut csv = Csv::new(&[
        "任务",
        "任务来源",
        "牵头单位",
        "配合单位",
        "发布日期",
        "完成期限",
        "状态",
        "是否逾期",
        "当前进度（%）",
        "最新进展日期",
        "最新进展",
        "链接",
    ]);
    for r in &rows {
        let last = r.progress.last();
        csv.row(&[
            r.title,
            r.source,
            r.lead,
            &r.partners.join("；"),
            r.published,
            r.due,
            crate::content::TaskStatus::ALL.iter().find(|s| s.key() == r.status).map_or(r.status, |s| s.label()),
            if r.overdue { "是" } else { "否" },
            &r.percent.to_string(),
            last.map_or("", |p| p.date),
            last.map_or("", |p| p.note),
            &r.url,
        ]);
    }
    out.add("data/tasks.csv", csv.finish());
}
