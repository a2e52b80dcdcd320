//! Many jobs of one or several servers watched together, and the scheduler that keeps it polite
//! to each: every job once per interval, staggered across it; at most
//! [`MAX_IN_FLIGHT_PER_SERVER`] requests in flight to each server; a final job never asked
//! again; a failing server slows every job of its own, never another server's; an auth error
//! stops that server's jobs (the batch, once every server refused).

use super::entry::BatchEntry;
use super::target::{BatchTarget, ServerHealth};
use crate::client::ProgressRoute;
use crate::model::ImportJob;
use crate::policy::{self, Retry, MAX_IN_FLIGHT_PER_SERVER};
use crate::state::poll::{PollAnswer, Reading};
use crate::state::{RequestState, Sorting};
use crate::ApiError;
use std::rc::Rc;

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
    Server,
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
    /// Each server's health, by index.
    pub servers: Vec<ServerHealth>,
    /// The error that stopped the whole batch (every server refused its credentials).
    pub stopped_by: Option<ApiError>,
    pub sort: Sorting<BatchSort>,
    /// Only jobs shown in this state (`job::shown_state`: *Aborted* is one); `None` shows all.
    pub filter: Option<String>,
    /// Only jobs of this server; `None` shows all.
    pub server_filter: Option<usize>,
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
            servers: Vec::new(),
            stopped_by: None,
            sort: Sorting::by(BatchSort::Created),
            filter: None,
            server_filter: None,
            focus: None,
        }
    }
}

