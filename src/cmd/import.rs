//! `gongkai import <file>`: read a .docx/.xlsx/.csv, write the pending entry (and its images)
//! under content/ atomically and never over an existing file without `--force`, print its
//! path, then run `check` and print the problems of the new entry.

use crate::messages::commands as msg;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{ImportArgs, ImportKind};
use crate::diagnostics::Diagnostics;
use crate::exit;
use crate::import::{self, Format, ImportError, Kind, Request};

pub fn run(args: ImportArgs) -> u8 {
    let today = match crate::site::build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            fail!(e);
            return exit::USAGE;
        }
    };
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let fail = |e: ImportError| {
        let (error, help) = (msg::error_prefix(), msg::help_prefix());
        errln!("{}{}: {}\n  {}{}", error.shown(), args.file.display(), e.message.shown(), help.shown(), e.fix.shown());
        exit::CONTENT
    };
    let format = match import::format_of(&args.file) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let kind = match (args.kind, format) {
        (Some(ImportKind::Document), _) | (None, Format::Docx) => Kind::Document,
        _ => Kind::Bulletin,
    };
    let mut diags = Diagnostics::default();
    let Some(config) = crate::config::load(&args.root, &mut diags) else {
        super::print_diagnostics(&diags.sorted(), &args.root, &Default::default());
        fail!(msg::import_needs_site());
        return exit::USAGE;
    };
    let bytes = match read_limited(&args.file) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let req = Request {
        file_name: &file_name,
        bytes: &bytes,
        kind,
        slug: args.slug.as_deref(),
        sheet: args.sheet.as_deref(),
        departments: &config.departments,
        today,
    };
    let imported = match import::import(&req) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let content = args.root.join("content");
    let target = content.join(&imported.rel_path);
    let folder = target.parent().map(Path::to_path_buf).unwrap_or_else(|| content.clone());
    let mut files: Vec<(PathBuf, &[u8])> =
        imported.attachments.iter().map(|(n, b)| (folder.join(n), b.as_slice())).collect();
    files.push((target.clone(), imported.text.as_bytes()));
    if !args.force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            fail!(msg::import_exists(&p.display().to_string()));
            return exit::CONTENT;
        }
    }
    if let Err(e) = write_all(&folder, &files, args.force) {
        fail!(msg::nothing_written(&e));
        return exit::CONTENT;
    }
    for w in &imported.warnings {
        errln!("{}{}", msg::warning_prefix().shown(), w.shown());
    }
    outln!("content/{}", imported.rel_path);
    for (n, _) in &imported.attachments {
        errln!("{}", msg::wrote(&folder.join(n).display().to_string()).shown());
    }
    report_check(&args.root, &format!("content/{}", imported.rel_path), today);
    exit::OK
}

fn read_limited(path: &Path) -> Result<Vec<u8>, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| ImportError::new(crate::messages::import::unreadable(&e)))?;
    if meta.len() > import::limits::INPUT_BYTES {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        return Err(ImportError::new(crate::messages::import::too_large(&name, import::limits::INPUT_BYTES >> 20)));
    }
    std::fs::read(path).map_err(|e| ImportError::new(crate::messages::import::unreadable(&e)))
}

/// Write every file through a temporary file in the same folder, then move it into place
/// (a hard link when not forcing, so an existing file is never replaced even in a race).
/// On failure, whatever this call wrote is removed.
fn write_all(folder: &Path, files: &[(PathBuf, &[u8])], force: bool) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let mut done: Vec<&Path> = Vec::new();
    for (path, bytes) in files {
        if let Err(e) = write_one(path, bytes, force) {
            done.iter().for_each(|p| {
                let _ = std::fs::remove_file(p);
            });
            return Err(e);
        }
        done.push(path);
    }
    Ok(())
}

fn write_one(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        if force {
            return std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()));
        }
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(format!("{} already exists (pass --force to replace it)", path.display()))
            }
            Err(_) if !path.exists() => {
                std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            Err(e) => Err(format!("cannot write {}: {e}", path.display())),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Run `check` on the site and print the problems of the new entry.
fn report_check(root: &Path, rel: &str, today: jiff::civil::Date) {
    let (diags, _) = super::check::collect(root.to_path_buf(), today);
    let mine: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.path == rel && d.code != crate::messages::Code::ClassifiedFile)
        .collect();
    if mine.is_empty() {
        errln!("{}", msg::import_clean(rel).shown());
        return;
    }
    // The new entry is pending and unclassified, so never withheld from its own editor's view.
    super::print_diagnostics(&mine, root, &Default::default());
    errln!("{}", msg::import_problems(mine.len(), rel).shown());
}
