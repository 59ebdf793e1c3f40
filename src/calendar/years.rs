//! `calendar.yaml`: whole years of the State Council's holiday notice that a site adds.
//!
//! The format is the built-in data's own, one mapping per year:
//! ```yaml
//! 2027:
//!   off:  [{date: 2027-01-01, name: 元旦}, ...]   # every day off of a holiday period
//!   work: [{date: 2027-02-07, name: 春节}, ...]   # make-up working days (调休上班)
//! ```
//! A year the built-in calendar already has is refused unless it says `override: true`
//! (then its built-in days are replaced). Added years must join the covered range without a
//! gap. Every problem is a located error in `calendar.yaml`; nothing here reads a file.

use crate::messages::site::{self as msg, CalendarShape as S};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use jiff::civil::{Date, Weekday};

use super::data::{Mark, OfficialDay};
use super::Calendar;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Node, Value};

/// The file, at the site's root.
pub const FILE: &str = "calendar.yaml";

/// One year of `calendar.yaml`, checked for shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteYear {
    pub year: i16,
    /// `override: true`: replace a built-in year.
    pub replace: bool,
    pub days: Vec<(Date, Mark, String)>,
    /// Where the year's key is (line, column).
    pub pos: (usize, usize),
}

/// Parse `calendar.yaml`; shape errors go to `diags` (the years that are sound are returned).
pub fn parse(text: &str, diags: &mut Diagnostics) -> Vec<SiteYear> {
    let node = match yaml::parse(text, 1) {
        Ok(n) => n,
        Err(e) => {
            diags.push(Diagnostic::error(FILE, e.line, e.col, msg::calendar_yaml(&e.message)));
            return Vec::new();
        }
    };
    let entries = match node.value {
        Value::Map(m) => m,
        Value::Null => return Vec::new(),
        _ => {
            diags.push(shape(node.pos(), S::NotYears));
            return Vec::new();
        }
    };
    // The sound days of every year are kept, so that year-level problems (a built-in year
    // without `override`, a gap) are reported in the same run as the shape errors.
    entries.iter().filter_map(|(key, value)| parse_year(key, value, diags)).collect()
}

fn shape(pos: (usize, usize), what: S) -> Diagnostic {
    Diagnostic::error(FILE, pos.0, pos.1, msg::calendar_shape(what))
}

fn parse_year(key: &str, value: &Node, diags: &mut Diagnostics) -> Option<SiteYear> {
    let pos = value.pos();
    let Some(year) = key.parse::<i16>().ok().filter(|y| (1949..=2200).contains(y)) else {
        diags.push(shape(pos, S::NotAYear(key)));
        return None;
    };
    let Value::Map(fields) = &value.value else {
        diags.push(shape(pos, S::YearNotMapping(year, crate::messages::content::found(value.found()))));
        return None;
    };
    let mut out = SiteYear { year, replace: false, days: Vec::new(), pos };
    for (name, node) in fields {
        match name.as_str() {
            "override" => match node.value {
                Value::Bool(b) => out.replace = b,
                _ => diags.push(shape(node.pos(), S::Override(year))),
            },
            "off" | "work" => {
                let mark = if name == "off" { Mark::Off } else { Mark::Work };
                days(year, name, mark, node, &mut out.days, diags);
            }
            other => diags.push(shape(node.pos(), S::UnknownYearKey(year, other))),
        }
    }
    check_days(&out, diags);
    Some(out)
}

/// The `{date, name}` items of one list.
fn days(year: i16, list: &str, mark: Mark, node: &Node, out: &mut Vec<(Date, Mark, String)>, diags: &mut Diagnostics) {
    let items = match &node.value {
        Value::List(items) => items,
        Value::Null => return,
        _ => return diags.push(shape(node.pos(), S::NotAList(year, list))),
    };
    for item in items {
        let Value::Map(fields) = &item.value else {
            diags.push(shape(item.pos(), S::ItemShape(year, list)));
            continue;
        };
        let (mut date, mut name) = (None, None);
        for (k, v) in fields {
            match k.as_str() {
                "date" => date = Some(v),
                "name" => name = v.scalar_text().filter(|n| !n.trim().is_empty()).map(|n| n.trim().to_string()),
                other => diags.push(shape(v.pos(), S::UnknownItemKey(other))),
            }
        }
        let Some(date_node) = date else {
            diags.push(shape(item.pos(), S::NoDate(year, list)));
            continue;
        };
        let text = date_node.scalar_text().unwrap_or_default();
        let at = date_node.pos();
        let Ok(d) = crate::content::fields::parse_date(&text) else {
            diags.push(shape(at, S::NotADate(&text)));
            continue;
        };
        let Some(name) = name else {
            diags.push(shape(item.pos(), S::NoName(d.to_string())));
            continue;
        };
        if d.year() != year {
            diags.push(shape(at, S::OtherYear(d.to_string(), year)));
        } else if mark == Mark::Work && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            diags.push(shape(at, S::WorkOnWeekday(d.to_string())));
        } else if let Some((_, m, _)) = out.iter().find(|(x, _, _)| *x == d) {
            diags.push(shape(at, S::Twice(d.to_string(), *m != mark, year)));
        } else {
            out.push((d, mark, name));
        }
    }
}

/// A year lists at least one day.
fn check_days(y: &SiteYear, diags: &mut Diagnostics) {
    if y.days.is_empty() {
        diags.push(shape(y.pos, S::NoDays(y.year)));
    }
}

/// Distinct holiday names from site files, kept for the life of the process (a handful).
fn intern(name: &str) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut guard = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let set = guard.get_or_insert_with(HashSet::new);
    if let Some(n) = set.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

