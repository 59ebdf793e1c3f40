//! What the commands themselves print: summaries, withheld lines, notes, progress.

use super::{tr, Text};

/// `error: …` before a command-line problem (exit 2) or a failure to write.
pub fn error_prefix() -> Text {
    tr!("错误：", "error: ")
}

pub fn warning_prefix() -> Text {
    tr!("警告：", "warning: ")
}

/// `withheld: content/x.md (approval pending)`: one line per withheld entry, never its title.
pub fn withheld_line(path: &str, reason: &Text) -> Text {
    let (rz, re) = (&reason.zh, &reason.en);
    tr!("未公开：{path}（{rz}）", "withheld: {path} ({re})")
}

pub fn build_failed(errors: usize, warnings: usize, dest: &str) -> Text {
    tr!(
        "构建失败：{errors} 个错误，{warnings} 个警告；{dest} 保持原样未动",
        "build failed: {errors} error(s), {warnings} warning(s); {dest} left unchanged"
    )
}

pub fn assigned_index_numbers(n: usize) -> Text {
    tr!(
        "为 {n} 份文件分配了索引号；请提交 index-numbers.lock",
        "assigned 索引号 to {n} documents; commit index-numbers.lock"
    )
}

/// The numbers of a finished build, for [`built`].
pub struct Built<'a> {
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub dest: &'a str,
    pub published: usize,
    pub withheld: usize,
    pub drafts: usize,
    pub warnings: usize,
    pub secs: f64,
    pub skipped: bool,
}

pub fn built(b: &Built) -> Text {
    let Built { pages, files, written, unchanged, removed, dest, published, withheld, drafts, warnings, secs, skipped } =
        *b;
    let (dz, de) = match drafts {
        0 => (String::new(), String::new()),
        n => (format!("，预览草稿 {n} 条"), format!(", {n} draft(s) previewed")),
    };
    let (sz, se) = if skipped {
        ("（自上次构建以来没有变化）", " (nothing changed since the last build)")
    } else {
        ("", "")
    };
    tr!(
        "已生成 {pages} 个页面（{files} 个文件：写入 {written}，未变 {unchanged}，删除 {removed}），输出到 {dest}：发布 {published} 条，未公开 {withheld} 条{dz}，警告 {warnings} 个，用时 {secs:.2} 秒{sz}",
        "built {pages} pages ({files} files: {written} written, {unchanged} unchanged, {removed} removed) into {dest}: {published} published, {withheld} withheld{de}, {warnings} warning(s), {secs:.2}s{se}"
    )
}

/// `next scheduled publication: 2026-12-15 (2 entries)`: a date and a count, never titles.
pub fn next_scheduled(next: Option<(&str, usize)>) -> Text {
    match next {
        Some((date, 1)) => tr!("下一次定时发布：{date}（1 条）", "next scheduled publication: {date} (1 entry)"),
        Some((date, n)) => tr!("下一次定时发布：{date}（{n} 条）", "next scheduled publication: {date} ({n} entries)"),
        None => tr!("下一次定时发布：无", "next scheduled publication: none"),
    }
}

pub fn totals(errors: usize, warnings: usize) -> Text {
    tr!("{errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)")
}

pub fn note_prefix() -> Text {
    tr!("说明：", "note: ")
}

pub fn note_draft(path: &str, reason: &Text) -> Text {
    let (rz, re) = (&reason.zh, &reason.en);
    tr!("{path}：{rz}：已检查，未发布", "{path}: {re}: checked, not published")
}

pub fn note_withheld(path: &str, reason: &Text) -> Text {
    let (rz, re) = (&reason.zh, &reason.en);
    tr!("{path}：{rz}：未发布，未检查", "{path}: {re}: not published, not checked")
}

/// What a problem of a draft starts with: `（待审核）`, `(approval pending) `.
pub fn draft_marker(reason: &Text) -> (String, String) {
    (format!("（{}）", reason.zh), format!("({}) ", reason.en))
}

pub fn now_flag(why: &Text) -> Text {
    let (wz, we) = (&why.zh, &why.en);
    tr!("--now：{wz}", "--now: {we}")
}

pub fn source_date_epoch() -> Text {
    tr!("SOURCE_DATE_EPOCH 必须是秒数", "SOURCE_DATE_EPOCH must be a number of seconds")
}

pub fn bad_timestamp(e: &str) -> Text {
    tr!("无效的时间：{e}", "not a valid time: {e}")
}

pub fn fix_not_utf8(shown: &str) -> Text {
    tr!(
        "{shown}：已跳过：不是 UTF-8（运行 `gongkai check` 查看编码和转换方法）",
        "{shown}: skipped: not UTF-8 (run `gongkai check` for the encoding and how to convert it)"
    )
}

pub fn fix_cannot_read(shown: &str, e: &std::io::Error) -> Text {
    tr!("{shown}：错误：无法读取：{e}", "{shown}: error: cannot read: {e}")
}

pub fn fix_cannot_write(shown: &str, e: &std::io::Error) -> Text {
    tr!("{shown}：错误：无法写入：{e}", "{shown}: error: cannot write: {e}")
}

