//! Excel number formats → the text a cell shows: `0.0` on 6 is `6.0`, `0.00%` on 0.125 is
//! `12.50%`, `#,##0` on 42615 is `42615` (grouping commas are dropped so the value stays a
//! number for ranking; decimals and the percent sign are kept exactly), dates as
//! `YYYY-MM-DD`. Formats we cannot read fall back to Excel's General display.

/// The format code of a built-in number format id (ECMA-376 18.8.30), for the ids that
/// matter to statistics tables.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        14..=17 | 22 | 27..=36 | 50..=58 => "yyyy-mm-dd",
        37 | 38 => "#,##0 ;(#,##0)",
        39 | 40 => "#,##0.00;(#,##0.00)",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// The text of `value` shown with format `code`.
pub fn display(value: f64, code: &str) -> String {
    let section = first_section(code);
    let (prefix, pattern, suffix) = split_literals(&section);
    let lower = pattern.to_ascii_lowercase();
    if pattern.is_empty() || lower == "general" || lower == "@" || lower.contains('e') {
        return general(value);
    }
    if lower.contains(['y', 'd']) || (lower.contains('m') && !lower.contains('0')) {
        return date(value);
    }
    let percent = pattern.contains('%');
    let v = if percent { value * 100.0 } else { value };
    let decimals =
        pattern.split_once('.').map_or(0, |(_, d)| d.chars().filter(|c| matches!(c, '0' | '#' | '?')).count());
    let required = pattern.split_once('.').map_or(0, |(_, d)| d.chars().filter(|c| *c == '0').count());
    let mut s = format!("{:.*}", decimals, round_half_away(v, decimals));
    if decimals > required {
        let keep = s.len() - (decimals - required);
        while s.len() > keep && s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s.starts_with("-") && s[1..].chars().all(|c| c == '0' || c == '.') {
        s.remove(0);
    }
    format!("{prefix}{s}{}{suffix}", if percent { "%" } else { "" })
}

/// Round as Excel displays (half away from zero), nudged past the binary representation
/// error (5.25 → 5.3 at one decimal, 1.005 → 1.01 at two).
fn round_half_away(v: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals.min(15) as i32);
    let scaled = v * scale;
    (scaled * (1.0 + 8.0 * f64::EPSILON)).round() / scale
}

/// Excel's General: up to 11 significant digits, no trailing zeros.
pub fn general(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let digits = (10 - v.abs().log10().floor() as i32).clamp(0, 15) as usize;
    let s = format!("{v:.digits$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
pub fn date(serial: f64) -> String {
    let base = jiff::civil::date(1899, 12, 30);
    match base.checked_add(jiff::Span::new().days(serial.floor() as i64)) {
        Ok(d) => d.to_string(),
        Err(_) => general(serial),
    }
}

/// The positive section of a format (`0.0;-0.0;0` → `0.0`), without colours and locales.
fn first_section(code: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut bracket) = (false, false);
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted && bracket => {
                bracket = false;
                continue;
            }
            ';' if !quoted => break,
            _ => {}
        }
        if !bracket {
            out.push(c);
        }
    }
    out
}

/// (literal text before, the number pattern, literal text after): `"约"0.0"万"` → (约, 0.0, 万).
fn split_literals(section: &str) -> (String, String, String) {
    let (mut pre, mut pat, mut post) = (String::new(), String::new(), String::new());
    let mut chars = section.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let literal = match c {
            '"' => {
                quoted = !quoted;
                continue;
            }
            '\\' if !quoted => chars.next(),
            '_' | '*' if !quoted => {
                chars.next();
                continue;
            }
            c if quoted => Some(c),
            '0' | '#' | '?' | '.' | ',' | '%' | 'E' | 'e' | '+' | '-' | '@' => {
                pat.push(c);
                None
            }
            c if c.is_ascii_alphabetic() => {
                pat.push(c);
                None
            }
            ' ' | '(' | ')' => None,
            c => Some(c),
        };
        if let Some(l) = literal {
            if pat.is_empty() {
                pre.push(l)
            } else {
                post.push(l)
            }
        }
    }
    if pat.eq_ignore_ascii_case("general") || !pat.is_empty() {
        return (pre, pat.trim_matches(['-', '+']).to_string(), post);
    }
    (pre, pat, post)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_the_sheet_shows_them() {
        assert_eq!(display(6.0, "0.0"), "6.0");
        assert_eq!(display(5.25, "0.0"), "5.3");
        assert_eq!(display(3.0, "0.00"), "3.00");
        assert_eq!(display(42615.0, "#,##0"), "42615");
        assert_eq!(display(1234.5, "#,##0.00"), "1234.50");
        assert_eq!(display(0.125, "0.0%"), "12.5%");
        assert_eq!(display(0.5, "0%"), "50%");
        assert_eq!(display(2.5, "0.0#"), "2.5");
        assert_eq!(display(2.567, "0.0#"), "2.57");
        assert_eq!(display(6.0, "0.0_ ;[Red]\\-0.0\\ "), "6.0");
        assert_eq!(display(12.0, "0.0\"万\""), "12.0万");
        assert_eq!(display(-0.01, "0.0"), "0.0");
        assert_eq!(display(1.005, "0.00"), "1.01");
        assert_eq!(display(0.0425, "0.0%"), "4.3%");
        assert_eq!(display(0.1 + 0.2, "General"), "0.3");
        assert_eq!(display(45721.0, "yyyy/m/d"), "2025-03-05");
        assert_eq!(general(3568.2), "3568.2");
    }
}
