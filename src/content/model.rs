//! The typed content model: what an entry of each kind holds once its front matter is validated.

use jiff::civil::Date;
use serde::Serialize;

use super::fields::Located;

/// The kind of an entry comes from its top folder under `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Document,
    Bulletin,
    Approval,
    Journal,
    Issue,
    Page,
    Task,
}

impl Kind {
    /// The name it is serialised with (`document`, `issue`, …), for the search index.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Bulletin => "bulletin",
            Kind::Approval => "approval",
            Kind::Journal => "journal",
            Kind::Issue => "issue",
            Kind::Page => "page",
            Kind::Task => "task",
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Kind::Document => "documents",
            Kind::Bulletin => "bulletins",
            Kind::Approval => "approvals",
            Kind::Journal | Kind::Issue => "journals",
            Kind::Page => "pages",
            Kind::Task => "tasks",
        }
    }

    /// The Chinese name shown to citizens.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Document => "政府文件",
            Kind::Bulletin => "通报",
            Kind::Approval => "审批事项",
            Kind::Journal => "电子刊物",
            Kind::Issue => "刊期",
            Kind::Page => "页面",
            Kind::Task => "重点工作任务",
        }
    }
}

/// 密级. Only `Public` is publishable; every other spelling is kept only to report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Classification {
    Public,
    /// Any other value, known (`internal`, `秘密`...) or not. Never published.
    Restricted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalStatus {
    Approved,
    Pending,
    Rejected,
    Withdrawn,
}

/// Fields every entry has.
#[derive(Clone, Debug)]
pub struct Common {
    pub title: Located<String>,
    pub date: Located<Date>,
    pub classification: Classification,
    pub status: ApprovalStatus,
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
    pub department: Option<Located<String>>,
    pub slug: Option<Located<String>>,
    pub topics: Vec<String>,
    pub summary: Option<String>,
    /// 更新日期: the last change after publication (an extension of the spec's fields).
    pub updated: Option<Date>,
}

/// A quoted `"@/documents/x.md"` reference in front matter, by target key (`documents/x.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ref {
    pub key: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    General,
    Office,
    Speech,
    Letter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Validity {
    Effective,
    Amended,
    Expired,
    Repealed,
}

impl Validity {
    /// The name it is serialised with (`effective`, …), for exports and the search index.
    pub fn key(self) -> &'static str {
        match self {
            Validity::Effective => "effective",
            Validity::Amended => "amended",
            Validity::Expired => "expired",
            Validity::Repealed => "repealed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Validity::Effective => "有效",
            Validity::Amended => "已修改",
            Validity::Expired => "失效",
            Validity::Repealed => "废止",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    pub doc_number: Option<Located<String>>,
    pub index_number: Option<Located<String>>,
    pub written: Option<Located<Date>>,
    pub doc_type: DocType,
    pub genre: Option<String>,
    pub validity: Validity,
    /// When the validity status took effect (废止/失效/修改 date).
    pub validity_date: Option<Located<Date>>,
    /// The documents that amend this one (it stays in force as amended).
    pub amended_by: Vec<Ref>,
    pub replaced_by: Option<Ref>,
    pub interprets: Option<Ref>,
    pub attachments: Vec<Located<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Series {
    Supervision,
    Implementation,
    Statistics,
    Information,
}

impl Series {
    pub const ALL: [Series; 4] = [Series::Supervision, Series::Implementation, Series::Statistics, Series::Information];

    pub fn key(self) -> &'static str {
        match self {
            Series::Supervision => "supervision",
            Series::Implementation => "implementation",
            Series::Statistics => "statistics",
            Series::Information => "information",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Series::Supervision => "督查通报",
            Series::Implementation => "常务会议决议落实情况",
            Series::Statistics => "经济指标比较通报",
            Series::Information => "政务信息报送通报",
        }
    }

    pub fn monthly(self) -> bool {
        self == Series::Supervision
    }
}

/// `2022-03` or `2022-Q1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(i16, u8),
    Quarter(i16, u8),
}

impl Period {
    pub fn year(self) -> i16 {
        match self {
            Period::Month(y, _) | Period::Quarter(y, _) => y,
        }
    }

    pub fn label(self) -> String {
        match self {
            Period::Month(y, m) => format!("{y}年{m}月"),
            Period::Quarter(y, q) => {
                format!("{y}年第{}季度", ["一", "二", "三", "四"][(q - 1) as usize])
            }
        }
    }

