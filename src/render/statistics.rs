//! `/statistics/` (发文统计与落实情况): the efficiency policy reporting on itself, from published
//! entries only. Documents per year by issuing department and by `doc_type`, the change from the
//! previous year against `targets.documents_change`, length-limit compliance, each bulletin
//! series' periods with missing ones flagged, and task counts by status. Every table has a CSV
//! beside it; the numbers are computed here, the page only shows them.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::bodies::Model;
use super::formats::Csv;
use super::job::{crumbs, job, meta, Job};
use super::tasks::Counts;
use super::views::EntryView;
use super::Sink;
use crate::content::{DocType, Meta, Period, Series};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

const TYPES: [(DocType, &str, &str); 4] = [
    (DocType::General, "general", "普发类文件"),
    (DocType::Office, "office", "办公室文件"),
    (DocType::Speech, "speech", "领导讲话"),
    (DocType::Letter, "letter", "函"),
];

/// A row of counts per year.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct YearRow {
    pub label: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

/// The change of one year's document count from the year before.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Change {
    pub year: i16,
    /// What is compared (全年, or 1月1日至11月26日 for the build date's year).
    pub span: String,
    pub current: usize,
    pub previous: usize,
    /// Percent with one decimal (`-7.5`), empty when the previous count is 0.
    pub change: String,
    /// `met`, `not_met` or `none` (no target or no base).
    pub verdict: &'static str,
    pub verdict_label: String,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct LengthRow {
    pub doc_type: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// The limit, or empty when the type has none.
    pub limit: String,
    /// Documents of this type that have a limit (letters may have none).
    pub limited: usize,
    pub within: usize,
    /// Percent within the limit, one decimal, empty without a limit.
    pub share: String,
    pub average: usize,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PeriodCell {
    pub code: String,
    pub label: String,
    /// `published`, `missing`, `open` (not ended yet) or `before` (before the series began).
    pub state: &'static str,
    pub url: String,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SeriesYear {
    pub year: i16,
    pub cells: Vec<PeriodCell>,
    pub published: usize,
    pub missing: usize,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SeriesRow {
    pub key: &'static str,
    pub label: &'static str,
    pub monthly: bool,
    pub years: Vec<SeriesYear>,
    pub missing: Vec<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct Stats {
    /// The build date's year: its counts run to the build date.
    pub current_year: i16,
    pub years: Vec<i16>,
    pub totals: Vec<usize>,
    pub by_department: Vec<YearRow>,
    pub by_type: Vec<YearRow>,
    pub target: String,
    pub changes: Vec<Change>,
    pub lengths: Vec<LengthRow>,
    pub length_total: LengthRow,
    pub series: Vec<SeriesRow>,
    pub tasks: Counts,
    pub charts: Charts,
}

#[derive(Serialize, Debug, Clone, Default)]
pub struct Charts {
    pub per_year: String,
    pub length: String,
    pub tasks: String,
}

/// Compute every figure from the published entries of `model`.
pub fn compute(site: &Site, model: &Model) -> Stats {
    let now = site.options.now;
    let docs: Vec<(&EntryView, DocType, usize)> = site
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| model.views[*i].draft.is_empty())
        .filter_map(|(i, e)| match &e.meta {
            Meta::Document(d) => Some((&model.views[i], d.doc_type, model.length(i))),
            _ => None,
        })
        .collect();
    let years: Vec<i16> = match (docs.iter().map(|d| d.0.year).min(), docs.iter().map(|d| d.0.year).max()) {
        (Some(a), Some(b)) => (a..=b).collect(),
        _ => Vec::new(),
    };
    let row = |label: String, pick: &dyn Fn(&(&EntryView, DocType, usize)) -> bool| {
        let counts: Vec<usize> =
            years.iter().map(|y| docs.iter().filter(|d| d.0.year == *y && pick(d)).count()).collect();
        YearRow { label, total: counts.iter().sum(), counts }
    };
    let depts = super::tasks::lead_order(site, docs.iter().map(|d| d.0.department.as_str()));
    let by_department = depts.iter().map(|n| row(n.to_string(), &|d| d.0.department == *n)).collect();
    let by_type = TYPES
        .iter()
        .filter(|(t, _, _)| docs.iter().any(|d| d.1 == *t))
        .map(|(t, _, l)| row(l.to_string(), &|d| d.1 == *t))
        .collect();
    let totals: Vec<usize> = years.iter().map(|y| docs.iter().filter(|d| d.0.year == *y).count()).collect();
    let dates: Vec<Date> = docs.iter().filter_map(|d| d.0.date.parse().ok()).collect();
    let target = site.config.targets.documents_change;
    let changes = years.iter().skip(1).map(|&y| change(&dates, y, now, target)).collect();
    let (lengths, length_total) = lengths(site, &docs);
    let tasks = Counts::of(model.views.iter().filter(|v| v.draft.is_empty()));
    let series = series_periods(site);
    let mut stats = Stats {
        target: target.map(target_label).unwrap_or_default(),
        current_year: now.year(),
        years,
        totals,
        by_department,
        by_type,
        changes,
        lengths,
        length_total,
        series,
        tasks,
        charts: Charts::default(),
    };
    stats.charts = charts(&stats);
    stats
}

/// `减少5%—10%` for (-10, -5); `增加…` for a rise; `增减…` across zero.
fn target_label((lo, hi): (f64, f64)) -> String {
    let f = |x: f64| crate::content::format_number(x.abs());
    if hi <= 0.0 {
        format!("减少{}%—{}%", f(hi), f(lo))
    } else if lo >= 0.0 {
        format!("增加{}%—{}%", f(lo), f(hi))
    } else {
        format!("变化在{}%至{}%之间", crate::content::format_number(lo), crate::content::format_number(hi))
    }
}

/// The change of year `y` from `y - 1`. For the build date's year, both years are counted up to
/// the same month and day (a part year is never compared with a whole one). The target is met
/// when the change is at or below its upper bound (for [-10, -5]: a fall of at least 5%); a fall
/// beyond the lower bound still meets it and says so.
pub fn change(dates: &[Date], y: i16, now: Date, target: Option<(f64, f64)>) -> Change {
    let partial = y == now.year();
    let md = (now.month(), now.day());
    let count =
        |year: i16| dates.iter().filter(|d| d.year() == year && (!partial || (d.month(), d.day()) <= md)).count();
    let (current, previous) = (count(y), count(y - 1));
    let span =
        if partial { format!("1月1日至{}月{}日，与上年同期比", md.0, md.1) } else { "全年".to_string() };
    let pct = (previous > 0).then(|| (current as f64 - previous as f64) / previous as f64 * 100.0);
    let rounded = pct.map(|p| (p * 10.0).round() / 10.0);
    let (verdict, verdict_label) = match (rounded, target) {
        (Some(p), Some((lo, hi))) if p <= hi && p < lo => {
            ("met", format!("达标（降幅超过{}%）", crate::content::format_number(lo.abs())))
        }
        (Some(p), Some((_, hi))) if p <= hi => ("met", "达标".to_string()),
        (Some(_), Some(_)) => ("not_met", "未达标".to_string()),
        (None, Some(_)) => ("none", "无上年数据，无法比较".to_string()),
        (_, None) => ("none", "未设定目标".to_string()),
    };
    Change {
        year: y,
        span,
        current,
        previous,
        change: rounded.map(|p| format!("{p:.1}")).unwrap_or_default(),
        verdict,
        verdict_label,
    }
}

fn lengths(site: &Site, docs: &[(&EntryView, DocType, usize)]) -> (Vec<LengthRow>, LengthRow) {
    let l = site.config.limits;
    let limit_of = |t: DocType| match t {
        DocType::General => Some(l.general),
        DocType::Office => Some(l.office),
        DocType::Speech => Some(l.speech),
        DocType::Letter => l.letter,
    };
    let make = |doc_type, label, set: Vec<(usize, Option<u32>)>| {
        let count = set.len();
        let limited: Vec<&(usize, Option<u32>)> = set.iter().filter(|s| s.1.is_some()).collect();
        let within = limited.iter().filter(|(n, lim)| lim.is_some_and(|m| *n <= m as usize)).count();
        let share = if limited.is_empty() {
            String::new()
        } else {
            format!("{:.1}", within as f64 / limited.len() as f64 * 100.0)
        };
        let average = if count == 0 {
            0
        } else {
            (set.iter().map(|s| s.0).sum::<usize>() as f64 / count as f64).round() as usize
        };
        let limits: Vec<u32> = set.iter().filter_map(|s| s.1).collect();
        let limit = match (limits.first(), limits.iter().all(|x| Some(x) == limits.first())) {
            (Some(m), true) => m.to_string(),
            _ => String::new(),
        };
        LengthRow { doc_type, label, count, limit, limited: limited.len(), within, share, average }
    };
    let rows = TYPES
        .iter()
        .filter(|(t, _, _)| docs.iter().any(|d| d.1 == *t))
        .map(|(t, k, label)| make(k, label, docs.iter().filter(|d| d.1 == *t).map(|d| (d.2, limit_of(*t))).collect()))
        .collect();
    let all = make("all", "合计", docs.iter().map(|d| (d.2, limit_of(d.1))).collect());
    (rows, LengthRow { limit: String::new(), ..all })
}

/// The last day of a period.
fn period_end(p: Period) -> Option<Date> {
    let (y, first_next) = match p {
        Period::Month(y, 12) | Period::Quarter(y, 4) => (y + 1, 1),
        Period::Month(y, m) => (y, m + 1),
        Period::Quarter(y, q) => (y, q * 3 + 1),
    };
    Date::new(y, first_next as i8, 1).ok()?.yesterday().ok()
}

fn periods_of(series: Series, year: i16) -> Vec<Period> {
    if series.monthly() {
        (1..=12).map(|m| Period::Month(year, m)).collect()
    } else {
        (1..=4).map(|q| Period::Quarter(year, q)).collect()
    }
}

/// Each series with published bulletins: its periods by year, from its first published period
/// to the build date's year. A period is missing when it ended before the build date and no
/// bulletin of it is published.
pub fn series_periods(site: &Site) -> Vec<SeriesRow> {
    let now = site.options.now;
    let mut published: BTreeMap<(&'static str, Period), usize> = BTreeMap::new();
    for (i, e) in site.entries.iter().enumerate() {
        if let (Meta::Bulletin(b), false) = (&e.meta, site.drafts.contains_key(&i)) {
            let want_monthly = b.series.monthly();
            if want_monthly == matches!(b.period, Period::Month(..)) {
                published.entry((b.series.key(), b.period)).or_insert(i);
            }
        }
    }
    let mut out = Vec::new();
    for s in Series::ALL {
        let Some(first) = published.keys().filter(|(k, _)| *k == s.key()).map(|(_, p)| *p).min() else { continue };
        let last_year =
            published.keys().filter(|(k, _)| *k == s.key()).map(|(_, p)| p.year()).max().unwrap_or(first.year());
        let mut years = Vec::new();
        let mut missing = Vec::new();
        for y in first.year()..=last_year.max(now.year()) {
            let cells: Vec<PeriodCell> = periods_of(s, y)
                .into_iter()
                .map(|p| {
                    let hit = published.get(&(s.key(), p));
                    let state = match hit {
                        Some(_) => "published",
                        None if p < first => "before",
                        None if period_end(p).is_some_and(|end| end < now) => "missing",
                        None => "open",
                    };
                    if state == "missing" {
                        missing.push(p.code());
                    }
                    let url = hit.map(|&i| site.urls.get(i).to_string()).unwrap_or_default();
                    PeriodCell { code: p.code(), label: short_label(p), state, url }
                })
                .collect();
            let count = |st: &str| cells.iter().filter(|c| c.state == st).count();
            years.push(SeriesYear { year: y, published: count("published"), missing: count("missing"), cells });
        }
        out.push(SeriesRow { key: s.key(), label: s.label(), monthly: s.monthly(), years, missing });
    }
    out
}

fn short_label(p: Period) -> String {
    match p {
        Period::Month(_, m) => format!("{m}月"),
        Period::Quarter(_, q) => format!("{}季度", ["一", "二", "三", "四"][(q - 1) as usize]),
    }
}

/// `check`: a warning for each period that ended without its bulletin.
pub fn missing_periods(site: &Site) -> Vec<Diagnostic> {
    series_periods(site)
        .into_iter()
        .flat_map(|s| {
            s.missing.into_iter().map(move |p| {
                let m = crate::messages::render::missing_period(s.label, s.key, &p.to_string());
                Diagnostic::warning("content/bulletins", 0, 0, m)
            })
        })
        .collect()
}

fn charts(s: &Stats) -> Charts {
    let rows = |v: Vec<(String, String)>| v.into_iter().map(|(a, b)| vec![a, b]).collect::<Vec<_>>();
    let per_year = rows(s.years.iter().zip(&s.totals).map(|(y, n)| (format!("{y}年"), n.to_string())).collect());
    let length = rows(
        s.lengths.iter().filter(|l| !l.share.is_empty()).map(|l| (l.label.to_string(), l.share.clone())).collect(),
    );
    let t = &s.tasks;
    let tasks = rows(vec![
        ("推进中".into(), t.in_progress.to_string()),
        ("其中逾期".into(), t.overdue.to_string()),
        ("已完成".into(), t.done.to_string()),
        ("已暂缓".into(), t.suspended.to_string()),
    ]);
    let chart = |id, title, col, lead, r: &[Vec<String>]| {
        if r.is_empty() {
            String::new()
        } else {
            super::chart::bar_chart_with(id, title, col, lead, r, 1)
        }
    };
    Charts {
        per_year: chart("chart-years", "历年发文数量", "发文数量（件）", "按年份", &per_year),
        length: chart("chart-length", "篇幅在限额内的文件占比", "占比（%）", "按文件类型", &length),
        tasks: if t.total == 0 {
            String::new()
        } else {
            chart("chart-tasks", "重点工作任务状态", "任务数（项）", "按状态", &tasks)
        },
    }
}

/// The page and its CSV files.
pub(super) fn page(site: &Site, model: &Model, jobs: &mut Vec<Job>, out: &dyn Sink) {
    let stats = compute(site, model);
    csv_files(&stats, out);
    let mut j = job(
        "/statistics/",
        "statistics.html",
        meta(
            "发文统计与落实情况",
            "/statistics/",
            "发文统计",
            "信息公开",
            "statistics",
            crumbs(&[("发文统计与落实情况", "/statistics/")]),
        ),
    );
    j.put("stats", &stats);
    jobs.push(j);
}

fn csv_files(s: &Stats, out: &dyn Sink) {
    let years: Vec<String> = s.years.iter().map(|y| format!("{y}年")).collect();
    let mut head: Vec<&str> = vec![""];
    head.extend(years.iter().map(String::as_str));
    head.push("合计");
    for (name, first, rows) in [("by-department", "发文机关", &s.by_department), ("by-type", "文件类型", &s.by_type)]
    {
        head[0] = first;
        let mut c = Csv::new(&head);
        for r in rows.iter() {
            let mut f = vec![r.label.clone()];
            f.extend(r.counts.iter().map(usize::to_string));
            f.push(r.total.to_string());
            c.row(&f.iter().map(String::as_str).collect::<Vec<_>>());
        }
        out.add(format!("statistics/documents-{name}.csv"), c.finish());
    }
    let mut c = Csv::new(&["年份", "比较范围", "发文数量", "上年同期数量", "增减（%）", "目标", "结论"]);
    for ch in &s.changes {
        c.row(&[
            &ch.year.to_string(),
            &ch.span,
            &ch.current.to_string(),
            &ch.previous.to_string(),
            &ch.change,
            &s.target,
            &ch.verdict_label,
        ]);
    }
    out.add("statistics/documents-change.csv", c.finish());
    let mut c = Csv::new(&["文件类型", "文件数", "字数限额", "限额内文件数", "限额内占比（%）", "平均字数"]);
    for l in s.lengths.iter().chain([&s.length_total]) {
        c.row(&[l.label, &l.count.to_string(), &l.limit, &l.within.to_string(), &l.share, &l.average.to_string()]);
    }
    out.add("statistics/length.csv", c.finish());
    let mut c = Csv::new(&["通报系列", "期次", "状态"]);
    for sr in &s.series {
        for y in &sr.years {
            for cell in y.cells.iter().filter(|c| c.state != "before") {
                let state = match cell.state {
                    "published" => "已发布",
                    "missing" => "缺发",
                    _ => "未到期",
                };
                c.row(&[sr.label, &cell.code, state]);
            }
        }
    }
    out.add("statistics/bulletins.csv", c.finish());
    let t = &s.tasks;
    let mut c = Csv::new(&["状态", "任务数"]);
    for (l, n) in [
        ("推进中", t.in_progress),
        ("其中逾期", t.overdue),
        ("已完成", t.done),
        ("已暂缓", t.suspended),
        ("合计", t.total),
    ] {
        c.row(&[l, &n.to_string()]);
    }
    out.add("statistics/tasks.csv", c.finish());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn year_over_year_against_the_target() {
        let mut dates = vec![d("2024-03-01"); 20];
        dates.extend(vec![d("2025-03-01"); 18]);
        let c = change(&dates, 2025, d("2026-06-01"), Some((-10.0, -5.0)));
        assert_eq!((c.current, c.previous, c.change.as_str(), c.verdict), (18, 20, "-10.0", "met"));
        dates.extend(vec![d("2025-04-01"); 1]); // 19 of 20: -5.0
        assert_eq!(change(&dates, 2025, d("2026-06-01"), Some((-10.0, -5.0))).verdict, "met");
        dates.push(d("2025-05-01")); // 20 of 20: 0.0
        let c = change(&dates, 2025, d("2026-06-01"), Some((-10.0, -5.0)));
        assert_eq!((c.change.as_str(), c.verdict_label.as_str()), ("0.0", "未达标"));
        let few = vec![d("2024-01-01"); 10].into_iter().chain(vec![d("2025-01-01"); 5]).collect::<Vec<_>>();
        assert_eq!(change(&few, 2025, d("2026-01-01"), Some((-10.0, -5.0))).verdict_label, "达标（降幅超过10%）");
        assert_eq!(change(&few, 2025, d("2026-01-01"), None).verdict, "none");
    }

    #[test]
    fn the_build_year_is_compared_with_the_same_span() {
        let dates = [d("2025-02-01"), d("2025-05-01"), d("2025-12-01"), d("2026-03-01")];
        let c = change(&dates, 2026, d("2026-06-30"), Some((-10.0, -5.0)));
        assert_eq!((c.current, c.previous, c.change.as_str()), (1, 2, "-50.0"));
        assert_eq!(c.span, "1月1日至6月30日，与上年同期比");
    }

    #[test]
    fn period_ends() {
        assert_eq!(period_end(Period::Month(2025, 2)), Some(d("2025-02-28")));
        assert_eq!(period_end(Period::Month(2025, 12)), Some(d("2025-12-31")));
        assert_eq!(period_end(Period::Quarter(2025, 3)), Some(d("2025-09-30")));
        assert_eq!(period_end(Period::Quarter(2025, 4)), Some(d("2025-12-31")));
    }

    #[test]
    fn target_labels() {
        assert_eq!(target_label((-10.0, -5.0)), "减少5%—10%");
        assert_eq!(target_label((0.0, 3.0)), "增加0%—3%");
    }
}
