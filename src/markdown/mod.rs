//! Markdown → HTML for entry bodies: CommonMark + tables, footnotes,
//! strikethrough; CJK emphasis; stable heading ids; `@/` links; untrusted
//! HTML neutralised.
//!
//! The body is editor content and is treated as untrusted. [`render`] takes
//! a string (never a path) and returns the HTML together with what the rest
//! of the build needs: headings (for anchors and tables of contents), plain
//! text (search, summaries, [`count_length`]), every link target, and the
//! problems found, each with a byte offset ([`line_col`] turns it into a
//! position). Rendering never fails and never panics; bad input yields
//! problems and safe output.
//!
//! The pipeline is a chain of passes over pulldown-cmark's event stream,
//! ending in `pulldown_cmark::html::push_html`:
//!
//! 1. parse (`ENABLE_TABLES | ENABLE_FOOTNOTES | ENABLE_STRIKETHROUGH`;
//!    heading attributes stay off, so editors cannot set ids or classes);
//! 2. `emphasis`: re-pair `*`/`_` with CJK-friendly flanking, so
//!    `**注意：**正文` is bold;
//! 3. `rewrite`: the policies below, collecting headings, text, links and
//!    problems.
//!
//! Policies:
//!
//! - **Raw HTML** is never passed through. `<br>`/`<br/>`/`<br />` become a
//!   line break; HTML comments are removed (they are an editor's private
//!   notes); every other tag, inline or block, is shown as escaped text
//!   (`&lt;script&gt;`), with a warning. See the `raw_html` submodule.
//! - **Links and images**: `@/…` references go through [`Options::resolve`];
//!   a failure is an error problem and the link renders as its text. Other
//!   destinations must be `http(s):`, `mailto:`/`tel:` (links only), a site
//!   path, fragment or query, or a relative path without `..`; anything else
//!   (`javascript:`, `data:`, protocol-relative `//host`, `../x`) is removed
//!   with a warning, keeping the text. External links get
//!   `rel="noopener noreferrer"` and no `target`. See the `links` submodule.
//! - **Headings** get ids by the scheme of [`heading_id`], unique per body.
//! - **Tables** are wrapped in a focusable, labelled scroll region
//!   (`<div class="table-wrap" role="region" aria-label="表格" tabindex="0">`).
//! - **Footnotes** are numbered, collected at the end with back-references;
//!   ids `fn-N`/`fnref-N` never collide with heading ids. See the `footnotes` submodule.
//! - **落款 and 主送机关**: a last paragraph whose last line is a Chinese
//!   date gets `class="signature"`, a short first paragraph ending in `：`
//!   gets `class="addressee"` (see the `signature` submodule, docs/import.md).
//! - **Nesting** deeper than 32 block quotes/lists (or 32 nested
//!   emphasis/strikethrough) is flattened, with one warning. All passes are
//!   iterative and linear, so deep or huge input cannot exhaust the stack.

mod chars;
mod delimiters;
mod emphasis;
mod footnotes;
mod headings;
mod links;
mod raw_html;
mod rewrite;
mod signature;
#[cfg(test)]
mod tests;

use crate::messages::Text;
use pulldown_cmark::Parser;

pub use headings::heading_id;
pub use links::beside;
pub use signature::parse_cn_date;

/// How `@/` references are turned into URLs.
pub struct Options<'a> {
    /// Given a destination starting with `@/` as written (e.g.
    /// `@/documents/x.md` or `@/documents/x.md#一总体要求`), returns its URL
    /// (`/documents/x/#一总体要求`) or a message saying why it cannot be
    /// linked (missing entry, withheld entry, unknown anchor…).
    pub resolve: &'a dyn Fn(&str) -> Result<String, Unresolved>,
    /// The base path, with slashes on both sides (`/`, or `/zwgk/` for a portal under a
    /// path): a site path written in a body (`/tools/deadline/`) is rendered under it.
    pub root: &'a str,
}

/// Why an `@/` reference does not resolve; the link renders as its text either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub message: Text,
    /// `Error` for a broken reference; `Warning` for one that may not be followed (its target
    /// is withheld: the link degrades to text and the build goes on).
    pub severity: Severity,
}

impl From<Text> for Unresolved {
    fn from(message: Text) -> Self {
        Unresolved { message, severity: Severity::Error }
    }
}

