//! Markdown bodies: any text → `markdown::render`, with a resolver that accepts some `@/`
//! targets and refuses others (as the site does for missing or withheld entries).
//!
//! Invariants beyond "no panic": the HTML has no live markup an editor could inject (no
//! `<script`, `<iframe`, `<style`, `<object`, `<embed`, `<img` with an event handler, no
//! `javascript:`/`data:`/`vbscript:` URL in `href`/`src`); problem offsets lie inside the input;
//! the plain text has no tags.

#![no_main]

use gongkai::markdown::{render, Options};
use libfuzzer_sys::fuzz_target;

fn resolve(target: &str) -> Result<String, gongkai::markdown::Unresolved> {
    if target.contains("missing") || target.len().is_multiple_of(3) {
        Err(format!("{target} does not exist").into())
    } else {
        Ok("/documents/x/".to_string())
    }
}

/// The attributes of one start tag (`tag` is the text after `<`, up to its `>`), quote-aware.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let b = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
    let mut out = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name = tag[start..i].to_string();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i] as char;
                let end = tag[i + 1..].find(q).map_or(tag.len(), |e| i + 1 + e);
                value = tag[i + 1..end].to_string();
                i = (end + 1).min(tag.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag[start..i].to_string();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        if i == start {
            i += 1;
        }
    }
    out
}

fn assert_safe(html: &str, input: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in
        ["<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<base", "<meta", "<link"]
    {
        assert!(!lower.contains(bad), "live {bad} from {input:?}:\n{html}");
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        // Attribute values are escaped (`"` → `&quot;`, `>` → `&gt;`), so the first `>` ends the tag.
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        for (name, value) in attributes(tag) {
            assert!(!name.starts_with("on"), "event handler in <{tag}> from {input:?}");
            if matches!(name.as_str(), "href" | "src") {
                let value = value.replace("&#x09;", "").replace("&#x0a;", "").replace("&amp;", "&");
                let scheme: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                for s in ["javascript:", "vbscript:", "data:", "file:"] {
                    assert!(!scheme.starts_with(s), "{s} URL in <{tag}> from {input:?}");
                }
            }
        }
    }
}

fuzz_target!(|input: &str| {
    let r = render(input, &Options { resolve: &resolve });
    assert_safe(&r.html, input);
    for p in &r.problems {
        assert!(p.offset <= input.len(), "problem offset {} past {}", p.offset, input.len());
    }
    for l in &r.links {
        assert!(l.offset <= input.len());
        if let Some(href) = &l.href {
            let h = href.to_ascii_lowercase();
            assert!(!h.starts_with("javascript:") && !h.starts_with("data:"), "{href}");
            // Relative links that climb out with `..` are removed (`.../` is an ordinary name;
            // a site path such as `/../x` is kept: the browser resolves it to `/x`, on the site).
            if !h.starts_with('/') && !h.contains("://") {
                let path = h.split(['?', '#']).next().unwrap_or("");
                assert!(!path.split('/').any(|seg| seg == ".."), "{href}");
            }
        }
    }
    let _ = gongkai::markdown::count_length(&r.text);
});
