//! Messages from rendering: Markdown bodies, templates, output files, lints on the text.

use super::{tr, Code, Msg, Text};

pub fn comment_removed() -> Text {
    tr!("HTML 注释已删除：注释不会发布", "HTML comment removed: comments are not published")
}

pub fn raw_html() -> (Text, Text) {
    (
        tr!("原始 HTML 不会渲染，按文字显示", "raw HTML is not rendered; it is shown as text"),
        tr!(
            "改用 Markdown（换行用 `<br>` 或行末两个空格）",
            "use Markdown instead (a line break is `<br>` or two trailing spaces)"
        ),
    )
}

pub fn too_deep(max: usize) -> (Text, Text) {
    (
        tr!("超过 {max} 层的嵌套被拉平", "nesting deeper than {max} levels is flattened"),
        tr!("减少引用、列表或强调的嵌套层数", "restructure the content with fewer nested quotes, lists or emphasis"),
    )
}

pub fn footnote_twice(label: &str) -> (Text, Text) {
    (
        tr!(
            "脚注 [^{label}] 定义了两次；这一处被忽略",
            "footnote [^{label}] is defined twice; this definition is ignored"
        ),
        tr!("每个脚注用不同的标签", "give each footnote its own label"),
    )
}

pub fn footnote_unused(label: &str) -> (Text, Text) {
    (
        tr!("脚注 [^{label}] 有定义但正文没有引用", "footnote [^{label}] is defined but never referenced"),
        tr!("用 [^{label}] 引用它，或删掉定义", "reference it with [^{label}] or remove the definition"),
    )
}