    pub fn code(self) -> String {
        match self {
            Period::Month(y, m) => format!("{y}-{m:02}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// The value, and the number as written (`6.0` stays `6.0`).
    Number(f64, String),
    Text(String),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Number(_, written) => written.clone(),
            Cell::Text(s) => s.clone(),
        }
    }
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n, _) => Some(*n),
            Cell::Text(s) => s.trim().trim_end_matches('%').parse().ok(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub rank_by: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Bulletin {
    pub series: Series,
    pub period: Period,
    pub table: Option<Table>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub name: String,
    pub days: u32,
}

/// The level of government that handles an approval item (`level:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    City,
    County,
}

impl Level {
    /// The name citizens read (`市级`, `县级`).
    pub fn label(self) -> &'static str {
        match self {
            Level::City => "市级",
            Level::County => "县级",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    Active,
    Delegated,
    Cancelled,
}

impl ItemStatus {
    /// The name it is serialised with (`active`, …), for exports.
    pub fn key(self) -> &'static str {
        match self {
            ItemStatus::Active => "active",
            ItemStatus::Delegated => "delegated",
            ItemStatus::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Active => "在办",
            ItemStatus::Delegated => "已下放",
            ItemStatus::Cancelled => "已取消",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Cancelled,
    Delegated,
    Merged,
    Renamed,
    TimeLimit,
    Fee,
}

impl ChangeKind {
    /// The name it is serialised with (`time_limit`, …), for change anchors.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Delegated => "delegated",
            ChangeKind::Merged => "merged",
            ChangeKind::Renamed => "renamed",
            ChangeKind::TimeLimit => "time_limit",
            ChangeKind::Fee => "fee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Cancelled => "取消",
            ChangeKind::Delegated => "下放",
            ChangeKind::Merged => "合并",
            ChangeKind::Renamed => "更名",
            ChangeKind::TimeLimit => "压减时限",
            ChangeKind::Fee => "调整收费",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Change {
    pub date: Date,
    pub change: ChangeKind,
    pub decision: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: Option<String>,
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Debug)]
pub struct Approval {
    pub code: Located<String>,
    pub category: Option<String>,
    pub level: Level,
    pub legal_basis: Vec<String>,
    pub statutory_days: Located<u32>,
    pub promised_days: Located<u32>,
    pub steps: Vec<Step>,
    /// `None` when free (`fee: 0`).
    pub fee: Option<String>,
    pub online: bool,
    pub visits: Option<u32>,
    pub materials: Vec<String>,
    pub status: ItemStatus,
    pub history: Vec<Change>,
}

#[derive(Clone, Debug)]
pub struct Journal {
    pub frequency: &'static str,
}

#[derive(Clone, Debug)]
pub struct Issue {
    pub journal: String,
    pub year: i16,
    pub number: Located<u32>,
    pub contents: Vec<Ref>,
}

#[derive(Clone, Debug)]
pub enum Meta {
    Document(Document),
    Bulletin(Bulletin),
    Approval(Approval),
    Journal(Journal),
    Issue(Issue),
    Page,
    Task(Task),
}

/// 任务状态. Overdue (逾期) is not a status: it is derived from `due` and the build date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    InProgress,
    Done,
    Suspended,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Suspended];

    pub fn key(self) -> &'static str {
        match self {
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Suspended => "suspended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::InProgress => "推进中",
            TaskStatus::Done => "已完成",
            TaskStatus::Suspended => "已暂缓",
        }
    }
}

/// Where a task comes from: a text (`2025年市政府工作报告`) or a reference to an entry.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskSource {
    Text(String),
    Ref(Ref),
}

/// One `progress` entry of a task.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub date: Date,
    pub note: Option<String>,
    pub percent: u8,
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Debug)]
pub struct Task {
    pub source: Option<TaskSource>,
    pub lead: Located<String>,
    pub partners: Vec<String>,
    pub due: Located<Date>,
    pub status: TaskStatus,
    /// In date order (checked when read).
    pub progress: Vec<Progress>,
}

impl Task {
    /// 逾期: not done and the build date is past `due`.
    pub fn overdue(&self, now: Date) -> bool {
        self.status != TaskStatus::Done && now > self.due.value
    }

    /// The latest percent, 0 without progress.
    pub fn percent(&self) -> u8 {
        self.progress.last().map_or(0, |p| p.percent)
    }
}

/// Where an entry's body is when the loader did not keep it: the file as the gate judged it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OnDisk {
    /// xxh3-128 of the file's bytes as the loader read them.
    pub hash: u128,
    /// Byte offset of the body in the file's decoded text.
    pub offset: u32,
}

/// One content file, parsed and validated on its own (cross-entry rules come later).
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the site root (`content/documents/x.md`), for messages.
    pub path: String,
    /// The `@/` key (`documents/x.md`).
    pub key: String,
    pub kind: Kind,
    pub common: Common,
    pub meta: Meta,
    /// The Markdown body; empty when the loader left it on disk ([`Entry::on_disk`]).
    pub body: String,
    /// File line on which the body starts.
    pub body_line: usize,
    /// Set when the loader left the body on disk to bound a large site's memory
    /// (`content::load`'s budget): the body pass reads it again with [`super::reread`], which
    /// refuses a file that is not the one the gate judged.
    pub on_disk: Option<OnDisk>,
    /// The URL segment (file stem, `slug`, or the lower-cased code).
    pub slug: String,
}
