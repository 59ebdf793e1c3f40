//! URLs: one per visible entry, collisions and reserved names reported.

use std::collections::HashMap;

use crate::content::{slug, Entry, Kind, Meta};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Top-level names a free page may not take.
pub const RESERVED: &[&str] = &[
    "documents",
    "catalog",
    "bulletins",
    "approvals",
    "journals",
    "departments",
    "topics",
    "years",
    "search",
    "tasks",
    "statistics",
    "tools",
    "data",
    "static",
    "files",
    "page",
    "feed.xml",
    "sitemap",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "index.html",
];

/// URL path (starting and ending with `/`) of each visible entry, by entry index.
#[derive(Debug, Default, Clone)]
pub struct Urls {
    pub by_index: Vec<String>,
}

impl Urls {
    pub fn get(&self, i: usize) -> &str {
        &self.by_index[i]
    }
}

/// The URL of one entry.
pub fn url_of(e: &Entry) -> String {
    match &e.meta {
        Meta::Journal(_) => format!("/journals/{}/", e.slug),
        Meta::Issue(is) => format!("/journals/{}/{}/", slug::derive(&is.journal), e.slug),
        Meta::Page => format!("/{}/", e.slug),
        _ => format!("/{}/{}/", e.kind.section(), e.slug),
    }
}

pub fn assign(entries: &[Entry], diags: &mut Diagnostics) -> Urls {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut by_index = Vec::with_capacity(entries.len());
    for e in entries {
        let url = url_of(e);
        let reserved = match e.kind {
            Kind::Page => RESERVED.contains(&e.slug.as_str()),
            Kind::Document => e.slug == "page" || e.slug == "feed.xml",
            Kind::Bulletin => ["page", "feed.xml", "supervision", "implementation", "statistics", "information"]
                .contains(&e.slug.as_str()),
            Kind::Approval => e.slug == "changes" || e.slug == "page",
            Kind::Issue => e.slug == "feed.xml",
            Kind::Journal => false,
            Kind::Task => ["page", "feed.xml", "status", "lead"].contains(&e.slug.as_str()),
        };
        // Where the URL comes from: an approval item's `code`, else `slug`, else the file name.
        let pos = match (&e.meta, &e.common.slug) {
            (Meta::Approval(a), _) => a.code.pos(),
            (_, Some(s)) => s.pos(),
            _ => (1, 1),
        };
        if reserved {
            diags.push(Diagnostic::error(&e.path, pos.0, pos.1, crate::messages::site::reserved_url(&url)));
        } else if let Some(other) = seen.get(&url) {
            diags.push(Diagnostic::error(&e.path, pos.0, pos.1, crate::messages::site::duplicate_url(other, &url)));
        } else {
            seen.insert(url.clone(), &e.path);
        }
        by_index.push(url);
    }
    Urls { by_index }
}
