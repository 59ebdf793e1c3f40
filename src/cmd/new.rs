//! `gongkai new <kind> <title>`: write a new, pending entry with every field of its kind.

use crate::cli::NewArgs;
use crate::exit;
use crate::scaffold;

pub fn run(args: NewArgs) -> u8 {
    let today = match crate::site::build_date(None) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return exit::USAGE;
        }
    };
    let content = args.root.join("content");
    let journal = match (&args.journal, args.kind.as_str()) {
        (Some(j), _) => j.clone(),
        (None, "issue") => match first_journal(&content) {
            Some(j) => j,
            None => {
                errln!("error: there is no journal under content/journals/; create content/journals/<name>/_index.md first, or pass --journal NAME");
                return exit::USAGE;
            }
        },
        _ => String::new(),
    };
    if !journal.is_empty() && !crate::content::slug::is_valid(&journal) {
        errln!("error: --journal must be a folder name like `zhengbao`");
        return exit::USAGE;
    }
    let Some((rel, text)) = scaffold::new_entry(&args.kind, &args.title, today, &journal) else {
        errln!("error: unknown kind '{}'; use one of: {}", args.kind, scaffold::KINDS.join(", "));
        return exit::USAGE;
    };
    let path = content.join(&rel);
    if path.exists() {
        errln!("error: content/{rel} already exists; choose another title or edit that file");
        return exit::USAGE;
    }
    if let Some(parent) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(parent) {
            errln!("error: cannot create {}: {e}", parent.display());
            return exit::CONTENT;
        }
    }
    if let Err(e) = std::fs::write(&path, text) {
        errln!("error: cannot write {}: {e}", path.display());
        return exit::CONTENT;
    }
    outln!("created content/{rel} (approval pending: it is published once approval.status is approved)");
    exit::OK
}

fn first_journal(content: &std::path::Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(content.join("journals"))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names.into_iter().next()
}
