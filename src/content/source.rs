//! From the bytes of a content file to its front matter and body text.
//!
//! Content is untrusted: bytes that are not UTF-8 get the likely encoding named (GB18030/GBK
//! files are common in government offices), control characters are refused with their
//! position, a BOM is tolerated and CRLF line ends are normalised.

use crate::diagnostics::{line_col, Diagnostic};
use crate::messages::content as msg;

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
        // The reader stops one byte past the limit, so the real size is not known here.
        return Err(Diagnostic::error(path, 0, 0, msg::too_large(MAX_FILE_BYTES / (1024 * 1024))));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(enc) = utf16(bytes) {
        return Err(not_utf8(path, 1, 1, enc));
    }
    // SIMD validation first; std's, which says where the first bad byte is, only on failure.
    let text = match simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes)) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let (line, col) = line_col(std::str::from_utf8(valid).unwrap_or(""), valid.len());
            return Err(not_utf8(path, line, col, legacy(bytes)));
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() };
    if let Some(at) = first_control(&text) {
        let (line, col) = line_col(&text, at);
        let c = text[at..].chars().next().unwrap_or('\0');
        return Err(Diagnostic::error(path, line, col, msg::control_char(c)));
    }
    Ok(text)
}

/// The byte offset of the first control character other than tab and newline: C0, DEL, or C1
/// (U+0080–U+009F, `C2 80`–`C2 9F` in UTF-8). Scans bytes, not chars: most files have none.
fn first_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let control = |i: usize| {
        let x = b[i];
        (x < 0x20 && x != b'\n' && x != b'\t')
            || x == 0x7F
            || (x == 0xC2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    };
    // 32 bytes at a time without a branch per byte (the fold vectorises); only a block holding
    // a byte that may start a control character is looked at byte by byte.
    let mut start = 0;
    for block in b.chunks(32) {
        let suspect = block
            .iter()
            .fold(false, |any, &x| any | ((x < 0x20) & (x != b'\n') & (x != b'\t')) | (x == 0x7F) | (x == 0xC2));
        if suspect {
            if let Some(at) = (start..start + block.len()).find(|&i| control(i)) {
                return Some(at);
            }
        }
        start += block.len();
    }
    None
}

/// An encoding a file was found in, named for editors and for `iconv -f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// What the message calls it, in Chinese and in English.
    pub name: (&'static str, &'static str),
    /// The name `iconv -f` takes, when converting with it cannot garble the text.
    pub iconv: Option<&'static str>,
}

/// UTF-16 by its byte-order mark, or without one by the zero bytes of its ASCII characters
/// (front matter always has some: `---`, `title:`).
fn utf16(bytes: &[u8]) -> Option<Found> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(Found {
            name: ("UTF-16LE（带字节顺序标记）", "UTF-16LE (with a byte-order mark)"),
            iconv: Some("UTF-16"),
        });
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(Found {
            name: ("UTF-16BE（带字节顺序标记）", "UTF-16BE (with a byte-order mark)"),
            iconv: Some("UTF-16"),
        });
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zero_at = |odd: usize| head.chunks_exact(2).filter(|p| p[odd] == 0 && p[1 - odd] != 0).count();
    let (le, be) = (zero_at(1), zero_at(0));
    let decodes = |enc: &'static encoding_rs::Encoding| !enc.decode_without_bom_handling(bytes).1;
    if le * 5 > pairs && be == 0 && decodes(encoding_rs::UTF_16LE) {
        Some(Found {
            name: ("UTF-16LE（无字节顺序标记）", "UTF-16LE (no byte-order mark)"), iconv: Some("UTF-16LE")
        })
    } else if be * 5 > pairs && le == 0 && decodes(encoding_rs::UTF_16BE) {
        Some(Found {
            name: ("UTF-16BE（无字节顺序标记）", "UTF-16BE (no byte-order mark)"), iconv: Some("UTF-16BE")
        })
    } else {
        None
    }
}

