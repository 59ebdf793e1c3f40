//! Every URL the site emits: `base_url` (validated once here) and its path.
//!
//! Inside gongkai an entry or page has a *site path* such as `/documents/x/`: it names the
//! output file (`documents/x/index.html`) and is what the model, views and feeds carry. What a
//! page emits is made from it here, and nowhere else:
//! - [`BaseUrl::href`]: a root-relative URL that includes the base path (`/zwgk/documents/x/`),
//!   for links, assets, forms, script fetches and search-index rows;
//! - [`BaseUrl::absolute`]: an absolute URL (`https://x.gov.cn/zwgk/documents/x/`), for
//!   canonical, og:url, feeds, the sitemap and open-data exports.
//!
//! - [`encode_path`]: a file name (an attachment, a `/files/` path) made safe in a URL path.
//!
//! Templates do the same with the `href` filter (`{{ e.url | href }}`) and `{{ site.root }}`.
//! A leaf module at the crate root: `config` validates `base_url` with it, `site` and `render`
//! make URLs with it, and it depends on none of them.
use crate::messages::site::{url_problem, UrlProblem};
use crate::messages::Text;

/// A validated `base_url`: scheme and host, plus an optional path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash: `https://www.example.gov.cn/zwgk` (or `""` in preview).
    absolute: String,
    /// The path with leading and trailing slashes: `/` or `/zwgk/`.
    root: String,
}

impl BaseUrl {
    /// Check a `base_url` as written in site.yaml or on the command line: an absolute http(s)
    /// URL with a host, no query, no fragment, no spaces. The error says what to write.
    pub fn parse(s: &str) -> Result<BaseUrl, Text> {
        let s = s.trim();
        let fail = |why| Err(url_problem(s, why));
        let Some(rest) = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")) else {
            return fail(UrlProblem::NotAbsolute);
        };
        if s.contains(['?', '#']) {
            return fail(UrlProblem::QueryOrFragment);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '&')) {
            return fail(UrlProblem::BadCharacter);
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || host.starts_with('.') || host.contains('@') {
            return fail(UrlProblem::NoHost);
        }
        let path = path.trim_matches('/');
        if path.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") && !path.is_empty() {
            return fail(UrlProblem::BadSegment);
        }
        Ok(BaseUrl::from_parts(&format!("{}://{host}", &s[..s.len() - rest.len() - 3]), path))
    }

    /// The base used by `serve`: no scheme or host (every absolute URL is root-relative), the
    /// given path kept.
    pub fn preview(path: &str) -> BaseUrl {
        BaseUrl::from_parts("", path.trim_matches('/'))
    }

    /// Whether this is the preview's base ([`BaseUrl::preview`]): no scheme or host.
    pub fn is_preview(&self) -> bool {
        !self.absolute.contains("://")
    }

    fn from_parts(origin: &str, path: &str) -> BaseUrl {
        if path.is_empty() {
            BaseUrl { absolute: origin.to_string(), root: "/".into() }
        } else {
            BaseUrl { absolute: format!("{origin}/{path}"), root: format!("/{path}/") }
        }
    }

    /// `https://host/path` without a trailing slash (what templates see as `site.base_url`).
    pub fn as_str(&self) -> &str {
        &self.absolute
    }

    /// The base path with slashes on both sides: `/` or `/zwgk/`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The root-relative URL of a site path: `/documents/x/` → `/zwgk/documents/x/`. Anything
    /// that is not a site path (empty, `#top`, `https://…`, `//host`, `mailto:`) is returned as is.
    pub fn href(&self, site_path: &str) -> String {
        match site_path.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => format!("{}{rest}", self.root),
            _ => site_path.to_string(),
        }
    }

    /// The absolute URL of a site path: `/documents/x/` → `https://host/zwgk/documents/x/`.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path)
    }

    /// Whether a root-relative URL lies under the base path.
    pub fn contains(&self, url: &str) -> bool {
        url.starts_with(&self.root) || url == self.root.trim_end_matches('/')
    }
}

/// Percent-encode what may not appear raw in a URL path (spaces, `#`, `?`, `%`, quotes).
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' | '#' | '?' | '%' | '"' | '<' | '>' | '\'' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_at_a_domain_root() {
        let b = BaseUrl::parse("https://www.yunzhou.gov.cn/").unwrap();
        assert_eq!(b.root(), "/");
        assert_eq!(b.as_str(), "https://www.yunzhou.gov.cn");
        assert_eq!(b.href("/documents/x/"), "/documents/x/");
        assert_eq!(b.href("/"), "/");
        assert_eq!(b.absolute("/documents/x/"), "https://www.yunzhou.gov.cn/documents/x/");
        assert_eq!(b.absolute("/"), "https://www.yunzhou.gov.cn/");
    }

    #[test]
    fn joins_under_a_path() {
        for s in
            ["https://www.example.gov.cn/zwgk", "https://www.example.gov.cn/zwgk/", "https://www.example.gov.cn/zwgk//"]
        {
            let b = BaseUrl::parse(s).unwrap();
            assert_eq!(b.root(), "/zwgk/", "{s}");
            assert_eq!(b.href("/documents/x/"), "/zwgk/documents/x/");
            assert_eq!(b.href("/"), "/zwgk/");
            assert_eq!(b.href("/assets/css/style.css"), "/zwgk/assets/css/style.css");
            assert_eq!(b.absolute("/sitemap.xml"), "https://www.example.gov.cn/zwgk/sitemap.xml");
            assert_eq!(b.absolute("/"), "https://www.example.gov.cn/zwgk/");
        }
        let deep = BaseUrl::parse("http://gov.cn/a/b").unwrap();
        assert_eq!(deep.href("/x/"), "/a/b/x/");
        assert!(deep.contains("/a/b/x/") && deep.contains("/a/b") && !deep.contains("/a/x/"));
    }

    #[test]
    fn leaves_other_urls_alone() {
        let b = BaseUrl::parse("https://x.gov.cn/zwgk/").unwrap();
        for u in ["", "#top", "https://beian.miit.gov.cn/", "//cdn.example/x", "mailto:a@b.cn", "a.pdf"] {
            assert_eq!(b.href(u), u);
        }
    }

    #[test]
    fn preview_is_root_relative() {
        let b = BaseUrl::preview("/zwgk/");
        assert_eq!(b.absolute("/x/"), "/zwgk/x/");
        assert_eq!(b.href("/x/"), "/zwgk/x/");
        assert_eq!(BaseUrl::preview("").absolute("/x/"), "/x/");
    }

    #[test]
    fn rejects_what_is_not_a_base_url() {
        for s in [
            "www.example.gov.cn/zwgk",
            "ftp://x.cn/",
            "https://",
            "https:///zwgk",
            "https://x.cn/zwgk?x=1",
            "https://x.cn/#top",
            "https://x.cn/a b/",
            "https://x.cn/a/../b",
            "https://user@x.cn/",
        ] {
            assert!(BaseUrl::parse(s).is_err(), "{s}");
        }
    }
}
