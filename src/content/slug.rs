//! URL segments: the slug rule `[a-z0-9][a-z0-9-]*`, and stable ASCII slugs derived from file names.

use pinyin::ToPinyin;

pub fn is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 120
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// A plain file name (no folders, no `..`, no hidden files), safe to join to an output folder.
pub fn is_safe_file_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with('.')
        && !s.contains(['/', '\\', ':', '\0'])
        && s.chars().all(|c| !c.is_control())
        && !s.ends_with(".md")
}

/// File types an entry may attach or link to. HTML, SVG and scripts are refused: served from
/// the portal's own origin they could run script (stored XSS).
pub const ATTACHMENT_TYPES: &[&str] = &[
    "pdf", "ofd", "doc", "docx", "wps", "odt", "xls", "xlsx", "et", "ods", "csv", "ppt", "pptx", "odp", "txt", "zip",
    "rar", "7z", "png", "jpg", "jpeg", "gif", "webp",
];

/// A file that may be published as an attachment: a safe name with an allowed type.
pub fn is_allowed_attachment(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    is_safe_file_name(name) && ATTACHMENT_TYPES.contains(&ext.as_str())
}

/// The slug of an entry without a `slug` field: its file stem when that fits the rule
/// (for a journal index, the journal folder); otherwise pinyin of the Chinese, lower-cased,
/// hyphen-joined — stable across builds because it depends only on the name.
pub fn from_key(key: &str) -> String {
    let mut parts = key.rsplit('/');
    let file = parts.next().unwrap_or(key);
    let stem =
        if file == "_index.md" { parts.next().unwrap_or("index") } else { file.strip_suffix(".md").unwrap_or(file) };
    derive(stem)
}

pub fn derive(text: &str) -> String {
    if is_valid(text) {
        return text.to_string();
    }
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().to_string());
        }
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
    let mut slug = words.join("-");
    slug.truncate(80);
    let slug = slug.trim_end_matches('-').to_string();
    if is_valid(&slug) {
        slug
    } else {
        format!("entry-{:08x}", fnv1a(text.as_bytes()) as u32)
    }
}

/// Words whose characters read differently together than alone (多音字): the per-character
/// reading gets 重庆 as zhong-qing and 银行 as yin-xing.
const PHRASES: &[(&str, &str)] = &[
    ("重庆", "chong-qing"),
    ("重新", "chong-xin"),
    ("重复", "chong-fu"),
    ("重建", "chong-jian"),
    ("长沙", "chang-sha"),
    ("长春", "chang-chun"),
    ("长江", "chang-jiang"),
    ("长期", "chang-qi"),
    ("长效", "chang-xiao"),
    ("增长", "zeng-zhang"),
    ("成长", "cheng-zhang"),
    ("省长", "sheng-zhang"),
    ("市长", "shi-zhang"),
    ("县长", "xian-zhang"),
    ("区长", "qu-zhang"),
    ("局长", "ju-zhang"),
    ("厅长", "ting-zhang"),
    ("部长", "bu-zhang"),
    ("校长", "xiao-zhang"),
    ("银行", "yin-hang"),
    ("行业", "hang-ye"),
    ("行政", "xing-zheng"),
    ("执行", "zhi-xing"),
    ("厦门", "xia-men"),
    ("大厦", "da-sha"),
    ("调查", "diao-cha"),
    ("调研", "diao-yan"),
    ("调整", "tiao-zheng"),
    ("调解", "tiao-jie"),
    ("会计", "kuai-ji"),
    ("音乐", "yin-yue"),
    ("乐山", "le-shan"),
    ("朝阳", "chao-yang"),
    ("六安", "lu-an"),
    ("蚌埠", "beng-bu"),
    ("单位", "dan-wei"),
    ("还款", "huan-kuan"),
    ("首都", "shou-du"),
];

/// The slug of a new entry's file name: like [`derive()`], but common words with polyphonic
/// characters read as words (`重庆` → `chong-qing`). Only for new files: the slugs of existing
/// entries stay what [`derive()`] made them, so their URLs never change.
pub fn derive_phrased(text: &str) -> String {
    if is_valid(text) {
        return text.to_string();
    }
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            rest = &rest[1..];
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        if let Some((phrase, reading)) = PHRASES.iter().find(|(p, _)| rest.starts_with(p)) {
            words.push((*reading).to_string());
            rest = &rest[phrase.len()..];
            continue;
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().to_string());
        }
        rest = &rest[c.len_utf8()..];
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
    let slug = words.join("-");
    if is_valid(&slug) {
        slug
    } else {
        derive(text)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_stems_are_kept() {
        assert_eq!(from_key("documents/yunzhengfa-2025-3.md"), "yunzhengfa-2025-3");
        assert_eq!(from_key("journals/zhengbao/_index.md"), "zhengbao");
    }

    #[test]
    fn chinese_names_become_pinyin() {
        assert_eq!(from_key("documents/关于优化营商环境的通知.md"), "guan-yu-you-hua-ying-shang-huan-jing-de-tong-zhi");
        assert_eq!(derive("2025年 Report"), "2025-nian-report");
        assert!(is_valid(&derive("！！！")));
    }

    #[test]
    fn unsafe_names() {
        for bad in ["../x.pdf", "/etc/passwd", "a/b.pdf", ".hidden", "x.md", ""] {
            assert!(!is_safe_file_name(bad), "{bad}");
        }
        assert!(is_safe_file_name("附件1-申请表.pdf"));
        assert!(is_allowed_attachment("附件1-申请表.PDF"));
        for bad in ["x.html", "x.svg", "x.js", "index.html", "noext"] {
            assert!(!is_allowed_attachment(bad), "{bad}");
        }
    }
}
