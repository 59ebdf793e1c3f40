//! CJK-friendly emphasis: re-pairs every `*`/`_` delimiter run of the event
//! stream with the flanking rules of the CommonMark CJK-friendly amendments.
//!
//! pulldown-cmark applies the plain CommonMark rules, under which a closing
//! `**` preceded by punctuation must be followed by whitespace or
//! punctuation, so `**注意：**正文` stays literal, and a later `**` on the same
//! line may then pair with the wrong run. Patching only the leftover literal
//! runs cannot repair the second case, so this pass takes emphasis over
//! completely:
//!
//! 1. Walk the events. Every `Start`/`End(Emphasis|Strong)` that pulldown-cmark
//!    produced is turned back into its delimiter characters (read from the
//!    source at the event's offsets), and every unescaped `*`/`_` in a text
//!    event that is a verbatim slice of the source becomes a delimiter too.
//!    Everything else (code spans and blocks, HTML, autolinks, link
//!    destinations, escapes, entities) never reaches the delimiter list, so
//!    it cannot be touched.
//! 2. Delimiters are grouped into frames: the inline content of one block
//!    (a paragraph, heading, table cell, tight list item), and, nested in it,
//!    the content of each link, image and strikethrough. Runs pair only within
//!    one frame, which is why the output is always balanced.
//! 3. Each frame runs the CommonMark "process emphasis" algorithm (linear,
//!    with `openers_bottom`), with CJK-aware flanking (see `delimiters`).
//! 4. The events are rebuilt with `Start`/`End(Emphasis|Strong)` at the paired
//!    delimiters and the rest left as literal text.
//!
//! For text without CJK characters the result equals plain CommonMark (a
//! property test compares it with pulldown-cmark's own emphasis).
//!
//! Known limits:
//!
//! - Strikethrough (`~~`) is left to pulldown-cmark, with GFM flanking:
//!   `~~《旧条例》~~新条例` stays literal. Its frames are taken as given, so in
//!   the rare case where CJK-aware `*` pairing would have changed which `~~`
//!   pair, pulldown-cmark's strikethrough stands (still balanced).
//! - `_` pairs between CJK characters (`文件_草稿_终稿` gets emphasis); see
//!   `delimiters::flanking`.
//! - A run at the start of a line counts as preceded by whitespace, so a
//!   container marker before it (`>`, `|`) is not looked at; everything
//!   else is judged on the source characters around the run, as CommonMark
//!   does.
//! - The CJK and punctuation tables are compact approximations of the
//!   Unicode data (no dependency for it); they only decide whether a rare
//!   symbol next to a delimiter blocks pairing.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::delimiters::{self, Delim};

/// An event with its byte range in the source.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Em,
    Strong,
}

impl Kind {
    fn width(self) -> usize {
        match self {
            Kind::Em => 1,
            Kind::Strong => 2,
        }
    }
    fn tag(self) -> Tag<'static> {
        match self {
            Kind::Em => Tag::Emphasis,
            Kind::Strong => Tag::Strong,
        }
    }
    fn end(self) -> TagEnd {
        match self {
            Kind::Em => TagEnd::Emphasis,
            Kind::Strong => TagEnd::Strong,
        }
    }
}

/// The output being built: `Ev` stands for the next event of
/// `Pass::passed` (kept apart so that tokens stay small).
enum Tok {
    Ev,
    Text(Range<usize>),
    Delim { run: usize, from: usize, len: usize },
}

#[derive(Clone, Copy)]
enum Piece {
    Literal(usize),
    Open(Kind, usize),
    Close(Kind, usize),
}

#[derive(Default)]
struct Run {
    ch: u8,
    start: usize,
    len: usize,
    ws_before: bool,
    ws_after: bool,
    /// Matches where this run closed, first to last (consumed from the
    /// left): a list linked through `Match::next_close`.
    closes: Option<(usize, usize)>,
    /// Matches where this run opened, last to first (the innermost is
    /// consumed first, from the right): a list linked through
    /// `Match::next_open`, so prepending gives output order.
    opens: Option<usize>,
    /// This run's pieces in `Pass::pieces`.
    pieces: Range<usize>,
    /// Rebuild cursor: next piece index and its offset within the run.
    cursor: (usize, usize),
}

