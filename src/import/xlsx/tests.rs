//! The .xlsx reader on small workbooks written here, one OOXML feature each.

use std::io::{Cursor, Write};

use super::*;

const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets><sheet name="一季度" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
const RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://x/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://x/sharedStrings" Target="strings.xml"/><Relationship Id="rId4" Type="http://x/styles" Target="styles.xml"/></Relationships>"#;
const STYLES: &str = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellStyleXfs><xf numFmtId="3"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="2"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;

fn book(sheet1: &str, strings: &str) -> Vec<u8> {
    let sheet2 = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>口径</t></is></c></row></sheetData></worksheet>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in [
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", RELS),
        ("xl/styles.xml", STYLES),
        ("xl/strings.xml", strings),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", sheet2),
    ] {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn sheet(rows: &str) -> String {
    format!("<worksheet><sheetData>{rows}</sheetData></worksheet>")
}

#[test]
fn shared_strings_with_rich_runs_phonetics_and_escapes() {
    let strings = r#"<sst><si><t>县区</t></si><si><r><rPr><b/></rPr><t>明湖</t></r><r><t xml:space="preserve">区 </t></r><rPh><t>めいこ</t></rPh></si><si/><si><t>a_x000D_b &amp; c</t></si></sst>"#;
    let xml = sheet(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>"#,
    );
    let rows = rows("x.xlsx", &book(&xml, strings), None).unwrap();
    assert_eq!(rows, vec![vec!["县区", "a\rb & c"], vec!["明湖区", ""]]);
}

#[test]
fn numbers_through_their_formats_and_the_other_types() {
    let xml = sheet(concat!(
        r#"<row r="1"><c r="A1" s="1"><v>356.8</v></c><c r="B1" s="2" t="n"><v>0.0425</v></c><c r="C1" s="3"><v>45721</v></c><c r="D1"><v>3568.2</v></c></row>"#,
        r#"<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="str"><f>A1&amp;"万"</f><v>356.8万</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="d"><v>2025-03-05</v></c><c r="B3" t="inlineStr"><is><r><t>云</t></r><r><t>溪</t></r></is></c><c r="C3" s="1"/><c r="D3" t="inlineStr"><is><t> 空格 </t></is></c></row>"#,
    ));
    let rows = rows("x.xlsx", &book(&xml, "<sst/>"), None).unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["356.80", "4.3%", "2025-03-05", "3568.2"],
            vec!["是", "否", "", "356.8万"],
            vec!["2025-03-05", "云溪", "", "空格"],
        ]
    );
}

#[test]
fn the_used_range_starts_at_the_first_used_column_and_cells_without_r_follow_on() {
    let xml = sheet(
        r#"<row r="3"><c r="C3" t="inlineStr"><is><t>县区</t></is></c><c t="inlineStr"><is><t>增速</t></is></c></row><row><c r="E4"><v>6</v></c></row>"#,
    );
    let rows = rows("x.xlsx", &book(&xml, "<sst/>"), None).unwrap();
    assert_eq!(rows, vec![vec!["县区", "增速", ""], vec!["", "", "6"]]);
}

#[test]
fn a_sheet_by_name_and_the_names_there_are() {
    let bytes = book(&sheet(""), "<sst/>");
    assert_eq!(rows("x.xlsx", &bytes, Some("说明")).unwrap(), vec![vec!["口径"]]);
    assert_eq!(rows("x.xlsx", &bytes, None).unwrap(), Vec::<Vec<String>>::new());
    let e = rows("x.xlsx", &bytes, Some("二季度")).unwrap_err();
    assert!(e.message.contains("no sheet named '二季度'") && e.fix.contains("一季度, 说明"), "{e:?}");
}

#[test]
fn damaged_sheets_are_refused() {
    let out_of_range = sheet(r#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#);
    assert!(rows("x.xlsx", &book(&out_of_range, "<sst/>"), None).unwrap_err().message.contains("cannot be read"));
    let not_a_number = sheet(r#"<row r="1"><c r="A1"><v>abc</v></c></row>"#);
    assert!(rows("x.xlsx", &book(&not_a_number, "<sst/>"), None).unwrap_err().message.contains("cannot be read"));
    let broken = "<worksheet><sheetData><row></sheetData>";
    assert!(rows("x.xlsx", &book(broken, "<sst/>"), None).unwrap_err().message.contains("not well-formed"));
    let wide = sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>2</v></c></row>"#);
    assert!(rows("x.xlsx", &book(&wide, "<sst/>"), None).unwrap_err().message.contains("columns"));
}

#[test]
fn helpers() {
    assert_eq!(cell_ref("B3"), Some((2, 1)));
    assert_eq!(cell_ref("AA1"), Some((0, 26)));
    assert_eq!(cell_ref("A0"), None);
    assert_eq!(unescape("_x0041__x00zz_ _x"), "A_x00zz_ _x");
    assert_eq!(part_path("/xl/a.xml"), "xl/a.xml");
    assert_eq!(part_path("a.xml"), "xl/a.xml");
}
