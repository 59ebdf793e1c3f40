//! `/sitemap/`: the 网站地图 for people, every section and its published pages, grouped.
//!
//! Built from the model like every other page, so a withheld entry cannot appear in it.

use serde::Serialize;

use super::bodies::{Model, Term};
use super::job::{crumbs, job, meta, Job};
use super::views::{EntryView, Link};
use crate::content::{Kind, Series};

/// One group of the map: a heading, its own page, and the pages under it.
#[derive(Serialize)]
struct Group {
    title: String,
    url: String,
    links: Vec<Link>,
}

fn link(title: impl Into<String>, url: impl Into<String>) -> Link {
    Link { title: title.into(), url: url.into() }
}

fn group(title: &str, url: &str, links: Vec<Link>) -> Group {
    Group { title: title.into(), url: url.into(), links }
}

/// Published entries of `kind`, in title order.
fn published(model: &Model, kind: Kind) -> Vec<&EntryView> {
    let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == kind && v.draft.is_empty()).collect();
    v.sort_by(|a, b| (&a.title, &a.url).cmp(&(&b.title, &b.url)));
    v
}

/// The taxonomy's terms that list at least one published entry.
fn terms<'a>(model: &Model, terms: impl Iterator<Item = &'a Term>, base: &str) -> Vec<Link> {
    terms
        .filter(|t| t.entries.iter().any(|&i| model.views[i].draft.is_empty()))
        .map(|t| link(t.name.as_str(), format!("{base}{}/", t.slug)))
        .collect()
}

fn groups(model: &Model) -> Vec<Group> {
    let entry_links = |kind: Kind| -> Vec<Link> {
        published(model, kind).into_iter().map(|v| link(v.title.as_str(), v.url.as_str())).collect()
    };
    let series = Series::ALL.iter().map(|s| link(s.label(), format!("/bulletins/{}/", s.key()))).collect();
    let mut departments: Vec<&Term> = model.departments.values().collect();
    departments.sort_by(|a, b| model.dept_key(&a.name).cmp(&model.dept_key(&b.name)));
    let years = model
        .years
        .iter()
        .rev()
        .filter(|(_, idx)| idx.iter().any(|&i| model.views[i].draft.is_empty()))
        .map(|(y, _)| link(format!("{y}年"), format!("/years/{y}/")))
        .collect();
    vec![
        group("首页", "/", Vec::new()),
        group("政府文件", "/documents/", vec![link("信息公开目录", "/catalog/")]),
        group("通报", "/bulletins/", series),
        group("审批时限索引", "/approvals/", vec![link("审批事项变更记录", "/approvals/changes/")]),
        group("电子刊物", "/journals/", entry_links(Kind::Journal)),
        group("重点任务", "/tasks/", Vec::new()),
        group("发文统计", "/statistics/", Vec::new()),
        group("发布机构", "/departments/", terms(model, departments.into_iter(), "/departments/")),
        group("主题分类", "/topics/", terms(model, model.topics.values(), "/topics/")),
        group("年度", "/years/", years),
        group("其他页面", "", entry_links(Kind::Page)),
        group("站内搜索", "/search/", Vec::new()),
    ]
    .into_iter()
    .filter(|g| !g.url.is_empty() || !g.links.is_empty())
    .collect()
}

/// Plan `/sitemap/`.
pub(super) fn page(model: &Model, jobs: &mut Vec<Job>) {
    let mut j = job(
        "/sitemap/",
        "sitemap.html",
        meta("网站地图", "/sitemap/", "网站地图", "其他", "sitemap", crumbs(&[("网站地图", "/sitemap/")])),
    );
    j.put("groups", &groups(model));
    jobs.push(j);
}
