//! Where one kind of request stands: none yet, in flight, answered, or failed.

use crate::ApiError;

/// The request in flight, or how the last one ended.
///
/// ```
/// use milvus_import_monitor::state::RequestState;
/// let (sent, loading) = RequestState::start(4);
/// assert_eq!((sent, loading.loading_id()), (5, Some(5)));
/// assert!(loading.awaits(5) && !loading.awaits(4), "an older request's answer is dropped");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RequestState {
    #[default]
    Idle,
    /// `id` numbers the requests of one part of the page: an answer is taken only while its
    /// request is the one loading, so a late answer (after Stop, or for another job) is dropped.
    Loading {
        id: u64,
    },
    Ready,
    Failed(ApiError),
}

impl RequestState {
    /// The next request after `sent` of them: the new count, and the state that awaits it.
    pub fn start(sent: u64) -> (u64, RequestState) {
        let id = sent + 1;
        (id, RequestState::Loading { id })
    }

    /// The request in flight, if any (the fetch effects are keyed on it).
    pub fn loading_id(&self) -> Option<u64> {
        match self {
            RequestState::Loading { id } => Some(*id),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading_id().is_some()
    }

    /// This answer is for the request in flight.
    pub fn awaits(&self, id: u64) -> bool {
        self.loading_id() == Some(id)
    }

    /// The error the last request ended with.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            RequestState::Failed(error) => Some(error),
            _ => None,
        }
    }
}
