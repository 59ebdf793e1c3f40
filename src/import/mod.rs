//! `gongkai import`: Word/WPS 公文 (.docx) and spreadsheets (.xlsx, .csv) → pending entries.
//!
//! The pipeline: [`archive`] opens the OOXML zip with every safety limit enforced while
//! decompressing; [`docx`] reads WordprocessingML into paragraphs, runs, tables, footnotes and
//! images; [`gongwen`] recognises the GB/T 9704 layout (文号, 标题, 主送机关, headings, 落款)
//! and writes the entry; [`sheet`] reads the first (or a named) sheet of an .xlsx ([`xlsx`]:
//! our own reader of the OOXML parts) or a CSV into a bulletin's `table:`, numbers as the
//! sheet displays them ([`numfmt`]). Nothing here touches the site's folders: [`import`]
//! returns the file text and attachments, the command writes them. Every entry is pending
//! and has no classification: a person decides both.

pub mod archive;
pub mod docx;
pub mod gongwen;
mod md;
pub mod numfmt;
pub mod sheet;
mod xlsx;
mod xml;

use crate::messages::{import as msg, Text};
use std::path::Path;

use jiff::civil::Date;

/// The limits every import enforces (docs/import.md states them).
pub mod limits {
    /// The file itself.
    pub const INPUT_BYTES: u64 = 100 << 20;
    /// One zip entry, decompressed (counted while decompressing, not read from the header).
    pub const ENTRY_BYTES: u64 = 64 << 20;
    /// All entries read from one zip, decompressed.
    pub const TOTAL_BYTES: u64 = 256 << 20;
    /// Entries in one zip.
    pub const ENTRIES: usize = 10_000;
    /// Rows of a bulletin table (the header row included).
    pub const ROWS: usize = 10_000;
    /// Columns of a bulletin table.
    pub const COLUMNS: usize = 200;
}

/// Why an import failed: what is wrong and how to fix it. Nothing has been written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImportError {
    pub message: Text,
    pub fix: Text,
}

impl ImportError {
    /// A problem from the catalogue ([`crate::messages::import`]): (message, fix).
    pub fn new((message, fix): (Text, Text)) -> Self {
        ImportError { message, fix }
    }
}

pub type Result<T> = std::result::Result<T, ImportError>;

/// What kind of entry to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Document,
    Bulletin,
}

/// What the import needs to know about the site and the request.
pub struct Request<'a> {
    /// The file's name (for messages and the bulletin's default title).
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub kind: Kind,
    pub slug: Option<&'a str>,
    pub sheet: Option<&'a str>,
    /// site.yaml's departments, in order.
    pub departments: &'a [String],
    pub today: Date,
}

/// Files to write beside the entry: (file name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The entry to write: its path under `content/`, its text, files to write beside it, and
/// warnings for the editor.
#[derive(Debug)]
pub struct Imported {
    /// e.g. `documents/yunzhengbanfa-2025-12.md`.
    pub rel_path: String,
    pub text: String,
    pub attachments: Files,
    pub warnings: Vec<Text>,
}

/// The formats `import` reads, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Csv,
}

/// The format of a file by its extension; old binary formats are refused with the command
/// that converts them.
pub fn format_of(path: &Path) -> Result<Format> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    match ext.as_str() {
        "docx" => Ok(Format::Docx),
        "xlsx" => Ok(Format::Xlsx),
        "csv" => Ok(Format::Csv),
        "doc" | "wps" => Err(ImportError::new(msg::old_word(&name))),
        "xls" | "et" => Err(ImportError::new(msg::old_excel(&name))),
        _ => Err(ImportError::new(msg::unknown_type(&name))),
    }
}

