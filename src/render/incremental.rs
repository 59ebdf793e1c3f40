//! The preview's incremental re-render: after an edit to some entries (settings and theme
//! unchanged), only the views that can have changed are computed again, and only the pages
//! whose context changed are rendered again. Two paths, from the cheaper:
//!
//! [`Live::update_shown`]: the edit changed only what entries show (title, summary, body; the
//! caller checked, see `serve/update.rs`). The views of the edited entries and of those that
//! show an edited title by reference are computed again ([`super::depends`]); of the kept plan
//! only the pages that show one of them are rendered, with the new list values in place of
//! the old, and the sections that derive more than list values from them are planned again
//! ([`super::pages::render_planned`]). Site-wide lookups are kept between such edits ([`Kept`]).
//!
//! [`Live::update`]: anything else that keeps the set of visible entries. Which views: the
//! edited entries', and, when an edit changes what other entries show of it (title,
//! department, 文号, 事项编码) or what it links to, those of the entries that show it by
//! reference (`interprets`, `replaced_by`, `amended_by`, issue contents, task sources,
//! approval decisions by 文号, merges by 事项编码) and of those it refers to (their reverse
//! links list it). When an edit changes anything site-wide — which entries are visible, a URL,
//! a draft status, the withheld files, the department or topic names, task leads, derived
//! 索引号, a journal — it declines and the preview renders everything (bodies and unchanged
//! pages still come from its cache). Which pages: every page is planned again and
//! fingerprinted with each entry's value hashed once ([`super::fingerprint`]); a page whose
//! fingerprint is unchanged is not rendered; the new plan is kept.
//!
//! Of the entries' own pages, only those of the views computed again are rendered. Feeds,
//! exports, the sitemap (and sections left for later) and the search index follow in
//! [`Live::others`] and [`Live::search_job`].

use std::collections::{BTreeSet, HashMap};

use super::bodies::{self, Lookups};
use super::depends::{self, derived_sections, dirty_views, reference_index};
use super::fingerprint::{self, Memo};
use super::pages::Section;
use super::{pages, Cache, Collect, Live, OutFile, Output, Sink};
use crate::content::Meta;
use crate::diagnostics::{Diagnostics, Severity};
use crate::site::Site;

/// What an incremental update changed.
pub struct Delta {
    /// Files written again (pages, attachments, statistics tables), by output path.
    pub files: Vec<(String, OutFile)>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// How many views were computed again.
    pub views: usize,
    /// Milliseconds per stage.
    pub stages: Vec<(&'static str, u128)>,
}

/// What the preview's updates keep between edits that leave the site's structure alone (the
/// entries, their URLs, references, withheld files and assets): `update` forgets it.
#[derive(Default)]
pub struct Kept {
    /// [`bodies::link_epoch`] of the site.
    epoch: Option<u64>,
    look: Option<Lookups>,
    /// The fingerprint hashes of the entries' current list values.
    memo: Option<Memo>,
    /// Entries by what they refer to, and by what they are referred to by ([`refs`], [`names`]).
    links: Option<(depends::Index, depends::Index)>,
    /// Sections to plan again after the pages an editor looks at are out ([`Live::others`]).
    later: Vec<Section>,
}

/// The entries an edit changed, and what the views computed again leave to the pages.
struct Recomputed {
    /// Output paths of attachments no longer listed.
    removed: Vec<String>,
    /// Each recomputed entry's old list value (by address) → its new one.
    values: HashMap<usize, tera::Value>,
    /// Whether a document's length (as the statistics count it) changed.
    lengths: bool,
    /// Files under content/ the recomputed bodies linked to before, and link to now.
    links: (BTreeSet<String>, BTreeSet<String>),
}

impl Live {
    /// Re-render after the entries `changed` (keys) changed from `old` to `site`, when the edit
    /// may change what lists hold: every page is planned again. `None` when the edit changes
    /// something site-wide, or a body has errors: then render everything.
    pub fn update(
        &mut self,
        old: &Site,
        site: &Site,
        changed: &[String],
        cache: &mut Cache,
        diags: &mut Diagnostics,
    ) -> Option<Delta> {
        let t = std::time::Instant::now();
        let dirty = dirty_views(old, site, &self.model, changed)?;
        let mut stages = vec![("plan", t.elapsed().as_millis())];
        let t = std::time::Instant::now();
        // The assets bodies linked to before the edit (from the cache, before it changes).
        let was = match &self.linked {
            Some(l) => l.clone(),
            None => linked_assets(old, cache),
        };
        let out = Collect::default();
        self.kept = Kept::default();
        let mut re = self.recompute(site, &dirty, cache, diags, &out)?;
        self.model.reindex(site);
        let memo = self.memo();
        stages.push(("views", t.elapsed().as_millis()));
        let t = std::time::Instant::now();
        let urls = pages::render_changed(
            site,
            &self.theme,
            &self.model,
            (&mut cache.pages, &memo, &mut self.plan),
            diags,
            &out,
            &dirty,
        );
        self.kept.memo = Some(memo);
        let gone: Vec<String> = cache.pages.keys().filter(|u| !urls.contains(*u)).cloned().collect();
        for u in gone {
            cache.pages.remove(&u);
            re.removed.push(super::index_path(&u));
        }
        let linked = linked_assets(site, cache);
        let delta = self.finish(site, was, linked, re.removed, out, dirty.len());
        stages.push(("pages", t.elapsed().as_millis()));
        Some(Delta { stages, ..delta })
    }

