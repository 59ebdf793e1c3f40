//! The preview's incremental updates: an edit of what entries show (title, summary, body), an
//! edit that keeps the set of visible entries, and a changed static file. Each returns `None`
//! when it does not apply; the caller then rebuilds.
//!
//! An edit of what entries show is found by comparing the file as parsed before and after with
//! its title, summary and body left out: when nothing else differs (same gate fields, so the
//! same verdict; same fields and positions, so the same URL, references and relations), the
//! site is not assembled again — the three values are put into the entry the last assembly
//! validated — and the pages follow from the kept plan (`render::Live::update_shown`).

use super::{stamp, Files, Preview, Stamp};
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

/// What [`Preview::try_update`] changed.
pub struct Update {
    pub files: Files,
    pub removed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Views computed again.
    pub views: usize,
    /// Milliseconds per stage (read, assemble, render).
    pub stages: Vec<(&'static str, u128)>,
    /// `shown` (only what entries show changed: pages from the kept plan) or `update`.
    pub how: &'static str,
}

impl Update {
    /// An update from what the renderer changed, after the stages already timed.
    fn of(
        delta: crate::render::Delta,
        diags: Diagnostics,
        mut stages: Vec<(&'static str, u128)>,
        how: &'static str,
    ) -> Self {
        stages.extend(delta.stages);
        Update {
            files: delta.files,
            removed: delta.removed,
            diagnostics: diags.sorted(),
            views: delta.views,
            stages,
            how,
        }
    }
}

impl Preview {
    /// Re-render only what the edited content files `keys` change, when they are existing
    /// Markdown files that parse without errors, keep the set of visible entries and change
    /// nothing site-wide (see `render::incremental`). Feeds, exports and the sitemap follow
    /// with [`Preview::others`], the search index with [`Preview::search_job`].
    pub fn try_update(&mut self, keys: &[String]) -> Option<Update> {
        let content_dir = content::dir(&self.root);
        // New, deleted and non-Markdown files change the tree: the full path scans it.
        for key in keys {
            let regular = std::fs::symlink_metadata(content_dir.join(key)).is_ok_and(|m| m.file_type().is_file());
            if !key.ends_with(".md") || !regular || self.tree.markdown.binary_search(key).is_err() {
                return None;
            }
        }
        let started = std::time::Instant::now();
        let (old, _) = self.live.as_ref()?;
        let now = crate::site::build_date(None).ok()?;
        if now != old.options.now {
            return None;
        }
        let mut fresh = Vec::with_capacity(keys.len());
        for key in keys {
            fresh.push((key.clone(), stamp(&content_dir.join(key))?, content::load_one(&content_dir, key)));
        }
        let shown = self.shown_only(&fresh);
        for (key, st, loaded) in fresh {
            self.cache.insert(key, (st, loaded));
        }
        if let Some((edited, titles)) = shown {
            return self.update_shown(&edited, titles, started);
        }
        // The files as parsed, without the bodies of unchanged ones (no stage before rendering
        // reads a body): those move over from the last site below, instead of being copied.
        let cache = &mut self.cache;
        let loaded: Vec<content::Loaded> = self
            .tree
            .markdown
            .iter()
            .filter_map(|k| {
                let (_, l) = cache.get_mut(k)?;
                if keys.contains(k) {
                    return Some(l.clone());
                }
                let body = entry(l).map(|e| std::mem::take(&mut e.body));
                let copy = l.clone();
                if let (Some(b), Some(e)) = (body, entry(l)) {
                    e.body = b;
                }
                Some(copy)
            })
            .collect();
        let mut stages = vec![("read", started.elapsed().as_millis())];
        let mut diags = Diagnostics::new();
        let (old, live) = self.live.as_mut()?;
        let t = std::time::Instant::now();
        let mut site =
            Site::assemble(old.options.clone(), old.config.clone(), self.tree.assets.clone(), loaded, &mut diags);
        stages.push(("assemble", t.elapsed().as_millis()));
        if diags.has_errors() {
            return None;
        }
        for e in site.entries.iter_mut().filter(|e| !keys.contains(&e.key)) {
            if let Some(&j) = old.by_key.get(&e.key) {
                e.body = std::mem::take(&mut old.entries[j].body);
            }
        }
        let Some(delta) = live.update(old, &site, keys, &mut self.rendered, &mut diags) else {
            // The last site gave its bodies away: the rebuild makes a new one.
            self.live = None;
            return None;
        };
        *old = site;
        Some(Update::of(delta, diags, stages, "update"))
    }

