//! Kind-specific parts of entry views: document metadata and links, ranked bulletin tables,
//! approval items with their timeline and history, journal issues.

use std::collections::HashMap;

use super::views::*;
use crate::content::{slug, Approval, Bulletin, DocType, Document, Meta, Task, TaskSource};
use crate::site::Site;
use crate::urls::encode_path;

/// Site-wide lookups that entry views need (documents by 文号, links into each document).
pub struct Lookups {
    pub(super) by_number: HashMap<String, usize>,
    pub(super) reverse: Reverse,
    /// URL slug of each task's lead unit (`/tasks/lead/<slug>/`).
    pub(super) leads: HashMap<String, String>,
}

impl Lookups {
    pub fn new(site: &Site) -> Self {
        Lookups { by_number: site.document_by_number(), reverse: Reverse::new(site), leads: lead_slugs(site) }
    }
}

/// URL slug of every task's lead unit, unique (pinyin, `-2` on a clash).
pub fn lead_slugs(site: &Site) -> HashMap<String, String> {
    let mut names: Vec<&str> = site
        .entries
        .iter()
        .filter_map(|e| match &e.meta {
            Meta::Task(t) => Some(t.lead.value.as_str()),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut used: HashMap<String, usize> = HashMap::new();
    names
        .into_iter()
        .map(|n| {
            let base = slug::derive(n);
            let k = used.entry(base.clone()).or_insert(0);
            *k += 1;
            (n.to_string(), if *k == 1 { base } else { format!("{base}-{k}") })
        })
        .collect()
}

/// Links into each document from others: interpretations, replacements, journal issues.
pub(super) struct Reverse {
    interpretations: HashMap<String, Vec<usize>>,
    replaces: HashMap<String, Vec<usize>>,
    amends: HashMap<String, Vec<usize>>,
    journals: HashMap<String, Vec<usize>>,
}

impl Reverse {
    fn new(site: &Site) -> Self {
        let mut r = Reverse {
            interpretations: HashMap::new(),
            replaces: HashMap::new(),
            amends: HashMap::new(),
            journals: HashMap::new(),
        };
        for (i, e) in site.entries.iter().enumerate() {
            match &e.meta {
                Meta::Document(d) => {
                    if let Some(t) = &d.interprets {
                        r.interpretations.entry(t.key.clone()).or_default().push(i);
                    }
                    if let Some(t) = &d.replaced_by {
                        r.replaces.entry(t.key.clone()).or_default().push(i);
                    }
                    for t in &d.amended_by {
                        r.amends.entry(t.key.clone()).or_default().push(i);
                    }
                }
                Meta::Issue(is) => {
                    for c in &is.contents {
                        r.journals.entry(c.key.clone()).or_default().push(i);
                    }
                }
                _ => {}
            }
        }
        r
    }
}

fn link(site: &Site, i: usize) -> Link {
    Link { title: site.entries[i].common.title.value.clone(), url: site.urls.get(i).to_string() }
}

fn link_key(site: &Site, key: &str) -> Option<Link> {
    site.by_key.get(key).map(|&i| link(site, i))
}

pub(super) fn document_view(site: &Site, i: usize, d: &Document, rev: &Reverse) -> DocView {
    let e = &site.entries[i];
    let dir = e.key.rsplit_once('/').map_or("", |(d, _)| d);
    let url = site.urls.get(i);
    let mut attachments = Vec::new();
    for a in &d.attachments {
        // Copied by the output stage (`render::attachments`); sized by the load stage.
        let size = site.asset_sizes.get(&format!("{dir}/{}", a.value)).copied().unwrap_or(0);
        attachments.push(Attachment {
            name: a.value.clone(),
            url: format!("{url}{}", encode_path(&a.value)),
            size: human_size(size),
            kind: file_kind(&a.value),
        });
    }
    let many = |m: &HashMap<String, Vec<usize>>| {
        m.get(&e.key).map(|v| v.iter().map(|&j| link(site, j)).collect()).unwrap_or_default()
    };
    DocView {
        doc_number: d.doc_number.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
        index_number: site.index_numbers.get(&i).cloned().unwrap_or_default(),
        written: d.written.as_ref().map(|w| date_str(w.value)).unwrap_or_default(),
        doc_type: match d.doc_type {
            DocType::General => "普发类文件",
            DocType::Office => "办公室文件",
            DocType::Speech => "领导讲话",
            DocType::Letter => "函",
        },
        genre: d.genre.clone().unwrap_or_default(),
        validity: d.validity,
        validity_label: d.validity.label(),
        effective: d.validity == crate::content::Validity::Effective,
        validity_date: d.validity_date.as_ref().map(|v| date_str(v.value)).unwrap_or_default(),
        amended_by: d.amended_by.iter().filter_map(|r| link_key(site, &r.key)).collect(),
        amends: many(&rev.amends),
        replaced_by: d.replaced_by.as_ref().and_then(|r| link_key(site, &r.key)),
        interprets: d.interprets.as_ref().and_then(|r| link_key(site, &r.key)),
        interpretations: many(&rev.interpretations),
        replaces: many(&rev.replaces),
        attachments,
        journals: many(&rev.journals),
    }
}

pub(super) fn bulletin_view(v: &EntryView, b: &Bulletin) -> BulletinView {
    let table = b.table.as_ref().map(|t| {
        let mut rows: Vec<&Vec<crate::content::Cell>> = t.rows.iter().collect();
        if let Some(c) = t.rank_by {
            rows.sort_by(|a, b| {
                let (x, y) = (a.get(c).and_then(|x| x.number()), b.get(c).and_then(|x| x.number()));
                y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal).then_with(|| y.is_some().cmp(&x.is_some()))
            });
        }
        let ranks = match t.rank_by {
            Some(c) => competition_ranks(&rows.iter().map(|r| r.get(c).and_then(|x| x.number())).collect::<Vec<_>>()),
            None => (1..=rows.len()).map(|n| Rank { rank: n, tied: false }).collect(),
        };
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.text()).collect()).collect();
        let rank_column = t.rank_by.unwrap_or(0);
        let chart = t.rank_by.map(|c| super::chart::bar_chart(&v.title, &t.columns[c], &rows, c)).unwrap_or_default();
        TableView {
            columns: t.columns.clone(),
            rank_by: t.rank_by.map(|c| t.columns[c].clone()).unwrap_or_default(),
            rank_column,
            rows,
            ranks,
            chart,
            csv_url: format!("{}table.csv", v.url),
        }
    });
    BulletinView {
        series: b.series,
        series_label: b.series.label(),
        period: b.period.code(),
        period_label: b.period.label(),
        table,
    }
}

