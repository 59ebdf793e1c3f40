//! `index-numbers.lock`: the permanent record of derived 索引号 (path → number).
//!
//! A derived 索引号 is assigned once and never changes or comes back: the lock keeps every
//! number ever assigned, under `assigned:` while its file exists and under `retired:` once it
//! is gone. New numbers take the next serial after the highest one of their prefix and year in
//! the lock (skipping numbers written explicitly), so an earlier-dated document that arrives
//! late never renumbers the others. The file is plain text that is also YAML, sorted by path,
//! one line per document, so that a diff in review shows exactly what was assigned.
//!
//! This module parses and prints the file and decides numbers; `build` writes it (atomically,
//! only after a successful build) and `check` reports what it finds.

use crate::messages::site::{self as msg, LockLine};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::Site;
use crate::content::Meta;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The lock file's name, at the site root.
pub const FILE: &str = "index-numbers.lock";

const HEADER: &str = "# 索引号 assigned by gongkai (path: number). Commit this file with the content.\n\
# A number is never changed or reused: a deleted document's number moves to `retired`.\n\
# To keep a number when you rename a file, change its path here.\n";

/// One recorded number and the line it was read from (0 for a number added by this build).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub number: String,
    pub line: usize,
}

/// The lock's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    /// `content/documents/x.md` → number, for files that exist (or existed at the last build).
    pub assigned: BTreeMap<String, Recorded>,
    /// Numbers of deleted documents: never given out again.
    pub retired: BTreeMap<String, Recorded>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Assigned,
    Retired,
}

impl Lock {
    /// Read the lock at `root` (an absent file is an empty lock). Problems are errors at their line.
    pub fn read(root: &Path, diags: &mut Diagnostics) -> Lock {
        match std::fs::read_to_string(root.join(FILE)) {
            Ok(text) => Lock::parse(&text, diags),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Lock::default(),
            Err(e) => {
                diags.push(Diagnostic::error(FILE, 0, 0, msg::lock_unreadable(FILE, &e)));
                Lock::default()
            }
        }
    }

    pub fn parse(text: &str, diags: &mut Diagnostics) -> Lock {
        let mut lock = Lock::default();
        let mut section = Section::None;
        let mut owners: HashMap<String, (String, usize)> = HashMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            match trimmed {
                "assigned:" | "assigned: {}" => section = Section::Assigned,
                "retired:" | "retired: {}" => section = Section::Retired,
                _ => {
                    let Some((path, number)) = split_entry(trimmed).filter(|_| section != Section::None) else {
                        diags.push(bad_line(line, LockLine::Shape));
                        continue;
                    };
                    if let Some((other, at)) = owners.insert(number.clone(), (path.clone(), line)) {
                        diags.push(Diagnostic::error(
                            FILE,
                            line,
                            1,
                            msg::lock_number_twice(&number, &other, at, &path),
                        ));
                        continue;
                    }
                    if lock.assigned.contains_key(&path) || lock.retired.contains_key(&path) {
                        diags.push(bad_line(line, LockLine::Twice(&path)));
                        continue;
                    }
                    let map = if section == Section::Assigned { &mut lock.assigned } else { &mut lock.retired };
                    map.insert(path, Recorded { number, line });
                }
            }
        }
        lock
    }

    /// The file's text: a header, then both sections sorted by path.
    pub fn print(&self) -> String {
        let mut out = String::from(HEADER);
        for (name, map) in [("assigned", &self.assigned), ("retired", &self.retired)] {
            out.push_str(name);
            out.push_str(if map.is_empty() { ": {}\n" } else { ":\n" });
            for (path, r) in map {
                out.push_str(&format!("  {}: {}\n", quote(path), quote(&r.number)));
            }
        }
        out
    }

    /// Which path holds `number` (assigned or retired), and at which line.
    pub fn owner_of(&self) -> HashMap<&str, (&str, usize)> {
        self.assigned.iter().chain(&self.retired).map(|(p, r)| (r.number.as_str(), (p.as_str(), r.line))).collect()
    }

    /// Move numbers whose file no longer exists to `retired`. Returns how many moved.
    pub fn retire_gone(&mut self, existing: &HashSet<String>) -> usize {
        let gone: Vec<String> = self.assigned.keys().filter(|p| !existing.contains(*p)).cloned().collect();
        for p in &gone {
            if let Some(r) = self.assigned.remove(p) {
                self.retired.insert(p.clone(), r);
            }
        }
        gone.len()
    }

    /// The next serial for `prefix` (`{org_code}/{YYYY}`): one past the highest recorded one,
    /// skipping serials in `explicit` (numbers written in front matter).
    pub fn next_serial(&self, prefix: &str, explicit: &HashSet<String>, taken: &mut HashMap<String, u32>) -> u32 {
        let start = *taken.entry(prefix.to_string()).or_insert_with(|| {
            self.assigned
                .values()
                .chain(self.retired.values())
                .filter_map(|r| serial_of(&r.number, prefix))
                .max()
                .unwrap_or(0)
        });
        let mut n = start + 1;
        while explicit.contains(&format!("{prefix}-{n:05}")) {
            n += 1;
        }
        taken.insert(prefix.to_string(), n);
        n
    }

    /// Write the lock atomically (a temporary file beside it, then a rename).
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        let tmp = root.join(format!(".{FILE}.gongkai-new"));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            std::io::Write::write_all(&mut f, self.print().as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, root.join(FILE))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// The serial of `number` when it is `{prefix}-{NNNNN}`.
fn serial_of(number: &str, prefix: &str) -> Option<u32> {
    number.strip_prefix(prefix)?.strip_prefix('-')?.parse().ok()
}

