//! Rules across entries: references, uniqueness, attachments, departments; then 索引号.

use crate::messages::site::{self as msg, Amendment};
use std::collections::HashMap;

use super::{ref_error, withheld_ref_warning, RefProblem, Site};
use crate::content::fields::Located;
use crate::content::{Entry, Kind, Meta, Ref};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub fn run(site: &mut Site, diags: &mut Diagnostics) {
    check_references(site, diags);
    check_unique(site, diags);
    check_attachments(site, diags);
    check_departments(site, diags);
    check_tasks(site, diags);
    super::index_lock::assign(site, diags);
}

/// A task's `lead` should be a listed department (a warning, like `department`), and its
/// `source` reference must exist. A source that is withheld is left out of the output with a
/// warning naming both files (degrade, don't fail: withdrawing a document never breaks a task).
fn check_tasks(site: &mut Site, diags: &mut Diagnostics) {
    let known = &site.config.departments;
    let mut dropped = Vec::new();
    for (i, e) in site.entries.iter().enumerate() {
        let Meta::Task(t) = &e.meta else { continue };
        if !known.is_empty() && !known.contains(&t.lead.value) {
            diags.push(unknown_department(known, &e.path, &t.lead, "lead"));
        }
        let Some(crate::content::TaskSource::Ref(r)) = &t.source else { continue };
        if site.by_key.contains_key(&r.key) {
            continue;
        }
        match site.withheld_keys.get(&r.key) {
            // The source's own parse error is the one root cause: left out without a message.
            Some(crate::content::gate::Reason::Unreadable) => dropped.push(i),
            Some(reason) => {
                let text = msg::in_field("source", &msg::ref_withheld(&e.path, &r.key, &reason.text()));
                diags.push(Diagnostic::warning(&e.path, r.line, r.col, msg::withheld_source(text)));
                dropped.push(i);
            }
            None => diags.push(ref_error(
                &e.path,
                (r.line, r.col),
                msg::in_field("source", &msg::ref_missing(&e.path, &r.key)),
            )),
        }
    }
    for i in dropped {
        if let Meta::Task(t) = &mut site.entries[i].meta {
            t.source = None;
        }
    }
}

/// `what` (department, lead) names a unit not listed in site.yaml: a warning with a hint.
fn unknown_department(known: &[String], path: &str, d: &Located<String>, what: &str) -> Diagnostic {
    let guess = crate::diagnostics::did_you_mean(&d.value, known.iter().map(String::as_str));
    Diagnostic::warning(path, d.line, d.col, msg::unknown_department(what, &d.value, guess))
}

fn refs_of(e: &Entry) -> Vec<(&'static str, &Ref)> {
    match &e.meta {
        Meta::Document(d) => d
            .replaced_by
            .iter()
            .map(|r| ("replaced_by", r))
            .chain(d.interprets.iter().map(|r| ("interprets", r)))
            .chain(d.amended_by.iter().map(|r| ("amended_by", r)))
            .collect(),
        Meta::Issue(is) => is.contents.iter().map(|r| ("contents", r)).collect(),
        _ => Vec::new(),
    }
}

fn check_references(site: &Site, diags: &mut Diagnostics) {
    for (i, e) in site.entries.iter().enumerate() {
        for (field, r) in refs_of(e) {
            if let Some(problem) = site.reference_problem(&e.path, &r.key) {
                if problem == RefProblem::Unparsed {
                    continue;
                }
                let message = msg::in_field(field, &problem.message());
                if let RefProblem::Withheld(_) = problem {
                    diags.push(withheld_ref_warning(&e.path, (r.line, r.col), message));
                    continue;
                }
                let mut d = ref_error(&e.path, (r.line, r.col), message);
                // A draft in preview is not published: its broken references are warnings there.
                if site.drafts.contains_key(&i) {
                    d.severity = crate::diagnostics::Severity::Warning;
                }
                diags.push(d);
                continue;
            }
            let target = site.entry(&r.key).map(|t| t.kind);
            if target != Some(Kind::Document) {
                diags.push(Diagnostic::error(&e.path, r.line, r.col, msg::ref_not_document(field, &r.key)));
            }
        }
        if let Meta::Document(d) = &e.meta {
            check_amendments(site, e, d, diags);
            if let Some(r) = &d.replaced_by {
                if r.key == e.key {
                    diags.push(Diagnostic::error(&e.path, r.line, r.col, msg::replaced_by_itself()));
                }
            }
        }
    }
}