/// A legacy encoding, as chardetng (the detector Firefox uses) guesses it, and only named for
/// `iconv` when the whole file decodes in it without a single error.
fn legacy(bytes: &[u8]) -> Found {
    const UNKNOWN: (&str, &str) = ("无法识别的编码", "an encoding that could not be recognised");
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    let clean = !enc.decode_without_bom_handling(bytes).1;
    let (name, iconv) = match enc.name() {
        // GB18030 is a superset of GBK and GB2312: converting from it never loses a character.
        "GBK" | "gb18030" => (
            ("GB18030/GBK（简体中文，中文 Windows 常用）", "GB18030/GBK (simplified Chinese, from Chinese Windows)"),
            "GB18030",
        ),
        // The WHATWG Big5 is Big5 with the Hong Kong additions.
        "Big5" => {
            (("Big5（繁体中文，台湾或香港常用）", "Big5 (traditional Chinese, from Taiwan or Hong Kong)"), "BIG5-HKSCS")
        }
        "Shift_JIS" => (("Shift_JIS（日文）", "Shift_JIS (Japanese)"), "CP932"),
        "EUC-JP" => (("EUC-JP（日文）", "EUC-JP (Japanese)"), "EUC-JP"),
        "EUC-KR" => (("EUC-KR（韩文）", "EUC-KR (Korean)"), "CP949"),
        // Single-byte guesses decode any bytes at all: naming one would invite a garbling
        // conversion of what is most likely damaged Chinese text.
        _ => (UNKNOWN, ""),
    };
    let name = if clean { name } else { UNKNOWN };
    Found { name, iconv: (clean && !iconv.is_empty()).then_some(iconv) }
}

fn not_utf8(path: &str, line: usize, col: usize, found: Found) -> Diagnostic {
    let name = crate::messages::Text::new(found.name.0, found.name.1);
    Diagnostic::error(path, line, col, msg::not_utf8(path, &name, found.iconv))
}

/// Split `---\n<yaml>\n---\n<body>`.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, msg::empty_file()));
    }
    let Some(rest) = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some("")) else {
        if let Some(seen) = super::slips::fancy_delimiter(text.lines().next().unwrap_or("")) {
            return Err(bad_delimiter(path, 1, &seen));
        }
        return Err(Diagnostic::error(path, 1, 1, msg::no_front_matter()));
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
    for (i, line) in rest.lines().enumerate() {
        if let Some(seen) = super::slips::fancy_delimiter(line) {
            return Err(bad_delimiter(path, i + 2, &seen));
        }
    }
    Err(Diagnostic::error(path, 1, 1, msg::unclosed_front_matter()))
}

fn bad_delimiter(path: &str, line: usize, seen: &str) -> Diagnostic {
    Diagnostic::error(path, line, 1, msg::bad_delimiter(seen))
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
        assert_eq!(split("a.md", "---\ntitle: x\n").unwrap_err().code, crate::messages::Code::UnclosedFrontMatter);
        assert_eq!(split("a.md", "").unwrap_err().code, crate::messages::Code::EmptyFile);
        assert_eq!(split("a.md", "title: x\n").unwrap_err().code, crate::messages::Code::NoFrontMatter);
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
        assert!(d.fix.unwrap().en.contains("iconv -f GB18030 -t UTF-8"));
        assert_eq!((d.line, d.col), (2, 8));
    }

    #[test]
    fn big5_and_utf16_are_named_with_a_conversion_that_does_not_garble() {
        let text = "---\ntitle: 關於印發臺灣鄉鎮資料的通知\ndate: 2025-01-01\n---\n正文說明。\n";
        let (big5, _, _) = encoding_rs::BIG5.encode(text);
        let d = decode("a.md", &big5).unwrap_err();
        assert!(d.message.contains("Big5"), "{}", d.message);
        assert!(d.fix.as_ref().unwrap().en.contains("iconv -f BIG5-HKSCS"), "{:?}", d.fix);
        let utf16 = |be: bool, bom: bool| -> Vec<u8> {
            let mut v = if bom {
                if be {
                    vec![0xFE, 0xFF]
                } else {
                    vec![0xFF, 0xFE]
                }
            } else {
                vec![]
            };
            for u in text.encode_utf16() {
                v.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            v
        };
        for (be, bom, name, iconv) in [
            (false, true, "UTF-16LE (with", "-f UTF-16 "),
            (true, true, "UTF-16BE (with", "-f UTF-16 "),
            (false, false, "UTF-16LE (no", "-f UTF-16LE "),
            (true, false, "UTF-16BE (no", "-f UTF-16BE "),
        ] {
            let d = decode("a.md", &utf16(be, bom)).unwrap_err();
            assert!(d.message.contains(name), "{}", d.message);
            assert!(d.fix.as_ref().unwrap().en.contains(iconv), "{:?}", d.fix);
        }
    }

    #[test]
    fn unrecognisable_bytes_get_no_conversion_command() {
        let d = decode("a.md", b"---\ntitle: \xff\xfe\xfd\x80\x81\n---\n").unwrap_err();
        assert!(!d.fix.as_ref().unwrap().en.contains("iconv"), "{:?}", d.fix);
    }

    #[test]
    fn nul_is_refused_with_position() {
        let d = decode("a.md", b"---\ntitle: a\x00b\n---\n").unwrap_err();
        assert_eq!((d.line, d.col, d.code), (2, 9, crate::messages::Code::ControlChar));
    }
}
