//! Messages about reading entries: encodings, the front matter's shape, YAML slips, fields.

use super::{field, tr, Code, Msg, Text};

/// The front matter and body of a file, read as `start the file with ---…`.
fn shape_fix() -> Text {
    tr!(
        "文件第一行写 `---`，接着写各字段（title、date……），再写一行 `---`，然后是正文",
        "start the file with a line `---`, then the fields (title, date, ...), then a line `---`, then the text"
    )
}

pub fn too_large(limit_mib: usize) -> Msg {
    Msg::new(
        Code::TooLarge,
        tr!(
            "文件超过 {limit_mib} MiB，这是一个内容文件的上限",
            "file is larger than {limit_mib} MiB, the limit for a content file"
        ),
    )
    .fix(tr!(
        "拆成几个条目，或把数据作为附件发布",
        "split it into several entries or publish the data as an attachment"
    ))
}

pub fn control_char(c: char) -> Msg {
    let u = format!("U+{:04X}", c as u32);
    Msg::new(Code::ControlChar, tr!("文件里有控制字符 {u}", "file contains the control character {u}")).fix(tr!(
        "删掉它（常见于从 Word 或 PDF 复制的文字）",
        "delete it (it often comes from copying out of Word or a PDF)"
    ))
}

/// `found` is the encoding's name in both languages; `iconv` the `iconv -f` name, when a
/// conversion cannot garble the text.
pub fn not_utf8(path: &str, found: &Text, iconv: Option<&str>) -> Msg {
    let save_as = tr!(
        "用编辑器打开，另存为 UTF-8（记事本：文件 → 另存为 → 编码选 UTF-8；WPS：另存为 → 纯文本 → UTF-8；VS Code：点状态栏的编码 → 通过编码保存 → UTF-8）",
        "open it in your editor and save it as UTF-8 (Notepad/记事本: 文件 → 另存为 → 编码: UTF-8; \
         WPS: 另存为 → 纯文本 → UTF-8; VS Code: the encoding in the status bar → Save with Encoding → UTF-8)"
    );
    let (sz, se) = (&save_as.zh, &save_as.en);
    let fix = match iconv {
        Some(from) => tr!(
            "转换：`iconv -f {from} -t UTF-8 '{path}' > converted.md`，再用 converted.md 替换原文件；或者{sz}",
            "convert it: `iconv -f {from} -t UTF-8 '{path}' > converted.md` and put converted.md in its place, or {se}"
        ),
        None => tr!(
            "{sz}；之后核对文字：这个文件没有安全的自动转换办法",
            "{se}; check the text afterwards: no automatic conversion is safe for this file"
        ),
    };
    let (fz, fe) = (&found.zh, &found.en);
    Msg::new(Code::NotUtf8, tr!("文件不是 UTF-8 编码，看起来是 {fz}", "file is not UTF-8: it looks like {fe}")).fix(fix)
}

pub fn empty_file() -> Msg {
    Msg::new(Code::EmptyFile, tr!("文件是空的", "file is empty")).fix(shape_fix())
}

pub fn no_front_matter() -> Msg {
    Msg::new(
        Code::NoFrontMatter,
        tr!("文件开头不是元数据（一行 `---`）", "file does not start with front matter (a line `---`)"),
    )
    .fix(shape_fix())
}

pub fn unclosed_front_matter() -> Msg {
    Msg::new(Code::UnclosedFrontMatter, tr!("元数据没有结束", "front matter is never closed"))
        .fix(tr!("在最后一个字段后加一行 `---`", "add a line `---` after the last field"))
}

pub fn bad_delimiter(seen: &str) -> Msg {
    Msg::new(
        Code::BadDelimiter,
        tr!(
            "元数据的分隔行必须是三个英文连字符 `---`，不能是 {seen}",
            "the front matter's dividing line must be three ASCII hyphens `---`, not {seen}"
        ),
    )
    .fix(tr!(
        "切换到英文输入法，用减号键输入 `---`，或运行 `gongkai fix --write`",
        "type `---` with the hyphen key (switch the input method to English), or run `gongkai fix --write`"
    ))
}

pub fn no_content() -> Msg {
    Msg::new(Code::NoContent, tr!("没有 content/ 文件夹", "there is no content/ folder")).fix(tr!(
        "建立 content/documents/ 并放入 Markdown 文件，或运行 `gongkai init <文件夹>`",
        "create content/documents/ and add Markdown files, or run `gongkai init <dir>`"
    ))
}

pub fn unreadable_entry() -> Msg {
    Msg::new(Code::Io, tr!("无法读取这个文件夹或文件", "cannot read this folder or file"))
        .fix(tr!("检查它的读写权限", "check its permissions"))
}

pub fn unreadable_file(e: &std::io::Error) -> Msg {
    Msg::new(Code::Io, tr!("无法读取文件：{e}", "cannot read the file: {e}"))
}

