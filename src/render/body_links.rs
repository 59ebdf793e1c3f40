//! Links in rendered bodies, checked and collected after the body pass: anchors of `@/` links,
//! links written as site paths (checked against the planned pages), and the files under
//! content/ that bodies link to (the output copies them).

use crate::content::{Entry, Meta};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::messages::render as msg;
use crate::site::Site;

/// A link written as a site path in a body, where it is.
#[derive(Clone, Debug)]
pub struct SiteLink {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub target: String,
}

/// `@/x.md#anchor` links whose anchor is not a heading of the target.
pub(super) fn check_links(site: &Site, rendered: &[(&markdown::Rendered, &[(usize, usize)])], diags: &mut Diagnostics) {
    for (e, (r, pos)) in site.entries.iter().zip(rendered) {
        for (link, &(line, col)) in r.links.iter().zip(pos.iter()) {
            let Some((key, anchor)) = link.target.strip_prefix("@/").and_then(|t| t.split_once('#')) else { continue };
            let Some(&j) = site.by_key.get(key) else { continue };
            if anchor.is_empty() || rendered[j].0.headings.iter().any(|h| h.id == anchor) {
                continue;
            }
            let ids: Vec<&str> = rendered[j].0.headings.iter().map(|h| h.id.as_str()).collect();
            let guess = crate::diagnostics::did_you_mean(anchor, ids.iter().copied());
            let m = msg::broken_anchor(key, anchor, guess, &ids);
            diags.push(Diagnostic::warning(&e.path, e.body_line + line - 1, col, m));
        }
    }
}

/// Links written as site paths (`/documents/x/`, not `//host`), for [`dead_site_links`].
pub(super) fn site_links(site: &Site, rendered: &[(&markdown::Rendered, &[(usize, usize)])]) -> Vec<SiteLink> {
    let mut out = Vec::new();
    for (e, (r, pos)) in site.entries.iter().zip(rendered) {
        for (link, &(line, col)) in r.links.iter().zip(pos.iter()) {
            if link.href.is_some() && link.target.starts_with('/') && !link.target.starts_with("//") {
                let (path, line) = (e.path.clone(), e.body_line + line - 1);
                out.push(SiteLink { path, line, col, target: link.target.clone() });
            }
        }
    }
    out
}

/// A warning for each site-path link that no page of the portal answers: `pages` are the site
/// paths of every page rendered (`/documents/x/`). Links to files (`/feed.xml`,
/// `/files/x.pdf`, anything with an extension but `.html`) are not checked.
pub fn dead_site_links(links: &[SiteLink], pages: &std::collections::HashSet<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for l in links {
        let path = l.target.split(['?', '#']).next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        let page = if path.ends_with('/') || path.ends_with(".html") {
            path.to_string()
        } else if !last.contains('.') {
            format!("{path}/")
        } else {
            continue;
        };
        let index = page.strip_suffix("index.html").unwrap_or(&page);
        if !pages.contains(page.as_str()) && !pages.contains(index) && page != "/404.html" {
            out.push(Diagnostic::warning(&l.path, l.line, l.col, msg::dead_site_link(&l.target)));
        }
    }
    out
}

/// The files under content/ that one rendered body links to (`@/` or beside the entry), which
/// the output copies under `files/`.
pub fn linked_assets(site: &Site, e: &Entry, r: &markdown::Rendered) -> Vec<String> {
    r.links
        .iter()
        .filter(|l| l.href.is_some())
        .filter(|l| !markdown::beside(&l.target).is_some_and(|b| is_attachment(e, &b[3..])))
        .filter_map(|l| {
            markdown::beside(&l.target).and_then(|b| beside_ref(&e.key, &b)).or_else(|| Some(l.target.clone()))
        })
        .filter_map(|t| t.strip_prefix("@/").map(|k| k.split('#').next().unwrap_or(k).to_string()))
        .filter(|k| !k.ends_with(".md") && site.assets.contains(k))
        .collect()
}

/// Whether `name` (`附件1.pdf`, maybe with `#…`) is one of the document's own attachments.
pub(super) fn is_attachment(e: &Entry, name: &str) -> bool {
    let name = name.split('#').next().unwrap_or(name);
    matches!(&e.meta, Meta::Document(d) if d.attachments.iter().any(|a| a.value == name))
}

/// `@/documents/图1.png` for `@./图1.png` in `documents/x.md`: a file beside the entry, as the
/// Markdown renderer passes relative destinations ([`markdown`]'s `beside`).
pub(super) fn beside_ref(entry_key: &str, target: &str) -> Option<String> {
    let rest = target.strip_prefix("@./")?;
    Some(match entry_key.rsplit_once('/') {
        Some((dir, _)) => format!("@/{dir}/{rest}"),
        None => format!("@/{rest}"),
    })
}
