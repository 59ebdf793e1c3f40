//! Spreadsheets → a bulletin's `table:`. An .xlsx is read with calamine for the values and,
//! since calamine does not expose number formats, with our own pass over styles.xml and the
//! sheet's XML for each cell's format (and the row count, checked before calamine loads the
//! sheet). A CSV may be UTF-8 (with or without BOM), GB18030/GBK or UTF-16 with a BOM. The
//! first row becomes `columns`; every value is written as the sheet displays it, quoted.

use crate::messages::import as msg;
use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;

use super::archive::{self, Archive};
use super::xml::attr;
use super::{common_front, limits, line, numfmt, yaml_string, Format, ImportError, Imported, Request, Result};

pub fn import(req: &Request, format: Format) -> Result<Imported> {
    let rows = match format {
        Format::Csv => csv_rows(req)?,
        _ => xlsx_rows(req)?,
    };
    let rows = trim(rows);
    if rows.is_empty() {
        return Err(ImportError::new(msg::empty_sheet(req.file_name)));
    }
    let stem =
        std::path::Path::new(req.file_name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let slug = super::slug_for(req.slug, None, &stem, req.today)?;
    let department = req.departments.first().cloned().unwrap_or_default();
    let mut f = common_front(&stem, req.today, &department, req.file_name);
    f.push_str("# title above is the file name: write the bulletin's title; `department`: the issuing department\n");
    f.push_str(&line(
        "# series: statistics",
        "通报系列: supervision | implementation | statistics | information — set it",
    ));
    f.push_str(&line(
        &format!("# period: {}-Q1", req.today.year()),
        "期: 2025-06 (monthly) or 2025-Q1 (quarterly) — set it",
    ));
    f.push_str(&table_yaml(&rows));
    Ok(Imported {
        rel_path: format!("bulletins/{slug}.md"),
        text: format!("---\n{f}---\n\n正文。\n"),
        attachments: Vec::new(),
        warnings: Vec::new(),
    })
}

fn table_yaml(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let columns: Vec<String> = (0..width)
        .map(|i| rows[0].get(i).filter(|c| !c.trim().is_empty()).cloned().unwrap_or_else(|| format!("列{}", i + 1)))
        .map(|c| yaml_string(c.trim()))
        .collect();
    let mut y = format!("table:\n  columns: [{}]\n", columns.join(", "));
    y.push_str(&line("  rank_by:", "the column to rank by (descending), one of the columns above: fill it in"));
    y.push_str("  rows:\n");
    for r in &rows[1..] {
        let cells: Vec<String> = (0..width).map(|i| yaml_string(r.get(i).map_or("", |s| s.as_str()))).collect();
        y.push_str(&format!("    - [{}]\n", cells.join(", ")));
    }
    y
}

/// Drop empty rows and trailing empty columns.
fn trim(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty())).collect();
    let width =
        rows.iter().map(|r| r.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1)).max().unwrap_or(0);
    rows.iter_mut().for_each(|r| r.truncate(width));
    rows
}

fn too_many_rows(file: &str) -> ImportError {
    ImportError::new(msg::too_many_rows(file, limits::ROWS))
}

fn too_many_columns(file: &str) -> ImportError {
    ImportError::new(msg::too_many_columns(file, limits::COLUMNS))
}

fn csv_rows(req: &Request) -> Result<Vec<Vec<String>>> {
    let text = decode(req.bytes).ok_or_else(|| ImportError::new(msg::csv_encoding(req.file_name)))?;
    let delimiter =
        if text.lines().next().is_some_and(|l| l.contains('\t') && !l.contains(',')) { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= limits::ROWS {
            return Err(too_many_rows(req.file_name));
        }
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| p.line() as usize);
            ImportError::new(msg::bad_csv(req.file_name, line, &e.to_string()))
        })?;
        if record.len() > limits::COLUMNS {
            return Err(too_many_columns(req.file_name));
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (a superset of GBK/GB2312).
pub fn decode(bytes: &[u8]) -> Option<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..]).map(|c| c.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|c| c.into_owned())
}

