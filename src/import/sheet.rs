//! Spreadsheets → a bulletin's `table:`. An .xlsx is read by [`xlsx`](super::xlsx) (values
//! as the sheet displays them); a CSV may be UTF-8 (with or without BOM), GB18030/GBK or
//! UTF-16 with a BOM. The first row becomes `columns`; every value is written quoted.

use super::xlsx::{self, too_many_columns, too_many_rows};
use super::{common_front, limits, line, yaml_string, Format, ImportError, Imported, Request, Result};
use crate::messages::import as msg;

pub fn import(req: &Request, format: Format) -> Result<Imported> {
    let rows = match format {
        Format::Csv => csv_rows(req)?,
        _ => xlsx::rows(req.file_name, req.bytes, req.sheet)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("\u{feff}县区,增速".as_bytes()).unwrap(), "县区,增速");
        let (gb, _, _) = encoding_rs::GB18030.encode("县区,增速");
        assert_eq!(decode(&gb).unwrap(), "县区,增速");
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
