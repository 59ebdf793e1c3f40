//! Atom feeds, `sitemap.xml` and `robots.txt`, written directly (no template: XML escaping is ours).
//!
//! Feed timestamps come from entry dates, never the clock, so two builds are byte-identical.

use super::bodies::Model;
use super::formats::esc;
use super::views::EntryView;
use super::Sink;
use crate::content::Kind;
use crate::site::Site;

const FEED_SIZE: usize = 50;

pub fn write(site: &Site, model: &Model, out: &dyn Sink) {
    let base = site.config.base_url.as_str();
    let latest = |pred: &dyn Fn(&EntryView) -> bool| -> Vec<&EntryView> {
        let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.draft.is_empty() && pred(v)).collect();
        v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
        v.truncate(FEED_SIZE);
        v
    };
    let all = latest(&|v| matches!(v.kind, Kind::Document | Kind::Bulletin | Kind::Issue));
    out.add("feed.xml", atom(site, &site.config.title, "/feed.xml", "/", &all));
    for (section, kind, title) in [("documents", Kind::Document, "政府文件"), ("bulletins", Kind::Bulletin, "通报")]
    {
        let items = latest(&|v| v.kind == kind);
        out.add(
            format!("{section}/feed.xml"),
            atom(
                site,
                &format!("{} · {title}", site.config.title),
                &format!("/{section}/feed.xml"),
                &format!("/{section}/"),
                &items,
            ),
        );
    }
    for j in model.views.iter().filter(|v| v.kind == Kind::Journal && v.draft.is_empty()) {
        let items = latest(&|v| v.issue.as_ref().is_some_and(|i| i.journal.url == j.url));
        let path = format!("{}feed.xml", j.url);
        out.add(path.trim_start_matches('/').to_string(), atom(site, &j.title, &path, &j.url, &items));
    }
    out.add("approvals/feed.xml", changes_feed(site, model));
    out.add("tasks/feed.xml", tasks_feed(site, model));
    // Crawlers read robots.txt only at the domain root: under a path, merge these lines into
    // the domain's own file (docs/deploy.md).
    let root = site.config.base_url.root();
    out.add("robots.txt", format!("User-agent: *\nAllow: {root}\n\nSitemap: {base}/sitemap.xml\n"));
}

/// The start of an Atom feed: its title, permanent id (the feed's own URL), links and date.
pub(super) fn head(site: &Site, title: &str, self_path: &str, alt_path: &str, updated: &str) -> String {
    let base = site.config.base_url.as_str();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n\
         <title>{}</title>\n<id>{base}{self_path}</id>\n<link rel=\"self\" href=\"{base}{self_path}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}{alt_path}\"/>\n\
         <updated>{updated}T00:00:00+08:00</updated>\n<author><name>{}</name></author>\n",
        esc(title),
        esc(&site.config.title)
    )
}

