//! Scaffolding: the new-entry templates of `gongkai new` and the starter site of `gongkai init`.
//!
//! Pure functions from (kind, title, date) to file text; the commands do the writing.

use jiff::civil::Date;

use crate::content::slug;

/// The kinds `gongkai new` can create.
pub const KINDS: &[&str] = &["document", "bulletin", "approval", "issue", "page", "task"];

/// What a new entry is written with besides its kind, title and date: nothing of any sample
/// city, only what the site itself says or the editor passed.
#[derive(Clone, Debug, Default)]
pub struct NewOptions<'a> {
    /// `--department`, else the site's first department.
    pub department: &'a str,
    /// For an issue: the journal folder.
    pub journal: &'a str,
    /// For an issue: the next free number of its journal's year.
    pub number: u32,
    /// `--slug`, else derived from the title.
    pub slug: Option<&'a str>,
}

/// The folder (under `content/`) and file text of a new entry. Every field of the kind is
/// present, commented; `approval.status` is `pending`, so nothing is published until approved.
/// Fields only a person can know (the 文号, the item code, its legal basis) are left empty or
/// commented, never filled with a made-up value.
pub fn new_entry(kind: &str, title: &str, today: Date, o: &NewOptions) -> Option<(String, String)> {
    let slug = o.slug.map_or_else(|| file_slug(title, today), str::to_string);
    let title_yaml = yaml_string(title);
    let department = yaml_string(o.department);
    let journal = o.journal;
    let common = format!(
        "title: {title_yaml}\n\
         date: {today}                 # 发布日期 publish date (YYYY-MM-DD); a later date schedules it\n\
         classification: public          # 公开属性: public (公开, 主动公开) is published; 依申请公开, 不予公开 and 密级 are not\n\
         approval:\n  \
           status: pending               # 审核状态: pending → approved (then fill by/on)\n  \
           # by: 审核人\n  \
           # on: {today}\n\
         department: {department}    # 发布机构 (one of site.yaml departments)\n\
         # slug: {slug}                # URL segment; default: the file name\n\
         # topics: [营商环境]             # 主题分类\n\
         # summary: 一两句话的摘要\n"
    );
    let (folder, extra, body) = match kind {
        "document" => (
            "documents".to_string(),
            format!(
                "# doc_number: 机关代字〔{y}〕序号号   # 发文字号, as on the document\n\
                 # index_number: ...            # 索引号; derived once when missing (index-numbers.lock)\n\
                 written: {today}              # 成文日期 (not after date)\n\
                 doc_type: general               # general | office | speech | letter\n\
                 genre: 通知                      # 决定 意见 通知 通报 公告 通告 函 纪要 …\n\
                 validity: effective             # effective | amended | expired | repealed\n\
                 # validity_date: {today}        # when it was repealed / expired / amended\n\
                 # replaced_by: \"@/documents/other.md\"       # repealed or expired: what replaces it\n\
                 # amended_by: [\"@/documents/other.md\"]     # amended: what amends it\n\
                 # interprets: \"@/documents/policy.md\"   # for a 政策解读\n\
                 # attachments: [附件1.pdf]        # files beside this .md\n",
                y = today.year()
            ),
            "## 一、总体要求\n\n正文。\n",
        ),
        "bulletin" => (
            "bulletins".to_string(),
            format!(
                "series: supervision             # supervision | implementation | statistics | information\n\
                 period: {y}-{m:02}                # 2025-06 (monthly) or 2025-Q2 (quarterly)\n\
                 # table:\n\
                 #   columns: [县区, 增速（%）]\n\
                 #   rank_by: 增速（%）\n\
                 #   rows:\n\
                 #     - [明湖区, 5.6]\n",
                y = today.year(),
                m = today.month()
            ),
            "## 一、总体情况\n\n正文。\n",
        ),
        "approval" => (
            "approvals".to_string(),
            format!(
                "code: \"\"                        # 事项编码 from the item list: fill in (its URL, lower-cased; unique)\n\
                 category: 行政许可\n\
                 level: city                     # city | county\n\
                 legal_basis: []                 # 设定依据: [《…法》第…条]\n\
                 statutory_days: 20              # 法定办结时限 (working days)\n\
                 promised_days: 10               # 承诺办结时限 (≤ statutory)\n\
                 steps:                          # 办理流程 (days add up to ≤ promised)\n  \
                   - {{name: 受理, days: 1}}\n  \
                   - {{name: 审查, days: 7}}\n  \
                   - {{name: 决定, days: 2}}\n\
                 fee: 0                          # 0, or the fee and its basis\n\
                 online: true\n\
                 visits: 0\n\
                 materials: [申请书]\n\
                 status: active                  # active | delegated | cancelled\n\
                 history:\n  \
                   - {{date: {today}, change: added, decision: \"\"}}   # decision: the 文号 that added it\n",
            ),
            "## 受理条件\n\n## 办理地点\n\n## 办理时间\n\n## 咨询电话\n",
        ),
        "issue" => (
            format!("journals/{journal}"),
            format!(
                "year: {}\nnumber: {}                       # 期, unique per journal and year\ncontents: []                    # [\"@/documents/x.md\", ...]\n",
                today.year(),
                o.number.max(1)
            ),
            "编者按。\n",
        ),
        "page" => ("pages".to_string(), String::new(), "正文。\n"),
        "task" => (
            "tasks".to_string(),
            format!(
                "# source: \"@/documents/x.md\"     # 任务来源: a quoted reference, or a text (e.g. {y}年政府工作报告)\n\
                 lead: {department}          # 牵头单位 (one of site.yaml departments)\n\
                 partners: []                    # 配合单位: [单位一, 单位二]\n\
                 due: {y}-12-31                  # 完成期限: the real deadline; 逾期 is derived (not done after it)\n\
                 status: in_progress             # in_progress | done (needs a progress entry at 100) | suspended\n\
                 progress: []                    # 进展, oldest first; percent 0–100; a drop needs a note saying why\n\
                 #   - {{date: {today}, percent: 10, note: 进展情况}}\n",
                y = today.year()
            ),
            "任务内容与工作目标。\n",
        ),
        _ => return None,
    };
    Some((format!("{folder}/{slug}.md"), format!("---\n{common}{extra}---\n{body}")))
}

