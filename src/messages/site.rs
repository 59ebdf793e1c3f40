//! Messages about the site as a whole: references between entries, uniqueness, the 索引号 lock,
//! site.yaml, the calendar.

use super::{tr, Code, Msg, Text};

pub fn no_site_yaml(root: &str) -> Msg {
    Msg::new(Code::NoSiteYaml, tr!("{root} 里没有 site.yaml", "there is no site.yaml in {root}")).fix(tr!(
        "在网站文件夹里运行 gongkai，或加 --root 文件夹，或用 `gongkai init <文件夹>` 新建网站",
        "run gongkai in the site's folder, pass --root DIR, or create a site with `gongkai init <dir>`"
    ))
}

pub fn site_yaml(message: &Text) -> Msg {
    Msg::new(Code::Yaml, message.prefixed("site.yaml：", ""))
}

pub fn calendar_overlay(why: &Text) -> Msg {
    let (wz, we) = (&why.zh, &why.en);
    Msg::new(Code::Calendar, tr!("{wz}", "{we}"))
        .fix(tr!("改正 site.yaml 里的 `calendar:`", "correct `calendar:` in site.yaml"))
}

/// Why a `base_url` is refused (site.yaml and `--base-url`).
pub enum UrlProblem {
    NotAbsolute,
    QueryOrFragment,
    BadCharacter,
    NoHost,
    BadSegment,
}

pub fn url_problem(s: &str, why: UrlProblem) -> Text {
    match why {
        UrlProblem::NotAbsolute => tr!(
            "`{s}` 不是绝对网址：必须以 https://（或 http://）开头",
            "`{s}` is not an absolute URL: it must start with https:// (or http://)"
        ),
        UrlProblem::QueryOrFragment => tr!(
            "`{s}` 带有查询或片段（`?` 或 `#`）：网站地址只能是协议、主机名和可选的路径",
            "`{s}` has a query or fragment (`?` or `#`): a base URL is a scheme, a host and an optional path"
        ),
        UrlProblem::BadCharacter => tr!(
            "`{s}` 含有空格、引号、`&`、`<`、`>` 或反斜杠",
            "`{s}` contains a space, a quote, `&`, `<`, `>` or a backslash"
        ),
        UrlProblem::NoHost => tr!(
            "`{s}` 在协议后没有主机名，例如 https://www.yunzhou.gov.cn/",
            "`{s}` has no host name after the scheme, e.g. https://www.yunzhou.gov.cn/"
        ),
        UrlProblem::BadSegment => {
            tr!("`{s}` 的路径里有空段、`.` 或 `..`", "`{s}` has an empty, `.` or `..` segment in its path")
        }
    }
}

pub fn bad_base_url(why: &Text) -> Msg {
    let (wz, we) = (&why.zh, &why.en);
    Msg::new(Code::BadUrl, tr!("`base_url`（网站地址）：{wz}", "`base_url`: {we}")).fix(tr!(
        "例如 `base_url: https://www.yunzhou.gov.cn/zwgk/`",
        "e.g. `base_url: https://www.yunzhou.gov.cn/zwgk/`"
    ))
}

pub fn bad_theme() -> Msg {
    Msg::new(Code::BadTheme, tr!("`theme` 必须是 themes/ 下的文件夹名", "`theme` must be a folder name under themes/"))
}

pub fn minify_feature() -> Msg {
    Msg::new(
        Code::MinifyFeature,
        tr!(
            "`minify: full` 需要编译时带 `full-minify` 功能的 gongkai",
            "`minify: full` needs gongkai built with the `full-minify` feature"
        ),
    )
    .fix(tr!(
        "cargo install --path . --features full-minify，或用 `minify: templates`（默认）",
        "cargo install --path . --features full-minify, or use `minify: templates` (the default)"
    ))
}

pub fn bad_minify() -> Msg {
    Msg::new(Code::BadMinify, tr!("`minify` 只能是 `templates` 或 `full`", "`minify` must be `templates` or `full`"))
        .fix(tr!("例如 `minify: full`", "e.g. `minify: full`"))
}

pub fn footer_url(key: &str, value: &str) -> Msg {
    Msg::new(
        Code::BadUrl,
        tr!(
            "`footer.{key}` 必须是 http:// 或 https:// 地址，这里是 `{value}`",
            "`footer.{key}` must be an http:// or https:// address, found `{value}`"
        ),
    )
    .fix(tr!(
        "写完整的地址，例如 `https://www.example.gov.cn/page`",
        "write the whole address, e.g. `https://www.example.gov.cn/page`"
    ))
}

