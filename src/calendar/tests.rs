//! Tests of the working-day calendar: known deadlines, the overlay, coverage, properties, JSON.

use jiff::civil::{date, Date, Weekday};
use proptest::prelude::*;

use super::data::Mark;
use super::*;

fn cal() -> &'static Calendar {
    Calendar::china()
}

fn d(s: &str) -> Date {
    s.parse().expect("test dates are valid")
}

fn add(start: &str, n: u32) -> Deadline {
    cal().add_working_days(d(start), n).expect("covered dates")
}

// ---- known deadlines ------------------------------------------------------

#[test]
fn known_deadlines() {
    let cases = [
        // Spring Festival 2025: off 01-28..02-04; make-up Sun 01-26, Sat 02-08.
        ("2025-01-27", 0, "2025-01-27"),
        ("2025-01-27", 1, "2025-02-05"),
        ("2025-01-27", 5, "2025-02-10"),
        ("2025-01-24", 1, "2025-01-26"), // Friday, then a make-up Sunday
        ("2025-01-29", 1, "2025-02-05"), // start on a holiday
        // National Day 2024: off 10-01..10-07; make-up Sun 09-29, Sat 10-12.
        ("2024-09-27", 1, "2024-09-29"),
        ("2024-09-30", 1, "2024-10-08"),
        ("2024-09-30", 5, "2024-10-12"),
        // National Day + Mid-autumn 2025: off 10-01..10-08; make-up Sat 10-11.
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-30", 3, "2025-10-11"),
        // 2020: Spring Festival extended to 02-02 (02-01 no longer a make-up day).
        ("2020-01-23", 1, "2020-02-03"),
        ("2020-01-23", 20, "2020-02-28"),
        // 2015: 09-03/04 off for the 70th anniversary, Sun 09-06 worked.
        ("2015-09-02", 3, "2015-09-08"),
        // Start on a Friday in an ordinary week.
        ("2025-03-07", 1, "2025-03-10"),
        ("2025-03-07", 5, "2025-03-14"),
        // The last covered days.
        ("2026-12-20", 9, "2026-12-31"),
    ];
    for (start, n, want) in cases {
        assert_eq!(add(start, n).date, d(want), "{start} + {n}");
    }
}

#[test]
fn spring_festival_2025_is_explained() {
    let deadline = add("2025-01-27", 5);
    assert_eq!(deadline.weekend_days, 1);
    assert_eq!(deadline.crossed.len(), 9);
    assert_eq!(
        deadline.explain(),
        "从 2025-01-27 起算 5 个工作日（起算日当天不计）\n\
         跳过法定节假日：2025-01-28 至 2025-02-04 春节（8 天）\n\
         计入调休上班日：2025-02-08（春节调休）\n\
         跳过周末 1 天"
    );
}

#[test]
fn explain_splits_holidays_by_name_and_handles_zero() {
    let text = add("2020-01-23", 1).explain();
    assert!(text.contains("跳过法定节假日：2020-01-24 至 2020-01-30 春节（7 天）"), "{text}");
    assert!(text.contains("跳过法定节假日：2020-01-31 至 2020-02-02 春节延长假期（3 天）"), "{text}");
    assert!(!text.contains("周末"), "{text}");
    assert_eq!(add("2025-01-27", 0).explain(), "从 2025-01-27 起算 0 个工作日：期限即起算日当天");
    assert_eq!(add("2025-03-07", 1).explain(), "从 2025-03-07 起算 1 个工作日（起算日当天不计）\n跳过周末 2 天");
}

#[test]
fn day_kinds() {
    let c = cal();
    assert_eq!(c.kind(d("2025-01-28")), Ok(DayKind::Holiday("春节")));
    assert_eq!(c.kind(d("2025-02-08")), Ok(DayKind::MakeUp("春节")));
    assert_eq!(c.kind(d("2020-02-01")), Ok(DayKind::Holiday("春节延长假期")));
    assert_eq!(c.kind(d("2015-09-03")), Ok(DayKind::Holiday("抗战胜利70周年纪念日")));
    assert_eq!(c.kind(d("2025-03-08")), Ok(DayKind::Weekend));
    assert_eq!(c.kind(d("2025-03-10")), Ok(DayKind::Working));
    assert_eq!(c.is_working_day(d("2025-02-08")), Ok(true));
    assert_eq!(c.is_working_day(d("2025-10-08")), Ok(false));
    assert_eq!(c.covered_years(), (2004, 2026));
}

// ---- the overlay ----------------------------------------------------------

