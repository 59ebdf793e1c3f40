//! `@/` references in front matter (`interprets: "@/documents/x.md"`): the path of another
//! entry under `content/`, parsed once here and kept with its position, so that a broken or
//! withheld target can be reported at the line that names it (`site/validate.rs`).

use super::fields::Fields;
use super::model::Ref;
use crate::messages::content::{self as msg, RefSyntax};
use crate::yaml::Node;

/// A quoted `"@/documents/x.md"` reference.
pub fn read_ref(f: &mut Fields, node: &Node, field: &str) -> Option<Ref> {
    let Some(text) = node.as_str() else {
        f.error(node.pos(), msg::ref_not_quoted(field));
        return None;
    };
    match parse_ref(text) {
        Ok(key) => Some(Ref { key, line: node.line, col: node.col }),
        Err(why) => {
            f.error(node.pos(), msg::bad_ref_syntax(field, &why));
            None
        }
    }
}

/// `@/documents/x.md` → `documents/x.md`, refusing paths that climb out of content/.
pub fn parse_ref(text: &str) -> Result<String, RefSyntax> {
    let Some(rest) = text.trim().strip_prefix("@/") else {
        return Err(RefSyntax::NotARef(text.chars().take(60).collect()));
    };
    let rest = rest.split('#').next().unwrap_or(rest);
    if rest.split('/').any(|p| p.is_empty() || p == "." || p == "..") || rest.contains('\\') {
        return Err(RefSyntax::BadSegments);
    }
    if !rest.ends_with(".md") {
        return Err(RefSyntax::NotMarkdown);
    }
    Ok(rest.to_string())
}

/// A list of references (`["@/documents/a.md"]`), or a single one.
pub fn read_ref_list(f: &mut Fields, field: &str) -> Vec<Ref> {
    let Some(node) = f.get(field) else { return Vec::new() };
    match &node.value {
        crate::yaml::Value::List(items) => items.iter().filter_map(|n| read_ref(f, n, field)).collect(),
        _ => read_ref(f, node, field).into_iter().collect(),
    }
}
