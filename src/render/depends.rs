//! Which views and which sections of pages an edit in the preview changes: the entries that
//! show an edited one by reference, and the sections that derive more than list values from
//! an entry. Pure functions of the site; [`super::incremental`] acts on them.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::pages::{Section, SECTIONS};
use crate::content::{Entry, Kind, Meta};
use crate::site::Site;

/// Entry indices by name (`k:documents/x.md`, `n:…`, `c:…`).
pub type Index = HashMap<String, Vec<usize>>;

/// The entries that show the title of one of `edited` (by index): those that refer to it, and
/// those it refers to (their reverse links list it), as in [`dirty_views`]; and an edited
/// journal's issues (an issue's view shows its journal's title). `index`: [`reference_index`].
pub fn showing_titles(site: &Site, (by_ref, by_name): &(Index, Index), edited: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &i in edited {
        let e = &site.entries[i];
        let shows = names(e).into_iter().filter_map(|n| by_ref.get(&n));
        let shown = refs(e).into_iter().filter_map(|r| by_name.get(&r));
        out.extend(shows.chain(shown).flatten().copied());
        if e.kind == Kind::Journal {
            let journal =
                |x: &Entry| matches!(&x.meta, Meta::Issue(is) if format!("journals/{}/_index.md", is.journal) == e.key);
            out.extend(site.entries.iter().enumerate().filter(|(_, x)| journal(x)).map(|(j, _)| j));
        }
    }
    out
}

/// Entries by what they refer to, and by what they are referred to by ([`refs`], [`names`]).
pub fn reference_index(site: &Site) -> (Index, Index) {
    let (mut by_ref, mut by_name) = (Index::new(), Index::new());
    for (j, e) in site.entries.iter().enumerate() {
        refs(e).into_iter().for_each(|r| by_ref.entry(r).or_default().push(j));
        names(e).into_iter().for_each(|n| by_name.entry(n).or_default().push(j));
    }
    (by_ref, by_name)
}

/// The sections whose pages derive more from the views of `dirty` than their list values (which
/// [`super::pages::render_planned`] puts in place): planned again after an edit of what they show.
/// `lengths`: a document's length changed (the statistics count it).
pub fn derived_sections(site: &Site, dirty: &[usize], lengths: bool) -> Vec<Section> {
    let mut out = Vec::new();
    if lengths {
        out.push(Section::Statistics);
    }
    for &i in dirty {
        out.extend_from_slice(match site.entries[i].kind {
            // Lists show documents by their values; bulletins are grouped by series and period.
            Kind::Document => &[],
            Kind::Bulletin => &[Section::Bulletins],
            // The change log and the headline figures copy items' titles and figures.
            Kind::Approval => &[Section::Home, Section::Approvals],
            // The deadline tool links the contact and guide pages, the site map free pages.
            Kind::Page => &[Section::Tools, Section::Sitemap],
            // Journal and issue pages show their bodies; the site map lists journals.
            Kind::Journal | Kind::Issue => &[Section::Journals, Section::Sitemap, Section::Home],
            // Task lists group by source, and the statistics count tasks.
            Kind::Task => &[Section::Tasks, Section::Statistics],
        });
    }
    out.sort_by_key(|s| SECTIONS.iter().position(|x| x == s));
    out.dedup();
    out
}

