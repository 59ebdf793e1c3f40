//! The embedded official calendar: `cn-calendar.txt`, its line format and its parser.
//!
//! The file is plain text rather than YAML so that this module stays free of
//! the YAML parser (which only `content/` knows) and so that a year's notice
//! reads as one line per day in a diff. It is parsed once, at first use; a
//! malformed file is a programmer error caught by this module's tests.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::{Date, Weekday};

/// The data file, compiled into the binary.
pub(crate) const EMBEDDED: &str = include_str!("cn-calendar.txt");

/// Whether an official day is a day off or a make-up working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A day off in a holiday period (`off`).
    Off,
    /// A make-up working day, 调休上班 (`work`).
    Work,
}

/// One dated line of the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OfficialDay {
    pub(crate) mark: Mark,
    /// The holiday's Chinese name, e.g. `春节`.
    pub(crate) name: &'static str,
}

/// The parsed data file.
#[derive(Clone, Debug)]
pub(crate) struct Official {
    pub(crate) source: String,
    pub(crate) first: i16,
    pub(crate) last: i16,
    pub(crate) days: BTreeMap<Date, OfficialDay>,
}

/// A problem in the data file, with its 1-based line number (0 when it is
/// about the whole file, e.g. a missing `years` line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DataError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "cn-calendar.txt: {}", self.message),
            line => write!(f, "cn-calendar.txt:{line}: {}", self.message),
        }
    }
}

fn err(line: usize, message: impl Into<String>) -> DataError {
    DataError { line, message: message.into() }
}

/// Parses the data file format described in its header comment.
pub(crate) fn parse(text: &'static str) -> Result<Official, DataError> {
    let mut source = None;
    let mut years = None;
    let mut days = BTreeMap::new();
    let mut previous: Option<Date> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.trim();
        match head {
            "source" => {
                if source.replace(rest).is_some() {
                    return Err(err(line_no, "a second `source` line"));
                }
            }
            "years" => {
                if years.replace(parse_years(rest, line_no)?).is_some() {
                    return Err(err(line_no, "a second `years` line"));
                }
            }
            _ => {
                let (date, day) = parse_day(head, rest, line_no)?;
                if previous.is_some_and(|p| p >= date) {
                    return Err(err(
                        line_no,
                        format!("{date} is not after the line before it; keep dates in strictly ascending order"),
                    ));
                }
                previous = Some(date);
                days.insert(date, (day, line_no));
            }
        }
    }
    let source = source.filter(|s| !s.is_empty()).ok_or_else(|| err(0, "no `source TEXT` line"))?;
    let (first, last) = years.ok_or_else(|| err(0, "no `years FIRST LAST` line"))?;
    check_coverage(&days, first, last)?;
    Ok(Official {
        source: source.to_string(),
        first,
        last,
        days: days.into_iter().map(|(d, (day, _))| (d, day)).collect(),
    })
}

fn parse_years(rest: &str, line_no: usize) -> Result<(i16, i16), DataError> {
    let mut parts = rest.split_whitespace().map(str::parse::<i16>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(first)), Some(Ok(last)), None) if first <= last && first > 0 => Ok((first, last)),
        _ => Err(err(line_no, format!("expected `years FIRST LAST` with FIRST ≤ LAST, found `years {rest}`"))),
    }
}

fn parse_day(head: &str, rest: &'static str, line_no: usize) -> Result<(Date, OfficialDay), DataError> {
    let date: Date = head
        .parse()
        .map_err(|_| err(line_no, format!("expected `source`, `years` or a date YYYY-MM-DD, found `{head}`")))?;
    let (mark, name) = rest.split_once(' ').unwrap_or((rest, ""));
    let mark = match mark {
        "off" => Mark::Off,
        "work" => Mark::Work,
        other => return Err(err(line_no, format!("expected `off` or `work` after the date, found `{other}`"))),
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(err(line_no, "the holiday's name is missing"));
    }
    if mark == Mark::Work && !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
        return Err(err(line_no, format!("{date} is a make-up working day but not a Saturday or Sunday")));
    }
    Ok((date, OfficialDay { mark, name }))
}

/// Every dated line lies in the covered years, and every covered year has a
/// line (a year without one is almost certainly a missing notice).
fn check_coverage(days: &BTreeMap<Date, (OfficialDay, usize)>, first: i16, last: i16) -> Result<(), DataError> {
    if let Some((date, (_, line))) = days.iter().find(|(d, _)| !(first..=last).contains(&d.year())) {
        return Err(err(*line, format!("{date} is outside the `years {first} {last}` line")));
    }
    for year in first..=last {
        if !days.keys().any(|d| d.year() == year) {
            return Err(err(0, format!("no line for {year}, which the `years` line covers")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_file_parses() {
        let official = parse(EMBEDDED).expect("the embedded calendar parses");
        assert_eq!((official.first, official.last), (2004, 2026));
        assert!(official.source.contains("chinesecalendar 1.11.0"));
        assert_eq!(official.days.get(&date(2025, 1, 28)), Some(&OfficialDay { mark: Mark::Off, name: "春节" }));
        assert_eq!(official.days.len(), 771);
    }

    #[test]
    fn minimal_file_parses() {
        let text = "# c\nsource s\nyears 2025 2025\n\n2025-01-01 off 元旦\n2025-01-26 work 春节\n";
        let official = parse(text).expect("parses");
        assert_eq!(official.days.len(), 2);
        assert_eq!(official.source, "s");
    }

    fn line_of(text: &'static str) -> (usize, String) {
        let e = parse(text).expect_err("must fail");
        (e.line, e.message)
    }

    #[test]
    fn malformed_files_are_refused_with_the_line() {
        let head = "source s\nyears 2025 2025\n";
        let cases: [(&'static str, usize, &str); 8] = [
            ("source s\nyears 2025 2025\n2025-01-01 holiday 元旦\n", 3, "`off` or `work`"),
            ("source s\nyears 2025 2025\n2025-01-01 off\n", 3, "name is missing"),
            ("source s\nyears 2025 2025\n2025-13-01 off 元旦\n", 3, "a date YYYY-MM-DD"),
            ("source s\nyears 2025 2025\n2025-01-27 work 春节\n", 3, "not a Saturday or Sunday"),
            ("source s\nyears 2025 2025\n2025-01-02 off a\n2025-01-01 off b\n", 4, "ascending"),
            ("source s\nyears 2025 2025\n2024-12-31 off 元旦\n", 3, "outside"),
            ("source s\nyears 2025 2026\n2025-01-01 off 元旦\n", 0, "no line for 2026"),
            ("source s\nyears 2026 2025\n", 2, "FIRST ≤ LAST"),
        ];
        for (text, line, needle) in cases {
            let (got_line, message) = line_of(text);
            assert_eq!(got_line, line, "{text}");
            assert!(message.contains(needle), "{message} lacks {needle}");
        }
        assert!(line_of("years 2025 2025\n2025-01-01 off 元旦\n").1.contains("source"));
        assert!(line_of("source s\n2025-01-01 off 元旦\n").1.contains("years"));
        assert!(parse(head).is_err());
    }
}
