//! The batch's requests: its scheduler's timer, one progress request per `Loading { id }` of
//! its entries, and commit / abort.

use super::fetch::{spawn_fetch, with_deadline, InFlight};
use crate::client::{page_origin, Client, RouteMemory};
use crate::state::batch::BatchAction;
use crate::state::{Action, ManualAction, ManualKind, PageState, PollAnswer};
use crate::view::browser::{now_ms, random};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// Wakes the scheduler when the next job is due. Re-armed at every request and answer, and
/// after each firing (a timer may fire a moment early by `Date.now()`, sending nothing); none
/// while hidden, stopped or with the server's requests all in flight.
#[hook]
pub fn use_batch_timer(state: &UseReducerHandle<PageState>) {
    let dispatcher = state.dispatcher();
    let fired = use_state_eq(|| 0u64);
    let wake = state.batch.next_wake_ms(state.busy_besides_batch(), state.visible);
    use_effect_with((state.batch.sent, state.batch.answers, wake, *fired), move |&(_, _, wake, count)| {
        let timer = wake.map(|at| {
            let delay = (at - now_ms()).ceil().clamp(0.0, f64::from(u32::MAX)) as u32;
            Timeout::new(delay, move || {
                dispatcher.dispatch(Action::BatchTick { at_ms: now_ms() });
                fired.set(count + 1);
            })
        });
        move || drop(timer)
    });
}

/// One request per entry that is `Loading { id }`; a request no longer awaited (stop, a new
/// batch, unmount) is aborted.
#[hook]
pub fn use_batch_poll(state: &UseReducerHandle<PageState>) {
    let routes = use_memo((), |_| Rc::new(RefCell::new(RouteMemory::default())));
    let in_flight = use_mut_ref(HashMap::<u64, InFlight>::new);
    let loading = state.batch.loading_ids();
    let target = state.batch.target.clone();
    let wanted: Vec<(u64, String)> = loading.iter().filter_map(|&id| state.batch.awaiting(id).map(|e| (id, e.job_id.clone()))).collect();
    let dispatcher = state.dispatcher();
    {
        let in_flight = in_flight.clone();
        use_effect_with(loading, move |loading| {
            let mut running = in_flight.borrow_mut();
            running.retain(|id, _| loading.contains(id));
            for (id, job_id) in wanted {
                if running.contains_key(&id) {
                    continue;
                }
                let Some(target) = target.clone() else { continue };
                let client = Client::with_routes(target.connection.clone(), page_origin(), (*routes).clone());
                let dispatcher = dispatcher.clone();
                let request = spawn_fetch(
                    move |fetch| async move {
                        let transport = with_deadline(fetch, target.deadline_ms());
                        let result = client.progress(&transport, &job_id).await;
                        (result, client.progress_route_used())
                    },
                    move |(result, route)| {
                        let answer =
                            BatchAction::Response(PollAnswer { id, result, route: Some(route), at_ms: now_ms(), jitter: random() });
                        dispatcher.dispatch(Action::Batch(answer));
                    },
                );
                if let Some(request) = request {
                    running.insert(id, request);
                }
            }
        });
    }
    use_effect_with((), move |_| move || in_flight.borrow_mut().clear());
}

/// Sends a commit or an abort for each job in turn (one request at a time: the batch counts
/// it against the server's two), then reports the first error or success.
#[hook]
pub fn use_commit_abort(state: &UseReducerHandle<PageState>) {
    let dispatcher = state.dispatcher();
    let connection =
        state.batch.target.as_ref().map(|t| t.connection.clone()).or_else(|| state.job.target.as_ref().map(|w| w.connection.clone()));
    let wanted = state.manual.request.loading_id().zip(state.manual.kind).map(|(id, kind)| (id, kind, state.manual.job_ids.clone()));
    use_effect_with(state.manual.request.loading_id(), move |_| {
        let in_flight = wanted.zip(connection).and_then(|((id, kind, job_ids), connection)| {
            spawn_fetch(
                move |fetch| async move {
                    let client = Client::new(connection, page_origin());
                    for job_id in &job_ids {
                        match kind {
                            ManualKind::Commit => client.commit(&fetch, job_id).await?,
                            ManualKind::Abort => client.abort(&fetch, job_id).await?,
                        }
                    }
                    Ok(())
                },
                move |result| dispatcher.dispatch(Action::Manual(ManualAction::Response { id, result, at_ms: now_ms() })),
            )
        });
        move || drop(in_flight)
    });
}
