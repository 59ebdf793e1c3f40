//! What templates see: serialisable views of the site and its entries.
//!
//! Views are built once per entry after Markdown is rendered, then shared by every page that
//! shows the entry (its own page, lists, taxonomies, the home page).

use jiff::civil::Date;
use serde::Serialize;

use crate::content::{format_number, ChangeKind, Entry, ItemStatus, Kind, Meta, Series, TaskStatus, Validity};

/// A link to another page.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// The site settings templates use.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub base_url: String,
    /// The path of `base_url` with a trailing slash (`/` at a domain root, `/zwgk/` under a path):
    /// templates write fixed links as `{{ site.root }}approvals/`.
    pub root: String,
    pub domain: String,
    pub language: String,
    pub site_id_code: String,
    pub icp: String,
    pub description: String,
    pub build_date: String,
    pub preview: bool,
    /// Footer links to the 信息公开指南, accessibility statement, contact and about pages, when present.
    pub footer: Vec<Link>,
    /// 主办, 承办, contacts and the marks of `footer:` in site.yaml (empty strings when unset).
    pub imprint: ImprintView,
}

/// The footer's 主办/承办 lines, contacts and marks; see [`crate::config::Footer`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImprintView {
    /// 主办: `footer.sponsor`, else the first department, else empty (never the site title).
    pub sponsor: String,
    pub organizer: String,
    pub phone: String,
    /// `tel:` link of the phone number (digits and `+` only), empty without one.
    pub phone_href: String,
    pub email: String,
    pub police_record: String,
    pub police_record_url: String,
    pub mark_url: String,
    pub error_report_url: String,
}

/// An entry as shown in lists and on its own page.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    /// Index of the entry in the site (and in the model's views and values).
    #[serde(skip)]
    pub idx: usize,
    pub key: String,
    /// Serialised by name (`document`, `bulletin`, …): what templates compare and CSS classes use.
    pub kind: Kind,
    pub kind_label: &'static str,
    pub title: String,
    pub url: String,
    pub date: String,
    pub year: i16,
    pub department: String,
    pub department_url: String,
    pub topics: Vec<Link>,
    pub summary: String,
    /// Last-updated date, or empty.
    pub updated: String,
    /// Why this is a draft (preview only); empty when published.
    pub draft: String,
    /// Rendered body HTML: only on the entry's own page, never in lists.
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub toc: Vec<Heading>,
    // Boxed: an entry has one of these, and a view is kept for every entry.
    pub doc: Option<Box<DocView>>,
    pub bulletin: Option<Box<BulletinView>>,
    pub item: Option<Box<ItemView>>,
    pub journal: Option<Box<JournalView>>,
    pub issue: Option<Box<IssueView>>,
    pub task: Option<Box<TaskView>>,
}

/// Fields that only an entry's own page shows, left out of the value every list shares (an
/// approval item's steps, timeline, history, materials and legal basis, a bulletin's table):
/// [`crate::render`]'s model adds them back for the entry's page.
pub const DETAIL: &[&str] = &["legal_basis", "steps", "timeline", "materials", "history", "table"];

