//! Working days: the PRC official calendar (weekends, statutory holidays, 调休 make-up days) plus a site's overlay.
//!
//! This module owns every answer to "is this a working day?" and "what is the
//! date N working days after this one?", for `gongkai deadline`, for the
//! approval pages, and (through [`Calendar::to_json`], written to
//! `/data/calendar.json`) for the browser calculator in
//! `themes/default/static/js/deadline.js`, which implements the same rules.
//!
//! The rules, in one place:
//!
//! - A day is a working day when it is a make-up working day (调休上班), or it
//!   is Monday to Friday and not a day off. A site's overlay (`site.yaml`
//!   `calendar: {off: [...], work: [...]}`) comes first: a local `work` day is
//!   a working day and a local `off` day is not, whatever the official
//!   calendar says.
//! - Counting starts the day after the start date (the start day itself never
//!   counts); the N-th working day after it is the deadline. N = 0 gives the
//!   start date itself.
//! - A date in a year the calendar does not cover is an error, never a guess;
//!   that includes every day the count walks through.
//!
//! The official data is `cn-calendar.txt`, embedded with `include_str!` and
//! parsed once at first use (see `data.rs`). A site adds whole years (or, with
//! `override: true`, replaces one) in `calendar.yaml` at its root (see
//! `years.rs`), so a new State Council notice needs no new binary. Holiday names
//! are `&'static str`: borrowed from the embedded text, or interned once per
//! distinct name from `calendar.yaml`.

mod data;
mod deadline;
pub mod years;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, LazyLock};

use jiff::civil::{Date, Weekday};
use serde_json::{json, Map, Value};

pub use data::Mark;
use data::Official;
pub use deadline::{CrossedDay, Deadline};

/// The largest N that [`Calendar::add_working_days`] accepts (about forty
/// years of working days: far beyond any statutory time limit).
pub const MAX_WORKING_DAYS: u32 = 10_000;

/// The official calendar, parsed from the embedded file at first use.
static OFFICIAL: LazyLock<Arc<Official>> = LazyLock::new(|| {
    Arc::new(
        data::parse(data::EMBEDDED).unwrap_or_else(|e| panic!("the embedded working-day calendar is malformed: {e}")),
    )
});

/// The official calendar with no overlay.
static CHINA: LazyLock<Calendar> =
    LazyLock::new(|| Calendar { official: OFFICIAL.clone(), local_off: BTreeSet::new(), local_work: BTreeSet::new() });

/// The working-day calendar: the official PRC calendar plus a site's local
/// days off and working days.
#[derive(Clone)]
pub struct Calendar {
    official: Arc<Official>,
    local_off: BTreeSet<Date>,
    local_work: BTreeSet<Date>,
}

/// What kind of day a date is, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// An ordinary Monday to Friday.
    Working,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A day off in an official holiday period (weekend days inside the
    /// period included), with the holiday's name, e.g. `春节`.
    Holiday(&'static str),
    /// An official make-up working day (调休上班) on a Saturday or Sunday,
    /// with the holiday it makes up for.
    MakeUp(&'static str),
    /// A day off added by the site's overlay.
    LocalOff,
    /// A working day added by the site's overlay.
    LocalWork,
}

impl DayKind {
    /// Whether a day of this kind is a working day.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUp(_) | DayKind::LocalWork)
    }
}

/// Why the calendar cannot answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date asked about is in a year without official data.
    #[error("{date} is outside the working-day calendar, which covers {first}–{last}; add the State Council's holiday notice for {year} to calendar.yaml at the site's root (see docs/calendar.md)")]
    Uncovered { date: Date, year: i16, first: i16, last: i16 },
    /// Counting from a covered start date walked into an uncovered year.
    #[error("counting {days} working days from {start} runs into {date}, outside the working-day calendar, which covers {first}–{last}; add the State Council's holiday notice for {year} to calendar.yaml at the site's root (see docs/calendar.md)")]
    CountUncovered { start: Date, days: u32, date: Date, year: i16, first: i16, last: i16 },
    /// N is beyond [`MAX_WORKING_DAYS`].
    #[error("{days} working days is more than the calendar counts (at most {max})")]
    TooManyDays { days: u32, max: u32 },
    /// The site's overlay is inconsistent; every problem is listed.
    #[error("{}", overlay_summary(.0))]
    Overlay(Vec<OverlayProblem>),
}

