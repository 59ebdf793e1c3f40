//! Raw HTML in editor content: never passed through.
//!
//! - `<br>`, `<br/>`, `<br />` (any case) become a line break;
//! - HTML comments (`<!-- ... -->`) are removed: an editor writes them as
//!   notes that should not be seen, so they are neither rendered nor shown
//!   as text (a warning says so);
//! - every other tag, inline or block, is shown as escaped text, so the
//!   reader sees `<script>` instead of running it, and a warning is raised.

/// What to do with one piece of inline HTML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Inline {
    Break,
    Comment,
    Text,
}

pub(crate) fn classify(html: &str) -> Inline {
    if is_br(html) {
        Inline::Break
    } else if html.starts_with("<!--") {
        Inline::Comment
    } else {
        Inline::Text
    }
}

/// `<br>`, `<br/>` or `<br />`, case-insensitive, nothing else.
pub(crate) fn is_br(html: &str) -> bool {
    let lower = html.trim().to_ascii_lowercase();
    lower.strip_prefix("<br").map(|rest| rest.trim_start().trim_start_matches('/')).is_some_and(|rest| rest == ">")
}

/// An HTML block with its comments removed: the visible text (empty when
/// nothing but comments, `<br>` tags and whitespace remain) and the number
/// of comments removed.
pub(crate) fn strip_block(block: &str) -> (String, usize) {
    let mut visible = String::with_capacity(block.len());
    let mut comments = 0;
    let mut rest = block;
    while let Some(start) = rest.find("<!--") {
        visible.push_str(&rest[..start]);
        comments += 1;
        let body = &rest[start + 4..];
        rest = if let Some(after) = body.strip_prefix('>') {
            after // `<!-->` is an empty comment
        } else if let Some(after) = body.strip_prefix("->") {
            after // so is `<!--->`
        } else {
            body.find("-->").map_or("", |end| &body[end + 3..])
        };
    }
    visible.push_str(rest);
    if only_breaks(&visible) {
        visible.clear();
    }
    (visible, comments)
}

fn only_breaks(s: &str) -> bool {
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(end) = rest.find('>') else {
            return false;
        };
        if !is_br(&rest[..=end]) {
            return false;
        }
        rest = rest[end + 1..].trim_start();
    }
    true
}
