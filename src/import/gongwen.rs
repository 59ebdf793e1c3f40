//! The GB/T 9704 layout of a 公文, recognised in a .docx: the 版头 (发文机关标志, 份号, 密级)
//! and the 文号 line, the title (centred paragraph(s) after the 文号), the 主送机关 line, the
//! body, and at the end the 落款 (发文机关署名 lines, then the 成文日期), the 附注 and the
//! 版记 (抄送, 印发). Writes the document entry: front matter from the layout, the body by
//! `md.rs`, the 落款 as the last paragraph (lines joined by hard breaks).

use crate::messages::{import as msg, Text};
use jiff::civil::Date;

use super::docx::{self, Align, Block, Para};
use super::md::Body;
use super::{common_front, line, slug_for, yaml_string, ImportError, Imported, Request, Result};
use crate::content::docnum;
use crate::content::parse::GENRES;
use crate::markdown::parse_cn_date;

/// What the layout yields besides the body.
#[derive(Debug, Default)]
struct Head {
    doc_number: Option<String>,
    title: String,
    /// Index of the first body block.
    body_start: usize,
}

#[derive(Debug, Default)]
struct Tail {
    /// Index one past the last body block.
    body_end: usize,
    signers: Vec<String>,
    date_line: Option<String>,
    written: Option<Date>,
    /// `（此件公开发布）` and the like.
    note: Option<String>,
}

pub fn import(req: &Request) -> Result<Imported> {
    let doc = docx::read(req.file_name, req.bytes)?;
    let paras: Vec<Option<&Para>> =
        doc.blocks.iter().map(|b| if let Block::Para(p) = b { Some(p) } else { None }).collect();
    let head = head(&paras, req.file_name)?;
    let tail = tail(&paras, head.body_start);
    let mut warnings = Vec::new();
    let department = department(&tail.signers, req.departments, &mut warnings);
    if tail.written.is_none() {
        warnings.push(msg::no_written());
    }
    let slug = slug_for(req.slug, head.doc_number.as_deref(), &head.title, req.today)?;
    let mut body = Body::new(&doc, req, &slug);
    body.blocks(&doc.blocks[head.body_start..tail.body_end]);
    if !tail.signers.is_empty() || tail.date_line.is_some() {
        let lines: Vec<String> = tail.signers.iter().chain(tail.date_line.iter()).cloned().collect();
        body.signature(&lines);
    }
    let (markdown, attachments, body_warnings) = body.finish();
    warnings.extend(body_warnings);
    let front = front_matter(req, &head, &tail, &department, &attachments);
    Ok(Imported {
        rel_path: format!("documents/{slug}.md"),
        text: format!("---\n{front}---\n\n{markdown}"),
        attachments,
        warnings,
    })
}

fn front_matter(req: &Request, head: &Head, tail: &Tail, department: &str, files: &[(String, Vec<u8>)]) -> String {
    let mut f = common_front(&head.title, req.today, department, req.file_name);
    if let Some(n) = &tail.note {
        f.push_str(&format!("# the document's 附注 reads {n}\n"));
    }
    match &head.doc_number {
        Some(n) => {
            f.push_str(&line(&format!("doc_number: {}", yaml_string(n)), "发文字号, from the 文号 line"));
            let (t, why) = doc_type(n);
            f.push_str(&line(&format!("doc_type: {t}"), &format!("guessed from the 文号 ({why}): check it")));
        }
        None => {
            f.push_str(&line("# doc_number: 云政发〔2025〕1号", "发文字号: none found in the document"));
            let t = if genre(&head.title) == Some("函") { "letter" } else { "general" };
            f.push_str(&line(
                &format!("doc_type: {t}"),
                "general | office | speech | letter: no 文号 to guess from, check it",
            ));
        }
    }
    match tail.written {
        Some(d) => f.push_str(&line(&format!("written: {d}"), "成文日期, from the 落款")),
        None => f.push_str(&line("# written: YYYY-MM-DD", "成文日期: not found in the 落款, fill it in")),
    }
    match genre(&head.title) {
        Some(g) => f.push_str(&line(&format!("genre: {g}"), "体裁, from the title's last words")),
        None => f.push_str(&line("# genre: 通知", "体裁: not recognised from the title")),
    }
    f.push_str(&line("validity: effective", "effective | amended | expired | repealed"));
    if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|(n, _)| yaml_string(n)).collect();
        f.push_str(&line(
            &format!("attachments: [{}]", names.join(", ")),
            "images and embedded objects, beside this file",
        ));
    }
    f
}

