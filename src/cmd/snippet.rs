//! A diagnostic with its source line, for a terminal, in the shape rustc made familiar:
//!
//! ```text
//! error[bad-classification]: unknown classification 'secert'
//!  --> content/documents/x.md:5:17
//!   |
//! 5 | classification: secert
//!   |                 ^^^^^^ here
//!   = help: write public, 公开 or 主动公开
//! ```
//!
//! Our own ~100 lines instead of miette's report handler, which brought 37 crates into the
//! default build (a Unicode line-breaking stack for wrapping we never needed). The underline
//! is measured in terminal columns: CJK characters and full-width punctuation take two, so the
//! carets stay under the word in a Chinese line.

use crate::diagnostics::{printable, Diagnostic, Severity};
use crate::messages::{commands, Lang};

/// `d` with the line it points at in `text` (the file's content), or `None` when the line is
/// not in the text. `color` adds ANSI colours (never when `NO_COLOR` is set: the caller decides).
pub fn render(d: &Diagnostic, text: &str, color: bool) -> Option<String> {
    let line = text.lines().nth(d.line.checked_sub(1)?)?.trim_end_matches('\r');
    let line = line.replace('\t', "    ");
    let before: String = line.chars().take(d.col.saturating_sub(1)).collect();
    let word: String =
        line.chars().skip(d.col.saturating_sub(1)).take_while(|c| !c.is_whitespace() && *c != ':').collect();
    let (indent, len) = (columns(&before), columns(&word).max(1));
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let lang = Lang::current();
    let level = match d.severity {
        Severity::Error => paint("1;31", d.severity.label(lang)),
        Severity::Warning => paint("1;33", d.severity.label(lang)),
        Severity::Info => paint("1;36", d.severity.label(lang)),
    };
    let line = printable(&line);
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    let bar = paint("1;34", "|");
    let mut out = format!("{level}[{}]: {}\n", d.code, paint("1", &printable(d.message.get(lang))));
    out.push_str(&format!("{pad}{} {}:{}:{}\n", paint("1;34", "-->"), printable(&d.path), d.line, d.col.max(1)));
    out.push_str(&format!("{pad} {bar}\n"));
    out.push_str(&format!("{} {bar} {line}\n", paint("1;34", &number)));
    let carets = paint(if d.severity == Severity::Error { "1;31" } else { "1;33" }, &"^".repeat(len));
    out.push_str(&format!("{pad} {bar} {}{carets} {}\n", " ".repeat(indent), commands::here().get(lang)));
    if let Some(fix) = &d.fix {
        let help = commands::help_prefix();
        out.push_str(&format!("{pad} {} {}{}\n", paint("1;34", "="), help.get(lang), printable(fix.get(lang))));
    }
    Some(out)
}

/// Terminal columns of `s`: two for wide characters (CJK, full-width forms, emoji), none for
/// combining marks and zero-width characters, one for the rest.
pub fn columns(s: &str) -> usize {
    s.chars().map(width).sum()
}

fn width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3040..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, col: usize) -> Diagnostic {
        let m = Msg::new(Code::BadValue, Text::same("unknown classification"));
        Diagnostic::error("content/documents/x.md", line, col, m).with_fix(Text::same("write public"))
    }

    use crate::messages::{Code, Msg, Text};

    #[test]
    fn the_line_and_carets_under_the_word() {
        let text = "---\ntitle: 通知\nclassification: secert\n---\n";
        let out = render(&diag(3, 17), text, false).unwrap();
        assert_eq!(
            out,
            "error[bad-value]: unknown classification\n --> content/documents/x.md:3:17\n  |\n3 | classification: secert\n  |                 ^^^^^^ here\n  = help: write public\n"
        );
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let text = "部门：云州市 教育局\n";
        let out = render(&diag(1, 8), text, false).unwrap();
        // Seven characters before the word, six of them wide: 13 columns.
        assert!(out.contains(&format!("  | {}^^^^^^ here", " ".repeat(13))), "{out}");
        assert_eq!(columns("a公，Ａ"), 7);
    }

    #[test]
    fn a_line_past_the_end_has_no_snippet_and_colour_is_optional() {
        assert!(render(&diag(9, 1), "one line\n", false).is_none());
        assert!(render(&diag(0, 1), "one line\n", false).is_none());
        let coloured = render(&diag(1, 1), "one line\n", true).unwrap();
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
    }
}
