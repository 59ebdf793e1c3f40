//! Link and image destination policy, and the escaping for the few tags
//! written by hand.
//!
//! Allowed: `http:`/`https:` (external, rendered with
//! `rel="noopener noreferrer"`), `mailto:`/`tel:` (links only), site paths
//! (`/x/`), fragments (`#x`), queries and relative paths that stay inside the
//! entry's folder (attachments such as `附件1.pdf`), and `@/` references,
//! which the caller's resolver turns into URLs. Everything else is dropped
//! and the link renders as its text:
//!
//! - any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`...); the
//!   scheme is read the way a browser reads it: leading spaces and control
//!   characters skipped, tabs and newlines ignored, case folded. Entities and
//!   backslash escapes are already decoded by the parser. Anything with a
//!   `:` before the first `/`, `?` or `#` counts as a scheme, so odd
//!   spellings are dropped rather than guessed at;
//! - protocol-relative `//host/...` (also `\\host`, `/\host`): an external
//!   link must spell out `https://`, so that it is visibly external;
//! - relative paths with a `..` segment (also `%2e%2e`, or `\` separators):
//!   other entries are linked with `@/`, never by climbing folders.

use super::chars::is_ws;
use crate::messages::render::{refused, Refused};
use crate::messages::Text;

/// What a (non-`@/`) destination is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest {
    /// `http:` or `https:`.
    External,
    /// Anything else that is allowed: `mailto:`, `tel:`, site path,
    /// fragment, query, relative path.
    Local,
}

/// Why a destination was refused: the message and a suggested fix.
pub(crate) struct Refusal {
    pub message: Text,
    pub fix: Text,
}

impl Refusal {
    fn new(image: bool, why: Refused) -> Refusal {
        let (message, fix) = refused(image, why);
        Refusal { message, fix }
    }
}

/// Classifies `dest`; images may only use `http(s)` and local paths.
pub(crate) fn check(dest: &str, image: bool) -> Result<Dest, Refusal> {
    if let Some(rest) = dest.strip_prefix('@').filter(|r| !r.starts_with('/') && r.contains(".md")) {
        let (dest, rest) = (shorten(dest), shorten(rest));
        return Err(Refusal::new(image, Refused::MissingSlash { dest: &dest, rest: &rest }));
    }
    // Browsers skip leading C0 controls and spaces and drop tabs/newlines.
    let url: String =
        dest.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if let Some(colon) = url.find([':', '/', '?', '#']).filter(|&i| url[i..].starts_with(':')) {
        let scheme = url[..colon].to_ascii_lowercase();
        return match scheme.as_str() {
            "http" | "https" => Ok(Dest::External),
            "mailto" | "tel" if !image => Ok(Dest::Local),
            _ => Err(Refusal::new(image, Refused::Scheme(&shorten(&scheme)))),
        };
    }
    let slashed = url.replace('\\', "/");
    if slashed.starts_with("//") {
        return Err(Refusal::new(image, Refused::ProtocolRelative(&shorten(dest))));
    }
    if !slashed.starts_with('/') && climbs(&slashed) {
        return Err(Refusal::new(image, Refused::Climbs(&shorten(dest))));
    }
    Ok(Dest::Local)
}

/// `@./path` for a relative destination that names a file beside the entry (`图1.png`,
/// `./img/a.png`, `other.md`): no scheme, no leading `/`, `#`, `?` or `@`, no `..`, and a last
/// segment with an extension. The resolver finds it under the entry's folder.
pub fn beside(dest: &str) -> Option<String> {
    let full = dest.split('?').next().unwrap_or("");
    let (path, anchor) = full.split_once('#').map_or((full, ""), |(p, a)| (p, a));
    let path = path.strip_prefix("./").unwrap_or(path);
    let scheme = path.find(':').is_some_and(|c| path.find('/').is_none_or(|s| c < s));
    let file = path.rsplit('/').next().unwrap_or("");
    let plain = !path.is_empty() && !path.starts_with(['/', '#', '?', '@', '.']) && !path.contains('\\') && !scheme;
    let anchor = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
    (plain && !climbs(path) && file.contains('.') && !file.ends_with('.')).then(|| format!("@./{path}{anchor}"))
}

/// Whether the path part of a relative URL has a `..` segment.
fn climbs(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path.split('/').any(|seg| {
        let seg = seg.to_ascii_lowercase().replace("%2e", ".");
        seg == ".."
    })
}

/// A destination for use in a message: at most 60 characters, no controls.
fn shorten(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_control() || (is_ws(c) && c != ' ') { ' ' } else { c }).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Appends `s` escaped for a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Appends a URL for an `href`, escaped like pulldown-cmark's `escape_href`:
/// URL-safe ASCII as is, `&` and `'` as entities, everything else
/// percent-encoded.
pub(crate) fn push_href(out: &mut String, url: &str) {
    const SAFE: &[u8] = b"!#$%()*+,-./:;=?@^_~";
    for &b in url.as_bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ if b.is_ascii_alphanumeric() || SAFE.contains(&b) => out.push(char::from(b)),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}
