//! The preview's incremental updates: an edit that keeps the set of visible entries, and a
//! changed static file. Each returns `None` when it does not apply; the caller then rebuilds.

use super::{stamp, Files, Preview};
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
        for key in keys {
            let st = stamp(&content_dir.join(key))?;
            self.cache.insert(key.clone(), (st, content::load_one(&content_dir, key)));
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
        stages.extend(delta.stages);
        *old = site;
        let diagnostics = diags.sorted();
        Some(Update { files: delta.files, removed: delta.removed, diagnostics, views: delta.views, stages })
    }

    /// Feeds, data exports and the sitemap after [`Preview::try_update`].
    pub fn others(&self) -> Files {
        self.live.as_ref().map(|(site, live)| live.others(site).files.into_iter().collect()).unwrap_or_default()
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

fn entry(l: &mut content::Loaded) -> Option<&mut content::Entry> {
    l.parsed.as_mut().and_then(|p| p.entry.as_mut())
}
