//! What `gongkai import` says: why a .docx/.xlsx/.csv cannot be imported and what was left out.
//! Each problem is (message, fix).

use super::{tr, Text};

fn save_again(app: &str) -> Text {
    tr!("用 {app} 打开，重新保存后导入新文件", "open it in {app}, save it again and import the new file")
}

pub fn old_word(name: &str) -> (Text, Text) {
    (
        tr!("{name} 是旧版二进制 Word/WPS 文件，import 不读取", "{name} is an old binary Word/WPS file, which import does not read"),
        tr!(
            "先转换为 .docx：`libreoffice --headless --convert-to docx {name}`（或在 WPS/Word 里另存为 .docx），再导入 .docx",
            "convert it to .docx first: `libreoffice --headless --convert-to docx {name}` (or in WPS/Word: 另存为 .docx), then import the .docx"
        ),
    )
}

pub fn old_excel(name: &str) -> (Text, Text) {
    (
        tr!("{name} 是旧版二进制 Excel/WPS 表格，import 不读取", "{name} is an old binary Excel/WPS spreadsheet, which import does not read"),
        tr!(
            "先转换：`libreoffice --headless --convert-to xlsx {name}`（或另存为 .xlsx），再导入 .xlsx",
            "convert it first: `libreoffice --headless --convert-to xlsx {name}` (or 另存为 .xlsx), then import the .xlsx"
        ),
    )
}

pub fn unknown_type(name: &str) -> (Text, Text) {
    (
        tr!(
            "无法导入 {name}：import 只读 .docx、.xlsx 和 .csv 文件",
            "cannot import {name}: import reads .docx, .xlsx and .csv files"
        ),
        tr!(
            "把文件存为 .docx，或把表格存为 .xlsx/.csv，再导入",
            "save the document as .docx or the table as .xlsx/.csv and import that"
        ),
    )
}

pub fn too_large(name: &str, mib: u64) -> (Text, Text) {
    (
        tr!("{name} 超过了导入上限 {mib} MiB", "{name} is larger than the import limit of {mib} MiB"),
        tr!("拆分文件，或删掉其中的大图片，再导入", "split the file, or remove large images from it, and import again"),
    )
}

pub fn unreadable(e: &std::io::Error) -> (Text, Text) {
    (
        tr!("无法读取文件：{e}", "cannot read the file: {e}"),
        tr!("检查路径，以及是否有读取权限", "check the path and that you may read it"),
    )
}

pub fn password(name: &str) -> (Text, Text) {
    (
        tr!("{name} 设了密码（加密的 Office 文件），或是改了扩展名的旧版二进制文件", "{name} is password-protected (an encrypted Office file) or an old binary file renamed"),
        tr!(
            "在 Word/WPS 里打开，去掉密码（文件 → 文档加密 / 信息 → 保护文档），重新存为 .docx/.xlsx",
            "open it in Word/WPS, remove the password (文件 → 文档加密 / 信息 → 保护文档) and save it as .docx/.xlsx again"
        ),
    )
}

pub fn part_password(name: &str) -> (Text, Text) {
    (
        tr!("{name} 设了密码", "{name} is password-protected"),
        tr!("在 Word/WPS/Excel 里去掉密码，重新保存", "remove the password in Word/WPS/Excel and save the file again"),
    )
}

pub fn not_zip(name: &str) -> (Text, Text) {
    (
        tr!(
            "{name} 已损坏：不是有效的 Office Open XML（zip）文件",
            "{name} is damaged: it is not a valid Office Open XML (zip) file"
        ),
        tr!(
            "用 Word/WPS/Excel 打开（它们常能修复），重新保存后导入新文件",
            "open it in Word/WPS/Excel (they can often repair it), save it again and import the new file"
        ),
    )
}

pub fn too_many_parts(name: &str, parts: usize, limit: usize) -> (Text, Text) {
    (
        tr!("{name} 有 {parts} 个部件，超过上限 {limit}", "{name} holds {parts} parts, more than the limit of {limit}"),
        tr!(
            "这不是普通文档；请用 Word/WPS/Excel 重新保存",
            "this is not an ordinary document; save it again from Word/WPS/Excel"
        ),
    )
}

/// `what` says which: a part cannot be read, does not decompress.
pub fn damaged_part(name: &str, decompress: bool) -> (Text, Text) {
    let text = if decompress {
        tr!("{name} 已损坏（有部件无法解压）", "{name} is damaged (a part does not decompress)")
    } else {
        tr!("{name} 已损坏（有部件无法读取）", "{name} is damaged (a part cannot be read)")
    };
    (text, save_again("Word/WPS/Excel"))
}

