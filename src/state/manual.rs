//! Commit and abort (3.0 line): what was asked, the confirmation abort needs, the request.

use super::request::RequestState;
use crate::ApiError;

/// Which call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManualKind {
    Commit,
    Abort,
}

impl ManualKind {
    pub fn label(self) -> &'static str {
        match self {
            ManualKind::Commit => "Commit",
            ManualKind::Abort => "Abort",
        }
    }
}

/// The commit or abort in progress, or how the last one ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManualState {
    pub sent: u64,
    pub request: RequestState,
    /// What the request in flight (or the last one) was for.
    pub kind: Option<ManualKind>,
    pub job_ids: Vec<String>,
    /// An abort waiting for the user's confirmation.
    pub confirming: Option<Vec<String>>,
}

/// Everything that can happen to a commit or abort.
#[derive(Debug, Clone, PartialEq)]
pub enum ManualAction {
    /// The button: a commit goes at once, an abort asks first.
    Ask { kind: ManualKind, job_ids: Vec<String> },
    /// The dialog's *Abort the import*.
    Confirm,
    /// The dialog's *Keep the import*.
    Cancel,
    /// The answer to request `id` (for every job, in order; the first error ends it).
    Response { id: u64, result: Result<(), ApiError>, at_ms: f64 },
}

impl ManualState {
    /// The state after `action`; `None` when nothing changed.
    ///
    /// ```
    /// use milvus_import_monitor::state::{ManualAction, ManualKind, ManualState};
    /// let asked = ManualState::default().apply(ManualAction::Ask { kind: ManualKind::Abort, job_ids: vec!["7".into()] }).unwrap();
    /// assert!(asked.confirming.is_some() && !asked.request.is_loading(), "an abort asks first");
    /// let sent = asked.apply(ManualAction::Confirm).unwrap();
    /// assert_eq!(sent.request.loading_id(), Some(1));
    /// ```
    pub fn apply(&self, action: ManualAction) -> Option<ManualState> {
        match action {
            // A click while one is in flight is ignored (the server is idempotent anyway).
            ManualAction::Ask { .. } if self.request.is_loading() => None,
            ManualAction::Ask { kind: ManualKind::Abort, job_ids } => Some(ManualState { confirming: Some(job_ids), ..self.clone() }),
            ManualAction::Ask { kind: ManualKind::Commit, job_ids } => Some(self.send(ManualKind::Commit, job_ids)),
            ManualAction::Confirm => {
                let job_ids = self.confirming.clone()?;
                Some(ManualState { confirming: None, ..self.send(ManualKind::Abort, job_ids) })
            }
            ManualAction::Cancel => self.confirming.is_some().then(|| ManualState { confirming: None, ..self.clone() }),
            ManualAction::Response { id, result, .. } => self.request.awaits(id).then(|| ManualState {
                request: match result {
                    Ok(()) => RequestState::Ready,
                    Err(error) => RequestState::Failed(error),
                },
                ..self.clone()
            }),
        }
    }

    fn send(&self, kind: ManualKind, job_ids: Vec<String>) -> ManualState {
        let (sent, request) = RequestState::start(self.sent);
        ManualState { sent, request, kind: Some(kind), job_ids, confirming: None }
    }

    /// The same, with how the last call ended forgotten (unless one is in flight): what the
    /// page says of it belongs to the view it was made in, not to the next one.
    pub fn settled(&self) -> ManualState {
        if self.request.is_loading() || self.kind.is_none() {
            return self.clone();
        }
        ManualState { request: RequestState::Idle, kind: None, job_ids: Vec::new(), ..self.clone() }
    }

    /// The commit or abort of `job_id` being sent.
    pub fn sending(&self, job_id: &str) -> Option<ManualKind> {
        self.kind.filter(|_| self.request.is_loading() && self.job_ids.iter().any(|id| id == job_id))
    }
}
