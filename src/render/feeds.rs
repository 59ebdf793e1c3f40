//! Atom feeds and `robots.txt`. Each feed is the `feed.xml` template (overridable like every
//! page, docs/templates.md) given the feed's head and its entries; tera escapes every value.
//!
//! Feed timestamps come from entry dates, never the clock, so two builds are byte-identical.

use serde::Serialize;
use tera::Context;

use super::bodies::Model;
use super::templates::Theme;
use super::views::{ChangeView, EntryView, ProgressView};
use super::Sink;
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

const FEED_SIZE: usize = 50;

/// What `feed.xml` receives as `feed`: the feed's title, its permanent id (its own absolute
/// URL, also the `rel="self"` link), the page it mirrors, the newest entry's date and author.
#[derive(Serialize)]
struct Head {
    title: String,
    id: String,
    alternate: String,
    updated: String,
    author: String,
}

/// One entry of a feed (`entries` in `feed.xml`). `id` and `url` are absolute; `author` and
/// `summary` are left out (null) where that feed has none.
#[derive(Serialize)]
struct Item {
    title: String,
    id: String,
    url: String,
    updated: String,
    author: Option<String>,
    summary: Option<String>,
}

/// Write every feed and `robots.txt`; a feed template that fails to render is reported.
pub fn write(site: &Site, theme: &Theme, model: &Model, diags: &mut Diagnostics, out: &dyn Sink) {
    let base = site.config.base_url.as_str();
    let mut put = |path: String, head: Head, items: Vec<Item>| match render(theme, &path, head, items) {
        Ok(bytes) => out.add(path, bytes),
        Err(d) => diags.push(d),
    };
    let latest = |pred: &dyn Fn(&EntryView) -> bool| -> Vec<&EntryView> {
        let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.draft.is_empty() && pred(v)).collect();
        v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
        v.truncate(FEED_SIZE);
        v
    };
    let all = latest(&|v| matches!(v.kind, Kind::Document | Kind::Bulletin | Kind::Issue));
    let (h, items) = atom(site, &site.config.title, "/feed.xml", "/", &all);
    put("feed.xml".into(), h, items);
    for (section, kind, title) in [("documents", Kind::Document, "政府文件"), ("bulletins", Kind::Bulletin, "通报")]
    {
        let items = latest(&|v| v.kind == kind);
        let title = format!("{} · {title}", site.config.title);
        let (h, items) = atom(site, &title, &format!("/{section}/feed.xml"), &format!("/{section}/"), &items);
        put(format!("{section}/feed.xml"), h, items);
    }
    for j in model.views.iter().filter(|v| v.kind == Kind::Journal && v.draft.is_empty()) {
        let items = latest(&|v| v.issue.as_ref().is_some_and(|i| i.journal.url == j.url));
        let path = format!("{}feed.xml", j.url);
        let (h, items) = atom(site, &j.title, &path, &j.url, &items);
        put(path.trim_start_matches('/').to_string(), h, items);
    }
    let (h, items) = changes_feed(site, model);
    put("approvals/feed.xml".into(), h, items);
    let (h, items) = tasks_feed(site, model);
    put("tasks/feed.xml".into(), h, items);
    // Crawlers read robots.txt only at the domain root: under a path, merge these lines into
    // the domain's own file (docs/deploy.md).
    let root = site.config.base_url.root();
    out.add("robots.txt", format!("User-agent: *\nAllow: {root}\n\nSitemap: {base}/sitemap.xml\n"));
}

/// `feed.xml` rendered with this head and these entries.
fn render(theme: &Theme, path: &str, head: Head, items: Vec<Item>) -> Result<Vec<u8>, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert("feed", &head);
    ctx.insert("entries", &items);
    theme.xml("feed.xml", &ctx).map_err(|e| {
        Diagnostic::error(
            "templates/feed.xml",
            0,
            0,
            crate::messages::render::template_failed(&format!("/{path}"), &e.to_string()),
        )
    })
}

/// The head of a feed: its title, permanent id (the feed's own URL), links and date.
fn head(site: &Site, title: &str, self_path: &str, alt_path: &str, updated: &str) -> Head {
    let base = site.config.base_url.as_str();
    Head {
        title: title.to_string(),
        id: format!("{base}{self_path}"),
        alternate: format!("{base}{alt_path}"),
        updated: updated.to_string(),
        author: site.config.title.clone(),
    }
}

fn atom(site: &Site, title: &str, self_path: &str, alt_path: &str, items: &[&EntryView]) -> (Head, Vec<Item>) {
    let base = site.config.base_url.as_str();
    let updated = items.iter().map(|v| v.date.as_str()).max().unwrap_or("2000-01-01");
    let entries = items
        .iter()
        .map(|v| Item {
            title: v.title.clone(),
            id: format!("{base}{}", v.url),
            url: format!("{base}{}", v.url),
            updated: v.date.clone(),
            author: Some(if v.department.is_empty() { site.config.title.clone() } else { v.department.clone() }),
            summary: (!v.summary.is_empty()).then(|| v.summary.clone()),
        })
        .collect();
    (head(site, title, self_path, alt_path, updated), entries)
}

/// The approval catalogue's change log as a feed, one entry per change.
fn changes_feed(site: &Site, model: &Model) -> (Head, Vec<Item>) {
    let base = site.config.base_url.as_str();
    let mut changes: Vec<(&EntryView, &ChangeView)> = model
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
    let entries = changes
        .iter()
        .map(|(v, c)| {
            let mut detail = c.text();
            if !c.decision.is_empty() {
                detail.push_str(&format!("（依据 {}）", c.decision));
            }
            // The id is what the change is (item, date, kind, ordinal that day), never its position.
            let id = format!("{base}{}#{}", v.url, c.anchor);
            Item {
                title: format!("{}：{}", c.change_label, v.title),
                url: id.clone(),
                id,
                updated: c.date.clone(),
                author: None,
                summary: Some(detail),
            }
        })
        .collect();
    (head(site, &title, "/approvals/feed.xml", "/approvals/changes/", updated), entries)
}

/// `/tasks/feed.xml`: one entry per progress update, newest first. An entry's id is the task's
/// URL with `#progress-<date>-<ordinal that day>`: it never depends on the feed's order.
fn tasks_feed(site: &Site, model: &Model) -> (Head, Vec<Item>) {
    let base = site.config.base_url.as_str();
    let mut updates: Vec<(&EntryView, &ProgressView)> = model
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
    let entries = updates
        .into_iter()
        .map(|(v, p)| {
            let lead = v.task.as_ref().map_or("", |t| t.lead.as_str());
            let summary = if p.note.is_empty() {
                format!("完成 {}%", p.percent)
            } else {
                format!("完成 {}%：{}", p.percent, p.note)
            };
            let id = format!("{base}{}#{}", v.url, p.id);
            Item {
                title: format!("{}：进度 {}%", v.title, p.percent),
                url: id.clone(),
                id,
                updated: p.date.clone(),
                author: Some(lead.to_string()),
                summary: Some(summary),
            }
        })
        .collect();
    (head(site, &title, "/tasks/feed.xml", "/tasks/", updated), entries)
}
