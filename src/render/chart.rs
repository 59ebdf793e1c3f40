//! Inline SVG bar charts for bulletin tables, drawn at build time (no JavaScript).
//!
//! The chart is decorative for screen readers only in part: it carries `<title>`/`<desc>`
//! naming every value, and the same numbers are in the table right under it.
//!
//! Drawn to fit a phone: the canvas is [`WIDTH`] units wide, about the width of a 360 px
//! screen's text column, so at 360 px the 14-unit labels stay about 13 px (and the theme caps
//! the chart at 26rem on wider screens, labels about 17 px: docs/accessibility.md). The label column is
//! as wide as the longest label, measured at the largest font the theme uses (care mode,
//! [`FONT`]); when a label would take more than [`MAX_LABEL`] of the width, every label goes on
//! its own line above its bar instead, so nothing is ever clipped or scrolled sideways.

use super::formats::esc;

/// The canvas width in SVG units.
const WIDTH: usize = 340;
/// The largest label font (care mode's 15px; normally 14px), used to measure labels.
const FONT: f64 = 15.0;
/// The widest label column, as a share of [`WIDTH`], before labels go above the bars.
const MAX_LABEL: f64 = 0.42;
const BAR_H: usize = 22;
const GAP: usize = 8;

/// The drawn width of `s` at `font` units: CJK and full-width characters are one em, others
/// (digits, Latin, `.` `%`) about 0.6 em.
fn text_w(s: &str, font: f64) -> f64 {
    s.chars().map(|c| if (c as u32) < 0x2E80 { 0.6 } else { 1.0 }).sum::<f64>() * font
}

