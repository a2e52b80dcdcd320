//! One job of a batch: its last good answer, its tracker, its request and when it is next due.

use crate::client::ProgressRoute;
use crate::job::{activity, is_aborted, Activity, BandTable, Tracker};
use crate::model::{ImportJob, JobState};
use crate::state::poll::{band_table, Followed, PollAnswer, Reading};
use crate::state::RequestState;
use crate::ApiError;
use std::rc::Rc;

/// A job of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchEntry {
    /// Which of the batch's servers it is asked of (`BatchTarget::servers`).
    pub server: usize,
    pub job_id: String,
    /// The last good answer; `None` until the first.
    pub job: Option<Rc<ImportJob>>,
    pub route: Option<ProgressRoute>,
    pub tracker: Tracker,
    /// Its request in flight, or how the last one ended.
    pub request: RequestState,
    /// When it is next asked for (`Date.now()` ms); `None`: never again (final, or an error
    /// another poll cannot fix).
    pub due_ms: Option<f64>,
    /// The figures are the copy kept in this browser, saved then: the server no longer knows
    /// the job (retention).
    pub kept_at_ms: Option<f64>,
    /// "Does not exist" within the create grace period: shown as queued for now.
    pub unregistered: bool,
    /// When (`Date.now()` ms) the page first saw it committing or committed: a pair's commit
    /// in flight is timed from it.
    pub committed_seen_ms: Option<f64>,
}

impl BatchEntry {
    /// A job not asked for yet, first due at `due_ms`.
    ///
    /// ```
    /// use milvus_import_monitor::state::batch::BatchEntry;
    /// let entry = BatchEntry::new("7", 0.0);
    /// assert!(entry.job.is_none() && !entry.is_final() && entry.due_ms == Some(0.0));
    /// ```
    pub fn new(job_id: &str, due_ms: f64) -> BatchEntry {
        BatchEntry::on(0, job_id, due_ms)
    }

    /// A job of the batch's server `server`, not asked for yet.
    pub fn on(server: usize, job_id: &str, due_ms: f64) -> BatchEntry {
        BatchEntry {
            server,
            job_id: job_id.to_owned(),
            job: None,
            route: None,
            tracker: Tracker::default(),
            request: RequestState::Idle,
            due_ms: Some(due_ms),
            kept_at_ms: None,
            unregistered: false,
            committed_seen_ms: None,
        }
    }

    /// Takes a good answer obtained elsewhere (the opened job's own poll): figures, tracker,
    /// and whether it is asked again.
    pub fn observe(&mut self, job: ImportJob, route: Option<ProgressRoute>, at_ms: f64) {
        self.take(PollAnswer { id: 0, result: Ok(job), route, sent_ms: at_ms, at_ms, jitter: 0.5 });
    }

    /// Takes the answer to its request ([`Followed::take`]): figures, or a queued stand-in for
    /// a job not registered yet; a final job is not asked again.
    pub fn take(&mut self, answer: PollAnswer) -> Reading {
        let followed = Followed {
            job_id: &self.job_id,
            answered_before: self.job.is_some() && !self.unregistered,
            route: &mut self.route,
            tracker: &mut self.tracker,
            request: &mut self.request,
        };
        let at_ms = answer.at_ms;
        let reading = followed.take(answer);
        match &reading {
            Reading::Figures(job) => {
                if matches!(job.state, JobState::Committing | JobState::Completed) && self.committed_seen_ms.is_none() {
                    self.committed_seen_ms = Some(at_ms);
                }
                if job.state.is_terminal() {
                    self.due_ms = None;
                }
                self.job = Some(Rc::new(job.clone()));
                self.unregistered = false;
            }
            Reading::NotYetRegistered(job) => {
                self.job = Some(Rc::new(job.clone()));
                self.unregistered = true;
            }
            Reading::Cancelled | Reading::Failed(_) => {}
        }
        reading
    }

    pub fn band_table(&self) -> BandTable {
        band_table(self.route)
    }

    /// Its last answer is final: it is not asked again.
    pub fn is_final(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.state.is_terminal())
    }

    /// No longer asked for, though not final: the server does not know it, or refused it.
    pub fn stopped_by(&self) -> Option<&ApiError> {
        self.request.error().filter(|_| self.due_ms.is_none() && !self.is_final())
    }

    /// The server answered that it does not know the job (past retention, or not yet: a copy
    /// kept in this browser proves it existed), and no kept copy is shown yet.
    pub fn wants_kept_copy(&self) -> bool {
        self.kept_at_ms.is_none() && (self.unregistered || matches!(self.stopped_by(), Some(ApiError::JobNotFound { .. })))
    }

    /// Still to be followed: neither final nor stopped.
    pub fn is_open(&self) -> bool {
        self.due_ms.is_some()
    }

    pub fn is_failed(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.state == JobState::Failed && !is_aborted(j))
    }

    pub fn activity(&self) -> Option<Activity> {
        self.job.as_ref().map(|j| activity(j, self.band_table()))
    }
}