pub fn fix_repaired(shown: &str, backup: bool) -> Text {
    if backup {
        tr!("{shown}：已修复（原文件保留为 .bak）", "{shown}: repaired (original kept as .bak)")
    } else {
        tr!("{shown}：已修复", "{shown}: repaired")
    }
}

pub fn fix_nothing(files: usize) -> Text {
    tr!("{files} 个文件都没有需要修复的地方", "nothing to repair in {files} file(s)")
}

pub fn fix_can_repair(n: usize, files: usize) -> Text {
    tr!(
        "{files} 个文件中有 {n} 个可以修复；运行 `gongkai fix --write` 写入改动",
        "{n} of {files} file(s) can be repaired; run `gongkai fix --write` to write the changes"
    )
}

pub fn fix_done(n: usize, files: usize) -> Text {
    tr!("已修复 {files} 个文件中的 {n} 个", "repaired {n} of {files} file(s)")
}

pub fn fix_count(shown: &str, n: usize, what: &Text) -> Text {
    let (wz, we) = (&what.zh, &what.en);
    tr!("{shown}：{n} 处 {wz}", "{shown}: {n} × {we}")
}

pub fn fix_diff_withheld(shown: &str) -> Text {
    tr!("{shown}：（不显示改动：这个文件不是公开的）", "{shown}: (diff not shown: the file is not public)")
}

// What each kind of repair of `gongkai fix` does (`crate::fix::Repair::text`).

pub fn repair_delimiter() -> Text {
    tr!("元数据分隔行的长横线 → `---`", "front-matter dividing lines typed with long dashes → `---`")
}

pub fn repair_full_width_colon() -> Text {
    tr!("字段名后的全角冒号 → `: `", "full-width colons after field names → `: `")
}

pub fn repair_indent_chars() -> Text {
    tr!(
        "元数据缩进里的制表符、不间断空格和全角空格 → 普通空格",
        "tabs, no-break and full-width spaces in the front matter's indentation → spaces"
    )
}

pub fn repair_doc_number() -> Text {
    tr!("发文字号的括号 → 〔〕", "发文字号 brackets → 〔〕")
}

pub fn repair_zero_width() -> Text {
    tr!("删除零宽字符", "zero-width characters removed")
}

pub fn repair_nbsp() -> Text {
    tr!("不间断空格（U+00A0）→ 普通空格", "no-break spaces (U+00A0) → ordinary spaces")
}

pub fn repair_ideographic_indent() -> Text {
    tr!("删除行首的全角空格（U+3000）缩进", "full-width space (U+3000) indents at the start of lines removed")
}

pub fn repair_pinyin() -> Text {
    tr!("删除拼音注音（導(dǎo)語 → 導語）", "pinyin ruby annotations removed (導(dǎo)語 → 導語)")
}

pub fn repair_paragraphs() -> Text {
    tr!("在只隔一个换行的段落之间加空行", "blank lines put between paragraphs separated by single line breaks")
}

pub fn init_not_empty(dir: &str) -> Text {
    tr!("{dir} 已存在且不是空的；请换一个新文件夹", "{dir} exists and is not empty; choose a new folder")
}

pub fn cannot_write(path: &str, e: &std::io::Error) -> Text {
    tr!("无法写入 {path}：{e}", "cannot write {path}: {e}")
}

pub fn cannot_create(path: &str, e: &std::io::Error) -> Text {
    tr!("无法创建 {path}：{e}", "cannot create {path}: {e}")
}

pub fn init_done(dir: &str) -> Text {
    tr!(
        "已在 {dir} 新建网站\n下一步：cd {dir} && gongkai build   （或 gongkai serve）",
        "created a new site in {dir}\nnext: cd {dir} && gongkai build   (or gongkai serve)"
    )
}

pub fn new_no_journal() -> Text {
    tr!(
        "content/journals/ 下没有期刊；请先建立 content/journals/<名称>/_index.md，或加 --journal 名称",
        "there is no journal under content/journals/; create content/journals/<name>/_index.md first, or pass --journal NAME"
    )
}

pub fn new_bad_journal() -> Text {
    tr!("--journal 必须是文件夹名，例如 `zhengbao`", "--journal must be a folder name like `zhengbao`")
}

pub fn new_bad_slug(slug: &str) -> Text {
    tr!(
        "--slug '{slug}' 只能用小写字母、数字和连字符，例如 `jingji-zhibiao-2026-q1`",
        "--slug '{slug}' must be lower-case letters, digits and hyphens, like `jingji-zhibiao-2026-q1`"
    )
}

pub fn new_no_department() -> Text {
    tr!(
        "site.yaml 没有列出发布机构；请加 --department 发布机构，或在 site.yaml 加上 `departments:`",
        "site.yaml lists no departments; pass --department 发布机构 or add `departments:` to site.yaml"
    )
}

pub fn new_unknown_kind(kind: &str, kinds: &[&str]) -> Text {
    let list = kinds.join(", ");
    tr!("未知的类型 '{kind}'；可用：{list}", "unknown kind '{kind}'; use one of: {list}")
}

