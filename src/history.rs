//! The copy of each watched job kept in this browser, for when the server has forgotten it
//! (retention, 3 h by default): the stored schema, its key, how much is kept and how often it
//! is written. The storage calls themselves are in `view::browser`. Never the token.

use crate::model::ImportJob;
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// The local-storage key of the kept jobs.
pub const HISTORY_KEY: &str = "milvus-import-monitor.history";
/// Jobs kept; the oldest is dropped first. Room for a batch of 50 and more; the storage quota
/// (a 1,024-file job is ~200 KB) drops the oldest sooner when it must.
pub const HISTORY_LIMIT: usize = 100;
/// How often a moving job's snapshot is written to storage, at most.
pub const KEEP_SNAPSHOT_EVERY_MS: f64 = 30_000.0;

/// One kept job, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptJob {
    /// [`kept_key`] of the endpoint and job ID.
    pub key: String,
    pub saved_at_ms: f64,
    pub job: ImportJob,
    /// What the page recorded over time (absent in copies kept before the charts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// The same job ID on two servers is two jobs.
pub fn kept_key(endpoint: &str, job_id: &str) -> String {
    format!("{endpoint} {job_id}")
}

/// The kept jobs in stored text; anything unreadable is no history, not an error.
pub fn read_kept(text: &str) -> Vec<KeptJob> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The kept jobs after keeping `job`: its older copy replaced, the oldest dropped beyond
/// [`HISTORY_LIMIT`].
///
/// ```
/// use milvus_import_monitor::history::{kept_after, HISTORY_LIMIT};
/// use milvus_import_monitor::model::ImportJob;
/// let job = |id: usize| ImportJob { job_id: id.to_string(), ..Default::default() };
/// let mut kept = vec![];
/// for id in 0..HISTORY_LIMIT + 2 { kept = kept_after(kept, "http://m:19530", &job(id), id as f64); }
/// kept = kept_after(kept, "http://m:19530", &job(5), 99.0);
/// assert_eq!(kept.len(), HISTORY_LIMIT);
/// assert_eq!(kept.first().map(|k| k.job.job_id.as_str()), Some("2"), "the oldest went first");
/// assert_eq!(kept.last().map(|k| k.saved_at_ms), Some(99.0), "kept again: now the newest");
/// ```
pub fn kept_after(kept: Vec<KeptJob>, endpoint: &str, job: &ImportJob, saved_at_ms: f64) -> Vec<KeptJob> {
    kept_with_timeline(kept, endpoint, job, saved_at_ms, None)
}

/// As [`kept_after`], with what the page recorded over time; `None` keeps the timeline kept
/// before (a batch records none, and must not erase one a single watch recorded).
pub fn kept_with_timeline(
    mut kept: Vec<KeptJob>,
    endpoint: &str,
    job: &ImportJob,
    saved_at_ms: f64,
    timeline: Option<&Timeline>,
) -> Vec<KeptJob> {
    let key = kept_key(endpoint, &job.job_id);
    let position = kept.iter().position(|k| k.key == key);
    let older = position.map(|at| kept.remove(at)).and_then(|k| k.timeline);
    let timeline = timeline.cloned().or(older);
    kept.push(KeptJob { key, saved_at_ms, job: job.clone(), timeline });
    let excess = kept.len().saturating_sub(HISTORY_LIMIT);
    kept.drain(..excess);
    kept
}

/// The kept jobs after keeping each of `jobs` (with when it was seen), as [`kept_after`] does
/// for one: a batch is written in one go.
pub fn kept_after_all(kept: Vec<KeptJob>, endpoint: &str, jobs: &[(ImportJob, f64)]) -> Vec<KeptJob> {
    jobs.iter().fold(kept, |kept, (job, at)| kept_after(kept, endpoint, job, *at))
}

/// The kept copy of a job.
pub fn find_kept(kept: Vec<KeptJob>, endpoint: &str, job_id: &str) -> Option<KeptJob> {
    let key = kept_key(endpoint, job_id);
    kept.into_iter().find(|k| k.key == key)
}

/// Whether a live snapshot (job ID, state, received at) should be written to storage, given the
/// last one written: always for another job or a new state, else at most every
/// [`KEEP_SNAPSHOT_EVERY_MS`]. A 1,024-file job serialises to ~200 KB of JSON, and the copy
/// only matters hours later, once the server has forgotten the job.
///
/// ```
/// use milvus_import_monitor::history::keep_snapshot_due;
/// assert!(keep_snapshot_due(None, ("7", "Importing", 0.0)));
/// assert!(!keep_snapshot_due(Some(("7", "Importing", 0.0)), ("7", "Importing", 2_000.0)));
/// assert!(keep_snapshot_due(Some(("7", "Importing", 0.0)), ("7", "Completed", 2_000.0)));
/// assert!(keep_snapshot_due(Some(("7", "Importing", 0.0)), ("7", "Importing", 30_000.0)));
/// ```
pub fn keep_snapshot_due(last: Option<(&str, &str, f64)>, now: (&str, &str, f64)) -> bool {
    match last {
        Some((id, state, at)) if id == now.0 && state == now.1 => now.2 - at >= KEEP_SNAPSHOT_EVERY_MS,
        _ => true,
    }
}