struct Match {
    kind: Kind,
    open_at: usize,
    close_end: usize,
    next_close: Option<usize>,
    next_open: Option<usize>,
}

#[derive(Default)]
struct Frame {
    runs: Vec<usize>,
    literal: bool,
}

struct Pass<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    passed: Vec<Spanned<'a>>,
    runs: Vec<Run>,
    matches: Vec<Match>,
    pieces: Vec<Piece>,
    frames: Vec<Frame>,
    /// For each open Emphasis/Strong of the input: when it was stripped, the
    /// delimiter char and where its closing delimiters start (validated at
    /// the start); `None` when kept as is.
    emph: Vec<Option<(u8, usize)>>,
    /// No token yet on this line of the block (block start or just after a
    /// line break): a run here is preceded by whitespace, whatever container
    /// marker (`>`, `|`, indentation) the source has before it.
    line_start: bool,
    last_run: Option<usize>,
    in_code: bool,
}

/// Re-pairs emphasis in `events` (parsed from `src`) with CJK-friendly rules.
pub(crate) fn apply<'a>(src: &'a str, events: impl IntoIterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut pass = Pass {
        src,
        toks: Vec::new(),
        passed: Vec::new(),
        runs: Vec::new(),
        matches: Vec::new(),
        pieces: Vec::new(),
        frames: vec![Frame::default()],
        emph: Vec::new(),
        line_start: true,
        last_run: None,
        in_code: false,
    };
    for (event, range) in events {
        pass.feed(event, range);
    }
    pass.flush_segment();
    pass.rebuild()
}

fn is_inline(tag: &Tag) -> bool {
    matches!(tag, Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough | Tag::Superscript | Tag::Subscript)
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Link | TagEnd::Image | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript)
}