pub fn zip_bomb(name: &str, part_mib: u64, total_mib: u64, part: &str) -> (Text, Text) {
    (
        tr!(
            "{name} 解压到 {part} 时超过了导入上限（每个部件 {part_mib} MiB，共 {total_mib} MiB）：可能是压缩炸弹",
            "{name} expands past the import limit ({part_mib} MiB per part, {total_mib} MiB in all) at {part}: it may be a zip bomb"
        ),
        tr!(
            "只导入 Word/WPS/Excel 保存的文件；先删掉很大的嵌入对象",
            "import only files saved by Word/WPS/Excel; remove very large embedded objects first"
        ),
    )
}

pub fn not_utf8_part(file: &str, part: &str) -> (Text, Text) {
    (
        tr!("{file} 已损坏：部件 {part} 不是 UTF-8 XML", "{file} is damaged: its part {part} is not UTF-8 XML"),
        save_again("Word/WPS/Excel"),
    )
}

pub fn not_well_formed(file: &str, part: &str, app: &str) -> (Text, Text) {
    (
        tr!("{file} 已损坏：{part} 不是格式正确的 XML", "{file} is damaged: {part} is not well-formed XML"),
        save_again(app),
    )
}

pub fn not_word(file: &str) -> (Text, Text) {
    (
        tr!(
            "{file} 不是 Word 文档（没有 word/document.xml）",
            "{file} is not a Word document (it has no word/document.xml)"
        ),
        tr!(
            "在 Word/WPS 里存为 .docx（Word 文档）再导入",
            "save it from Word/WPS as .docx (Word 文档) and import that"
        ),
    )
}

pub fn classified(file: &str, mark: &str) -> (Text, Text) {
    (
        tr!(
            "{file} 的版头有密级标志（{mark}）：涉密文件一律不导入",
            "{file} carries a 密级 mark in its 版头 ({mark}): classified documents are never imported"
        ),
        tr!(
            "涉密材料不属于门户；只导入已批准公开的文件",
            "classified material does not belong in the portal; import only documents cleared for release"
        ),
    )
}

pub fn no_title(file: &str) -> (Text, Text) {
    (
        tr!(
            "{file} 找不到标题：import 在文号行之后找居中的标题段落（GB/T 9704），或以通知、意见、决定……结尾的第一段",
            "{file} has no recognisable title: import looks for the centred title paragraph(s) after the 文号 line (GB/T 9704), or a first paragraph ending in 通知, 意见, 决定…"
        ),
        tr!(
            "在 Word/WPS 里把标题居中后再导入，或用 `gongkai new document <标题>` 直接写",
            "centre the title in Word/WPS (居中) and import again, or write the entry with `gongkai new document <title>`"
        ),
    )
}

pub fn empty_sheet(file: &str) -> (Text, Text) {
    (
        tr!("{file} 没有数据：表是空的", "{file} has no data: the sheet is empty"),
        tr!("第一行写列名，下面写数据", "put the column names in the first row and the data below it"),
    )
}

pub fn too_many_rows(file: &str, limit: usize) -> (Text, Text) {
    (
        tr!(
            "{file} 超过 {limit} 行，这是通报数据表的上限",
            "{file} has more than {limit} rows, the limit of a bulletin table"
        ),
        tr!(
            "通报的表是给读者看的排名：导入汇总表，完整数据作为附件",
            "a bulletin's table is a ranking for readers: import a summary sheet, and attach the full data as a file"
        ),
    )
}

pub fn too_many_columns(file: &str, limit: usize) -> (Text, Text) {
    (
        tr!("{file} 超过 {limit} 列", "{file} has more than {limit} columns"),
        tr!("导入列数更少的汇总表", "import a summary sheet with fewer columns"),
    )
}

pub fn csv_encoding(file: &str) -> (Text, Text) {
    (
        tr!("{file} 既不是 UTF-8 也不是 GB18030/GBK 文本", "{file} is neither UTF-8 nor GB18030/GBK text"),
        tr!(
            "在 Excel/WPS 里重新另存为 CSV（UTF-8）",
            "save it again as CSV (UTF-8) from Excel/WPS (另存为 → CSV UTF-8)"
        ),
    )
}

pub fn bad_csv(file: &str, line: usize, e: &str) -> (Text, Text) {
    (
        tr!("{file}：第 {line} 行：不是有效的 CSV（{e}）", "{file}: line {line}: not valid CSV ({e})"),
        tr!(
            "检查这一行的引号，或用 Excel/WPS 重新保存",
            "check the quotes on that line, or save the file again from Excel/WPS"
        ),
    )
}

pub fn no_such_sheet(file: &str, sheet: &str, names: &[&str]) -> (Text, Text) {
    let (lz, le) = (names.join("、"), names.join(", "));
    (
        tr!("{file} 没有名为 '{sheet}' 的工作表", "{file} has no sheet named '{sheet}'"),
        tr!("用这些之一：{lz}", "use one of: {le}"),
    )
}

