//! Which changed paths call for a rebuild, and of what.
//!
//! Content files re-parse only themselves (the preview caches every other parsed file);
//! `site.yaml`, `calendar.yaml`, templates, themes and static files affect every page. Editors' temporary and
//! backup files, hidden files and the output folder are ignored, so an atomic save counts once.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rebuild {
    Nothing,
    /// These content files changed (keys under `content/`); everything else is reused.
    Content(Vec<String>),
    /// Settings, templates or static files changed: re-render everything.
    Everything,
}

pub fn plan(root: &Path, changed: &[PathBuf]) -> Rebuild {
    let mut keys = Vec::new();
    let mut everything = false;
    for p in changed {
        let rel = p.strip_prefix(root).unwrap_or(p);
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
        let Some(name) = parts.last() else { continue };
        if is_noise(name) || parts.iter().any(|c| c.starts_with('.') && c != ".") {
            continue;
        }
        match parts.first().map(String::as_str) {
            Some("content") if parts.len() > 1 => keys.push(parts[1..].join("/")),
            Some("site.yaml" | "calendar.yaml") if parts.len() == 1 => everything = true,
            Some("templates" | "themes" | "static") => everything = true,
            _ => {}
        }
    }
    if everything {
        Rebuild::Everything
    } else if keys.is_empty() {
        Rebuild::Nothing
    } else {
        keys.sort();
        keys.dedup();
        Rebuild::Content(keys)
    }
}

/// Editor swap, backup and lock files.
fn is_noise(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from("/site").join(s)
    }

    #[test]
    fn content_edits_rebuild_only_that_file() {
        assert_eq!(
            plan(Path::new("/site"), &[p("content/documents/a.md"), p("content/documents/a.md")]),
            Rebuild::Content(vec!["documents/a.md".into()])
        );
    }

    #[test]
    fn settings_templates_static_rebuild_everything() {
        for f in ["site.yaml", "templates/base.html", "themes/x/templates/a.html", "static/logo.svg"] {
            assert_eq!(plan(Path::new("/site"), &[p(f)]), Rebuild::Everything, "{f}");
        }
    }

    #[test]
    fn noise_and_output_are_ignored() {
        for f in [
            "public/index.html",
            "content/documents/.a.md.swp",
            "content/documents/a.md~",
            "content/.#a.md",
            ".git/index",
            "target/x",
            ".public.gongkai-new/a",
        ] {
            assert_eq!(plan(Path::new("/site"), &[p(f)]), Rebuild::Nothing, "{f}");
        }
    }
}