#[test]
fn local_off_day_pushes_the_deadline() {
    // 2026-03-03 is an ordinary Tuesday; 2026-03-02 + 1 is normally 03-03.
    let local = cal().with_overlay(&[d("2026-03-03")], &[]).expect("valid overlay");
    assert_eq!(local.kind(d("2026-03-03")), Ok(DayKind::LocalOff));
    let deadline = local.add_working_days(d("2026-03-02"), 1).expect("covered");
    assert_eq!(deadline.date, d("2026-03-04"));
    assert!(deadline.explain().contains("跳过本地休息日：2026-03-03（1 天）"));
    assert_eq!(add("2026-03-02", 1).date, d("2026-03-03"));
}

#[test]
fn local_work_saturday_pulls_the_deadline() {
    // Friday 2026-03-06 + 1 is normally Monday 03-09.
    let local = cal().with_overlay(&[], &[d("2026-03-07")]).expect("valid overlay");
    let deadline = local.add_working_days(d("2026-03-06"), 1).expect("covered");
    assert_eq!(deadline.date, d("2026-03-07"));
    assert!(deadline.explain().contains("计入本地调整上班日：2026-03-07"));
}

#[test]
fn overlay_overrides_the_official_calendar() {
    let local = cal().with_overlay(&[d("2025-02-08")], &[d("2025-02-04")]).expect("valid overlay");
    assert_eq!(local.is_working_day(d("2025-02-08")), Ok(false));
    assert_eq!(local.is_working_day(d("2025-02-04")), Ok(true));
    // The built-in calendar is untouched.
    assert_eq!(cal().is_working_day(d("2025-02-08")), Ok(true));
}

#[test]
fn conflicting_or_uncovered_overlay_is_refused_with_every_problem() {
    let err = cal()
        .with_overlay(&[d("2026-03-03"), d("2027-01-04")], &[d("2026-03-03"), d("2003-12-31")])
        .expect_err("conflict");
    let CalendarError::Overlay(problems) = &err else {
        panic!("unexpected error {err}");
    };
    assert_eq!(
        problems,
        &[
            OverlayProblem::Uncovered { date: d("2003-12-31"), first: 2004, last: 2026 },
            OverlayProblem::Conflict { date: d("2026-03-03") },
            OverlayProblem::Uncovered { date: d("2027-01-04"), first: 2004, last: 2026 },
        ]
    );
    assert!(err.to_string().contains("2026-03-03 is listed under both calendar.off and calendar.work"));
    // A conflict with an overlay applied earlier counts too.
    let once = cal().with_overlay(&[d("2026-03-03")], &[]).expect("valid");
    assert!(once.with_overlay(&[], &[d("2026-03-03")]).is_err());
}

// ---- coverage -------------------------------------------------------------

#[test]
fn uncovered_years_are_refused() {
    for date in [d("2003-12-31"), d("2027-01-01")] {
        let err = cal().kind(date).expect_err("uncovered");
        assert_eq!(err, CalendarError::Uncovered { date, year: date.year(), first: 2004, last: 2026 });
        assert!(cal().add_working_days(date, 0).is_err());
        assert!(cal().is_working_day(date).is_err());
    }
    let message = cal().kind(d("2027-03-01")).expect_err("uncovered").to_string();
    assert_eq!(
        message,
        "2027-03-01 is outside the working-day calendar, which covers 2004–2026; \
         add the State Council's holiday notice for 2027 to calendar.yaml at the site's root \
         (see docs/calendar.md)"
    );
}

#[test]
fn a_count_that_walks_into_an_uncovered_year_is_refused() {
    let err = cal().add_working_days(d("2026-12-20"), 10).expect_err("walks into 2027");
    assert_eq!(
        err,
        CalendarError::CountUncovered {
            start: d("2026-12-20"),
            days: 10,
            date: d("2027-01-01"),
            year: 2027,
            first: 2004,
            last: 2026
        }
    );
    assert!(err.to_string().starts_with("counting 10 working days from 2026-12-20 runs into 2027-01-01"));
}

#[test]
fn too_many_days_are_refused() {
    assert_eq!(
        cal().add_working_days(d("2004-01-01"), MAX_WORKING_DAYS + 1),
        Err(CalendarError::TooManyDays { days: MAX_WORKING_DAYS + 1, max: MAX_WORKING_DAYS })
    );
    // Within the bound, the count still stops at the end of the data.
    assert!(matches!(
        cal().add_working_days(d("2004-01-01"), MAX_WORKING_DAYS),
        Err(CalendarError::CountUncovered { year: 2027, .. })
    ));
}

// ---- the data -------------------------------------------------------------

#[test]
fn every_make_up_day_is_a_working_weekend_day_and_weekday_holidays_are_off() {
    let c = cal();
    for (&date, day) in &c.official.days {
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        match day.mark {
            Mark::Work => {
                assert!(weekend, "{date} make-up day on a weekday");
                assert_eq!(c.is_working_day(date), Ok(true), "{date}");
            }
            Mark::Off => assert_eq!(c.is_working_day(date), Ok(false), "{date}"),
        }
    }
}

