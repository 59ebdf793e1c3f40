//! Minifying templates once, when the theme loads, instead of every page after rendering.
//!
//! Two rewrites of the template source, both exact for every page the template renders:
//!
//! - a run of whitespace holding a line break next to the tag of a block-level or metadata
//!   element (`<div>`, `</li>`, `<meta>`, ...) is dropped: browsers do not render it;
//! - an attribute value written in the template without any `{{ }}` or `{% %}` inside, and
//!   made only of characters that need no quotes, loses its quotes (`class="doc-meta"` →
//!   `class=doc-meta`).
//!
//! Tera tags, `<pre>`, `<textarea>`, `<script>`, `<style>` and comments are copied as they are.
//! Values that come from content are never touched here: they arrive escaped, inside quotes
//! the template keeps. `minify: full` in `site.yaml` runs minify-html over every rendered page
//! as well (smaller by a few per cent, slower; see docs/bench.md).

/// Elements whose tags make surrounding line breaks meaningless.
const BLOCK: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "noscript",
    "base",
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "form",
    "fieldset",
    "legend",
    "figure",
    "figcaption",
    "hr",
    "br",
    "blockquote",
    "address",
    "details",
    "summary",
    "option",
    "select",
    "optgroup",
    "template",
];

/// Elements whose content is copied as it is.
const RAW: &[&str] = &["pre", "textarea", "script", "style"];

/// The length of the tera tag starting at `i`, if one does.
fn tera_tag(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let close = match rest.get(..2)? {
        "{{" => "}}",
        "{%" => "%}",
        "{#" => "#}",
        _ => return None,
    };
    rest[2..].find(close).map(|n| n + 4)
}

/// Copy the tera tag at `i`, if there is one, and return the index after it.
fn copy_tera(src: &str, i: usize, out: &mut String) -> Option<usize> {
    let n = tera_tag(src, i)?;
    out.push_str(&src[i..i + n]);
    Some(i + n)
}