    /// Re-render after the entries `edited` changed only what they show — title, summary, body
    /// (`site` already holds the new values; `titles`: whether a title changed, which other
    /// entries show) — and nothing that decides which pages exist, what lists hold or their
    /// order. Only the pages that show an edited entry are rendered again, from the kept plan
    /// (see `pages::render_planned`); the statistics wait for [`Live::others`]. `None` when
    /// there is no kept plan, or a body has errors.
    pub fn update_shown(
        &mut self,
        site: &Site,
        edited: &[usize],
        titles: bool,
        cache: &mut Cache,
        diags: &mut Diagnostics,
    ) -> Option<Delta> {
        let t = std::time::Instant::now();
        self.plan.as_ref()?;
        let mut dirty: BTreeSet<usize> = edited.iter().copied().collect();
        if titles {
            let index = self.kept.links.get_or_insert_with(|| reference_index(site));
            dirty.extend(depends::showing_titles(site, index, edited));
        }
        let dirty: Vec<usize> = dirty.into_iter().collect();
        let was = self.linked.clone().unwrap_or_else(|| linked_assets(site, cache));
        let out = Collect::default();
        let re = self.recompute(site, &dirty, cache, diags, &out)?;
        let memo = self.memo();
        let mut stages = vec![("views", t.elapsed().as_millis())];
        let t = std::time::Instant::now();
        let mut replan = derived_sections(site, &dirty, re.lengths);
        // The statistics (lengths of bodies) follow with the feeds: nobody watches them while
        // editing a body.
        if let Some(k) = replan.iter().position(|s| *s == Section::Statistics) {
            self.kept.later.push(replan.remove(k));
        }
        let plan = self.plan.as_mut()?;
        pages::render_planned(
            site,
            &self.theme,
            &self.model,
            (&mut cache.pages, &memo, plan),
            diags,
            &out,
            &dirty,
            (&replan, &re.values),
        );
        self.kept.memo = Some(memo);
        // A file no longer linked from the edited bodies may still be linked from another.
        let (before, after) = &re.links;
        let linked = match &self.linked {
            Some(l) if before.is_subset(after) => l.union(after).cloned().collect(),
            _ => linked_assets(site, cache),
        };
        let delta = self.finish(site, was, linked, re.removed, out, dirty.len());
        stages.push(("pages", t.elapsed().as_millis()));
        Some(Delta { stages, ..delta })
    }

    /// Compute what [`Live::update_shown`] keeps (`Kept`) now, so the first edit does not wait
    /// for it.
    pub fn warm(&mut self, site: &Site) {
        self.kept.epoch.get_or_insert_with(|| bodies::link_epoch(site));
        self.kept.look.get_or_insert_with(|| Lookups::new(site));
        self.kept.links.get_or_insert_with(|| reference_index(site));
        let memo = self.memo();
        self.kept.memo = Some(memo);
    }

