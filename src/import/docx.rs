//! WordprocessingML (.docx, as Word, WPS and LibreOffice write it) → paragraphs with their
//! alignment, style, numbering and runs (text, bold, italic, line breaks, footnote marks,
//! images, embedded objects), tables with merged cells, footnotes, and the relationships
//! that locate images. A streaming pass with quick-xml over each part; layout is left to
//! [`super::gongwen`].

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::{self, Archive};
use super::xml::{attr, on, reference, text};
use super::{ImportError, Result};

/// Footnote id → its paragraphs.
pub type Footnotes = HashMap<String, Vec<Para>>;

#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// Footnote id → its paragraphs.
    pub footnotes: Footnotes,
    /// Relationship id → target inside the zip (`word/media/image1.png`); external targets
    /// are left out.
    pub rels: HashMap<String, String>,
    pub numbering: Numbering,
    pub styles: HashMap<String, Style>,
}

#[derive(Debug)]
pub enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style: String,
    pub align: Align,
    /// (numId, level) from the paragraph's own `w:numPr`.
    pub num: Option<(String, u8)>,
    /// `w:outlineLvl` set on the paragraph (0 = level 1).
    pub outline: Option<u8>,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text { text: String, bold: bool, italic: bool },
    Break,
    Footnote(String),
    Image(String),
    Object(String),
}

impl Para {
    /// The paragraph's text, line breaks as `\n`, without footnote marks or images.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text { text, .. } => s.push_str(text),
                Inline::Break => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    fn push_text(&mut self, t: &str, bold: bool, italic: bool) {
        if t.is_empty() {
            return;
        }
        if let Some(Inline::Text { text, bold: b, italic: i }) = self.inlines.last_mut() {
            if *b == bold && *i == italic {
                text.push_str(t);
                return;
            }
        }
        self.inlines.push(Inline::Text { text: t.to_string(), bold, italic });
    }
}

#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Merge {
    #[default]
    None,
    /// The first cell of a vertical merge.
    Start,
    /// Covered by the cell above.
    Continue,
}

#[derive(Debug, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// Grid columns this cell spans (`w:gridSpan`).
    pub span: usize,
    pub merge: Merge,
}

/// A paragraph style: its name, heading level and numbering.
#[derive(Debug, Default, Clone)]
pub struct Style {
    pub name: String,
    pub outline: Option<u8>,
    pub num: Option<(String, u8)>,
}

/// numbering.xml: numId → level → (format, level text).
#[derive(Debug, Default)]
pub struct Numbering {
    pub levels: HashMap<String, HashMap<u8, (String, String)>>,
}

/// Read a .docx.
pub fn read(file: &str, bytes: &[u8]) -> Result<Doc> {
    let mut zip = Archive::open(file, bytes)?;
    let Some(main) = zip.read("word/document.xml")? else {
        return Err(ImportError::new(crate::messages::import::not_word(file)));
    };
    let main = archive::text(main, file, "word/document.xml")?;
    let mut doc = Doc { blocks: parse_blocks(&main, file)?.0, ..Doc::default() };
    if let Some(x) = zip.read("word/footnotes.xml")? {
        doc.footnotes = parse_blocks(&archive::text(x, file, "word/footnotes.xml")?, file)?.1;
    }
    if let Some(x) = zip.read("word/_rels/document.xml.rels")? {
        doc.rels = parse_rels(&archive::text(x, file, "word/_rels/document.xml.rels")?);
    }
    if let Some(x) = zip.read("word/numbering.xml")? {
        doc.numbering = parse_numbering(&archive::text(x, file, "word/numbering.xml")?);
    }
    if let Some(x) = zip.read("word/styles.xml")? {
        doc.styles = parse_styles(&archive::text(x, file, "word/styles.xml")?);
    }
    Ok(doc)
}

/// Read one part of the zip (an image or embedded object), within the limits.
pub fn part(file: &str, bytes: &[u8], target: &str) -> Result<Option<Vec<u8>>> {
    Archive::open(file, bytes)?.read(target)
}

fn damaged(file: &str, part: &str) -> ImportError {
    ImportError::new(crate::messages::import::not_well_formed(file, part, "Word/WPS"))
}

/// The state of the walk over document.xml or footnotes.xml.
#[derive(Default)]
struct Walk {
    blocks: Vec<Block>,
    tables: Vec<(Table, Vec<Cell>, Option<Cell>)>,
    /// Open paragraphs: more than one when a text box sits inside a paragraph.
    paras: Vec<Para>,
    in_ppr: bool,
    in_t: bool,
    bold: bool,
    italic: bool,
    skip: usize,
    object: usize,
    footnote: Option<(String, bool)>,
    footnotes: Footnotes,
}

