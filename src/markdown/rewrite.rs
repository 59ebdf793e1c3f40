//! The event rewrite between parsing and `push_html`: raw HTML neutralised,
//! links checked and resolved, heading ids, table wrappers, footnotes,
//! nesting capped, and the plain text, headings, links and problems
//! collected on the way. One loop with an explicit stack, so no input can
//! make it recurse.

use crate::messages::{render as msg, Text};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::emphasis::Spanned;
use super::footnotes::Footnotes;
use super::headings::{heading_id, Slugger};
use super::links::{self, Dest};
use super::raw_html::{self, Inline};
use super::{Heading, Link, LinkKind, Options, Problem, Rendered, Severity};

/// Deeper block quotes/lists, or deeper emphasis/strikethrough, are
/// flattened: their content is kept, their tags dropped.
pub(crate) const MAX_DEPTH: usize = 32;

const TABLE_OPEN: &str = "<div class=\"table-wrap\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">\n";
const TABLE_CLOSE: &str = "</div>\n";

/// What an open tag turned into, so its end can do the same.
enum Open {
    /// Passed through.
    Plain,
    /// Tag dropped, content kept (over-deep nesting, refused link).
    Dropped,
    /// Block quote or list that counts towards the depth (kept or not).
    Container {
        kept: bool,
    },
    /// Emphasis/strong/strikethrough that counts towards the inline depth.
    Inline {
        kept: bool,
    },
    Heading {
        sink: usize,
        index: usize,
        level: u8,
    },
    Table,
    ExternalLink,
    Image,
    Footnote {
        label: String,
        offset: usize,
    },
    HtmlBlock {
        offset: usize,
        html: String,
    },
}

/// Where events and text go: the body, or a footnote being collected.
#[derive(Default)]
struct Sink<'a> {
    events: Vec<Event<'a>>,
    text: String,
}

pub(crate) struct Writer<'a, 'o> {
    src: &'a str,
    opts: &'o Options<'o>,
    sinks: Vec<Sink<'a>>,
    stack: Vec<Open>,
    footnotes: Footnotes<'a>,
    slugger: Slugger,
    headings: Vec<Heading>,
    heading_text: Option<String>,
    links: Vec<Link>,
    problems: Vec<Problem>,
    depth: usize,
    inline_depth: usize,
    depth_reported: bool,
    images: usize,
}

