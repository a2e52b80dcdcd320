//! When a job may be committed or aborted by hand (Milvus 3.0 line, jobs created with
//! `auto_commit = "false"`), and what the page says otherwise.

use super::entry::BatchEntry;
use crate::job::BandTable;
use crate::model::{ImportJob, JobState};

/// What the page offers for a job's commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitOffer {
    /// A manual-commit job waits in `Uncommitted`: *Commit* and *Abort*.
    CommitOrAbort,
    /// A 3.0 auto-commit job committing itself (`Importing` at 99): it says why there is no
    /// button (the server answers "auto-commit, manual commit/abort not allowed").
    AutoCommit,
    /// Nothing: other states, or server lines without commit.
    Nothing,
}

/// The offer for `job` as last answered. Only `Uncommitted` can be committed; abort is offered
/// there too, and nowhere else (from `Committing` on the server refuses it).
///
/// ```
/// use milvus_import_monitor::state::batch::{commit_offer, CommitOffer};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::BandTable;
/// let waiting = ImportJob { state: JobState::Uncommitted, progress: 99, ..Default::default() };
/// assert_eq!(commit_offer(&waiting, BandTable::Modern), CommitOffer::CommitOrAbort);
/// let committing = ImportJob { state: JobState::Committing, progress: 99, ..Default::default() };
/// assert_eq!(commit_offer(&committing, BandTable::Modern), CommitOffer::Nothing);
/// ```
pub fn commit_offer(job: &ImportJob, table: BandTable) -> CommitOffer {
    match job.state {
        JobState::Uncommitted => CommitOffer::CommitOrAbort,
        // Only the 3.0 line reports 99: an auto-commit job in its commit phase.
        JobState::Importing if job.progress == 99 && table == BandTable::Modern => CommitOffer::AutoCommit,
        _ => CommitOffer::Nothing,
    }
}

/// What the page says for an offer without buttons.
pub const AUTO_COMMIT_NOTE: &str =
    "This job commits itself (auto-commit): Milvus allows commit and abort only for jobs created with auto_commit = \"false\".";

/// The jobs *Commit all* commits: every unfinished job of the batch waits in `Uncommitted`
/// (at least one does). `None` when any unfinished job is elsewhere.
///
/// ```
/// use milvus_import_monitor::state::batch::{commit_all, BatchEntry};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// let waiting = |id: &str| {
///     let mut e = BatchEntry::new(id, 0.0);
///     e.observe(ImportJob { job_id: id.into(), state: JobState::Uncommitted, progress: 99, ..Default::default() }, None, 0.0);
///     e
/// };
/// assert_eq!(commit_all(&[waiting("1"), waiting("2")]), Some(vec!["1".to_owned(), "2".to_owned()]));
/// assert_eq!(commit_all(&[waiting("1"), BatchEntry::new("2", 0.0)]), None);
/// ```
pub fn commit_all(entries: &[BatchEntry]) -> Option<Vec<String>> {
    let open: Vec<&BatchEntry> = entries.iter().filter(|e| e.is_open()).collect();
    let all_waiting = !open.is_empty() && open.iter().all(|e| e.job.as_ref().is_some_and(|j| j.state == JobState::Uncommitted));
    all_waiting.then(|| open.iter().map(|e| e.job_id.clone()).collect())
}
