//! What a CDC pair's two stand-ins share as data: the messages of the primary's replication
//! log, and the standby's reading of it. Types only (`replication` does the work), so the store
//! can hold them without depending on the code that uses the store.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// One message of the primary's WAL that CDC copies to the standby as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum Message {
    #[serde(rename_all = "camelCase")]
    Import { job_id: String, numeric_id: i64, db: String, collection: String, files: Vec<Vec<String>> },
    #[serde(rename_all = "camelCase")]
    Commit { job_id: String },
    #[serde(rename_all = "camelCase")]
    Rollback { job_id: String },
}

/// The standby's side: what it has read, what waits for its lag, and the switch tests flip.
#[derive(Debug, Default)]
pub(crate) struct Replica {
    /// The last sequence number read from the primary.
    pub(crate) fetched: u64,
    /// Read, not applied yet: each with the simulated time it is due.
    pub(crate) inbox: VecDeque<(Message, f64)>,
    /// Nothing is read or applied (CDC down, or the standby's proxy).
    pub(crate) paused: bool,
    /// Overrides `--replication-lag` (simulated seconds).
    pub(crate) lag_secs: Option<f64>,
    /// Commits for a job this standby does not have yet: retried without end (13.6 C).
    pub(crate) retrying: Vec<String>,
}