pub fn department_item(found_as: &Text) -> Msg {
    let (fz, fe) = (&found_as.zh, &found_as.en);
    Msg::new(
        Code::WrongType,
        tr!(
            "`departments` 的每一项必须是名称或 {{name, org_code}}，这里是{fz}",
            "items of `departments` must be names or {{name, org_code}}, found {fe}"
        ),
    )
    .fix(tr!(
        "例如 `- 云州市人民政府办公室` 或 `- {{name: 云州市发展和改革委员会, org_code: \"11530100MB0000000X\"}}`",
        "e.g. `- 云州市人民政府办公室` or `- {{name: 云州市发展和改革委员会, org_code: \"11530100MB0000000X\"}}`"
    ))
}

pub fn bad_target() -> Msg {
    Msg::new(
        Code::BadTarget,
        tr!(
            "`targets.documents_change` 必须是两个百分数 [下限, 上限]，下限在前，各在 -100 到 100 之间",
            "`targets.documents_change` must be two percentages [lower, upper], lower first, each from -100 to 100"
        ),
    )
    .fix(tr!(
        "例如 `documents_change: [-10, -5]`（力争减少5—10%）",
        "e.g. `documents_change: [-10, -5]` (力争减少5—10%)"
    ))
}

pub fn bad_synonyms() -> Msg {
    Msg::new(
        Code::BadSynonyms,
        tr!(
            "`search.synonyms` 的每一项必须是两个或更多同义词组成的列表",
            "each item of `search.synonyms` must be a list of two or more words that mean the same"
        ),
    )
    .fix(tr!(
        "例如 `synonyms: [[失业金, 失业保险金], [GDP, 地区生产总值]]`",
        "e.g. `synonyms: [[失业金, 失业保险金], [GDP, 地区生产总值]]`"
    ))
}

pub fn calendar_date(key: &str, why: &Text) -> Msg {
    let (wz, we) = (&why.zh, &why.en);
    Msg::new(Code::BadDate, tr!("`calendar.{key}`：{wz}", "`calendar.{key}`: {we}"))
        .fix(tr!("日期写成 YYYY-MM-DD", "write dates as YYYY-MM-DD"))
}

/// Why the working-day calendar cannot answer (`crate::calendar::CalendarError::text`).
pub enum CalendarProblem {
    Uncovered {
        date: String,
        year: i16,
        first: i16,
        last: i16,
    },
    CountUncovered {
        start: String,
        days: u32,
        date: String,
        year: i16,
        first: i16,
        last: i16,
    },
    TooManyDays {
        days: u32,
        max: u32,
    },
    /// In site.yaml's overlay: a date under both `off` and `work`.
    Conflict {
        date: String,
    },
    /// In site.yaml's overlay: a date outside the covered years.
    OverlayUncovered {
        date: String,
        first: i16,
        last: i16,
    },
}

pub fn calendar_problem(p: &CalendarProblem) -> Text {
    match p {
        CalendarProblem::Uncovered { date, year, first, last } => tr!(
            "{date} 不在工作日历范围内（{first}–{last} 年）；请把国务院办公厅 {year} 年的放假通知加到网站根目录的 calendar.yaml（见 docs/calendar.md）",
            "{date} is outside the working-day calendar, which covers {first}–{last}; add the State Council's holiday notice for {year} to calendar.yaml at the site's root (see docs/calendar.md)"
        ),
        CalendarProblem::CountUncovered { start, days, date, year, first, last } => tr!(
            "从 {start} 起算 {days} 个工作日会数到 {date}，超出了工作日历（{first}–{last} 年）；请把国务院办公厅 {year} 年的放假通知加到网站根目录的 calendar.yaml（见 docs/calendar.md）",
            "counting {days} working days from {start} runs into {date}, outside the working-day calendar, which covers {first}–{last}; add the State Council's holiday notice for {year} to calendar.yaml at the site's root (see docs/calendar.md)"
        ),
        CalendarProblem::TooManyDays { days, max } => {
            tr!("{days} 个工作日超过了日历能数的上限（最多 {max}）", "{days} working days is more than the calendar counts (at most {max})")
        }
        CalendarProblem::Conflict { date } => tr!(
            "{date} 同时列在 calendar.off 和 calendar.work 里；只保留一处",
            "{date} is listed under both calendar.off and calendar.work; keep it in one of them"
        ),
        CalendarProblem::OverlayUncovered { date, first, last } => tr!(
            "{date} 不在工作日历覆盖的年份（{first}–{last}）内；site.yaml 的 calendar 只能调整已覆盖的年份：整年的数据请加到网站根目录的 calendar.yaml（见 docs/calendar.md）",
            "{date} is outside the years the working-day calendar covers ({first}–{last}); the overlay can only adjust covered years: add whole years to calendar.yaml at the site's root (see docs/calendar.md)"
        ),
    }
}