/// `path: number`, either side optionally in double quotes.
fn split_entry(s: &str) -> Option<(String, String)> {
    let (path, number) = if let Some(rest) = s.strip_prefix('"') {
        let end = rest.find('"')?;
        (rest[..end].to_string(), rest[end + 1..].trim_start().strip_prefix(':')?)
    } else {
        let (p, n) = s.split_once(": ")?;
        (p.trim().to_string(), n)
    };
    let number = number.trim();
    let number = number.strip_prefix('"').and_then(|n| n.strip_suffix('"')).unwrap_or(number).to_string();
    (!path.is_empty() && !number.is_empty() && !number.contains(char::is_whitespace)).then_some((path, number))
}

/// Quoted when plain YAML would misread it.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([' ', ':']);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn bad_line(line: usize, what: LockLine) -> Diagnostic {
    Diagnostic::error(FILE, line, 1, msg::lock_bad_line(FILE, what))
}

/// Give every visible document its 索引号: the one it states, else the one the lock records,
/// else (unless `--locked`) a new one, recorded. Deleted documents' numbers are retired.
pub(super) fn assign(site: &mut Site, diags: &mut Diagnostics) {
    let mut lock = Lock::read(&site.root, diags);
    let before = lock.print();
    let explicit = explicit_numbers(site, &lock, diags);
    let mut missing = Vec::new();
    for (i, e) in site.entries.iter().enumerate() {
        let Meta::Document(d) = &e.meta else { continue };
        if d.index_number.is_some() {
            continue;
        }
        match lock.assigned.get(&e.path) {
            Some(r) => {
                site.index_numbers.insert(i, r.number.clone());
            }
            None => missing.push(i),
        }
    }
    let existing: HashSet<String> =
        site.by_key.keys().chain(site.withheld_keys.keys()).map(|k| format!("content/{k}")).collect();
    for (path, r) in lock.assigned.iter().filter(|(p, _)| !existing.contains(*p)) {
        diags.push(Diagnostic::warning(FILE, r.line, 1, msg::lock_file_gone(path, &r.number)));
    }
    lock.retire_gone(&existing);
    if site.options.locked && !missing.is_empty() {
        for &i in &missing {
            diags.push(Diagnostic::error(&site.entries[i].path, 1, 1, msg::unlocked_index_number(FILE)));
        }
        return;
    }
    derive(site, &mut lock, &explicit, missing, diags);
    site.lock_changed = lock.print() != before;
    site.lock = lock;
}