/// The file name of a new entry: phrase-aware pinyin of its title, at most 60 characters, cut
/// between syllables, never inside one.
pub(crate) fn file_slug(title: &str, today: Date) -> String {
    let mut s = slug::derive_phrased(title);
    if s.len() > 60 {
        let cut = s[..=60].rfind('-').unwrap_or(60);
        s.truncate(cut);
        s = s.trim_end_matches('-').to_string();
    }
    if s.starts_with("entry-") {
        s = format!("{}-{s}", today.strftime("%Y%m%d"));
    }
    s
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The files of a starter site (path relative to the site root, text): the site's own title and
/// department (from `init --title/--department`, else neutral placeholders to replace), one
/// example entry of each kind marked 示例, and no made-up 文号 or decision.
pub fn starter_site(today: Date, title: &str, department: &str) -> Vec<(String, String)> {
    let d = today.to_string();
    let dept = yaml_string(department);
    let approved = |title: &str, extra: &str, body: &str| {
        format!("---\ntitle: {title}\ndate: {d}\nclassification: public\napproval: {{status: approved, by: 审核人, on: {d}}}\ndepartment: {dept}\n{extra}---\n{body}")
    };
    vec![
        (
            "site.yaml".into(),
            format!(
                "title: {}              # 网站名称\nbase_url: https://www.example.gov.cn   # 网站地址: replace\n\
                 org_code: \"000000000000000000\"         # 统一社会信用代码 (prefix of derived 索引号): replace\n\
                 site_id_code: \"0000000000\"            # 政府网站标识码: replace\ndepartments: [{dept}]\n",
                yaml_string(title)
            ),
        ),
        (
            "content/documents/shili-tongzhi.md".into(),
            approved(
                "示例：关于做好政务公开工作的通知",
                &format!("written: {d}\ndoc_type: office\ngenre: 通知\ntopics: [政务公开]\nsummary: 一份示例文件，可以删除。\n"),
                "## 一、总体要求\n\n**注意：**这是一份示例文件，可以删除。\n",
            ),
        ),
        (
            "content/bulletins/shili-tongbao.md".into(),
            approved(
                "示例：督查通报",
                &format!("series: supervision\nperiod: {}-{:02}\ntable:\n  columns: [单位, 办结率（%）]\n  rank_by: 办结率（%）\n  rows:\n    - [甲区, 98.5]\n    - [乙区, 96.0]\n", today.year(), today.month()),
                "正文。\n",
            ),
        ),
        (
            "content/approvals/shili-0001.md".into(),
            approved(
                "示例：行政许可事项",
                &format!("code: SL-XK-0001\ncategory: 行政许可\nlevel: city\nstatutory_days: 20\npromised_days: 5\nsteps:\n  - {{name: 受理, days: 1}}\n  - {{name: 审查决定, days: 4}}\nfee: 0\nonline: true\nvisits: 0\nmaterials: [申请书]\nstatus: active\nhistory:\n  - {{date: {d}, change: added}}\n"),
                "## 受理条件\n\n符合条件的申请人。\n",
            ),
        ),
        ("content/journals/gongbao/_index.md".into(), approved("示例：政府公报", "frequency: monthly\n", "")),
        (
            "content/journals/gongbao/di-1-qi.md".into(),
            approved(&format!("{}年第1期", today.year()), &format!("year: {}\nnumber: 1\ncontents: [\"@/documents/shili-tongzhi.md\"]\n", today.year()), "编者按。\n"),
        ),
        ("content/pages/guide.md".into(), approved("政府信息公开指南", "", "## 一、主动公开\n\n（请按本机关的实际情况填写。）\n")),
        ("content/pages/contact.md".into(), approved("联系我们", "", "（请填写本机关的地址、电话和电子邮箱。）\n")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template() {
        let today: Date = "2026-11-26".parse().unwrap();
        for k in KINDS {
            let o =
                NewOptions { department: "测试市人民政府办公室", journal: "gongbao", number: 3, slug: None };
            let (path, text) = new_entry(k, "关于“测试”的通知", today, &o).unwrap();
            assert!(!text.contains("云") && !text.contains("示例"), "{k}: no sample city's data\n{text}");
            assert!(path.ends_with(".md"), "{path}");
            assert!(text.contains("status: pending"), "{k}");
            let parsed =
                crate::content::parse::parse("x.md", &path, crate::content::parse::kind_of(&path).unwrap(), &text);
            assert!(parsed.gate_problems.is_empty(), "{k}: {:?}", parsed.gate_problems);
            if *k != "approval" {
                assert!(parsed.problems.is_empty(), "{k}: {:?}", parsed.problems.sorted());
            }
        }
    }

    #[test]
    fn slugs_are_cut_between_syllables_and_read_phrases_rightly() {
        let today: Date = "2026-11-26".parse().unwrap();
        let long = file_slug("关于印发云州市进一步精简文件简报切实改进文风会风若干措施的通知", today);
        assert!(long.len() <= 60, "{long}");
        let full = slug::derive_phrased("关于印发云州市进一步精简文件简报切实改进文风会风若干措施的通知");
        assert!(full.starts_with(&long) && full[long.len()..].starts_with('-'), "{long} cuts a syllable of {full}");
        assert_eq!(file_slug("重庆银行行政许可", today), "chong-qing-yin-hang-xing-zheng-xu-ke");
        assert_eq!(file_slug("长沙厦门", today), "chang-sha-xia-men");
    }
}