/// A file the loader left on disk (a large site) is no longer the one the gate judged when the
/// body pass reads it again: `gone` when it could not be read at all.
pub fn changed_during_build(gone: Option<&std::io::Error>) -> Msg {
    let text = match gone {
        None => tr!(
            "文件在生成过程中被修改了：修改后的内容没有经过检查，本次生成不发布任何内容，网站保持原样",
            "the file was modified during the build: its new text was not checked, so this build \
             publishes nothing and the site stays as it was"
        ),
        Some(e) => tr!(
            "文件在生成过程中被删除或无法再读取（{e}）：本次生成不发布任何内容，网站保持原样",
            "the file was removed or could no longer be read during the build ({e}): this build \
             publishes nothing and the site stays as it was"
        ),
    };
    Msg::new(Code::ChangedDuringBuild, text)
        .fix(tr!("保存好所有修改后，请重新生成", "build again once every edit is saved"))
}

pub fn symlink() -> Msg {
    Msg::new(
        Code::Symlink,
        tr!(
            "content/ 下的符号链接会被忽略（gongkai 从不读取 content/ 以外的文件）",
            "symbolic links under content/ are ignored (nothing outside content/ is ever read)"
        ),
    )
}

pub fn too_many_files(max: usize) -> Msg {
    Msg::new(Code::TooManyFiles, tr!("content/ 里的文件超过 {max} 个", "content/ holds more than {max} files"))
        .fix(tr!("把门户拆开，或删掉多余的文件", "split the portal or remove stray files"))
}

pub fn misplaced() -> Msg {
    Msg::new(
        Code::Misplaced,
        tr!(
            "这个 Markdown 文件不在 gongkai 认识的内容文件夹里",
            "this Markdown file is not in a content folder gongkai knows"
        ),
    )
    .fix(tr!(
        "Markdown 文件应放在 content/documents/、bulletins/、approvals/、pages/、tasks/ 或 journals/<期刊>/ 里",
        "Markdown files belong in content/documents/, bulletins/, approvals/, pages/, tasks/ or journals/<journal>/"
    ))
}

/// What a YAML value is, for "must be text, found …".
/// What a YAML value is, for "must be text, found …" (`crate::yaml::Node::found`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Nothing,
    TrueFalse,
    Number,
    Text,
    List,
    Mapping,
}

pub fn found(what: Found) -> Text {
    match what {
        Found::Nothing => tr!("空值", "nothing"),
        Found::TrueFalse => tr!("真假值", "a true/false value"),
        Found::Number => tr!("数字", "a number"),
        Found::Text => tr!("文字", "text"),
        Found::List => tr!("列表", "a list"),
        Found::Mapping => tr!("映射", "a mapping"),
    }
}

/// `what` is `None` for the front matter itself, else the mapping's key.
pub fn not_a_mapping(what: Option<&str>, found_as: &Text) -> Msg {
    let (fz, fe) = (&found_as.zh, &found_as.en);
    let text = match what {
        None => tr!(
            "元数据必须是若干行“键: 值”，这里是{fz}",
            "front matter must be a mapping of `key: value` lines, found {fe}"
        ),
        Some(k) => {
            let f = field(k);
            let (z, e) = (&f.zh, &f.en);
            tr!("{z} 必须是若干行“键: 值”，这里是{fz}", "{e} must be a mapping of `key: value` lines, found {fe}")
        }
    };
    Msg::new(Code::NotAMapping, text)
}

pub fn missing_field(name: &str, key: &str, example: &str) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    Msg::new(Code::MissingField, tr!("缺少必填字段 {z}", "missing required field {e}"))
        .fix(tr!("加一行 `{key}: {example}`", "add a line `{key}: {example}`"))
}

pub fn smart_quotes(name: &str, key: &str, inner: &str) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::SmartQuotes,
        tr!(
            "{z} 的值被中文引号包住，引号会成为值的一部分",
            "the value of {e} is wrapped in Chinese quotes, which become part of it"
        ),
    )
    .fix(tr!(
        "去掉引号：`{key}: {inner}`（值需要加引号时用英文引号 \" \"）",
        "remove them: `{key}: {inner}` (use ASCII quotes \" \" when a value needs quoting)"
    ))
}

pub fn empty_field(name: &str) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    Msg::new(Code::EmptyField, tr!("{z} 是空的", "{e} is empty"))
        .fix(tr!("在冒号后写上值", "write a value after the colon"))
}

/// What a field must be, for [`wrong_type`].
#[derive(Clone, Copy, Debug)]
pub enum Expected {
    Text,
    WholeNumber,
    TrueFalse,
    List,
    /// A list of mappings (`steps`, `history`): no `[a, b]` example.
    MapList,
    ListItemText,
}

pub fn wrong_type(name: &str, key: &str, expected: Expected, found_as: &Text) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    let (fz, fe) = (&found_as.zh, &found_as.en);
    let text = match expected {
        Expected::Text => tr!("{z} 必须是文字，这里是{fz}", "{e} must be text, found {fe}"),
        Expected::WholeNumber => {
            tr!("{z} 必须是整数（0 或更大），这里是{fz}", "{e} must be a whole number (0 or more), found {fe}")
        }
        Expected::TrueFalse => tr!("{z} 必须是 true 或 false，这里是{fz}", "{e} must be true or false, found {fe}"),
        Expected::List | Expected::MapList => tr!("{z} 必须是列表，这里是{fz}", "{e} must be a list, found {fe}"),
        Expected::ListItemText => tr!("{z} 的每一项必须是文字，这里是{fz}", "items of {e} must be text, found {fe}"),
    };
    let msg = Msg::new(Code::WrongType, text);
    match expected {
        Expected::List => msg.fix(tr!("写成 `{key}: [甲, 乙]`", "write `{key}: [a, b]`")),
        _ => msg,
    }
}

