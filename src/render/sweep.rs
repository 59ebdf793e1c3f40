//! A build's pages of paginated lists of entries, rendered together newest entries first, so
//! that each entry's card is made once however many lists show it ([`super::cards`]).

use rayon::prelude::*;

use super::bodies::Model;
use super::cards::Cards;
use super::job::Job;
use super::planner::Section;
use crate::diagnostics::Diagnostic;

/// The sections whose pages are paginated lists of entries, newest first (by date, then URL):
/// a build renders their pages together, in that order ([`sweep`]).
pub const SWEPT: [Section; 4] = [Section::Documents, Section::Catalog, Section::Validity, Section::Taxonomies];

/// Render the pages of paginated lists (`jobs`, their entries left for [`Job::fill`]) with
/// `render`, in the order of their first entry, newest first, one page after another on every
/// core: every list runs in that order, so an entry's card is made for the first page that
/// shows it and dropped after the last, and the cards held at once are about those of one page
/// per list. What `render` returns, in no particular order.
pub(super) fn sweep(
    model: &Model,
    jobs: Vec<Job>,
    render: &(dyn Fn(Job) -> Option<Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    let views = &model.views;
    let mut order: Vec<u32> = (0..views.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&views[a as usize], &views[b as usize]);
        (&b.date, &a.url).cmp(&(&a.date, &b.url))
    });
    let mut rank = vec![0u32; views.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut jobs: Vec<(u32, Job)> =
        jobs.into_iter().map(|j| (j.later().map(|i| rank[i as usize]).min().unwrap_or(0), j)).collect();
    jobs.sort_by_key(|(first, _)| *first);
    let cards = Cards::new(views.len(), jobs.iter().flat_map(|(_, j)| j.later()));
    crate::diagnostics::memory_checkpoint("sweep start");
    // `par_bridge` hands the pages out in order: one front, not one per core.
    jobs.into_iter()
        .par_bridge()
        .filter_map(|(_, mut j)| {
            j.fill(model, &|i| cards.take(i, &views[i]));
            render(j)
        })
        .collect()
}