/// `…办发` → office, `…函` → letter, else general.
fn doc_type(doc_number: &str) -> (&'static str, &'static str) {
    let issuer = docnum::parts(doc_number).map(|p| p.0).unwrap_or_default();
    if issuer.ends_with('函') {
        ("letter", "…函 → letter")
    } else if issuer.contains('办') {
        ("office", "…办发 → office")
    } else {
        ("general", "no 办 or 函 → general")
    }
}

/// The 公文 type the title ends with (`…的通知` → 通知).
fn genre(title: &str) -> Option<&'static str> {
    let t = title.trim_end_matches(|c: char| c.is_whitespace() || "。.）)".contains(c));
    GENRES.iter().filter(|g| t.ends_with(*g)).max_by_key(|g| g.len()).copied()
}

fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}').to_string()
}

/// The 文号 in a line of the 版头 (`云政办发〔2025〕12号` or with `签发人：…` after it).
fn doc_number_in(line: &str) -> Option<String> {
    let line = line.split("签发人").next().unwrap_or(line);
    if line.chars().count() > 40 {
        return None;
    }
    docnum::normalise(line).or_else(|| line.split_whitespace().find_map(docnum::normalise))
}

fn head(paras: &[Option<&Para>], file: &str) -> Result<Head> {
    let texts: Vec<String> = paras.iter().map(|p| p.map(|p| clean(&p.text())).unwrap_or_default()).collect();
    let window = texts.len().min(15);
    let number_at = (0..window).find(|&i| paras[i].is_some() && doc_number_in(&texts[i]).is_some());
    let marks_until = number_at.unwrap_or(window.min(4));
    if let Some(m) = texts[..marks_until].iter().find(|t| ["绝密", "机密", "秘密"].iter().any(|k| t.contains(k)))
    {
        return Err(ImportError::new(msg::classified(file, m)));
    }
    let first = number_at.map_or(0, |i| i + 1);
    let centred = |i: usize| paras[i].is_some_and(|p| p.align == Align::Center) && !texts[i].is_empty();
    let skip_mark =
        |i: usize| texts[i].ends_with("文件") || texts[i].is_empty() || texts[i].chars().all(|c| c.is_ascii_digit());
    let mut i = first;
    while i < texts.len()
        && i < first + 8
        && (texts[i].is_empty()
            || (number_at.is_none() && centred(i) && skip_mark(i) && i + 1 < texts.len() && centred(i + 1)))
    {
        i += 1;
    }
    let mut title = Vec::new();
    let mut j = i;
    while j < texts.len()
        && centred(j)
        && doc_number_in(&texts[j]).is_none()
        && parse_cn_date(&texts[j]).is_none()
        && title.len() < 4
    {
        title.push(texts[j].replace('\n', ""));
        j += 1;
    }
    if title.is_empty() {
        if let Some(k) =
            (i..texts.len().min(i + 8)).find(|&k| genre(&texts[k]).is_some() && texts[k].chars().count() <= 80)
        {
            title.push(texts[k].clone());
            j = k + 1;
        }
    }
    if title.is_empty() {
        return Err(ImportError::new(msg::no_title(file)));
    }
    Ok(Head { doc_number: number_at.and_then(|i| doc_number_in(&texts[i])), title: title.concat(), body_start: j })
}

/// A 署名 line: short, no sentence punctuation, no numbers of a heading.
fn signer_like(t: &str) -> bool {
    let n = t.chars().count();
    (2..=40).contains(&n)
        && !t.contains(['。', '，', '；', '：', ':', '、', '！', '？', '（', '('])
        && !t.chars().any(|c| c.is_ascii_digit())
}

