//! `gongkai import`: the committed fixtures (made by tests/fixtures/import/make_fixtures.py)
//! imported into a site, the entries read back, one round trip to the built page, and every
//! bad input (made here at run time: damaged, encrypted, zip bomb, a million rows) refused
//! with exit 1 and nothing written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{fixtures, Run, TestSite, NOW};

const YUNZHOU: &str = "title: 云州市人民政府门户网站\nbase_url: https://www.yunzhou.gov.cn\norg_code: \"115301000000000000\"\nsite_id_code: \"5301000001\"\ndepartments:\n  - 云州市人民政府办公室\n  - 云州市政务服务管理局\n";

fn fixture(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

fn yunzhou() -> TestSite {
    let site = TestSite::new();
    site.write("site.yaml", YUNZHOU);
    site
}

fn import(site: &TestSite, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["import", file.to_str().unwrap(), "--now", NOW];
    args.extend(extra);
    site.run(&args)
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under content/, for "nothing was written".
fn content_files(site: &TestSite) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(site.root()).unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_gongwen_becomes_a_pending_document() {
    let site = yunzhou();
    let run = import(&site, &fixture("gongwen.docx"), &[]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stdout.trim(), "content/documents/yunzhengbanfa-2025-12.md");
    let md = read(&site, "content/documents/yunzhengbanfa-2025-12.md");
    for want in [
        "title: \"云州市人民政府办公室关于做好2025年春季森林防火工作的通知\"",
        "date: 2025-06-01",
        "# classification: public",
        "  status: pending",
        "department: \"云州市人民政府办公室\"",
        "doc_number: \"云政办发〔2025〕12号\"",
        "doc_type: office",
        "# guessed from the 文号 (…办发 → office): check it",
        "written: 2025-03-05",
        "genre: 通知",
        "attachments: [\"yunzhengbanfa-2025-12-1.png\"]",
        "---\n\n各县（市、区）人民政府，市直各部门：\n\n为切实做好",
        "**确保人民群众生命财产安全**",
        "*高度重视*",
        "\n## 一、总体要求\n",
        "\n### （一）明确工作责任\n",
        "\n#### 1.加强组织领导\n",
        "重点时段[^1]加强巡查值守。",
        "- 设立防火检查站；\n- 配备扑火工具。",
        "| 县区 | 物资 | 数量（套） |\n|---|---|---|\n| 明湖区 | 风力灭火机 | 12 |\n|  | 防火服 | 40 |\n| 青山县 | 合计52 |  |",
        "<!-- gongkai import: merged cells were flattened, check this table: A3 is merged with the cell above; B4 spans 2 columns -->",
        "![图1](yunzhengbanfa-2025-12-1.png)",
        "\n\n云州市人民政府办公室\\\n2025年3月5日\n\n[^1]: 示例注释：本文所称“重点时段”指每年3月至5月。\n",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(!md.contains("\nclassification:"), "classification is left for a person");
    assert!(!md.contains("文件\n") && !md.contains("此件公开发布）\n\n"), "版头 and 附注 are not body text");
    assert!(std::fs::read(site.path("content/documents/yunzhengbanfa-2025-12-1.png")).unwrap().starts_with(b"\x89PNG"));
    // check ran on the new file and printed its problem.
    assert!(
        run.stderr
            .contains("content/documents/yunzhengbanfa-2025-12.md:2:1: error: missing required field `classification`"),
        "{run}"
    );
    assert!(run.stderr.contains("merged cells"), "{run}");
}

#[test]
fn a_wps_gongwen_with_numbering_and_chinese_date() {
    let site = yunzhou();
    let run = import(&site, &fixture("gongwen-wps.docx"), &["--slug", "yichuang-tongban"]);
    assert_eq!(run.code, 0, "{run}");
    let md = read(&site, "content/documents/yichuang-tongban.md");
    for want in [
        "title: \"云州市政务服务管理局关于推行“一窗通办”的实施意见\"",
        "doc_number: \"云政服发〔2025〕3号\"",
        "doc_type: general",
        "written: 2025-03-05",
        "genre: 意见",
        "department: \"云州市政务服务管理局\"",
        "---\n\n各县（市、区）政务服务中心：\n\n为进一步优化政务服务，提出如下意见。[^1]",
        "\n## 一、总体目标\n",
        "\n### （一）工作原则\n",
        "\n## 二、重点任务\n",
        "\n#### 1.整合窗口\n",
        "| 受理件数 | 120 | 135 |\n|  | 合计255 |  |",
        "云州市政务服务管理局\\\n二〇二五年三月五日\n\n[^1]: “一窗通办”指在一个窗口办理多个部门的事项。",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
}

#[test]
fn an_unknown_signer_falls_back_to_the_first_department_with_a_warning() {
    let site = TestSite::new();
    let run = import(&site, &fixture("gongwen.docx"), &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains("warning: the 发文机关署名 '云州市人民政府办公室' is not one of site.yaml's departments"),
        "{run}"
    );
    assert!(read(&site, "content/documents/yunzhengbanfa-2025-12.md").contains("department: \"测试市人民政府办公室\""));
}

/// Publish what was imported the way an editor does, in place.
fn publish(site: &TestSite, rel: &str, extra: &[(&str, &str)]) {
    let mut md = read(site, rel).replacen("# classification: public", "classification: public", 1).replacen(
        "  status: pending",
        "  status: approved\n  by: 张审核\n  on: 2025-05-30",
        1,
    );
    for (from, to) in extra {
        assert!(md.contains(from), "{from}");
        md = md.replacen(from, to, 1);
    }
    site.write(rel, md);
}

#[test]
fn round_trip_import_approve_build_shows_the_document() {
    let site = yunzhou();
    assert_eq!(import(&site, &fixture("gongwen.docx"), &[]).code, 0);
    publish(&site, "content/documents/yunzhengbanfa-2025-12.md", &[]);
    site.run(&["check", "--now", NOW]).ok();
    site.build().ok();
    let page = read(&site, "public/documents/yunzhengbanfa-2025-12/index.html");
    for want in [
        "云州市人民政府办公室关于做好2025年春季森林防火工作的通知",
        "云政办发〔2025〕12号",
        "2025-03-05",
        "<p class=\"addressee\">各县（市、区）人民政府，市直各部门：</p>",
        "<strong>确保人民群众生命财产安全</strong>",
        "风力灭火机",
        "合计52",
        "<p class=\"signature\">云州市人民政府办公室<br />\n2025年3月5日</p>",
        "示例注释",
        "yunzhengbanfa-2025-12-1.png",
    ] {
        assert!(page.contains(want), "missing {want:?} in the page");
    }
    assert!(!page.contains("gongkai import: merged"), "the import note is a comment, never published");
    assert!(site.path("public/documents/yunzhengbanfa-2025-12/yunzhengbanfa-2025-12-1.png").is_file());
    // The stylesheet's name carries its content hash (style.<hash>.css).
    let css_dir = site.path("public/assets/css");
    let style = std::fs::read_dir(&css_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("a stylesheet");
    let css = read(&site, &format!("public/assets/css/{style}"));
    assert!(css.contains(".prose p.signature { text-indent: 0; text-align: right;"), "theme right-aligns the 落款");
}

#[test]
fn an_imported_entry_stays_withheld_until_a_person_classifies_it() {
    let site = yunzhou();
    assert_eq!(import(&site, &fixture("gongwen.docx"), &[]).code, 0);
    let md = read(&site, "content/documents/yunzhengbanfa-2025-12.md").replacen(
        "  status: pending",
        "  status: approved\n  by: 张审核\n  on: 2025-05-30",
        1,
    );
    site.write("content/documents/yunzhengbanfa-2025-12.md", md);
    let run = site.build();
    assert!(!run.all().contains("春季森林防火"), "{run}");
    if site.out().exists() {
        assert!(
            !crate::common::all_output_text(&site.out()).contains("春季森林防火"),
            "approved but unclassified: published nowhere"
        );
    }
}

#[test]
fn an_xlsx_becomes_a_bulletin_with_numbers_as_displayed() {
    let site = yunzhou();
    let run = import(&site, &fixture("stats.xlsx"), &["--kind", "bulletin", "--slug", "gdp-2025-q1"]);
    assert_eq!(run.code, 0, "{run}");
    let md = read(&site, "content/bulletins/gdp-2025-q1.md");
    for want in [
        "columns: [\"县区\", \"地区生产总值（亿元）\", \"增速（%）\", \"常住人口（人）\", \"占全市比重\"]",
        "  rank_by:   ",
        "- [\"明湖区\", \"356.82\", \"6.0\", \"482615\", \"12.5%\"]",
        "- [\"青山县\", \"120.50\", \"5.3\", \"201334\", \"4.3%\"]",
        "- [\"云溪县\", \"98.00\", \"6.0\", \"150020\", \"3.3%\"]",
        "# series: statistics",
        "# period: ",
        "# classification: public",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    // Another sheet by name; a missing one names the sheets there are.
    let run = import(&site, &fixture("stats.xlsx"), &["--sheet", "说明", "--slug", "shuoming"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(read(&site, "content/bulletins/shuoming.md").contains("- [\"口径\", \"按现价计算\"]"));
    let run = import(&site, &fixture("stats.xlsx"), &["--sheet", "二季度", "--slug", "x"]);
    run.fails();
    assert!(run.stderr.contains("no sheet named '二季度'") && run.stderr.contains("一季度, 说明"), "{run}");
    // Round trip: the table keeps 6.0 on the page.
    publish(
        &site,
        "content/bulletins/gdp-2025-q1.md",
        &[
            ("# series: statistics", "series: statistics #"),
            ("# period: 2025-Q1", "period: 2025-Q1 #"),
            ("  rank_by:   ", "  rank_by: 增速（%）   "),
        ],
    );
    site.remove("content/bulletins/shuoming.md");
    site.build().ok();
    let page = read(&site, "public/bulletins/gdp-2025-q1/index.html");
    assert!(page.contains(">6.0<") && page.contains(">356.82<") && page.contains(">12.5%<"), "{page}");
}

#[test]
fn csv_in_gb18030_and_utf8_with_bom() {
    let site = yunzhou();
    let run = import(&site, &fixture("stats-gb18030.csv"), &["--slug", "banjie"]);
    assert_eq!(run.code, 0, "{run}");
    let md = read(&site, "content/bulletins/banjie.md");
    assert!(md.contains("columns: [\"县区\", \"办结率（%）\", \"群众满意度\"]"), "{md}");
    assert!(md.contains("- [\"明湖区\", \"98.0\", \"99.50\"]"), "{md}");
    let bom = site.tmp.path().join("满意度.csv");
    std::fs::write(&bom, "\u{feff}县区,满意度\n明湖区,\"99.0\"\n".as_bytes()).unwrap();
    let run = import(&site, &bom, &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.starts_with("content/bulletins/man-yi-du.md"), "{run}");
    assert!(read(&site, "content/bulletins/man-yi-du.md").contains("columns: [\"县区\", \"满意度\"]\n"));
}

#[test]
fn an_existing_entry_is_replaced_only_with_force() {
    let site = yunzhou();
    site.write("content/documents/yunzhengbanfa-2025-12.md", "mine");
    let run = import(&site, &fixture("gongwen.docx"), &[]);
    run.fails();
    assert!(run.stderr.contains("already exists") && run.stderr.contains("--force"), "{run}");
    assert_eq!(read(&site, "content/documents/yunzhengbanfa-2025-12.md"), "mine");
    assert_eq!(content_files(&site), vec!["content/documents/yunzhengbanfa-2025-12.md"], "no image written either");
    let run = import(&site, &fixture("gongwen.docx"), &["--force"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(read(&site, "content/documents/yunzhengbanfa-2025-12.md").starts_with("---\ntitle:"));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every bad input: exit 1, a clear message, nothing under content/.
#[test]
fn bad_inputs_are_refused_and_nothing_is_written() {
    let site = yunzhou();
    let dir = site.tmp.path();
    let good = std::fs::read(fixture("gongwen.docx")).unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 4096]);
    // A zip bomb: a 65 MiB part (over the 64 MiB limit) that compresses to ~64 KiB; its header is honest,
    // the limit is counted while decompressing.
    let zeros = vec![b' '; 65 << 20];
    let bomb = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", &zeros)]);
    drop(zeros);
    let mut rows = String::from("<worksheet><sheetData>");
    for i in 1..=1_000_000 {
        rows.push_str(&format!("<row r=\"{i}\"><c r=\"A{i}\"><v>{i}</v></c></row>"));
    }
    rows.push_str("</sheetData></worksheet>");
    let million = zip_of(&[
        (
            "xl/workbook.xml",
            b"<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            b"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", rows.as_bytes()),
    ]);
    drop(rows);
    let million_csv: String =
        std::iter::once("县区,数\n".to_string()).chain((0..1_000_000).map(|i| format!("区{i},{i}\n"))).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("通知.doc", b"\xD0\xCF\x11\xE0".to_vec(), "libreoffice --headless --convert-to docx 通知.doc"),
        ("通知.wps", b"x".to_vec(), "libreoffice --headless --convert-to docx 通知.wps"),
        ("damaged.docx", good[..good.len() / 3].to_vec(), "is damaged"),
        ("garbage.docx", b"not a zip at all".to_vec(), "is damaged"),
        ("secret.docx", ole.clone(), "password-protected"),
        ("secret.xlsx", ole, "password-protected"),
        ("untitled.docx", std::fs::read(fixture("untitled.docx")).unwrap(), "no recognisable title"),
        ("bomb.docx", bomb, "zip bomb"),
        ("million.xlsx", million, "more than 10000 rows"),
        ("million.csv", million_csv.into_bytes(), "more than 10000 rows"),
        ("notes.txt", b"x".to_vec(), "import reads .docx, .xlsx and .csv"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let run = import(&site, &path, &[]);
        run.fails();
        assert!(run.stderr.contains(message), "{name}: expected {message:?}\n{run}");
        assert!(run.stderr.contains("help: "), "{name}: says how to fix it\n{run}");
        assert!(run.stdout.is_empty(), "{name}\n{run}");
        assert!(content_files(&site).is_empty(), "{name} wrote {:?}", content_files(&site));
    }
}

/// An embedded spreadsheet becomes an attachment beside the .md; an EMF drawing (which the
/// portal cannot show) is left out with a warning.
#[test]
fn embedded_objects_become_attachments_and_unpublishable_images_are_left_out() {
    let site = yunzhou();
    let p = |jc: &str, t: &str| format!("<w:p><w:pPr><w:jc w:val=\"{jc}\"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>");
    let body = [
        p("center", "云州市人民政府办公室关于报送数据的函"),
        "<w:p><w:r><w:t>数据见附表：</w:t></w:r><w:r><w:object><v:shape><v:imagedata r:id=\"rId5\"/></v:shape><o:OLEObject r:id=\"rId6\"/></w:object></w:r></w:p>".into(),
        "<w:p><w:r><w:drawing><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rId7\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></w:drawing></w:r></w:p>".into(),
        p("right", "云州市人民政府办公室"),
        p("right", "2025年4月1日"),
    ]
    .concat();
    let doc = format!("<w:document xmlns:w=\"w\" xmlns:r=\"r\" xmlns:v=\"v\" xmlns:o=\"o\" xmlns:a=\"a\" xmlns:pic=\"pic\"><w:body>{body}</w:body></w:document>");
    let rels = "<Relationships><Relationship Id=\"rId5\" Target=\"media/image2.emf\"/><Relationship Id=\"rId6\" Target=\"embeddings/Microsoft_Excel_Worksheet.xlsx\"/><Relationship Id=\"rId7\" Target=\"media/image1.emf\"/></Relationships>";
    let docx = zip_of(&[
        ("word/document.xml", doc.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.emf", b"EMF"),
        ("word/media/image2.emf", b"EMF preview"),
        ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK embedded"),
    ]);
    let path = site.tmp.path().join("han.docx");
    std::fs::write(&path, docx).unwrap();
    let run = import(&site, &path, &["--slug", "baosong"]);
    assert_eq!(run.code, 0, "{run}");
    let md = read(&site, "content/documents/baosong.md");
    assert!(md.contains("attachments: [\"baosong-1.xlsx\"]"), "{md}");
    assert!(md.contains("数据见附表：[嵌入对象1](baosong-1.xlsx)"), "{md}");
    assert!(md.contains("genre: 函") && md.contains("written: 2025-04-01"), "{md}");
    assert!(md.contains("# doc_number:"), "no 文号: left for the editor\n{md}");
    assert!(md.contains("doc_type: letter"), "a 函 without 文号 is a letter\n{md}");
    assert!(!md.contains(".emf"), "{md}");
    assert_eq!(std::fs::read(site.path("content/documents/baosong-1.xlsx")).unwrap(), b"PK embedded");
    assert!(run.stderr.contains("warning: an image of type .emf was left out"), "{run}");
}