pub fn new_exists(rel: &str) -> Text {
    tr!(
        "content/{rel} 已存在；请换一个标题，或直接编辑那个文件",
        "content/{rel} already exists; choose another title or edit that file"
    )
}

pub fn new_done(rel: &str) -> Text {
    tr!(
        "已创建 content/{rel}（待审核：approval.status 改为 approved 后才会发布）",
        "created content/{rel} (approval pending: it is published once approval.status is approved)"
    )
}

pub fn import_needs_site() -> Text {
    tr!(
        "import 要写入网站：请在网站文件夹里运行，或加 --root 文件夹",
        "import writes into a site: run it in the site's folder or pass --root DIR"
    )
}

pub fn import_exists(path: &str) -> Text {
    tr!(
        "{path} 已存在；没有写入任何文件\n  提示：加 --force 覆盖它，或加 --slug 名称 以另一个名字导入",
        "{path} already exists; nothing was written\n  help: pass --force to replace it, or --slug NAME to import under another name"
    )
}

pub fn nothing_written(e: &str) -> Text {
    tr!("{e}；没有写入任何文件", "{e}; nothing was written")
}

pub fn wrote(path: &str) -> Text {
    tr!("已写入 {path}", "wrote {path}")
}

pub fn import_clean(rel: &str) -> Text {
    tr!("检查：{rel} 没有问题", "check: no problems in {rel}")
}

pub fn cannot_open(path: &str, e: &std::io::Error) -> Text {
    tr!("无法打开 {path}：{e}", "cannot open {path}: {e}")
}

/// The label under the place of a problem in a terminal snippet.
pub fn here() -> Text {
    tr!("这里", "here")
}

pub fn import_problems(n: usize, rel: &str) -> Text {
    tr!(
        "检查：{rel} 有 {n} 个问题；审核前请改正（缺少 `classification` 是正常的：由负责人设定）",
        "check: {n} problem(s) in {rel}; fix them before approving (the missing `classification` is expected: a person sets it)"
    )
}

pub fn help_prefix() -> Text {
    tr!("提示：", "help: ")
}

pub fn serving(root: &str, url: &str, drafts: bool) -> Text {
    if drafts {
        tr!(
            "正在预览 {root}：{url}（按 Ctrl-C 停止）；草稿带横幅显示",
            "serving {root} at {url} (Ctrl-C to stop); drafts shown with a banner"
        )
    } else {
        tr!("正在预览 {root}：{url}（按 Ctrl-C 停止）", "serving {root} at {url} (Ctrl-C to stop)")
    }
}

pub fn serve_cannot_open(root: &str, e: &std::io::Error) -> Text {
    tr!("无法打开 {root}：{e}", "cannot open {root}: {e}")
}

pub fn serve_cannot_listen(addr: &str, e: &str) -> Text {
    tr!(
        "无法在 {addr} 上监听：{e}（是否已有另一个预览在运行？试试 --port）",
        "cannot listen on {addr}: {e} (is another server running? try --port)"
    )
}

pub fn serve_cannot_watch(what: &str, e: &str) -> Text {
    tr!("无法监视 {what}：{e}", "cannot watch {what}: {e}")
}

pub fn serve_static(n: usize, ms: u128) -> Text {
    tr!("{ms} 毫秒内更新了 {n} 个静态文件", "updated {n} static file(s) in {ms} ms")
}

/// `timings` is the developer's ` [read 3ms …]`, the same in both languages.
pub fn serve_updated(pages: usize, ms: u128, views: usize, timings: &str, others_ms: u128) -> Text {
    tr!(
        "{ms} 毫秒内更新了 {pages} 个页面（重算 {views} 个条目视图）{timings}；订阅源、数据导出和网站地图于 {others_ms} 毫秒时完成",
        "updated {pages} page(s) in {ms} ms ({views} view(s) computed again){timings}; feeds, exports and sitemap by {others_ms} ms"
    )
}

pub struct Rebuilt {
    pub ms: u128,
    pub published: usize,
    pub withheld: usize,
    pub errors: usize,
    pub warnings: usize,
    pub reparsed: usize,
}

pub fn serve_rebuilt(r: &Rebuilt, ok: bool, timings: &str) -> Text {
    let Rebuilt { ms, published, withheld, errors, warnings, reparsed } = *r;
    if ok {
        tr!(
            "{ms} 毫秒内重新生成：发布 {published} 条，未公开 {withheld} 条，警告 {warnings} 个，重读 {reparsed} 个文件{timings}",
            "rebuilt in {ms} ms: {published} published, {withheld} withheld, {warnings} warning(s), {reparsed} file(s) re-read{timings}"
        )
    } else {
        tr!(
            "{ms} 毫秒内重新生成失败：{errors} 个错误，{warnings} 个警告；仍在提供上一个正确的版本{timings}",
            "rebuild failed in {ms} ms: {errors} error(s), {warnings} warning(s); still serving the last good version{timings}"
        )
    }
}
