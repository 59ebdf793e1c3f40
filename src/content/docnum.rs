//! 发文字号 (document numbers): the GB/T 9704 form `云政发〔2022〕5号`, common mistakes and their fix.

use crate::messages::{content as msg, Msg};

/// Check a 文号. On error, the message and the fix (with the corrected form when we can tell).
pub fn check(s: &str) -> Result<(), Msg> {
    let s = s.trim();
    if let Some((issuer, year, serial)) = parts(s) {
        if issuer.is_empty() {
            return Err(msg::doc_number_no_issuer());
        }
        let canonical = format!("{issuer}〔{year}〕{serial}号");
        if canonical != s {
            return Err(msg::doc_number_form(s, &canonical));
        }
        return Ok(());
    }
    Err(msg::doc_number_unreadable(s))
}

/// Split a 文号 written with any common bracket into (issuer, year, serial), normalising
/// look-alike brackets, full-width digits, `第` and leading zeros. Used by search too.
pub fn parts(s: &str) -> Option<(String, u32, u32)> {
    let norm: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '[' | '(' | '（' | '【' | '［' | '〔' | '{' | '﹝' | '〖' => '〔',
            ']' | ')' | '）' | '】' | '］' | '〕' | '}' | '﹞' | '〗' => '〕',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let open = norm.find('〔')?;
    let close = norm.find('〕')?;
    if close < open {
        return None;
    }
    let issuer = norm[..open].to_string();
    let year: u32 = norm[open + '〔'.len_utf8()..close].parse().ok().filter(|y| (1949..=2200).contains(y))?;
    let rest = norm[close + '〕'.len_utf8()..].trim_start_matches('第');
    let rest = rest.strip_suffix('号').unwrap_or(rest);
    let serial: u32 = rest.parse().ok().filter(|n| *n > 0)?;
    Some((issuer, year, serial))
}

/// The standard form of a 文号 if it can be recognised, for lookups and search.
pub fn normalise(s: &str) -> Option<String> {
    parts(s).map(|(i, y, n)| format!("{i}〔{y}〕{n}号"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_form_passes() {
        assert!(check("云政发〔2022〕5号").is_ok());
        assert!(check("云政办发〔2024〕112号").is_ok());
    }

    #[test]
    fn common_mistakes_get_the_corrected_form() {
        for bad in [
            "云政发[2022]5号",
            "云政发(2022)5号",
            "云政发（2022）5号",
            "云政发〔2022〕第5号",
            "云政发【2022】05号",
            "云政发〔２０２２〕５号",
            "云政发〔2022〕5",
            "云政发﹝2022﹞5号",
        ] {
            let fix = check(bad).unwrap_err().fix.unwrap();
            assert!(fix.zh.contains("`云政发〔2022〕5号`") && fix.en.contains("`云政发〔2022〕5号`"), "{bad}: {fix:?}");
        }
        assert!(check("关于印发的通知").is_err());
        assert!(check("〔2022〕5号").is_err());
    }
}
