//! A page to render ([`Job`]: its URL, template and context) and the helpers every page
//! planner shares: page metadata and breadcrumbs, entries by date, and lists that run over
//! several pages (with the catalogue's facets). The page planners (`pages`, `sections`,
//! `statistics`, `tasks`, `sitemap`) use this module; it uses none of them.

use super::fingerprint::Memo;
use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::bodies::{to_value, Model};
use super::views::{EntryView, Link};
use crate::content::Kind;

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

#[derive(Clone)]
pub(super) struct Job {
    pub(super) url: String,
    pub(super) template: &'static str,
    pub(super) ctx: Context,
    /// The context's keys, so the preview can fingerprint a page without rendering it.
    keys: Vec<&'static str>,
    /// Entries put in the context when the page renders ([`Job::fill`]): a build keeps no
    /// entry's value while its pages wait.
    later: Vec<(&'static str, Later)>,
}

/// What [`Job::fill`] puts in the context.
#[derive(Clone)]
enum Later {
    /// A list of entries' cards ([`Job::put_entries`]).
    Cards(Vec<u32>),
    /// An entry's full value ([`Job::put_full`]).
    Full(u32),
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

    /// Entries as the list `key`: their cards now when the model keeps them (the preview),
    /// else their indices, made into cards by [`Job::fill`] when the page renders.
    pub(super) fn put_entries(&mut self, model: &Model, key: &'static str, items: &[&EntryView]) {
        if model.keeps_cards() {
            self.put_value(key, model.list(items));
        } else {
            self.later.push((key, Later::Cards(items.iter().map(|v| v.idx as u32).collect())));
            self.keys.push(key);
        }
    }

    /// Entry `i` as its own page shows it ([`Model::full`]), as `key`: now in the preview,
    /// when the page renders in a build.
    pub(super) fn put_full(&mut self, model: &Model, key: &'static str, i: usize) {
        if model.keeps_cards() {
            self.put_value(key, model.full(i));
        } else {
            self.later.push((key, Later::Full(i as u32)));
            self.keys.push(key);
        }
    }

    /// The entries of the lists of cards [`Job::fill`] will fill in.
    pub(super) fn later(&self) -> impl Iterator<Item = u32> + '_ {
        self.later
            .iter()
            .flat_map(|(_, l)| match l {
                Later::Cards(list) => list.as_slice(),
                Later::Full(_) => &[],
            })
            .copied()
    }

    /// Put what was left for rendering in the context, each card from `card`.
    pub(super) fn fill(&mut self, model: &Model, card: &dyn Fn(usize) -> Value) {
        for (key, later) in std::mem::take(&mut self.later) {
            let value = match later {
                Later::Cards(list) => Value::from(list.into_iter().map(|i| card(i as usize)).collect::<Vec<_>>()),
                Later::Full(i) => model.full(i as usize),
            };
            self.ctx.insert_value(key, value);
        }
    }

    /// A hash of everything the template will see, and the entries whose list values the
    /// context holds (sorted); `memo` holds hashes of values already hashed (entries' list
    /// values), see [`super::fingerprint`].
    pub(super) fn fingerprint(&self, memo: &Memo) -> (u64, Vec<u32>) {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        let mut shown = Vec::new();
        self.template.hash(&mut h);
        self.url.hash(&mut h);
        for k in &self.keys {
            k.hash(&mut h);
            match self.ctx.get(k) {
                Some(v) => super::fingerprint::feed(v, memo, &mut h, &mut shown),
                None => h.write_u8(0),
            }
        }
        shown.sort_unstable();
        shown.dedup();
        (h.finish(), shown)
    }

    /// Replace, in the context, the maps whose address is a key of `new` (entries' old list
    /// values) by their new values; whether anything was replaced.
    pub(super) fn substitute(&mut self, new: &std::collections::HashMap<usize, Value>) -> bool {
        let mut any = false;
        for k in &self.keys {
            if let Some(v) = self.ctx.get(k).and_then(|v| super::fingerprint::substitute(v, new)) {
                self.ctx.insert_value(*k, v);
                any = true;
            }
        }
        any
    }
}

/// A template value with named fields (entries from [`Model::list`]: shared cards in the
/// preview, made for the page in a build): templates read `g.entries`, never `g[1]`.
pub(super) fn record(fields: Vec<(&'static str, Value)>) -> Value {
    Value::from(fields.into_iter().map(|(k, v)| (k.into(), v)).collect::<tera::Map>())
}

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

pub(super) fn sorted_by_date(model: &Model, kind: Kind) -> Vec<&EntryView> {
    let mut v: Vec<&EntryView> = model.views.iter().filter(|v| v.kind == kind).collect();
    v.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    v
}

pub(super) fn job(url: &str, template: &'static str, page: PageMeta) -> Job {
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    Job { url: url.to_string(), template, ctx, keys: vec!["page"], later: Vec::new() }
}

/// Where a paginated list lives and how it is labelled.
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
        j.put_entries(model, "entries", chunk);
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

/// One facet of the catalogue: a stable key (`dept`, `year`, `topic`, `genre`, `validity`:
/// CSS classes and the filter script use it), its heading and its values.
#[derive(Serialize)]
pub(super) struct Facet {
    key: &'static str,
    name: &'static str,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct FacetValue {
    value: String,
    count: usize,
    /// Its taxonomy page (`/years/2025/`), or empty when there is none.
    url: String,
}

/// Counts per issuer, year, topic, genre and validity, for the catalogue's facets.
pub(super) fn facets(model: &Model, docs: &[&EntryView]) -> Vec<Facet> {
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
            count(&mut maps[4], d.validity_label, format!("/catalog/{}/", d.validity.key()));
        }
    }
    let names =
        [("dept", "发文机关"), ("year", "年份"), ("topic", "主题分类"), ("genre", "体裁"), ("validity", "有效性")];
    maps.into_iter()
        .zip(names)
        .map(|(m, (key, name))| {
            let mut values: Vec<FacetValue> = m
                .into_iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(value, (count, url))| FacetValue { value, count, url })
                .collect();
            if key == "year" {
                values.reverse();
            }
            if key == "dept" {
                values.sort_by(|a, b| model.dept_key(&a.value).cmp(&model.dept_key(&b.value)));
            }
            Facet { key, name, values }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{job, page_window, Memo, PageMeta};

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
                j.fingerprint(&Memo::default()).0
            })
            .collect();
        assert_eq!(prints.len(), 1);
        let mut other = job("/a/", "page.html", PageMeta { title: "别的".into(), ..meta() });
        other.put("extra", &meta());
        assert!(!prints.contains(&other.fingerprint(&Memo::default()).0));
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
