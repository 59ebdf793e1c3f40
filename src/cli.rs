//! The command line: clap definitions of every command and its flags.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::urls::BaseUrl;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "公开 gongkai：政府信息公开网站生成工具 — a static-site generator for open-government portals"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 提示信息的语言 — Language of messages: zh (简体中文) or en. Default: GONGKAI_LANG,
    /// else the site's `language` (site.yaml), else zh.
    #[arg(long, global = true, value_parser = ["zh", "zh-CN", "en"])]
    pub lang: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 构建网站到 public/ — Build the site into public/ (or --output).
    Build(BuildArgs),
    /// 检查网站，不写入任何文件 — Validate the site without writing anything.
    Check(CheckArgs),
    /// 计算 N 个工作日后的日期 — Print the date N working days after a date (PRC calendar plus the site's overlay).
    Deadline(DeadlineArgs),
    /// 本地预览，保存后自动更新 — Build, serve on 127.0.0.1, update the open pages on every save.
    Serve(ServeArgs),
    /// 新建一个待审核条目 — Write a new entry (approval pending) with every field of its kind.
    New(NewArgs),
    /// 新建一个网站 — Create a small working site in a new folder.
    Init(InitArgs),
    /// 修复从网页或 Word 粘贴的文字 — Repair text pasted from a web page or Word (a diff; written with --write).
    Fix(FixArgs),
    /// 从 Word/WPS 公文或表格导入 — Make a pending entry from a Word/WPS 公文 (.docx) or a spreadsheet (.xlsx, .csv).
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct FixArgs {
    /// Files to repair (default: every .md file under content/).
    pub files: Vec<PathBuf>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write the repairs (each file replaced atomically; the original kept as FILE.bak).
    #[arg(long)]
    pub write: bool,
    /// With --write: keep no .bak copy.
    #[arg(long)]
    pub no_backup: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    Document,
    Bulletin,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The .docx, .xlsx or .csv file.
    pub file: PathBuf,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// document (from a .docx) or bulletin (from an .xlsx/.csv); default: by the file's type.
    #[arg(long, value_enum)]
    pub kind: Option<ImportKind>,
    /// The entry's URL segment (default: from the 文号, else from the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// For an .xlsx: the sheet to import (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Replace an existing entry of the same name.
    #[arg(long)]
    pub force: bool,
    /// Today's date (YYYY-MM-DD) for `date:`; default: today in China (UTC+8), or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Listen on another address than 127.0.0.1 (e.g. 0.0.0.0 to let colleagues preview: careful,
    /// drafts are shown).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Hide drafts (pending and scheduled entries), as in a real build.
    #[arg(long)]
    pub no_drafts: bool,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// document, bulletin, approval, issue, page or task.
    pub kind: String,
    /// The entry's title (标题).
    pub title: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// For an issue: the journal folder under content/journals/ (default: the first one).
    #[arg(long)]
    pub journal: Option<String>,
    /// The 发布机构 (default: the first of site.yaml's departments).
    #[arg(long)]
    pub department: Option<String>,
    /// The file name and URL segment (default: the pinyin of the title).
    #[arg(long)]
    pub slug: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// A new (or empty) folder.
    pub dir: PathBuf,
    /// The site's title (网站名称); default: a placeholder to replace in site.yaml.
    #[arg(long, default_value = "（请填写网站名称）")]
    pub title: String,
    /// The first department (发布机构) of site.yaml; default: a placeholder to replace.
    #[arg(long, default_value = "（请填写发布机构）")]
    pub department: String,
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The site's folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the portal (default: `<root>/public`).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Preview: also show pending and scheduled entries, with a draft banner. Never for deployment.
    #[arg(long)]
    pub drafts: bool,
    /// The build date (YYYY-MM-DD); also from SOURCE_DATE_EPOCH. Default: today in China (UTC+8).
    #[arg(long)]
    pub now: Option<String>,
    /// Override site.yaml's base_url: an absolute http(s) URL, optionally with a path
    /// (`https://www.example.gov.cn/zwgk/`); every URL the site emits then lives under it.
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<BaseUrl>,
    /// `json`: print one JSON summary on stdout (counts, `next_scheduled`) for scripts.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// For CI: fail (naming the files) instead of assigning new 索引号 in index-numbers.lock.
    #[arg(long)]
    pub locked: bool,
}

/// `--base-url`, checked as site.yaml's `base_url` is (clap exits 2 with the message).
fn parse_base_url(s: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(s).map_err(|why| why.shown().to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date to check the gate against (YYYY-MM-DD).
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct DeadlineArgs {
    /// The start date (YYYY-MM-DD); it never counts itself.
    pub start: String,
    /// How many working days.
    pub days: u32,
    /// Apply the `calendar:` overlay of the site in this folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
}
