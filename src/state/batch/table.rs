//! The batch's table: its rows filtered by state and sorted, ties broken by job ID.

use super::entry::BatchEntry;
use super::watch::{BatchSort, BatchWatch};
use crate::job::{created_ms, shown_state, Elapsed};
use std::cmp::Ordering;

/// The entries to show, in order.
///
/// ```
/// use milvus_import_monitor::state::batch::{batch_rows, BatchAction, BatchSort, BatchWatch};
/// let mut batch = BatchWatch::default();
/// batch.entries = ["462422016000000002", "462422016000000001"].iter().map(|id| milvus_import_monitor::state::batch::BatchEntry::new(id, 0.0)).collect();
/// let batch = batch.apply(BatchAction::Sort(BatchSort::Job)).unwrap();
/// assert_eq!(batch_rows(&batch)[0].job_id, "462422016000000001");
/// ```
pub fn batch_rows(batch: &BatchWatch) -> Vec<&BatchEntry> {
    ordered(batch, batch.filter.as_deref())
}

/// Every entry in the table's order, whatever its filter: what an export writes.
pub fn all_batch_rows(batch: &BatchWatch) -> Vec<&BatchEntry> {
    ordered(batch, None)
}

fn ordered<'a>(batch: &'a BatchWatch, filter: Option<&str>) -> Vec<&'a BatchEntry> {
    let shown = |e: &&BatchEntry| {
        filter.is_none_or(|f| e.job.as_deref().is_some_and(|j| shown_state(j) == f)) && batch.server_filter.is_none_or(|s| e.server == s)
    };
    let mut rows: Vec<&BatchEntry> = batch.entries.iter().filter(shown).collect();
    let order = |a: &&BatchEntry, b: &&BatchEntry| compare(batch.sort.key, a, b);
    batch.sort.sort(&mut rows, order, |a, b| a.job_id.cmp(&b.job_id));
    rows
}

fn compare(key: BatchSort, a: &BatchEntry, b: &BatchEntry) -> Ordering {
    let job = |e: &BatchEntry| e.job.clone();
    let (ja, jb) = (job(a), job(b));
    match key {
        BatchSort::Job => a.job_id.len().cmp(&b.job_id.len()).then_with(|| a.job_id.cmp(&b.job_id)),
        BatchSort::Server => a.server.cmp(&b.server),
        BatchSort::Collection => ja.map(|j| j.collection_name.clone()).cmp(&jb.map(|j| j.collection_name.clone())),
        BatchSort::State => ja.map(|j| shown_state(&j)).cmp(&jb.map(|j| shown_state(&j))),
        BatchSort::Progress => ja.map(|j| j.progress).cmp(&jb.map(|j| j.progress)),
        BatchSort::Rows => ja.and_then(|j| j.imported_rows).cmp(&jb.and_then(|j| j.imported_rows)),
        BatchSort::Created => created(a).total_cmp(&created(b)),
        BatchSort::Duration => {
            let (da, db) = (duration(a), duration(b));
            da.0.cmp(&db.0).then_with(|| da.1.total_cmp(&db.1))
        }
    }
}

fn created(entry: &BatchEntry) -> f64 {
    entry.job.as_deref().and_then(created_ms).or_else(|| crate::job::id::created_ms(&entry.job_id)).unwrap_or(f64::INFINITY)
}

/// The order of the Duration column without a clock: finished jobs by their duration (a
/// failure's bound as its duration), then those whose end nobody knows, then the running ones,
/// the oldest (longest running) last.
fn duration(entry: &BatchEntry) -> (u8, f64) {
    match entry.job.as_deref().map(|j| entry.tracker.elapsed(j, 0.0)) {
        Some(Elapsed::Took(ms) | Elapsed::FailedWithin(ms)) => (0, ms),
        Some(Elapsed::Unknown) => (1, 0.0),
        Some(Elapsed::Running(_)) | None => (2, -created(entry)),
    }
}

/// The states the batch's filter offers: those its jobs are shown in (*Aborted* apart from
/// *Failed*), each with how many jobs, in the page's order of states; and the one selected,
/// also when no job is in it any more. A 2.5 batch offers no *Uncommitted*.
///
/// ```
/// use milvus_import_monitor::state::batch::{state_options, BatchEntry, BatchWatch};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// let mut entry = BatchEntry::new("1", 0.0);
/// entry.observe(ImportJob { job_id: "1".into(), state: JobState::Importing, ..Default::default() }, None, 0.0);
/// let batch = BatchWatch { entries: vec![entry], filter: Some("Completed".into()), ..BatchWatch::default() };
/// assert_eq!(state_options(&batch), [("Importing".to_owned(), 1), ("Completed".to_owned(), 0)]);
/// ```
pub fn state_options(batch: &BatchWatch) -> Vec<(String, usize)> {
    let shown: Vec<String> = batch.entries.iter().filter_map(|e| e.job.as_deref()).map(shown_state).collect();
    let count = |state: &str| shown.iter().filter(|s| *s == state).count();
    let mut options: Vec<String> =
        crate::job::shown_states().filter(|s| count(s) > 0 || batch.filter.as_deref() == Some(*s)).map(str::to_owned).collect();
    for state in shown.iter().chain(batch.filter.as_ref()) {
        if !options.contains(state) {
            options.push(state.clone());
        }
    }
    options.into_iter().map(|state| (state.clone(), count(&state))).collect()
}