    /// The fingerprint memo of the entries' current list values (taken out of [`Kept`]; the
    /// caller puts it back).
    fn memo(&mut self) -> Memo {
        if let Some(m) = self.kept.memo.take() {
            return m;
        }
        let hashes = match self.cards.take() {
            Some(h) if h.len() == self.model.values.len() => h,
            _ => Memo::of(&self.model.values).1,
        };
        let memo = Memo::from_hashes(&self.model.values, &hashes);
        self.cards = Some(hashes);
        memo
    }

    /// Compute the views of `dirty` again (bodies from the cache where unchanged), copying the
    /// attachments and linked files they list into `out`. `None` when a body has errors.
    fn recompute(
        &mut self,
        site: &Site,
        dirty: &[usize],
        cache: &mut Cache,
        diags: &mut Diagnostics,
        out: &Collect,
    ) -> Option<Recomputed> {
        let out: &dyn Sink = out;
        let epoch = *self.kept.epoch.get_or_insert_with(|| bodies::link_epoch(site));
        let look = self.kept.look.take().unwrap_or_else(|| Lookups::new(site));
        let mut links = (BTreeSet::new(), BTreeSet::new());
        let mut removed = Vec::new();
        let mut fresh = Vec::with_capacity(dirty.len());
        for &i in dirty {
            let e = &site.entries[i];
            let draft = site.drafts.contains_key(&i);
            let hash = bodies::body_hash(epoch, e, draft);
            let cached = cache.bodies.get(&e.key);
            links.0.extend(cached.into_iter().flat_map(|(_, r, _)| links_of(site, r)));
            let (r, problems) = match cached {
                Some((h, r, d)) if *h == hash => (r.clone(), d.clone()),
                _ => bodies::render_body(site, e, &e.body, draft),
            };
            if problems.iter().any(|d| d.severity == Severity::Error) {
                self.kept.look = Some(look);
                return None;
            }
            links.1.extend(links_of(site, &r));
            let before = attachments(&self.model.views[i]);
            let mut local = Diagnostics::new();
            let keep = r.clone();
            for key in bodies::linked_assets(site, e, &r) {
                out.copy(format!("files/{key}"), site.content_dir().join(&key));
            }
            if let crate::content::Meta::Document(d) = &e.meta {
                let dir = e.key.rsplit_once('/').map_or("", |(d, _)| d);
                let url = site.urls.get(i).trim_start_matches('/');
                for a in &d.attachments {
                    out.copy(format!("{url}{}", a.value), site.content_dir().join(dir).join(&a.value));
                }
            }
            let (view, text) = bodies::entry_view(site, &self.model, &look, i, (&e.body, r), &mut local);
            let after = attachments(&view);
            removed.extend(before.into_iter().filter(|p| !after.contains(p)));
            let mut kept = keep;
            kept.html = view.body.clone();
            kept.text = text.clone();
            cache.bodies.insert(e.key.clone(), (hash, kept, problems.clone()));
            diags.extend(problems);
            diags.extend(local.sorted());
            fresh.push((i, view, text));
        }
        let mut values = HashMap::new();
        let mut lengths = false;
        for (i, view, text) in fresh {
            let old = fingerprint::address(&self.model.values[i]);
            if matches!(site.entries[i].meta, Meta::Document(_)) && text != self.model.texts[i] {
                lengths |= self.model.length(i) != crate::markdown::count_length(&text);
            }
            self.model.set_view(i, view);
            self.model.set_text(i, text);
            let hash = fingerprint::own(&self.model.values[i]);
            if let Some(h) = &mut self.cards {
                h[i] = hash;
            }
            if let Some(m) = &mut self.kept.memo {
                m.replace(old, &self.model.values[i], hash, i);
            }
            if let Some(a) = old {
                values.insert(a, self.model.values[i].clone());
            }
        }
        self.kept.look = Some(look);
        Some(Recomputed { removed, values, lengths, links })
    }

