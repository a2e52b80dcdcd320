//! The batch's requests: its scheduler's alarm, one progress request per entry that is
//! `Loading { id }`, and commit / abort. Each hook takes the part of the state it needs and a
//! callback for what comes back.

use super::effects::{use_requests, use_timeout, Due};
use super::fetch::{spawn_fetch, with_deadline};
use crate::client::{page_origin, Client, Connection, Routes};
use crate::state::batch::{BatchAction, BatchTarget};
use crate::state::{ManualAction, ManualKind, PollAnswer};
use crate::view::browser::{now_ms, random};
use std::rc::Rc;
use yew::prelude::*;

/// Wakes the scheduler at `wake_at_ms` (`Date.now()`), re-armed at every request and answer
/// (`key`: the batch's requests sent and answers taken); none while hidden, stopped or with
/// the server's requests all in flight (an answer wakes it instead).
#[hook]
pub fn use_batch_timer(key: (u64, u64), wake_at_ms: Option<f64>, ontick: Callback<f64>) {
    use_timeout(key, wake_at_ms.map(Due::At), ontick.reform(|_| now_ms()));
}

/// One progress request per `(id, server, job ID)` asked for, to that server; a request no
/// longer asked for (stop, a new batch, unmount) is aborted. The routes are the page's, shared
/// with the opened job's.
#[hook]
pub fn use_batch_poll(
    requests: Vec<(u64, usize, String)>,
    target: Option<Rc<BatchTarget>>,
    routes: Routes,
    onanswer: Callback<BatchAction>,
) {
    let ids: Vec<u64> = requests.iter().map(|(id, _, _)| *id).collect();
    use_requests(ids, move |id| {
        let (_, server, job_id) = requests.iter().find(|(i, _, _)| *i == id)?.clone();
        let target = target.clone()?;
        let client = Client::with_routes(target.connection(server)?.clone(), page_origin(), routes.clone());
        let onanswer = onanswer.clone();
        let sent_ms = now_ms();
        spawn_fetch(
            move |fetch| async move {
                let transport = with_deadline(fetch, target.deadline_ms());
                let result = client.progress(&transport, &job_id).await;
                (result, client.progress_route_used())
            },
            move |(result, route)| {
                let answer = PollAnswer { id, result, route: Some(route), sent_ms, at_ms: now_ms(), jitter: random() };
                onanswer.emit(BatchAction::Response(answer));
            },
        )
    });
}

/// A commit or an abort to send: its request's id, which, and for which jobs, each on its
/// server (`PageState::manual_targets`: a pair's on its primary, never on the standby).
#[derive(Debug, Clone, PartialEq)]
pub struct ManualRequest {
    pub id: u64,
    pub kind: ManualKind,
    pub jobs: Vec<(String, Connection)>,
}

/// Sends a commit or an abort for each job in turn (one request at a time: the batch counts it
/// against the server's two), then reports the first error, or success.
#[hook]
pub fn use_commit_abort(request: Option<ManualRequest>, onanswer: Callback<ManualAction>) {
    let ids: Vec<u64> = request.iter().map(|r| r.id).collect();
    use_requests(ids, move |id| {
        let ManualRequest { kind, jobs, .. } = request.clone()?;
        let onanswer = onanswer.clone();
        spawn_fetch(
            move |fetch| async move {
                for (job_id, connection) in &jobs {
                    let client = Client::new(connection.clone(), page_origin());
                    match kind {
                        ManualKind::Commit => client.commit(&fetch, job_id).await?,
                        ManualKind::Abort | ManualKind::TryAbort => client.abort(&fetch, job_id).await?,
                    }
                }
                Ok(())
            },
            move |result| onanswer.emit(ManualAction::Response { id, result, at_ms: now_ms() }),
        )
    });
}
