//! `gongkai new <kind> <title>`: write a new, pending entry with every field of its kind.

use crate::cli::NewArgs;
use crate::exit;
use crate::messages::commands as msg;
use crate::scaffold;

pub fn run(args: NewArgs) -> u8 {
    let today = match crate::site::build_date(None) {
        Ok(d) => d,
        Err(e) => {
            fail!(e);
            return exit::USAGE;
        }
    };
    let content = args.root.join("content");
    let journal = match (&args.journal, args.kind.as_str()) {
        (Some(j), _) => j.clone(),
        (None, "issue") => match first_journal(&content) {
            Some(j) => j,
            None => {
                fail!(msg::new_no_journal());
                return exit::USAGE;
            }
        },
        _ => String::new(),
    };
    if !journal.is_empty() && !crate::content::slug::is_valid(&journal) {
        fail!(msg::new_bad_journal());
        return exit::USAGE;
    }
    if let Some(slug) = args.slug.as_deref().filter(|s| !crate::content::slug::is_valid(s)) {
        fail!(msg::new_bad_slug(slug));
        return exit::USAGE;
    }
    let department = match args.department.clone().or_else(|| first_department(&args.root)) {
        Some(d) => d,
        None => {
            fail!(msg::new_no_department());
            return exit::USAGE;
        }
    };
    let number = if args.kind == "issue" {
        next_issue_number(&content.join("journals").join(&journal), today.year())
    } else {
        1
    };
    let options =
        scaffold::NewOptions { department: &department, journal: &journal, number, slug: args.slug.as_deref() };
    let Some((rel, text)) = scaffold::new_entry(&args.kind, &args.title, today, &options) else {
        fail!(msg::new_unknown_kind(&args.kind, scaffold::KINDS));
        return exit::USAGE;
    };
    let path = content.join(&rel);
    if path.exists() {
        fail!(msg::new_exists(&rel));
        return exit::USAGE;
    }
    if let Some(parent) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(parent) {
            fail!(msg::cannot_create(&parent.display().to_string(), &e));
            return exit::CONTENT;
        }
    }
    if let Err(e) = std::fs::write(&path, text) {
        fail!(msg::cannot_write(&path.display().to_string(), &e));
        return exit::CONTENT;
    }
    say!(msg::new_done(&rel));
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

/// The first department of the site's `site.yaml`, when it can be read.
fn first_department(root: &std::path::Path) -> Option<String> {
    let mut diags = crate::diagnostics::Diagnostics::new();
    crate::config::load(root, &mut diags)?.departments.into_iter().next()
}

/// One more than the highest `number:` among the journal's issues of `year`.
fn next_issue_number(journal: &std::path::Path, year: i16) -> u32 {
    let Ok(items) = std::fs::read_dir(journal) else { return 1 };
    let mut highest = 0;
    for item in items.flatten() {
        let path = item.path();
        if path.extension().is_none_or(|x| x != "md") || path.file_name().is_some_and(|n| n == "_index.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let field = |key: &str| {
            text.lines()
                .take(60)
                .find_map(|l| l.strip_prefix(key).map(|v| v.split('#').next().unwrap_or("").trim().to_string()))
        };
        if field("year:").and_then(|y| y.parse::<i16>().ok()) == Some(year) {
            highest = highest.max(field("number:").and_then(|n| n.parse::<u32>().ok()).unwrap_or(0));
        }
    }
    highest + 1
}
