//! The module graph of `src/` has no circles: between the modules of one parent (the
//! children of `render`, of `content`, the top-level modules of the crate), the uses form a
//! directed acyclic graph. A use is any `crate::…` or `super::…` path in a file's code (unit
//! tests at the bottom of a file are left out); a path into a child of a sibling counts as a
//! use of that sibling. A module using its own parent's items (`super::Sink`) or a parent
//! using its children is the tree itself, not a circle.
//!
//! When this fails, it prints each circle with the lines that close it: move the helper to
//! the module that owns it (docs/architecture.md, "Modules").

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path without the `crate` root: `["render", "bodies"]`.
type Module = Vec<String>;

/// Every `.rs` file under `src/` and the module it defines.
fn modules(src: &Path) -> Vec<(Module, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut m: Module = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(m.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                m.pop();
            }
            out.push((m, path));
        }
    }
    out.sort();
    out
}

/// The code of a file without comments and without its trailing unit-test module.
fn code(text: &str) -> Vec<(usize, String)> {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

/// The paths a `use` tree or an expression names, from `crate::` or `super::`, expanded:
/// `super::{a, b::{c, d}}` → `super::a`, `super::b::c`, `super::b::d`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start).map(|i| i + from) {
            from = i + start.len();
            let boundary =
                i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
            if boundary {
                expand(&code[i..], &mut Vec::new(), &mut out);
            }
        }
    }
    out
}

/// Parse one path tree at the start of `s`, appending every complete path to `out`.
/// Returns how many bytes it read.
fn expand(s: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut i = 0;
    let b = s.as_bytes();
    let depth = prefix.len();
    loop {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                while i < b.len() && matches!(b[i], b' ' | b',' | b'\n') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    i += 1;
                    break;
                }
                i += expand(&s[i..], prefix, out);
            }
            prefix.truncate(depth);
            return i;
        }
        let len = s[i..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'*').count();
        if len == 0 {
            break;
        }
        prefix.push(s[i..i + len].to_string());
        i += len;
        if s[i..].starts_with("::") {
            i += 2;
        } else {
            break;
        }
    }
    out.push(prefix.clone());
    prefix.truncate(depth);
    i
}

/// The module a path names from inside `from`: the longest prefix that is a module.
fn resolve(from: &Module, path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Module;
    let mut rest = path;
    if rest.first().is_some_and(|s| s == "crate") {
        base = Vec::new();
        rest = &rest[1..];
    } else {
        base = from.clone();
        while rest.first().is_some_and(|s| s == "super") {
            base.pop()?;
            rest = &rest[1..];
        }
    }
    let mut found = base.clone();
    for seg in rest {
        base.push(seg.clone());
        if known.contains(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

/// A use between two siblings, with where it was seen.
struct Edge {
    from: String,
    to: String,
    at: String,
}

#[test]
fn no_circles_between_sibling_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = modules(&src);
    let known: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    // parent → sibling edges
    let mut graph: BTreeMap<Module, Vec<Edge>> = BTreeMap::new();
    for (m, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // Join `use` trees that span lines, so their braces parse.
        let mut joined: Vec<(usize, String)> = Vec::new();
        let mut in_use = false;
        for (n, l) in code(&text) {
            match joined.last_mut() {
                Some((_, prev)) if in_use => prev.push_str(&l),
                _ => {
                    let t = l.trim_start();
                    in_use = t.starts_with("use ") || (t.starts_with("pub") && t.contains(" use "));
                    joined.push((n, l.clone()));
                }
            }
            if l.trim_end().ends_with(';') {
                in_use = false;
            }
        }
        for (line, l) in joined {
            for p in paths(&l) {
                let Some(target) = resolve(m, &p, &known) else { continue };
                let common = m.iter().zip(&target).take_while(|(a, b)| a == b).count();
                if common == m.len() || common == target.len() {
                    continue; // the same module, an ancestor or a descendant
                }
                let rel = path.strip_prefix(src.parent().unwrap()).unwrap().display().to_string();
                graph.entry(m[..common].to_vec()).or_default().push(Edge {
                    from: m[common].clone(),
                    to: target[common].clone(),
                    at: format!("{rel}:{line}: {}", p.join("::")),
                });
            }
        }
    }
    let mut circles = Vec::new();
    for (parent, edges) in &graph {
        for cycle in strongly_connected(edges) {
            let name = if parent.is_empty() { "crate".to_string() } else { parent.join("::") };
            let mut report = format!("a circle in {name}: {}", cycle.iter().cloned().collect::<Vec<_>>().join(" ↔ "));
            for e in edges.iter().filter(|e| cycle.contains(&e.from) && cycle.contains(&e.to)) {
                report.push_str(&format!("\n    {} → {}  ({})", e.from, e.to, e.at));
            }
            circles.push(report);
        }
    }
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

/// The groups of more than one module that reach each other (Tarjan's algorithm).
fn strongly_connected(edges: &[Edge]) -> Vec<BTreeSet<String>> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        next.entry(&e.from).or_default().insert(&e.to);
        next.entry(&e.to).or_default();
    }
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(v: &'a str, next: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in &next[v] {
            if !s.index.contains_key(w) {
                visit(w, next, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in next.keys() {
        if !s.index.contains_key(v) {
            visit(v, &next, &mut s);
        }
    }
    s.out
}

#[test]
fn the_path_reader() {
    let p = paths("use super::{bodies::{Model, Term}, feeds::esc};  let x = crate::content::Kind::Page;");
    let names: Vec<String> = p.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        ["crate::content::Kind::Page", "super::bodies::Model", "super::bodies::Term", "super::feeds::esc"]
    );
    let known: BTreeSet<Module> =
        [vec!["render".to_string()], vec!["render".into(), "bodies".into()]].into_iter().collect();
    let from = vec!["render".to_string(), "feeds".into()];
    assert_eq!(resolve(&from, &p[1], &known), Some(vec!["render".to_string(), "bodies".into()]));
    assert_eq!(resolve(&from, &p[0], &known), Some(vec![]));
}
