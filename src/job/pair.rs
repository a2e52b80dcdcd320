//! One import on a primary cluster and its CDC standby, pure: what each side's answer says
//! ([`Side`]), what the two mean together ([`PairMeaning`], the CDC page's pair table and cases
//! A–G), and what the page offers on the primary ([`PairOffer`]). Nothing here ever proposes a
//! call to the standby: it is read-only while it remains a standby.

use crate::job::is_aborted;
use crate::model::{ImportJob, JobState};

/// One side of the pair as the page last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// No answer yet.
    Unanswered,
    /// The cluster answered that it has no such job (not there yet, or forgotten).
    Absent,
    /// `Pending` or `Importing`: its own pipeline, on its own timing.
    Running,
    Uncommitted,
    Committing,
    Completed,
    /// Failed by itself.
    Failed,
    /// Failed with reason `aborted by user` (on a standby: the primary's rollback).
    Aborted,
}

impl Side {
    /// A side from its last answer (`None`: none yet), `absent` when the last answer was
    /// "does not exist".
    pub fn of(job: Option<&ImportJob>, absent: bool) -> Side {
        if absent {
            return Side::Absent;
        }
        let Some(job) = job else { return Side::Unanswered };
        match job.state {
            JobState::Uncommitted => Side::Uncommitted,
            JobState::Committing => Side::Committing,
            JobState::Completed => Side::Completed,
            JobState::Failed if is_aborted(job) => Side::Aborted,
            JobState::Failed => Side::Failed,
            _ => Side::Running,
        }
    }

    fn failed(self) -> bool {
        matches!(self, Side::Failed | Side::Aborted)
    }

    fn waiting(self) -> bool {
        matches!(self, Side::Running | Side::Uncommitted)
    }
}

/// What the page knows of the pair at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairFacts {
    pub primary: Side,
    pub standby: Side,
    /// Since the job was created on the primary (its ID's time on the page's clock), if known.
    pub since_created_ms: Option<f64>,
    /// Since the page first saw the primary committing or committed, if it has.
    pub since_commit_ms: Option<f64>,
    /// The user's threshold: a commit in flight or an absent standby past it raises the alert.
    pub threshold_ms: f64,
}

/// The pair's meaning: a row of the CDC page's pair table (or the steps before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairMeaning {
    /// Nothing answered yet on the primary.
    Unknown,
    /// Both sides run their pipelines; the primary is not prepared yet.
    Importing,
    /// Both `Uncommitted`: commit on the primary.
    Ready,
    /// The primary is prepared; the standby is absent or still importing.
    StandbyCatchingUp,
    /// Case B: the standby failed while the primary has not committed.
    StandbyFailed,
    /// Case A: the primary failed; the standby's copy waits for a rollback.
    PrimaryFailed,
    /// Both failed (or both aborted): nothing to release.
    BothFailed,
    /// The primary committed; the standby has not applied it yet (cases E and D).
    CommitInFlight,
    /// The same, past the user's threshold: the alert.
    CommitStalled,
    Done,
    /// The primary committed and the standby failed: rows on the primary only.
    Diverged,
    /// Case C: the standby has no such job past the threshold.
    StandbyMissing,
    /// The primary has no such job while the standby has (forgotten first, or never seen).
    PrimaryMissing,
}

impl PairMeaning {
    /// The pair table's meaning of what the two sides say.
    pub fn of(facts: &PairFacts) -> PairMeaning {
        use Side::*;
        let past = |ms: Option<f64>| ms.is_some_and(|ms| ms >= facts.threshold_ms);
        match (facts.primary, facts.standby) {
            (Unanswered, _) => PairMeaning::Unknown,
            (Absent, _) => PairMeaning::PrimaryMissing,
            (p, s) if p.failed() && s.failed() => PairMeaning::BothFailed,
            (Failed | Aborted, _) => PairMeaning::PrimaryFailed,
            (Completed, Completed) => PairMeaning::Done,
            (Committing | Completed, s) if s.failed() => PairMeaning::Diverged,
            (Committing | Completed, _) if past(facts.since_commit_ms) => PairMeaning::CommitStalled,
            (Committing | Completed, _) => PairMeaning::CommitInFlight,
            (_, s) if s.failed() => PairMeaning::StandbyFailed,
            (_, Absent) if past(facts.since_created_ms) => PairMeaning::StandbyMissing,
            (Uncommitted, Uncommitted) => PairMeaning::Ready,
            (Uncommitted, _) => PairMeaning::StandbyCatchingUp,
            (Running, _) => PairMeaning::Importing,
        }
    }