/// The overlay's problems in one message.
pub fn overlay_problems(parts: &[Text]) -> Text {
    let zh: Vec<&str> = parts.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = parts.iter().map(|t| t.en.as_str()).collect();
    Text {
        zh: format!("site.yaml 的 calendar：{}", zh.join("；")),
        en: format!("site.yaml calendar: {}", en.join("; ")),
    }
}

/// What is wrong in calendar.yaml's shape (all reported as `calendar-file`).
pub enum CalendarShape<'a> {
    NotYears,
    NotAYear(&'a str),
    YearNotMapping(i16, Text),
    Override(i16),
    UnknownYearKey(i16, &'a str),
    NotAList(i16, &'a str),
    ItemShape(i16, &'a str),
    UnknownItemKey(&'a str),
    NoDate(i16, &'a str),
    NotADate(&'a str),
    NoName(String),
    OtherYear(String, i16),
    WorkOnWeekday(String),
    /// The day, whether it is under both lists (else twice in one), the year.
    Twice(String, bool, i16),
    NoDays(i16),
}

pub fn calendar_shape(what: CalendarShape) -> Msg {
    use CalendarShape as S;
    let text = match what {
        S::NotYears => tr!(
            "calendar.yaml 必须是以年份（`2027:`）为键、下设 `off` 和 `work` 列表的映射",
            "calendar.yaml must be a mapping of years (`2027:`) to `off` and `work` lists"
        ),
        S::NotAYear(key) => tr!(
            "`{key}` 不是年份：calendar.yaml 的键是年份，例如 `2027:`",
            "`{key}` is not a year: the keys of calendar.yaml are years, e.g. `2027:`"
        ),
        S::YearNotMapping(year, found) => {
            let (fz, fe) = (&found.zh, &found.en);
            tr!(
                "{year} 下应是 `off:` 和 `work:` 列表，这里是{fz}",
                "{year} must hold `off:` and `work:` lists, found {fe}"
            )
        }
        S::Override(year) => tr!("`{year}.override` 只能是 true 或 false", "`{year}.override` must be true or false"),
        S::UnknownYearKey(year, other) => tr!(
            "{year} 下有未知的键 `{other}`：一年只能有 `off`、`work` 和可选的 `override`",
            "unknown key `{other}` in {year}: a year holds `off`, `work` and optionally `override`"
        ),
        S::NotAList(year, list) => {
            tr!("`{year}.{list}` 必须是 `{{date, name}}` 的列表", "`{year}.{list}` must be a list of `{{date, name}}`")
        }
        S::ItemShape(year, list) => tr!(
            "`{year}.{list}` 的每一项写成 `{{date: YYYY-MM-DD, name: 节日}}`",
            "each item of `{year}.{list}` is `{{date: YYYY-MM-DD, name: 节日}}`"
        ),
        S::UnknownItemKey(other) => tr!(
            "未知的键 `{other}`：每一项只有 `date` 和 `name`",
            "unknown key `{other}`: an item has `date` and `name`"
        ),
        S::NoDate(year, list) => tr!("`{year}.{list}` 有一项没有 `date`", "an item of `{year}.{list}` has no `date`"),
        S::NotADate(text) => tr!("`{text}` 不是 YYYY-MM-DD 格式的日期", "`{text}` is not a date YYYY-MM-DD"),
        S::NoName(d) => {
            tr!("{d} 没有 `name`（节日的中文名，例如 春节）", "{d} has no `name` (the holiday in Chinese, e.g. 春节)")
        }
        S::OtherYear(d, year) => tr!(
            "{d} 不在 {year} 年：每年只列当年的日子",
            "{d} is not in {year}: each year lists only days of that year"
        ),
        S::WorkOnWeekday(d) => tr!(
            "{d} 列为调休上班日（`work`），但它不是周六或周日",
            "{d} is a make-up working day (`work`) but not a Saturday or Sunday"
        ),
        S::Twice(d, both, year) => {
            if both {
                tr!(
                    "{d} 在 {year} 年同时列在 `off` 和 `work` 下；只保留一处",
                    "{d} is listed under both `off` and `work` in {year}; keep it once"
                )
            } else {
                tr!("{d} 在 {year} 年列了两次；只保留一处", "{d} is listed twice in {year}; keep it once")
            }
        }
        S::NoDays(year) => tr!(
            "{year} 没有列任何日子：把通知里的每一天都抄到 `off` 和 `work` 下",
            "{year} lists no days: copy every day of the notice under `off` and `work`"
        ),
    };
    Msg::new(Code::CalendarFile, text).fix(tr!(
        "照 docs/calendar.md 的例子写：`2027:`，下面是 `off:` 和 `work:` 列表，每项 `{{date: YYYY-MM-DD, name: 春节}}`",
        "follow the example in docs/calendar.md: `2027:` then `off:` and `work:` lists of `{{date: YYYY-MM-DD, name: 春节}}`"
    ))
}

pub fn calendar_yaml(message: &Text) -> Msg {
    Msg::new(Code::Yaml, message.prefixed("calendar.yaml：", ""))
}

pub fn calendar_year_built_in(year: i16, first: i16, last: i16) -> Msg {
    Msg::new(
        Code::CalendarYear,
        tr!("{year} 年已在内置日历中（{first}–{last}）", "{year} is already in the built-in calendar ({first}–{last})"),
    )
    .fix(tr!(
        "要替换内置的 {year} 年（例如发布了更正通知后），在 `{year}:` 下加 `override: true`",
        "to replace the built-in {year} (e.g. after a correction notice), add `override: true` under `{year}:`"
    ))
}

pub fn calendar_gap(gap: i16) -> Msg {
    Msg::new(
        Code::CalendarYear,
        tr!("覆盖的年份会出现缺口：缺 {gap} 年", "the covered years would have a gap: {gap} is missing"),
    )
    .fix(tr!("把 {gap} 年也加上：日历覆盖的年份必须连续", "add {gap} too: the calendar covers consecutive years"))
}

/// Added to the fix of the error that makes a file unreadable: references to it are skipped.
pub fn skipped_refs() -> Text {
    tr!(
        "（其他文件指向这个文件的链接会先略去，直到它能解析）",
        " (links to this file from other files are left out until it parses)"
    )
}

/// `field` is the reference's field (`interprets`); the texts name both files, never a title.
pub fn ref_withheld(from: &str, key: &str, reason: &Text) -> Text {
    let (rz, re) = (&reason.zh, &reason.en);
    tr!(
        "{from} 引用了 content/{key}，该条目不公开（{rz}）；引用已略去",
        "{from} refers to content/{key}, which is withheld ({re}); the reference is left out"
    )
}

pub fn ref_missing(from: &str, key: &str) -> Text {
    tr!("{from} 引用了 content/{key}，该文件不存在", "{from} refers to content/{key}, which does not exist")
}

/// A reference problem, at the field that holds it.
pub fn in_field(field: &str, problem: &Text) -> Text {
    let f = super::field(field);
    let (fz, fe, pz, pe) = (&f.zh, &f.en, &problem.zh, &problem.en);
    tr!("{fz}：{pz}", "{fe}: {pe}")
}

pub fn withheld_ref(message: Text) -> Msg {
    Msg::new(Code::WithheldRef, message)
        .fix(tr!("删掉这个引用，或重新发布被引用的条目", "remove the reference, or publish the target again"))
}

pub fn withheld_source(message: Text) -> Msg {
    Msg::new(Code::WithheldRef, message)
        .fix(tr!("发布来源文件，或把来源写成文字", "publish the source document, or write the source as text"))
}

pub fn bad_ref(message: Text) -> Msg {
    Msg::new(Code::BadRef, message)
        .fix(tr!("先发布被引用的条目，或删掉这个引用", "publish the target first, or remove the reference"))
}

pub fn ref_not_document(field: &str, key: &str) -> Msg {
    let f = super::field(field);
    let (fz, fe) = (&f.zh, &f.en);
    Msg::new(
        Code::BadRef,
        tr!(
            "{fz} 必须引用政府文件，而 content/{key} 不是",
            "{fe} must refer to a document, and content/{key} is not one"
        ),
    )
}

pub fn replaced_by_itself() -> Msg {
    Msg::new(Code::BadRef, tr!("文件不能被自己替代", "a document cannot be replaced by itself"))
}

pub enum Amendment<'a> {
    Itself,
    Earlier { key: &'a str, theirs: String, mine: String },
    AfterEffect { key: &'a str, theirs: String, effective: String },
}

pub fn bad_amendment(a: Amendment) -> Msg {
    let text = match a {
        Amendment::Itself => tr!("文件不能修改它自己", "a document cannot amend itself"),
        Amendment::Earlier { key, theirs, mine } => tr!(
            "`amended_by`（修改文件）：content/{key} 的日期是 {theirs}，早于本文件（{mine}），不可能修改它",
            "`amended_by`: content/{key} is dated {theirs}, before this document ({mine}): it cannot amend it"
        ),
        Amendment::AfterEffect { key, theirs, effective } => tr!(
            "`amended_by`（修改文件）：content/{key} 的日期是 {theirs}，晚于修改生效的 `validity_date` {effective}",
            "`amended_by`: content/{key} is dated {theirs}, later than the `validity_date` {effective} of the amendment"
        ),
    };
    Msg::new(Code::BadValidity, text).fix(tr!(
        "核对引用和日期：修改文件是较晚的那份，`validity_date` 是修改生效的日子",
        "check the reference and the dates: the amending document is the later one, and `validity_date` is the day the amendment took effect"
    ))
}

/// `what` is `department` or `lead`.
pub fn unknown_department(what: &str, value: &str, guess: Option<&str>) -> Msg {
    let f = super::field(what);
    let (fz, fe) = (&f.zh, &f.en);
    let fix = match guess {
        Some(h) => tr!(
            "是不是想写 `{h}`？否则把它加到 site.yaml 的 `departments`",
            "did you mean `{h}`? Otherwise add it to `departments` in site.yaml"
        ),
        None => tr!("把它加到 site.yaml 的 `departments`", "add it to `departments` in site.yaml"),
    };
    Msg::new(
        Code::UnknownDepartment,
        tr!("{fz} '{value}' 不在 site.yaml 的名单里", "{fe} '{value}' is not listed in site.yaml"),
    )
    .fix(fix)
}

pub fn duplicate_code(code: &str, other: &str) -> Msg {
    Msg::new(Code::DuplicateCode, tr!("事项编码 {code} 也被 {other} 使用", "事项编码 {code} is also used by {other}"))
        .fix(tr!("每个事项要有自己的编码", "each item needs its own code"))
}

pub fn duplicate_index_number(n: &str, other: &str) -> Msg {
    Msg::new(Code::DuplicateIndexNumber, tr!("索引号 {n} 也被 {other} 使用", "索引号 {n} is also used by {other}")).fix(
        tr!(
            "每份文件要有自己的索引号；删掉这一行，让 gongkai 自动生成",
            "each document needs its own 索引号; remove it to have one derived"
        ),
    )
}

pub fn duplicate_doc_number(n: &str, other: &str) -> Msg {
    Msg::new(Code::DuplicateDocNumber, tr!("发文字号 {n} 也被 {other} 使用", "发文字号 {n} is also used by {other}"))
}

pub fn duplicate_issue(number: u32, year: i16, other: &str) -> Msg {
    Msg::new(
        Code::DuplicateIssue,
        tr!("{year} 年第 {number} 期与 {other} 重复", "issue {number} of {year} is also {other}"),
    )
    .fix(tr!("一年内的各期按 1、2、3……编号", "number the issues of a year 1, 2, 3, ..."))
}

pub fn withheld_attachment(name: &str, owner: &str) -> Msg {
    Msg::new(
        Code::WithheldAttachment,
        tr!(
            "附件 {name} 同时是 {owner} 的附件，而该条目不公开",
            "attachment {name} is also an attachment of {owner}, which is withheld"
        ),
    )
    .fix(tr!("另用一份文件副本", "use a separate copy of the file"))
}

pub fn missing_attachment(key: &str) -> Msg {
    Msg::new(Code::MissingAttachment, tr!("附件 content/{key} 不存在", "attachment content/{key} does not exist"))
        .fix(tr!("把文件放在 .md 文件旁边，或改正文件名", "put the file beside the .md file, or correct the name"))
}

pub fn lock_unreadable(file: &str, e: &std::io::Error) -> Msg {
    Msg::new(Code::BadLock, tr!("无法读取 {file}：{e}", "cannot read {file}: {e}"))
        .fix(tr!("检查文件的读写权限", "check the file's permissions"))
}

pub fn lock_number_twice(number: &str, other: &str, at: usize, path: &str) -> Msg {
    Msg::new(
        Code::BadLock,
        tr!(
            "索引号 {number} 同时登记给了 {other}（第 {at} 行）和 {path}",
            "索引号 {number} is recorded for both {other} (line {at}) and {path}"
        ),
    )
    .fix(tr!(
        "一个索引号只属于一份文件：请从版本库恢复这个文件",
        "a number belongs to one document: restore this file from version control"
    ))
}

pub enum LockLine<'a> {
    Shape,
    Twice(&'a str),
}

pub fn lock_bad_line(file: &str, what: LockLine) -> Msg {
    let why = match what {
        LockLine::Shape => tr!(
            "`assigned:` 或 `retired:` 下应是 `路径: 索引号`",
            "expected `path: number` under `assigned:` or `retired:`"
        ),
        LockLine::Twice(path) => tr!("{path} 登记了两次", "{path} is recorded twice"),
    };
    let (wz, we) = (&why.zh, &why.en);
    Msg::new(Code::BadLock, tr!("{file} 无法解析：{wz}", "{file} does not parse: {we}")).fix(tr!(
        "从版本库恢复这个文件（它由 gongkai 写入，请不要手改索引号）",
        "restore the file from version control (gongkai writes it; do not edit numbers by hand)"
    ))
}

pub fn lock_file_gone(path: &str, number: &str) -> Msg {
    Msg::new(
        Code::LockFileGone,
        tr!(
            "{path} 已不存在；它的索引号 {number} 保持注销，永不再分配",
            "{path} no longer exists; its 索引号 {number} stays retired and is never given out again"
        ),
    )
    .fix(tr!(
        "如果文件改了名，把这一行的路径改成新路径以保留编号；否则无需处理（下次构建会把它移到 `retired:` 下）",
        "if the file was renamed, change its path on this line to keep its number; otherwise nothing to do (the next build moves it under `retired:`)"
    ))
}

pub fn unlocked_index_number(file: &str) -> Msg {
    Msg::new(
        Code::UnlockedIndexNumber,
        tr!(
            "{file} 里没有登记这份文件的索引号（build --locked 不分配新编号）",
            "no 索引号 is recorded for this document in {file} (build --locked assigns none)"
        ),
    )
    .fix(tr!(
        "不带 --locked 运行 `gongkai build`，然后提交 {file}",
        "run `gongkai build` without --locked and commit {file}"
    ))
}

pub fn index_number_recorded(n: &str, owner: &str, file: &str, line: usize) -> Msg {
    Msg::new(
        Code::DuplicateIndexNumber,
        tr!(
            "索引号 {n} 已在 {file}（第 {line} 行）登记给 {owner}",
            "索引号 {n} is already recorded for {owner} in {file} (line {line})"
        ),
    )
    .fix(tr!(
        "索引号永不重复使用：另选一个，或删掉 `index_number` 让 gongkai 自动生成",
        "a 索引号 is never reused: choose another one, or remove `index_number` to have one derived"
    ))
}

pub fn no_org_code(count: usize) -> Msg {
    Msg::new(
        Code::NoOrgCode,
        tr!(
            "{count} 份文件没有 `index_number`（索引号），而 site.yaml 没有可用于生成索引号的 `org_code`",
            "{count} documents have no `index_number`, and site.yaml has no `org_code` to derive one from"
        ),
    )
    .fix(tr!(
        "在 site.yaml 加上 `org_code: \"<统一社会信用代码>\"`",
        "add `org_code: \"<统一社会信用代码>\"` to site.yaml"
    ))
}

pub fn reserved_url(url: &str) -> Msg {
    Msg::new(Code::ReservedUrl, tr!("网址 {url} 是门户保留的", "the URL {url} is reserved by the portal"))
        .fix(tr!("给这个条目换一个 `slug`（或改文件名）", "give the entry another `slug` (or rename the file)"))
}

pub fn duplicate_url(other: &str, url: &str) -> Msg {
    Msg::new(Code::DuplicateUrl, tr!("{other} 已经使用了网址 {url}", "{other} already has the URL {url}"))
        .fix(tr!("给其中一个换一个 `slug`（或 `code`）", "give one of them a different `slug` (or `code`)"))
}

pub fn classified_file() -> Msg {
    Msg::new(
        Code::ClassifiedFile,
        tr!("content/ 里有一个公开属性不是公开的文件", "a file that is not classified public is in content/"),
    )
    .fix(tr!(
        "涉密或不公开的材料不应放在门户的源文件里：把它移出 content/",
        "classified material does not belong in the portal's source: move it out of content/"
    ))
}
