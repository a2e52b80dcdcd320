//! Many jobs of one server watched together, and the scheduler that keeps it polite: every job
//! once per interval, staggered across it; at most [`MAX_IN_FLIGHT_PER_SERVER`] requests in
//! flight; a final job never asked again; a failing server slows every job; an auth error
//! stops the batch.

use super::entry::BatchEntry;
use crate::client::{Connection, ProgressRoute};
use crate::model::ImportJob;
use crate::policy::{self, Retry, MAX_IN_FLIGHT_PER_SERVER};
use crate::state::poll::{PollAnswer, Reading};
use crate::state::{RequestState, Sorting};
use crate::ApiError;
use std::rc::Rc;

/// Where and how often a batch polls.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchTarget {
    pub connection: Connection,
    pub interval_ms: u32,
    pub started_ms: f64,
}

impl BatchTarget {
    pub fn deadline_ms(&self) -> u32 {
        policy::deadline_ms(self.interval_ms)
    }
}

/// The server's health as the batch sees it: transient failures in a row hold every job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerHealth {
    pub failures: u32,
    /// No request before this time (`Date.now()` ms).
    pub hold_until_ms: f64,
}

/// Columns of the batch table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchSort {
    Job,
    Collection,
    State,
    Progress,
    Rows,
    Created,
    Duration,
}

/// A batch of jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchWatch {
    /// `None` once stopped (the last figures stay).
    pub target: Option<Rc<BatchTarget>>,
    pub entries: Vec<BatchEntry>,
    /// Requests started; each is `Loading { id }` on its entry.
    pub sent: u64,
    /// Answers taken: effects that react to an answer are keyed on it.
    pub answers: u64,
    pub server: ServerHealth,
    /// The error that stopped the whole batch (authentication).
    pub stopped_by: Option<ApiError>,
    pub sort: Sorting<BatchSort>,
    /// Only jobs shown in this state (`job::shown_state`: *Aborted* is one); `None` shows all.
    pub filter: Option<String>,
    /// The job opened in the full view: it is polled there, not here.
    pub focus: Option<String>,
}

impl Default for BatchWatch {
    fn default() -> Self {
        BatchWatch {
            target: None,
            entries: Vec::new(),
            sent: 0,
            answers: 0,
            server: ServerHealth { failures: 0, hold_until_ms: 0.0 },
            stopped_by: None,
            sort: Sorting::by(BatchSort::Created),
            filter: None,
            focus: None,
        }
    }
}

/// Everything that can happen to a batch.
// An action lives for one dispatch; boxing the response would only add an allocation per poll.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum BatchAction {
    /// Watch these jobs (at least one), staggered across the interval from `started_ms`.
    Start {
        target: BatchTarget,
        job_ids: Vec<String>,
    },
    Stop,
    /// The scheduler's timer: send what is due, `busy` other requests being in flight to the
    /// same server.
    Tick {
        at_ms: f64,
        busy: usize,
        visible: bool,
    },
    /// The answer to one of its progress requests.
    Response(PollAnswer),
    /// An answer for one of the jobs obtained elsewhere (the opened job's own poll).
    Observe {
        job: ImportJob,
        route: Option<ProgressRoute>,
        sent_ms: f64,
        at_ms: f64,
    },
    /// Open a job in the full view (`Some`), or come back to the batch (`None`).
    Focus {
        job_id: Option<String>,
        at_ms: f64,
    },
    /// The copy kept in this browser of a job the server no longer knows.
    Restore {
        job: ImportJob,
        saved_at_ms: f64,
    },
    /// Ask for these jobs at once (after a commit or an abort).
    PollNow {
        job_ids: Vec<String>,
        at_ms: f64,
    },
    Sort(BatchSort),
    /// Show only jobs in this state, as the page names it (`job::shown_state`).
    Filter(Option<String>),
}

