//! Commit and abort (3.0 line): what was asked, the confirmation abort needs, the request.

use super::request::RequestState;
use crate::ApiError;

/// Which call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManualKind {
    Commit,
    Abort,
    /// An abort of a job the page does not know to be manual-commit: the server decides, and
    /// its refusal is read back as a sentence.
    TryAbort,
}

impl ManualKind {
    pub fn label(self) -> &'static str {
        match self {
            ManualKind::Commit => "Commit",
            ManualKind::Abort => "Abort",
            ManualKind::TryAbort => "Try to abort",
        }
    }

    /// Both kinds of abort: the same request, after the same confirmation.
    pub fn is_abort(self) -> bool {
        self != ManualKind::Commit
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
    /// An abort waiting for the user's confirmation: which kind, and of which jobs.
    pub confirming: Option<(ManualKind, Vec<String>)>,
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
            ManualAction::Ask { kind: ManualKind::Commit, job_ids } => Some(self.send(ManualKind::Commit, job_ids)),
            ManualAction::Ask { kind, job_ids } => Some(ManualState { confirming: Some((kind, job_ids)), ..self.clone() }),
            ManualAction::Confirm => {
                let (kind, job_ids) = self.confirming.clone()?;
                Some(self.send(kind, job_ids))
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

    /// The server's refusal of the last call, read back as a sentence (its own text stays in
    /// the message for the record).
    ///
    /// ```
    /// use milvus_import_monitor::state::{ManualKind, ManualState, RequestState};
    /// use milvus_import_monitor::ApiError;
    /// let refused = |message: &str| ManualState {
    ///     kind: Some(ManualKind::TryAbort),
    ///     request: RequestState::Failed(ApiError::Milvus { code: 2100, message: message.into() }),
    ///     ..Default::default()
    /// };
    /// let auto = refused("job 7 is auto-commit, manual commit/abort not allowed: importing data failed");
    /// assert!(auto.refusal().unwrap().starts_with("The server refused: this job commits itself"));
    /// let late = refused("job 7 is in terminal/committed state Committing, abort not allowed: importing data failed");
    /// assert!(late.refusal().unwrap().contains("already Committing"));
    /// ```
    pub fn refusal(&self) -> Option<String> {
        let (RequestState::Failed(error), Some(kind)) = (&self.request, self.kind) else { return None };
        let message = match error {
            crate::ApiError::Milvus { message, .. } => message.as_str(),
            crate::ApiError::RouteNotFound => {
                return Some("This server has no commit or abort: Milvus offers them on the 3.0 line only.".to_owned());
            }
            other => return Some(format!("{} failed: {other}", kind.label())),
        };
        let state_after =
            |marker: &str| message.split_once(marker).and_then(|(_, rest)| rest.split([',', ':', ' ']).next()).map(str::to_owned);
        let sentence = if message.contains("is auto-commit") {
            "The server refused: this job commits itself (it was created without auto_commit = \"false\"), and Milvus commits or aborts by hand only manual-commit jobs.".to_owned()
        } else if let Some(state) = state_after("terminal/committed state ") {
            format!("The server refused: the job is already {state}; from Committing on, an import can no longer be aborted.")
        } else if let Some(state) = state_after("is in state ") {
            format!("The server refused: the job is still {state} (its internal state); it can be committed once it waits in Uncommitted.")
        } else {
            return Some(format!("{} failed: {error}", kind.label()));
        };
        Some(format!("{sentence} ({error})"))
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