/// The entries whose views can differ after `changed` changed from `old` to `site`, or `None`
/// when the edit changes something site-wide (see the module comment).
pub fn dirty_views(old: &Site, site: &Site, model: &super::bodies::Model, changed: &[String]) -> Option<Vec<usize>> {
    let same_entries = old.entries.len() == site.entries.len()
        && old.entries.iter().zip(&site.entries).all(|(a, b)| a.key == b.key)
        && old.urls.by_index == site.urls.by_index
        && old.drafts == site.drafts
        && old.options.now == site.options.now
        && old.assets == site.assets
        && old.withheld_assets == site.withheld_assets
        && keys(&old.withheld_keys) == keys(&site.withheld_keys);
    if !same_entries {
        return None;
    }
    let idx: Vec<usize> = changed.iter().filter_map(|k| site.by_key.get(k).copied()).collect();
    let numbered = |s: &Site| -> Vec<(usize, String)> {
        s.index_numbers.iter().filter(|(i, _)| !idx.contains(i)).map(|(i, n)| (*i, n.clone())).collect()
    };
    if numbered(old) != numbered(site) {
        return None;
    }
    let depts: BTreeSet<&str> =
        site.entries.iter().filter_map(|e| e.common.department.as_ref()).map(|d| d.value.as_str()).collect();
    let topics: BTreeSet<&str> = site.entries.iter().flat_map(|e| &e.common.topics).map(String::as_str).collect();
    if !depts.iter().copied().eq(model.departments.keys().map(String::as_str))
        || !topics.iter().copied().eq(model.topics.keys().map(String::as_str))
    {
        return None;
    }
    let pairs: Vec<(&Entry, &Entry)> = idx.iter().map(|&i| (&old.entries[i], &site.entries[i])).collect();
    if pairs.iter().any(|(a, b)| matches!(a.meta, Meta::Journal(_)) || matches!(b.meta, Meta::Journal(_))) {
        return None;
    }
    let tasks = pairs.iter().any(|(a, b)| matches!(a.meta, Meta::Task(_)) || matches!(b.meta, Meta::Task(_)));
    if tasks && super::kinds::lead_slugs(old) != super::kinds::lead_slugs(site) {
        return None;
    }
    let mut dirty: BTreeSet<usize> = idx.iter().copied().collect();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut targets: HashSet<String> = HashSet::new();
    for (a, b) in &pairs {
        let shown = |e: &Entry| (e.common.title.value.clone(), e.common.department.as_ref().map(|d| d.value.clone()));
        if names(a) == names(b) && shown(a) == shown(b) && refs(a) == refs(b) {
            continue;
        }
        wanted.extend(names(a).into_iter().chain(names(b)));
        targets.extend(refs(a).into_iter().chain(refs(b)));
    }
    if !wanted.is_empty() || !targets.is_empty() {
        for (j, e) in site.entries.iter().enumerate() {
            if refs(e).iter().any(|r| wanted.contains(r)) || names(e).iter().any(|n| targets.contains(n)) {
                dirty.insert(j);
            }
        }
    }
    Some(dirty.into_iter().collect())
}

fn keys<V>(m: &HashMap<String, V>) -> BTreeSet<&str> {
    m.keys().map(String::as_str).collect()
}

/// What other entries refer to an entry by: its key, a document's 文号, an item's 事项编码.
fn names(e: &Entry) -> Vec<String> {
    let mut out = vec![format!("k:{}", e.key)];
    match &e.meta {
        Meta::Document(d) => {
            if let Some(n) = &d.doc_number {
                out.push(format!("n:{}", number(&n.value)));
            }
        }
        Meta::Approval(a) => out.push(format!("c:{}", a.code.value.trim().to_lowercase())),
        _ => {}
    }
    out
}

/// What an entry refers to, in the form of [`names`].
fn refs(e: &Entry) -> Vec<String> {
    let key = |k: &str| format!("k:{k}");
    let mut out = Vec::new();
    match &e.meta {
        Meta::Document(d) => {
            out.extend(d.amended_by.iter().chain(&d.replaced_by).chain(&d.interprets).map(|r| key(&r.key)));
        }
        Meta::Issue(is) => out.extend(is.contents.iter().map(|r| key(&r.key))),
        Meta::Task(t) => {
            if let Some(crate::content::TaskSource::Ref(r)) = &t.source {
                out.push(key(&r.key));
            }
        }
        Meta::Approval(a) => {
            for c in &a.history {
                out.extend(c.decision.iter().map(|d| format!("n:{}", number(d))));
                out.extend(c.to.iter().map(|t| format!("c:{}", t.trim().to_lowercase())));
            }
        }
        _ => {}
    }
    out.sort();
    out
}

fn number(n: &str) -> String {
    crate::content::docnum::normalise(n).unwrap_or_else(|| n.to_string())
}
