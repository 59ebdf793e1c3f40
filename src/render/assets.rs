//! The theme's files under `assets/`, written with a content hash in their names.
//!
//! `css/style.css` is written as `assets/css/style.1a2b3c4d5e.css`, so a web server may let
//! browsers keep it for a year (docs/deploy.md): a changed file gets a new name, and pages,
//! which are revalidated, point at the new one. Templates ask for an asset by its plain name
//! with the `asset` filter (`{{ "css/style.css" | asset }}`), which also adds the base path.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::urls::BaseUrl;

/// Fingerprinted assets: plain name → output path, and the bytes to write.
#[derive(Default, Clone)]
pub struct Assets {
    names: HashMap<String, String>,
    files: Vec<(String, Vec<u8>)>,
}

impl Assets {
    /// `builtin` files, then `overrides` (plain name under `assets/`, file) replacing or adding.
    /// Unreadable overrides are returned as (file, error).
    pub fn new(builtin: &[(&str, &[u8])], overrides: &[(String, PathBuf)]) -> (Assets, Vec<(PathBuf, String)>) {
        let mut by_name: Vec<(String, Vec<u8>)> = builtin.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        let mut problems = Vec::new();
        for (name, src) in overrides {
            match std::fs::read(src) {
                Ok(bytes) => {
                    by_name.retain(|(n, _)| n != name);
                    by_name.push((name.clone(), bytes));
                }
                Err(e) => problems.push((src.clone(), e.to_string())),
            }
        }
        let mut assets = Assets::default();
        for (name, bytes) in by_name {
            let path = format!("assets/{}", fingerprinted(&name, &bytes));
            assets.names.insert(name, path.clone());
            assets.files.push((path, bytes));
        }
        (assets, problems)
    }

    /// The same files under their plain names (`assets/css/style.css`): the preview's, so a
    /// changed stylesheet changes no page (the browser loads it again instead).
    pub fn plain(self) -> Assets {
        let files: Vec<(String, Vec<u8>)> = self
            .names
            .iter()
            .filter_map(|(name, path)| {
                let bytes = self.files.iter().find(|(p, _)| p == path)?.1.clone();
                Some((format!("assets/{name}"), bytes))
            })
            .collect();
        let names = self.names.keys().map(|n| (n.clone(), format!("assets/{n}"))).collect();
        Assets { names, files }
    }

    /// The output path of an asset (`assets/css/style.1a2b3c4d5e.css`).
    pub fn path(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// The plain names of the assets.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }

    /// The emitted URL of an asset under `base`.
    pub fn href(&self, base: &BaseUrl, name: &str) -> Option<String> {
        self.path(name).map(|p| base.href(&format!("/{p}")))
    }

    pub fn files(&self) -> &[(String, Vec<u8>)] {
        &self.files
    }
}

/// `css/style.css` with a hash of `bytes` before its extension: `css/style.1a2b3c4d5e.css`.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes));
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let dir = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{}.{ext}", &hash[..10]),
        _ => format!("{dir}{file}.{}", &hash[..10]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        let a = fingerprinted("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style..css".len() + 10, "{a}");
        assert_ne!(a, fingerprinted("css/style.css", b"body{ }"));
        assert_eq!(a, fingerprinted("css/style.css", b"body{}"));
        assert!(fingerprinted("favicon.svg", b"x").starts_with("favicon."));
        assert!(fingerprinted("LICENSE", b"x").starts_with("LICENSE."));
    }

    #[test]
    fn overrides_replace_builtin_files_and_hrefs_take_the_base_path() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("style.css");
        std::fs::write(&own, "p{}").unwrap();
        let (a, problems) = Assets::new(
            &[("css/style.css", b"body{}"), ("js/site.js", b"1")],
            &[("css/style.css".into(), own), ("img/x.png".into(), dir.path().join("missing"))],
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(a.files().len(), 2);
        let path = a.path("css/style.css").unwrap();
        assert_eq!(path, format!("assets/{}", fingerprinted("css/style.css", b"p{}")));
        let plain = a.clone().plain();
        assert_eq!(plain.path("css/style.css"), Some("assets/css/style.css"));
        assert!(plain.files().iter().any(|(p, b)| p == "assets/css/style.css" && b == b"p{}"));
        let base = BaseUrl::parse("https://x.gov.cn/zwgk/").unwrap();
        assert_eq!(a.href(&base, "css/style.css").unwrap(), format!("/zwgk/{path}"));
        assert!(a.href(&base, "nope.css").is_none());
    }
}