impl<'a, 'o> Writer<'a, 'o> {
    pub(crate) fn new(src: &'a str, opts: &'o Options<'o>, events: &[Spanned<'a>]) -> Self {
        Writer {
            src,
            opts,
            sinks: vec![Sink::default()],
            stack: Vec::new(),
            footnotes: Footnotes::new(events),
            slugger: Slugger::default(),
            headings: Vec::new(),
            heading_text: None,
            links: Vec::new(),
            problems: Vec::new(),
            depth: 0,
            inline_depth: 0,
            depth_reported: false,
            images: 0,
        }
    }

    /// Rewrites all events; returns the events for `push_html` and the
    /// rest of the result (with `html` still empty).
    pub(crate) fn run(mut self, events: Vec<Spanned<'a>>) -> (Vec<Event<'a>>, Rendered) {
        for (event, range) in events {
            self.event(event, range);
        }
        let mut body = self.sinks.swap_remove(0);
        super::signature::mark(&mut body.events);
        self.footnotes.finish(&mut body.events, &mut body.text, &mut self.problems);
        self.problems.sort_by_key(|p| p.offset);
        let rendered = Rendered {
            html: String::new(),
            headings: self.headings,
            text: body.text.trim_end().to_owned(),
            links: self.links,
            problems: self.problems,
        };
        (body.events, rendered)
    }

    fn sink(&mut self) -> &mut Sink<'a> {
        let last = self.sinks.len() - 1;
        &mut self.sinks[last]
    }

    fn emit(&mut self, event: Event<'a>) {
        self.sink().events.push(event);
    }

    /// Emits visible text, recording it as plain text (except image alt text).
    fn emit_text(&mut self, text: CowStr<'a>) {
        if self.images == 0 {
            self.sink().text.push_str(&text);
            if let Some(h) = &mut self.heading_text {
                h.push_str(&text);
            }
        }
        self.emit(Event::Text(text));
    }

    /// Ends a block in the plain text (trailing spaces of table cells
    /// dropped).
    fn newline(&mut self) {
        let text = &mut self.sink().text;
        text.truncate(text.trim_end_matches(' ').len());
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }

    fn problem(&mut self, offset: usize, severity: Severity, message: Text, fix: Option<Text>) {
        self.problems.push(Problem { offset, severity, message, fix });
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match self.stack.last_mut() {
                Some(Open::HtmlBlock { html, .. }) => html.push_str(&text),
                _ => self.emit_text(text),
            },
            Event::Code(code) => {
                if self.images == 0 {
                    self.sink().text.push_str(&code);
                    if let Some(h) = &mut self.heading_text {
                        h.push_str(&code);
                    }
                }
                self.emit(Event::Code(code));
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(html, range),
            Event::InlineMath(s) | Event::DisplayMath(s) => self.emit_text(s),
            Event::FootnoteReference(label) => match self.footnotes.reference(&label) {
                Some(markup) => self.emit(markup),
                None => self.emit_text(CowStr::from(format!("[^{label}]"))),
            },
            Event::SoftBreak | Event::HardBreak => {
                if self.images == 0 {
                    self.sink().text.push('\n');
                }
                self.emit(event);
            }
            Event::Rule => {
                self.newline();
                self.emit(Event::Rule);
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn html(&mut self, html: CowStr<'a>, range: Range<usize>) {
        if let Some(Open::HtmlBlock { html: block, .. }) = self.stack.last_mut() {
            block.push_str(&html);
            return;
        }
        match raw_html::classify(&html) {
            Inline::Break => self.event(Event::HardBreak, range),
            Inline::Comment => self.comment_removed(range.start),
            Inline::Text => {
                self.html_problem(range.start);
                self.emit_text(html);
            }
        }
    }

    fn comment_removed(&mut self, offset: usize) {
        self.problem(offset, Severity::Warning, msg::comment_removed(), None);
    }

    fn html_problem(&mut self, offset: usize) {
        let (message, fix) = msg::raw_html();
        self.problem(offset, Severity::Warning, message, Some(fix));
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let open = match tag {
            Tag::BlockQuote(_) | Tag::List(_) => self.container(Event::Start(tag), range.start),
            Tag::Item => match self.stack.last() {
                Some(Open::Container { kept: false }) => Open::Dropped,
                _ => self.plain(Event::Start(tag)),
            },
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => self.inline(Event::Start(tag), range.start),
            Tag::Heading { level, .. } => {
                self.heading_text = Some(String::new());
                let index = self.sink().events.len();
                self.emit(Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() }));
                let sink = self.sinks.len() - 1;
                Open::Heading { sink, index, level: level as u8 }
            }
            Tag::Table(_) => {
                self.emit(Event::Html(CowStr::Borrowed(TABLE_OPEN)));
                self.emit(Event::Start(tag));
                Open::Table
            }
            Tag::Link { .. } | Tag::Image { .. } => self.link(tag, range),
            Tag::FootnoteDefinition(label) => {
                self.sinks.push(Sink::default());
                Open::Footnote { label: label.into_string(), offset: range.start }
            }
            Tag::HtmlBlock => Open::HtmlBlock { offset: range.start, html: String::new() },
            _ => self.plain(Event::Start(tag)),
        };
        self.stack.push(open);
    }

    fn plain(&mut self, event: Event<'a>) -> Open {
        self.emit(event);
        Open::Plain
    }

    fn too_deep(&mut self, offset: usize) {
        if !self.depth_reported {
            self.depth_reported = true;
            let (message, fix) = msg::too_deep(MAX_DEPTH);
            self.problem(offset, Severity::Warning, message, Some(fix));
        }
    }

    fn container(&mut self, event: Event<'a>, offset: usize) -> Open {
        let kept = self.depth < MAX_DEPTH;
        if kept {
            self.depth += 1;
            self.emit(event);
        } else {
            self.too_deep(offset);
        }
        Open::Container { kept }
    }

    fn inline(&mut self, event: Event<'a>, offset: usize) -> Open {
        let kept = self.inline_depth < MAX_DEPTH;
        if kept {
            self.inline_depth += 1;
            self.emit(event);
        } else {
            self.too_deep(offset);
        }
        Open::Inline { kept }
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        match open {
            Open::Plain => {
                if matches!(tag, TagEnd::TableCell) {
                    self.sink().text.push(' ');
                } else if !is_inline_end(tag) {
                    self.newline();
                }
                self.emit(Event::End(tag));
            }
            Open::Dropped => {}
            Open::Container { kept } => {
                self.newline();
                if kept {
                    self.depth -= 1;
                    self.emit(Event::End(tag));
                }
            }
            Open::Inline { kept } => {
                if kept {
                    self.inline_depth -= 1;
                    self.emit(Event::End(tag));
                }
            }
            Open::Heading { sink, index, level } => self.end_heading(tag, sink, index, level),
            Open::Table => {
                self.newline();
                self.emit(Event::End(tag));
                self.emit(Event::Html(CowStr::Borrowed(TABLE_CLOSE)));
            }
            Open::ExternalLink => self.emit(Event::Html(CowStr::Borrowed("</a>"))),
            Open::Image => {
                self.images -= 1;
                self.emit(Event::End(tag));
            }
            Open::Footnote { label, offset } => self.end_footnote(&label, offset),
            Open::HtmlBlock { offset, html } => self.end_html_block(offset, &html),
        }
    }

    fn end_heading(&mut self, tag: TagEnd, sink: usize, index: usize, level: u8) {
        let text = self.heading_text.take().unwrap_or_default();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = self.slugger.unique(heading_id(&text));
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) =
            self.sinks.get_mut(sink).and_then(|s| s.events.get_mut(index))
        {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.headings.push(Heading { level, id, text });
        self.newline();
        self.emit(Event::End(tag));
    }

    fn end_footnote(&mut self, label: &str, offset: usize) {
        if self.sinks.len() < 2 {
            return;
        }
        let Some(note) = self.sinks.pop() else {
            return;
        };
        if !self.footnotes.define(label, offset, note.events, note.text) {
            let (message, fix) = msg::footnote_twice(label);
            self.problem(offset, Severity::Warning, message, Some(fix));
        }
    }

    fn end_html_block(&mut self, offset: usize, html: &str) {
        let (visible, comments) = raw_html::strip_block(html);
        if comments > 0 {
            self.comment_removed(offset);
        }
        let visible = visible.trim();
        if visible.is_empty() {
            return;
        }
        self.html_problem(offset);
        self.emit(Event::Start(Tag::Paragraph));
        for (i, line) in visible.lines().enumerate() {
            if i > 0 {
                self.event(Event::SoftBreak, offset..offset);
            }
            self.emit_text(CowStr::from(line.trim().to_owned()));
        }
        self.newline();
        self.emit(Event::End(TagEnd::Paragraph));
    }

    /// A link or image: checks and resolves its destination.
    fn link(&mut self, tag: Tag<'a>, range: Range<usize>) -> Open {
        let (kind, link_type, dest, title, id) = match tag {
            Tag::Link { link_type, dest_url, title, id } => (LinkKind::Link, link_type, dest_url, title, id),
            Tag::Image { link_type, dest_url, title, id } => (LinkKind::Image, link_type, dest_url, title, id),
            _ => return Open::Plain,
        };
        let offset = self.src.get(range.clone()).and_then(|s| s.rfind(&*dest)).map_or(range.start, |i| range.start + i);
        // A file beside the entry (`图1.png`, `./附件/表.xlsx`) is looked up like an `@/` reference.
        let href = match links::beside(&dest) {
            Some(b) if link_type != LinkType::Email => self.href(&CowStr::from(b), link_type, kind, offset),
            _ => self.href(&dest, link_type, kind, offset),
        };
        let target = dest.to_string();
        self.links.push(Link {
            offset,
            target,
            kind,
            href: href.as_ref().map(|(url, _)| match link_type {
                LinkType::Email => format!("mailto:{url}"),
                _ => url.to_string(),
            }),
        });
        let Some((url, external)) = href else {
            return Open::Dropped;
        };
        match kind {
            LinkKind::Image => {
                self.images += 1;
                self.emit(Event::Start(Tag::Image { link_type, dest_url: url, title, id }));
                Open::Image
            }
            LinkKind::Link if external => {
                let mut a = String::from("<a href=\"");
                links::push_href(&mut a, &url);
                if !title.is_empty() {
                    a.push_str("\" title=\"");
                    links::push_attr(&mut a, &title);
                }
                a.push_str("\" rel=\"noopener noreferrer\">");
                self.emit(Event::Html(CowStr::from(a)));
                Open::ExternalLink
            }
            LinkKind::Link => self.plain(Event::Start(Tag::Link { link_type, dest_url: url, title, id })),
        }
    }

    /// The URL to render and whether it is external, or `None` (with a
    /// problem) when the link must render as plain text.
    fn href(
        &mut self,
        dest: &CowStr<'a>,
        link_type: LinkType,
        kind: LinkKind,
        offset: usize,
    ) -> Option<(CowStr<'a>, bool)> {
        if dest.starts_with("@/") || dest.starts_with("@./") {
            return match (self.opts.resolve)(dest) {
                Ok(url) => Some((CowStr::from(url), false)),
                Err(u) => {
                    self.problem(offset, u.severity, u.message, None);
                    None
                }
            };
        }
        if link_type == LinkType::Email {
            return Some((dest.clone(), false));
        }
        match links::check(dest, kind == LinkKind::Image) {
            // A site path (`/tools/deadline/`) is under the portal's base path, like `@/` URLs.
            Ok(Dest::Local) if dest.starts_with('/') && self.opts.root != "/" => {
                Some((CowStr::from(format!("{}{}", self.opts.root, &dest[1..])), false))
            }
            Ok(dest_kind) => Some((dest.clone(), dest_kind == Dest::External)),
            Err(refusal) => {
                self.problem(offset, Severity::Warning, refusal.message, Some(refusal.fix));
                None
            }
        }
    }
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