/// An amending document comes after the one it amends, and the amendment takes effect (the
/// `validity_date`) no earlier than the amending document.
fn check_amendments(site: &Site, e: &Entry, d: &crate::content::Document, diags: &mut Diagnostics) {
    for r in &d.amended_by {
        let Some(t) = site.entry(&r.key) else { continue };
        let (mine, theirs) = (e.common.date.value, t.common.date.value);
        let problem = if r.key == e.key {
            Some(Amendment::Itself)
        } else if theirs < mine {
            Some(Amendment::Earlier { key: &r.key, theirs: theirs.to_string(), mine: mine.to_string() })
        } else {
            d.validity_date.as_ref().filter(|v| v.value < theirs).map(|v| Amendment::AfterEffect {
                key: &r.key,
                theirs: theirs.to_string(),
                effective: v.value.to_string(),
            })
        };
        if let Some(a) = problem {
            diags.push(Diagnostic::error(&e.path, r.line, r.col, msg::bad_amendment(a)));
        }
    }
}

fn check_unique(site: &Site, diags: &mut Diagnostics) {
    let mut codes: HashMap<String, &str> = HashMap::new();
    let mut index_numbers: HashMap<&str, &str> = HashMap::new();
    let mut doc_numbers: HashMap<String, &str> = HashMap::new();
    let mut issues: HashMap<(String, i16, u32), &str> = HashMap::new();
    for e in &site.entries {
        match &e.meta {
            Meta::Approval(a) => {
                if let Some(other) = codes.insert(a.code.value.to_lowercase(), &e.path) {
                    diags.push(Diagnostic::error(
                        &e.path,
                        a.code.line,
                        a.code.col,
                        msg::duplicate_code(&a.code.value, other),
                    ));
                }
            }
            Meta::Document(d) => {
                if let Some(n) = &d.index_number {
                    if let Some(other) = index_numbers.insert(&n.value, &e.path) {
                        diags.push(Diagnostic::error(
                            &e.path,
                            n.line,
                            n.col,
                            msg::duplicate_index_number(&n.value, other),
                        ));
                    }
                }
                if let Some(n) = &d.doc_number {
                    let norm = crate::content::docnum::normalise(&n.value).unwrap_or_else(|| n.value.clone());
                    if let Some(other) = doc_numbers.insert(norm, &e.path) {
                        diags.push(Diagnostic::warning(
                            &e.path,
                            n.line,
                            n.col,
                            msg::duplicate_doc_number(&n.value, other),
                        ));
                    }
                }
            }
            Meta::Issue(is) => {
                if let Some(other) = issues.insert((is.journal.clone(), is.year, is.number.value), &e.path) {
                    diags.push(Diagnostic::error(
                        &e.path,
                        is.number.line,
                        is.number.col,
                        msg::duplicate_issue(is.number.value, is.year, other),
                    ));
                }
            }
            _ => {}
        }
    }
}

fn check_attachments(site: &Site, diags: &mut Diagnostics) {
    for e in &site.entries {
        let Meta::Document(d) = &e.meta else { continue };
        let dir = e.key.rsplit_once('/').map_or("", |(d, _)| d);
        for a in &d.attachments {
            if !crate::content::slug::is_allowed_attachment(&a.value) {
                continue; // already reported where it was read (a path, a refused type)
            }
            let key = format!("{dir}/{}", a.value);
            if let Some(owner) = site.withheld_assets.get(&key) {
                diags.push(Diagnostic::error(&e.path, a.line, a.col, msg::withheld_attachment(&a.value, owner)));
            } else if !site.assets.contains(&key) {
                diags.push(Diagnostic::error(&e.path, a.line, a.col, msg::missing_attachment(&key)));
            }
        }
    }
}

fn check_departments(site: &Site, diags: &mut Diagnostics) {
    let known = &site.config.departments;
    if known.is_empty() {
        return;
    }
    for e in &site.entries {
        let Some(d) = &e.common.department else {
            continue;
        };
        if !known.contains(&d.value) {
            diags.push(unknown_department(known, &e.path, d, "department"));
        }
    }
}
