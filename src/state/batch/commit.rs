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
    /// A job known to be manual-commit (created here with `auto_commit = "false"`, or seen
    /// waiting for its commit), still before `Committing`: the 3.0 line aborts it in any of
    /// those states (shared API page, §11).
    Abort,
    /// Any other unfinished job of a server that may be on the 3.0 line (its answers carry
    /// `createTime`): the page cannot know whether it is manual-commit (`describe` does not
    /// say), so it offers to try, and reads the server's refusal back as a sentence.
    TryAbort,
    /// A 3.0 auto-commit job committing itself (`Importing` at 99): it says why there is no
    /// button (the server answers "auto-commit, manual commit/abort not allowed").
    AutoCommit,
    /// Nothing: other states, or server lines without commit.
    Nothing,
}

/// What the page knows of a job besides its last answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitFacts {
    /// Created here with `auto_commit = "false"`, or seen in `Uncommitted`/`Committing`.
    pub manual: bool,
}

/// The offer for `job` as last answered, with what the page knows of it. Only `Uncommitted`
/// can be committed; abort is offered in every state before `Committing` for a job known to be
/// manual-commit (from `Committing` on the server refuses it), and tried for others that may be.
///
/// ```
/// use milvus_import_monitor::state::batch::{commit_offer, CommitFacts, CommitOffer};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::BandTable;
/// let (unknown, manual) = (CommitFacts::default(), CommitFacts { manual: true });
/// let waiting = ImportJob { state: JobState::Uncommitted, progress: 99, ..Default::default() };
/// assert_eq!(commit_offer(&waiting, BandTable::Modern, unknown), CommitOffer::CommitOrAbort);
/// let committing = ImportJob { state: JobState::Committing, progress: 99, ..Default::default() };
/// assert_eq!(commit_offer(&committing, BandTable::Modern, manual), CommitOffer::Nothing);
/// let writing = ImportJob { state: JobState::Importing, progress: 55, ..Default::default() };
/// assert_eq!(commit_offer(&writing, BandTable::Modern, manual), CommitOffer::Abort);
/// assert_eq!(commit_offer(&writing, BandTable::Modern, unknown), CommitOffer::Nothing, "2.4/2.5: no createTime");
/// let stamped = ImportJob { create_time: Some("2026-12-06T01:00:00Z".into()), ..writing };
/// assert_eq!(commit_offer(&stamped, BandTable::Modern, unknown), CommitOffer::TryAbort);
/// ```
pub fn commit_offer(job: &ImportJob, table: BandTable, facts: CommitFacts) -> CommitOffer {
    match &job.state {
        JobState::Uncommitted => CommitOffer::CommitOrAbort,
        // Only the 3.0 line reports 99: an auto-commit job in its commit phase.
        JobState::Importing if job.progress == 99 && table == BandTable::Modern && !facts.manual => CommitOffer::AutoCommit,
        JobState::Committing => CommitOffer::Nothing,
        state if state.is_terminal() => CommitOffer::Nothing,
        _ if facts.manual => CommitOffer::Abort,
        _ if job.create_time.as_deref().is_some_and(|t| !t.is_empty()) && table == BandTable::Modern => CommitOffer::TryAbort,
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

/// The jobs *Abort all* aborts: every unfinished job of the batch known to be manual-commit
/// (`created_manual` says which this page created so; the others were seen waiting for a
/// commit) that has not reached `Committing`. `None` when there is none.
///
/// ```
/// use milvus_import_monitor::state::batch::{abort_all, BatchEntry};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// let seen = |id: &str, state| {
///     let mut e = BatchEntry::new(id, 0.0);
///     e.observe(ImportJob { job_id: id.into(), state, progress: 50, ..Default::default() }, None, 0.0);
///     e
/// };
/// let entries = [seen("1", JobState::Importing), seen("2", JobState::Uncommitted), seen("3", JobState::Importing), seen("4", JobState::Completed)];
/// assert_eq!(abort_all(&entries, &|id| id == "1"), Some(vec!["1".to_owned(), "2".to_owned()]));
/// assert_eq!(abort_all(&entries[2..], &|_| false), None);
/// ```
pub fn abort_all(entries: &[BatchEntry], created_manual: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    let ids: Vec<String> = entries
        .iter()
        .filter(|e| e.is_open())
        .filter(|e| e.tracker.seen_manual_commit() || created_manual(&e.job_id))
        .filter(|e| e.job.as_ref().is_none_or(|j| !matches!(j.state, JobState::Committing | JobState::Completed | JobState::Failed)))
        .map(|e| e.job_id.clone())
        .collect();
    (!ids.is_empty()).then_some(ids)
}
