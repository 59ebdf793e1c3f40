//! The sitemaps: `/sitemap/`, the 网站地图 for people (every section and its published pages,
//! grouped), and `sitemap.xml` for crawlers (every published page, through the overridable
//! `sitemap.xml` template).
//!
//! Built from the model like every other page, so a withheld entry cannot appear in either.

use serde::Serialize;
use tera::Context;

use super::bodies::{Model, Term};
use super::job::{crumbs, job, meta, Job};
use super::templates::Theme;
use super::views::{EntryView, Link};
use super::Sink;
use crate::content::{Kind, Series};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

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

/// The most URLs one sitemap file may list (the sitemaps.org protocol); past it, `sitemap.xml`
/// becomes a sitemap index of `sitemap-1.xml`, `sitemap-2.xml`, ...
const SITEMAP_LIMIT: usize = 50_000;

/// A `<loc>` and its `<lastmod>` (empty when unknown), as `sitemap.xml` receives them.
#[derive(Serialize, Debug, PartialEq)]
struct Loc {
    loc: String,
    lastmod: String,
}

/// What `sitemap.xml` receives: the pages of one file (`urls`), or for a sitemap index its
/// parts (`parts`, then `urls` is empty).
#[derive(Serialize, Debug, Default)]
struct SitemapFile {
    urls: Vec<Loc>,
    parts: Vec<Loc>,
}

/// Write `sitemap.xml` (and its parts past the limit) through the `sitemap.xml` template.
/// `pages` are the site paths of every planned page that is not an entry's own (sections,
/// taxonomies, every page of every paginated list): the list the renderer itself writes, so
/// the two never disagree.
pub(super) fn write_xml(
    site: &Site,
    theme: &Theme,
    model: &Model,
    pages: &[&str],
    out: &dyn Sink,
) -> Result<(), Diagnostic> {
    let base = site.config.base_url.as_str();
    for (path, file) in sitemap_files(base, &sitemap_urls(model, pages), SITEMAP_LIMIT) {
        let mut ctx = Context::new();
        ctx.insert("urls", &file.urls);
        ctx.insert("parts", &file.parts);
        let bytes = theme.xml("sitemap.xml", &ctx).map_err(|e| {
            Diagnostic::error(
                "templates/sitemap.xml",
                0,
                0,
                crate::messages::render::template_failed(&format!("/{path}"), &e.to_string()),
            )
        })?;
        out.add(path, bytes);
    }
    Ok(())
}

/// Every published page for the sitemap, as (site path, last modified date): the planned
/// pages in their order, then the entries' own pages (with their dates) in path order.
fn sitemap_urls(model: &Model, pages: &[&str]) -> Vec<(String, Option<String>)> {
    let mut entries: Vec<(String, Option<String>)> =
        model.views.iter().filter(|v| v.draft.is_empty()).map(|v| (v.url.clone(), Some(v.date.clone()))).collect();
    entries.sort();
    let dated: std::collections::HashSet<&str> = entries.iter().map(|(u, _)| u.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    let planned: Vec<(String, Option<String>)> = pages
        .iter()
        .filter(|p| p.ends_with('/') && !dated.contains(**p) && seen.insert(**p))
        .map(|p| (p.to_string(), None))
        .collect();
    planned.into_iter().chain(entries).collect()
}

/// `sitemap.xml`, or past `limit` URLs a sitemap index and its numbered parts.
fn sitemap_files(base: &str, urls: &[(String, Option<String>)], limit: usize) -> Vec<(String, SitemapFile)> {
    let locs = |part: &[(String, Option<String>)]| -> Vec<Loc> {
        part.iter().map(|(u, d)| Loc { loc: format!("{base}{u}"), lastmod: d.clone().unwrap_or_default() }).collect()
    };
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), SitemapFile { urls: locs(urls), parts: Vec::new() })];
    }
    let mut files = Vec::new();
    let mut index = SitemapFile::default();
    for (n, part) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let lastmod = part.iter().filter_map(|(_, d)| d.as_deref()).max().unwrap_or_default().to_string();
        index.parts.push(Loc { loc: format!("{base}/{name}"), lastmod });
        files.push((name, SitemapFile { urls: locs(part), parts: Vec::new() }));
    }
    files.push(("sitemap.xml".to_string(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in template, rendered as the theme renders it (autoescaped).
    fn render(file: &SitemapFile) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".xml"]);
        tera.add_raw_template("sitemap.xml", include_str!("../../themes/default/templates/sitemap.xml")).unwrap();
        let mut ctx = Context::new();
        ctx.insert("urls", &file.urls);
        ctx.insert("parts", &file.parts);
        tera.render("sitemap.xml", &ctx).unwrap()
    }

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_parts() {
        let urls: Vec<(String, Option<String>)> =
            (0..7).map(|i| (format!("/documents/d{i}/"), Some(format!("2025-01-0{}", i + 1)))).collect();
        let one = sitemap_files("https://x.gov.cn/zwgk", &urls, 7);
        assert_eq!(one.len(), 1);
        assert_eq!(render(&one[0].1).matches("<url>").count(), 7);
        let split = sitemap_files("https://x.gov.cn/zwgk", &urls, 3);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
        let index = render(&split[3].1);
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains(
                "<sitemap><loc>https://x.gov.cn/zwgk/sitemap-2.xml</loc><lastmod>2025-01-06</lastmod></sitemap>"
            ),
            "{index}"
        );
        let parts: Vec<String> = split[..3].iter().map(|(_, f)| render(f)).collect();
        assert_eq!(parts.iter().map(|x| x.matches("<url>").count()).sum::<usize>(), 7);
        assert!(parts.iter().all(|x| x.matches("<url>").count() <= 3));
    }

    #[test]
    fn the_template_writes_what_the_protocol_expects() {
        let file = SitemapFile {
            urls: vec![
                Loc { loc: "https://x.gov.cn/".into(), lastmod: String::new() },
                Loc { loc: "https://x.gov.cn/a&b/".into(), lastmod: "2025-01-02".into() },
            ],
            parts: Vec::new(),
        };
        assert_eq!(
            render(&file),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <url><loc>https://x.gov.cn/</loc></url>\n\
             <url><loc>https://x.gov.cn/a&amp;b/</loc><lastmod>2025-01-02</lastmod></url>\n</urlset>\n"
        );
    }
}