#[derive(Clone, Debug, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocView {
    pub doc_number: String,
    pub index_number: String,
    pub written: String,
    pub doc_type: &'static str,
    pub genre: String,
    pub validity: Validity,
    pub validity_label: &'static str,
    pub effective: bool,
    /// When the status took effect (`2025-03-01`), or empty.
    pub validity_date: String,
    /// The published documents that amend this one.
    pub amended_by: Vec<Link>,
    /// The published documents this one amends (the amending document says 修改, never 替代).
    pub amends: Vec<Link>,
    pub replaced_by: Option<Link>,
    pub interprets: Option<Link>,
    pub interpretations: Vec<Link>,
    pub replaces: Vec<Link>,
    pub attachments: Vec<Attachment>,
    pub journals: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    pub name: String,
    pub url: String,
    pub size: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct BulletinView {
    pub series: Series,
    pub series_label: &'static str,
    pub period: String,
    pub period_label: String,
    /// Only on the bulletin's own page (see [`DETAIL`]).
    #[serde(skip)]
    pub table: Option<TableView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rank {
    pub rank: usize,
    /// Shared with another row: shown as 并列.
    pub tied: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableView {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 名次 of each row (competition ranking: ties share a rank).
    pub ranks: Vec<Rank>,
    pub rank_by: String,
    pub rank_column: usize,
    pub chart: String,
    pub csv_url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemView {
    pub code: String,
    pub category: String,
    pub level: crate::content::Level,
    pub level_label: &'static str,
    #[serde(skip)]
    pub legal_basis: Vec<String>,
    pub statutory_days: u32,
    pub promised_days: u32,
    pub reduction: u32,
    #[serde(skip)]
    pub steps: Vec<StepView>,
    pub steps_total: u32,
    #[serde(skip)]
    pub timeline: String,
    pub fee: String,
    pub free: bool,
    pub online: bool,
    pub visits: Option<u32>,
    #[serde(skip)]
    pub materials: Vec<String>,
    pub status: ItemStatus,
    pub status_label: &'static str,
    #[serde(skip)]
    pub history: Vec<ChangeView>,
    /// For a merged (cancelled) item: the item it was merged into, when published.
    pub merged_into: Option<Link>,
    /// For a delegated item: the receiving level or body, as its history says (`县级`).
    pub delegated_to: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepView {
    pub name: String,
    pub days: u32,
    /// Working day on which the step starts (0-based) and ends, for the timeline.
    pub start: u32,
    pub end: u32,
    /// Position and width in percent of the statutory limit.
    pub left_pct: f64,
    pub width_pct: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    /// The permanent id of this change on its item's page (`change-2024-04-15-time_limit-1`):
    /// date, kind and the ordinal among the item's changes of that kind that day. Feed entry
    /// ids are built from it, so adding a change never renames another.
    pub anchor: String,
    pub date: String,
    pub change: ChangeKind,
    pub change_label: &'static str,
    pub decision: String,
    pub decision_url: String,
    pub from: String,
    pub to: String,
    pub note: String,
    pub item_title: String,
    pub item_url: String,
    pub item_code: String,
}

impl ChangeView {
    /// One line describing a change (`承诺办结时限 20 → 10 个工作日`), without its decision.
    pub fn text(&self) -> String {
        let c = self;
        let arrow = |unit: &str| format!("{} → {}{unit}", c.from, c.to);
        match c.change {
            ChangeKind::TimeLimit => format!("承诺办结时限 {}", arrow(" 个工作日")),
            ChangeKind::Fee if c.from.parse::<f64>().is_ok() && c.to.parse::<f64>().is_ok() => {
                format!("收费 {}", arrow(" 元"))
            }
            ChangeKind::Fee => format!("收费 {}", arrow("")),
            ChangeKind::Renamed | ChangeKind::Delegated => arrow(""),
            ChangeKind::Merged => format!("并入 {}", c.to),
            _ => c.change_label.to_string(),
        }
    }

    /// Whether an editor's note only restates the change (`承诺时限由10个工作日压减至5个工作日` for
    /// 10 → 5): then the change log says the fact once, from the structured fields.
    pub fn note_restates(&self) -> bool {
        let c = self;
        let numbers = |s: &str| -> Vec<String> {
            s.split(|ch: char| !ch.is_ascii_digit() && ch != '.').filter(|t| !t.is_empty()).map(String::from).collect()
        };
        match c.change {
            ChangeKind::TimeLimit | ChangeKind::Fee if !c.from.is_empty() && !c.to.is_empty() => {
                let n = numbers(&c.note);
                n.len() == 2 && n.contains(&c.from) && n.contains(&c.to)
            }
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct JournalView {
    pub frequency: &'static str,
    pub frequency_label: &'static str,
    pub slug: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct IssueView {
    pub year: i16,
    pub number: u32,
    pub journal: Link,
    pub contents: Vec<EntryLink>,
}

/// A key task (重点工作任务) with its derived state.
#[derive(Clone, Debug, Serialize)]
pub struct TaskView {
    /// The source as text (a referenced entry's title), empty when none or left out.
    pub source: String,
    /// URL of the referenced source entry, empty for a text source.
    pub source_url: String,
    pub lead: String,
    pub lead_url: String,
    pub partners: Vec<String>,
    pub due: String,
    pub status: TaskStatus,
    pub status_label: &'static str,
    /// 逾期: not done and the build date is past `due` (never written by hand).
    pub overdue: bool,
    /// The latest percent (0 without progress).
    pub percent: u8,
    pub progress: Vec<ProgressView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProgressView {
    pub date: String,
    pub note: String,
    pub percent: u8,
    /// Permanent anchor and feed id part: `progress-<date>-<ordinal that day>`.
    pub id: String,
}

/// A document in an issue's table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct EntryLink {
    pub title: String,
    pub url: String,
    pub doc_number: String,
    pub department: String,
}

pub fn date_str(d: Date) -> String {
    d.to_string()
}

/// The view of an entry without its kind-specific parts (filled in by the renderer).
pub fn base_view(
    idx: usize,
    e: &Entry,
    url: &str,
    body: String,
    toc: Vec<Heading>,
    draft: Option<String>,
    term_url: &dyn Fn(&str, &str) -> String,
) -> EntryView {
    let department = e.common.department.as_ref().map(|d| d.value.clone()).unwrap_or_default();
    EntryView {
        idx,
        key: e.key.clone(),
        kind: kind_key(e),
        kind_label: e.kind.label(),
        title: e.common.title.value.clone(),
        url: url.to_string(),
        date: date_str(e.common.date.value),
        year: e.common.date.value.year(),
        department_url: if department.is_empty() { String::new() } else { term_url("departments", &department) },
        department,
        topics: e.common.topics.iter().map(|t| Link { title: t.clone(), url: term_url("topics", t) }).collect(),
        summary: e.common.summary.clone().unwrap_or_default(),
        updated: e.common.updated.map(date_str).unwrap_or_default(),
        draft: draft.unwrap_or_default(),
        body,
        toc,
        doc: None,
        bulletin: None,
        item: None,
        journal: None,
        issue: None,
        task: None,
    }
}

pub fn kind_key(e: &Entry) -> Kind {
    match e.meta {
        Meta::Document(_) => Kind::Document,
        Meta::Bulletin(_) => Kind::Bulletin,
        Meta::Approval(_) => Kind::Approval,
        Meta::Journal(_) => Kind::Journal,
        Meta::Issue(_) => Kind::Issue,
        Meta::Page => Kind::Page,
        Meta::Task(_) => Kind::Task,
    }
}

/// Human size: `12.3 KB`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", format_number((b as f64 / 102.4).round() / 10.0)),
        b => format!("{} MB", format_number((b as f64 / (1024.0 * 102.4)).round() / 10.0)),
    }
}

/// File type label from the extension.
pub fn file_kind(name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "PDF 文档".into(),
        "doc" | "docx" | "wps" => "Word 文档".into(),
        "xls" | "xlsx" | "et" => "Excel 表格".into(),
        "csv" => "CSV 数据".into(),
        "ofd" => "OFD 版式文件".into(),
        "zip" | "rar" | "7z" => "压缩包".into(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" => "图片".into(),
        "" => "文件".into(),
        e => format!("{} 文件", e.to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3 MB");
    }
}