pub fn no_sheets(file: &str) -> (Text, Text) {
    (tr!("{file} 没有工作表", "{file} has no sheets"), tr!("用 Excel/WPS 重新保存", "save it again from Excel/WPS"))
}

pub fn unreadable_sheet(file: &str, name: &str) -> (Text, Text) {
    (
        tr!("{file} 已损坏：工作表 '{name}' 无法读取", "{file} is damaged: the sheet '{name}' cannot be read"),
        save_again("Excel/WPS"),
    )
}

pub fn not_workbook(file: &str) -> (Text, Text) {
    (
        tr!("{file} 不是 Excel 工作簿（没有 xl/workbook.xml）", "{file} is not an Excel workbook (no xl/workbook.xml)"),
        tr!("在 Excel/WPS 里存为 .xlsx", "save it from Excel/WPS as .xlsx"),
    )
}

pub fn missing_sheet_part(file: &str, path: &str) -> (Text, Text) {
    (
        tr!("{file} 已损坏：缺少工作表部件 {path}", "{file} is damaged: the sheet part {path} is missing"),
        save_again("Excel/WPS"),
    )
}

/// `what` is an image or an embedded object.
pub fn media_kind(image: bool) -> Text {
    if image {
        tr!("图片", "image")
    } else {
        tr!("嵌入对象", "embedded object")
    }
}

pub fn media_type(what: &Text, ext: &str) -> Text {
    let (wz, we) = (&what.zh, &what.en);
    tr!(
        "一个 .{ext} 格式的{wz}没有导入：门户发布 PNG/JPEG/GIF 图片和 PDF/Office 文件；请转换格式后手工作为附件",
        "an {we} of type .{ext} was left out: the portal publishes PNG/JPEG/GIF images and PDF/Office files; convert it and attach it by hand"
    )
}

pub fn media_failed(what: &Text, e: &Text) -> Text {
    let (wz, we, ez, ee) = (&what.zh, &what.en, &e.zh, &e.en);
    tr!("一个{wz}没有导入：{ez}", "an {we} was left out: {ee}")
}

pub fn media_missing(what: &Text) -> Text {
    let (wz, we) = (&what.zh, &what.en);
    tr!(
        "一个{wz}链接到文档外部或已缺失，没有导入",
        "an {we} is linked from outside the document or missing; it was left out"
    )
}

pub fn merged_cells(notes: &str) -> Text {
    tr!("有表格含合并单元格，已拆平（{notes}）；请核对", "a table has merged cells, flattened ({notes}); check it")
}

pub fn signer_not_department(signer: &str, fallback: &str) -> Text {
    tr!(
        "发文机关署名“{signer}”不在 site.yaml 的发布机构里：`department` 暂设为“{fallback}”，请核对",
        "the 发文机关署名 '{signer}' is not one of site.yaml's departments: `department` is set to '{fallback}', check it"
    )
}

pub fn no_signer(fallback: &str) -> Text {
    tr!(
        "文末没有找到发文机关署名：`department` 暂设为“{fallback}”，请核对",
        "no 发文机关署名 found at the end of the document: `department` is set to '{fallback}', check it"
    )
}

pub fn docx_not_bulletin() -> (Text, Text) {
    (
        tr!(".docx 只能导入为政府文件，不能导入为通报", "a .docx becomes a document, not a bulletin"),
        tr!(
            "去掉 `--kind bulletin`，或从 .xlsx/.csv 导入通报的数据表",
            "drop `--kind bulletin`, or import the bulletin's table from an .xlsx or .csv"
        ),
    )
}

pub fn sheet_not_document() -> (Text, Text) {
    (
        tr!("表格只能导入为通报，不能导入为政府文件", "a spreadsheet becomes a bulletin, not a document"),
        tr!("加上 `--kind bulletin`", "pass `--kind bulletin`"),
    )
}

pub fn no_written() -> Text {
    tr!(
        "文末没有找到成文日期（如 2025年3月5日）：请填写 `written`",
        "no 成文日期 (a date like 2025年3月5日) found at the end of the document: fill in `written`"
    )
}

pub fn bad_slug(s: &str) -> (Text, Text) {
    (
        tr!("--slug '{s}' 不是合规的网址名", "--slug '{s}' is not a valid URL segment"),
        tr!(
            "用小写字母、数字和连字符，以字母或数字开头（例如 `yunzhengfa-2025-3`）",
            "use lower-case letters, digits and hyphens, starting with a letter or digit (e.g. `yunzhengfa-2025-3`)"
        ),
    )
}
