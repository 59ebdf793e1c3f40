//! Front matter of bulletins, approval items, journals and journal issues.

use super::fields::{Fields, Located};
use super::model::*;
use super::refs::read_ref;
use crate::messages::content as msg;
use crate::yaml::{Node, Value};

pub fn read_bulletin(f: &mut Fields) -> Option<Bulletin> {
    let series = f.choice(
        "series",
        true,
        &[
            ("supervision", "supervision"),
            ("implementation", "implementation"),
            ("statistics", "statistics"),
            ("information", "information"),
        ],
    );
    let series = series.map(|s| match s.value {
        "supervision" => Series::Supervision,
        "implementation" => Series::Implementation,
        "statistics" => Series::Statistics,
        _ => Series::Information,
    });
    let period = f.string("period", true).and_then(|p| match parse_period(&p.value) {
        Some(period) => Some(Located::new(period, p.pos())),
        None => {
            f.error(p.pos(), msg::bad_period(&p.value));
            None
        }
    });
    if let (Some(s), Some(p)) = (series, &period) {
        let monthly = matches!(p.value, Period::Month(..));
        if s.monthly() != monthly {
            f.warning(p.pos(), msg::period_series(s.key(), s.monthly()));
        }
    }
    let table = f.get("table").and_then(|n| read_table(f, n));
    Some(Bulletin { series: series?, period: period?.value, table })
}

/// Whether a fee text names its basis: a regulation (《…》), a 依据/按/根据 clause or a 标准.
pub fn has_fee_basis(text: &str) -> bool {
    text.contains('《') || ["依据", "根据", "按", "标准", "规定"].iter().any(|w| text.contains(w))
}

pub fn parse_period(s: &str) -> Option<Period> {
    let (y, rest) = s.trim().split_once('-')?;
    let year: i16 = y.parse().ok().filter(|y| (1900..=2200).contains(y))?;
    if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
        let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some(Period::Quarter(year, q));
    }
    let m: u8 = rest.parse().ok().filter(|m| (1..=12).contains(m) && rest.len() == 2)?;
    Some(Period::Month(year, m))
}

fn read_table(f: &mut Fields, node: &Node) -> Option<Table> {
    let mut t = Fields::new(f.path(), "table.", node, f.diags)?;
    let columns: Vec<String> = t.str_list("columns").into_iter().map(|c| c.value).collect();
    if columns.is_empty() {
        let pos = t.position();
        t.error(pos, msg::table_no_columns());
    }
    let mut rows = Vec::new();
    let mut row_nodes = Vec::new();
    for (i, row) in t.map_list("rows").into_iter().enumerate() {
        let cells: Option<Vec<Cell>> = match &row.value {
            Value::List(items) if items.len() == columns.len() => items.iter().map(cell).collect(),
            Value::List(items) => {
                t.error(row.pos(), msg::table_row_cells(i + 1, items.len(), columns.len()));
                None
            }
            Value::Map(m) => {
                if let Some((k, n)) = m.iter().find(|(k, _)| !columns.contains(k)) {
                    let guess = crate::diagnostics::did_you_mean(k, columns.iter().map(String::as_str));
                    t.error(n.pos(), msg::table_row_column(i + 1, k, guess));
                }
                columns
                    .iter()
                    .map(|c| m.iter().find(|(k, _)| k == c).map_or(Some(Cell::Text(String::new())), |(_, n)| cell(n)))
                    .collect()
            }
            _ => None,
        };
        match cells {
            Some(c) => {
                rows.push(c);
                row_nodes.push(row);
            }
            None => t.error(row.pos(), msg::table_row_shape(i + 1)),
        }
    }
    let rank_by = t.string("rank_by", false).and_then(|r| match columns.iter().position(|c| *c == r.value) {
        Some(i) => Some(i),
        None => {
            t.error(r.pos(), msg::table_rank_by(&r.value, &columns));
            None
        }
    });
    if let Some(c) = rank_by {
        for (i, (row, node)) in rows.iter().zip(&row_nodes).enumerate() {
            if row[c].number().is_none() {
                let at = rank_cell(node, &columns[c], c).unwrap_or(node).pos();
                t.error(at, msg::table_rank_not_number(i + 1, &columns[c], &row[c].text()));
            }
        }
    }
    t.finish(&["columns", "rows", "rank_by"]);
    Some(Table { columns, rows, rank_by })
}

