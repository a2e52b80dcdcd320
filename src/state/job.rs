//! One watched job, independent of the form: what it polls, its cycle, what it last showed.
//! The page holds one today; nothing here assumes there is only one.

use super::poll::{band_table, Followed, PollAnswer, Reading};
use super::request::RequestState;
use super::snapshot::{Snapshot, Source};
use super::table::{SortKey, TableView};
use crate::client::{Connection, ProgressRoute};
use crate::job::{BandTable, Tracker};
use crate::model::{FileState, ImportJob};
use crate::policy;
use crate::timeline::Timeline;
use crate::ApiError;
use std::rc::Rc;

/// What a job watch polls.
///
/// ```
/// use milvus_import_monitor::client::{Connection, Endpoint};
/// use milvus_import_monitor::state::Watch;
/// let watch = Watch { connection: Connection::new(Endpoint::parse("localhost:19530").unwrap(), ""), job_id: "7".into(), interval_ms: 2_000, started_ms: 0.0 };
/// assert_eq!(watch.deadline_ms(), 8_000);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    pub connection: Connection,
    pub job_id: String,
    pub interval_ms: u32,
    /// `Date.now()` when watching started.
    pub started_ms: f64,
}

impl Watch {
    /// How long one request may take before it is abandoned ([`policy::deadline_ms`]).
    pub fn deadline_ms(&self) -> u32 {
        policy::deadline_ms(self.interval_ms)
    }
}

/// A job being watched (or last watched): its poll cycle and what it showed.
#[derive(Debug, Clone, PartialEq)]
pub struct JobWatch {
    /// `None` once stopped (the last figures stay).
    pub target: Option<Rc<Watch>>,
    /// Requests started by this watch; the one in flight is `Loading { id: sent }`.
    pub sent: u64,
    pub request: RequestState,
    pub snapshot: Option<Rc<Snapshot>>,
    /// Which progress route answered last (decides the band table).
    pub route: Option<ProgressRoute>,
    pub table: TableView,
    /// Rates, ETA and stalls.
    pub tracker: Tracker,
    /// Failures in a row that back off ([`policy::failures_after`]).
    pub failures: u32,
    /// The last response's random draw, for the backoff's jitter.
    pub jitter: f64,
    /// What the job did over time (charts, time in phase); shared, so a poll does not copy it.
    pub timeline: Rc<Timeline>,
}

impl Default for JobWatch {
    fn default() -> Self {
        JobWatch {
            target: None,
            sent: 0,
            request: RequestState::Idle,
            snapshot: None,
            route: None,
            table: TableView::default(),
            tracker: Tracker::default(),
            failures: 0,
            jitter: 0.5,
            timeline: Rc::default(),
        }
    }
}

/// Everything that can happen to a job watch.
// An action lives for one dispatch; boxing the response would only add an allocation per poll.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum JobAction {
    /// Watch this job (or show why it cannot be watched).
    Start(Result<Watch, ApiError>),
    Stop,
    /// A manual refresh: poll now unless a request is in flight.
    Refresh,
    /// The timer set after the answer to request `after` fired.
    PollDue {
        after: u64,
    },
    /// The answer to a progress request.
    Response(PollAnswer),
    /// The copy of the job kept in this browser, shown when the server no longer knows it.
    Restore {
        job: ImportJob,
        saved_at_ms: f64,
        timeline: Option<Timeline>,
    },
    /// What an earlier visit recorded of the watched job (kept in this browser), added before
    /// what this one records.
    Recall {
        job_id: String,
        timeline: Timeline,
    },
    /// The page became visible again: refresh at once if a poll is due.
    Resume,
    Sort(SortKey),
    Filter(Option<FileState>),
}

impl JobWatch {
    /// The watch after `action`; `None` when nothing changed. (A hidden page does not poll: the
    /// page drops `PollDue` while hidden, and `Resume` is what becoming visible sends.)
    pub fn apply(&self, action: JobAction) -> Option<JobWatch> {
        match action {
            JobAction::Start(Ok(watch)) => Some(self.start(watch)),
            JobAction::Start(Err(error)) => Some(JobWatch { target: None, request: RequestState::Failed(error), ..self.clone() }),
            JobAction::Stop => (self.target.is_some() || self.request.is_loading()).then(|| JobWatch {
                target: None,
                request: RequestState::Idle,
                ..self.clone()
            }),
            JobAction::Refresh => (self.target.is_some() && !self.request.is_loading()).then(|| self.poll()),
            JobAction::PollDue { after } => (after == self.sent && self.next_poll_in_ms(true).is_some()).then(|| self.poll()),
            JobAction::Response(answer) => self.request.awaits(answer.id).then(|| self.respond(answer)),
            JobAction::Restore { job, saved_at_ms, timeline } => self.restore(job, saved_at_ms, timeline),
            JobAction::Recall { job_id, timeline } => {
                let watched = self.target.as_ref().is_some_and(|w| w.job_id == job_id);
                (watched && !timeline.points.is_empty()).then(|| {
                    let mut next = self.clone();
                    Rc::make_mut(&mut next.timeline).merge_older(&timeline);
                    next
                })
            }
            JobAction::Resume => self.next_poll_in_ms(true).map(|_| self.poll()),
            JobAction::Sort(key) => {
                Some(JobWatch { table: TableView { sort: self.table.sort.toggled(key), ..self.table.clone() }, ..self.clone() })
            }
            JobAction::Filter(filter) => {
                (self.table.filter != filter).then(|| JobWatch { table: TableView { filter, ..self.table.clone() }, ..self.clone() })
            }
        }
    }