/// The result of [`render`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body's HTML (a fragment to place inside `<main>`/`<article>`).
    pub html: String,
    /// Every heading in document order, with its id as rendered.
    pub headings: Vec<Heading>,
    /// The visible text, without markup: blocks end with a newline, table
    /// cells are separated by a space, footnotes follow the body. Image alt
    /// text and removed HTML comments are not included.
    pub text: String,
    /// Every link and image destination, in document order.
    pub links: Vec<Link>,
    /// Errors and warnings, ordered by offset.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    pub id: String,
    /// Plain text, whitespace collapsed.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte offset of the destination in the input when it is written
    /// verbatim inside the link, else (reference links, entity-encoded
    /// destinations) of the link's first character.
    pub offset: usize,
    /// The destination as written (entities and escapes decoded), e.g.
    /// `@/documents/x.md#一总体要求` or `附件1.pdf`.
    pub target: String,
    pub kind: LinkKind,
    /// The URL rendered, or `None` when the link was refused or did not
    /// resolve and renders as plain text.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the reader would see broken: an `@/` reference that does
    /// not resolve.
    Error,
    /// Rendered safely, but not as the editor probably meant.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Problem {
    /// Byte offset into the input Markdown.
    pub offset: usize,
    pub severity: Severity,
    pub message: Text,
    pub fix: Option<Text>,
}

/// Renders an entry body. Never fails: problems are reported in the result.
pub fn render(markdown: &str, opts: &Options) -> Rendered {
    let flags = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let events = emphasis::apply(markdown, Parser::new_ext(markdown, flags).into_offset_iter());
    let writer = rewrite::Writer::new(markdown, opts, &events);
    let (events, mut rendered) = writer.run(events);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    rendered.html = if html.contains(" style=\"text-align: ") { aligned_by_class(&html) } else { html };
    rendered
}

/// Table column alignment as classes (`al-left`, `al-center`, `al-right`) instead of the inline
/// `style` pulldown-cmark writes, which the pages' Content-Security-Policy blocks. Exact: text
/// and neutralised raw HTML reach the output escaped, so the attribute can only be the
/// renderer's own.
fn aligned_by_class(html: &str) -> String {
    let mut out = html.to_string();
    for cell in ["th", "td"] {
        for align in ["left", "center", "right"] {
            out = out
                .replace(&format!("<{cell} style=\"text-align: {align}\">"), &format!("<{cell} class=\"al-{align}\">"));
        }
    }
    out
}

/// 1-based line and 1-based column (in characters) of byte `offset` in
/// `src`. An offset past the end, or inside a character, is moved back to
/// the nearest character boundary.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// The length used for 公文 limits: each CJK character (Han ideograph,
/// kana, Hangul) counts 1; each run of other letters and digits (a Latin
/// word or a number, fullwidth forms included) counts 1; punctuation,
/// symbols and whitespace count 0. Inside a run, `.` and `,` between
/// digits (`3.5`, `1,000`) and `-`, `_`, `'`, `’` between letters or digits
/// (`COVID-19`, `don't`) do not split it.
/// The length as Word's 字数 shows it: [`count_length`] plus every punctuation mark.
pub fn count_with_punctuation(text: &str) -> usize {
    count_length(text) + text.chars().filter(|c| chars::is_punct(*c)).count()
}

pub fn count_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut prev: Option<char> = None; // previous char when inside a run
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        // Most of a body: an ideograph of U+4E00..=U+9FFF (E4 B8 80 ..= E9 BF BF), counted
        // without decoding it (every body is counted, some twice; issue 18).
        if (0xE5..=0xE9).contains(&lead) || (lead == 0xE4 && bytes.get(i + 1).is_some_and(|&b| b >= 0xB8)) {
            count += 1;
            prev = None;
            i += 3;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        let word = |c: char| chars::is_alphanumeric(c) && !chars::is_cjk_letter(c);
        if chars::is_cjk_letter(c) {
            count += 1;
            prev = None;
        } else if word(c) {
            if prev.is_none() {
                count += 1;
            }
            prev = Some(c);
        } else if let (Some(p), Some(n)) = (prev, text[i..].chars().next()) {
            let joins = match c {
                '.' | ',' => p.is_numeric() && n.is_numeric(),
                '-' | '_' | '\'' | '’' => word(n),
                _ => false,
            };
            if !joins {
                prev = None;
            }
        } else {
            prev = None;
        }
    }
    count
}