/// Why a date did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not `YYYY-MM-DD` at all (the value, cut to 40 characters).
    Shape(String),
    /// `2022-02-30`.
    NotReal(String),
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().shown())
    }
}

impl DateProblem {
    pub fn text(&self) -> Text {
        match self {
            DateProblem::Shape(v) => {
                tr!("'{v}' 不是 YYYY-MM-DD 格式的日期", "'{v}' is not a date in the form YYYY-MM-DD")
            }
            DateProblem::NotReal(v) => tr!("{v} 不是日历上真实存在的日期", "{v} is not a real calendar date"),
        }
    }
}

/// `derived` is the date the value most likely means (`2025/6/1` → `2025-06-01`).
pub fn bad_date(name: &str, key: &str, why: &DateProblem, derived: Option<String>) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    let w = why.text();
    let (wz, we) = (&w.zh, &w.en);
    let fix = match derived {
        Some(d) => tr!("写成 `{key}: {d}`", "write `{key}: {d}`"),
        None => tr!("写成真实的日期 YYYY-MM-DD，例如 2025-01-31", "write a real date as YYYY-MM-DD, e.g. 2025-01-31"),
    };
    Msg::new(Code::BadDate, tr!("{z}：{wz}", "{e}: {we}")).fix(fix)
}

pub fn list_as_text(name: &str, key: &str, text: &str, sep: char, parts: &[&str]) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    let items = parts.join(", ");
    Msg::new(
        Code::ListAsText,
        tr!(
            "{z} 是列表，但 `{text}` 写成了用 `{sep}` 分隔的一项",
            "{e} is a list, but `{text}` is written as one item separated by `{sep}`"
        ),
    )
    .fix(tr!("写成 `{key}: [{items}]`", "write `{key}: [{items}]`"))
}

pub fn bad_choice(name: &str, allowed: &[&str], guess: Option<&str>) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    let (lz, le) = (allowed.join("、"), allowed.join(", "));
    let fix = match guess {
        Some(g) => tr!("是不是想写 `{g}`？请用所列的值之一", "did you mean `{g}`? use one of the listed values"),
        None => tr!("请用所列的值之一", "use one of the listed values"),
    };
    Msg::new(Code::BadValue, tr!("{z} 只能是以下之一：{lz}", "{e} must be one of {le}")).fix(fix)
}

/// `prefix` is the mapping's (`approval.`), `suggestion` the real key a near miss means.
pub fn unknown_field(prefix: &str, key: &str, suggestion: Option<&str>, known: &[&str]) -> Msg {
    let name = format!("{prefix}{key}");
    let fix = match suggestion {
        Some(s) => {
            let f = field(&format!("{prefix}{s}"));
            let (z, e) = (&f.zh, &f.en);
            tr!("是不是想写 {z}？", "did you mean {e}?")
        }
        None => {
            let (lz, le) = (known.join("、"), known.join(", "));
            tr!("删掉它；这里可用的字段有：{lz}", "remove it; the fields here are: {le}")
        }
    };
    Msg::new(Code::UnknownField, tr!("未知字段 `{name}`", "unknown field `{name}`")).fix(fix)
}

/// `message` is the parser's problem as [`yaml_syntax`] words it.
pub fn yaml(message: &Text) -> Msg {
    Msg::new(Code::Yaml, message.clone())
        .fix(tr!("检查元数据的缩进和引号", "check the indentation and quoting of the front matter"))
}

pub fn yaml_too_large(kib: usize) -> Text {
    tr!("元数据超过 {kib} KiB", "front matter is larger than {kib} KiB")
}

pub fn bad_slug() -> Msg {
    let f = field("slug");
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::BadSlug,
        tr!(
            "{z} 只能用小写字母 a-z、数字和连字符，并以字母或数字开头",
            "{e} may contain only lower-case letters a-z, digits and hyphens, and must start with a letter or digit"
        ),
    )
    .fix(tr!("例如 `slug: youhua-yingshang-huanjing`", "e.g. `slug: youhua-yingshang-huanjing`"))
}

pub fn updated_before_date(updated: &str, date: &str) -> Msg {
    let (u, d) = (field("updated"), field("date"));
    let (uz, ue, dz, de) = (&u.zh, &u.en, &d.zh, &d.en);
    Msg::new(
        Code::UpdatedBeforeDate,
        tr!("{uz}（{updated}）早于{dz}（{date}）", "{ue} ({updated}) is before the publish {de} ({date})"),
    )
    .fix(tr!("`updated` 是发布后最后一次修改的日期", "`updated` is the date of the last change after publication"))
}

