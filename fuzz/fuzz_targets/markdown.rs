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

fn resolve(target: &str) -> Result<String, String> {
    if target.contains("missing") || target.len() % 3 == 0 {
        Err(format!("{target} does not exist"))
    } else {
        Ok("/documents/x/".to_string())
    }
}

fn assert_safe(html: &str, input: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in
        ["<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<base", "<meta", "<link"]
    {
        assert!(!lower.contains(bad), "live {bad} from {input:?}:\n{html}");
    }
    for (i, _) in lower.match_indices('<') {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        let tag = &lower[i..tag_end];
        // An attribute that starts with `on` inside a real tag.
        for (j, _) in tag.match_indices(" on") {
            let rest = &tag[j + 3..];
            let name_end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
            assert!(!rest[name_end..].starts_with('='), "event handler in {tag:?} from {input:?}");
        }
        for attr in ["href=\"", "src=\""] {
            if let Some(at) = tag.find(attr) {
                let value: String = tag[at + attr.len()..].chars().take_while(|c| *c != '"').collect();
                let value = value.replace("&#x09;", "").replace("&#x0a;", "").replace("&amp;", "&");
                let scheme: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                for s in ["javascript:", "vbscript:", "data:", "file:"] {
                    assert!(!scheme.starts_with(s), "{s} URL in {tag:?} from {input:?}");
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
            assert!(!h.starts_with("javascript:") && !h.starts_with("data:") && !h.contains("../"), "{href}");
        }
    }
    let _ = gongkai::markdown::count_length(&r.text);
});
