//! The server-wide job list of each server a waiting job (or the create form) is on: what the
//! queue line ("3 jobs ahead of this one") and the running-jobs check count. `list` is
//! expensive on the server (it has no paging), so each server's is read when first wanted,
//! then at most once per `LIST_INTERVAL_MS`, and only while something on screen needs it.
//! `dbName` does not filter `list` (shared API page, §3): one list per endpoint and token.

use super::request::RequestState;
use crate::client::Connection;
use crate::model::{JobList, JobRecord};
use crate::policy::LIST_INTERVAL_MS;
use crate::ApiError;
use std::rc::Rc;

/// One server's list.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerList {
    pub connection: Connection,
    pub request: RequestState,
    /// The last good list (kept when a refresh fails).
    pub records: Option<Rc<Vec<JobRecord>>>,
    /// When it was last asked for (a failure counts: it is not asked again sooner).
    pub asked_ms: f64,
}

/// Every server's list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueueLists {
    /// Requests started, across servers: each id is unique.
    pub sent: u64,
    pub lists: Vec<ServerList>,
}

/// Everything that can happen to the lists.
#[derive(Debug, Clone, PartialEq)]
pub enum QueueAction {
    /// The timer: read the list of every wanted server that has none or an old one.
    Due {
        wanted: Vec<Connection>,
        at_ms: f64,
    },
    Response {
        id: u64,
        result: Result<JobList, ApiError>,
    },
}

/// Two connections read the same list: the same server as the same user.
fn same_server(a: &Connection, b: &Connection) -> bool {
    a.endpoint == b.endpoint && a.token == b.token && a.cluster_id == b.cluster_id
}

impl QueueLists {
    /// The lists after `action`; `None` when nothing changed.
    pub fn apply(&self, action: QueueAction) -> Option<QueueLists> {
        match action {
            QueueAction::Due { wanted, at_ms } => {
                let mut next = self.clone();
                for connection in wanted {
                    let at = next.lists.iter().position(|l| same_server(&l.connection, &connection));
                    let due = at.and_then(|i| next.lists.get(i)).is_none_or(|l| l.due_ms().is_some_and(|due| due <= at_ms));
                    if !due {
                        continue;
                    }
                    let (sent, request) = RequestState::start(next.sent);
                    next.sent = sent;
                    match at.and_then(|i| next.lists.get_mut(i)) {
                        Some(list) => {
                            list.request = request;
                            list.asked_ms = at_ms;
                        }
                        None => next.lists.push(ServerList { connection, request, records: None, asked_ms: at_ms }),
                    }
                }
                (next != *self).then_some(next)
            }
            QueueAction::Response { id, result } => {
                let mut next = self.clone();
                let list = next.lists.iter_mut().find(|l| l.request.awaits(id))?;
                match result {
                    Ok(jobs) => {
                        list.records = Some(Rc::new(jobs.records));
                        list.request = RequestState::Ready;
                    }
                    Err(error) => list.request = RequestState::Failed(error),
                }
                Some(next)
            }
        }
    }

    /// The requests in flight: `(id, connection)`.
    pub fn requests(&self) -> Vec<(u64, Connection)> {
        self.lists.iter().filter_map(|l| Some((l.request.loading_id()?, l.connection.clone()))).collect()
    }

    /// When the next list of `wanted` is due (`Date.now()` ms; 0: at once), if any.
    pub fn next_due_ms(&self, wanted: &[Connection]) -> Option<f64> {
        wanted
            .iter()
            .filter_map(|c| match self.list(c) {
                Some(list) => list.due_ms(),
                None => Some(0.0),
            })
            .reduce(f64::min)
    }

    /// The server's list, if one was asked for.
    pub fn list(&self, connection: &Connection) -> Option<&ServerList> {
        self.lists.iter().find(|l| same_server(&l.connection, connection))
    }

    /// The server's last good records.
    pub fn records(&self, connection: &Connection) -> Option<&[JobRecord]> {
        self.list(connection)?.records.as_deref().map(Vec::as_slice)
    }
}

impl ServerList {
    /// When it may be read again (`None`: a read is in flight).
    fn due_ms(&self) -> Option<f64> {
        (!self.request.is_loading()).then_some(self.asked_ms + f64::from(LIST_INTERVAL_MS))
    }
}
