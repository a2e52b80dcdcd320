//! The copy of each watched job kept in this browser, for when the server has forgotten it
//! (retention: 3 h by default before 2.6.24 and 3.0.2, 48 h from them): the stored schema, its
//! key, how much is kept and how often it is written, and the writing and reading over any [`Storage`]: a key per job, an index of
//! them, the oldest dropped when the store is full, and the single list an earlier version kept
//! moved once. Never the token.

pub mod file;
pub mod keeper;
pub mod loads;
pub mod store;

use crate::model::ImportJob;
use crate::storage::Storage;
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// Where the kept jobs were stored before each had a key of its own: read once and moved.
pub const HISTORY_KEY: &str = "milvus-import-monitor.history";
/// The local-storage key of the index: which jobs are kept, and when each was saved.
pub const INDEX_KEY: &str = "milvus-import-monitor.kept";
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
    /// The batch it was watched in ([`batch_key`]), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

/// The same job ID on two servers is two jobs.
pub fn kept_key(endpoint: &str, job_id: &str) -> String {
    format!("{endpoint} {job_id}")
}

/// The local-storage key one kept job is stored under. Each job has its own, so keeping one
/// job writes that job alone: a batch of 50 jobs, each written every 30 s, once rewrote every
/// job's copy (~1 MB) about twice a second, a long task each time (issue 19).
pub fn storage_key(key: &str) -> String {
    format!("{INDEX_KEY}:{key}")
}

/// The kept jobs in stored text (the list [`HISTORY_KEY`] held); anything unreadable is no
/// history, not an error.
pub fn read_kept(text: &str) -> Vec<KeptJob> {
    serde_json::from_str(text).unwrap_or_default()
}

/// One kept job in stored text, if it is one.
pub fn read_one(text: &str) -> Option<KeptJob> {
    serde_json::from_str(text).ok()
}

/// Which jobs are kept, oldest first: each one's [`kept_key`] and when it was saved.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KeptIndex(pub Vec<(String, f64)>);

impl KeptIndex {
    /// The index in stored text; anything unreadable is an empty index.
    pub fn read(text: &str) -> KeptIndex {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// After keeping `key` at `saved_at_ms`: it becomes the newest, and the keys beyond
    /// [`HISTORY_LIMIT`] (the oldest) are returned to be removed.
    ///
    /// ```
    /// use milvus_import_monitor::history::{KeptIndex, HISTORY_LIMIT};
    /// let mut index = KeptIndex::default();
    /// let mut dropped = vec![];
    /// for id in 0..HISTORY_LIMIT + 2 { dropped.extend(index.keep(&id.to_string(), id as f64)); }
    /// index.keep("5", 999.0);
    /// assert_eq!(dropped, ["0", "1"], "the oldest went first");
    /// assert_eq!(index.0.len(), HISTORY_LIMIT);
    /// assert_eq!(index.0.last(), Some(&("5".to_owned(), 999.0)), "kept again: now the newest");
    /// ```
    pub fn keep(&mut self, key: &str, saved_at_ms: f64) -> Vec<String> {
        self.0.retain(|(k, _)| k != key);
        self.0.push((key.to_owned(), saved_at_ms));
        let excess = self.0.len().saturating_sub(HISTORY_LIMIT);
        self.0.drain(..excess).map(|(k, _)| k).collect()
    }

    /// The oldest kept job, to make room when storage is full.
    pub fn drop_oldest(&mut self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.remove(0).0)
    }
}

/// A job's copy to keep: its timeline is `timeline`, or, when `None` (a batch records none),
/// the one kept before, which must not be erased.
///
/// ```
/// use milvus_import_monitor::history::{kept_copy, kept_key};
/// use milvus_import_monitor::model::ImportJob;
/// use milvus_import_monitor::timeline::Timeline;
/// let job = ImportJob { job_id: "7".into(), ..Default::default() };
/// let first = kept_copy(None, "http://m:19530", &job, 1.0, Some(&Timeline::default()));
/// let again = kept_copy(Some(first), "http://m:19530", &job, 2.0, None);
/// assert_eq!(again.key, kept_key("http://m:19530", "7"));
/// assert_eq!((again.saved_at_ms, again.timeline.is_some()), (2.0, true));
/// ```
pub fn kept_copy(before: Option<KeptJob>, endpoint: &str, job: &ImportJob, saved_at_ms: f64, timeline: Option<&Timeline>) -> KeptJob {
    let timeline = timeline.cloned().or(before.and_then(|k| k.timeline));
    KeptJob { key: kept_key(endpoint, &job.job_id), saved_at_ms, job: job.clone(), timeline, batch: None }
}