    /// The files an update wrote, and those it removed: attachments, pages gone, files under
    /// content/ that bodies no longer link to (`was`: those they linked to before).
    fn finish(
        &mut self,
        site: &Site,
        was: BTreeSet<String>,
        linked: BTreeSet<String>,
        mut removed: Vec<String>,
        out: Collect,
        views: usize,
    ) -> Delta {
        removed.extend(was.difference(&linked).map(|k| format!("files/{k}")));
        for key in linked.difference(&was) {
            (&out as &dyn Sink).copy(format!("files/{key}"), site.content_dir().join(key));
        }
        self.linked = Some(linked);
        let files: Vec<(String, OutFile)> = out.into_inner().files.into_iter().collect();
        removed.retain(|p| !files.iter().any(|(f, _)| f == p));
        Delta { files, removed, views, stages: Vec::new() }
    }

    /// After a static file changed: load the theme again and return its static files, when
    /// it provides the same paths (`None`: render everything). Pages do not change: the
    /// preview names assets by their plain names.
    pub fn restyle(&mut self, site: &Site) -> Option<Output> {
        let theme = super::Theme::load(site).ok()?;
        if theme.static_paths() != self.theme.static_paths() || !site.config.base_url.is_preview() {
            return None;
        }
        let out = Collect::default();
        theme.write_static(&out);
        self.theme = theme;
        Some(out.into_inner())
    }

    /// Feeds, data exports and the sitemap of the current model: what an update leaves to
    /// follow (they are not pages a browser shows while editing). Complete: together with the
    /// pages, the static files, attachments and the search index, the whole output.
    /// The pages of sections an update left for later go first (see [`Live::update_shown`]).
    pub fn others(&mut self, site: &Site, cache: &mut Cache) -> Output {
        let out = Collect::default();
        let mut late = Diagnostics::new();
        let later = std::mem::take(&mut self.kept.later);
        if let (false, Some(plan)) = (later.is_empty(), self.plan.as_mut()) {
            let memo = match self.kept.memo.take() {
                Some(m) => m,
                None => Memo::of(&self.model.values).0,
            };
            let (model, theme) = (&self.model, &self.theme);
            let no_values = HashMap::new();
            let pages = (&mut cache.pages, &memo, plan);
            pages::render_planned(site, theme, model, pages, &mut late, &out, &[], (&later, &no_values));
            self.kept.memo = Some(memo);
        }
        super::feeds::write(site, &self.theme, &self.model, &mut late, &out);
        super::data::write(site, &self.model, &mut late, &out);
        let planned = match &self.plan {
            Some(p) => p.urls(),
            None => pages::planned_urls(site, &self.model),
        };
        let planned: Vec<&str> = planned.iter().map(String::as_str).collect();
        if let Err(d) = super::sitemap::write_xml(site, &self.theme, &self.model, &planned, &out) {
            late.push(d);
        }
        out.into_inner()
    }
}

/// Output paths of the attachments an entry's view lists.
fn attachments(v: &super::views::EntryView) -> Vec<String> {
    v.doc
        .as_ref()
        .map(|d| d.attachments.iter().map(|a| format!("{}{}", v.url.trim_start_matches('/'), a.name)).collect())
        .unwrap_or_default()
}

/// Files under content/ that bodies link to with `@/` (as [`bodies::build`] copies them).
fn linked_assets(site: &Site, cache: &Cache) -> BTreeSet<String> {
    site.entries.iter().filter_map(|e| cache.bodies.get(&e.key)).flat_map(|(_, r, _)| links_of(site, r)).collect()
}

/// Files under content/ that one rendered body links to with `@/`.
fn links_of<'a>(site: &'a Site, r: &'a crate::markdown::Rendered) -> impl Iterator<Item = String> + 'a {
    r.links
        .iter()
        .filter(|l| l.href.is_some())
        .filter_map(|l| l.target.strip_prefix("@/"))
        .map(|t| t.split('#').next().unwrap_or(t))
        .filter(|k| !k.ends_with(".md") && site.assets.contains(*k))
        .map(str::to_string)
}
