//! Watching the site folder, with a debouncer so an editor's atomic save counts once.

use crate::messages::commands as say;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::new_debouncer;

/// How long the watcher waits after a file event for more of the same save (an editor's
/// temporary file and rename arrive within a millisecond or two). Every millisecond of it is
/// a millisecond before the browser shows the edit.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The folders watched, started before the preview's first build so that a save made while it
/// builds (about a second at 10,000 entries) is queued and rebuilt after it, never missed.
pub struct Watch {
    // Kept alive: dropping the debouncer stops the watch.
    _debouncer: notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>,
    rx: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
}

impl Watch {
    /// Watch `root`'s content/, templates/, themes/ and static/ (recursively) and `root` itself.
    pub fn start(root: &Path) -> Result<Self, String> {
        let (tx, rx) = mpsc::channel();
        // Checked every 2 ms, so a burst is handed over 10–12 ms after its last event.
        let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(2)), tx)
            .map_err(|e| say::serve_cannot_watch("content/", &e.to_string()).shown().to_string())?;
        for dir in ["content", "templates", "themes", "static"] {
            let p = root.join(dir);
            if p.is_dir() {
                debouncer.watch(&p, RecursiveMode::Recursive).map_err(|e| {
                    say::serve_cannot_watch(&p.display().to_string(), &e.to_string()).shown().to_string()
                })?;
            }
        }
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| say::serve_cannot_watch(&root.display().to_string(), &e.to_string()).shown().to_string())?;
        Ok(Watch { _debouncer: debouncer, rx })
    }

    /// Call `on_change` with the changed paths after each burst of file events (those queued
    /// since [`Watch::start`] first), forever.
    pub fn run(self, mut on_change: impl FnMut(&[PathBuf])) {
        for result in self.rx {
            let Ok(events) = result else { continue };
            // Reads (the rebuild's own) are access events: only creations, changes and removals count.
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| matches!(e.event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                on_change(&paths);
            }
        }
    }
}