/// A link or image destination that is refused; `image` says which it is.
pub enum Refused<'a> {
    MissingSlash { dest: &'a str, rest: &'a str },
    Scheme(&'a str),
    ProtocolRelative(&'a str),
    Climbs(&'a str),
}

pub fn refused(image: bool, why: Refused) -> (Text, Text) {
    let what = if image { tr!("图片地址", "image source") } else { tr!("链接", "link") };
    let (wz, we) = (&what.zh, &what.en);
    match why {
        Refused::MissingSlash { dest, rest } => (
            tr!("{wz} '{dest}' 在 `@` 后面少了 `/`", "the {we} '{dest}' is missing the `/` after `@`"),
            tr!("写成 `@/{rest}`", "write `@/{rest}`"),
        ),
        Refused::Scheme(scheme) => (
            tr!("不安全的{wz}协议 '{scheme}:' 已删除", "unsafe {we} scheme '{scheme}:' removed"),
            tr!("用 http(s) 地址、站内路径或 @/ 引用", "use an http(s) address, a site path, or an @/ reference"),
        ),
        Refused::ProtocolRelative(dest) => (
            tr!("省略协议的{wz} '{dest}' 已删除", "protocol-relative {we} '{dest}' removed"),
            tr!("写完整的地址，以 https:// 开头", "write the full address starting with https://"),
        ),
        Refused::Climbs(dest) => (
            tr!(
                "相对{wz} '{dest}' 跳出了条目所在的文件夹，已删除",
                "relative {we} '{dest}' leaves the entry's folder; removed"
            ),
            tr!(
                "用 @/ 链接其他条目，例如 [标题](@/documents/name.md)",
                "link other entries with @/, e.g. [标题](@/documents/name.md)"
            ),
        ),
    }
}

/// How a warning about a link to a withheld entry ends, in English (it gets its own code).
pub const WITHHELD_LINK_EN: &str = ": the link is shown as its text";

pub fn withheld_link(m: &Text) -> Text {
    m.suffixed("：链接按文字显示", WITHHELD_LINK_EN)
}

pub fn not_a_ref_link() -> Text {
    tr!("不是 @/ 链接", "not an @/ link")
}

pub fn link_climbs(target: &str) -> Text {
    tr!("链接 {target} 跳出了 content/", "the link {target} climbs out of content/")
}

pub fn link_file_type(target: &str, allowed: &[&str]) -> Text {
    let list = allowed.join(", ");
    tr!(
        "{target}：这种文件类型不能链接（允许：{list}）",
        "{target}: this file type may not be linked (allowed: {list})"
    )
}

pub fn link_withheld_attachment(from: &str, key: &str, owner: &str) -> Text {
    tr!(
        "{from} 链接了 content/{key}，它是 {owner} 的附件，而该条目不公开",
        "{from} links to content/{key}, an attachment of {owner}, which is withheld"
    )
}

pub fn link_missing_file(from: &str, key: &str) -> Text {
    tr!("{from} 链接了 content/{key}，该文件不存在", "{from} links to content/{key}, which does not exist")
}

pub fn body(message: Text, fix: Option<Text>) -> Msg {
    Msg { code: Code::Body, text: message, fix }
}

pub fn broken_anchor(key: &str, anchor: &str, guess: Option<&str>, ids: &[&str]) -> Msg {
    let fix = match guess {
        Some(s) => tr!("是不是想写 `#{s}`？", "did you mean `#{s}`?"),
        None if ids.is_empty() => {
            tr!("目标没有标题；链接时不要带 `#…`", "the target has no headings; link to the entry without `#…`")
        }
        None => {
            let all = ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(" ");
            tr!("它的标题有：{all}", "its headings are: {all}")
        }
    };
    Msg::new(Code::BrokenAnchor, tr!("content/{key} 没有标题 #{anchor}", "content/{key} has no heading #{anchor}"))
        .fix(fix)
}

/// `label` is the doc_type's Chinese name (普发类文件).
pub fn too_long(n: usize, with_punct: usize, label: &str, limit: u32) -> Msg {
    Msg::new(
        Code::TooLong,
        tr!(
            "正文 {n} 字（按汉字和词计，不计标点；含标点 {with_punct} 字，即 Word 的“字数”）；{label}的上限是 {limit} 字",
            "the text is {n} characters long (Chinese characters and words, punctuation not counted; {with_punct} with punctuation, as Word's 字数 shows it); the limit for {label} is {limit}"
        ),
    )
    .fix(tr!("压缩篇幅，或调高 site.yaml 的 `limits`", "shorten it, or raise `limits` in site.yaml"))
}

fn fix_it() -> Text {
    tr!(
        "对这个文件运行 `gongkai fix --write`（先运行 `gongkai fix` 查看改动）",
        "run `gongkai fix --write` on the file (see `gongkai fix` for the diff first)"
    )
}

pub fn pinyin(count: usize, first: &str) -> Msg {
    let text = match count {
        1 => tr!("正文留有拼音注音 {first}", "pinyin annotation {first} left in the text"),
        n => tr!(
            "正文留有 {n} 处拼音注音（第一处：{first}）",
            "{n} pinyin annotations left in the text (the first: {first})"
        ),
    };
    let f = fix_it();
    let (fz, fe) = (&f.zh, &f.en);
    Msg::new(Code::Pinyin, text).fix(tr!(
        "删掉它们（来自复制带注音的网页）：{fz}",
        "delete them (they come from copying a web page with ruby annotations): {fe}"
    ))
}

pub fn single_newline_paragraphs(paragraphs: usize) -> Msg {
    let f = fix_it();
    let (fz, fe) = (&f.zh, &f.en);
    Msg::new(
        Code::SingleNewlineParagraphs,
        tr!(
            "{paragraphs} 个段落之间只有一个换行，显示时会连成一段",
            "{paragraphs} paragraphs are separated by a single line break, so they run together as one"
        ),
    )
    .fix(tr!("段落之间空一行：{fz}", "leave a blank line between paragraphs: {fe}"))
}

/// Which invisible characters a pasted text holds.
#[derive(Clone, Copy, Debug)]
pub enum Pasted {
    ZeroWidth,
    NoBreakSpace,
    FullWidthIndent,
}

pub fn pasted_characters(n: usize, what: Pasted) -> Msg {
    let text = match what {
        Pasted::ZeroWidth => tr!("有 {n} 个来自粘贴的零宽字符", "{n} zero-width character(s) from pasted text"),
        Pasted::NoBreakSpace => {
            tr!("有 {n} 个来自粘贴的不间断空格（U+00A0）", "{n} no-break space(s) (U+00A0) from pasted text")
        }
        Pasted::FullWidthIndent => {
            tr!(
                "有 {n} 行用全角空格（U+3000）缩进，来自粘贴",
                "{n} line(s) indented with full-width spaces (U+3000) from pasted text"
            )
        }
    };
    Msg::new(Code::PastedCharacters, text).fix(fix_it())
}

pub fn mojibake(n: usize) -> Msg {
    Msg::new(
        Code::Mojibake,
        tr!(
            "有 {n} 处字符在转换中丢失（正文里的 � 或 ???）",
            "{n} place(s) where characters were lost in a conversion (� or ??? in the text)"
        ),
    )
    .fix(tr!(
        "从原始文件重新复制文字；这个文件里丢失的字符无法恢复",
        "copy the text again from the original document; the lost characters cannot be recovered from this file"
    ))
}

pub fn calendar_ending(days_left: i64, end: &str, next: i16) -> Msg {
    let text = if days_left >= 0 {
        tr!(
            "工作日历将在 {days_left} 天后（{end}）到头：跨入 {next} 年的期限无法精确计算（审批事项页会显示标明的估算值）",
            "the working-day calendar ends in {days_left} day(s), on {end}: deadlines running into {next} cannot be computed exactly (the approval pages show a marked estimate)"
        )
    } else {
        tr!(
            "工作日历已于 {end} 到头：跨入 {next} 年的期限无法精确计算（审批事项页会显示标明的估算值）",
            "the working-day calendar ends on {end}: deadlines running into {next} cannot be computed exactly (the approval pages show a marked estimate)"
        )
    };
    Msg::new(Code::CalendarEnding, text).fix(tr!(
        "把国务院办公厅 {next} 年的放假通知加到网站根目录的 calendar.yaml（docs/calendar.md）",
        "add the State Council's holiday notice for {next} to calendar.yaml at the site's root (docs/calendar.md)"
    ))
}

pub fn template_failed(url: &str, e: &str) -> Msg {
    Msg::new(Code::Template, tr!("渲染 {url} 失败：{e}", "rendering {url} failed: {e}"))
}

/// `label` is the series' Chinese name, `key` its key, `period` the missing one.
pub fn missing_period(label: &str, key: &str, period: &str) -> Msg {
    Msg::new(
        Code::MissingPeriod,
        tr!(
            "{period} 这一期已经结束，却没有发布{label}（{key}）",
            "no published {label} ({key}) for {period}, a period that has ended"
        ),
    )
    .fix(tr!(
        "发布 `series: {key}`、`period: {period}` 的通报",
        "publish the bulletin with `series: {key}` and `period: {period}`"
    ))
}

pub fn no_theme(theme: &str) -> Msg {
    Msg::new(Code::NoTheme, tr!("themes/ 里没有主题 '{theme}'", "theme '{theme}' not found in themes/"))
        .fix(tr!("删掉 `theme:`，使用内置主题", "remove `theme:` to use the built-in theme"))
}

pub fn static_unreadable(e: &impl std::fmt::Display) -> Msg {
    Msg::new(Code::Io, tr!("无法读取静态文件：{e}", "cannot read static file: {e}"))
}

pub fn template_error(e: &str) -> Msg {
    Msg::new(Code::Template, tr!("模板错误：{e}", "template error: {e}"))
}

pub fn template_unreadable(e: &std::io::Error) -> Msg {
    Msg::new(Code::Io, tr!("无法读取模板：{e}", "cannot read template: {e}"))
}

pub fn lock_unwritable(e: &std::io::Error) -> Msg {
    Msg::new(Code::Io, tr!("无法写入文件：{e}", "cannot write the file: {e}"))
        .fix(tr!("检查网站文件夹是否可写", "check that the site folder is writable"))
}

pub fn output_unwritable(e: &std::io::Error) -> Msg {
    Msg::new(Code::Io, tr!("无法写入输出：{e}", "cannot write the output: {e}"))
        .fix(tr!("检查文件夹是否可写、磁盘是否已满", "check that the folder is writable and the disk is not full"))
}

/// A diagnostic read back from a build manifest whose code this gongkai no longer knows.
pub fn stored(code: Option<Code>, text: Text, fix: Option<Text>) -> Msg {
    Msg { code: code.unwrap_or(Code::Io), text, fix }
}

/// A relative link or image whose file is not beside the entry (nor one of its attachments).
pub fn not_beside(name: &str, folder: &str) -> Text {
    tr!(
        "正文引用的 {name} 不在 content/{folder}/ 里（既不是附件，也不在 .md 文件旁边），按文字显示；请把文件放在 .md 文件旁边，或改正文件名",
        "{name} is neither an attachment nor beside the .md file in content/{folder}/, so it is shown as text; put the file beside the .md file, or correct the name"
    )
}

pub fn traditional_script(n: usize, language: &str) -> Msg {
    Msg::new(
        Code::TraditionalScript,
        tr!(
            "正文用的是繁体字（{n} 个繁体字），而网站语言是 {language}；如属原文照登可以不改，用简体搜索也能找到它",
            "the text is in traditional characters ({n} of them) on a {language} site; if it is published as written, leave it: a search in simplified characters finds it"
        ),
    )
    .fix(tr!(
        "如需改为简体，可用 OpenCC 转换正文（opencc -c t2s.json），再人工核对专名",
        "to convert it to simplified characters, run the text through OpenCC (opencc -c t2s.json) and check the names by hand"
    ))
}

pub fn dead_site_link(target: &str) -> Msg {
    Msg::new(Code::DeadSiteLink, tr!("正文链接的 {target} 在门户里没有对应的页面", "the link {target} leads to no page of the portal")).fix(tr!(
        "改成现有页面的地址；链接条目请用 @/ 引用（如 @/documents/x.md），条目改网址时链接会跟着变",
        "use the address of an existing page; link an entry with @/ (e.g. @/documents/x.md), which follows the entry when its URL changes"
    ))
}
