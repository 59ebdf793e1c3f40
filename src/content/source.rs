//! From the bytes of a content file to its front matter and body text.
//!
//! Content is untrusted: bytes that are not UTF-8 get the likely encoding named (GB18030/GBK
//! files are common in government offices), control characters are refused with their
//! position, a BOM is tolerated and CRLF line ends are normalised.

use crate::diagnostics::{line_col, Diagnostic};

/// Content files larger than this are refused (a resource limit; see SECURITY in the README).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A content file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// File line of the front matter's first line (the line after the opening `---`).
    pub front_line: usize,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
}

/// Decode a file's bytes, naming the likely encoding when they are not UTF-8.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            0,
            0,
            "too-large",
            // The reader stops one byte past the limit, so the real size is not known here.
            format!("file is larger than {} MiB, the limit for a content file", MAX_FILE_BYTES / (1024 * 1024)),
        )
        .with_fix("split it into several entries or publish the data as an attachment"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let (line, col) = line_col(std::str::from_utf8(valid).unwrap_or(""), valid.len());
            let guess = guess_encoding(bytes);
            return Err(Diagnostic::error(path, line, col, "not-utf8", format!("file is not UTF-8{guess}"))
                .with_fix(format!("re-save it as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8 {path} > fixed.md`, or in your editor: Save As → Encoding: UTF-8)")));
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() };
    if let Some(at) = first_control(&text) {
        let (line, col) = line_col(&text, at);
        let c = text[at..].chars().next().unwrap_or('\0');
        return Err(Diagnostic::error(
            path,
            line,
            col,
            "control-char",
            format!("file contains the control character U+{:04X}", c as u32),
        )
        .with_fix("delete it (it often comes from copying out of Word or a PDF)"));
    }
    Ok(text)
}

/// The byte offset of the first control character other than tab and newline: C0, DEL, or C1
/// (U+0080–U+009F, `C2 80`–`C2 9F` in UTF-8). Scans bytes, not chars: most files have none.
fn first_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    b.iter().enumerate().position(|(i, &x)| {
        (x < 0x20 && x != b'\n' && x != b'\t')
            || x == 0x7F
            || (x == 0xC2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    })
}

fn guess_encoding(bytes: &[u8]) -> String {
    let (_, _, gb_errors) = encoding_rs::GB18030.decode(bytes);
    if !gb_errors {
        return "; it looks like GB18030/GBK (common for files saved by Chinese Windows editors)".into();
    }
    let (_, _, big5_errors) = encoding_rs::BIG5.decode(bytes);
    if !big5_errors {
        return "; it looks like Big5".into();
    }
    let (_, _, utf16_errors) = encoding_rs::UTF_16LE.decode(bytes);
    if bytes.starts_with(b"\xFF\xFE") && !utf16_errors {
        return "; it looks like UTF-16".into();
    }
    String::new()
}

/// Split `---\n<yaml>\n---\n<body>`.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let fix = "start the file with a line `---`, then the fields (title, date, ...), then a line `---`, then the text";
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, "empty-file", "file is empty").with_fix(fix));
    }
    let Some(rest) = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some("")) else {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "no-front-matter",
            "file does not start with front matter (a line `---`)",
        )
        .with_fix(fix));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Ok(Split { front, front_line: 2, body, body_line });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, 1, "unclosed-front-matter", "front matter is never closed")
        .with_fix("add a line `---` after the last field"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_found_as_chars_would_find_them() {
        let by_chars = |t: &str| t.find(|c: char| c.is_control() && !matches!(c, '\n' | '\t'));
        for t in ["正文\n\t无", "a\u{0}b", "甲\u{7f}", "乙\u{85}丙", "\u{9f}", "\u{a0}不是", "¢£¤", "x\u{1b}[31m", ""]
        {
            assert_eq!(super::first_control(t), by_chars(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn control_scan_agrees_with_chars(t in "\\PC*[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]?\\PC*") {
            let by_chars = t.find(|c: char| c.is_control() && !matches!(c, '\n' | '\t'));
            proptest::prop_assert_eq!(super::first_control(&t), by_chars);
        }
    }

    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("a.md", "---\ntitle: x\n---\n正文\n").unwrap();
        assert_eq!(s, Split { front: "title: x\n", front_line: 2, body: "正文\n", body_line: 4 });
    }

    #[test]
    fn unclosed_and_empty() {
        assert_eq!(split("a.md", "---\ntitle: x\n").unwrap_err().code, "unclosed-front-matter");
        assert_eq!(split("a.md", "").unwrap_err().code, "empty-file");
        assert_eq!(split("a.md", "title: x\n").unwrap_err().code, "no-front-matter");
    }

    #[test]
    fn bom_and_crlf() {
        let t = decode("a.md", b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(t, "---\ntitle: x\n---\n");
    }

    #[test]
    fn gbk_is_named() {
        let (bytes, _, _) = encoding_rs::GBK.encode("---\ntitle: 关于印发通知\n---\n");
        let d = decode("a.md", &bytes).unwrap_err();
        assert!(d.message.contains("GB18030"), "{}", d.message);
        assert_eq!((d.line, d.col), (2, 8));
    }

    #[test]
    fn nul_is_refused_with_position() {
        let d = decode("a.md", b"---\ntitle: a\x00b\n---\n").unwrap_err();
        assert_eq!((d.line, d.col, d.code), (2, 9, "control-char"));
    }
}
