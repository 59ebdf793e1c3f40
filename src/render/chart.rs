//! Inline SVG bar charts for bulletin tables, drawn at build time (no JavaScript).
//!
//! The chart is decorative for screen readers only in part: it carries `<title>`/`<desc>`
//! naming every value, and the same numbers are in the table right under it.

use super::formats::esc;

const BAR_H: usize = 22;
const GAP: usize = 8;
const LABEL_W: usize = 104;
/// Narrow enough that 13-unit labels stay legible when the chart is scaled to a 360 px phone.
const WIDTH: usize = 440;

/// A horizontal bar chart of column `value_col` of `rows` (already ranked), labelled by the
/// first other column.
pub fn bar_chart(title: &str, column: &str, rows: &[Vec<String>], value_col: usize) -> String {
    bar_chart_with("chart", title, column, &format!("按{column}从高到低"), rows, value_col)
}

/// [`bar_chart`] with its own element ids (`{id}-title`, `{id}-desc`), for a page with several
/// charts, and `lead` opening the description (`按年份`).
pub fn bar_chart_with(
    id: &str,
    title: &str,
    column: &str,
    lead: &str,
    rows: &[Vec<String>],
    value_col: usize,
) -> String {
    let label_col = if value_col == 0 { 1 } else { 0 };
    let values: Vec<(String, Option<f64>, String)> = rows
        .iter()
        .map(|r| {
            let label = r.get(label_col).cloned().unwrap_or_default();
            let raw = r.get(value_col).cloned().unwrap_or_default();
            (label, raw.trim().trim_end_matches('%').parse::<f64>().ok(), raw)
        })
        .collect();
    let max = values.iter().filter_map(|v| v.1).fold(0.0_f64, |m, v| m.max(v.abs())).max(f64::MIN_POSITIVE);
    let any_negative = values.iter().any(|v| v.1.is_some_and(|x| x < 0.0));
    let plot_w = (WIDTH - LABEL_W - 70) as f64;
    let zero_x = LABEL_W as f64 + if any_negative { plot_w / 2.0 } else { 0.0 };
    let scale = if any_negative { plot_w / 2.0 } else { plot_w } / max;
    let height = values.len() * (BAR_H + GAP) + GAP;
    let desc: Vec<String> = values.iter().map(|(l, _, raw)| format!("{l} {raw}")).collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}：{}</title><desc id=\"{id}-desc\">{}：{}</desc>",
        esc(title),
        esc(column),
        esc(lead),
        esc(&desc.join("；"))
    );
    for (i, (label, value, raw)) in values.iter().enumerate() {
        let y = GAP + i * (BAR_H + GAP);
        let ty = y + BAR_H / 2 + 5;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{ty}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
            LABEL_W - 8,
            esc(label)
        ));
        if let Some(v) = value {
            let w = (v.abs() * scale).max(1.0);
            let x = if *v < 0.0 { zero_x - w } else { zero_x };
            let class = if *v < 0.0 { "chart-bar neg" } else { "chart-bar" };
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR_H}\" class=\"{class}\"/>"
            ));
            let tx = if *v < 0.0 { zero_x + 4.0 } else { x + w + 4.0 };
            svg.push_str(&format!("<text x=\"{tx:.1}\" y=\"{ty}\" class=\"chart-value\">{}</text>", esc(raw)));
        }
    }
    svg.push_str(&format!(
        "<line x1=\"{zero_x:.1}\" y1=\"0\" x2=\"{zero_x:.1}\" y2=\"{height}\" class=\"chart-axis\"/></svg>"
    ));
    svg
}

/// A step timeline: one bar per step on a working-day axis, with the promised and the
/// statutory limits marked. Every number is also in the `<desc>` and in the list beside it.
pub fn timeline(steps: &[(String, u32)], promised: u32, statutory: u32) -> String {
    let total: u32 = steps.iter().map(|s| s.1).sum();
    let scale_days = statutory.max(promised).max(total).max(1) as f64;
    let row = 30;
    let top = 28;
    let height = top + steps.len() * row + 16;
    let plot_x = LABEL_W as f64;
    let plot_w = (WIDTH - LABEL_W - 20) as f64;
    let x_of = |d: u32| plot_x + d as f64 / scale_days * plot_w;
    let desc: Vec<String> = steps.iter().map(|(n, d)| format!("{n} {d} 个工作日")).collect();
    let mut svg = format!(
        "<svg class=\"timeline\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"tl-title\">办理流程时间轴</title><desc id=\"tl-desc\">{}；合计 {total} 个工作日，承诺时限 {promised} 个工作日，法定时限 {statutory} 个工作日。</desc>",
        esc(&desc.join("；"))
    );
    let mut start = 0;
    for (i, (name, days)) in steps.iter().enumerate() {
        let y = top + i * row;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
            LABEL_W - 8,
            y + 16,
            esc(name)
        ));
        let (x, w) = (x_of(start), (x_of(start + days) - x_of(start)).max(3.0));
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"20\" rx=\"3\" class=\"timeline-step\"/>",
            y + 2
        ));
        svg.push_str(&format!("<text x=\"{:.1}\" y=\"{}\" class=\"chart-value\">{days}日</text>", x + w + 4.0, y + 16));
        start += days;
    }
    for (d, class, label) in [(promised, "limit-promised", "承诺"), (statutory, "limit-statutory", "法定")] {
        let x = x_of(d);
        svg.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" class=\"{class}\"/>",
            top - 6,
            height - 8
        ));
        let anchor = if class == "limit-statutory" { "end" } else { "start" };
        let y = if class == "limit-statutory" { 12 } else { 24 };
        let tx = if class == "limit-statutory" { x - 4.0 } else { x + 4.0 };
        svg.push_str(&format!(
            "<text x=\"{tx:.1}\" y=\"{y}\" text-anchor=\"{anchor}\" class=\"{class}-label\">{label} {d} 日</text>"
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_has_title_desc_and_bars() {
        let rows = vec![vec!["明湖区".to_string(), "6.1".to_string()], vec!["<b>".to_string(), "-1.5".to_string()]];
        let svg = bar_chart("三季度通报", "增速（%）", &rows, 1);
        assert!(svg.contains("<title id=\"chart-title\">三季度通报：增速（%）</title>"));
        assert!(svg.contains("明湖区 6.1；&lt;b&gt; -1.5"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn timeline_marks_both_limits() {
        let svg = timeline(&[("受理".into(), 1), ("审查".into(), 5)], 8, 20);
        assert!(svg
            .contains("受理 1 个工作日；审查 5 个工作日；合计 6 个工作日，承诺时限 8 个工作日，法定时限 20 个工作日"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("承诺 8 日") && svg.contains("法定 20 日"));
    }
}