pub fn written_after_date(written: &str, date: &str) -> Msg {
    let (w, d) = (field("written"), field("date"));
    let (wz, we, dz, de) = (&w.zh, &w.en, &d.zh, &d.en);
    Msg::new(
        Code::WrittenAfterDate,
        tr!("{wz}（{written}）晚于{dz}（{date}）", "{we} ({written}) is after the publish {de} ({date})"),
    )
    .fix(tr!("文件成文在发布之日或之前", "a document is written (成文) on or before it is published"))
}

pub fn ref_not_quoted(name: &str) -> Msg {
    let f = field(name);
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::WrongType,
        tr!(
            "{z} 必须是加引号的引用，例如 \"@/documents/x.md\"",
            "{e} must be a quoted reference like \"@/documents/x.md\""
        ),
    )
}

/// Why an `@/` reference cannot be read, for [`bad_ref_syntax`] and body links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefSyntax {
    NotARef(String),
    BadSegments,
    NotMarkdown,
}

impl RefSyntax {
    pub fn text(&self) -> Text {
        match self {
            RefSyntax::NotARef(v) => tr!("'{v}' 不是 @/ 引用", "'{v}' is not an @/ reference"),
            RefSyntax::BadSegments => {
                tr!("引用里不能有空段、`.` 或 `..`", "a reference may not contain empty, `.` or `..` segments")
            }
            RefSyntax::NotMarkdown => tr!("引用必须指向 .md 文件", "a reference must name a .md file"),
        }
    }
}

pub fn bad_ref_syntax(name: &str, why: &RefSyntax) -> Msg {
    let f = field(name);
    let w = why.text();
    let (z, e, wz, we) = (&f.zh, &f.en, &w.zh, &w.en);
    Msg::new(Code::BadRef, tr!("{z}：{wz}", "{e}: {we}")).fix(tr!(
        "写成 \"@/documents/<文件名>.md\"，即目标在 content/ 下的路径",
        "write it as \"@/documents/<file>.md\", the path of the target under content/"
    ))
}

pub fn validity_date_before_written(vdate: &str, written: &str) -> Msg {
    let (v, w) = (field("validity_date"), field("written"));
    let (vz, ve, wz, we) = (&v.zh, &v.en, &w.zh, &w.en);
    Msg::new(Code::BadValidity, tr!("{vz} {vdate} 早于{wz} {written}", "{ve} {vdate} is before {we} {written}")).fix(
        tr!(
            "文件不可能在成文之前就废止、失效或被修改：请改正日期",
            "a document cannot be repealed, expire or be amended before it was written: correct the date"
        ),
    )
}

/// `label` is the document's validity as citizens read it (`现行有效`).
pub fn replaced_by_on_effective(label: &str) -> Msg {
    Msg::new(
        Code::BadValidity,
        tr!(
            "`replaced_by`（替代文件）只用于已废止或已失效的文件，而这份文件是{label}",
            "`replaced_by` is for a repealed or expired document, and this one is {label}"
        ),
    )
    .fix(tr!(
        "写 `validity: repealed`（或 `expired`）和 `validity_date`，或把修改它的文件写在 `amended_by` 下",
        "set `validity: repealed` (or `expired`) and `validity_date`, or list an amending document under `amended_by`"
    ))
}

pub fn replaced_by_on_amended() -> Msg {
    Msg::new(
        Code::BadValidity,
        tr!(
            "已修改文件的 `replaced_by` 按 `amended_by`（修改文件）处理：被修改的文件仍然有效",
            "`replaced_by` on an amended document is read as `amended_by`: an amended document stays in force"
        ),
    )
    .fix(tr!(
        "把修改它的文件写成 `amended_by: [\"@/documents/….md\"]`",
        "write the amending document under `amended_by: [\"@/documents/….md\"]` instead"
    ))
}

pub fn amended_by_on_effective() -> Msg {
    Msg::new(
        Code::BadValidity,
        tr!(
            "`amended_by`（修改文件）列了修改它的文件，但 `validity` 是现行有效",
            "`amended_by` lists amending documents, but `validity` is effective"
        ),
    )
    .fix(tr!("写 `validity: amended`（和 `validity_date`）", "set `validity: amended` (and `validity_date`)"))
}

pub fn bad_genre(genres: &[&str]) -> Msg {
    let f = field("genre");
    let (z, e) = (&f.zh, &f.en);
    let all = genres.join("、");
    Msg::new(Code::BadValue, tr!("{z} 必须是 15 种公文文种之一：{all}", "{e} must be one of the 15 公文 types: {all}"))
}

pub fn attachment_not_plain() -> Msg {
    Msg::new(
        Code::BadAttachment,
        tr!(
            "附件必须是与 .md 文件放在一起的文件名（不能有文件夹或 `..`）",
            "an attachment must be a plain file name beside the .md file (no folders, no `..`)"
        ),
    )
    .fix(tr!("把文件挪到文件旁边，只写文件名", "move the file next to the document and list only its name"))
}

pub fn attachment_type(allowed: &[&str]) -> Msg {
    let list = allowed.join(", ");
    Msg::new(
        Code::BadAttachment,
        tr!("这种文件类型不能作为附件发布", "this file type may not be published as an attachment"),
    )
    .fix(tr!("允许的类型：{list}", "allowed types: {list}"))
}