impl BatchWatch {
    /// The batch after `action`; `None` when nothing changed.
    pub fn apply(&self, action: BatchAction) -> Option<BatchWatch> {
        match action {
            BatchAction::Start { target, job_ids } => Some(BatchWatch::start(target, &job_ids, self)),
            BatchAction::Stop => self.target.is_some().then(|| self.stopped(None)),
            BatchAction::Tick { at_ms, busy, visible } => self.tick(at_ms, busy, visible),
            BatchAction::Response(answer) => self.respond(answer),
            BatchAction::Observe { job, route, sent_ms, at_ms } => {
                let mut next = self.clone();
                let entry = next.entries.iter_mut().find(|e| e.job_id == job.job_id)?;
                entry.take(PollAnswer { id: 0, result: Ok(job), route, sent_ms, at_ms, jitter: 0.5 });
                next.answers += 1;
                Some(next)
            }
            BatchAction::Focus { job_id, at_ms } => self.focused(job_id, at_ms),
            BatchAction::Restore { job, saved_at_ms } => {
                let mut next = self.clone();
                let entry = next.entries.iter_mut().find(|e| e.job_id == job.job_id && e.wants_kept_copy())?;
                entry.job = Some(Rc::new(job));
                entry.kept_at_ms = Some(saved_at_ms);
                // Known in this browser: gone from the server, not about to appear.
                entry.unregistered = false;
                entry.due_ms = None;
                Some(next)
            }
            BatchAction::PollNow { job_ids, at_ms } => {
                let mut next = self.clone();
                next.entries.iter_mut().filter(|e| job_ids.contains(&e.job_id)).for_each(|e| e.due_ms = Some(at_ms));
                (next != *self).then_some(next)
            }
            BatchAction::Sort(key) => Some(BatchWatch { sort: self.sort.toggled(key), ..self.clone() }),
            BatchAction::Filter(filter) => (self.filter != filter).then(|| BatchWatch { filter, ..self.clone() }),
        }
    }

    /// Watching several jobs (or having watched them: the figures stay after a stop).
    pub fn is_shown(&self) -> bool {
        !self.entries.is_empty()
    }

    /// Every job is final, or no longer asked for because the server refused it: nothing is left
    /// to ask. (A report's job that was running when it was exported is neither.)
    pub fn is_done(&self) -> bool {
        self.is_shown() && self.entries.iter().all(|e| e.is_final() || e.stopped_by().is_some())
    }

    /// The requests in flight, by id (the fetch effect is keyed on them).
    pub fn loading_ids(&self) -> Vec<u64> {
        self.entries.iter().filter_map(|e| e.request.loading_id()).collect()
    }

    /// The entry awaiting request `id`.
    pub fn awaiting(&self, id: u64) -> Option<&BatchEntry> {
        self.entries.iter().find(|e| e.request.awaits(id))
    }

    /// When the scheduler must wake next (`Date.now()` ms), if it must: never while hidden,
    /// stopped, or with the server's requests all in flight (an answer wakes it instead).
    pub fn next_wake_ms(&self, busy: usize, visible: bool) -> Option<f64> {
        self.target.as_ref().filter(|_| visible)?;
        if self.loading_ids().len() + busy >= MAX_IN_FLIGHT_PER_SERVER {
            return None;
        }
        let due = self.waiting().filter_map(|e| e.due_ms).fold(f64::INFINITY, f64::min);
        due.is_finite().then(|| due.max(self.server.hold_until_ms))
    }

    fn start(target: BatchTarget, job_ids: &[String], previous: &BatchWatch) -> BatchWatch {
        // Spread the first polls across one interval, so the server never gets a burst.
        let step = f64::from(target.interval_ms) / job_ids.len().max(1) as f64;
        let entries = job_ids.iter().enumerate().map(|(i, id)| BatchEntry::new(id, target.started_ms + step * i as f64)).collect();
        BatchWatch { target: Some(Rc::new(target)), entries, sent: previous.sent, sort: previous.sort, ..BatchWatch::default() }
    }

    fn stopped(&self, by: Option<ApiError>) -> BatchWatch {
        let mut next = BatchWatch { target: None, stopped_by: by, ..self.clone() };
        for entry in next.entries.iter_mut().filter(|e| e.request.is_loading()) {
            entry.request = RequestState::Idle;
        }
        next
    }