impl Walk {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if name == b"Fallback" && !empty {
            self.skip += 1;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            b"footnote" if !empty => {
                let normal = !matches!(
                    attr(e, b"type").as_deref(),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                );
                self.footnote = Some((attr(e, b"id").unwrap_or_default(), normal));
                self.blocks.clear();
            }
            b"tbl" if !empty => self.tables.push((Table::default(), Vec::new(), None)),
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.2 = Some(Cell { span: 1, ..Cell::default() });
                }
            }
            b"gridSpan" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
                    c.span = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            b"vMerge" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
                    c.merge =
                        if attr(e, b"val").as_deref() == Some("restart") { Merge::Start } else { Merge::Continue };
                }
            }
            b"p" => {
                self.paras.push(Para::default());
                if empty {
                    self.end_para();
                }
            }
            b"pPr" if !empty => self.in_ppr = true,
            b"r" => (self.bold, self.italic) = (false, false),
            b"t" if !empty => self.in_t = true,
            b"object" if !empty => self.object += 1,
            _ => self.inline(e, name),
        }
    }

    /// Elements inside a paragraph: its properties and its run content.
    fn inline(&mut self, e: &BytesStart, name: &[u8]) {
        let in_ppr = self.in_ppr;
        let object = self.object;
        let (bold, italic) = (self.bold, self.italic);
        let Some(p) = self.paras.last_mut() else { return };
        match (name, in_ppr) {
            (b"pStyle", true) => p.style = attr(e, b"val").unwrap_or_default(),
            (b"jc", true) => {
                p.align = match attr(e, b"val").as_deref() {
                    Some("center") => Align::Center,
                    Some("right" | "end") => Align::Right,
                    _ => Align::Left,
                }
            }
            (b"ilvl", true) => {
                let lvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                p.num = Some((p.num.take().map(|n| n.0).unwrap_or_default(), lvl));
            }
            (b"numId", true) => {
                let id = attr(e, b"val").unwrap_or_default();
                p.num = Some((id, p.num.as_ref().map_or(0, |n| n.1)));
            }
            (b"outlineLvl", true) => p.outline = attr(e, b"val").and_then(|v| v.parse().ok()),
            (b"b", false) => self.bold = on(e),
            (b"i", false) => self.italic = on(e),
            (b"tab", false) => p.push_text(" ", bold, italic),
            (b"br", false) if !matches!(attr(e, b"type").as_deref(), Some("page" | "column")) => {
                p.inlines.push(Inline::Break)
            }
            (b"cr", false) => p.inlines.push(Inline::Break),
            (b"footnoteReference", false) => p.inlines.push(Inline::Footnote(attr(e, b"id").unwrap_or_default())),
            (b"blip", false) | (b"imagedata", false) if object == 0 => {
                if let Some(id) = attr(e, b"embed").or_else(|| attr(e, b"id")) {
                    p.inlines.push(Inline::Image(id));
                }
            }
            (b"OLEObject", false) => {
                if let Some(id) = attr(e, b"id") {
                    p.inlines.push(Inline::Object(id));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if name == b"Fallback" {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        if self.skip > 0 {
            return;
        }
        match name {
            b"p" => self.end_para(),
            b"pPr" => self.in_ppr = false,
            b"t" => self.in_t = false,
            b"object" => self.object = self.object.saturating_sub(1),
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(c) = t.2.take() {
                        t.1.push(c);
                    }
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.1);
                    t.0.rows.push(row);
                }
            }
            b"tbl" => self.end_table(),
            b"footnote" => {
                if let Some((id, true)) = self.footnote.take() {
                    let paras =
                        self.blocks.drain(..).filter_map(|b| if let Block::Para(p) = b { Some(p) } else { None });
                    self.footnotes.insert(id, paras.collect());
                }
                self.blocks.clear();
            }
            _ => {}
        }
    }

    fn end_para(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        match self.tables.last_mut().and_then(|t| t.2.as_mut()) {
            Some(cell) => cell.paras.push(p),
            None => self.blocks.push(Block::Para(p)),
        }
    }

    /// A table ends; a table nested in a cell is flattened into that cell's paragraphs.
    fn end_table(&mut self) {
        let Some((table, _, _)) = self.tables.pop() else { return };
        match self.tables.last_mut().and_then(|t| t.2.as_mut()) {
            Some(cell) => {
                for row in table.rows {
                    let mut line = Para::default();
                    let texts: Vec<String> =
                        row.iter().map(|c| c.paras.iter().map(Para::text).collect::<Vec<_>>().join(" ")).collect();
                    line.push_text(&texts.join(" | "), false, false);
                    cell.paras.push(line);
                }
            }
            None => self.blocks.push(Block::Table(table)),
        }
    }

    fn text(&mut self, t: &str) {
        if self.skip == 0 && self.in_t {
            let (b, i) = (self.bold, self.italic);
            if let Some(p) = self.paras.last_mut() {
                p.push_text(t, b, i);
            }
        }
    }
}