#[test]
fn json_lists_every_official_day_and_the_overlay() {
    let local = cal().with_overlay(&[d("2026-03-03")], &[d("2026-03-07")]).expect("valid overlay");
    let json = local.to_json();
    assert_eq!(json["years"], serde_json::json!([2004, 2026]));
    assert!(json["source"].as_str().is_some_and(|s| s.contains("国务院办公厅")));
    for (date, day) in &local.official.days {
        let key = match day.mark {
            Mark::Off => "off",
            Mark::Work => "work",
        };
        assert_eq!(json[key][date.to_string()], day.name, "{date}");
    }
    let count = |k: &str| json[k].as_object().map_or(0, |m| m.len());
    assert_eq!(count("off") + count("work"), local.official.days.len());
    assert_eq!(json["local_off"], serde_json::json!(["2026-03-03"]));
    assert_eq!(json["local_work"], serde_json::json!(["2026-03-07"]));
    // Round trip: the rule documented for the browser, applied to the
    // serialised JSON, agrees with the calendar on every covered day.
    let text = serde_json::to_string(&json).expect("serialises");
    let back: serde_json::Value = serde_json::from_str(&text).expect("parses");
    let listed = |k: &str, key: &str| back[k].as_array().is_some_and(|a| a.iter().any(|v| v == key));
    let mut day = date(2004, 1, 1);
    while day.year() <= 2026 {
        let key = day.to_string();
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        let working = listed("local_work", &key)
            || (!listed("local_off", &key)
                && (back["work"].get(&key).is_some() || (!weekend && back["off"].get(&key).is_none())));
        assert_eq!(local.is_working_day(day), Ok(working), "{day}");
        day = day.tomorrow().expect("in range");
    }
}

// ---- properties -----------------------------------------------------------

/// Any date in the covered years (2004-01-01 plus up to 23 years of days).
fn covered_date() -> impl Strategy<Value = Date> {
    (0i32..8401).prop_map(|offset| date(2004, 1, 1).checked_add(jiff::Span::new().days(offset)).expect("in range"))
}

fn working_days_between(c: &Calendar, start: Date, end: Date) -> u32 {
    let mut count = 0;
    let mut day = start;
    while day < end {
        day = day.tomorrow().expect("in range");
        if c.is_working_day(day).expect("covered") {
            count += 1;
        }
    }
    count
}

fn plain_weekday_add(start: Date, n: u32) -> Date {
    let mut day = start;
    let mut counted = 0;
    while counted < n {
        day = day.tomorrow().expect("in range");
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            counted += 1;
        }
    }
    day
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn counting_back_gives_n(start in covered_date(), n in 0u32..80) {
        let c = cal();
        match c.add_working_days(start, n) {
            Ok(deadline) => {
                prop_assert_eq!(working_days_between(c, start, deadline.date), n);
                if n >= 1 {
                    prop_assert_eq!(c.is_working_day(deadline.date), Ok(true));
                } else {
                    prop_assert_eq!(deadline.date, start);
                }
            }
            Err(CalendarError::CountUncovered { year, .. }) => prop_assert_eq!(year, 2027),
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
    }

    #[test]
    fn ordinary_weeks_match_a_plain_weekday_count(start in covered_date(), n in 0u32..6) {
        let c = cal();
        let plain = plain_weekday_add(start, n);
        prop_assume!(plain.year() <= 2026);
        let mut day = start;
        let mut ordinary = true;
        while day < plain {
            day = day.tomorrow().expect("in range");
            ordinary &= matches!(c.kind(day), Ok(DayKind::Working | DayKind::Weekend));
        }
        prop_assume!(ordinary);
        prop_assert_eq!(c.add_working_days(start, n).map(|x| x.date), Ok(plain));
    }

    #[test]
    fn is_working_day_follows_the_rule(day in covered_date()) {
        let c = cal();
        let official = c.official.days.get(&day).map(|x| x.mark);
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        let rule = official == Some(Mark::Work) || (!weekend && official != Some(Mark::Off));
        prop_assert_eq!(c.is_working_day(day), Ok(rule));
    }

    #[test]
    fn one_more_day_is_later(start in covered_date(), n in 0u32..80) {
        let c = cal();
        if let (Ok(a), Ok(b)) = (c.add_working_days(start, n), c.add_working_days(start, n + 1)) {
            prop_assert!(b.date > a.date);
        }
    }

    #[test]
    fn a_local_day_off_never_brings_a_deadline_earlier(
        start in covered_date(), n in 0u32..40, offset in 0i32..60,
    ) {
        let off = start.checked_add(jiff::Span::new().days(offset)).expect("in range");
        prop_assume!(off.year() <= 2026);
        let c = cal();
        let local = c.with_overlay(&[off], &[]).expect("valid overlay");
        if let (Ok(a), Ok(b)) = (c.add_working_days(start, n), local.add_working_days(start, n)) {
            prop_assert!(b.date >= a.date);
        }
    }
}
