//! A computed deadline and its explanation in Chinese, as `gongkai deadline` prints it.
//!
//! The explanation lists what made the deadline differ from a plain
//! Monday–Friday count: holiday periods (grouped into date ranges), make-up
//! working days that counted, the site's local days, and how many ordinary
//! weekend days were skipped (counted, not listed: listing them is noise).

use jiff::civil::Date;

use super::DayKind;

/// The result of [`Calendar::add_working_days`](super::Calendar::add_working_days).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// The start date (never counted itself).
    pub start: Date,
    /// N, the number of working days counted.
    pub days: u32,
    /// The deadline: the N-th working day after `start` (`start` when N = 0).
    pub date: Date,
    /// The non-ordinary days passed over in (start, date], in date order:
    /// official days off (weekend days inside a holiday period included),
    /// make-up working days, and the site's local days. Ordinary weekend
    /// days are not listed; see `weekend_days`.
    pub crossed: Vec<CrossedDay>,
    /// How many ordinary Saturdays and Sundays in (start, date] were skipped.
    pub weekend_days: u32,
}

/// A non-ordinary day within a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrossedDay {
    pub date: Date,
    /// Never [`DayKind::Working`] or [`DayKind::Weekend`].
    pub kind: DayKind,
}

/// Consecutive crossed days of one kind (and one holiday name).
struct Run {
    first: Date,
    last: Date,
    len: u32,
    kind: DayKind,
}

impl Run {
    fn range(&self) -> String {
        if self.len == 1 {
            self.first.to_string()
        } else {
            format!("{} 至 {}", self.first, self.last)
        }
    }
}

impl Deadline {
    /// The lines printed after the deadline date, joined by `\n`, e.g.
    ///
    /// ```text
    /// 从 2025-01-27 起算 5 个工作日（起算日当天不计）
    /// 跳过法定节假日：2025-01-28 至 2025-02-04 春节（8 天）
    /// 计入调休上班日：2025-02-08（春节调休）
    /// 跳过周末 1 天
    /// ```
    pub fn explain(&self) -> String {
        if self.days == 0 {
            return format!("从 {} 起算 0 个工作日：期限即起算日当天", self.start);
        }
        let mut lines = vec![format!("从 {} 起算 {} 个工作日（起算日当天不计）", self.start, self.days)];
        for run in self.runs(|k| matches!(k, DayKind::Holiday(_))) {
            if let DayKind::Holiday(name) = run.kind {
                lines.push(format!("跳过法定节假日：{} {name}（{} 天）", run.range(), run.len));
            }
        }
        let make_up: Vec<String> = self
            .crossed
            .iter()
            .filter_map(|c| match c.kind {
                DayKind::MakeUp(name) => Some(format!("{}（{name}调休）", c.date)),
                _ => None,
            })
            .collect();
        if !make_up.is_empty() {
            lines.push(format!("计入调休上班日：{}", make_up.join("、")));
        }
        for run in self.runs(|k| k == DayKind::LocalOff) {
            lines.push(format!("跳过本地休息日：{}（{} 天）", run.range(), run.len));
        }
        let local_work: Vec<String> =
            self.crossed.iter().filter(|c| c.kind == DayKind::LocalWork).map(|c| c.date.to_string()).collect();
        if !local_work.is_empty() {
            lines.push(format!("计入本地调整上班日：{}", local_work.join("、")));
        }
        if self.weekend_days > 0 {
            lines.push(format!("跳过周末 {} 天", self.weekend_days));
        }
        lines.join("\n")
    }

    /// The crossed days whose kind passes `keep`, grouped into runs of
    /// consecutive dates with an equal kind.
    fn runs(&self, keep: impl Fn(DayKind) -> bool) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for day in self.crossed.iter().filter(|c| keep(c.kind)) {
            match runs.last_mut() {
                Some(run) if run.kind == day.kind && run.last.tomorrow().ok() == Some(day.date) => {
                    run.last = day.date;
                    run.len += 1;
                }
                _ => runs.push(Run { first: day.date, last: day.date, len: 1, kind: day.kind }),
            }
        }
        runs
    }
}
