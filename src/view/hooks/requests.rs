//! The requests of the job view and the other tabs: the watched job's poll and its timer, the
//! job list and its slow refresh, the create request. Each hook takes the part of the state it
//! needs and a callback for what comes back.

use super::effects::{use_requests, use_timeout, Due};
use super::fetch::{spawn_fetch, with_deadline};
use crate::client::{page_origin, Client, Connection, CreateImport, LastAnswer, Routes};
use crate::policy::LIST_INTERVAL_MS;
use crate::state::{CreateAction, ListAction, PollAnswer, Watch};
use crate::view::browser::{now_ms, random};
use crate::ApiError;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The watched job's poll: a progress request for each `(id, watch)` asked for (the
/// `Loading { id }` of the job's request), aborted when it is no longer the one loading. The
/// route of each server comes from `routes`; the last answer's bytes are shared across polls,
/// so a body that did not change is not decoded again.
#[hook]
pub fn use_job_poll(request: Option<(u64, Rc<Watch>)>, routes: Routes, onanswer: Callback<PollAnswer>) {
    let last_answer = use_memo((), |_| Rc::new(RefCell::new(None::<LastAnswer>)));
    let ids: Vec<u64> = request.iter().map(|(id, _)| *id).collect();
    use_requests(ids, move |id| {
        let (_, watch) = request.clone()?;
        let client =
            Client::with_routes(watch.connection.clone(), page_origin(), routes.clone()).sharing_last_answer((*last_answer).clone());
        let onanswer = onanswer.clone();
        let sent_ms = now_ms();
        spawn_fetch(
            move |fetch| async move {
                let transport = with_deadline(fetch, watch.deadline_ms());
                let result = client.progress(&transport, &watch.job_id).await;
                (result, client.progress_route_used())
            },
            move |(result, route)| onanswer.emit(PollAnswer { id, result, route: Some(route), sent_ms, at_ms: now_ms(), jitter: random() }),
        )
    });
}

/// The next poll, `delay_ms` after the answer to request `after` (none: no poll is due).
#[hook]
pub fn use_poll_timer(after: u64, delay_ms: Option<u32>, ondue: Callback<u64>) {
    use_timeout(after, delay_ms.map(Due::In), ondue);
}

/// What the job list asks for: its request's id, the connection (or why there is none), the
/// collection to list.
pub type ListRequest = (u64, Result<Connection, ApiError>, Option<String>);

/// The job list: one request per `Loading { id }`; a connection the browser cannot use answers
/// at once, with its error.
#[hook]
pub fn use_job_list(request: Option<ListRequest>, onanswer: Callback<ListAction>) {
    let ids: Vec<u64> = request.iter().map(|(id, ..)| *id).collect();
    use_requests(ids, move |id| {
        let (_, connection, collection) = request.clone()?;
        let onanswer = onanswer.clone();
        let answer = move |result| onanswer.emit(ListAction::Response { id, result, at_ms: now_ms() });
        match connection {
            Ok(connection) => spawn_fetch(
                move |fetch| async move { Client::new(connection, page_origin()).list(&fetch, collection.as_deref()).await },
                answer,
            ),
            Err(error) => {
                answer(Err(error));
                None
            }
        }
    });
}

/// The list's slow refresh, once per answer while `due` (its tab open and visible, nothing
/// loading, no error another request cannot fix): `list` is expensive on the server.
#[hook]
pub fn use_list_refresh(answered: Option<u64>, due: bool, onrefresh: Callback<()>) {
    use_timeout(answered, due.then_some(Due::In(LIST_INTERVAL_MS)), onrefresh.reform(|_| ()));
}

/// Starts an import for each `Loading { id }` of the create form. No deadline: a create
/// abandoned and submitted again could start a second job.
#[hook]
pub fn use_create_import(request: Option<(u64, Connection, CreateImport)>, onanswer: Callback<CreateAction>) {
    let ids: Vec<u64> = request.iter().map(|(id, ..)| *id).collect();
    use_requests(ids, move |id| {
        let (_, connection, create) = request.clone()?;
        let onanswer = onanswer.clone();
        let sent_ms = now_ms();
        spawn_fetch(
            move |fetch| async move { Client::new(connection, page_origin()).create(&fetch, &create).await.map(|c| c.job_id) },
            move |result| onanswer.emit(CreateAction::Response { id, result, sent_ms, at_ms: now_ms() }),
        )
    });
}