/// Import one file. Pure: bytes in, entry text out.
pub fn import(req: &Request) -> Result<Imported> {
    if req.bytes.len() as u64 > limits::INPUT_BYTES {
        return Err(ImportError::new(msg::too_large(req.file_name, limits::INPUT_BYTES >> 20)));
    }
    let format = format_of(Path::new(req.file_name))?;
    match (format, req.kind) {
        (Format::Docx, Kind::Document) => gongwen::import(req),
        (Format::Xlsx | Format::Csv, Kind::Bulletin) => sheet::import(req, format),
        (Format::Docx, Kind::Bulletin) => Err(ImportError::new(msg::docx_not_bulletin())),
        (_, Kind::Document) => Err(ImportError::new(msg::sheet_not_document())),
    }
}

/// The slug of an imported entry: `--slug`, else from the 文号 (`云政办发〔2025〕12号` →
/// `yunzhengbanfa-2025-12`, the form of the bundled portal), else from the title as `gongkai
/// new` derives it.
pub fn slug_for(given: Option<&str>, doc_number: Option<&str>, title: &str, today: Date) -> Result<String> {
    if let Some(s) = given {
        if crate::content::slug::is_valid(s) {
            return Ok(s.to_string());
        }
        return Err(ImportError::new(msg::bad_slug(s)));
    }
    if let Some((issuer, year, serial)) = doc_number.and_then(crate::content::docnum::parts) {
        let compact: String = crate::content::slug::derive(&issuer).split('-').collect();
        if !compact.is_empty() && !compact.starts_with("entry") {
            return Ok(format!("{compact}-{year}-{serial}"));
        }
    }
    Ok(crate::scaffold::file_slug(title, today))
}

/// A YAML double-quoted string.
pub(crate) fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One front-matter line with its comment, the comments aligned (CJK counted double width).
pub(crate) fn line(text: &str, comment: &str) -> String {
    let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{} # {comment}\n", " ".repeat(33usize.saturating_sub(width)))
}

/// The front-matter lines every imported entry shares: title, date, the gate (no
/// classification: a person sets it), department.
pub(crate) fn common_front(title: &str, today: Date, department: &str, source: &str) -> String {
    [
        format!("title: {}\n", yaml_string(title)),
        line(&format!("date: {today}"), "发布日期: the day of the import; set the publication date"),
        line("# classification: public", "公开属性: NOT SET. A person must decide it and write it here"),
        line("#", "(public/主动公开 to publish); until then this entry is never published"),
        "approval:\n".into(),
        line("  status: pending", "审核状态: pending → approved (then fill by/on)"),
        format!("  # by: 审核人\n  # on: {today}\n"),
        line(&format!("department: {}", yaml_string(department)), "发布机构 (one of site.yaml's departments)"),
        format!(
            "# imported from {} by gongkai import; check every field before approving\n",
            source.replace('\n', " ")
        ),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_formats_are_refused_with_the_conversion_command() {
        let e = format_of(Path::new("x/通知.doc")).unwrap_err();
        assert!(e.fix.contains("libreoffice --headless --convert-to docx 通知.doc"), "{}", e.fix);
        let e = format_of(Path::new("通知.WPS")).unwrap_err();
        assert!(e.fix.contains("--convert-to docx 通知.WPS"));
        assert_eq!(format_of(Path::new("a.DOCX")), Ok(Format::Docx));
    }

    #[test]
    fn slug_from_doc_number_then_title() {
        let d = Date::constant(2026, 1, 2);
        assert_eq!(slug_for(None, Some("云政办发〔2025〕12号"), "x", d).unwrap(), "yunzhengbanfa-2025-12");
        assert_eq!(slug_for(Some("my-doc"), Some("云政发〔2025〕1号"), "x", d).unwrap(), "my-doc");
        assert!(slug_for(Some("Bad Slug"), None, "x", d).is_err());
        assert_eq!(slug_for(None, None, "关于通知", d).unwrap(), "guan-yu-tong-zhi");
    }

    #[test]
    fn yaml_strings_are_escaped() {
        assert_eq!(yaml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