fn atom(site: &Site, title: &str, self_path: &str, alt_path: &str, items: &[&EntryView]) -> String {
    let base = site.config.base_url.as_str();
    let updated = items.iter().map(|v| v.date.as_str()).max().unwrap_or("2000-01-01");
    let mut x = head(site, title, self_path, alt_path, updated);
    for v in items {
        x.push_str(&format!(
            "<entry><title>{}</title><id>{base}{}</id><link href=\"{base}{}\"/><updated>{}T00:00:00+08:00</updated><author><name>{}</name></author>",
            esc(&v.title),
            v.url,
            v.url,
            v.date,
            esc(if v.department.is_empty() { &site.config.title } else { &v.department })
        ));
        if !v.summary.is_empty() {
            x.push_str(&format!("<summary>{}</summary>", esc(&v.summary)));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The approval catalogue's change log as a feed, one entry per change.
fn changes_feed(site: &Site, model: &Model) -> String {
    let base = site.config.base_url.as_str();
    let mut changes: Vec<(&EntryView, &super::views::ChangeView)> = model
        .views
        .iter()
        .filter(|v| v.draft.is_empty())
        .filter_map(|v| v.item.as_ref().map(|i| (v, i)))
        .flat_map(|(v, i)| i.history.iter().map(move |c| (v, c)))
        .collect();
    changes.sort_by(|a, b| (&b.1.date, &a.0.url).cmp(&(&a.1.date, &b.0.url)));
    changes.truncate(FEED_SIZE * 2);
    let updated = changes.first().map_or("2000-01-01", |c| c.1.date.as_str());
    let title = format!("{} · 审批事项变更", site.config.title);
    let mut x = head(site, &title, "/approvals/feed.xml", "/approvals/changes/", updated);
    for (v, c) in &changes {
        let mut detail = c.text();
        if !c.decision.is_empty() {
            detail.push_str(&format!("（依据 {}）", c.decision));
        }
        // The id is what the change is (item, date, kind, ordinal that day), never its position.
        x.push_str(&format!(
            "<entry><title>{}：{}</title><id>{base}{}#{}</id><link href=\"{base}{}#{}\"/><updated>{}T00:00:00+08:00</updated><summary>{}</summary></entry>\n",
            esc(c.change_label),
            esc(&v.title),
            v.url,
            c.anchor,
            v.url,
            c.anchor,
            c.date,
            esc(&detail)
        ));
    }
    x.push_str("</feed>\n");
    x
}

/// `/tasks/feed.xml`: one entry per progress update, newest first. An entry's id is the task's
/// URL with `#progress-<date>-<ordinal that day>`: it never depends on the feed's order.
fn tasks_feed(site: &Site, model: &Model) -> String {
    let base = site.config.base_url.as_str();
    let mut updates: Vec<(&EntryView, &super::views::ProgressView)> = model
        .views
        .iter()
        .filter(|v| v.draft.is_empty())
        .filter_map(|v| v.task.as_ref().map(|t| (v, t)))
        .flat_map(|(v, t)| t.progress.iter().map(move |p| (v, p)))
        .collect();
    updates.sort_by(|a, b| (&b.1.date, &a.0.url, &b.1.id).cmp(&(&a.1.date, &b.0.url, &a.1.id)));
    updates.truncate(100);
    let updated = updates.first().map_or("2000-01-01", |u| u.1.date.as_str());
    let title = format!("{} · 重点工作任务进展", site.config.title);
    let mut x = head(site, &title, "/tasks/feed.xml", "/tasks/", updated);
    for (v, p) in updates {
        let lead = v.task.as_ref().map_or("", |t| t.lead.as_str());
        let summary = if p.note.is_empty() {
            format!("完成 {}%", p.percent)
        } else {
            format!("完成 {}%：{}", p.percent, p.note)
        };
        x.push_str(&format!(
            "<entry><title>{}：进度 {}%</title><id>{base}{}#{}</id><link href=\"{base}{}#{}\"/><updated>{}T00:00:00+08:00</updated><author><name>{}</name></author><summary>{}</summary></entry>\n",
            esc(&v.title),
            p.percent,
            v.url,
            p.id,
            v.url,
            p.id,
            p.date,
            esc(lead),
            esc(&summary)
        ));
    }
    x.push_str("</feed>\n");
    x
}

/// The most URLs one sitemap file may list (the sitemaps.org protocol); past it, `sitemap.xml`
/// becomes a sitemap index of `sitemap-1.xml`, `sitemap-2.xml`, ...
const SITEMAP_LIMIT: usize = 50_000;

/// Write `sitemap.xml` (and its parts past the limit). `pages` are the site paths of every
/// planned page that is not an entry's own (sections, taxonomies, every page of every
/// paginated list): the list the renderer itself writes, so the two never disagree.
pub fn write_sitemap(site: &Site, model: &Model, pages: &[&str], out: &dyn Sink) {
    for (path, xml) in sitemaps(site.config.base_url.as_str(), &sitemap_urls(model, pages), SITEMAP_LIMIT) {
        out.add(path, xml);
    }
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
fn sitemaps(base: &str, urls: &[(String, Option<String>)], limit: usize) -> Vec<(String, String)> {
    let urlset = |part: &[(String, Option<String>)]| {
        let mut x = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (url, date) in part {
            match date {
                Some(d) => x.push_str(&format!("<url><loc>{base}{}</loc><lastmod>{d}</lastmod></url>\n", esc(url))),
                None => x.push_str(&format!("<url><loc>{base}{}</loc></url>\n", esc(url))),
            }
        }
        x.push_str("</urlset>\n");
        x
    };
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, part) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let lastmod = part.iter().filter_map(|(_, d)| d.as_deref()).max();
        index.push_str(&format!("<sitemap><loc>{base}/{name}</loc>"));
        if let Some(d) = lastmod {
            index.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_parts() {
        let urls: Vec<(String, Option<String>)> =
            (0..7).map(|i| (format!("/documents/d{i}/"), Some(format!("2025-01-0{}", i + 1)))).collect();
        let one = sitemaps("https://x.gov.cn/zwgk", &urls, 7);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1.matches("<url>").count(), 7);
        let split = sitemaps("https://x.gov.cn/zwgk", &urls, 3);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
        let index = &split[3].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains(
                "<sitemap><loc>https://x.gov.cn/zwgk/sitemap-2.xml</loc><lastmod>2025-01-06</lastmod></sitemap>"
            ),
            "{index}"
        );
        assert_eq!(split[..3].iter().map(|(_, x)| x.matches("<url>").count()).sum::<usize>(), 7);
        assert!(split[..3].iter().all(|(_, x)| x.matches("<url>").count() <= 3));
    }
}
