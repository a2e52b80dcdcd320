//! The embedding page's side of the contract, pure: the events the widget tells it
//! ([`MonitorEvent`]) and when each is due: once per answer of the single job, once per changed
//! answer or error of each job of a batch, and once when the whole batch is final. The hooks
//! only hand these to the element (`view::hooks::use_news`, `use_batch_events`); how they are dispatched as
//! DOM events is the npm package's (`embed::events`).

use crate::model::{ImportJob, JobState};
use crate::readiness::ReadinessReport;
use crate::state::batch::{BatchTarget, BatchWatch};
use crate::state::{ReadinessState, RequestState, Snapshot, Source};
use crate::ApiError;
use std::collections::HashMap;
use std::rc::Rc;

/// What the widget tells the embedding page: for a single job, and for each job of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitorEvent {
    /// Every good answer.
    Progress(Rc<ImportJob>),
    /// The job reached Completed.
    Complete(Rc<ImportJob>),
    /// The job reached Failed.
    Failed(Rc<ImportJob>),
    /// A request failed (the last good data stays on screen); for a batch, whose.
    Error { error: ApiError, job_id: Option<String> },
    /// Every job of the batch is final (or no longer followed): each as last seen.
    BatchComplete(Vec<Rc<ImportJob>>),
    /// A collection's readiness changed: its index, load state, rows stored and visible.
    Readiness(ReadinessReport),
}

/// What the last readiness answer tells the host: its collection as it now stands.
pub fn readiness_news(readiness: &ReadinessState, now_ms: f64) -> Vec<MonitorEvent> {
    let collection = readiness.last_answered.and_then(|at| readiness.collections.get(at));
    collection.map(|c| MonitorEvent::Readiness(c.report(now_ms))).into_iter().collect()
}

/// What the single job's last answer tells the host: its figures (and its end), or its error.
/// A job opened from a batch says nothing of its own: the batch reports it.
///
/// ```
/// use milvus_import_monitor::host::{job_news, MonitorEvent};
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::state::{RequestState, Snapshot};
/// let done = Snapshot::new(ImportJob { state: JobState::Completed, ..Default::default() }, None, 0.0);
/// let news = job_news(&RequestState::Ready, Some(&done), false);
/// assert!(matches!(news.as_slice(), [MonitorEvent::Progress(_), MonitorEvent::Complete(_)]));
/// assert!(job_news(&RequestState::Ready, Some(&done), true).is_empty(), "the batch reports it");
/// ```
pub fn job_news(request: &RequestState, snapshot: Option<&Snapshot>, in_batch: bool) -> Vec<MonitorEvent> {
    match (request, snapshot) {
        _ if in_batch => Vec::new(),
        (RequestState::Ready, Some(snapshot)) if snapshot.source == Source::Live => answer_news(Rc::new(snapshot.job.clone())),
        (RequestState::Failed(error), _) => vec![MonitorEvent::Error { error: error.clone(), job_id: None }],
        _ => Vec::new(),
    }
}

fn answer_news(job: Rc<ImportJob>) -> Vec<MonitorEvent> {
    let end = match job.state {
        JobState::Completed => Some(MonitorEvent::Complete(job.clone())),
        JobState::Failed => Some(MonitorEvent::Failed(job.clone())),
        _ => None,
    };
    std::iter::once(MonitorEvent::Progress(job)).chain(end).collect()
}

/// A job's answer and error as last told.
type Told = (Option<Rc<ImportJob>>, Option<ApiError>);

/// What the host has been told of the current batch, so that each answer or error is told once
/// and the batch's end once.
#[derive(Debug, Default)]
pub struct BatchReport {
    target: Option<Rc<BatchTarget>>,
    /// Per job of each server (a pair's job is on two): the answer and the error last told.
    jobs: HashMap<(usize, String), Told>,
    done: bool,
}

impl BatchReport {
    /// What is new in `batch` since the last call: each job whose answer (by pointer) or error
    /// changed (not a kept copy, nor the stand-in of a job not registered yet), and the batch's
    /// end once. A new batch (another target) starts from nothing told.
    pub fn news(&mut self, batch: &BatchWatch) -> Vec<MonitorEvent> {
        if let Some(target) = &batch.target {
            if !self.target.as_ref().is_some_and(|t| Rc::ptr_eq(t, target)) {
                *self = BatchReport { target: Some(target.clone()), ..BatchReport::default() };
            }
        }
        let mut news = Vec::new();
        for entry in batch.entries.iter().filter(|e| e.kept_at_ms.is_none() && !e.unregistered) {
            let now = (entry.job.clone(), entry.request.error().cloned());
            let key = (entry.server, entry.job_id.clone());
            if self.jobs.get(&key).is_some_and(|before| same(before, &now)) {
                continue;
            }
            match &now {
                (_, Some(error)) => news.push(MonitorEvent::Error { error: error.clone(), job_id: Some(entry.job_id.clone()) }),
                (Some(job), None) => news.extend(answer_news(job.clone())),
                (None, None) => {}
            }
            self.jobs.insert(key, now);
        }
        if batch.is_done() && !self.done {
            news.push(MonitorEvent::BatchComplete(batch.entries.iter().filter_map(|e| e.job.clone()).collect()));
            self.done = true;
        }
        news
    }
}

fn same(a: &(Option<Rc<ImportJob>>, Option<ApiError>), b: &(Option<Rc<ImportJob>>, Option<ApiError>)) -> bool {
    let jobs = match (&a.0, &b.0) {
        (Some(x), Some(y)) => Rc::ptr_eq(x, y),
        (None, None) => true,
        _ => false,
    };
    jobs && a.1 == b.1
}
