//! The batch's table: its rows filtered by state and sorted, ties broken by job ID.

use super::entry::BatchEntry;
use super::watch::{BatchSort, BatchWatch};
use crate::watch::created_ms;
use std::cmp::Ordering;

/// The entries to show, in order.
///
/// ```
/// use milvus_import_monitor::batch::{batch_rows, BatchAction, BatchSort, BatchWatch};
/// let mut batch = BatchWatch::default();
/// batch.entries = ["462422016000000002", "462422016000000001"].iter().map(|id| milvus_import_monitor::batch::BatchEntry::new(id, 0.0)).collect();
/// let batch = batch.apply(BatchAction::Sort(BatchSort::Job)).unwrap();
/// assert_eq!(batch_rows(&batch)[0].job_id, "462422016000000001");
/// ```
pub fn batch_rows(batch: &BatchWatch) -> Vec<&BatchEntry> {
    let mut rows: Vec<&BatchEntry> =
        batch.entries.iter().filter(|e| batch.filter.as_ref().is_none_or(|f| e.job.as_ref().is_some_and(|j| &j.state == f))).collect();
    let order = |a: &&BatchEntry, b: &&BatchEntry| compare(batch.sort.key, a, b);
    batch.sort.sort(&mut rows, order, |a, b| a.job_id.cmp(&b.job_id));
    rows
}

fn compare(key: BatchSort, a: &BatchEntry, b: &BatchEntry) -> Ordering {
    let job = |e: &BatchEntry| e.job.clone();
    let (ja, jb) = (job(a), job(b));
    match key {
        BatchSort::Job => a.job_id.len().cmp(&b.job_id.len()).then_with(|| a.job_id.cmp(&b.job_id)),
        BatchSort::Collection => ja.map(|j| j.collection_name.clone()).cmp(&jb.map(|j| j.collection_name.clone())),
        BatchSort::State => ja.map(|j| j.state.to_string()).cmp(&jb.map(|j| j.state.to_string())),
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
    entry.job.as_deref().and_then(created_ms).or_else(|| crate::job_id::created_ms(&entry.job_id)).unwrap_or(f64::INFINITY)
}

/// The order of the Duration column without a clock: finished jobs by their duration, then
/// the running ones, the oldest (longest running) last.
fn duration(entry: &BatchEntry) -> (bool, f64) {
    let finished = entry.tracker.finished_ms().zip(entry.job.as_deref()).and_then(|(end, j)| entry.tracker.elapsed_ms(j, end));
    match finished {
        Some(ms) => (false, ms),
        None => (true, -created(entry)),
    }
}
