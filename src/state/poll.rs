//! One poll of one job, read in one place for the single job and for every job of a batch:
//! the answer's payload, what it means (figures, a job not registered yet, a cancelled request,
//! an error), and what it changes in the job's route, tracker and request.

use super::request::RequestState;
use crate::client::ProgressRoute;
use crate::job::{BandTable, Tracker};
use crate::model::{ImportJob, JobState};
use crate::policy::{in_create_grace, may_register_late};
use crate::ApiError;

/// The answer to one progress request: what came back, the route it came on, when, and a
/// random draw in 0..1 for the next backoff's jitter.
#[derive(Debug, Clone, PartialEq)]
pub struct PollAnswer {
    /// The request it answers (late answers are dropped by it).
    pub id: u64,
    pub result: Result<ImportJob, ApiError>,
    pub route: Option<ProgressRoute>,
    /// When the request left, and when its answer arrived (this page's clock): together they
    /// bound the server's clock ([`crate::job::ServerClock`]).
    pub sent_ms: f64,
    pub at_ms: f64,
    pub jitter: f64,
}

/// What an answer means for the job it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The server's figures.
    Figures(ImportJob),
    /// "Does not exist" for a job the server may still be registering (2.6 and later create
    /// jobs asynchronously; an ID created within the grace period): this queued stand-in, for
    /// now.
    NotYetRegistered(ImportJob),
    /// The page cancelled the request (Stop, another job, unmount): nothing to read.
    Cancelled,
    /// An error; the last figures stay. The request holds it too.
    Failed(ApiError),
}

/// The parts of a watched job that every answer updates, borrowed from the single watch or a
/// batch entry.
pub struct Followed<'a> {
    pub job_id: &'a str,
    /// The server has answered for this job before: a "does not exist" now means gone.
    pub answered_before: bool,
    pub route: &'a mut Option<ProgressRoute>,
    pub tracker: &'a mut Tracker,
    pub request: &'a mut RequestState,
}

impl Followed<'_> {
    /// Takes the answer to the request in flight (the caller checked that it awaits it): the
    /// route it came on, the tracker's sample, the request's outcome; and what it means.
    ///
    /// ```
    /// use milvus_import_monitor::job::Tracker;
    /// use milvus_import_monitor::state::{Followed, PollAnswer, Reading, RequestState};
    /// use milvus_import_monitor::ApiError;
    /// let (mut route, mut tracker, mut request) = (None, Tracker::default(), RequestState::Loading { id: 1 });
    /// let followed = Followed { job_id: "7", answered_before: false, route: &mut route, tracker: &mut tracker, request: &mut request };
    /// let gone = ApiError::JobNotFound { code: 2100, message: "does not exist".into(), job_id: "7".into() };
    /// let reading = followed.take(PollAnswer { id: 1, result: Err(gone.clone()), route: None, sent_ms: 0.0, at_ms: 0.0, jitter: 0.5 });
    /// assert_eq!((reading, request), (Reading::Failed(gone.clone()), RequestState::Failed(gone)));
    /// ```
    pub fn take(self, answer: PollAnswer) -> Reading {
        let route = answer.route.or(*self.route);
        match answer.result {
            Ok(job) => {
                *self.route = route;
                self.tracker.observe_sent(&job, band_table(route), answer.sent_ms, answer.at_ms);
                *self.request = RequestState::Ready;
                Reading::Figures(job)
            }
            Err(ApiError::Aborted) => {
                *self.request = RequestState::Idle;
                Reading::Cancelled
            }
            Err(ApiError::JobNotFound { .. })
                // The ID's time is the server's: compared with now on the server's clock, as far
                // as the page knows it (a job created here has pinned it).
                if in_create_grace(self.job_id, answer.at_ms + self.tracker.clock().ahead_ms(), self.answered_before)
                    && may_register_late(route) =>
            {
                *self.request = RequestState::Ready;
                Reading::NotYetRegistered(ImportJob { job_id: self.job_id.to_owned(), state: JobState::Pending, ..ImportJob::default() })
            }
            Err(error) => {
                *self.request = RequestState::Failed(error.clone());
                Reading::Failed(error)
            }
        }
    }
}

/// The band table of the route that answered: `get_progress` is served only by versions
/// before 2.4.13, whose bands differ.
pub fn band_table(route: Option<ProgressRoute>) -> BandTable {
    if route == Some(ProgressRoute::GetProgress) {
        BandTable::Legacy
    } else {
        BandTable::Modern
    }
}
