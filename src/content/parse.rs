//! Front matter → typed [`Entry`], one file at a time, every problem collected.
//!
//! The gate fields (`classification`, `approval.status`, `date`) are read first and kept apart:
//! when an entry turns out to be withheld, only problems with those fields are reported, so no
//! message can carry anything else of a withheld file.

use jiff::civil::Date;

use super::fields::{Fields, Located};
use super::model::*;
use super::refs::{read_ref, read_ref_list};
use super::slug;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::content as msg;
use crate::yaml;

const COMMON: &[&str] =
    &["title", "date", "classification", "approval", "department", "slug", "topics", "summary", "updated"];
const DOCUMENT: &[&str] = &[
    "doc_number",
    "index_number",
    "written",
    "doc_type",
    "genre",
    "validity",
    "validity_date",
    "amended_by",
    "replaced_by",
    "interprets",
    "attachments",
];
const BULLETIN: &[&str] = &["series", "period", "table"];
const APPROVAL: &[&str] = &[
    "code",
    "category",
    "level",
    "legal_basis",
    "statutory_days",
    "promised_days",
    "steps",
    "fee",
    "online",
    "visits",
    "materials",
    "status",
    "history",
];
const JOURNAL: &[&str] = &["frequency"];
const ISSUE: &[&str] = &["year", "number", "contents"];

/// The 15 公文 types of the 党政机关公文处理工作条例.
pub const GENRES: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函",
    "纪要",
];

/// What the gate needs, read before anything else.
#[derive(Clone, Debug, PartialEq)]
pub struct GateFields {
    /// False when the front matter could not be read at all (no `---` block, a YAML syntax
    /// error, not a mapping): the entry is withheld as unreadable, not as classified.
    pub readable: bool,
    /// `public`, `公开` or `主动公开`.
    pub public: bool,
    /// `依申请公开` or `不予公开`: a 公开属性 that is not published, withheld with that reason.
    pub disclosure: Option<&'static str>,
    pub status: Option<ApprovalStatus>,
    pub date: Option<Located<Date>>,
}

/// The outcome of parsing one file.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub gate: GateFields,
    pub entry: Option<Entry>,
    /// Problems with the gate fields: reported for every file, withheld or not.
    pub gate_problems: Diagnostics,
    /// Every other problem: reported only for entries that are published (or previewed).
    pub problems: Diagnostics,
}

/// Which kind a content path (`documents/x.md`) holds, or why it has none.
/// The kind of entry a file's place under `content/` makes it; `None` for a place no kind has.
pub fn kind_of(key: &str) -> Option<Kind> {
    let parts: Vec<&str> = key.split('/').collect();
    match parts.as_slice() {
        ["documents", _] => Some(Kind::Document),
        ["bulletins", _] => Some(Kind::Bulletin),
        ["approvals", _] => Some(Kind::Approval),
        ["pages", _] => Some(Kind::Page),
        ["tasks", _] => Some(Kind::Task),
        ["journals", _, "_index.md"] => Some(Kind::Journal),
        ["journals", _, _] => Some(Kind::Issue),
        _ => None,
    }
}

/// Parse one content file whose text has been decoded. `key` is its path under `content/`.
pub fn parse(path: &str, key: &str, kind: Kind, text: &str) -> Parsed {
    let mut gate_problems = Diagnostics::new();
    let mut problems = Diagnostics::new();
    let none = GateFields { readable: false, public: false, disclosure: None, status: None, date: None };
    let split = match super::source::split(path, text) {
        Ok(s) => s,
        Err(d) => {
            gate_problems.push(d);
            return Parsed { gate: none, entry: None, gate_problems, problems };
        }
    };
    let node = match yaml::parse(split.front, split.front_line) {
        Ok(n) => n,
        Err(e) => {
            // A recognised slip at or before the parser's line explains the failure better.
            let slip = super::slips::find(split.front, split.front_line).into_iter().find(|s| s.line <= e.line);
            gate_problems.push(match slip {
                Some(s) => Diagnostic::error(path, s.line, s.col, s.msg),
                None => Diagnostic::error(path, e.line, e.col, msg::yaml(&e.message)),
            });
            return Parsed { gate: none, entry: None, gate_problems, problems };
        }
    };
    let misindented = super::slips::misindented_keys(split.front, split.front_line);
    if !misindented.is_empty() {
        for s in misindented {
            gate_problems.push(Diagnostic::error(path, s.line, s.col, s.msg));
        }
        return Parsed { gate: none, entry: None, gate_problems, problems };
    }
    let Some(mut f) = Fields::new(path, "", &node, &mut gate_problems) else {
        return Parsed { gate: none, entry: None, gate_problems, problems };
    };
    let gate = read_gate(&mut f);
    let approval = read_approval(&mut f, gate.status);
    // From here on, problems go to the second list.
    let mut f = Fields::new(path, "", &node, &mut problems).expect("checked above to be a mapping");
    for k in ["classification", "approval", "date"] {
        f.get(k);
    }
    let entry = read_entry(&mut f, key, kind, &gate, approval, split.body, split.body_line);
    let known: Vec<&str> = COMMON.iter().chain(kind_fields(kind)).copied().collect();
    f.finish(&known);
    Parsed { gate, entry, gate_problems, problems }
}

fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Document => DOCUMENT,
        Kind::Bulletin => BULLETIN,
        Kind::Approval => APPROVAL,
        Kind::Journal => JOURNAL,
        Kind::Issue => ISSUE,
        Kind::Page => &[],
        Kind::Task => super::tasks::FIELDS,
    }
}

fn read_gate(f: &mut Fields) -> GateFields {
    let value = f.require("classification", "public").and_then(|n| n.as_str()).map(str::trim);
    let public = matches!(value, Some("public" | "公开" | "主动公开"));
    let disclosure = match value {
        Some("依申请公开") => Some("依申请公开"),
        Some("不予公开") => Some("不予公开"),
        _ => None,
    };
    let date = f.date("date", true);
    let status = match f.require("approval", "{status: approved, by: 张三, on: 2025-01-31}") {
        Some(node) => {
            let mut sub = Fields::new(f.path(), "approval.", node, f.diags);
            sub.as_mut().and_then(|s| {
                s.choice(
                    "status",
                    true,
                    &[
                        ("approved", "approved"),
                        ("pending", "pending"),
                        ("rejected", "rejected"),
                        ("withdrawn", "withdrawn"),
                    ],
                )
                .map(|c| match c.value {
                    "approved" => ApprovalStatus::Approved,
                    "pending" => ApprovalStatus::Pending,
                    "rejected" => ApprovalStatus::Rejected,
                    _ => ApprovalStatus::Withdrawn,
                })
            })
        }
        None => None,
    };
    GateFields { readable: true, public, disclosure, status, date }
}

/// `approval.by` and `approval.on`, required when the status is approved.
fn read_approval(f: &mut Fields, status: Option<ApprovalStatus>) -> (Option<String>, Option<Date>) {
    let Some(node) = f.get("approval") else {
        return (None, None);
    };
    let Some(mut sub) = Fields::new(f.path(), "approval.", node, f.diags) else {
        return (None, None);
    };
    sub.get("status");
    let approved = status == Some(ApprovalStatus::Approved);
    let by = sub.string("by", approved).map(|s| s.value);
    let on = sub.date("on", approved).map(|d| d.value);
    sub.finish(&["status", "by", "on"]);
    (by, on)
}

fn read_entry(
    f: &mut Fields,
    key: &str,
    kind: Kind,
    gate: &GateFields,
    approval: (Option<String>, Option<Date>),
    body: &str,
    body_line: usize,
) -> Option<Entry> {
    let path = f.path().to_string();
    let title = f.string("title", true);
    let department = f.string("department", true);
    let slug_field = f.string("slug", false);
    if let Some(s) = &slug_field {
        if !slug::is_valid(&s.value) {
            f.error(s.pos(), msg::bad_slug());
        }
    }
    let topics = f.str_list("topics").into_iter().map(|t| t.value).collect();
    let summary = f.string("summary", false).map(|s| s.value);
    let updated = f.date("updated", false);
    if let (Some(u), Some(d)) = (&updated, &gate.date) {
        if u.value < d.value {
            f.error(u.pos(), msg::updated_before_date(&u.value.to_string(), &d.value.to_string()));
        }
    }
    let meta = match kind {
        Kind::Document => read_document(f).map(Meta::Document),
        Kind::Bulletin => super::kinds::read_bulletin(f).map(Meta::Bulletin),
        Kind::Approval => super::kinds::read_approval_item(f).map(Meta::Approval),
        Kind::Journal => super::kinds::read_journal(f).map(Meta::Journal),
        Kind::Issue => super::kinds::read_issue(f, key).map(Meta::Issue),
        Kind::Page => Some(Meta::Page),
        Kind::Task => super::tasks::read_task(f, gate.date.as_ref().map(|d| d.value)).map(Meta::Task),
    };
    if let (Some(Meta::Document(d)), Some(date)) = (&meta, gate.date.as_ref().map(|d| d.value)) {
        if let Some(w) = &d.written {
            if w.value > date {
                f.error(w.pos(), msg::written_after_date(&w.value.to_string(), &date.to_string()));
            }
        }
    }
    let slug = match (&meta, &slug_field) {
        (Some(Meta::Approval(a)), _) => a.code.value.to_lowercase(),
        (_, Some(s)) if slug::is_valid(&s.value) => s.value.clone(),
        _ => slug::from_key(key),
    };
    let common = Common {
        title: title?,
        date: gate.date.clone()?,
        classification: if gate.public { Classification::Public } else { Classification::Restricted },
        status: gate.status?,
        approved_by: approval.0,
        approved_on: approval.1,
        department,
        slug: slug_field,
        topics,
        summary,
        updated: updated.map(|u| u.value),
    };
    Some(Entry {
        path,
        key: key.to_string(),
        kind,
        common,
        meta: meta?,
        body: body.to_string(),
        body_line,
        on_disk: None,
        slug,
    })
}