/// One problem in a site's overlay (`site.yaml` `calendar:`), naming its date
/// so the caller can point at the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverlayProblem {
    /// The date is in both `calendar.off` and `calendar.work`.
    #[error("{date} is listed under both calendar.off and calendar.work; keep it in one of them")]
    Conflict { date: Date },
    /// The date is in a year the official calendar does not cover.
    #[error("{date} is outside the years the working-day calendar covers ({first}–{last}); the overlay can only adjust covered years: add whole years to calendar.yaml at the site's root (see docs/calendar.md)")]
    Uncovered { date: Date, first: i16, last: i16 },
}

impl CalendarError {
    /// The message in both languages ([`crate::messages::site::calendar_error`]).
    pub fn text(&self) -> crate::messages::Text {
        use crate::messages::site::{calendar_problem, overlay_problems, CalendarProblem as P};
        let p = match self {
            CalendarError::Uncovered { date, year, first, last } => {
                P::Uncovered { date: date.to_string(), year: *year, first: *first, last: *last }
            }
            CalendarError::CountUncovered { start, days, date, year, first, last } => P::CountUncovered {
                start: start.to_string(),
                days: *days,
                date: date.to_string(),
                year: *year,
                first: *first,
                last: *last,
            },
            CalendarError::TooManyDays { days, max } => P::TooManyDays { days: *days, max: *max },
            CalendarError::Overlay(problems) => {
                let parts: Vec<_> = problems
                    .iter()
                    .map(|p| match *p {
                        OverlayProblem::Conflict { date } => calendar_problem(&P::Conflict { date: date.to_string() }),
                        OverlayProblem::Uncovered { date, first, last } => {
                            calendar_problem(&P::OverlayUncovered { date: date.to_string(), first, last })
                        }
                    })
                    .collect();
                return overlay_problems(&parts);
            }
        };
        calendar_problem(&p)
    }
}

impl OverlayProblem {
    /// The overlay date the problem is about.
    pub fn date(&self) -> Date {
        match *self {
            OverlayProblem::Conflict { date } | OverlayProblem::Uncovered { date, .. } => date,
        }
    }
}

fn overlay_summary(problems: &[OverlayProblem]) -> String {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    format!("site.yaml calendar: {}", list.join("; "))
}

impl fmt::Debug for Calendar {
    /// A summary: the official table has hundreds of lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("years", &(self.official.first..=self.official.last))
            .field("official_days", &self.official.days.len())
            .field("local_off", &self.local_off)
            .field("local_work", &self.local_work)
            .finish()
    }
}

