//! An .xlsx sheet → rows of text as Excel shows them, read straight from the OOXML parts
//! through [`Archive`] (so every part is decompressed within the import limits):
//! `xl/workbook.xml` and its rels find the sheet by name, `sharedStrings.xml` holds the
//! text cells, `styles.xml` gives each cell's number format ([`numfmt`]: dates, decimals,
//! percentages), and the sheet's `<c>` elements carry numbers, shared or inline strings,
//! formula results, booleans and errors. Rows are counted against the limit while reading.
//!
//! The rows start at the first used column and hold every column up to the last used one
//! (the sheet's used range); empty rows are left to the caller.

use crate::messages::import as msg;
use std::collections::{BTreeMap, HashMap};

use quick_xml::events::{BytesStart, Event};

use super::archive::{self, Archive};
use super::xml::{attr, reference, text};
use super::{limits, numfmt, ImportError, Result};

/// The rows of the sheet named `sheet` (else the first sheet) of the workbook in `bytes`.
pub fn rows(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Vec<String>>> {
    let mut zip = Archive::open(file, bytes)?;
    let book = workbook(&mut zip, file)?;
    let (name, path) = match sheet {
        Some(s) => book.sheets.iter().find(|(n, _)| n == s).cloned().ok_or_else(|| {
            let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
            ImportError::new(msg::no_such_sheet(file, s, &names))
        })?,
        None => book.sheets.first().cloned().ok_or_else(|| ImportError::new(msg::no_sheets(file)))?,
    };
    let strings = match xml_part(&mut zip, file, &book.shared_strings)? {
        Some(xml) => shared_strings(&xml).ok_or_else(|| not_xml(file, &book.shared_strings))?,
        None => Vec::new(),
    };
    let formats = match xml_part(&mut zip, file, &book.styles)? {
        Some(xml) => cell_formats(&xml),
        None => Vec::new(),
    };
    let xml = xml_part(&mut zip, file, &path)?.ok_or_else(|| ImportError::new(msg::missing_sheet_part(file, &path)))?;
    let cells = cells(&xml, file, &path)?;
    let damaged = || ImportError::new(msg::unreadable_sheet(file, &name));
    let (Some(c0), Some(c1)) = (cells.iter().map(|c| c.col).min(), cells.iter().map(|c| c.col).max()) else {
        return Ok(Vec::new());
    };
    let width = (c1 - c0) as usize + 1;
    if width > limits::COLUMNS {
        return Err(too_many_columns(file));
    }
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for c in &cells {
        let code = c.style.and_then(|s| formats.get(s as usize)).map_or("General", String::as_str);
        let shown = c.value.shown(&strings, code).ok_or_else(damaged)?;
        rows.entry(c.row).or_insert_with(|| vec![String::new(); width])[(c.col - c0) as usize] = shown;
    }
    Ok(rows.into_values().collect())
}

pub fn too_many_rows(file: &str) -> ImportError {
    ImportError::new(msg::too_many_rows(file, limits::ROWS))
}

pub fn too_many_columns(file: &str) -> ImportError {
    ImportError::new(msg::too_many_columns(file, limits::COLUMNS))
}

fn not_xml(file: &str, part: &str) -> ImportError {
    ImportError::new(msg::not_well_formed(file, part, "Excel/WPS"))
}

fn xml_part(zip: &mut Archive, file: &str, part: &str) -> Result<Option<String>> {
    zip.read(part)?.map(|b| archive::text(b, file, part)).transpose()
}

/// What the workbook part and its relationships say: the sheets in order (name, part path)
/// and where the shared strings and styles live.
struct Workbook {
    sheets: Vec<(String, String)>,
    shared_strings: String,
    styles: String,
}

fn workbook(zip: &mut Archive, file: &str) -> Result<Workbook> {
    let workbook = xml_part(zip, file, "xl/workbook.xml")?.ok_or_else(|| ImportError::new(msg::not_workbook(file)))?;
    let rels = xml_part(zip, file, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let mut book =
        Workbook { sheets: Vec::new(), shared_strings: "xl/sharedStrings.xml".into(), styles: "xl/styles.xml".into() };
    let mut targets = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let Some(target) = attr(&e, b"Target").map(|t| part_path(&t)) else { continue };
                let kind = attr(&e, b"Type").unwrap_or_default();
                if kind.ends_with("/sharedStrings") {
                    book.shared_strings = target.clone();
                } else if kind.ends_with("/styles") {
                    book.styles = target.clone();
                }
                if let Some(id) = attr(&e, b"Id") {
                    targets.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut reader = quick_xml::Reader::from_str(&workbook);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                if let (Some(n), Some(t)) =
                    (attr(&e, b"name"), attr(&e, b"id").and_then(|id| targets.get(&id).cloned()))
                {
                    book.sheets.push((n, t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(book)
}

/// A relationship target as a path in the zip: `/xl/worksheets/sheet1.xml` is absolute,
/// `worksheets/sheet1.xml` is relative to `xl/`.
fn part_path(target: &str) -> String {
    target.strip_prefix('/').map_or_else(|| format!("xl/{}", target.trim_start_matches("./")), str::to_string)
}

/// The text of every `<si>` in order: its `<t>` runs joined, phonetic guides (`<rPh>`) left
/// out. `None` when the part is not well-formed.
fn shared_strings(xml: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut text = Text::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"si" => text = Text::default(),
            Event::End(e) if e.local_name().as_ref() == b"si" => out.push(unescape(&std::mem::take(&mut text.value))),
            Event::Empty(e) if e.local_name().as_ref() == b"si" => out.push(String::new()),
            Event::Eof => return Some(out),
            ev => text.event(&ev),
        }
    }
}

/// Collects the text of `<t>` elements outside phonetic runs (`<rPh>`), in a string item or
/// an inline string.
#[derive(Default)]
struct Text {
    value: String,
    in_t: bool,
    in_phonetic: bool,
}

impl Text {
    fn event(&mut self, ev: &Event) {
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => self.in_t = true,
                b"rPh" => self.in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => self.in_t = false,
                b"rPh" => self.in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if self.in_t && !self.in_phonetic => self.value.push_str(&text(t)),
            Event::CData(t) if self.in_t && !self.in_phonetic => self.value.push_str(&String::from_utf8_lossy(t)),
            Event::GeneralRef(r) if self.in_t && !self.in_phonetic => self.value.push_str(&reference(r)),
            _ => {}
        }
    }
}

/// OOXML's escape for characters XML cannot hold: `_x000D_` → carriage return.
fn unescape(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 2..i + 6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match code.filter(|_| rest.as_bytes().get(i + 6) == Some(&b'_')).and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(c) => {
                out.extend(char::from_u32(c));
                rest = &rest[i + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The number format code of each cell format (`cellXfs`), by index.
fn cell_formats(styles: &str) -> Vec<String> {
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut xfs = Vec::new();
    let mut in_xfs = false;
    let mut reader = quick_xml::Reader::from_str(styles);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) =
                        (attr(&e, b"numFmtId").and_then(|i| i.parse().ok()), attr(&e, b"formatCode"))
                    {
                        custom.insert(id, code);
                    }
                }
                b"cellXfs" => in_xfs = true,
                b"xf" if in_xfs => xfs.push(attr(&e, b"numFmtId").and_then(|i| i.parse::<u32>().ok()).unwrap_or(0)),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    xfs.into_iter()
        .map(|id| {
            custom
                .get(&id)
                .cloned()
                .or_else(|| numfmt::builtin(id).map(str::to_string))
                .unwrap_or_else(|| "General".into())
        })
        .collect()
}

/// One cell with a value: zero-based row and column, its style (`s`), and the value.
#[derive(Debug, PartialEq)]
struct Cell {
    row: u32,
    col: u32,
    style: Option<u32>,
    value: Value,
}

/// A cell's value by its type attribute `t`.
#[derive(Debug, PartialEq)]
enum Value {
    /// `t="n"` or none: a number, shown through the cell's number format.
    Number(String),
    /// `t="s"`: an index into the shared strings.
    Shared(String),
    /// `t="inlineStr"` (`<is><t>…</t></is>`) or `t="str"` (a formula's text result).
    Text(String),
    /// `t="b"`: `1` or `0`.
    Bool(String),
    /// `t="d"`: an ISO 8601 date, shown as written.
    Date(String),
    /// `t="e"`: `#DIV/0!` and the like, shown empty.
    Error,
}

impl Value {
    /// The text the sheet shows; `None` when the cell contradicts its type (a shared-string
    /// index out of range, a number that is not one).
    fn shown(&self, strings: &[String], code: &str) -> Option<String> {
        Some(match self {
            Value::Number(v) => numfmt::display(v.trim().parse().ok()?, code),
            Value::Shared(i) => strings.get(i.trim().parse::<usize>().ok()?)?.trim().to_string(),
            Value::Text(s) => unescape(s).trim().to_string(),
            Value::Bool(b) => if b.trim() == "1" { "是" } else { "否" }.to_string(),
            Value::Date(d) => d.trim().to_string(),
            Value::Error => String::new(),
        })
    }
}

/// The cell being read: where it is, its type and style, and the text gathered so far.
struct Open {
    row: u32,
    col: u32,
    kind: String,
    style: Option<u32>,
    v: Option<String>,
    in_v: bool,
    inline: Option<Text>,
}

/// Every cell of the sheet that has a value, counting rows against the limit as it goes.
/// Rows and cells without an `r` follow the one before them, as Excel reads them.
fn cells(xml: &str, file: &str, path: &str) -> Result<Vec<Cell>> {
    let mut out = Vec::new();
    let (mut rows, mut row, mut col) = (0usize, 0u32, 0u32);
    let mut open: Option<Open> = None;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let ev = reader.read_event().map_err(|_| not_xml(file, path))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                rows += 1;
                if rows > limits::ROWS {
                    return Err(too_many_rows(file));
                }
                row = attr(e, b"r").and_then(|r| r.parse::<u32>().ok()).map_or(row + 1, |r| r.max(1));
                col = 0;
                continue;
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                open = Some(start_cell(e, &mut row, &mut col));
                continue;
            }
            Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                start_cell(e, &mut row, &mut col);
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                out.extend(open.take().and_then(finish_cell));
                continue;
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
        let Some(c) = open.as_mut() else { continue };
        match &ev {
            Event::Start(e) if e.local_name().as_ref() == b"v" => {
                c.in_v = true;
                c.v.get_or_insert_with(String::new);
            }
            Event::End(e) if e.local_name().as_ref() == b"v" => c.in_v = false,
            Event::Start(e) if e.local_name().as_ref() == b"is" => c.inline = Some(Text::default()),
            Event::Text(t) if c.in_v => c.v.get_or_insert_with(String::new).push_str(&text(t)),
            Event::GeneralRef(r) if c.in_v => c.v.get_or_insert_with(String::new).push_str(&reference(r)),
            ev => {
                if let Some(t) = c.inline.as_mut() {
                    t.event(ev)
                }
            }
        }
    }
}

/// Open a `<c>`: its place (from `r`, else the next column of the current row), type and style.
fn start_cell(e: &BytesStart, row: &mut u32, col: &mut u32) -> Open {
    match attr(e, b"r").as_deref().and_then(cell_ref) {
        Some((r, c)) => (*row, *col) = (r + 1, c + 1),
        None => *col += 1,
    }
    Open {
        row: row.saturating_sub(1),
        col: col.saturating_sub(1),
        kind: attr(e, b"t").unwrap_or_default(),
        style: attr(e, b"s").and_then(|s| s.parse().ok()),
        v: None,
        in_v: false,
        inline: None,
    }
}

fn finish_cell(c: Open) -> Option<Cell> {
    let value = match (c.kind.as_str(), c.inline, c.v) {
        ("inlineStr", Some(t), _) => Value::Text(t.value),
        (_, _, None) => return None,
        ("s", _, Some(v)) => Value::Shared(v),
        ("str" | "inlineStr", _, Some(v)) => Value::Text(v),
        ("b", _, Some(v)) => Value::Bool(v),
        ("d", _, Some(v)) => Value::Date(v),
        ("e", _, Some(_)) => Value::Error,
        (_, _, Some(v)) if v.trim().is_empty() => return None,
        (_, _, Some(v)) => Value::Number(v),
    };
    Some(Cell { row: c.row, col: c.col, style: c.style, value })
}

/// `B3` → (2, 1), zero-based (row, column).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    let col = r[..letters]
        .bytes()
        .try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add((b.to_ascii_uppercase() - b'A' + 1) as u32))?;
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests;