/// 发文字号 problems; `canonical` is the corrected form when it can be told.
pub fn doc_number_no_issuer() -> Msg {
    Msg::new(Code::BadDocNumber, tr!("发文字号在年份前没有机关代字", "发文字号 has no issuer code before the year"))
        .fix(tr!("写成 `云政发〔2022〕5号` 这样", "write it like `云政发〔2022〕5号`"))
}

pub fn doc_number_form(s: &str, canonical: &str) -> Msg {
    Msg::new(Code::BadDocNumber, tr!("发文字号 '{s}' 不是规范写法", "发文字号 '{s}' is not in the standard form")).fix(
        tr!(
            "写成 `{canonical}`（年份用六角括号〔〕，序号不加“第”、不编虚位，以“号”结尾）",
            "write `{canonical}` (year in 六角括号 〔〕, serial without 第 or leading zeros, ending in 号)"
        ),
    )
}

pub fn doc_number_unreadable(s: &str) -> Msg {
    Msg::new(
        Code::BadDocNumber,
        tr!(
            "发文字号 '{s}' 不是“机关代字〔年份〕序号号”的格式",
            "发文字号 '{s}' is not in the form issuer〔year〕serial号"
        ),
    )
    .fix(tr!("写成 `云政发〔2022〕5号` 这样", "write it like `云政发〔2022〕5号`"))
}

/// Whitespace that looks like a space but is not one to YAML, named.
pub fn odd_space(c: char) -> Option<Text> {
    Some(match c {
        '\t' => tr!("制表符（Tab）", "a tab"),
        '\u{a0}' => tr!("不间断空格（U+00A0，来自网页或 Word）", "a no-break space (U+00A0, from a web page or Word)"),
        '\u{3000}' => tr!("全角空格（U+3000）", "a full-width space (U+3000, 全角空格)"),
        '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => tr!("排版用空格", "a typographic space"),
        _ => return None,
    })
}

pub fn yaml_indent_char(name: &Text) -> Msg {
    let (nz, ne) = (&name.zh, &name.en);
    Msg::new(
        Code::YamlIndentChar,
        tr!(
            "缩进里有{nz}；YAML 只能用普通空格缩进",
            "the indentation contains {ne}; YAML indents with ordinary spaces only"
        ),
    )
    .fix(tr!(
        "换成普通空格（或对这个文件运行 `gongkai fix --write`）",
        "replace it with ordinary spaces (or run `gongkai fix --write` on the file)"
    ))
}

/// `sep` is `：` or `，`.
pub fn yaml_full_width_colon(key: &str, sep: char, value: &str) -> Msg {
    let name = if sep == '，' {
        tr!("全角逗号 `，`", "a full-width comma `，` (全角逗号)")
    } else {
        tr!("全角冒号 `：`", "a full-width colon `：` (全角冒号)")
    };
    let (nz, ne) = (&name.zh, &name.en);
    Msg::new(
        Code::YamlFullWidthColon,
        tr!(
            "`{key}` 后面是{nz}；字段名后要用英文冒号加一个空格",
            "`{key}` is followed by {ne}; YAML needs an ASCII colon and a space after a field name"
        ),
    )
    .fix(tr!("写成 `{key}: {value}`", "write `{key}: {value}`"))
}

pub fn yaml_space_after_colon(key: &str, name: &Text, value: &str) -> Msg {
    let (nz, ne) = (&name.zh, &name.en);
    Msg::new(
        Code::YamlSpaceAfterColon,
        tr!(
            "`{key}:` 后面是{nz}；冒号后要用普通空格",
            "`{key}:` is followed by {ne}; YAML needs an ordinary space after the colon"
        ),
    )
    .fix(tr!("写成 `{key}: {value}`", "write `{key}: {value}`"))
}

pub fn yaml_quote(key: &str, q: char, requoted: &str) -> Msg {
    Msg::new(
        Code::YamlQuote,
        tr!(
            "`{key}` 的值以引号开头，YAML 会在下一个 `{q}` 处结束这个值，但后面还有文字",
            "the value of `{key}` starts with a quote, so YAML ends the value at the next `{q}`, but more text follows it"
        ),
    )
    .fix(tr!("把整个值放进另一种引号：`{key}: {requoted}`", "put the whole value in the other kind of quotes: `{key}: {requoted}`"))
}

pub fn yaml_unquoted_refs(key: &str, refs: &[String]) -> Msg {
    let list = refs.join(", ");
    Msg::new(
        Code::YamlUnquotedRef,
        tr!(
            "`{key}` 里的 `@/` 引用没有加引号；YAML 读不了以 `@` 开头的值",
            "the `@/` references in `{key}` are not in quotes; YAML cannot read a value that starts with `@`"
        ),
    )
    .fix(tr!("写成 `{key}: [{list}]`", "write `{key}: [{list}]`"))
}