/// The node of a row's ranked cell (by position in a list row, by name in a mapping row).
fn rank_cell<'a>(row: &'a Node, column: &str, c: usize) -> Option<&'a Node> {
    match &row.value {
        Value::List(items) => items.get(c),
        Value::Map(m) => m.iter().find(|(k, _)| k == column).map(|(_, n)| n),
        _ => None,
    }
}

fn cell(n: &Node) -> Option<Cell> {
    match &n.value {
        Value::Int(i) => Some(Cell::Number(*i as f64, n.written.clone().unwrap_or_else(|| i.to_string()))),
        Value::Float(x) if x.is_finite() => {
            Some(Cell::Number(*x, n.written.clone().unwrap_or_else(|| crate::content::format_number(*x))))
        }
        Value::Str(s) => Some(Cell::Text(s.clone())),
        Value::Bool(b) => Some(Cell::Text(if *b { "是" } else { "否" }.into())),
        Value::Null => Some(Cell::Text(String::new())),
        _ => None,
    }
}

pub fn read_approval_item(f: &mut Fields) -> Option<Approval> {
    let code = f.string("code", true);
    if let Some(c) = &code {
        let ok = c.value.chars().next().is_some_and(|ch| ch.is_ascii_alphanumeric())
            && c.value.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
        if !ok {
            f.error(c.pos(), msg::bad_code(&c.value));
        }
    }
    let category = f.string("category", false).map(|c| c.value);
    let level = f.choice("level", false, &[("city", "city"), ("county", "county")]).map_or(Level::City, |l| {
        if l.value == "county" {
            Level::County
        } else {
            Level::City
        }
    });
    let legal_basis = f.str_list("legal_basis").into_iter().map(|l| l.value).collect();
    let statutory = f.uint("statutory_days", true);
    let promised = f.uint("promised_days", true);
    if let (Some(s), Some(p)) = (&statutory, &promised) {
        if p.value > s.value {
            f.error(p.pos(), msg::promised_over_statutory(p.value, s.value));
        }
    }
    let steps = read_steps(f);
    if let Some(p) = &promised {
        let total: u32 = steps.iter().map(|s| s.days).sum();
        if total > p.value {
            f.error(p.pos(), msg::steps_over_promised(total, p.value));
        }
    }
    let fee = f.get("fee").and_then(|n| match &n.value {
        Value::Int(0) => None,
        Value::Float(x) if *x == 0.0 => None,
        Value::Int(i) => Some(format!("{i}元")),
        Value::Float(x) => Some(format!("{}元", format_number(*x))),
        Value::Str(s) if matches!(s.trim(), "0" | "免费" | "不收费") => None,
        Value::Str(s) => Some(s.trim().to_string()),
        _ => {
            f.error(n.pos(), msg::bad_fee());
            None
        }
    });
    if let (Some(text), Some(node)) = (&fee, f.get("fee")) {
        if !has_fee_basis(text) {
            f.warning(node.pos(), msg::fee_basis(text));
        }
    }
    let online = f.boolean("online").is_some_and(|b| b.value);
    let visits = f.uint("visits", false);
    if let Some(v) = &visits {
        if online && v.value > 0 {
            f.warning(v.pos(), msg::online_visits(v.value));
        }
    }
    let materials = f.str_list("materials").into_iter().map(|m| m.value).collect();
    let status = f
        .choice("status", false, &[("active", "active"), ("delegated", "delegated"), ("cancelled", "cancelled")])
        .map_or(ItemStatus::Active, |s| match s.value {
            "delegated" => ItemStatus::Delegated,
            "cancelled" => ItemStatus::Cancelled,
            _ => ItemStatus::Active,
        });
    let history = read_history(f, promised.as_ref());
    Some(Approval {
        code: code?,
        category,
        level,
        legal_basis,
        statutory_days: statutory?,
        promised_days: promised?,
        steps,
        fee,
        online,
        visits: visits.map(|v| v.value),
        materials,
        status,
        history,
    })
}

fn read_steps(f: &mut Fields) -> Vec<Step> {
    let mut steps = Vec::new();
    for node in f.map_list("steps") {
        let Some(mut s) = Fields::new(f.path(), "steps[].", node, f.diags) else {
            continue;
        };
        let name = s.string("name", true);
        let days = s.uint("days", true);
        s.finish(&["name", "days"]);
        if let (Some(name), Some(days)) = (name, days) {
            steps.push(Step { name: name.value, days: days.value });
        }
    }
    steps
}