    /// A few words, as the pair's state.
    pub fn label(self) -> &'static str {
        match self {
            PairMeaning::Unknown => "not answered yet",
            PairMeaning::Importing => "importing on both",
            PairMeaning::Ready => "ready: commit on the primary",
            PairMeaning::StandbyCatchingUp => "standby catching up",
            PairMeaning::StandbyFailed => "standby failed",
            PairMeaning::PrimaryFailed => "primary failed",
            PairMeaning::BothFailed => "both failed",
            PairMeaning::CommitInFlight => "commit in flight",
            PairMeaning::CommitStalled => "commit stalled",
            PairMeaning::Done => "done on both",
            PairMeaning::Diverged => "diverged",
            PairMeaning::StandbyMissing => "standby has no such job",
            PairMeaning::PrimaryMissing => "primary has no such job",
        }
    }

    /// What it means and what to do, in a sentence or two.
    pub fn advice(self) -> &'static str {
        match self {
            PairMeaning::Unknown => "Waiting for the primary's first answer.",
            PairMeaning::Importing => "Each cluster runs the import on its own. Commit once both say Uncommitted.",
            PairMeaning::Ready => "Both clusters are prepared. Commit once, on the primary: the standby completes when the commit reaches it.",
            PairMeaning::StandbyCatchingUp => "The primary is prepared; the standby is still importing (or the import has not reached it yet). Wait: a commit now leaves the standby catching up, and if it then fails nothing can repair it.",
            PairMeaning::StandbyFailed => "Case B: the standby's copy failed (often files missing in its storage, or its disk quota). Do not commit: the rows would exist on the primary only. Abort on the primary, fix the standby's cause, then import again (a new job ID).",
            PairMeaning::PrimaryFailed => "Case A: the primary failed on its own while the standby's copy waits, uncommitted. Abort on the primary to release it (3.0.2 and later accept it); otherwise the standby waits for the primary's retention to end.",
            PairMeaning::BothFailed => "Both clusters failed: nothing to release. An abort on the primary does no harm.",
            PairMeaning::CommitInFlight => "The primary committed; the standby completes when the commit reaches it through CDC. Nothing to do: never commit on the standby.",
            PairMeaning::CommitStalled => "The commit has not reached the standby within your threshold. Likely causes: CDC lag or CDC down, the standby's proxy down, or a standby flusher held by an earlier commit. The standby completes on its own once replication resumes; never commit on it.",
            PairMeaning::Done => "Completed on both clusters: the rows can be searched on each once loaded.",
            PairMeaning::Diverged => "The primary committed but the standby failed: the rows exist on the primary only, and no API call repairs it.",
            PairMeaning::StandbyMissing => "Case C: the standby has no such job past your threshold. Check that the collection exists on the standby and that replication runs; nothing in the REST API fixes it.",
            PairMeaning::PrimaryMissing => "The primary no longer knows this job (each cluster forgets on its own schedule), or it was never created there.",
        }
    }

    /// Calls for attention (the stall alert, a failure, a divergence).
    pub fn is_alert(self) -> bool {
        matches!(
            self,
            PairMeaning::StandbyFailed
                | PairMeaning::PrimaryFailed
                | PairMeaning::CommitStalled
                | PairMeaning::Diverged
                | PairMeaning::StandbyMissing
        )
    }

    /// Nothing will change any more.
    pub fn is_final(self) -> bool {
        matches!(self, PairMeaning::Done | PairMeaning::Diverged | PairMeaning::BothFailed)
    }
}

/// What the page offers for the pair, always on the primary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PairOffer {
    /// *Commit* on the primary: `Some(None)` at once (both `Uncommitted`), `Some(Some(why))`
    /// only after the user confirms the reason it is early; `None`: not offered.
    pub commit: Option<Option<&'static str>>,
    /// *Abort on the primary*, with its consequence in words.
    pub abort: Option<&'static str>,
}

impl PairOffer {
    pub fn of(facts: &PairFacts) -> PairOffer {
        let meaning = PairMeaning::of(facts);
        let early = match (facts.primary, meaning) {
            (_, PairMeaning::Ready) => Some(None),
            (Side::Uncommitted, PairMeaning::StandbyFailed) => {
                Some(Some("The standby's copy failed: committing now leaves the rows on the primary only, with no API remedy."))
            }
            (Side::Uncommitted, _) if facts.standby.waiting() || matches!(facts.standby, Side::Absent | Side::Unanswered) => Some(Some(
                "The standby is not prepared yet: it will keep catching up after the commit, and if it fails then, nothing can repair it.",
            )),
            _ => None,
        };
        let abort = match (facts.primary, meaning) {
            (_, PairMeaning::PrimaryFailed) if facts.primary == Side::Failed => {
                Some("Writes a rollback: the standby's copy becomes Failed (aborted by user); the primary keeps its own reason.")
            }
            (_, PairMeaning::BothFailed) if facts.primary == Side::Failed => Some("Both sides already failed: this only writes a rollback, which does no harm."),
            (Side::Running | Side::Uncommitted, _) => {
                Some("Fails the job on the primary (aborted by user); the rollback reaches the standby, whose copy fails too unless it already has.")
            }
            _ => None,
        };
        PairOffer { commit: early, abort }
    }
}