    /// The job's last good data is final: no more polling.
    pub fn is_terminal(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|s| s.source == Source::Live && s.job.state.is_terminal())
    }

    /// The band table the server's version uses.
    pub fn band_table(&self) -> BandTable {
        band_table(self.route)
    }

    /// When the next poll is due, if one is: while watching and visible, after an answer,
    /// until the job is final or an error that polling cannot fix ([`ApiError::retry`]).
    pub fn next_poll_in_ms(&self, visible: bool) -> Option<u32> {
        let watch = self.target.as_ref().filter(|_| visible && !self.is_terminal())?;
        let last_error = match &self.request {
            RequestState::Ready => None,
            RequestState::Failed(error) => Some(error.retry()),
            RequestState::Idle | RequestState::Loading { .. } => return None,
        };
        policy::next_poll_in_ms(last_error, watch.interval_ms, self.failures, self.jitter)
    }

    /// Moves once per answered request (`None` while one is in flight): the effects that
    /// react to an answer (events, the kept copy) are keyed on it.
    pub fn answered(&self) -> Option<u64> {
        (!self.request.is_loading()).then_some(self.sent)
    }

    fn poll(&self) -> JobWatch {
        let (sent, request) = RequestState::start(self.sent);
        JobWatch { sent, request, ..self.clone() }
    }

    fn start(&self, watch: Watch) -> JobWatch {
        let same_job = self.target.as_ref().is_some_and(|w| w.job_id == watch.job_id && w.connection == watch.connection);
        let fresh = if same_job {
            JobWatch { failures: 0, ..self.clone() }
        } else {
            // A different job must not show the previous job's figures.
            JobWatch { sent: self.sent, table: self.table.clone(), jitter: self.jitter, ..JobWatch::default() }
        };
        JobWatch { target: Some(Rc::new(watch)), ..fresh }.poll()
    }

    fn respond(&self, answer: PollAnswer) -> JobWatch {
        let (at_ms, jitter) = (answer.at_ms, answer.jitter);
        let mut next = JobWatch { jitter, ..self.clone() };
        let live = self.snapshot.as_deref().filter(|s| s.source == Source::Live);
        let job_id = self.target.as_ref().map(|w| w.job_id.clone()).unwrap_or_default();
        let followed = Followed {
            job_id: &job_id,
            answered_before: live.is_some(),
            route: &mut next.route,
            tracker: &mut next.tracker,
            request: &mut next.request,
        };
        match followed.take(answer) {
            Reading::Figures(job) => {
                let bands = next.band_table();
                let timeline = Rc::make_mut(&mut next.timeline);
                timeline.observe(&job, bands, at_ms);
                timeline.clock = next.tracker.clock();
                next.snapshot = Some(Rc::new(Snapshot::new(job, live, at_ms)));
                next.failures = 0;
            }
            Reading::NotYetRegistered(job) => {
                next.snapshot = Some(Rc::new(Snapshot::new(job, None, at_ms).from_source(Source::NotYetRegistered)));
            }
            Reading::Cancelled => {}
            Reading::Failed(error) => {
                next.failures = policy::failures_after(error.retry(), self.failures);
                // The server forgot the job (retention): what is on screen is now a kept copy.
                if let (ApiError::JobNotFound { .. }, Some(live)) = (&error, live) {
                    next.snapshot = Some(Rc::new(live.from_source(Source::Kept)));
                }
            }
        }
        next
    }

    /// Whether the server no longer (or not yet, past the grace period) knows the watched job:
    /// the copy kept in this browser is then worth showing.
    pub fn is_missing(&self) -> bool {
        matches!(self.request, RequestState::Failed(ApiError::JobNotFound { .. }))
            || self.snapshot.as_ref().is_some_and(|s| s.source == Source::NotYetRegistered)
    }

    fn restore(&self, job: ImportJob, saved_at_ms: f64, timeline: Option<Timeline>) -> Option<JobWatch> {
        let watched = self.target.as_ref().filter(|w| w.job_id == job.job_id)?;
        let missing = match self.snapshot.as_ref().map(|s| s.source) {
            None => matches!(self.request, RequestState::Failed(ApiError::JobNotFound { .. })),
            // Known in this browser, so not a job just created: not queued, gone.
            Some(Source::NotYetRegistered) => true,
            Some(Source::Live | Source::Kept | Source::Report) => false,
        };
        missing.then(|| {
            let snapshot = Snapshot::new(job, None, saved_at_ms).from_source(Source::Kept);
            let request = match &self.request {
                RequestState::Failed(error @ ApiError::JobNotFound { .. }) => RequestState::Failed(error.clone()),
                _ => RequestState::Failed(ApiError::JobNotFound {
                    code: 0,
                    message: "import job does not exist".into(),
                    job_id: watched.job_id.clone(),
                }),
            };
            let mut next = JobWatch { snapshot: Some(Rc::new(snapshot)), request, ..self.clone() };
            if let Some(older) = timeline {
                Rc::make_mut(&mut next.timeline).merge_older(&older);
            }
            next
        })
    }
}
