//! The server's job list (`list`): fetched when first shown, then rarely, as it is expensive on
//! the server.

use super::request::RequestState;
use super::table::{list_rows, ListSort, Sorting};
use crate::model::{JobList, JobRecord, JobState};
use crate::ApiError;
use std::rc::Rc;

/// The job list and how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub collection: String,
    /// Requests started; the one in flight is `Loading { id: sent }`.
    pub sent: u64,
    pub request: RequestState,
    pub records: Option<Rc<Vec<JobRecord>>>,
    pub fetched_at_ms: Option<f64>,
    pub sort: Sorting<ListSort>,
    pub filter: Option<JobState>,
    /// Jobs ticked for *Watch selected*, in the order ticked.
    pub selected: Vec<String>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            collection: String::new(),
            sent: 0,
            request: RequestState::Idle,
            records: None,
            fetched_at_ms: None,
            sort: Sorting::by(ListSort::State),
            filter: None,
            selected: Vec::new(),
        }
    }
}

/// Everything that can happen to the job list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListAction {
    /// The collection filter, as typed (sent with the next request).
    Edit(String),
    Refresh,
    Response {
        id: u64,
        result: Result<JobList, ApiError>,
        at_ms: f64,
    },
    Sort(ListSort),
    Filter(Option<JobState>),
    /// Tick or untick a job for *Watch selected*.
    Select {
        job_id: String,
        selected: bool,
    },
}

impl ListState {
    /// The list after `action`; `None` when nothing changed.
    pub fn apply(&self, action: ListAction) -> Option<ListState> {
        match action {
            ListAction::Edit(collection) => (collection != self.collection).then(|| ListState { collection, ..self.clone() }),
            ListAction::Refresh => (!self.request.is_loading()).then(|| self.fetch()),
            ListAction::Response { id, result, at_ms } => self.request.awaits(id).then(|| match result {
                Ok(jobs) => ListState {
                    records: Some(Rc::new(jobs.records)),
                    fetched_at_ms: Some(at_ms),
                    request: RequestState::Ready,
                    ..self.clone()
                },
                // The rows on screen may be another collection's (or another server's): gone, so
                // nothing can be watched from a list that failed.
                Err(error) => ListState {
                    request: RequestState::Failed(error),
                    records: None,
                    fetched_at_ms: None,
                    selected: Vec::new(),
                    ..self.clone()
                },
            }),
            ListAction::Sort(key) => Some(ListState { sort: self.sort.toggled(key), ..self.clone() }),
            ListAction::Filter(filter) => (filter != self.filter).then(|| ListState { filter, ..self.clone() }),
            ListAction::Select { job_id, selected } => {
                let mut next = self.selected.clone();
                next.retain(|id| *id != job_id);
                if selected {
                    next.push(job_id);
                }
                (next != self.selected).then(|| ListState { selected: next, ..self.clone() })
            }
        }
    }

    /// A request for the list.
    pub fn fetch(&self) -> ListState {
        let (sent, request) = RequestState::start(self.sent);
        ListState { sent, request, ..self.clone() }
    }

    /// The records to show, sorted and filtered.
    pub fn rows(&self) -> Vec<JobRecord> {
        list_rows(self.records.as_deref().map_or(&[], Vec::as_slice), self.sort, self.filter.as_ref())
    }

    /// The collection to list, if one is typed.
    pub fn collection_filter(&self) -> Option<String> {
        Some(self.collection.trim().to_owned()).filter(|c| !c.is_empty())
    }

    /// Whether the slow refresh may ask again: not after an error that another request cannot
    /// fix (a wrong token, a missing collection): the user changes something and refreshes.
    pub fn may_refresh(&self) -> bool {
        !self.request.is_loading() && self.request.error().is_none_or(|e| e.retry() != crate::policy::Retry::Stop)
    }

    /// What the line under the list's form says: when it was listed, loading (the first time),
    /// or nothing (the error above says why there is no list).
    pub fn status_text(&self, listed_at: impl Fn(f64) -> String) -> Option<String> {
        let Some(at) = self.fetched_at_ms else {
            return self.request.is_loading().then(|| "Loading the list…".to_owned());
        };
        Some(format!("Listed at {}; refreshed every 30 s while open (list is expensive on the server).", listed_at(at)))
    }

    /// Moves once per answer (the slow refresh timer is keyed on it).
    pub fn answered(&self) -> Option<u64> {
        (!self.request.is_loading()).then_some(self.sent)
    }
}