/// What names a batch in the history: its size and the first of its jobs' keys (in order), so
/// the same jobs watched together again are the same batch. `None` for fewer than two jobs.
///
/// ```
/// use milvus_import_monitor::history::batch_key;
/// let key = batch_key(&[("http://b:19530", "2"), ("http://a:19530", "9"), ("http://a:19530", "1")]);
/// assert_eq!(key.as_deref(), Some("3 jobs from http://a:19530 1"));
/// assert_eq!(batch_key(&[("http://a:19530", "1")]), None);
/// ```
pub fn batch_key(jobs: &[(&str, &str)]) -> Option<String> {
    let first = jobs.iter().map(|(endpoint, id)| kept_key(endpoint, id)).min()?;
    (jobs.len() >= 2).then(|| format!("{} jobs from {first}", jobs.len()))
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

/// The list an earlier version kept under one key ([`HISTORY_KEY`]), moved (once) to a key per
/// job; then the store.
fn moved<S: Storage>(storage: &S) -> &S {
    if let Some(old) = storage.get(HISTORY_KEY) {
        storage.remove(HISTORY_KEY);
        let mut index = read_index(storage);
        for kept in read_kept(&old) {
            write_one(storage, &mut index, &kept);
        }
        write_index(storage, &index);
    }
    storage
}

fn read_index(storage: &impl Storage) -> KeptIndex {
    KeptIndex::read(&storage.get(INDEX_KEY).unwrap_or_default())
}

fn write_index(storage: &impl Storage, index: &KeptIndex) {
    let _ = storage.set(INDEX_KEY, &serde_json::to_string(index).unwrap_or_default());
}

fn read_kept_job(storage: &impl Storage, key: &str) -> Option<KeptJob> {
    read_one(&storage.get(&storage_key(key))?)
}

/// Writes one job's copy and notes it in `index`, removing the copies the index lets go; a
/// full store drops the oldest until it fits (or nothing is left to drop).
fn write_one(storage: &impl Storage, index: &mut KeptIndex, kept: &KeptJob) {
    for gone in index.keep(&kept.key, kept.saved_at_ms) {
        storage.remove(&storage_key(&gone));
    }
    let text = serde_json::to_string(kept).unwrap_or_default();
    while storage.set(&storage_key(&kept.key), &text).is_err() {
        let Some(oldest) = index.drop_oldest() else { return };
        storage.remove(&storage_key(&oldest));
    }
}

/// Keeps the job's last snapshot, with its timeline.
pub fn keep_job(storage: &impl Storage, endpoint: &str, job: &ImportJob, saved_at_ms: f64, timeline: &Timeline) {
    let storage = moved(storage);
    let mut index = read_index(storage);
    write_one(storage, &mut index, &kept_copy(None, endpoint, job, saved_at_ms, Some(timeline)));
    write_index(storage, &index);
}

/// Keeps several jobs' last snapshots (a batch's), each keeping the timeline a single watch
/// recorded for it; the index is written once.
pub fn keep_jobs(storage: &impl Storage, endpoint: &str, jobs: &[(ImportJob, f64)]) {
    let storage = moved(storage);
    let mut index = read_index(storage);
    for (job, at) in jobs {
        let before = read_kept_job(storage, &kept_key(endpoint, &job.job_id));
        write_one(storage, &mut index, &kept_copy(before, endpoint, job, *at, None));
    }
    write_index(storage, &index);
}

/// Every kept copy, oldest first, taken out of `storage` (each copy and the index removed): what
/// the History tab's database takes over once.
pub fn take_all(storage: &impl Storage) -> Vec<KeptJob> {
    // Nothing kept: nothing read or written (this runs before every call on the history).
    if storage.get(INDEX_KEY).is_none() && storage.get(HISTORY_KEY).is_none() {
        return Vec::new();
    }
    let storage = moved(storage);
    let index = read_index(storage);
    let kept = index.0.iter().filter_map(|(key, _)| read_kept_job(storage, key)).collect();
    for (key, _) in &index.0 {
        storage.remove(&storage_key(key));
    }
    storage.remove(INDEX_KEY);
    kept
}

/// The kept copy of a job.
pub fn kept_job(storage: &impl Storage, endpoint: &str, job_id: &str) -> Option<KeptJob> {
    read_kept_job(moved(storage), &kept_key(endpoint, job_id))
}
