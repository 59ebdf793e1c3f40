//! Section pages: the home page, bulletins by series, the approval index and change log,
//! journals, taxonomies, and the catalogue's facets.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::bodies::{Model, Term};
use super::job::{crumbs, job, meta, paginated, record, sorted_by_date, Job, ListSpec, TERM_PER_PAGE};
use super::views::{ChangeView, EntryView, Link};
use crate::content::{ItemStatus, Kind};
use crate::site::Site;

#[derive(Serialize)]
struct Headline {
    /// 在办 items (status `active`): the count the status filter's 在办 option shows too.
    items: usize,
    delegated: usize,
    cancelled: usize,
    avg_statutory: String,
    avg_promised: String,
    avg_reduction: String,
    online_share: String,
    zero_visit_share: String,
}

fn headline(items: &[&EntryView]) -> Headline {
    let all: Vec<&super::views::ItemView> = items.iter().filter_map(|v| v.item.as_deref()).collect();
    let count = |status: ItemStatus| all.iter().filter(|i| i.status == status).count();
    let active: Vec<&super::views::ItemView> = all.iter().copied().filter(|i| i.status == ItemStatus::Active).collect();
    let n = active.len().max(1) as f64;
    let avg =
        |f: &dyn Fn(&super::views::ItemView) -> f64| format!("{:.1}", active.iter().map(|i| f(i)).sum::<f64>() / n);
    let share = |f: &dyn Fn(&super::views::ItemView) -> bool| {
        format!("{:.0}%", active.iter().filter(|i| f(i)).count() as f64 / n * 100.0)
    };
    Headline {
        items: active.len(),
        delegated: count(ItemStatus::Delegated),
        cancelled: count(ItemStatus::Cancelled),
        avg_statutory: avg(&|i| i.statutory_days as f64),
        avg_promised: avg(&|i| i.promised_days as f64),
        avg_reduction: format!("{}%", avg(&|i| i.reduction as f64)),
        online_share: share(&|i| i.online),
        zero_visit_share: share(&|i| i.visits == Some(0)),
    }
}

pub(super) fn all_changes(model: &Model) -> Vec<ChangeView> {
    let mut v: Vec<ChangeView> = model
        .views
        .iter()
        .filter_map(|e| e.item.as_ref().map(|i| (e, i)))
        .flat_map(|(e, i)| {
            i.history.iter().map(move |c| {
                let mut c = c.clone();
                c.item_title = e.title.clone();
                c.item_url = e.url.clone();
                c.note = if c.note.is_empty() || c.note_restates() {
                    c.text()
                } else {
                    format!("{}；{}", c.text(), c.note)
                };
                c
            })
        })
        .collect();
    v.sort_by(|a, b| (&b.date, &a.item_code).cmp(&(&a.date, &b.item_code)));
    v
}

pub(super) fn home(
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
    j.put_value("documents", model.list(&docs[..docs.len().min(8)]));
    j.put_value("bulletins", model.list(&bulletins[..bulletins.len().min(6)]));
    j.put("changes", &changes.iter().take(6).collect::<Vec<_>>());
    let issues = sorted_by_date(model, Kind::Issue);
    j.put_value("issues", model.list(&issues[..issues.len().min(4)]));
    let items = sorted_by_date(model, Kind::Approval);
    j.put("headline", &headline(&items));
    jobs.push(j);
}

