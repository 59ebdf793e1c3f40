//! Open data: `/data/catalog.{json,csv}`, `/data/approvals.{json,csv}`, `/data/calendar.json`,
//! and each bulletin table as CSV. Published entries only: drafts never reach an export.
//!
//! CSV files start with a UTF-8 BOM so that Excel opens Chinese text correctly.

use serde::Serialize;

use super::bodies::Model;
use super::formats::{json, Csv};
use super::views::EntryView;
use super::Sink;
use crate::calendar::Calendar;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

/// One row of `/data/catalog.*`: the 信息公开目录 fields of a document.
#[derive(Serialize)]
struct CatalogRow<'a> {
    index_number: &'a str,
    title: &'a str,
    issuer: &'a str,
    topics: Vec<&'a str>,
    genre: &'a str,
    written: &'a str,
    published: &'a str,
    doc_number: &'a str,
    validity: &'a str,
    /// `effective`, `amended`, `expired` or `repealed` (the machine value of 有效性).
    validity_code: &'a str,
    /// When that status took effect, or empty.
    validity_date: &'a str,
    url: String,
}

/// One row of `/data/approvals.*`.
#[derive(Serialize)]
struct ItemRow<'a> {
    code: &'a str,
    name: &'a str,
    department: &'a str,
    category: &'a str,
    level: crate::content::Level,
    statutory_days: u32,
    promised_days: u32,
    reduction_percent: u32,
    fee: &'a str,
    online: bool,
    visits: Option<u32>,
    status: &'a str,
    url: String,
}

pub fn write(site: &Site, model: &Model, diags: &mut Diagnostics, out: &dyn Sink) {
    let base = site.config.base_url.as_str();
    let published = || model.views.iter().filter(|v| v.draft.is_empty());
    let mut docs: Vec<&EntryView> = published().filter(|v| v.doc.is_some()).collect();
    docs.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
    let catalog: Vec<CatalogRow> = docs
        .iter()
        .filter_map(|v| {
            let d = v.doc.as_ref()?;
            Some(CatalogRow {
                index_number: &d.index_number,
                title: &v.title,
                issuer: &v.department,
                topics: v.topics.iter().map(|t| t.title.as_str()).collect(),
                genre: &d.genre,
                written: &d.written,
                published: &v.date,
                doc_number: &d.doc_number,
                validity: d.validity_label,
                validity_code: d.validity.key(),
                validity_date: &d.validity_date,
                url: format!("{base}{}", v.url),
            })
        })
        .collect();
    out.add("data/catalog.json", json(&catalog));
    let mut csv = Csv::new(&[
        "索引号",
        "标题",
        "发文机关",
        "主题分类",
        "体裁",
        "成文日期",
        "发布日期",
        "发文字号",
        "有效性",
        "有效性变化日期",
        "链接",
    ]);
    for r in &catalog {
        csv.row(&[
            r.index_number,
            r.title,
            r.issuer,
            &r.topics.join("；"),
            r.genre,
            r.written,
            r.published,
            r.doc_number,
            r.validity,
            r.validity_date,
            &r.url,
        ]);
    }
    out.add("data/catalog.csv", csv.finish());

    let mut items: Vec<&EntryView> = published().filter(|v| v.item.is_some()).collect();
    items.sort_by(|a, b| a.item.as_ref().map(|i| &i.code).cmp(&b.item.as_ref().map(|i| &i.code)));
    let rows: Vec<ItemRow> = items
        .iter()
        .filter_map(|v| {
            let i = v.item.as_ref()?;
            Some(ItemRow {
                code: &i.code,
                name: &v.title,
                department: &v.department,
                category: &i.category,
                level: i.level,
                statutory_days: i.statutory_days,
                promised_days: i.promised_days,
                reduction_percent: i.reduction,
                fee: &i.fee,
                online: i.online,
                visits: i.visits,
                status: i.status.key(),
                url: format!("{base}{}", v.url),
            })
        })
        .collect();
    out.add("data/approvals.json", json(&rows));
    let mut csv = Csv::new(&[
        "事项编码",
        "事项名称",
        "实施主体",
        "事项类型",
        "层级",
        "法定办结时限（工作日）",
        "承诺办结时限（工作日）",
        "压缩比例（%）",
        "收费标准",
        "是否网办",
        "到现场次数",
        "状态",
        "链接",
    ]);
    // The CSV speaks as the pages do (市级/县级, 在办/已下放/已取消); the JSON keeps the machine
    // values (city/county, active/delegated/cancelled).
    for (r, v) in rows.iter().zip(&items) {
        let Some(i) = v.item.as_ref() else { continue };
        csv.row(&[
            r.code,
            r.name,
            r.department,
            r.category,
            i.level_label,
            &r.statutory_days.to_string(),
            &r.promised_days.to_string(),
            &r.reduction_percent.to_string(),
            r.fee,
            if r.online { "是" } else { "否" },
            &r.visits.map(|v| v.to_string()).unwrap_or_default(),
            i.status_label,
            &r.url,
        ]);
    }
    out.add("data/approvals.csv", csv.finish());

    // A build wrote them in the body pass, where it dropped the tables.
    for (path, csv) in published().filter_map(super::kinds::table_csv) {
        out.add(path, csv);
    }

    super::tasks::data(site, model, out);

    match site.config.calendar() {
        Ok(cal) => {
            if let Some(w) = coverage_warning(&cal, site.options.now) {
                diags.push(w);
            }
            out.add("data/calendar.json", json(&cal.to_json()));
        }
        Err(problems) => diags.extend(problems),
    }
}

/// How close to the end of its last year a calendar may get before builds warn.
pub const CALENDAR_WARNING_DAYS: i64 = 60;

/// A warning when `now` is within [`CALENDAR_WARNING_DAYS`] of the end of the covered years:
/// deadlines that run past the end can then not be computed (the page shows an estimate).
pub fn coverage_warning(cal: &Calendar, now: jiff::civil::Date) -> Option<Diagnostic> {
    let (_, last) = cal.covered_years();
    let end = jiff::civil::date(last, 12, 31);
    let days_left = i64::from((end - now).get_days());
    if days_left > CALENDAR_WARNING_DAYS {
        return None;
    }
    let next = last.saturating_add(1);
    let m = crate::messages::render::calendar_ending(days_left, &end.to_string(), next);
    Some(Diagnostic::warning(crate::calendar::years::FILE, 0, 0, m))
}