/// The legal-status fields must tell one consistent story.
fn check_validity(
    f: &mut Fields,
    validity: Validity,
    written: Option<&Located<Date>>,
    date: Option<&Located<Date>>,
    amended_by: &[Ref],
    replaced_by: Option<&Ref>,
) {
    if let (Some(d), Some(w)) = (date, written) {
        if d.value < w.value {
            f.error(d.pos(), msg::validity_date_before_written(&d.value.to_string(), &w.value.to_string()));
        }
    }
    if let Some(r) = replaced_by {
        match validity {
            Validity::Effective => f.error((r.line, r.col), msg::replaced_by_on_effective(validity.label())),
            // Written by sites before `amended_by` existed: read as the amending document (the
            // page says 已被《…》修改, never 现行文件), with a warning to write it rightly.
            Validity::Amended => f.warning((r.line, r.col), msg::replaced_by_on_amended()),
            _ => {}
        }
    }
    if let (Some(r), Validity::Effective) = (amended_by.first(), validity) {
        f.error((r.line, r.col), msg::amended_by_on_effective());
    }
}

fn read_document(f: &mut Fields) -> Option<Document> {
    let doc_number = f.string("doc_number", false);
    if let Some(n) = &doc_number {
        if let Err(m) = super::docnum::check(&n.value) {
            f.error(n.pos(), m);
        }
    }
    let index_number = f.string("index_number", false);
    let written = f.date("written", false);
    let doc_type = f
        .choice(
            "doc_type",
            false,
            &[("general", "general"), ("office", "office"), ("speech", "speech"), ("letter", "letter")],
        )
        .map_or(DocType::General, |c| match c.value {
            "office" => DocType::Office,
            "speech" => DocType::Speech,
            "letter" => DocType::Letter,
            _ => DocType::General,
        });
    let genre = f.string("genre", false);
    if let Some(g) = &genre {
        if !GENRES.contains(&g.value.as_str()) {
            f.error(g.pos(), msg::bad_genre(GENRES));
        }
    }
    let validity = f
        .choice(
            "validity",
            false,
            &[("effective", "effective"), ("amended", "amended"), ("expired", "expired"), ("repealed", "repealed")],
        )
        .map_or(Validity::Effective, |c| match c.value {
            "amended" => Validity::Amended,
            "expired" => Validity::Expired,
            "repealed" => Validity::Repealed,
            _ => Validity::Effective,
        });
    let validity_date = f.date("validity_date", false);
    let mut amended_by = read_ref_list(f, "amended_by");
    let mut replaced_by = f.get("replaced_by").and_then(|n| read_ref(f, n, "replaced_by"));
    check_validity(f, validity, written.as_ref(), validity_date.as_ref(), &amended_by, replaced_by.as_ref());
    if validity == Validity::Amended && amended_by.is_empty() {
        amended_by.extend(replaced_by.take());
    }
    let interprets = f.get("interprets").and_then(|n| read_ref(f, n, "interprets"));
    let attachments = f.str_list("attachments");
    for a in &attachments {
        if !super::slug::is_safe_file_name(&a.value) {
            f.error(a.pos(), msg::attachment_not_plain());
        } else if !super::slug::is_allowed_attachment(&a.value) {
            f.error(a.pos(), msg::attachment_type(super::slug::ATTACHMENT_TYPES));
        }
    }
    Some(Document {
        doc_number,
        index_number,
        written,
        doc_type,
        genre: genre.map(|g| g.value),
        validity,
        validity_date,
        amended_by,
        replaced_by,
        interprets,
        attachments,
    })
}