const CHANGES: &[(&str, &str)] = &[
    ("added", "added"),
    ("cancelled", "cancelled"),
    ("delegated", "delegated"),
    ("merged", "merged"),
    ("renamed", "renamed"),
    ("time_limit", "time_limit"),
    ("fee", "fee"),
];

fn read_history(f: &mut Fields, promised: Option<&Located<u32>>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for node in f.map_list("history") {
        let Some(mut h) = Fields::new(f.path(), "history[].", node, f.diags) else {
            continue;
        };
        let date = h.date("date", true);
        let change = h.choice("change", true, CHANGES).map(|c| match c.value {
            "added" => ChangeKind::Added,
            "cancelled" => ChangeKind::Cancelled,
            "delegated" => ChangeKind::Delegated,
            "merged" => ChangeKind::Merged,
            "renamed" => ChangeKind::Renamed,
            "time_limit" => ChangeKind::TimeLimit,
            _ => ChangeKind::Fee,
        });
        let decision = h.string("decision", false).map(|d| d.value);
        let from = h.get("from");
        let to = h.get("to");
        let note = h.string("note", false).map(|n| n.value);
        if let Some(kind) = change {
            check_from_to(&mut h, kind, from, to);
        }
        let text = |n: Option<&Node>| n.and_then(|n| n.scalar_text());
        let (from, to) = (text(from), text(to));
        h.finish(&["date", "change", "decision", "from", "to", "note"]);
        let (Some(date), Some(change)) = (date, change) else {
            continue;
        };
        if let Some(prev) = out.last() {
            if date.value < prev.date {
                f.error(date.pos(), msg::history_order(&date.value.to_string(), &prev.date.to_string()));
            }
        }
        out.push(Change { date: date.value, change, decision, from, to, note, line: node.line, col: node.col });
    }
    if let (Some(last), Some(p)) = (out.iter().rev().find(|c| c.change == ChangeKind::TimeLimit), promised) {
        if last.to.as_deref() != Some(p.value.to_string().as_str()) {
            f.warning((last.line, last.col), msg::history_time_limit(last.to.as_deref().unwrap_or("?"), p.value));
        }
    }
    out
}

fn check_from_to(h: &mut Fields, kind: ChangeKind, from: Option<&Node>, to: Option<&Node>) {
    // Fees may be written as a number of yuan or as text (`每件收取20元`); time limits are days.
    let numeric = kind == ChangeKind::TimeLimit;
    let none = matches!(kind, ChangeKind::Added | ChangeKind::Cancelled);
    for (name, node) in [("from", from), ("to", to)] {
        match node {
            Some(n) if none => h.error(n.pos(), msg::history_needs_none(kind.key(), name)),
            Some(n) if numeric && !matches!(n.value, Value::Int(_) | Value::Float(_)) => {
                h.error(n.pos(), msg::history_not_number(kind.key(), name))
            }
            None if !none => {
                let pos = h.position();
                h.error(pos, msg::history_needs(kind.key(), name));
            }
            _ => {}
        }
    }
}

const FREQUENCIES: &[(&str, &str)] = &[
    ("daily", "daily"),
    ("weekly", "weekly"),
    ("semimonthly", "semimonthly"),
    ("monthly", "monthly"),
    ("bimonthly", "bimonthly"),
    ("quarterly", "quarterly"),
    ("yearly", "yearly"),
    ("irregular", "irregular"),
];

pub fn read_journal(f: &mut Fields) -> Option<Journal> {
    let frequency = f.choice("frequency", true, FREQUENCIES)?;
    Some(Journal { frequency: frequency.value })
}

pub fn frequency_label(f: &str) -> &'static str {
    match f {
        "daily" => "日刊",
        "weekly" => "周刊",
        "semimonthly" => "半月刊",
        "monthly" => "月刊",
        "bimonthly" => "双月刊",
        "quarterly" => "季刊",
        "yearly" => "年刊",
        _ => "不定期",
    }
}

pub fn read_issue(f: &mut Fields, key: &str) -> Option<Issue> {
    let journal = key.split('/').nth(1).unwrap_or_default().to_string();
    let year = f.uint("year", true);
    if let Some(y) = &year {
        if !(1900..=2200).contains(&y.value) {
            f.error(y.pos(), msg::implausible_year(y.value));
        }
    }
    let number = f.uint("number", true);
    let mut contents = Vec::new();
    for node in f.map_list("contents") {
        if let Some(r) = read_ref(f, node, "contents") {
            contents.push(r);
        }
    }
    Some(Issue { journal, year: year?.value.min(9999) as i16, number: number?, contents })
}