pub(super) fn item_view(site: &Site, a: &Approval, by_number: &HashMap<String, usize>) -> ItemView {
    let scale =
        a.statutory_days.value.max(a.promised_days.value).max(a.steps.iter().map(|s| s.days).sum()).max(1) as f64;
    let mut start = 0;
    let steps = a
        .steps
        .iter()
        .map(|s| {
            let v = StepView {
                name: s.name.clone(),
                days: s.days,
                start,
                end: start + s.days,
                left_pct: round1(start as f64 / scale * 100.0),
                width_pct: round1(s.days as f64 / scale * 100.0),
            };
            start += s.days;
            v
        })
        .collect();
    let statutory = a.statutory_days.value;
    let promised = a.promised_days.value;
    ItemView {
        code: a.code.value.clone(),
        category: a.category.clone().unwrap_or_default(),
        level: a.level,
        level_label: a.level.label(),
        legal_basis: a.legal_basis.clone(),
        statutory_days: statutory,
        promised_days: promised,
        reduction: reduction(statutory, promised),
        steps,
        steps_total: start,
        timeline: if a.steps.is_empty() {
            String::new()
        } else {
            super::chart::timeline(
                &a.steps.iter().map(|s| (s.name.clone(), s.days)).collect::<Vec<_>>(),
                promised,
                statutory,
            )
        },
        fee: a.fee.clone().unwrap_or_else(|| "不收费".into()),
        free: a.fee.is_none(),
        online: a.online,
        visits: a.visits,
        materials: a.materials.clone(),
        status: a.status,
        status_label: a.status.label(),
        merged_into: a
            .history
            .iter()
            .rev()
            .find(|c| c.change == crate::content::ChangeKind::Merged)
            .and_then(|c| c.to.as_ref())
            .and_then(|code| item_by_code(site, code)),
        delegated_to: a
            .history
            .iter()
            .rev()
            .find(|c| c.change == crate::content::ChangeKind::Delegated)
            .and_then(|c| c.to.clone())
            .unwrap_or_default(),
        history: a
            .history
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let ordinal = a.history[..=n].iter().filter(|o| o.date == c.date && o.change == c.change).count();
                let decision_url = c
                    .decision
                    .as_ref()
                    .and_then(|d| by_number.get(&crate::content::docnum::normalise(d).unwrap_or_else(|| d.clone())))
                    .map(|&i| site.urls.get(i).to_string());
                let mut view = ChangeView {
                    anchor: format!("change-{}-{}-{ordinal}", date_str(c.date), c.change.key()),
                    date: date_str(c.date),
                    change: c.change,
                    change_label: c.change.label(),
                    decision: c.decision.clone().unwrap_or_default(),
                    decision_url: decision_url.unwrap_or_default(),
                    from: c.from.clone().unwrap_or_default(),
                    to: c.to.clone().unwrap_or_default(),
                    note: c.note.clone().unwrap_or_default(),
                    item_title: String::new(),
                    item_url: String::new(),
                    item_code: a.code.value.clone(),
                };
                if view.note_restates() {
                    view.note.clear();
                }
                view
            })
            .collect(),
    }
}

