//! Tests for the Markdown module, one file per concern, sharing the helpers
//! below.

mod emphasis;
mod limits;
mod links;
mod props;
mod safety;
mod snapshots;
mod structure;
mod text;

use super::{render, Options, Rendered};

/// Resolves `@/x/y.md#a` to `/x/y/#a` and a file beside the entry (`@./a.png`) to
/// `/files/a.png`; anything containing "missing" fails.
pub(super) fn resolver(target: &str) -> Result<String, crate::markdown::Unresolved> {
    if target.contains("missing") {
        return Err(crate::messages::Text::same(format!("no entry at {target}")).into());
    }
    if let Some(file) = target.strip_prefix("@./") {
        return Ok(format!("/files/{file}"));
    }
    let path = target.trim_start_matches("@/");
    let (path, anchor) = path.split_once('#').map_or((path, None), |(p, a)| (p, Some(a)));
    let url = format!("/{}/", path.trim_end_matches(".md"));
    Ok(match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    })
}

pub(super) fn md(src: &str) -> Rendered {
    render(src, &Options { resolve: &resolver, root: "/" })
}

pub(super) fn html(src: &str) -> String {
    md(src).html
}

/// The HTML of a one-paragraph document, without the `<p>` wrapper.
pub(super) fn inline(src: &str) -> String {
    let h = html(src);
    h.trim_end().strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")).map_or(h.clone(), str::to_owned)
}

/// Tags the renderer may produce, with the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &["class"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("strong", &[]),
    ("em", &[]),
    ("del", &[]),
    ("code", &["class"]),
    ("pre", &[]),
    ("blockquote", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &["id"]),
    ("hr", &[]),
    ("br", &[]),
    ("a", &["href", "title", "rel", "id", "class", "role", "aria-label"]),
    ("img", &["src", "alt", "title"]),
    ("div", &["class", "role", "aria-label", "tabindex"]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["class"]),
    ("td", &["class"]),
    ("sup", &["class"]),
    ("section", &["class", "aria-label"]),
];

const VOID: &[&str] = &["br", "hr", "img"];

/// Checks that `html` only has allowlisted tags and attributes, properly
/// nested, with safe URLs and no raw `<`/`>` in attribute values. Returns
/// a description of the first violation.
pub(super) fn check_html(html: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let gt = after.find('>').ok_or("unterminated tag")?;
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name => continue,
                top => return Err(format!("</{name}> closes {top:?}")),
            }
        }
        let tag = tag.strip_suffix('/').unwrap_or(tag).trim_end();
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        let Some((_, allowed)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            return Err(format!("tag <{name}> not allowed"));
        };
        check_attrs(name, attrs, allowed)?;
        if !VOID.contains(&name) {
            open.push(name.to_owned());
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {open:?}"))
    }
}

fn check_attrs(tag: &str, mut attrs: &str, allowed: &[&str]) -> Result<(), String> {
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs.find("=\"").ok_or_else(|| format!("bad attributes in <{tag}>: {attrs}"))?;
        let name = &attrs[..eq];
        let value_len = attrs[eq + 2..].find('"').ok_or("unterminated attribute")?;
        let value = &attrs[eq + 2..eq + 2 + value_len];
        attrs = &attrs[eq + 2 + value_len + 1..];
        if !allowed.contains(&name) {
            return Err(format!("attribute {name} not allowed on <{tag}>"));
        }
        if value.contains(['<', '>']) {
            return Err(format!("raw < or > in {name}=\"{value}\""));
        }
        if name == "href" || name == "src" {
            let lower = value.to_ascii_lowercase();
            let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
            if scheme.is_some_and(|s| !["http", "https", "mailto", "tel"].contains(&s)) {
                return Err(format!("unsafe {name}=\"{value}\""));
            }
            if lower.starts_with("//") {
                return Err(format!("protocol-relative {name}=\"{value}\""));
            }
        }
    }
}

#[test]
fn check_html_catches_problems() {
    assert!(check_html("<p><strong>a</strong></p>").is_ok());
    assert!(check_html("<p><strong>a</p></strong>").is_err());
    assert!(check_html("<script>x</script>").is_err());
    assert!(check_html("<a href=\"javascript:x\">x</a>").is_err());
    assert!(check_html("<img src=\"x\" onerror=\"y\" />").is_err());
    assert!(check_html("<p>").is_err());
}
