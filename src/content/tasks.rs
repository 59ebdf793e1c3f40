//! Front matter of key tasks (重点工作任务): source, lead and partner units, due date, status and
//! the progress record, with every rule on them (percent 0–100, date order, no unexplained drop,
//! `due` not before `date`, `done` only with a progress entry at 100).

use crate::messages::content as msg;
use jiff::civil::Date;

use super::fields::Fields;
use super::model::*;
use super::refs::read_ref;
use crate::yaml::Value;

pub const FIELDS: &[&str] = &["source", "lead", "partners", "due", "status", "progress"];

const STATUSES: &[(&str, &str)] = &[("in_progress", "in_progress"), ("done", "done"), ("suspended", "suspended")];

/// Read a task's own fields. `date` is the entry's publish date, when it could be read.
pub fn read_task(f: &mut Fields, date: Option<Date>) -> Option<Task> {
    let source = f.get("source").and_then(|n| match n.as_str() {
        Some(s) if s.trim().starts_with("@/") => read_ref(f, n, "source").map(TaskSource::Ref),
        _ => f.string("source", false).map(|s| TaskSource::Text(s.value)),
    });
    let lead = f.string("lead", true);
    let partners = f.str_list("partners").into_iter().map(|p| p.value).collect();
    let due = f.date("due", true);
    if let (Some(d), Some(date)) = (&due, date) {
        if d.value < date {
            f.error(d.pos(), msg::due_before_date(&d.value.to_string(), &date.to_string()));
        }
    }
    let status = f.choice("status", true, STATUSES).map(|s| match s.value {
        "done" => TaskStatus::Done,
        "suspended" => TaskStatus::Suspended,
        _ => TaskStatus::InProgress,
    });
    let progress = read_progress(f);
    if status == Some(TaskStatus::Done) && !progress.iter().any(|p| p.percent == 100) {
        let pos = f.get("status").map_or(f.position(), |n| n.pos());
        f.error(pos, msg::done_without_100());
    }
    Some(Task { source, lead: lead?, partners, due: due?, status: status?, progress })
}

/// `progress`: `{date, note, percent}` in date order; percent 0–100 and never lower than the
/// entry before unless this entry's `note` says why (a non-empty note on the lower entry).
fn read_progress(f: &mut Fields) -> Vec<Progress> {
    let mut out: Vec<Progress> = Vec::new();
    for node in f.map_list("progress") {
        let Some(mut p) = Fields::new(f.path(), "progress[].", node, f.diags) else {
            continue;
        };
        let date = p.date("date", true);
        let note = p.string("note", false).map(|n| n.value);
        let percent = match p.require("percent", "60") {
            Some(n) => match n.value {
                Value::Int(i) if (0..=100).contains(&i) => Some(i as u8),
                Value::Int(i) => {
                    p.error(n.pos(), msg::percent_out_of_range(i));
                    None
                }
                _ => {
                    p.error(n.pos(), msg::percent_not_number(&msg::found(n.found())));
                    None
                }
            },
            None => None,
        };
        p.finish(&["date", "note", "percent"]);
        let (Some(date), Some(percent)) = (date, percent) else {
            continue;
        };
        if let Some(prev) = out.last() {
            if date.value < prev.date {
                f.error(date.pos(), msg::progress_order(&date.value.to_string(), &prev.date.to_string()));
            } else if percent < prev.percent && note.is_none() {
                f.error((node.line, node.col), msg::progress_decrease(prev.percent, percent, &date.value.to_string()));
            }
        }
        out.push(Progress { date: date.value, note, percent, line: node.line, col: node.col });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::content::parse::{kind_of, parse};
    use crate::content::Meta;

    fn task(extra: &str) -> (Option<crate::content::Task>, Vec<String>) {
        let text = format!(
            "---\ntitle: 任务\ndate: 2025-03-01\nclassification: public\napproval: {{status: approved, by: 甲, on: 2025-03-01}}\ndepartment: 办公室\n{extra}---\n说明。\n"
        );
        let p = parse("content/tasks/t.md", "tasks/t.md", kind_of("tasks/t.md").unwrap(), &text);
        let msgs = p.problems.sorted().iter().map(|d| d.to_string()).collect();
        let t = p.entry.and_then(|e| match e.meta {
            Meta::Task(t) => Some(t),
            _ => None,
        });
        (t, msgs)
    }

    #[test]
    fn a_valid_task() {
        let (t, msgs) = task("source: \"@/documents/gzbg.md\"\nlead: 发改委\npartners: [财政局, 统计局]\ndue: 2025-12-31\nstatus: in_progress\nprogress:\n  - {date: 2025-04-01, percent: 20, note: 启动}\n  - {date: 2025-06-01, percent: 50}\n");
        assert!(msgs.is_empty(), "{msgs:?}");
        let t = t.unwrap();
        assert_eq!(t.percent(), 50);
        assert_eq!(t.partners, ["财政局", "统计局"]);
        assert!(matches!(t.source, Some(crate::content::TaskSource::Ref(ref r)) if r.key == "documents/gzbg.md"));
        assert!(!t.overdue("2025-12-31".parse().unwrap()));
        assert!(t.overdue("2026-01-01".parse().unwrap()));
    }

    #[test]
    fn every_rule() {
        let (_, msgs) = task("lead: 发改委\ndue: 2025-01-31\nstatus: done\nprogress:\n  - {date: 2025-04-01, percent: 120}\n  - {date: 2025-05-01, percent: 60}\n  - {date: 2025-04-15, percent: 70}\n  - {date: 2025-06-01, percent: 40}\n  - {date: 2025-07-01, percent: 30, note: 方案调整}\n");
        let codes: Vec<&str> = msgs.iter().map(|m| m.split(": error: ").next().unwrap_or("")).collect();
        assert_eq!(msgs.len(), 5, "{msgs:#?}");
        assert!(msgs[0].contains("due") && msgs[0].contains("before the publish"), "{msgs:#?} {codes:?}");
        assert!(msgs.iter().any(|m| m.contains("outside 0–100")));
        assert!(msgs.iter().any(|m| m.contains("comes after one of 2025-05-01")));
        assert!(msgs.iter().any(|m| m.contains("drops from 70 to 40")));
        assert!(msgs.iter().any(|m| m.contains("no `progress` entry reaches 100")));
    }

    #[test]
    fn text_source_and_required_fields() {
        let (t, msgs) = task("source: 2025年市政府工作报告\nstatus: finished\n");
        assert!(t.is_none());
        assert!(msgs.iter().any(|m| m.contains("missing required field `lead`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("missing required field `due`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`status` must be one of in_progress, done, suspended")), "{msgs:?}");
    }
}