impl Calendar {
    /// The built-in PRC calendar, without any overlay.
    pub fn china() -> &'static Calendar {
        &CHINA
    }

    /// This calendar plus a site's local days off and working days
    /// (`site.yaml` `calendar: {off, work}`), which take precedence over the
    /// official calendar. A date in both lists (including lists of an
    /// overlay already applied) and a date outside the covered years are
    /// errors; all of them are reported together.
    pub fn with_overlay(&self, off: &[Date], work: &[Date]) -> Result<Calendar, CalendarError> {
        let (first, last) = self.covered_years();
        let added: BTreeSet<Date> = off.iter().chain(work).copied().collect();
        let mut problems: Vec<OverlayProblem> = added
            .iter()
            .filter(|d| !(first..=last).contains(&d.year()))
            .map(|&date| OverlayProblem::Uncovered { date, first, last })
            .collect();
        let local_off: BTreeSet<Date> = self.local_off.iter().chain(off).copied().collect();
        let local_work: BTreeSet<Date> = self.local_work.iter().chain(work).copied().collect();
        problems.extend(local_off.intersection(&local_work).map(|&date| OverlayProblem::Conflict { date }));
        if !problems.is_empty() {
            problems.sort_by_key(OverlayProblem::date);
            return Err(CalendarError::Overlay(problems));
        }
        Ok(Calendar { official: self.official.clone(), local_off, local_work })
    }

    /// The first and last year covered, inclusive.
    pub fn covered_years(&self) -> (i16, i16) {
        (self.official.first, self.official.last)
    }

    /// What kind of day `d` is; an error when its year is not covered.
    pub fn kind(&self, d: Date) -> Result<DayKind, CalendarError> {
        self.check_covered(d)?;
        Ok(self.kind_of_covered(d))
    }

    /// Whether `d` is a working day; an error when its year is not covered.
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        self.kind(d).map(DayKind::is_working)
    }

    /// The N-th working day after `start` (the start day never counts;
    /// N = 0 gives `start` itself), with the special days passed over on the
    /// way. Errors: `start` or any day walked through is in an uncovered
    /// year, or N exceeds [`MAX_WORKING_DAYS`].
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Deadline, CalendarError> {
        if n > MAX_WORKING_DAYS {
            return Err(CalendarError::TooManyDays { days: n, max: MAX_WORKING_DAYS });
        }
        self.check_covered(start)?;
        let mut deadline = Deadline { start, days: n, date: start, crossed: Vec::new(), weekend_days: 0 };
        let mut counted = 0;
        while counted < n {
            let next = deadline.date.tomorrow().ok().filter(|d| self.covers(*d));
            let Some(day) = next else {
                return Err(self.count_uncovered(start, n, deadline.date));
            };
            let kind = self.kind_of_covered(day);
            if kind.is_working() {
                counted += 1;
            }
            match kind {
                DayKind::Working => {}
                DayKind::Weekend => deadline.weekend_days += 1,
                _ => deadline.crossed.push(CrossedDay { date: day, kind }),
            }
            deadline.date = day;
        }
        Ok(deadline)
    }

    /// The calendar for the browser (`/data/calendar.json`); the shape is
    /// documented in docs/calendar.md:
    /// `{"source", "years": [first, last], "off": {date: name},
    /// "work": {date: name}, "local_off": [date], "local_work": [date]}`.
    pub fn to_json(&self) -> Value {
        let mut off = Map::new();
        let mut work = Map::new();
        for (date, day) in &self.official.days {
            let map = match day.mark {
                Mark::Off => &mut off,
                Mark::Work => &mut work,
            };
            map.insert(date.to_string(), Value::from(day.name));
        }
        let dates = |set: &BTreeSet<Date>| -> Vec<String> { set.iter().map(Date::to_string).collect() };
        json!({
            "source": self.official.source,
            "years": [self.official.first, self.official.last],
            "off": off,
            "work": work,
            "local_off": dates(&self.local_off),
            "local_work": dates(&self.local_work),
        })
    }

    fn covers(&self, d: Date) -> bool {
        (self.official.first..=self.official.last).contains(&d.year())
    }

    fn check_covered(&self, d: Date) -> Result<(), CalendarError> {
        if self.covers(d) {
            return Ok(());
        }
        Err(CalendarError::Uncovered { date: d, year: d.year(), first: self.official.first, last: self.official.last })
    }

    /// The error for a count that cannot step past `reached`.
    fn count_uncovered(&self, start: Date, days: u32, reached: Date) -> CalendarError {
        // `reached` is covered, so its year is at most `last` < 9999 and
        // the next day exists; the fallback only keeps this total.
        let date = reached.tomorrow().unwrap_or(reached);
        CalendarError::CountUncovered {
            start,
            days,
            date,
            year: date.year(),
            first: self.official.first,
            last: self.official.last,
        }
    }

    /// The kind of a day already known to be covered.
    fn kind_of_covered(&self, d: Date) -> DayKind {
        if self.local_work.contains(&d) {
            return DayKind::LocalWork;
        }
        if self.local_off.contains(&d) {
            return DayKind::LocalOff;
        }
        match self.official.days.get(&d) {
            Some(day) if day.mark == Mark::Off => DayKind::Holiday(day.name),
            Some(day) => DayKind::MakeUp(day.name),
            None if matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) => DayKind::Weekend,
            None => DayKind::Working,
        }
    }
}
