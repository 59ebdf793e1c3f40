//! The dates on which derived facts change, so that a rebuild on another day is skipped only
//! when nothing it shows would differ: a task becomes overdue the day after its `due`; a
//! bulletin period becomes missing the day after it ends; the build year's document count is
//! compared with the previous year's up to the same day, so each earlier-year document's
//! anniversary and each 1 January change `/statistics/`.

use jiff::civil::Date;
use jiff::ToSpan;

use super::Site;
use crate::content::Meta;

/// Narrow the gate window (`[from, until)`, see [`Site::gate_window`]) with these dates.
pub fn narrow(site: &mut Site) {
    let now = site.options.now;
    let (from, until) = &mut site.gate_window;
    for x in boundaries(&site.entries, now) {
        if x <= now {
            *from = Some(from.map_or(x, |f| f.max(x)));
        } else {
            *until = Some(until.map_or(x, |u| u.min(x)));
        }
    }
}

fn boundaries(entries: &[crate::content::Entry], now: Date) -> Vec<Date> {
    let next_day = |d: Date| d.tomorrow().ok();
    let mut out: Vec<Date> = [Date::new(now.year(), 1, 1).ok(), Date::new(now.year().saturating_add(1), 1, 1).ok()]
        .into_iter()
        .flatten()
        .collect();
    let (mut monthly, mut quarterly) = (false, false);
    for e in entries {
        match &e.meta {
            Meta::Task(t) => out.extend(next_day(t.due.value)),
            Meta::Bulletin(b) if b.series.monthly() => monthly = true,
            Meta::Bulletin(_) => quarterly = true,
            // Counted from the same month and day of the next year (29 February from 1 March).
            Meta::Document(_) => {
                let d = e.common.date.value;
                let md = Date::new(d.year().saturating_add(1), d.month(), d.day())
                    .ok()
                    .or_else(|| Date::new(d.year().saturating_add(1), 3, 1).ok());
                out.extend(md);
            }
            _ => {}
        }
    }
    let month_start = now.first_of_month();
    if monthly {
        out.push(month_start);
        out.extend(month_start.checked_add(1.month()).ok());
    }
    if quarterly {
        let q_start = Date::new(now.year(), (now.month() - 1) / 3 * 3 + 1, 1).ok();
        out.extend(q_start);
        out.extend(q_start.and_then(|q| q.checked_add(3.months()).ok()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_and_year_boundaries() {
        let now: Date = "2026-11-26".parse().unwrap();
        let b = boundaries(&[], now);
        assert!(b.contains(&"2026-01-01".parse().unwrap()) && b.contains(&"2027-01-01".parse().unwrap()));
    }
}