/// Everything that can happen to a batch.
// An action lives for one dispatch; boxing the response would only add an allocation per poll.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum BatchAction {
    /// Watch these jobs (at least one), each of a server by its index, staggered across the
    /// interval from `started_ms`. A pair's job IDs are asked of both servers.
    Start {
        target: BatchTarget,
        jobs: Vec<(usize, String)>,
    },
    Stop,
    /// The scheduler's timer: send what is due, `busy[server]` other requests being in flight
    /// to each server (absent: none).
    Tick {
        at_ms: f64,
        busy: Vec<usize>,
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
    /// The copy kept in this browser of a job a server no longer knows.
    Restore {
        server: usize,
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
    /// Show only jobs of this server.
    FilterServer(Option<usize>),
}

impl BatchWatch {
    /// The batch after `action`; `None` when nothing changed.
    pub fn apply(&self, action: BatchAction) -> Option<BatchWatch> {
        match action {
            BatchAction::Start { target, jobs } => Some(BatchWatch::start(target, &jobs, self)),
            BatchAction::Stop => self.target.is_some().then(|| self.stopped(None)),
            BatchAction::Tick { at_ms, busy, visible } => self.tick(at_ms, &busy, visible),
            BatchAction::Response(answer) => self.respond(answer),
            BatchAction::Observe { job, route, sent_ms, at_ms } => {
                let mut next = self.clone();
                // The opened job's own poll asks the first server with that ID (a pair's primary).
                let entry = next.entries.iter_mut().find(|e| e.job_id == job.job_id)?;
                entry.take(PollAnswer { id: 0, result: Ok(job), route, sent_ms, at_ms, jitter: 0.5 });
                next.answers += 1;
                Some(next)
            }
            BatchAction::Focus { job_id, at_ms } => self.focused(job_id, at_ms),
            BatchAction::Restore { server, job, saved_at_ms } => {
                let mut next = self.clone();
                let entry = next.entries.iter_mut().find(|e| e.server == server && e.job_id == job.job_id && e.wants_kept_copy())?;
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
            BatchAction::FilterServer(server_filter) => {
                (self.server_filter != server_filter).then(|| BatchWatch { server_filter, ..self.clone() })
            }
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

    /// The batch's requests in flight to one server.
    pub fn loading_on(&self, server: usize) -> usize {
        self.entries.iter().filter(|e| e.server == server && e.request.is_loading()).count()
    }

    /// How many servers the batch asks.
    pub fn server_count(&self) -> usize {
        self.target.as_ref().map_or(self.servers.len(), |t| t.servers.len())
    }

    /// Its jobs form CDC pairs (primary first).
    pub fn is_pair(&self) -> bool {
        self.target.as_ref().is_some_and(|t| t.pair.is_some())
    }

    /// The health of a server.
    pub fn health(&self, server: usize) -> ServerHealth {
        self.servers.get(server).cloned().unwrap_or_default()
    }

    /// The entry awaiting request `id`.
    pub fn awaiting(&self, id: u64) -> Option<&BatchEntry> {
        self.entries.iter().find(|e| e.request.awaits(id))
    }

    /// Free places on a server: two, less the batch's and the page's other requests to it.
    fn free_on(&self, server: usize, busy: &[usize]) -> usize {
        MAX_IN_FLIGHT_PER_SERVER.saturating_sub(self.loading_on(server) + busy.get(server).copied().unwrap_or(0))
    }

    /// When the scheduler must wake next (`Date.now()` ms), if it must: never while hidden or
    /// stopped; for each server, its earliest due job unless its requests are all in flight (an
    /// answer wakes it instead) and not before its backoff ends.
    pub fn next_wake_ms(&self, busy: &[usize], visible: bool) -> Option<f64> {
        self.target.as_ref().filter(|_| visible)?;
        let wake = self
            .waiting()
            .filter(|e| self.free_on(e.server, busy) > 0)
            .filter_map(|e| Some(e.due_ms?.max(self.health(e.server).hold_until_ms)))
            .fold(f64::INFINITY, f64::min);
        wake.is_finite().then_some(wake)
    }

    fn start(target: BatchTarget, jobs: &[(usize, String)], previous: &BatchWatch) -> BatchWatch {
        // Spread each server's first polls across one interval, so no server gets a burst.
        let interval = f64::from(target.interval_ms);
        let mut entries = Vec::with_capacity(jobs.len());
        for server in 0..target.servers.len() {
            let own: Vec<&String> = jobs.iter().filter(|(s, _)| *s == server).map(|(_, id)| id).collect();
            let step = interval / own.len().max(1) as f64;
            entries.extend(own.iter().enumerate().map(|(i, id)| BatchEntry::on(server, id, target.started_ms + step * i as f64)));
        }
        let servers = vec![ServerHealth::default(); target.servers.len()];
        BatchWatch { target: Some(Rc::new(target)), entries, servers, sent: previous.sent, sort: previous.sort, ..BatchWatch::default() }
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
        let focus = self.focused_entry();
        self.entries.iter().enumerate().filter(move |(i, e)| e.is_open() && !e.request.is_loading() && focus != Some(*i)).map(|(_, e)| e)
    }

    fn waiting_mut(&mut self) -> impl Iterator<Item = &mut BatchEntry> {
        let focus = self.focused_entry();
        self.entries
            .iter_mut()
            .enumerate()
            .filter(move |(i, e)| e.is_open() && !e.request.is_loading() && focus != Some(*i))
            .map(|(_, e)| e)
    }

    /// The entry opened in the full view: the first with the focused ID (a pair's primary).
    pub fn focused_entry(&self) -> Option<usize> {
        let focus = self.focus.as_deref()?;
        self.entries.iter().position(|e| e.job_id == focus)
    }

    fn tick(&self, at_ms: f64, busy: &[usize], visible: bool) -> Option<BatchWatch> {
        let target = self.target.as_ref().filter(|_| visible)?;
        let mut next = self.clone();
        for server in 0..target.servers.len() {
            if at_ms < self.health(server).hold_until_ms {
                continue;
            }
            // The longest overdue first; at most the server's free places (two at most: no
            // sort needed).
            for _ in 0..next.free_on(server, busy) {
                let overdue = next
                    .waiting()
                    .enumerate()
                    .filter(|(_, e)| e.server == server)
                    .filter_map(|(i, e)| e.due_ms.filter(|d| *d <= at_ms).map(|d| (d, i)));
                let Some((_, index)) = overdue.min_by(|a, b| a.0.total_cmp(&b.0)) else { break };
                let (sent, request) = RequestState::start(next.sent);
                next.sent = sent;
                if let Some(entry) = next.waiting_mut().nth(index) {
                    entry.request = request;
                }
            }
        }
        (next.sent != self.sent).then_some(next)
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
                let server = entry.server;
                if let Some(health) = next.servers.get_mut(server) {
                    health.failures = 0;
                }
            }
            Reading::NotYetRegistered(_) => entry.due_ms = next_due,
            Reading::Cancelled => {}
            Reading::Failed(error) => return Some(next.failed(index, error, next_due, at_ms, jitter, target.interval_ms)),
        }
        Some(next)
    }

    fn failed(mut self, index: usize, error: ApiError, next_due: Option<f64>, at_ms: f64, jitter: f64, interval_ms: u32) -> BatchWatch {
        let retry = error.retry();
        let server = self.entries.get(index).map_or(0, |e| e.server);
        if error.refuses_credentials() {
            // The same credentials fail for every job of this server: asking again only fills
            // its log. The other servers' jobs go on.
            if let Some(health) = self.servers.get_mut(server) {
                health.refused = Some(error.clone());
            }
            for entry in self.entries.iter_mut().filter(|e| e.server == server) {
                entry.due_ms = None;
            }
            if let Some(entry) = self.entries.get_mut(index) {
                entry.request = RequestState::Failed(error.clone());
            }
            if self.servers.iter().all(|h| h.refused.is_some()) {
                let mut stopped = self.stopped(Some(error.clone()));
                if let Some(entry) = stopped.entries.get_mut(index) {
                    entry.request = RequestState::Failed(error);
                }
                return stopped;
            }
            return self;
        }
        if retry == Retry::Backoff {
            // The server is struggling: every job of it waits, not only this one.
            if let Some(health) = self.servers.get_mut(server) {
                health.failures = policy::failures_after(retry, health.failures);
                health.hold_until_ms = at_ms + f64::from(policy::backoff_ms(interval_ms, health.failures, jitter));
            }
        }
        // A pair's standby not knowing the job yet (or any more) is what the pair shows; it is
        // asked again at the interval (CDC page, 13.6 C).
        let pair_standby = self.target.as_ref().is_some_and(|t| t.pair.is_some()) && server == 1;
        let retry = if pair_standby && matches!(error, ApiError::JobNotFound { .. }) { Retry::Keep } else { retry };
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
        if let Some(entry) = self.focused_entry().and_then(|i| next.entries.get_mut(i)).filter(|e| e.is_open()) {
            entry.due_ms = Some(at_ms);
        }
        Some(next)
    }
}