impl<'a> Pass<'a> {
    fn feed(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Emphasis) => self.start_emph(event, range, 1),
            Event::Start(Tag::Strong) => self.start_emph(event, range, 2),
            Event::End(TagEnd::Emphasis) => self.end_emph(event, range, 1),
            Event::End(TagEnd::Strong) => self.end_emph(event, range, 2),
            Event::Start(tag) if is_inline(&tag) => {
                let literal =
                    self.literal() || matches!(tag, Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. });
                self.push(Event::Start(tag), range);
                self.frames.push(Frame { runs: Vec::new(), literal });
            }
            Event::End(tag) if is_inline_end(&tag) => {
                self.pop_frame();
                self.push(Event::End(tag), range);
            }
            // A thematic break ends the inline content around it, also inside a tight list item,
            // where no paragraph events mark the blocks.
            Event::Start(_) | Event::End(_) | Event::Rule => {
                self.flush_segment();
                self.in_code = matches!(event, Event::Start(Tag::CodeBlock(_)));
                self.toks.push(Tok::Ev);
                self.passed.push((event, range));
            }
            Event::Text(text) if !self.in_code && !self.literal() && self.src.get(range.clone()) == Some(&*text) => {
                self.split_text(range)
            }
            other => self.push(other, range),
        }
    }

    fn literal(&self) -> bool {
        self.frames.last().is_some_and(|f| f.literal)
    }

    /// The delimiter char of an emphasis event spanning `range`, when the
    /// source really has `n` equal delimiter chars at both ends.
    fn strippable(&self, range: &Range<usize>, n: usize) -> Option<u8> {
        let bytes = self.src.as_bytes();
        if range.end < range.start + 2 * n || range.end > bytes.len() {
            return None;
        }
        let ch = bytes[range.start];
        let all = |r: Range<usize>| bytes[r].iter().all(|&b| b == ch);
        ((ch == b'*' || ch == b'_') && all(range.start..range.start + n) && all(range.end - n..range.end)).then_some(ch)
    }

    fn start_emph(&mut self, event: Event<'a>, range: Range<usize>, n: usize) {
        match self.strippable(&range, n).filter(|_| !self.literal()) {
            Some(ch) => {
                self.emph.push(Some((ch, range.end - n)));
                self.push_delims(ch, range.start, n);
            }
            None => {
                self.emph.push(None);
                let literal = self.literal();
                self.push(event, range);
                self.frames.push(Frame { runs: Vec::new(), literal });
            }
        }
    }

    fn end_emph(&mut self, event: Event<'a>, range: Range<usize>, n: usize) {
        match self.emph.pop().flatten() {
            Some((ch, close_at)) => self.push_delims(ch, close_at, n),
            None => {
                self.pop_frame();
                self.push(event, range);
            }
        }
    }

    /// Passes an event through.
    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        self.line_start = matches!(event, Event::SoftBreak | Event::HardBreak);
        self.toks.push(Tok::Ev);
        self.passed.push((event, range));
        self.last_run = None;
    }

    fn push_text(&mut self, range: Range<usize>) {
        self.line_start = false;
        self.toks.push(Tok::Text(range));
        self.last_run = None;
    }

    /// Splits a verbatim text event into literal text and delimiter runs.
    fn split_text(&mut self, range: Range<usize>) {
        let bytes = self.src.as_bytes();
        let (mut i, mut text_start) = (range.start, range.start);
        // Jump from one `*`/`_` to the next (memchr); most text has few or none.
        while let Some(off) = memchr::memchr2(b'*', b'_', &bytes[i..range.end]) {
            let at = i + off;
            let c = bytes[at];
            if escaped(bytes, at) {
                i = at + 1;
                continue;
            }
            let mut j = at + 1;
            while j < range.end && bytes[j] == c {
                j += 1;
            }
            if text_start < at {
                self.push_text(text_start..at);
            }
            self.push_delims(c, at, j - at);
            i = j;
            text_start = j;
        }
        if text_start < range.end {
            self.push_text(text_start..range.end);
        }
    }

    fn push_delims(&mut self, ch: u8, pos: usize, n: usize) {
        let ws_before = self.line_start;
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let extend = frame
            .runs
            .last()
            .copied()
            .filter(|&r| self.runs[r].ch == ch && self.runs[r].start + self.runs[r].len == pos);
        let (run, from) = match extend {
            Some(r) => {
                let from = self.runs[r].len;
                self.runs[r].len += n;
                (r, from)
            }
            None => {
                let r = self.runs.len();
                self.runs.push(Run { ch, start: pos, len: n, ws_before, ..Run::default() });
                frame.runs.push(r);
                (r, 0)
            }
        };
        self.toks.push(Tok::Delim { run, from, len: n });
        self.line_start = false;
        self.last_run = Some(run);
    }

    fn pop_frame(&mut self) {
        if self.frames.len() > 1 {
            if let Some(frame) = self.frames.pop() {
                self.process(&frame.runs);
            }
        }
    }

    /// Ends the inline content of a block: pairs the runs of its base frame.
    fn flush_segment(&mut self) {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        if let Some(r) = self.last_run {
            self.runs[r].ws_after = true;
        }
        let runs = std::mem::take(&mut self.frames[0].runs);
        self.process(&runs);
        self.emph.clear();
        self.line_start = true;
        self.last_run = None;
    }

    /// Pairs the runs of one frame and lays each run out as pieces.
    fn process(&mut self, ids: &[usize]) {
        let delims: Vec<Delim> = ids.iter().map(|&id| self.delim(id)).collect();
        let (pairs, literal) = delimiters::pair(&delims);
        for pair in pairs {
            let kind = if pair.width == 2 { Kind::Strong } else { Kind::Em };
            let m = self.matches.len();
            let next_open = self.runs[ids[pair.opener]].opens.replace(m);
            self.matches.push(Match { kind, open_at: 0, close_end: 0, next_close: None, next_open });
            let closer = &mut self.runs[ids[pair.closer]];
            closer.closes = match closer.closes {
                None => Some((m, m)),
                Some((head, tail)) => {
                    self.matches[tail].next_close = Some(m);
                    Some((head, m))
                }
            };
        }
        for (&id, literal) in ids.iter().zip(literal) {
            self.layout(id, literal);
        }
    }

    fn delim(&self, id: usize) -> Delim {
        let run = &self.runs[id];
        let before = if run.ws_before { "" } else { &self.src[..run.start] };
        let after = if run.ws_after { "" } else { &self.src[run.start + run.len..] };
        let (can_open, can_close) = delimiters::flanking(run.ch, before, after);
        Delim { ch: run.ch, len: run.len, can_open, can_close }
    }

    /// Lays out a run as pieces: closings, literal rest, openings (innermost
    /// last), and records the source span of each match.
    fn layout(&mut self, id: usize, literal: usize) {
        let first = self.pieces.len();
        let run = &self.runs[id];
        let mut pos = run.start;
        let mut m = run.closes.map(|(head, _)| head);
        while let Some(i) = m {
            let kind = self.matches[i].kind;
            pos += kind.width();
            self.matches[i].close_end = pos;
            self.pieces.push(Piece::Close(kind, i));
            m = self.matches[i].next_close;
        }
        if literal > 0 {
            self.pieces.push(Piece::Literal(literal));
            pos += literal;
        }
        let mut m = run.opens;
        while let Some(i) = m {
            let kind = self.matches[i].kind;
            self.matches[i].open_at = pos;
            pos += kind.width();
            self.pieces.push(Piece::Open(kind, i));
            m = self.matches[i].next_open;
        }
        self.runs[id].pieces = first..self.pieces.len();
    }

    fn rebuild(mut self) -> Vec<Spanned<'a>> {
        let src = self.src;
        let mut out = Vec::with_capacity(self.toks.len());
        let mut passed = std::mem::take(&mut self.passed).into_iter();
        for tok in std::mem::take(&mut self.toks) {
            match tok {
                Tok::Ev => out.extend(passed.next()),
                Tok::Text(r) => out.push((Event::Text(CowStr::Borrowed(&src[r.clone()])), r)),
                Tok::Delim { run, from, len } => self.emit_delims(&mut out, run, from, len),
            }
        }
        out
    }

    fn emit_delims(&mut self, out: &mut Vec<Spanned<'a>>, id: usize, from: usize, len: usize) {
        let src = self.src;
        let run = &mut self.runs[id];
        let end = from + len;
        let (mut idx, mut at) = run.cursor;
        while let Some(&piece) = self.pieces[run.pieces.clone()].get(idx) {
            let width = match piece {
                Piece::Literal(n) => n,
                Piece::Open(kind, _) | Piece::Close(kind, _) => kind.width(),
            };
            let (s, e) = (at.max(from), (at + width).min(end));
            if s < e {
                match piece {
                    Piece::Literal(_) => {
                        let r = run.start + s..run.start + e;
                        out.push((Event::Text(CowStr::Borrowed(&src[r.clone()])), r));
                    }
                    Piece::Open(kind, m) if s == at => {
                        let span = self.matches[m].open_at..self.matches[m].close_end;
                        out.push((Event::Start(kind.tag()), span));
                    }
                    Piece::Close(kind, m) if s == at => {
                        let span = self.matches[m].open_at..self.matches[m].close_end;
                        out.push((Event::End(kind.end()), span));
                    }
                    _ => {}
                }
            }
            if at + width > end {
                break;
            }
            at += width;
            idx += 1;
        }
        run.cursor = (idx, at);
    }
}

/// Whether the byte at `i` is escaped by an odd number of backslashes.
fn escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}