/// The lower-cased name of the tag starting at `i` (`<div` → `div`, `</li` → `li`).
fn tag_name(s: &str, i: usize) -> Option<String> {
    let rest = s[i..].strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

fn is_block(name: Option<&str>) -> bool {
    name.is_some_and(|n| BLOCK.contains(&n))
}

/// The next tag after `i`, skipping whitespace and tera tags; `None` if text comes first.
fn next_tag(s: &str, mut i: usize) -> Option<String> {
    while i < s.len() {
        if let Some(n) = tera_tag(s, i) {
            i += n;
        } else if s[i..].starts_with('<') {
            return tag_name(s, i);
        } else if s[i..].starts_with(|c: char| c.is_ascii_whitespace()) {
            i += 1;
        } else {
            return None;
        }
    }
    None
}

/// Whether an attribute value may be written without quotes.
fn unquotable(v: &str) -> bool {
    !v.is_empty() && !v.contains(|c: char| c.is_ascii_whitespace() || "\"'=<>`".contains(c))
}

/// The template source, minified.
pub fn template(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    // The name of the last tag closed by `>`.
    let mut last_tag: Option<String> = None;
    while i < src.len() {
        if let Some(next) = copy_tera(src, i, &mut out) {
            i = next;
            continue;
        }
        let rest = &src[i..];
        if rest.starts_with("<!--") {
            let n = rest.find("-->").map_or(rest.len(), |n| n + 3);
            out.push_str(&rest[..n]);
            i += n;
            continue;
        }
        if rest.starts_with('<') && tag_name(src, i).is_some() {
            let name = tag_name(src, i);
            i = copy_tag(src, i, &mut out);
            if let Some(raw) = name.as_deref().filter(|n| RAW.contains(n) && !src[..i].ends_with("/>")) {
                if !rest.starts_with("</") {
                    let close = format!("</{raw}");
                    let end = src[i..].to_ascii_lowercase().find(&close).map_or(src.len(), |n| i + n);
                    out.push_str(&src[i..end]);
                    i = end;
                }
            }
            last_tag = name;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_ascii_whitespace() {
            let n = rest.find(|c: char| !c.is_ascii_whitespace()).unwrap_or(rest.len());
            let run = &rest[..n];
            let after_tag = out.ends_with('>') && !out.ends_with("%}") && !out.ends_with("}}");
            let droppable = run.contains('\n')
                && ((after_tag && is_block(last_tag.as_deref())) || is_block(next_tag(src, i + n).as_deref()));
            if !droppable {
                out.push_str(run);
            }
            i += n;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Copy the tag starting at `i` to `out`, unquoting literal attribute values; returns the
/// index after its `>`.
fn copy_tag(src: &str, mut i: usize, out: &mut String) -> usize {
    while i < src.len() {
        if let Some(next) = copy_tera(src, i, out) {
            i = next;
            continue;
        }
        let rest = &src[i..];
        if let Some(q) = rest.strip_prefix('=').and_then(|r| r.chars().next()).filter(|q| *q == '"' || *q == '\'') {
            let body = &rest[2..];
            let Some(len) = body.find(q) else {
                out.push_str(rest);
                return src.len();
            };
            let value = &body[..len];
            let after = &body[len + 1..];
            let literal = !value.contains("{{") && !value.contains("{%") && !value.contains("{#");
            if literal && unquotable(value) && !after.starts_with('/') {
                out.push('=');
                out.push_str(value);
            } else {
                out.push('=');
                out.push(q);
                out.push_str(value);
                out.push(q);
            }
            i += 2 + len + 1;
            continue;
        }
        let c = rest.chars().next().unwrap_or('>');
        out.push(c);
        i += c.len_utf8();
        if c == '>' {
            break;
        }
    }
    i
}

/// Run minify-html over a rendered page (`minify: full`; needs the `full-minify` feature).
#[cfg(feature = "full-minify")]
pub fn page(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

/// Without the `full-minify` feature `minify: full` is refused when `site.yaml` loads.
#[cfg(not(feature = "full-minify"))]
pub fn page(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn line_breaks_next_to_block_tags_go() {
        assert_eq!(template("<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(
            template("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>"),
            "<!DOCTYPE html><html lang=zh-CN><head>"
        );
    }

    #[test]
    fn spaces_between_inline_elements_and_text_stay() {
        assert_eq!(
            template("<a href=\"/x/\">甲</a>\n<a href=\"/y/\">乙</a>"),
            "<a href=/x/>甲</a>\n<a href=/y/>乙</a>"
        );
        assert_eq!(template("<p>第一行\n第二行</p>"), "<p>第一行\n第二行</p>");
        assert_eq!(template("<span>a</span> <span>b</span>"), "<span>a</span> <span>b</span>");
    }

    #[test]
    fn tera_tags_are_never_touched() {
        let src = "<a href=\"{{ url }}\" title=\"{{ t }}\">{% if x %}\n<b>{{ y }}</b>{% endif %}</a>";
        assert_eq!(template(src), src);
        let src = "<div class=\"a {% if x %}b{% endif %}\">{{ \"a  \n b\" }}</div>";
        assert_eq!(template(src), src);
        assert_eq!(
            template("{% block main %}\n<div>x</div>\n{% endblock %}"),
            "{% block main %}<div>x</div>{% endblock %}"
        );
    }

    #[test]
    fn values_that_need_quotes_keep_them() {
        assert_eq!(
            template("<meta content=\"width=device-width, initial-scale=1\" name=\"viewport\">"),
            "<meta content=\"width=device-width, initial-scale=1\" name=viewport>"
        );
        assert_eq!(template("<input value=\"\">"), "<input value=\"\">");
        assert_eq!(template("<link href=\"/a.css\"/>"), "<link href=\"/a.css\"/>");
        assert_eq!(template("<p title='a b'>"), "<p title='a b'>");
    }

    #[test]
    fn raw_elements_and_comments_are_copied() {
        let src = "<pre>\n  x  \n</pre>\n<div>";
        assert_eq!(template(src), "<pre>\n  x  \n</pre><div>");
        let src = "<!-- a\n b -->\n<div>";
        assert_eq!(template(src), "<!-- a\n b --><div>");
    }
}