/// Numbers written in front matter; one that the lock records for another file is an error.
fn explicit_numbers(site: &mut Site, lock: &Lock, diags: &mut Diagnostics) -> HashSet<String> {
    let owners = lock.owner_of();
    let mut explicit = HashSet::new();
    for (i, e) in site.entries.iter().enumerate() {
        let Meta::Document(d) = &e.meta else { continue };
        let Some(n) = &d.index_number else { continue };
        site.index_numbers.insert(i, n.value.clone());
        explicit.insert(n.value.clone());
        if let Some((owner, line)) = owners.get(n.value.as_str()).filter(|(o, _)| *o != e.path) {
            diags.push(Diagnostic::error(
                &e.path,
                n.line,
                n.col,
                msg::index_number_recorded(&n.value, owner, FILE, *line),
            ));
        }
    }
    explicit
}

/// New numbers, in date-then-path order: `{org_code}/{YYYY}-{NNNNN}`, the issuing department's
/// code when it has one. Drafts (preview) get a number for the page, but it is not recorded.
fn derive(
    site: &mut Site,
    lock: &mut Lock,
    explicit: &HashSet<String>,
    mut missing: Vec<usize>,
    diags: &mut Diagnostics,
) {
    missing.sort_by(|&a, &b| {
        let (x, y) = (&site.entries[a], &site.entries[b]);
        (x.common.date.value, &x.key).cmp(&(y.common.date.value, &y.key))
    });
    let mut taken = HashMap::new();
    let mut no_code = 0;
    for i in missing {
        let e = &site.entries[i];
        let dept = e.common.department.as_ref().and_then(|d| site.config.department_codes.get(&d.value));
        let Some(org) = dept.or(site.config.org_code.as_ref()) else {
            no_code += 1;
            continue;
        };
        let prefix = format!("{org}/{}", e.common.date.value.year());
        let number = format!("{prefix}-{:05}", lock.next_serial(&prefix, explicit, &mut taken));
        if !site.drafts.contains_key(&i) && !site.options.drafts {
            lock.assigned.insert(e.path.clone(), Recorded { number: number.clone(), line: 0 });
            site.assigned += 1;
        }
        site.index_numbers.insert(i, number);
    }
    if no_code > 0 {
        diags.push(Diagnostic::error("site.yaml", 0, 0, msg::no_org_code(no_code)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_and_parses_back() {
        let mut lock = Lock::default();
        lock.assigned.insert("content/documents/b.md".into(), Recorded { number: "X/2024-00002".into(), line: 0 });
        lock.assigned.insert("content/documents/a.md".into(), Recorded { number: "X/2024-00001".into(), line: 0 });
        lock.retired.insert("content/documents/c.md".into(), Recorded { number: "X/2024-00003".into(), line: 0 });
        let text = lock.print();
        assert!(text.contains("assigned:\n  content/documents/a.md: X/2024-00001\n  content/documents/b.md"));
        let mut d = Diagnostics::new();
        let back = Lock::parse(&text, &mut d);
        assert!(!d.has_errors());
        assert_eq!(back.print(), text);
        assert_eq!(back.retired["content/documents/c.md"].line, 8);
    }

    #[test]
    fn one_number_for_two_paths_and_bad_lines_are_errors_at_their_line() {
        let mut d = Diagnostics::new();
        Lock::parse("assigned:\n  a.md: X/2024-00001\n  b.md: X/2024-00001\n  nonsense\n", &mut d);
        let list = d.sorted();
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!((list[0].line, list[1].line), (3, 4));
        assert!(list[0].message.contains("a.md (line 2) and b.md"));
    }

    #[test]
    fn next_serial_follows_the_highest_recorded_one_and_skips_explicit_numbers() {
        let mut d = Diagnostics::new();
        let lock = Lock::parse("assigned:\n  a.md: X/2024-00001\nretired:\n  b.md: X/2024-00004\n", &mut d);
        let explicit: HashSet<String> = ["X/2024-00005".to_string()].into();
        let mut taken = HashMap::new();
        assert_eq!(lock.next_serial("X/2024", &explicit, &mut taken), 6);
        assert_eq!(lock.next_serial("X/2024", &explicit, &mut taken), 7);
        assert_eq!(lock.next_serial("X/2025", &explicit, &mut taken), 1);
    }
}