    /// Entries that wait for their turn: open, not in flight, not opened in the full view.
    fn waiting(&self) -> impl Iterator<Item = &BatchEntry> {
        self.entries.iter().filter(|e| e.is_open() && !e.request.is_loading() && self.focus.as_deref() != Some(e.job_id.as_str()))
    }

    fn tick(&self, at_ms: f64, busy: usize, visible: bool) -> Option<BatchWatch> {
        if self.target.is_none() || !visible || at_ms < self.server.hold_until_ms {
            return None;
        }
        let free = MAX_IN_FLIGHT_PER_SERVER.saturating_sub(self.loading_ids().len() + busy);
        let mut next = self.clone();
        // The longest overdue first; at most `free` of them (two at most: no sort needed).
        for _ in 0..free {
            let overdue = next.waiting().filter_map(|e| e.due_ms.filter(|d| *d <= at_ms).map(|d| (d, e.job_id.clone())));
            let Some((_, job_id)) = overdue.min_by(|a, b| a.0.total_cmp(&b.0)) else { break };
            let (sent, request) = RequestState::start(next.sent);
            next.sent = sent;
            if let Some(entry) = next.entries.iter_mut().find(|e| e.job_id == job_id) {
                entry.request = request;
            }
        }
        if next.sent == self.sent {
            return None;
        }
        Some(next)
    }

    fn respond(&self, answer: PollAnswer) -> Option<BatchWatch> {
        let index = self.entries.iter().position(|e| e.request.awaits(answer.id))?;
        let target = self.target.clone()?;
        let (at_ms, jitter) = (answer.at_ms, answer.jitter);
        let mut next = self.clone();
        next.answers += 1;
        let interval = f64::from(target.interval_ms);
        let entry = next.entries.get_mut(index)?;
        // The next turn keeps the stagger: one interval after this one was due, unless the
        // answer came so late that would be a burst.
        let next_due = entry.due_ms.map(|due| if due + interval >= at_ms { due + interval } else { at_ms + interval });
        match entry.take(answer) {
            Reading::Figures(_) => {
                entry.due_ms = if entry.is_final() { None } else { next_due };
                next.server.failures = 0;
            }
            Reading::NotYetRegistered(_) => entry.due_ms = next_due,
            Reading::Cancelled => {}
            Reading::Failed(error) => return Some(next.failed(index, error, next_due, at_ms, jitter, target.interval_ms)),
        }
        Some(next)
    }

    fn failed(mut self, index: usize, error: ApiError, next_due: Option<f64>, at_ms: f64, jitter: f64, interval_ms: u32) -> BatchWatch {
        let retry = error.retry();
        if error.refuses_credentials() {
            // The same credentials fail for every job: asking again only fills the server's log.
            let mut stopped = self.stopped(Some(error.clone()));
            if let Some(entry) = stopped.entries.get_mut(index) {
                entry.request = RequestState::Failed(error);
            }
            return stopped;
        }
        if retry == Retry::Backoff {
            // The server is struggling: every job waits, not only this one.
            self.server.failures = policy::failures_after(retry, self.server.failures);
            self.server.hold_until_ms = at_ms + f64::from(policy::backoff_ms(interval_ms, self.server.failures, jitter));
        }
        if let Some(entry) = self.entries.get_mut(index) {
            entry.due_ms = match retry {
                Retry::Backoff => entry.due_ms,
                Retry::Keep => next_due,
                Retry::Stop => None,
            };
            entry.request = RequestState::Failed(error);
        }
        self
    }

    fn focused(&self, job_id: Option<String>, at_ms: f64) -> Option<BatchWatch> {
        if self.focus == job_id {
            return None;
        }
        let mut next = BatchWatch { focus: job_id, ..self.clone() };
        // Back from the full view: that job's turn is now (its own poll there has stopped).
        if let Some(left) = self.focus.as_deref() {
            next.entries.iter_mut().filter(|e| e.job_id == left && e.is_open()).for_each(|e| e.due_ms = Some(at_ms));
        }
        Some(next)
    }
}