/// The label column for `labels` (right edge, where labels end), or `None` when the labels
/// are too long and go above their bars.
fn label_column<'a>(labels: impl Iterator<Item = &'a str>) -> Option<f64> {
    let w = labels.map(|l| text_w(l, FONT)).fold(0.0, f64::max) + 10.0;
    (w <= WIDTH as f64 * MAX_LABEL).then_some(w.max(40.0))
}

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
    let value_w = values.iter().map(|v| text_w(&v.2, FONT)).fold(0.0, f64::max) + 8.0;
    // Labels beside the bars when they fit, else each label on its own line above its bar.
    let (plot_x, label_h) = match label_column(values.iter().map(|v| v.0.as_str())) {
        Some(w) => (w, 0),
        None => (0.0, 20),
    };
    let plot_w = (WIDTH as f64 - plot_x - value_w).max(40.0);
    let zero_x = plot_x + if any_negative { plot_w / 2.0 } else { 0.0 };
    let scale = if any_negative { plot_w / 2.0 } else { plot_w } / max;
    let row_h = label_h + BAR_H + GAP;
    let height = values.len() * row_h + GAP;
    let desc: Vec<String> = values.iter().map(|(l, _, raw)| format!("{l} {raw}")).collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}：{}</title><desc id=\"{id}-desc\">{}：{}</desc>",
        esc(title),
        esc(column),
        esc(lead),
        esc(&desc.join("；"))
    );
    for (i, (label, value, raw)) in values.iter().enumerate() {
        let y = GAP + i * row_h;
        let bar_y = y + label_h;
        let ty = bar_y + BAR_H / 2 + 5;
        svg.push_str(&if label_h == 0 {
            format!(
                "<text x=\"{:.1}\" y=\"{ty}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
                plot_x - 8.0,
                esc(label)
            )
        } else {
            format!("<text x=\"0\" y=\"{}\" class=\"chart-label\">{}</text>", y + 14, esc(label))
        });
        if let Some(v) = value {
            let w = (v.abs() * scale).max(1.0);
            let x = if *v < 0.0 { zero_x - w } else { zero_x };
            let class = if *v < 0.0 { "chart-bar neg" } else { "chart-bar" };
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{bar_y}\" width=\"{w:.1}\" height=\"{BAR_H}\" class=\"{class}\"/>"
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
    let (plot_x, label_h) = match label_column(steps.iter().map(|s| s.0.as_str())) {
        Some(w) => (w, 0),
        None => (0.0, 20),
    };
    let value_w = steps.iter().map(|s| text_w(&format!("{}日", s.1), FONT)).fold(0.0, f64::max) + 8.0;
    let row = 30 + label_h;
    let top = 30;
    let height = top + steps.len() * row + 8;
    let plot_w = (WIDTH as f64 - plot_x - value_w).max(40.0);
    let x_of = |d: u32| plot_x + d as f64 / scale_days * plot_w;
    let desc: Vec<String> = steps.iter().map(|(n, d)| format!("{n} {d} 个工作日")).collect();
    let mut svg = format!(
        "<svg class=\"timeline\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"tl-title\">办理流程时间轴</title><desc id=\"tl-desc\">{}；合计 {total} 个工作日，承诺时限 {promised} 个工作日，法定时限 {statutory} 个工作日。</desc>",
        esc(&desc.join("；"))
    );
    let mut start = 0;
    for (i, (name, days)) in steps.iter().enumerate() {
        let y = top + i * row;
        let bar_y = y + label_h;
        svg.push_str(&if label_h == 0 {
            format!(
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
                plot_x - 8.0,
                y + 16,
                esc(name)
            )
        } else {
            format!("<text x=\"0\" y=\"{}\" class=\"chart-label\">{}</text>", y + 14, esc(name))
        });
        let (x, w) = (x_of(start), (x_of(start + days) - x_of(start)).max(3.0));
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"20\" rx=\"3\" class=\"timeline-step\"/>",
            bar_y + 2
        ));
        let vy = bar_y + 16;
        svg.push_str(&format!("<text x=\"{:.1}\" y=\"{vy}\" class=\"chart-value\">{days}日</text>", x + w + 4.0));
        start += days;
    }
    for (d, class, label) in [(promised, "limit-promised", "承诺"), (statutory, "limit-statutory", "法定")] {
        let x = x_of(d);
        svg.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" class=\"{class}\"/>",
            top - 4,
            height - 4
        ));
        let text = format!("{label} {d} 日");
        // 法定 on the first line, ending at its line; 承诺 on the second, after its line
        // unless that would run off the canvas.
        let fits_after = x + 4.0 + text_w(&text, 13.0) <= WIDTH as f64;
        let (anchor, tx) = if class == "limit-promised" && fits_after { ("start", x + 4.0) } else { ("end", x - 4.0) };
        let y = if class == "limit-statutory" { 12 } else { 25 };
        svg.push_str(&format!(
            "<text x=\"{tx:.1}\" y=\"{y}\" text-anchor=\"{anchor}\" class=\"{class}-label\">{text}</text>"
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

    /// Every x coordinate and every text's estimated extent stays inside the canvas.
    fn inside(svg: &str) -> bool {
        svg.split("<text ").skip(1).all(|t| {
            let num =
                |key: &str| t.split(key).nth(1).and_then(|r| r.split('"').next()).and_then(|n| n.parse::<f64>().ok());
            let x = num("x=\"").unwrap_or(0.0);
            let body = t.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
            let w = text_w(body, FONT);
            if t.contains("text-anchor=\"end\"") {
                x - w >= -0.5
            } else {
                x + w <= WIDTH as f64 + 0.5
            }
        })
    }

    #[test]
    fn short_labels_sit_beside_the_bars_and_fit() {
        let rows: Vec<Vec<String>> = [("嵩明县", "12.5"), ("云岭区", "9.8"), ("凤翔县", "0.4")]
            .iter()
            .map(|(a, b)| vec![a.to_string(), b.to_string()])
            .collect();
        let svg = bar_chart("通报", "增速（%）", &rows, 1);
        assert!(svg.contains("text-anchor=\"end\" class=\"chart-label\">嵩明县"), "{svg}");
        assert!(inside(&svg), "{svg}");
    }

    #[test]
    fn long_labels_go_above_their_bars() {
        let rows = vec![vec!["云州市市场监督管理局行政审批科".to_string(), "1234.5".to_string()]];
        let svg = bar_chart("通报", "件数", &rows, 1);
        assert!(svg.contains("<text x=\"0\" y=\"22\" class=\"chart-label\">云州市市场监督管理局行政审批科"), "{svg}");
        assert!(inside(&svg), "{svg}");
    }

    #[test]
    fn timeline_marks_both_limits() {
        let svg = timeline(&[("受理".into(), 1), ("审查".into(), 5)], 8, 20);
        assert!(svg
            .contains("受理 1 个工作日；审查 5 个工作日；合计 6 个工作日，承诺时限 8 个工作日，法定时限 20 个工作日"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("承诺 8 日") && svg.contains("法定 20 日"));
        assert!(inside(&svg), "{svg}");
        // A promise equal to the statutory limit puts its label before the line, on the canvas.
        assert!(inside(&timeline(&[("受理".into(), 3)], 20, 20)));
    }
}
