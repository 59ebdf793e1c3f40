//! The CommonMark "process emphasis" algorithm over the delimiter runs of
//! one inline frame, and the CJK-friendly flanking rules that decide which
//! runs can open and close. Pure functions over plain data; the event
//! plumbing is in `emphasis`.

use super::chars::{is_cjk, is_punct, is_text_vs, is_ws};

/// One delimiter run, as the pairing sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Delim {
    /// `b'*'` or `b'_'`.
    pub ch: u8,
    /// The run's full length in the source.
    pub len: usize,
    pub can_open: bool,
    pub can_close: bool,
}

/// A pairing: `width` (1 = emphasis, 2 = strong) characters of run
/// `opener` (taken from its right end) with as many of run `closer` (taken
/// from its left end). Pairs are returned in the order they are made, so
/// the first pair of an opener is its innermost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    pub opener: usize,
    pub closer: usize,
    pub width: usize,
}

/// Pairs the runs (in source order) like CommonMark's "process emphasis"
/// with `stack_bottom` at the start: linear, thanks to `openers_bottom`.
/// Returns the pairs and, per run, the characters left over as literal text.
pub(crate) fn pair(delims: &[Delim]) -> (Vec<Pair>, Vec<usize>) {
    let k = delims.len();
    let mut remaining: Vec<usize> = delims.iter().map(|d| d.len).collect();
    let mut pairs = Vec::new();
    let mut list = Links::new(k);
    // openers_bottom[char][closer len % 3][closer can open]: search above.
    let mut bottom = [[[None::<usize>; 2]; 3]; 2];
    let mut cur = (k > 0).then_some(0);
    while let Some(c) = cur {
        let closer = delims[c];
        if !closer.can_close {
            cur = list.next[c];
            continue;
        }
        let slot = &mut bottom[usize::from(closer.ch == b'_')][closer.len % 3][usize::from(closer.can_open)];
        let Some(o) = find_opener(delims, &list, c, *slot) else {
            *slot = list.prev[c];
            let next = list.next[c];
            if !closer.can_open {
                list.unlink(c);
            }
            cur = next;
            continue;
        };
        let width = if remaining[o] >= 2 && remaining[c] >= 2 { 2 } else { 1 };
        pairs.push(Pair { opener: o, closer: c, width });
        remaining[o] -= width;
        remaining[c] -= width;
        // Runs between opener and closer can no longer pair: drop them.
        list.next[o] = Some(c);
        list.prev[c] = Some(o);
        if remaining[o] == 0 {
            list.unlink(o);
        }
        if remaining[c] == 0 {
            cur = list.next[c];
            list.unlink(c);
        }
    }
    (pairs, remaining)
}

/// The nearest opener below `c` (and above `floor`) that may pair with it.
fn find_opener(delims: &[Delim], list: &Links, c: usize, floor: Option<usize>) -> Option<usize> {
    let closer = delims[c];
    let mut o = list.prev[c];
    while let Some(i) = o {
        if floor.is_some_and(|f| i <= f) {
            return None;
        }
        let opener = delims[i];
        // The rule of three: a run that can both open and close pairs only
        // when the lengths do not add up to a multiple of 3 (unless both are).
        let sum = opener.len + closer.len;
        let three = (opener.can_close || closer.can_open)
            && sum.is_multiple_of(3)
            && !(opener.len.is_multiple_of(3) && closer.len.is_multiple_of(3));
        if opener.ch == closer.ch && opener.can_open && !three {
            return Some(i);
        }
        o = list.prev[i];
    }
    None
}

/// The delimiter stack as a doubly linked list over run indices.
struct Links {
    prev: Vec<Option<usize>>,
    next: Vec<Option<usize>>,
}

impl Links {
    fn new(k: usize) -> Self {
        Links {
            prev: (0..k).map(|i| i.checked_sub(1)).collect(),
            next: (0..k).map(|i| Some(i + 1).filter(|&j| j < k)).collect(),
        }
    }

    fn unlink(&mut self, i: usize) {
        let (p, n) = (self.prev[i], self.next[i]);
        if let Some(p) = p {
            self.next[p] = n;
        }
        if let Some(n) = n {
            self.prev[n] = p;
        }
    }
}