impl Calendar {
    /// This calendar with a site's years added (or, with `override: true`, replaced). Errors
    /// are located at the year's key in calendar.yaml.
    pub fn with_years(&self, years: &[SiteYear]) -> Result<Calendar, Vec<Diagnostic>> {
        if years.is_empty() {
            return Ok(self.clone());
        }
        let (first, last) = self.covered_years();
        let mut problems = Vec::new();
        let mut days: BTreeMap<Date, OfficialDay> = self.official.days.clone();
        for y in years {
            let built_in = (first..=last).contains(&y.year);
            if built_in && !y.replace {
                problems.push(Diagnostic::error(
                    FILE,
                    y.pos.0,
                    y.pos.1,
                    msg::calendar_year_built_in(y.year, first, last),
                ));
                continue;
            }
            days.retain(|d, _| d.year() != y.year);
            for (d, mark, name) in &y.days {
                days.insert(*d, OfficialDay { mark: *mark, name: intern(name) });
            }
        }
        let mut covered: Vec<i16> = (first..=last).chain(years.iter().map(|y| y.year)).collect();
        covered.sort_unstable();
        covered.dedup();
        let (lo, hi) = (covered[0], covered[covered.len() - 1]);
        if covered.len() != usize::try_from(hi - lo + 1).unwrap_or(0) {
            let gap = (lo..=hi).find(|y| !covered.contains(y)).unwrap_or(hi);
            let y = years.iter().find(|y| y.year > gap).or(years.first());
            let pos = y.map_or((1, 1), |y| y.pos);
            problems.push(Diagnostic::error(FILE, pos.0, pos.1, msg::calendar_gap(gap)));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut official = (*self.official).clone();
        let added: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
        official.source = format!("{}；{} 年据本站 calendar.yaml", official.source, added.join("、"));
        official.first = lo;
        official.last = hi;
        official.days = days;
        Ok(Calendar {
            official: Arc::new(official),
            local_off: self.local_off.clone(),
            local_work: self.local_work.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        let years = parse(text, &mut d);
        if let Err(p) = Calendar::china().with_years(&years) {
            d.extend(p);
        }
        d.sorted().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_site_year_extends_the_calendar_with_its_make_up_days() {
        let text =
            "2027:\n  off:\n    - {date: 2027-01-01, name: 元旦}\n  work:\n    - {date: 2027-02-20, name: 春节}\n";
        let mut d = Diagnostics::new();
        let years = parse(text, &mut d);
        assert!(d.is_empty());
        let cal = Calendar::china().with_years(&years).unwrap();
        assert_eq!(cal.covered_years(), (2004, 2027));
        assert_eq!(cal.kind(date(2027, 1, 1)), Ok(super::super::DayKind::Holiday("元旦")));
        assert_eq!(cal.kind(date(2027, 2, 20)), Ok(super::super::DayKind::MakeUp("春节")));
        assert!(cal.to_json()["source"].as_str().unwrap().contains("2027 年据本站 calendar.yaml"));
        // The built-in calendar itself is untouched.
        assert_eq!(Calendar::china().covered_years(), (2004, 2026));
    }

    #[test]
    fn overriding_a_built_in_year_needs_the_key() {
        let year = "2026:\n  off:\n    - {date: 2026-01-02, name: 元旦}\n";
        let e = errors(year);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("calendar.yaml:1:1: error: 2026 is already in the built-in calendar"), "{e:?}");
        assert!(e[0].contains("`override: true`"));
        let mut d = Diagnostics::new();
        let years = parse(&format!("{year}  override: true\n"), &mut d);
        let cal = Calendar::china().with_years(&years).unwrap();
        assert_eq!(cal.kind(date(2026, 2, 16)), Ok(super::super::DayKind::Working), "built-in 春节 replaced");
        assert_eq!(cal.kind(date(2026, 1, 2)), Ok(super::super::DayKind::Holiday("元旦")));
    }

    #[test]
    fn bad_files_are_located_errors() {
        let cases: &[(&str, &str)] = &[
            ("- 2027\n", "calendar.yaml:1:1: error: calendar.yaml must be a mapping of years"),
            ("abc:\n  off: []\n", "is not a year"),
            (
                "2027:\n  off:\n    - {date: 2026-12-31, name: 元旦}\n",
                "calendar.yaml:3:7: error: 2026-12-31 is not in 2027",
            ),
            (
                "2027:\n  off:\n    - {date: 2027-02-20, name: 春节}\n  work:\n    - {date: 2027-02-20, name: 春节}\n",
                "calendar.yaml:5:7: error: 2027-02-20 is listed under both `off` and `work` in 2027",
            ),
            ("2027:\n  work:\n    - {date: 2027-01-04, name: 元旦}\n", "not a Saturday or Sunday"),
            ("2027:\n  holidays: []\n", "calendar.yaml:2:3: error: unknown key `holidays`"),
            ("2027:\n  off:\n    - {date: 2027-01-01}\n", "has no `name`"),
            ("2027:\n  off:\n    - {date: 2027-02-30, name: x}\n", "is not a date"),
            ("2029:\n  off: [{date: 2029-01-01, name: 元旦}]\n", "2027 is missing"),
            ("2027:\n  off: []\n", "lists no days"),
            ("2027: [\n", "calendar.yaml:2:1: error: invalid YAML"),
        ];
        for (text, want) in cases {
            let e = errors(text);
            assert!(e.iter().any(|l| l.contains(want)), "{text}: {e:?} lacks {want}");
        }
    }
}