    /// When the freshly parsed files differ from the cached ones only in what their entries
    /// show (title, summary, body) and without errors: the indices of those entries in the last
    /// site, and whether a title changed.
    fn shown_only(&self, fresh: &[(String, Stamp, content::Loaded)]) -> Option<(Vec<usize>, bool)> {
        let (site, _) = self.live.as_ref()?;
        let mut edited = Vec::new();
        let mut titles = false;
        for (key, _, new) in fresh {
            let (_, old) = self.cache.get(key)?;
            let (a, b) = (old.parsed.as_ref()?, new.parsed.as_ref()?);
            let (ea, eb) = (a.entry.as_ref()?, b.entry.as_ref()?);
            let errors = |d: &crate::diagnostics::Diagnostics| d.has_errors();
            if new.unreadable.is_some() || errors(&b.gate_problems) || errors(&b.problems) {
                return None;
            }
            if a.gate != b.gate || outline(a) != outline(b) {
                return None;
            }
            titles |= ea.common.title.value != eb.common.title.value;
            edited.push(*site.by_key.get(key)?);
        }
        Some((edited, titles))
    }

    /// Put the new title, summary and body of `edited` into the last site and re-render what
    /// shows them.
    fn update_shown(&mut self, edited: &[usize], titles: bool, started: std::time::Instant) -> Option<Update> {
        let stages = vec![("read", started.elapsed().as_millis())];
        let (site, live) = self.live.as_mut()?;
        let mut diags = Diagnostics::new();
        for &i in edited {
            let e = &mut site.entries[i];
            let (_, l) = self.cache.get(&e.key)?;
            let parsed = l.parsed.as_ref()?;
            let new = parsed.entry.as_ref()?;
            e.common.title = new.common.title.clone();
            e.common.summary = new.common.summary.clone();
            e.body = new.body.clone();
            diags.extend(parsed.gate_problems.iter().cloned());
            diags.extend(parsed.problems.iter().cloned());
        }
        let delta = live.update_shown(site, edited, titles, &mut self.rendered, &mut diags)?;
        Some(Update::of(delta, diags, stages, "shown"))
    }

    /// Prepare what the first edit of what entries show would otherwise compute (site-wide
    /// lookups, hashes of the entries' values): after a full rebuild, while nobody waits.
    pub fn warm(&mut self) {
        if let Some((site, live)) = self.live.as_mut() {
            live.warm(site);
        }
    }

    /// Feeds, data exports and the sitemap after [`Preview::try_update`].
    pub fn others(&mut self) -> Files {
        let Some((site, live)) = self.live.as_mut() else { return Files::new() };
        live.others(site, &mut self.rendered).files.into_iter().collect()
    }

    /// After files under `static/` or a theme's `static/` changed (`changed`, absolute paths):
    /// the static files again, when the same files exist as before (pages name assets by their
    /// plain names in the preview, so no page changes). `None`: rebuild.
    pub fn try_static(&mut self, changed: &[std::path::PathBuf]) -> Option<Files> {
        let static_only = changed.iter().all(|p| {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string());
            match parts.next().as_deref() {
                Some("static") => true,
                Some("themes") => parts.nth(1).as_deref() == Some("static"),
                _ => false,
            }
        });
        if !static_only {
            return None;
        }
        let (site, live) = self.live.as_mut()?;
        let out = live.restyle(site)?;
        Some(out.files.into_iter().collect())
    }
}

/// A parsed file without its title, summary and body (and without its problems, which the
/// caller checks for errors): what must be equal for an edit to change only what the entry
/// shows. Compared as text, so that every field, present or added later, takes part.
fn outline(p: &content::parse::Parsed) -> String {
    let mut e = p.entry.clone();
    if let Some(e) = &mut e {
        e.common.title.value = String::new();
        e.common.summary = None;
        e.body = String::new();
    }
    format!("{:?}|{:?}", e, p.gate_problems)
}

fn entry(l: &mut content::Loaded) -> Option<&mut content::Entry> {
    l.parsed.as_mut().and_then(|p| p.entry.as_mut())
}