fn xlsx_rows(req: &Request) -> Result<Vec<Vec<String>>> {
    let file = req.file_name;
    let mut zip = Archive::open(file, req.bytes)?;
    zip.check_all()?;
    let sheets = sheet_paths(&mut zip, file)?;
    let (name, path) = match req.sheet {
        Some(s) => sheets.iter().find(|(n, _)| n == s).cloned().ok_or_else(|| {
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            ImportError::new(msg::no_such_sheet(file, s, &names))
        })?,
        None => sheets.first().cloned().ok_or_else(|| ImportError::new(msg::no_sheets(file)))?,
    };
    let formats = cell_formats(&mut zip, file)?;
    let styles = sheet_styles(&mut zip, file, &path)?;
    let damaged = || ImportError::new(msg::unreadable_sheet(file, &name));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(req.bytes)).map_err(|_| damaged())?;
    let range = book.worksheet_range(&name).map_err(|_| damaged())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (r, row) in range.rows().enumerate() {
        if row.len() > limits::COLUMNS {
            return Err(too_many_columns(file));
        }
        let cells = row.iter().enumerate().map(|(c, v)| {
            let code = styles
                .get(&(r0 + r as u32, c0 + c as u32))
                .and_then(|s| formats.get(*s as usize))
                .map_or("General", String::as_str);
            shown(v, code)
        });
        rows.push(cells.collect());
    }
    Ok(rows)
}

/// A cell as the sheet shows it.
fn shown(v: &Data, code: &str) -> String {
    match v {
        Data::Int(i) => numfmt::display(*i as f64, code),
        Data::Float(f) => numfmt::display(*f, code),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => numfmt::date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn xml_part(zip: &mut Archive, file: &str, part: &str) -> Result<Option<String>> {
    zip.read(part)?.map(|b| archive::text(b, file, part)).transpose()
}

/// (sheet name, part path) in workbook order.
fn sheet_paths(zip: &mut Archive, file: &str) -> Result<Vec<(String, String)>> {
    let workbook = xml_part(zip, file, "xl/workbook.xml")?.ok_or_else(|| ImportError::new(msg::not_workbook(file)))?;
    let rels = xml_part(zip, file, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let mut targets = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    targets.insert(id, t.strip_prefix('/').map_or_else(|| format!("xl/{t}"), str::to_string));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&workbook);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                if let (Some(n), Some(t)) =
                    (attr(&e, b"name"), attr(&e, b"id").and_then(|id| targets.get(&id).cloned()))
                {
                    out.push((n, t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The number format code of each cell format (`cellXfs`), by index.
fn cell_formats(zip: &mut Archive, file: &str) -> Result<Vec<String>> {
    let Some(styles) = xml_part(zip, file, "xl/styles.xml")? else { return Ok(Vec::new()) };
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut xfs = Vec::new();
    let mut in_xfs = false;
    let mut reader = quick_xml::Reader::from_str(&styles);
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
    Ok(xfs
        .into_iter()
        .map(|id| {
            custom
                .get(&id)
                .cloned()
                .or_else(|| numfmt::builtin(id).map(str::to_string))
                .unwrap_or_else(|| "General".into())
        })
        .collect())
}

/// Each cell's style index, by (row, column), counting rows against the limit as it goes.
fn sheet_styles(zip: &mut Archive, file: &str, path: &str) -> Result<HashMap<(u32, u32), u32>> {
    let xml = xml_part(zip, file, path)?.ok_or_else(|| ImportError::new(msg::missing_sheet_part(file, path)))?;
    let mut out = HashMap::new();
    let mut rows = 0usize;
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"row" => {
                    rows += 1;
                    if rows > limits::ROWS {
                        return Err(too_many_rows(file));
                    }
                }
                b"c" => {
                    if let (Some(r), Some(s)) = (attr(&e, b"r"), attr(&e, b"s").and_then(|s| s.parse().ok())) {
                        if let Some(pos) = cell_ref(&r) {
                            out.insert(pos, s);
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(ImportError::new(msg::not_well_formed(file, path, "Excel/WPS"))),
            _ => {}
        }
    }
    Ok(out)
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
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("\u{feff}县区,增速".as_bytes()).unwrap(), "县区,增速");
        let (gb, _, _) = encoding_rs::GB18030.encode("县区,增速");
        assert_eq!(decode(&gb).unwrap(), "县区,增速");
        assert_eq!(cell_ref("B3"), Some((2, 1)));
        assert_eq!(cell_ref("AA1"), Some((0, 26)));
    }

    #[test]
    fn table_yaml_quotes_every_value() {
        let rows = trim(vec![
            vec!["县区".into(), "增速".into(), "".into()],
            vec!["明湖区".into(), "6.0".into(), "".into()],
            vec!["".into()],
        ]);
        let y = table_yaml(&rows);
        assert!(y.contains("columns: [\"县区\", \"增速\"]"), "{y}");
        assert!(y.contains("- [\"明湖区\", \"6.0\"]"), "{y}");
    }
}