/// `key` is `None` for a list item (`- @/…`).
pub fn yaml_unquoted_ref(key: Option<&str>, r: &str) -> Msg {
    let line = match key {
        Some(k) => format!("{k}: \"{r}\""),
        None => format!("- \"{r}\""),
    };
    Msg::new(
        Code::YamlUnquotedRef,
        tr!(
            "`@/` 引用没有加引号；YAML 读不了以 `@` 开头的值",
            "an `@/` reference is not in quotes; YAML cannot read a value that starts with `@`"
        ),
    )
    .fix(tr!("写成 `{line}`", "write `{line}`"))
}

pub fn yaml_colon_in_value(key: &str, requoted: &str) -> Msg {
    Msg::new(
        Code::YamlColonInValue,
        tr!(
            "`{key}` 的值里有 `: `，YAML 会把它当作另一个字段的开始",
            "the value of `{key}` contains `: `, which YAML reads as the start of another field"
        ),
    )
    .fix(tr!("给值加上引号：`{key}: {requoted}`", "put the value in quotes: `{key}: {requoted}`"))
}

pub fn bad_period(value: &str) -> Msg {
    let f = field("period");
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::BadPeriod,
        tr!("{z} '{value}' 既不是月份也不是季度", "{e} '{value}' is neither a month nor a quarter"),
    )
    .fix(tr!(
        "写成 `period: 2025-03`（月度）或 `period: 2025-Q1`（季度）",
        "write `period: 2025-03` (monthly) or `period: 2025-Q1` (quarterly)"
    ))
}

pub fn period_series(series: &str, monthly: bool) -> Msg {
    let text = if monthly {
        tr!("{series} 通报按月发布：写成 `period: 2025-03`", "{series} bulletins are monthly: write `period: 2025-03`")
    } else {
        tr!(
            "{series} 通报按季度发布：写成 `period: 2025-Q1`",
            "{series} bulletins are quarterly: write `period: 2025-Q1`"
        )
    };
    Msg::new(Code::PeriodSeries, text)
}

pub fn table_no_columns() -> Msg {
    Msg::new(Code::BadTable, tr!("`table.columns` 必须列出各列的名称", "`table.columns` must list the column names"))
        .fix(tr!("例如 `columns: [县区, 增速（%）]`", "e.g. `columns: [县区, 增速（%）]`"))
}

pub fn table_row_cells(row: usize, cells: usize, columns: usize) -> Msg {
    Msg::new(
        Code::BadTable,
        tr!(
            "第 {row} 行有 {cells} 个值，但表有 {columns} 列",
            "row {row} has {cells} cells but there are {columns} columns"
        ),
    )
    .fix(tr!("每列一个值，按列的顺序写", "give one value per column, in column order"))
}

pub fn table_row_column(row: usize, column: &str, guess: Option<&str>) -> Msg {
    let m = Msg::new(
        Code::BadTable,
        tr!(
            "第 {row} 行写了列 `{column}`，但 `columns` 里没有这一列",
            "row {row} names the column `{column}`, which is not in `columns`"
        ),
    );
    match guess {
        Some(g) => m.fix(tr!("是不是想写 `{g}`？", "did you mean `{g}`?")),
        None => m,
    }
}

pub fn table_row_shape(row: usize) -> Msg {
    Msg::new(
        Code::BadTable,
        tr!(
            "第 {row} 行必须是值的列表，或“列名: 值”的映射",
            "row {row} must be a list of values or a mapping from column to value"
        ),
    )
}

pub fn table_rank_by(value: &str, columns: &[String]) -> Msg {
    let (lz, le) = (columns.join("、"), columns.join(", "));
    Msg::new(
        Code::BadTable,
        tr!("`table.rank_by` '{value}' 不是表中的列", "`table.rank_by` '{value}' is not one of the columns"),
    )
    .fix(tr!("用这些列之一：{lz}", "use one of: {le}"))
}

pub fn table_rank_not_number(row: usize, column: &str, value: &str) -> Msg {
    Msg::new(
        Code::BadTable,
        tr!(
            "第 {row} 行：`{column}` 是 '{value}'，不是数字，无法排名",
            "row {row}: `{column}` is '{value}', not a number, so it cannot be ranked"
        ),
    )
    .fix(tr!(
        "按公布的数字写（如 5.6 或 5.6%），或删掉 `rank_by`",
        "write the number as published (e.g. 5.6 or 5.6%), or remove `rank_by`"
    ))
}

pub fn bad_code(value: &str) -> Msg {
    let f = field("code");
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::BadCode,
        tr!("{z} '{value}' 只能含字母、数字和连字符", "{e} '{value}' may contain only letters, digits and hyphens"),
    )
    .fix(tr!("例如 `code: YZ-XK-0001`", "e.g. `code: YZ-XK-0001`"))
}

pub fn promised_over_statutory(promised: u32, statutory: u32) -> Msg {
    let (p, s) = (field("promised_days"), field("statutory_days"));
    let (pz, pe, sz, se) = (&p.zh, &p.en, &s.zh, &s.en);
    Msg::new(
        Code::PromisedOverStatutory,
        tr!(
            "{pz}（{promised} 个工作日）超过{sz}（{statutory} 个工作日）",
            "{pe} ({promised}) is more than {se} ({statutory})"
        ),
    )
    .fix(tr!("承诺时限不能超过法定时限", "the promised time limit must be at most the statutory one"))
}