/// `(can_open, can_close)` of a run of `ch` between `before` and `after`
/// (whitespace at the start or end of a line).
///
/// Flanking follows the CommonMark CJK-friendly amendments: punctuation only
/// blocks flanking when it is non-CJK punctuation, and a CJK character on the
/// outer side counts like whitespace or punctuation. A standard variation
/// selector before the run is transparent. For `_` this goes one step further
/// than the amendments: a CJK character on the outer side also lifts the
/// intraword restriction, so `__下划线：__文字` is strong (Chinese has no
/// spaces between words), while `snake_case_name` stays literal.
pub(crate) fn flanking(ch: u8, before: &str, after: &str) -> (bool, bool) {
    // A quotation mark followed by U+FE01 asks for its full-width (CJK) form.
    let quote = |c: char| matches!(c, '‘' | '’' | '“' | '”');
    let mut back = before.chars().rev();
    let (before, before_fw) = match back.next() {
        // A variation selector after a CJK character (or a full-width quote) is transparent;
        // anywhere else it is an ordinary character, as in plain CommonMark.
        Some(c) if is_text_vs(c) => match back.next() {
            Some(b) if c == '\u{FE01}' && quote(b) => (b, true),
            Some(b) if is_cjk(b) => (b, false),
            _ => (c, false),
        },
        Some(c) => (c, false),
        None => (' ', false),
    };
    let mut fwd = after.chars();
    let after = fwd.next().unwrap_or(' ');
    let after_fw = quote(after) && fwd.next() == Some('\u{FE01}');
    let is_cjk = |c: char| is_cjk(c) || (c == before && before_fw) || (c == after && after_fw);
    let non_cjk_punct = |c: char| is_punct(c) && !is_cjk(c);
    let left = !is_ws(after) && (!non_cjk_punct(after) || is_ws(before) || is_punct(before) || is_cjk(before));
    let right = !is_ws(before) && (!non_cjk_punct(before) || is_ws(after) || is_punct(after) || is_cjk(after));
    if ch == b'*' {
        (left, right)
    } else {
        (left && (!right || is_punct(before) || is_cjk(before)), right && (!left || is_punct(after) || is_cjk(after)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(ch: u8, len: usize, can_open: bool, can_close: bool) -> Delim {
        Delim { ch, len, can_open, can_close }
    }

    #[test]
    fn flanking_rules() {
        // Plain CommonMark cases.
        assert_eq!(flanking(b'*', " ", "a"), (true, false));
        assert_eq!(flanking(b'*', "a", " "), (false, true));
        assert_eq!(flanking(b'*', "a", "b"), (true, true));
        assert_eq!(flanking(b'*', ":", "b"), (true, false));
        assert_eq!(flanking(b'_', "a", "b"), (false, false));
        // CJK punctuation does not block; CJK outside counts as a boundary.
        assert_eq!(flanking(b'*', "：", "正"), (true, true));
        assert_eq!(flanking(b'*', "”", "正"), (true, true));
        assert_eq!(flanking(b'*', "文", "“"), (true, true));
        assert_eq!(flanking(b'_', "：", "文"), (true, true));
        assert_eq!(flanking(b'_', "文", "下"), (true, true));
        // A variation selector is transparent.
        assert_eq!(flanking(b'*', "：\u{FE01}", "正"), (true, true));
    }

    #[test]
    fn pairs_like_commonmark() {
        // *a **b** c*
        let runs = [d(b'*', 1, true, false), d(b'*', 2, true, false), d(b'*', 2, false, true), d(b'*', 1, false, true)];
        let (pairs, left) = pair(&runs);
        assert_eq!(pairs, [Pair { opener: 1, closer: 2, width: 2 }, Pair { opener: 0, closer: 3, width: 1 }]);
        assert_eq!(left, [0, 0, 0, 0]);
        // ***a* : one em inside, two stars left over.
        let (pairs, left) = pair(&[d(b'*', 3, true, false), d(b'*', 1, false, true)]);
        assert_eq!(pairs, [Pair { opener: 0, closer: 1, width: 1 }]);
        assert_eq!(left, [2, 0]);
        // Rule of three: *a**b* (the middle run both opens and closes).
        let (pairs, _) = pair(&[d(b'*', 1, true, false), d(b'*', 2, true, true), d(b'*', 1, false, true)]);
        assert_eq!(pairs, [Pair { opener: 0, closer: 2, width: 1 }]);
        // Different characters never pair.
        assert!(pair(&[d(b'*', 1, true, false), d(b'_', 1, false, true)]).0.is_empty());
        assert!(pair(&[]).0.is_empty());
    }
}