/// The published approval item with this 事项编码 (case-insensitive), as a link.
fn item_by_code(site: &Site, code: &str) -> Option<Link> {
    let code = code.trim();
    site.entries.iter().enumerate().find_map(|(i, e)| match &e.meta {
        Meta::Approval(a) if a.code.value.eq_ignore_ascii_case(code) && !site.drafts.contains_key(&i) => Some(Link {
            title: format!("{}（{}）", e.common.title.value, a.code.value),
            url: site.urls.get(i).to_string(),
        }),
        _ => None,
    })
}

pub fn reduction(statutory: u32, promised: u32) -> u32 {
    if statutory == 0 {
        0
    } else {
        ((statutory.saturating_sub(promised)) as f64 / statutory as f64 * 100.0).round() as u32
    }
}

/// Competition ranking of values sorted in descending order: equal values share the rank of
/// the first of them (1, 1, 1, 4), and are marked tied.
pub(super) fn competition_ranks(sorted: &[Option<f64>]) -> Vec<Rank> {
    let mut out: Vec<Rank> = Vec::with_capacity(sorted.len());
    for (i, v) in sorted.iter().enumerate() {
        let same_as_prev = i > 0 && sorted[i - 1] == *v;
        let rank = if same_as_prev { out[i - 1].rank } else { i + 1 };
        let tied = same_as_prev || sorted.get(i + 1) == Some(v);
        out.push(Rank { rank, tied });
    }
    out
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(super) fn issue_view(site: &Site, is: &crate::content::Issue) -> IssueView {
    let journal_key = format!("journals/{}/_index.md", is.journal);
    let journal = link_key(site, &journal_key).unwrap_or(Link { title: is.journal.clone(), url: String::new() });
    let contents = is
        .contents
        .iter()
        .filter_map(|r| site.by_key.get(&r.key))
        .map(|&j| {
            let t = &site.entries[j];
            let doc_number = match &t.meta {
                Meta::Document(d) => d.doc_number.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
                _ => String::new(),
            };
            EntryLink {
                title: t.common.title.value.clone(),
                url: site.urls.get(j).to_string(),
                doc_number,
                department: t.common.department.as_ref().map(|d| d.value.clone()).unwrap_or_default(),
            }
        })
        .collect();
    IssueView { year: is.year, number: is.number.value, journal, contents }
}

pub(super) fn task_view(site: &Site, t: &Task, leads: &HashMap<String, String>) -> TaskView {
    let (source, source_url) = match &t.source {
        Some(TaskSource::Text(s)) => (s.clone(), String::new()),
        Some(TaskSource::Ref(r)) => link_key(site, &r.key).map(|l| (l.title, l.url)).unwrap_or_default(),
        None => Default::default(),
    };
    let mut progress: Vec<ProgressView> = Vec::with_capacity(t.progress.len());
    for p in &t.progress {
        let date = date_str(p.date);
        let nth = progress.iter().filter(|q| q.date == date).count() + 1;
        progress.push(ProgressView {
            id: format!("progress-{date}-{nth}"),
            date,
            note: p.note.clone().unwrap_or_default(),
            percent: p.percent,
        });
    }
    TaskView {
        source,
        source_url,
        lead: t.lead.value.clone(),
        lead_url: leads.get(&t.lead.value).map(|s| format!("/tasks/lead/{s}/")).unwrap_or_default(),
        partners: t.partners.clone(),
        due: date_str(t.due.value),
        status: t.status,
        status_label: t.status.label(),
        overdue: t.overdue(site.options.now),
        percent: t.percent(),
        progress,
    }
}

/// A published bulletin's table as `<its page>/table.csv`: 名次 first, as on the page; a tied
/// rank is the shared number, marked in 并列.
pub fn table_csv(v: &EntryView) -> Option<(String, Vec<u8>)> {
    let t = v.bulletin.as_ref().and_then(|b| b.table.as_ref()).filter(|_| v.draft.is_empty())?;
    let cols: Vec<&str> = ["名次", "并列"].into_iter().chain(t.columns.iter().map(String::as_str)).collect();
    let mut csv = super::formats::Csv::new(&cols);
    for (r, rank) in t.rows.iter().zip(&t.ranks) {
        let (n, tied) = (rank.rank.to_string(), if rank.tied { "是" } else { "" });
        csv.row(&[n.as_str(), tied].into_iter().chain(r.iter().map(String::as_str)).collect::<Vec<_>>());
    }
    Some((format!("{}table.csv", v.url.trim_start_matches('/')), csv.finish()))
}

#[cfg(test)]
mod rank_tests {
    use super::competition_ranks;

    #[test]
    fn ties_share_the_rank_of_the_first_and_the_next_rank_skips() {
        let r = competition_ranks(&[Some(100.0), Some(100.0), Some(100.0), Some(75.0), Some(60.0), Some(60.0)]);
        let got: Vec<(usize, bool)> = r.iter().map(|r| (r.rank, r.tied)).collect();
        assert_eq!(got, [(1, true), (1, true), (1, true), (4, false), (5, true), (5, true)]);
    }
}