pub fn steps_over_promised(total: u32, promised: u32) -> Msg {
    let p = field("promised_days");
    let (pz, pe) = (&p.zh, &p.en);
    Msg::new(
        Code::StepsOverPromised,
        tr!(
            "各环节共需 {total} 个工作日，超过{pz}（{promised}）",
            "the steps take {total} working days in all, more than {pe} ({promised})"
        ),
    )
    .fix(tr!("缩短环节时限，或改正承诺时限", "shorten the steps or correct the promised time limit"))
}

pub fn bad_fee() -> Msg {
    let f = field("fee");
    let (z, e) = (&f.zh, &f.en);
    Msg::new(
        Code::WrongType,
        tr!("{z} 必须是 0，或写明收费金额和依据的文字", "{e} must be 0 or a text giving the fee and its basis"),
    )
}

pub fn fee_basis(text: &str) -> Msg {
    Msg::new(
        Code::FeeBasis,
        tr!(
            "收费（{text}）没有写明依据；例如写 `按《…收费标准》每件50元`",
            "a fee is charged ({text}) but its basis is not given; write e.g. `按《…收费标准》每件50元`"
        ),
    )
}

pub fn online_visits(visits: u32) -> Msg {
    Msg::new(
        Code::OnlineVisits,
        tr!(
            "事项可全程网办（`online: true`），却需要到现场 {visits} 次",
            "the item is fully online (`online: true`) but needs {visits} visit(s)"
        ),
    )
}

pub fn history_order(date: &str, prev: &str) -> Msg {
    Msg::new(
        Code::HistoryOrder,
        tr!("{date} 的变更记录排在 {prev} 的后面", "history entry of {date} comes after one of {prev}"),
    )
    .fix(tr!("变更记录按日期从早到晚排列", "list the history in date order, oldest first"))
}

pub fn history_time_limit(to: &str, promised: u32) -> Msg {
    Msg::new(
        Code::HistoryTimeLimit,
        tr!(
            "最后一次时限变更定为 {to} 天，但 `promised_days`（承诺办结时限）是 {promised}",
            "the last time-limit change sets {to} days but `promised_days` is {promised}"
        ),
    )
}

/// `change` is the change's key (`added`), `name` the field (`from`, `to`).
pub fn history_needs_none(change: &str, name: &str) -> Msg {
    Msg::new(Code::BadHistory, tr!("`{change}` 类变更没有 `{name}`", "a `{change}` change has no `{name}`"))
        .fix(tr!("删掉 `{name}`", "remove `{name}`"))
}

pub fn history_not_number(change: &str, name: &str) -> Msg {
    Msg::new(
        Code::BadHistory,
        tr!("`{change}` 类变更的 `{name}` 必须是数字", "`{name}` of a `{change}` change must be a number"),
    )
    .fix(tr!("写工作日天数", "write the number of working days"))
}

pub fn history_needs(change: &str, name: &str) -> Msg {
    Msg::new(Code::BadHistory, tr!("`{change}` 类变更需要 `{name}`", "a `{change}` change needs `{name}`"))
        .fix(tr!("加上 `{name}:`，写变更前/后的值", "add `{name}:` with the value before/after the change"))
}

pub fn implausible_year(year: u32) -> Msg {
    let f = field("year");
    let (z, e) = (&f.zh, &f.en);
    Msg::new(Code::BadValue, tr!("{z} {year} 不像是真实的年份", "{e} {year} is not a plausible year"))
}

pub fn due_before_date(due: &str, date: &str) -> Msg {
    let (u, d) = (field("due"), field("date"));
    let (uz, ue, dz, de) = (&u.zh, &u.en, &d.zh, &d.en);
    Msg::new(
        Code::DueBeforeDate,
        tr!("{uz}（{due}）早于{dz}（{date}）", "{ue} ({due}) is before the publish {de} ({date})"),
    )
    .fix(tr!(
        "任务的完成时限不能早于发布日期：改正 `due` 或 `date`",
        "a task is due on or after the day it is published; correct `due` or `date`"
    ))
}

pub fn done_without_100() -> Msg {
    Msg::new(
        Code::DoneWithout100,
        tr!("`status`（状态）是已完成，但没有一条 `progress`（进展）达到 100", "`status` is done but no `progress` entry reaches 100"),
    )
    .fix(tr!(
        "加上完成的那一条，例如 `- {{date: 2025-12-20, percent: 100, note: 已完成}}`，或改成 `status: in_progress`",
        "add the completing entry, e.g. `- {{date: 2025-12-20, percent: 100, note: 已完成}}`, or set `status: in_progress`"
    ))
}

pub fn percent_out_of_range(value: i64) -> Msg {
    Msg::new(
        Code::BadPercent,
        tr!("`progress[].percent` 是 {value}，不在 0–100 之间", "`progress[].percent` is {value}, outside 0–100"),
    )
    .fix(tr!(
        "写完成的比例，0 到 100 的整数，不带 %",
        "write the share completed as a whole number from 0 to 100, without %"
    ))
}

