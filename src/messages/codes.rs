//! Every diagnostic code: the stable identifier `check --format json` prints, with a one-line
//! description in both languages (docs/check.md has a row for each; a test keeps them agreed).

use super::Text;

macro_rules! codes {
    ($($variant:ident = $code:literal, $zh:literal, $en:literal;)*) => {
        /// A diagnostic's stable identifier (`missing-field`, `bad-date`, ...).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of docs/check.md.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The identifier scripts see (`missing-field`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// What the code means, in both languages.
            pub fn describe(self) -> Text {
                match self {
                    $(Code::$variant => Text { zh: $zh.to_string(), en: $en.to_string() },)*
                }
            }

            /// The code an identifier names (a build manifest reads its diagnostics back).
            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($code => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    Yaml = "yaml", "元数据（front matter）不是有效的 YAML", "front matter is not valid YAML";
    EmptyFile = "empty-file", "文件是空的", "the file is empty";
    NoFrontMatter = "no-front-matter", "文件开头没有 --- 元数据", "the file does not start with --- front matter";
    UnclosedFrontMatter = "unclosed-front-matter", "元数据缺少结尾的 --- 行", "the front matter has no closing --- line";
    NotUtf8 = "not-utf8", "文件不是 UTF-8 编码", "the file is not UTF-8";
    BadDelimiter = "bad-delimiter", "--- 行用了全角或其他横线", "the --- line is typed with other dashes";
    YamlFullWidthColon = "yaml-full-width-colon", "键名后用了全角冒号或逗号", "a key followed by a full-width colon or comma";
    YamlIndentChar = "yaml-indent-char", "缩进里有制表符、不间断空格或全角空格", "a tab, no-break space or full-width space in the indentation";
    YamlSpaceAfterColon = "yaml-space-after-colon", "冒号后是全角空格或排版空格", "a full-width or typographic space after `key:`";
    YamlColonInValue = "yaml-colon-in-value", "值里有未加引号的“: ”", "an unquoted `: ` inside a value";
    YamlQuote = "yaml-quote", "引号后面还有文字", "a value that goes on after its closing quote";
    YamlUnquotedRef = "yaml-unquoted-ref", "@/ 引用没有加引号", "an `@/` reference written without quotes";
    SmartQuotes = "smart-quotes", "值被中文引号包住", "a value wrapped in typographic quotes";
    ListAsText = "list-as-text", "列表写成了一段用逗号分隔的文字", "a list written as one text with `，`";
    ControlChar = "control-char", "文件里有控制字符", "a control character in the file";
    TooLarge = "too-large", "文件或嵌套过大", "a file or nesting over the limit";
    TooManyFiles = "too-many-files", "文件过多", "too many files";
    MissingField = "missing-field", "缺少必填字段", "a required field is missing";
    EmptyField = "empty-field", "字段是空的", "a field is empty";
    WrongType = "wrong-type", "字段类型不对", "a field has the wrong type";
    BadValue = "bad-value", "字段的值不在允许范围内", "a field's value is not one of the allowed ones";
    UnknownField = "unknown-field", "未知字段", "an unknown field";
    NotAMapping = "not-a-mapping", "应为“键: 值”的映射", "a mapping of `key: value` lines was expected";
    BadDate = "bad-date", "日期格式不对", "a date is not YYYY-MM-DD";
    WrittenAfterDate = "written-after-date", "成文日期晚于发布日期", "`written` is after `date`";
    UpdatedBeforeDate = "updated-before-date", "更新日期早于发布日期", "`updated` is before `date`";
    BadSlug = "bad-slug", "网址名不合规", "a slug that is not a valid URL segment";
    ReservedUrl = "reserved-url", "网址与系统页面冲突", "a URL reserved for a generated page";
    DuplicateUrl = "duplicate-url", "两个条目网址相同", "two entries with one URL";
    BadRef = "bad-ref", "@/ 引用的条目不存在", "an `@/` reference to a missing entry";
    WithheldRef = "withheld-ref", "链接或引用了不公开的条目", "a link or reference to a withheld entry";
    BadValidity = "bad-validity", "有效性前后矛盾", "legal status that contradicts itself";
    BadLock = "bad-lock", "index-numbers.lock 有误", "index-numbers.lock does not parse or repeats a number";
    UnlockedIndexNumber = "unlocked-index-number", "索引号未登记（--locked）", "a 索引号 not in the lock (`--locked`)";
    LockFileGone = "lock-file-gone", "登记的索引号对应的文件已不存在", "a lock entry whose file is gone";
    BadDocNumber = "bad-doc-number", "发文字号格式不规范", "发文字号 not in the standard form";
    DuplicateIndexNumber = "duplicate-index-number", "索引号重复", "a 索引号 used twice";
    DuplicateCode = "duplicate-code", "事项编码重复", "an item code used twice";
    DuplicateIssue = "duplicate-issue", "期刊期号重复", "a journal issue number used twice";
    DuplicateDocNumber = "duplicate-doc-number", "两份文件发文字号相同", "two documents with one 文号";
    BadAttachment = "bad-attachment", "附件路径不合规", "an attachment path that is not allowed";
    MissingAttachment = "missing-attachment", "附件文件不存在", "an attachment file is missing";
    WithheldAttachment = "withheld-attachment", "附件被不公开的条目占用", "an attachment of a withheld entry";
    PromisedOverStatutory = "promised-over-statutory", "承诺时限超过法定时限", "the promised time limit exceeds the statutory one";
    StepsOverPromised = "steps-over-promised", "各环节时限之和超过承诺时限", "the steps take longer than the promised time limit";
    HistoryOrder = "history-order", "变更记录日期顺序不对", "history out of date order";
    BadHistory = "bad-history", "变更记录有误", "a history entry that is not valid";
    OnlineVisits = "online-visits", "可网办但到现场次数不为零", "online service with visits in person";
    FeeBasis = "fee-basis", "收费没有依据", "a fee without its basis";
    HistoryTimeLimit = "history-time-limit", "时限变了但变更记录没写", "a time limit changed without a history entry";
    PeriodSeries = "period-series", "期间与通报系列不符", "a period that does not fit the series";
    BadPeriod = "bad-period", "期间格式不对", "a period that is not valid";
    BadTable = "bad-table", "数据表有误", "a data table that is not valid";
    BadCode = "bad-code", "事项编码不合规", "an item code that is not valid";
    DueBeforeDate = "due-before-date", "完成时限早于发布日期", "`due` before `date`";
    BadPercent = "bad-percent", "进度百分比不在 0–100 之间", "a percent outside 0–100";
    ProgressOrder = "progress-order", "进展日期顺序不对", "progress out of date order";
    ProgressDecrease = "progress-decrease", "进度比上一条低且未说明原因", "a percent lower than the entry before, without a note";
    DoneWithout100 = "done-without-100", "已完成但没有 100% 的进展", "`status: done` without a progress entry at 100";
    MissingPeriod = "missing-period", "有一期通报没有发布", "a bulletin period with no published bulletin";
    BadTarget = "bad-target", "site.yaml 的 targets 有误", "`targets` in site.yaml is not valid";
    BadSynonyms = "bad-synonyms", "site.yaml 的 search.synonyms 有误", "`search.synonyms` in site.yaml is not valid";
    UnknownDepartment = "unknown-department", "发布机构不在 site.yaml 中", "a department not listed in site.yaml";
    TooLong = "too-long", "正文超过该文件类别的长度上限", "the body is over the length limit of its `doc_type`";
    Body = "body", "正文 Markdown 有问题", "a Markdown problem in the body";
    DeadSiteLink = "dead-site-link", "正文链接的站内地址没有对应页面", "a site-path link that no page answers";
    BrokenAnchor = "broken-anchor", "链接的锚点不存在", "a link to a heading that does not exist";
    Pinyin = "pinyin", "正文留有拼音注音", "pinyin annotations left in the body";
    SingleNewlineParagraphs = "single-newline-paragraphs", "段落之间只有一个换行", "paragraphs separated by single line breaks";
    PastedCharacters = "pasted-characters", "有零宽字符、不间断空格或全角空格缩进", "zero-width characters, no-break spaces or U+3000 indents";
    TraditionalScript = "traditional-script", "简体中文网站上的正文是繁体字", "a body in traditional characters on a simplified-Chinese site";
    Mojibake = "mojibake", "有转换中丢失的乱码字符", "characters lost in a conversion";
    ClassifiedFile = "classified-file", "content/ 里有不可公开的文件", "a file that may not be published under content/";
    Misplaced = "misplaced", "Markdown 文件放错了文件夹", "a Markdown file outside the content folders";
    Symlink = "symlink", "content/ 里有符号链接（已忽略）", "a symbolic link under content/ (ignored)";
    Template = "template", "模板出错", "a template failed";
    Io = "io", "读写文件出错", "a file could not be read or written";
    ChangedDuringBuild = "changed-during-build", "文件在生成过程中被修改或删除", "a file changed or was removed during the build";
    Calendar = "calendar", "工作日历出错", "the working-day calendar failed";
    NoSiteYaml = "no-site-yaml", "没有 site.yaml", "there is no site.yaml";
    NoContent = "no-content", "没有 content/ 文件夹", "there is no content/ folder";
    NoOrgCode = "no-org-code", "发布机构没有组织机构代码", "a department without its org_code";
    NoTheme = "no-theme", "主题不存在", "the theme does not exist";
    BadTheme = "bad-theme", "theme 不是主题文件夹名", "`theme` is not a folder name";
    BadMinify = "bad-minify", "minify 的值不对", "`minify` is not `templates` or `full`";
    MinifyFeature = "minify-feature", "这个 gongkai 没有编译 full-minify 功能", "`minify: full` without the `full-minify` feature";
    BadUrl = "bad-url", "网址不是 http(s) 绝对地址", "a URL that is not an absolute http(s) address";
    CalendarFile = "calendar-file", "calendar.yaml 格式不对", "calendar.yaml has the wrong shape";
    CalendarYear = "calendar-year", "calendar.yaml 的年份重复或有缺口", "calendar.yaml repeats or skips a year";
    CalendarEnding = "calendar-ending", "工作日历快到头了", "the working-day calendar ends soon";
}

impl Code {
    /// Whether a problem of this code keeps its file from being read at all (encoding, shape,
    /// YAML): the root cause to show first, since references to the file are skipped.
    pub fn is_root_cause(self) -> bool {
        self.as_str().starts_with("yaml")
            || matches!(
                self,
                Code::NotUtf8
                    | Code::BadDelimiter
                    | Code::NoFrontMatter
                    | Code::UnclosedFrontMatter
                    | Code::EmptyFile
                    | Code::ControlChar
                    | Code::TooLarge
            )
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_described_in_both_languages() {
        for &c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            let d = c.describe();
            assert!(!d.zh.is_empty() && !d.en.is_empty(), "{c}");
            assert!(d.zh.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "{c}: {}", d.zh);
        }
    }

    /// docs/check.md names every code, and names no code that does not exist.
    #[test]
    fn every_code_has_a_row_in_docs_check_md() {
        let doc = include_str!("../../docs/check.md");
        let codes = &doc[doc.find("## Codes").expect("docs/check.md has a Codes section")..];
        let table: Vec<&str> = codes.lines().filter(|l| l.starts_with("| `")).collect();
        for &c in Code::ALL {
            let cell = format!("`{}`", c.as_str());
            assert!(
                table.iter().any(|row| row.split('|').nth(1).is_some_and(|first| first.contains(&cell))),
                "docs/check.md has no row for {cell}"
            );
        }
        for row in &table {
            let first = row.split('|').nth(1).unwrap_or("");
            for name in first.split('`').skip(1).step_by(2) {
                assert!(Code::parse(name).is_some(), "docs/check.md names `{name}`, which is no code");
            }
        }
    }
}
