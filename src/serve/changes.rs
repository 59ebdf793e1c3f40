//! What changed in the served output, and the event that tells the open pages.
//!
//! An event is one line of JSON: `{"v":7,"paths":["/documents/x/","/feed.xml"]}` names the
//! URL paths whose files changed or disappeared (a page's path as the browser shows it, its
//! folder with a trailing slash); `{"v":8,"all":true}` stands for "too many to list" (settings,
//! templates or the stylesheet changed); `{"v":9,"error":true}` says the rebuild failed. A page
//! whose path is not listed does nothing.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::render::OutFile;

/// Listing more paths than this sends `all` instead (a theme change touches every page).
const MAX_LISTED: usize = 2000;

/// Output paths (`documents/x/index.html`) whose file differs between `old` and `new`, or that
/// only one of them has. A copied file counts as changed when its source is in `touched` (the
/// watcher's paths), since the map holds only where it is copied from.
pub fn diff(old: &HashMap<String, OutFile>, new: &HashMap<String, OutFile>, touched: &[PathBuf]) -> Vec<String> {
    let mut out: Vec<String> = new
        .iter()
        .filter(|(k, f)| match (old.get(*k), f) {
            (Some(OutFile::Copy(a)), OutFile::Copy(b)) => a != b || touched.contains(b),
            (Some(a), b) => a != *b,
            (None, _) => true,
        })
        .map(|(k, _)| k.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect();
    out.sort_unstable();
    out
}

/// The URL path a browser shows for an output path: `documents/x/index.html` → `/documents/x/`.
pub fn url_path(prefix: &str, key: &str) -> String {
    let dir = key.strip_suffix("index.html").filter(|d| d.is_empty() || d.ends_with('/'));
    format!("{prefix}{}", dir.unwrap_or(key))
}

/// The event for an update that changed `keys` (output paths).
pub fn event(prefix: &str, version: u64, keys: &[String]) -> String {
    if keys.len() > MAX_LISTED {
        return format!(r#"{{"v":{version},"all":true}}"#);
    }
    let paths: Vec<String> = keys.iter().map(|k| url_path(prefix, k)).collect();
    format!(r#"{{"v":{version},"paths":{}}}"#, serde_json::to_string(&paths).unwrap_or_else(|_| "[]".into()))
}

/// The event for a failed rebuild: every page shows the errors.
pub fn failed(version: u64) -> String {
    format!(r#"{{"v":{version},"error":true}}"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &str) -> OutFile {
        OutFile::Bytes(s.as_bytes().to_vec())
    }

    #[test]
    fn lists_changed_added_and_removed_paths() {
        let old: HashMap<String, OutFile> = [
            ("a/index.html".to_string(), bytes("A")),
            ("b/index.html".to_string(), bytes("B")),
            ("gone.json".to_string(), bytes("G")),
            ("logo.svg".to_string(), OutFile::Copy(PathBuf::from("/s/static/logo.svg"))),
            ("x.pdf".to_string(), OutFile::Copy(PathBuf::from("/s/content/x.pdf"))),
        ]
        .into();
        let mut new = old.clone();
        new.remove("gone.json");
        new.insert("b/index.html".into(), bytes("B2"));
        new.insert("c/index.html".into(), bytes("C"));
        let touched = [PathBuf::from("/s/static/logo.svg")];
        assert_eq!(diff(&old, &new, &touched), ["b/index.html", "c/index.html", "gone.json", "logo.svg"]);
        assert!(diff(&old, &old, &[]).is_empty());
    }

    #[test]
    fn events_name_url_paths_under_the_prefix() {
        assert_eq!(url_path("/", "index.html"), "/");
        assert_eq!(url_path("/zwgk/", "documents/x/index.html"), "/zwgk/documents/x/");
        assert_eq!(url_path("/", "404.html"), "/404.html");
        assert_eq!(url_path("/", "notindex.html"), "/notindex.html");
        assert_eq!(url_path("/", "css/style.1.css"), "/css/style.1.css");
        let e = event("/zwgk/", 3, &["index.html".into(), "feed.xml".into()]);
        assert_eq!(e, r#"{"v":3,"paths":["/zwgk/","/zwgk/feed.xml"]}"#);
        let many: Vec<String> = (0..=MAX_LISTED).map(|i| format!("p{i}.html")).collect();
        assert_eq!(event("/", 4, &many), r#"{"v":4,"all":true}"#);
        assert_eq!(failed(5), r#"{"v":5,"error":true}"#);
    }
}