pub fn percent_not_number(found_as: &Text) -> Msg {
    let (fz, fe) = (&found_as.zh, &found_as.en);
    Msg::new(
        Code::BadPercent,
        tr!(
            "`progress[].percent` 必须是 0 到 100 的整数，这里是{fz}",
            "`progress[].percent` must be a whole number from 0 to 100, found {fe}"
        ),
    )
    .fix(tr!("写成 `percent: 60` 这样（不带 % 号）", "write e.g. `percent: 60` (no % sign)"))
}

pub fn progress_order(date: &str, prev: &str) -> Msg {
    Msg::new(
        Code::ProgressOrder,
        tr!("{date} 的进展排在 {prev} 的后面", "progress entry of {date} comes after one of {prev}"),
    )
    .fix(tr!("进展按日期从早到晚排列", "list the progress in date order, oldest first"))
}

pub fn progress_decrease(from: u8, to: u8, date: &str) -> Msg {
    Msg::new(
        Code::ProgressDecrease,
        tr!(
            "{date} 的进度从 {from} 降到 {to}，却没有 note 说明原因",
            "percent drops from {from} to {to} on {date} without a note saying why"
        ),
    )
    .fix(tr!(
        "给这一条加上 `note:` 说明下降原因（例如 方案调整，部分工作量重新计算），或改正百分比",
        "add a `note:` to this entry explaining the drop (e.g. 方案调整，部分工作量重新计算), or correct the percent"
    ))
}

// Why an entry is not published, as the withheld lines and notes say it
// (`crate::content::gate::Reason::text`).

pub fn withheld_not_public() -> Text {
    tr!("公开属性不是主动公开", "classification is not public")
}

/// `value` is the entry's 公开属性 (`依申请公开`, `不予公开`).
pub fn withheld_disclosure(value: &str) -> Text {
    tr!("公开属性是{value}", "classification is {value}")
}

pub fn withheld_pending() -> Text {
    tr!("待审核", "approval pending")
}

pub fn withheld_rejected() -> Text {
    tr!("审核未通过", "approval rejected")
}

pub fn withheld_withdrawn() -> Text {
    tr!("已撤回", "withdrawn")
}

pub fn withheld_approved() -> Text {
    tr!("已审核", "approved")
}

pub fn withheld_scheduled(date: &str) -> Text {
    tr!("定于 {date} 发布", "scheduled for {date}")
}

pub fn withheld_unreadable() -> Text {
    tr!("公开属性、审核或日期无法读取", "classification, approval or date could not be read")
}

pub fn withheld_journal() -> Text {
    tr!("所属期刊未公开", "its journal is withheld")
}

/// A YAML parser's problem in both languages: the common ones translated, any other kept as the
/// parser says it. `context` is what the parser was reading (`scanning a quoted scalar`) and
/// where that started (file line, column).
pub fn yaml_syntax(problem: &str, context: Option<(&str, Option<(usize, usize)>)>) -> Text {
    let zh_problem = match problem {
        "repetition limit exceeded" => "别名（`*name`）展开的数据过多（“别名炸弹”）；请直接写出各个值".to_string(),
        "recursion limit exceeded" => "列表或映射嵌套太深".to_string(),
        "mapping values are not allowed in this context" => {
            "这里不能出现“键: 值”（常见原因：值里有未加引号的“: ”，或缩进不对）".to_string()
        }
        "found character that cannot start any token" => {
            "有一个不能作为值开头的字符（常见的是制表符或 @、`）".to_string()
        }
        "found unexpected end of stream" => "元数据意外结束（常见原因：引号没有配对）".to_string(),
        p if p.starts_with("did not find expected ',' or ']'") => {
            "没有找到应有的“,”或“]”（方括号列表没有写完整）".to_string()
        }
        p if p.starts_with("did not find expected key") => "这里应是一个键（常见原因：缩进不对）".to_string(),
        p if p.starts_with("duplicate entry with key ") => {
            format!("键 {} 出现了两次", p.trim_start_matches("duplicate entry with key "))
        }
        p => format!("YAML 解析器报告：{p}"),
    };
    let en_problem = match problem {
        "repetition limit exceeded" => {
            "aliases (`*name`) expand to too much data (a YAML \"alias bomb\"); write the values out instead"
                .to_string()
        }
        "recursion limit exceeded" => "lists or mappings are nested too deeply".to_string(),
        p => p.to_string(),
    };
    let Some((what, start)) = context else {
        return tr!("元数据不是有效的 YAML：{zh_problem}", "invalid YAML: {en_problem}");
    };
    let zh_what = match what {
        "scanning a quoted scalar" => "读取引号括起的值",
        "parsing a flow sequence" => "读取方括号列表",
        "parsing a flow mapping" => "读取花括号映射",
        "parsing a block mapping" => "读取“键: 值”",
        "scanning a simple key" => "读取键",
        _ => what,
    };
    let (sz, se) = match start {
        Some((line, col)) => {
            (format!("（从第 {line} 行第 {col} 列开始）"), format!(" that starts at line {line}, column {col}"))
        }
        None => (String::new(), String::new()),
    };
    tr!("元数据不是有效的 YAML：{zh_problem}，发生在{zh_what}时{sz}", "invalid YAML: {en_problem}, while {what}{se}")
}
