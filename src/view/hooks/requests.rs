//! The requests: the watched job's poll and its timer, the job list and its slow refresh, the
//! create request. Each is keyed on its sub-state's `Loading { id }`.

use super::fetch::{spawn_fetch, with_deadline};
use crate::client::{page_origin, Client, LastAnswer, RouteMemory};
use crate::policy::LIST_INTERVAL_MS;
use crate::state::{Action, CreateAction, JobAction, ListAction, PageState, PollAnswer};
use crate::view::browser::{now_ms, random};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// One progress request per `Loading { id }` of the watched job; a Stop, another job or
/// unmounting aborts it. Which route each endpoint answers on, and the last answer's bytes, are
/// kept across polls.
#[hook]
pub fn use_job_poll(state: &UseReducerHandle<PageState>) {
    let routes = use_memo((), |_| Rc::new(RefCell::new(RouteMemory::default())));
    let last_answer = use_memo((), |_| Rc::new(RefCell::new(None::<LastAnswer>)));
    let dispatcher = state.dispatcher();
    let wanted = state.job.request.loading_id().zip(state.job.target.clone());
    use_effect_with(state.job.request.loading_id(), move |_| {
        let in_flight = wanted.and_then(|(id, watch)| {
            let client =
                Client::with_routes(watch.connection.clone(), page_origin(), (*routes).clone()).sharing_last_answer((*last_answer).clone());
            spawn_fetch(
                move |fetch| async move {
                    let transport = with_deadline(fetch, watch.deadline_ms());
                    let result = client.progress(&transport, &watch.job_id).await;
                    (result, client.progress_route_used())
                },
                move |(result, route)| {
                    let response = JobAction::Response(PollAnswer { id, result, route: Some(route), at_ms: now_ms(), jitter: random() });
                    dispatcher.dispatch(Action::Job(response));
                },
            )
        });
        move || drop(in_flight)
    });
}

/// The next poll, after each answer; dropping the `Timeout` cancels it.
#[hook]
pub fn use_poll_timer(state: &UseReducerHandle<PageState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((state.job.sent, state.next_poll_in_ms()), move |&(after, delay)| {
        let timer = delay.map(|ms| Timeout::new(ms, move || dispatcher.dispatch(Action::Job(JobAction::PollDue { after }))));
        move || drop(timer)
    });
}

/// The job list: one request per `Loading { id }`, then a slow refresh while its tab is open.
#[hook]
pub fn use_job_list(state: &UseReducerHandle<PageState>) {
    let dispatcher = state.dispatcher();
    let wanted = state.list.request.loading_id().map(|id| (id, state.form.connection(), state.list.collection_filter()));
    use_effect_with(state.list.request.loading_id(), move |_| {
        let answer = move |id, result| dispatcher.dispatch(Action::List(ListAction::Response { id, result, at_ms: now_ms() }));
        let in_flight = match wanted {
            Some((id, Ok(connection), collection)) => spawn_fetch(
                move |fetch| async move { Client::new(connection, page_origin()).list(&fetch, collection.as_deref()).await },
                move |result| answer(id, result),
            ),
            Some((id, Err(error), _)) => {
                answer(id, Err(error));
                None
            }
            None => None,
        };
        move || drop(in_flight)
    });
    let due = state.list_due();
    let dispatcher = state.dispatcher();
    use_effect_with((state.list.answered(), due), move |&(_, due)| {
        let timer = due.then(|| Timeout::new(LIST_INTERVAL_MS, move || dispatcher.dispatch(Action::List(ListAction::Refresh))));
        move || drop(timer)
    });
}

/// Starts an import per `Loading { id }` of the create form. No deadline: a create abandoned
/// and submitted again could start a second job.
#[hook]
pub fn use_create_import(state: &UseReducerHandle<PageState>) {
    let dispatcher = state.dispatcher();
    let wanted = state.create.request.loading_id().and_then(|id| Some((id, state.form.connection().ok()?, state.create.request().ok()?)));
    use_effect_with(state.create.request.loading_id(), move |_| {
        let in_flight = wanted.and_then(|(id, connection, request)| {
            spawn_fetch(
                move |fetch| async move { Client::new(connection, page_origin()).create(&fetch, &request).await.map(|c| c.job_id) },
                move |result| dispatcher.dispatch(Action::Create(CreateAction::Response { id, result, at_ms: now_ms() })),
            )
        });
        move || drop(in_flight)
    });
}