fn tail(paras: &[Option<&Para>], start: usize) -> Tail {
    let texts: Vec<String> = paras.iter().map(|p| p.map(|p| clean(&p.text())).unwrap_or_default()).collect();
    let mut end = paras.len();
    let mut note = None;
    // Trailing blanks, the 版记 (抄送, 印发) and the 附注.
    while end > start {
        let t = &texts[end - 1];
        let is_para = paras[end - 1].is_some();
        let banji = t.starts_with("抄送")
            || (t.ends_with("印发") && t.chars().any(|c| c.is_ascii_digit() || "〇一二".contains(c)));
        let fuzhu = (t.starts_with('（') || t.starts_with('(')) && t.contains("此件");
        if is_para && (t.is_empty() || banji || fuzhu) {
            if fuzhu {
                note = Some(t.clone());
            }
            end -= 1;
        } else {
            break;
        }
    }
    let mut out = Tail { body_end: end, note, ..Tail::default() };
    if end <= start || paras[end - 1].is_none() {
        return out;
    }
    let lines: Vec<String> = texts[end - 1].lines().map(clean).filter(|l| !l.is_empty()).collect();
    let Some(last) = lines.last() else { return out };
    let Some((y, m, d)) = parse_cn_date(last) else { return out };
    out.written = Date::new(y, m, d).ok();
    out.date_line = Some(last.clone());
    let mut signers: Vec<String> = lines[..lines.len() - 1].to_vec();
    let mut first = end - 1;
    if signers.is_empty() {
        while first > start
            && signers.len() < 4
            && paras[first - 1].is_some()
            && signer_like(&texts[first - 1])
            && !texts[first - 1].contains('\n')
        {
            first -= 1;
            signers.insert(0, texts[first].clone());
        }
    }
    out.signers = signers.iter().map(|s| s.split_whitespace().collect::<String>()).collect();
    out.body_end = first;
    out
}

/// The first 署名 that is one of the site's departments; else a warning and the first.
fn department(signers: &[String], departments: &[String], warnings: &mut Vec<Text>) -> String {
    if let Some(d) = signers.iter().find(|s| departments.contains(s)) {
        return d.clone();
    }
    let fallback = departments.first().cloned().unwrap_or_default();
    warnings.push(match signers.first() {
        Some(s) => msg::signer_not_department(s, &fallback),
        None => msg::no_signer(&fallback),
    });
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx::Inline;

    fn para(text: &str, align: Align) -> Para {
        Para { align, inlines: vec![Inline::Text { text: text.into(), bold: false, italic: false }], ..Para::default() }
    }

    #[test]
    fn head_and_tail_of_a_gongwen() {
        let ps = vec![
            para("云州市人民政府办公室文件", Align::Center),
            para("云政办发[2025]12号", Align::Center),
            para("", Align::Left),
            para("云州市人民政府办公室关于做好", Align::Center),
            para("春季防火工作的通知", Align::Center),
            para("各县（市、区）人民政府：", Align::Left),
            para("正文。", Align::Left),
            para("云州市人民政府办公室", Align::Right),
            para("2025年3月5日", Align::Right),
            para("（此件公开发布）", Align::Left),
            para("抄送：市委办公室。", Align::Left),
        ];
        let refs: Vec<Option<&Para>> = ps.iter().map(Some).collect();
        let h = head(&refs, "x.docx").unwrap();
        assert_eq!(h.doc_number.as_deref(), Some("云政办发〔2025〕12号"));
        assert_eq!(h.title, "云州市人民政府办公室关于做好春季防火工作的通知");
        assert_eq!(h.body_start, 5);
        let t = tail(&refs, h.body_start);
        assert_eq!(t.signers, vec!["云州市人民政府办公室"]);
        assert_eq!(t.written, Some(Date::constant(2025, 3, 5)));
        assert_eq!(t.body_end, 7);
        assert_eq!(t.note.as_deref(), Some("（此件公开发布）"));
        assert_eq!(doc_type("云政办发〔2025〕12号").0, "office");
        assert_eq!(doc_type("云政函〔2025〕1号").0, "letter");
        assert_eq!(genre(&h.title), Some("通知"));
    }

    #[test]
    fn classified_and_untitled_documents_are_refused() {
        let ps = [
            para("秘密★1年", Align::Left),
            para("云政发〔2025〕1号", Align::Center),
            para("标题的通知", Align::Center),
        ];
        let refs: Vec<Option<&Para>> = ps.iter().map(Some).collect();
        assert!(head(&refs, "x").unwrap_err().message.contains("密级"));
        let ps = [para("只是一段正文，没有标题。", Align::Left)];
        let refs: Vec<Option<&Para>> = ps.iter().map(Some).collect();
        assert!(head(&refs, "x").unwrap_err().message.contains("no recognisable title"));
    }
}