pub(super) fn bulletin_pages(model: &Model, jobs: &mut Vec<Job>, bulletins: &[&EntryView]) {
    struct Group<'a> {
        key: &'static str,
        label: &'static str,
        url: String,
        periods: Vec<(String, Vec<&'a EntryView>)>,
        count: usize,
    }
    // As a template value: entries are the model's converted values, shared, not converted again.
    let value = |g: &Group| {
        let mut m = tera::Map::new();
        m.insert("key".into(), Value::from(g.key));
        m.insert("label".into(), Value::from(g.label));
        m.insert("url".into(), Value::from(g.url.as_str()));
        let periods: Vec<Value> = g
            .periods
            .iter()
            .map(|(label, v)| record(vec![("label", Value::from(label.as_str())), ("entries", model.list(v))]))
            .collect();
        m.insert("periods".into(), Value::from(periods));
        m.insert("count".into(), Value::from(g.count));
        Value::from(m)
    };
    let groups: Vec<Group> = crate::content::Series::ALL
        .iter()
        .map(|s| {
            let mut periods: BTreeMap<String, Vec<&EntryView>> = BTreeMap::new();
            for v in bulletins.iter().filter(|v| v.bulletin.as_ref().is_some_and(|b| b.series == *s)) {
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
    let values: Vec<Value> = groups.iter().map(value).collect();
    j.put_value("groups", Value::from(values.clone()));
    j.put("series", &Option::<&str>::None);
    jobs.push(j);
    for (g, v) in groups.iter().zip(values) {
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
        j.put_value("groups", Value::from(vec![v]));
        j.put("series", &Some(g.key));
        jobs.push(j);
    }
}

pub(super) fn approval_pages(model: &Model, jobs: &mut Vec<Job>, items: &[&EntryView], changes: &[ChangeView]) {
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
    let mut by_dept: Vec<(&str, Vec<&EntryView>)> = by_dept.into_iter().collect();
    by_dept.sort_by(|a, b| model.dept_key(a.0).cmp(&model.dept_key(b.0)));
    let groups: Vec<Value> = by_dept
        .into_iter()
        .map(|(d, v)| {
            record(vec![
                ("department", Value::from(d)),
                ("url", Value::from(model.term_url("departments", d))),
                ("entries", model.list(&v)),
            ])
        })
        .collect();
    j.put_value("groups", Value::from(groups));
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
    #[derive(Serialize)]
    struct Day<'a> {
        date: &'a str,
        changes: Vec<&'a ChangeView>,
    }
    let days: Vec<Day> = by_date.into_iter().rev().map(|(date, changes)| Day { date, changes }).collect();
    j.put("days", &days);
    jobs.push(j);
}

pub(super) fn journal_pages(model: &Model, jobs: &mut Vec<Job>) {
    let journals: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == Kind::Journal).collect();
    let mut j = job(
        "/journals/",
        "journals.html",
        meta("电子刊物", "/journals/", "电子刊物", "信息公开", "journals", crumbs(&[("电子刊物", "/journals/")])),
    );
    j.put_value("journals", model.list(&journals));
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
        j.put_full(model, "entry", jv.idx);
        let years: Vec<Value> = years
            .into_iter()
            .rev()
            .map(|(y, v)| record(vec![("year", Value::from(y)), ("entries", model.list(&v))]))
            .collect();
        j.put_value("years", Value::from(years));
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
            j.put_full(model, "entry", iv.idx);
            jobs.push(j);
        }
    }
}

pub(super) fn taxonomy_pages(model: &Model, jobs: &mut Vec<Job>) {
    #[derive(Serialize)]
    struct TermLink {
        title: String,
        url: String,
        count: usize,
    }
    for (tax, label, terms) in [("departments", "发布机构", &model.departments), ("topics", "主题分类", &model.topics)]
    {
        let base = format!("/{tax}/");
        let mut ordered: Vec<&Term> = terms.values().collect();
        if tax == "departments" {
            ordered.sort_by(|a, b| model.dept_key(&a.name).cmp(&model.dept_key(&b.name)));
        }
        let list: Vec<TermLink> = ordered
            .into_iter()
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
            paginated(jobs, model, spec, &entries, TERM_PER_PAGE, "term.html");
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
        paginated(jobs, model, spec, &entries, TERM_PER_PAGE, "term.html");
    }
}

fn newest_first(mut v: Vec<&EntryView>) -> Vec<&EntryView> {
    v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    v
}

/// The standalone 办结期限计算器 at `/tools/deadline/`, with links to the site's contact page
/// and 信息公开指南 when it publishes them (free pages at `/contact/` and `/guide/`).
pub(super) fn tool_pages(model: &Model, jobs: &mut Vec<Job>) {
    let url = "/tools/deadline/";
    let mut j = job(
        url,
        "tool_deadline.html",
        meta("办结期限计算器", url, "办结期限计算器", "办事服务", "approvals", crumbs(&[("办结期限计算器", url)])),
    );
    let contacts: Vec<Link> = ["/contact/", "/guide/"]
        .iter()
        .filter_map(|u| model.views.iter().find(|v| v.kind == Kind::Page && v.url == *u && v.draft.is_empty()))
        .map(|v| Link { title: v.title.clone(), url: v.url.clone() })
        .collect();
    j.put("contacts", &contacts);
    jobs.push(j);
}