/// The blocks of document.xml, or the footnotes of footnotes.xml.
fn parse_blocks(xml: &str, file: &str) -> Result<(Vec<Block>, Footnotes)> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walk::default();
    loop {
        match reader.read_event().map_err(|_| damaged(file, "the document part"))? {
            Event::Start(e) => w.start(&e, false),
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Text(t) => w.text(&text(&t)),
            Event::CData(t) => w.text(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => w.text(&reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((w.blocks, w.footnotes))
}

fn parse_rels(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if attr(&e, b"TargetMode").as_deref() == Some("External") {
                    continue;
                }
                if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    let path = match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{t}"),
                    };
                    out.insert(id, path);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut abstract_levels: HashMap<String, HashMap<u8, (String, String)>> = HashMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let (mut abs, mut lvl, mut num): (Option<String>, Option<u8>, Option<String>) = (None, None, None);
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"abstractNum" => abs = attr(&e, b"abstractNumId"),
                b"lvl" => lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok()),
                b"num" => num = attr(&e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (num.clone(), attr(&e, b"val")) {
                        nums.push((n, a));
                    }
                }
                field @ (b"numFmt" | b"lvlText") => {
                    if let (Some(a), Some(l)) = (abs.clone(), lvl) {
                        let entry = abstract_levels.entry(a).or_default().entry(l).or_default();
                        let v = attr(&e, b"val").unwrap_or_default();
                        if field == b"numFmt" {
                            entry.0 = v;
                        } else {
                            entry.1 = v;
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"num" => num = None,
            Event::End(e) if e.local_name().as_ref() == b"abstractNum" => abs = None,
            Event::Eof => break,
            _ => {}
        }
    }
    let levels = nums.into_iter().filter_map(|(n, a)| abstract_levels.get(&a).map(|l| (n, l.clone()))).collect();
    Numbering { levels }
}

fn parse_styles(xml: &str) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match (e.local_name().as_ref(), current.as_mut()) {
                (b"style", _) => current = attr(&e, b"styleId").map(|id| (id, Style::default())),
                (b"name", Some((_, s))) => s.name = attr(&e, b"val").unwrap_or_default(),
                (b"outlineLvl", Some((_, s))) => s.outline = attr(&e, b"val").and_then(|v| v.parse().ok()),
                (b"numId", Some((_, s))) => {
                    s.num = Some((attr(&e, b"val").unwrap_or_default(), s.num.as_ref().map_or(0, |n| n.1)))
                }
                (b"ilvl", Some((_, s))) => {
                    let l = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    s.num = Some((s.num.take().map(|n| n.0).unwrap_or_default(), l));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, s)) = current.take() {
                    out.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r><w:r><w:rPr><w:i w:val="0"/></w:rPr><w:t xml:space="preserve">正 &amp; 文</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:br/><w:t>二</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>
<mc:AlternateContent><mc:Choice><w:p><w:r><w:t>选</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>备</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_runs_tables() {
        let (blocks, _) = parse_blocks(BODY, "x").unwrap();
        let Block::Para(title) = &blocks[0] else { panic!() };
        assert_eq!((title.align, title.text().as_str()), (Align::Center, "标题"));
        assert_eq!(title.inlines, vec![Inline::Text { text: "标题".into(), bold: false, italic: false }]);
        let Block::Para(p) = &blocks[1] else { panic!() };
        assert_eq!(p.inlines[0], Inline::Text { text: "粗".into(), bold: true, italic: false });
        assert_eq!(p.inlines[1], Inline::Text { text: "正 & 文".into(), bold: false, italic: false });
        assert_eq!(p.inlines[2], Inline::Footnote("2".into()));
        assert_eq!(p.text(), "粗正 & 文\n二");
        let Block::Table(t) = &blocks[2] else { panic!() };
        assert_eq!((t.rows[0][0].span, t.rows[0][0].merge, t.rows[1][0].merge), (2, Merge::Start, Merge::Continue));
        assert_eq!(blocks.len(), 4, "the mc:Fallback copy is skipped");
        // A text box inside a paragraph: both paragraphs kept.
        let xml = r#"<w:body><w:p><w:r><w:t>外</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>文</w:t></w:r></w:p></w:body>"#;
        let texts: Vec<String> = parse_blocks(xml, "x")
            .unwrap()
            .0
            .iter()
            .map(|b| if let Block::Para(p) = b { p.text() } else { String::new() })
            .collect();
        assert_eq!(texts, vec!["框", "外文"]);
    }

    #[test]
    fn footnotes_skip_separators() {
        let xml = r#"<w:footnotes><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>注释。</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let (_, notes) = parse_blocks(xml, "x").unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes["2"][0].text(), "注释。");
    }

    #[test]
    fn broken_xml_is_damaged() {
        assert!(parse_blocks("<w:p><w:r></w:p>", "x.docx").is_err());
    }
}
