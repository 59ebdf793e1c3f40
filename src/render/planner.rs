//! The page planner: which pages the portal has, by [`Section`], each section planned on its
//! own (the preview plans again only the sections an edit can change, see [`super::pages`]).

use rayon::prelude::*;

use super::bodies::Model;
use super::job::{crumbs, job, meta, paginated, sorted_by_date, Job, ListSpec};
use super::sections::{all_changes, approval_pages, bulletin_pages, home, journal_pages, taxonomy_pages, tool_pages};
use super::views::EntryView;
use super::Sink;
use crate::content::Kind;
use crate::site::Site;

const PER_PAGE: usize = 20;
const CATALOG_PER_PAGE: usize = 50;

/// A group of pages the planner makes on its own; [`SECTIONS`] is the plan's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Home,
    Documents,
    Catalog,
    Validity,
    Bulletins,
    Approvals,
    Tools,
    Journals,
    Taxonomies,
    Tasks,
    Statistics,
    Sitemap,
    Search,
    NotFound,
}

pub const SECTIONS: [Section; 14] = [
    Section::Home,
    Section::Documents,
    Section::Catalog,
    Section::Validity,
    Section::Bulletins,
    Section::Approvals,
    Section::Tools,
    Section::Journals,
    Section::Taxonomies,
    Section::Tasks,
    Section::Statistics,
    Section::Sitemap,
    Section::Search,
    Section::NotFound,
];

/// The pages of each section `wanted` answers yes for, in plan order. Sections are independent:
/// planned on every core.
pub(super) fn plan(
    site: &Site,
    model: &Model,
    wanted: &(dyn Fn(Section) -> bool + Sync),
    out: &dyn Sink,
) -> Vec<(Section, Vec<Job>)> {
    plan_with(site, model, wanted, out, &|_, jobs| jobs)
}

/// Plan each section `wanted` answers yes for and hand its pages to `then` as soon as the
/// section is planned (a build renders them there and drops them, so it never holds every
/// page's job at once); what `then` returns, in plan order.
pub(super) fn plan_with<T: Send>(
    site: &Site,
    model: &Model,
    wanted: &(dyn Fn(Section) -> bool + Sync),
    out: &dyn Sink,
    then: &(dyn Fn(Section, Vec<Job>) -> T + Sync),
) -> Vec<(Section, T)> {
    use std::sync::OnceLock;
    // What several sections share, computed once if any of them is planned.
    let (docs_once, bulletins_once, changes_once) = (OnceLock::new(), OnceLock::new(), OnceLock::new());
    let docs = || docs_once.get_or_init(|| sorted_by_date(model, Kind::Document));
    let bulletins = || bulletins_once.get_or_init(|| sorted_by_date(model, Kind::Bulletin));
    let changes = || changes_once.get_or_init(|| all_changes(model));
    let list =
        |base, title, section| ListSpec {
            base, title, column: title, ctype: "信息公开", section, parents: Vec::new()
        };
    let one = |j: &mut Vec<Job>, s: Section| match s {
        Section::Home => home(site, model, docs(), bulletins(), changes(), j),
        Section::Documents => {
            paginated(j, model, list("/documents/", "政府文件", "documents"), docs(), PER_PAGE, "list.html")
        }
        Section::Catalog => {
            let spec = list("/catalog/", "信息公开目录", "catalog");
            paginated(j, model, spec, docs(), CATALOG_PER_PAGE, "catalog.html")
        }
        Section::Validity => validity_catalogs(model, j, docs()),
        Section::Bulletins => bulletin_pages(model, j, bulletins()),
        Section::Approvals => approval_pages(model, j, &sorted_by_date(model, Kind::Approval), changes()),
        Section::Tools => tool_pages(model, j),
        Section::Journals => journal_pages(model, j),
        Section::Taxonomies => taxonomy_pages(model, j),
        Section::Tasks => super::tasks::pages(site, model, j),
        Section::Statistics => super::statistics::page(site, model, j, out),
        Section::Sitemap => super::sitemap::page(model, j),
        Section::Search => {
            let mut search = job(
                "/search/",
                "search.html",
                meta("站内搜索", "/search/", "搜索", "其他", "search", crumbs(&[("站内搜索", "/search/")])),
            );
            search.put("noscript_note", &true);
            j.push(search);
        }
        Section::NotFound => {
            let mut nf = meta("页面未找到", "/404.html", "404", "其他", "", crumbs(&[]));
            nf.noindex = true;
            j.push(job("/404.html", "404.html", nf));
        }
    };
    SECTIONS
        .par_iter()
        .filter(|s| wanted(**s))
        .map(|&s| {
            let mut j = Vec::new();
            one(&mut j, s);
            (s, then(s, j))
        })
        .collect()
}

/// `/catalog/<validity>/`: the catalogue filtered by 有效性, usable without JavaScript. All four
/// exist (an empty one says so), so the links above the catalogue never break.
fn validity_catalogs(model: &Model, jobs: &mut Vec<Job>, docs: &[&EntryView]) {
    for (key, label) in [("effective", "有效"), ("amended", "已修改"), ("expired", "失效"), ("repealed", "废止")]
    {
        let subset: Vec<&EntryView> =
            docs.iter().copied().filter(|v| v.doc.as_ref().is_some_and(|d| d.validity.key() == key)).collect();
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
