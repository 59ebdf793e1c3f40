//! `gongkai fix`: show the repairs of pasted text as a unified diff, write them with `--write`.

use crate::messages::commands as msg;
use std::path::{Path, PathBuf};

use crate::cli::FixArgs;
use crate::exit;
use crate::fix::{repair, Fixed};

pub fn run(args: FixArgs) -> u8 {
    let files = if args.files.is_empty() { content_files(&args.root) } else { args.files.clone() };
    let mut changed = 0;
    let mut failed = false;
    for path in &files {
        let shown = path.strip_prefix(&args.root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                errln!("{}", msg::fix_not_utf8(&shown).shown());
                continue;
            }
            Err(e) => {
                errln!("{}", msg::fix_cannot_read(&shown, &e).shown());
                failed = true;
                continue;
            }
        };
        let fixed = repair(&text);
        if fixed.repairs.is_empty() {
            continue;
        }
        changed += 1;
        report(&shown, &text, &fixed);
        if args.write {
            match write(path, &text, &fixed.text, !args.no_backup) {
                Ok(()) => say!(msg::fix_repaired(&shown, !args.no_backup)),
                Err(e) => {
                    errln!("{}", msg::fix_cannot_write(&shown, &e).shown());
                    failed = true;
                }
            }
        }
    }
    match (changed, args.write) {
        (0, _) => say!(msg::fix_nothing(files.len())),
        (n, false) => say!(msg::fix_can_repair(n, files.len())),
        (n, true) => say!(msg::fix_done(n, files.len())),
    }
    if failed {
        exit::CONTENT
    } else {
        exit::OK
    }
}

/// What was repaired, and the diff, unless the file is not public: its text stays off screens
/// and logs, as in every other command.
fn report(shown: &str, before: &str, fixed: &Fixed) {
    for (r, n) in &fixed.repairs {
        say!(msg::fix_count(shown, *n, &r.text()));
    }
    if !public(before) {
        say!(msg::fix_diff_withheld(shown));
        return;
    }
    let diff = similar::TextDiff::from_lines(before, &fixed.text);
    outln!("{}", diff.unified_diff().context_radius(1).header(&format!("a/{shown}"), &format!("b/{shown}")));
}

/// Whether the front matter says the file is public (the gate's spellings).
fn public(text: &str) -> bool {
    text.lines().take(200).any(|l| {
        l.strip_prefix("classification:")
            .map(|v| v.trim().trim_matches(['"', '\'']))
            .is_some_and(|v| matches!(v, "public" | "公开" | "主动公开"))
    })
}

/// Replace `path` atomically: the new text goes to a temporary file beside it, renamed over it.
fn write(path: &Path, before: &str, after: &str, backup: bool) -> std::io::Result<()> {
    if backup {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        std::fs::write(PathBuf::from(bak), before)?;
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gongkai-fix"));
    std::fs::write(&tmp, after)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Every `.md` file under `content/` (symlinks not followed), in name order.
fn content_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("content"))
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}
