//! The page's requests to its servers, as one component that draws nothing: every effect that
//! asks a server something (the watched job's poll, the batch's, the list, the create request
//! and its checks, the queue lists, readiness, commit and abort), with what depends on their
//! answers (the host's news, the kept copies). The root draws it when the page first asks a
//! server anything ([`PageState::asks_servers`]) and keeps it mounted. In the split build it
//! comes with the page's engine (`engine`), with the client and the decoding of every answer:
//! nothing asks a server before the engine is in, and a watch needs both. It takes the page's
//! state, as the root did, and hands each hook the plain part it needs.

use super::dispatch::Dispatch;
use super::history_queue::HistoryQueue;
use super::hooks::*;
use crate::client::Routes;
use crate::host::{job_news, readiness_news, MonitorEvent};
use crate::state::{Action, JobAction, ListAction, Page, PageState, ReadinessAction, Source};
use crate::view::browser::now_ms;
use yew::prelude::*;

/// Properties of [`PageRequests`].
#[derive(Properties, Clone)]
pub struct PageRequestsProps {
    pub state: UseReducerHandle<Page>,
    /// `state.changes` when the root drew it.
    pub changes: u64,
    /// The host's events (the embedded widget); `None` on the standalone page.
    pub events: Option<Callback<MonitorEvent>>,
}

/// The page's count of changes, not its state: `UseReducerHandle`'s own `==` compares the states
/// field by field, every file of the watched job included, at each of the root's renders (one per
/// answer of a batch's job), and these props differ whenever the state does anyway.
impl PartialEq for PageRequestsProps {
    fn eq(&self, other: &Self) -> bool {
        self.changes == other.changes && self.events == other.events
    }
}

/// Draws [`PageRequests`] (the engine holds this, so that they come with it).
pub fn page_requests_drawn(props: PageRequestsProps) -> Html {
    html! { <PageRequests ..props /> }
}

/// Every request the page's state asks for, each hook given the part of the state it needs and
/// a callback for what it brings back. The routes are the page's one memory of each server's
/// progress route, shared by the watched job's poll and the batch's (this component is never
/// unmounted once mounted, so the memory lasts as long as the page).
#[function_component(PageRequests)]
pub fn page_requests(props: &PageRequestsProps) -> Html {
    let state = &props.state;
    let routes = use_memo((), |_| Routes::default());
    let routes: Routes = (*routes).clone();
    let dispatch = Dispatch(state.dispatcher());
    let job = &state.job;
    use_job_poll(
        job.request.loading_id().zip(job.target.clone()),
        routes.clone(),
        dispatch.to(|answer| Action::Job(JobAction::Response(answer))),
    );
    use_poll_timer(job.sent, state.next_poll_in_ms(), dispatch.to(|after| Action::Job(JobAction::PollDue { after })));
    let list = &state.list;
    let listing = list.request.loading_id().map(|id| (id, state.form.connection(), list.collection_filter()));
    use_job_list(listing, dispatch.to(Action::List));
    use_list_refresh(list.answered(), state.list_due(), dispatch.to(|()| Action::List(ListAction::Refresh)));
    let creating = state.create.request.loading_id().and_then(|id| Some((id, state.form.connection().ok()?, state.create.request().ok()?)));
    use_create_import(creating, dispatch.to(Action::Create));
    use_schema_read(
        state.precheck_wanted(),
        state.precheck.loading(),
        dispatch.to(|()| Action::PrecheckDue),
        dispatch.to(Action::Precheck),
    );
    let due = state.queue.next_due_ms(&state.queue_wanted());
    use_queue_lists(state.queue.requests(), due, dispatch.to(|at_ms| Action::QueueDue { at_ms }), dispatch.to(Action::Queue));
    let batch = &state.batch;
    let wake = batch.next_wake_ms(&state.busy_besides_batch(), state.visible);
    use_batch_timer((batch.sent, batch.answers), wake, dispatch.to(|at_ms| Action::BatchTick { at_ms }));
    let polls = batch.loading_ids().into_iter().filter_map(|id| batch.awaiting(id).map(|e| (id, e.server, e.job_id.clone()))).collect();
    use_batch_poll(polls, batch.target.clone(), routes, dispatch.to(Action::Batch));
    use_commit_abort(manual_request(state), dispatch.to(Action::Manual));
    use_readiness(state.readiness.requests(), dispatch.to(Action::Readiness));
    use_readiness_timer(state.readiness.next_due_ms(), dispatch.to(|at_ms| Action::Readiness(ReadinessAction::Due { at_ms })));
    let events = props.events.clone();
    let news = if events.is_some() { job_news(&job.request, job.snapshot.as_deref(), batch.is_shown()) } else { Vec::new() };
    use_news(job.answered(), news, events.clone());
    let readiness_news = if events.is_some() { readiness_news(&state.readiness, now_ms()) } else { Vec::new() };
    use_news(Some(state.readiness.answers).filter(|n| *n > 0), readiness_news, events.clone());
    use_batch_events(batch.answers, events.as_ref().map(|_| batch.clone()), events);
    let history = HistoryQueue::page();
    use_kept_copy(kept_copy(state), history.clone(), dispatch.to(Action::Job));
    use_kept_batch(kept_batch(state), history, dispatch.to(Action::Batch));
    Html::default()
}

/// The commit or abort to send, if one is loading: each job on its server.
fn manual_request(state: &PageState) -> Option<ManualRequest> {
    let (id, kind) = state.manual.request.loading_id().zip(state.manual.kind)?;
    Some(ManualRequest { id, kind, jobs: state.manual_targets() })
}

/// What the watched job's kept copy needs of the page.
fn kept_copy(state: &PageState) -> KeptCopy {
    let job = &state.job;
    KeptCopy {
        watched: job.target.as_ref().map(|w| (w.connection.endpoint.base().to_owned(), w.job_id.clone())),
        live: job.snapshot.clone().filter(|s| s.source == Source::Live),
        timeline: job.timeline.clone(),
        missing: job.is_missing(),
        answered: job.answered(),
    }
}

/// What the batch's kept copies need of the page.
fn kept_batch(state: &PageState) -> KeptBatch {
    let batch = &state.batch;
    KeptBatch {
        endpoints: batch.target.as_ref().map(|t| t.servers.iter().map(|c| c.endpoint.base().to_owned()).collect()).unwrap_or_default(),
        live: batch
            .entries
            .iter()
            .filter(|e| e.kept_at_ms.is_none() && !e.unregistered)
            .filter_map(|e| Some((e.server, e.job.clone()?)))
            .collect(),
        wanted: batch.entries.iter().filter(|e| e.wants_kept_copy()).map(|e| (e.server, e.job_id.clone())).collect(),
        answers: batch.answers,
        batch: batch.target.as_ref().and_then(|target| {
            let endpoint = |server: usize| target.servers.get(server).map(|c| c.endpoint.base());
            let jobs: Vec<(&str, &str)> = batch.entries.iter().filter_map(|e| Some((endpoint(e.server)?, e.job_id.as_str()))).collect();
            crate::history::batch_key(&jobs)
        }),
    }
}
