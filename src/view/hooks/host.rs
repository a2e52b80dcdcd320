//! The embedding page's two ways in and out: actions it sends (through a [`HostLink`]) and the
//! events the widget tells it ([`MonitorEvent`]).

use crate::model::{ImportJob, JobState};
use crate::state::{Action, PageState, RequestState, Source};
use crate::ApiError;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// What the widget tells the embedding page: for a single job, and for each job of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitorEvent {
    /// Every good answer.
    Progress(Rc<ImportJob>),
    /// The job reached Completed.
    Complete(Rc<ImportJob>),
    /// The job reached Failed.
    Failed(Rc<ImportJob>),
    /// A request failed (the last good data stays on screen); for a batch, whose.
    Error { error: ApiError, job_id: Option<String> },
    /// Every job of the batch is final (or no longer followed): each as last seen.
    BatchComplete(Vec<Rc<ImportJob>>),
}

/// Where the host page's actions go: straight to the widget's reducer once it is rendered;
/// until then (the first render is asynchronous) they wait here, in order.
#[derive(Clone, Default)]
pub struct HostLink(Rc<RefCell<Mailbox>>);

enum Mailbox {
    Waiting(Vec<Action>),
    Open(UseReducerDispatcher<PageState>),
}

impl Default for Mailbox {
    fn default() -> Self {
        Mailbox::Waiting(Vec::new())
    }
}

impl HostLink {
    /// Sends an action to the widget, now or as soon as it is rendered.
    pub fn send(&self, action: Action) {
        let open = match &mut *self.0.borrow_mut() {
            Mailbox::Waiting(queue) => {
                queue.push(action);
                return;
            }
            Mailbox::Open(dispatcher) => dispatcher.clone(),
        };
        open.dispatch(action);
    }

    fn open(&self, dispatcher: UseReducerDispatcher<PageState>) {
        let waiting = std::mem::replace(&mut *self.0.borrow_mut(), Mailbox::Open(dispatcher.clone()));
        if let Mailbox::Waiting(queue) = waiting {
            queue.into_iter().for_each(|action| dispatcher.dispatch(action));
        }
    }

    fn close(&self) {
        *self.0.borrow_mut() = Mailbox::default();
    }
}

impl PartialEq for HostLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for HostLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostLink")
    }
}

/// Connects the host's link to this widget's reducer while it is mounted.
#[hook]
pub fn use_host_link(state: &UseReducerHandle<PageState>, link: Option<HostLink>) {
    let dispatcher = state.dispatcher();
    use_effect_with(link, move |link| {
        if let Some(link) = link {
            link.open(dispatcher);
        }
        let link = link.clone();
        move || link.iter().for_each(HostLink::close)
    });
}

/// Events for the embedding page, once per answer: the single job's, or each batch job's
/// whose answer changed, and once when the whole batch is final.
#[hook]
pub fn use_host_events(state: &UseReducerHandle<PageState>, events: Option<Callback<MonitorEvent>>) {
    let outcome = (state.job.request.clone(), state.job.snapshot.clone(), state.batch.is_shown());
    {
        let events = events.clone();
        use_effect_with(state.job.answered(), move |_| {
            let Some(events) = events else { return };
            match outcome {
                // A job opened from a batch is reported by the batch.
                (_, _, true) => {}
                (RequestState::Ready, Some(snapshot), _) if snapshot.source == Source::Live => {
                    emit_answer(&events, Rc::new(snapshot.job.clone()));
                }
                (RequestState::Failed(error), _, _) => events.emit(MonitorEvent::Error { error, job_id: None }),
                _ => {}
            }
        });
    }
    let reported = use_mut_ref(Reported::default);
    // Only an embedded widget has a host to tell: the standalone page copies nothing per render.
    let batch = events.is_some().then(|| state.batch.clone());
    use_effect_with(state.batch.answers, move |_| {
        let (Some(events), Some(batch)) = (events, batch) else { return };
        let mut reported = reported.borrow_mut();
        // A new batch: nothing of it reported yet.
        if let Some(target) = &batch.target {
            if !reported.target.as_ref().is_some_and(|t| Rc::ptr_eq(t, target)) {
                *reported = Reported { target: Some(target.clone()), ..Reported::default() };
            }
        }
        let seen = &mut reported.jobs;
        for entry in batch.entries.iter().filter(|e| e.kept_at_ms.is_none() && !e.unregistered) {
            let now = (entry.job.clone(), entry.request.error().cloned());
            let before = seen.get(&entry.job_id);
            if before.is_some_and(|b| same(b, &now)) {
                continue;
            }
            match &now {
                (_, Some(error)) => events.emit(MonitorEvent::Error { error: error.clone(), job_id: Some(entry.job_id.clone()) }),
                (Some(job), None) => emit_answer(&events, job.clone()),
                (None, None) => {}
            }
            seen.insert(entry.job_id.clone(), now);
        }
        if batch.is_done() && !reported.done {
            events.emit(MonitorEvent::BatchComplete(batch.entries.iter().filter_map(|e| e.job.clone()).collect()));
            reported.done = true;
        }
    });
}

/// What the host has been told of the current batch.
#[derive(Default)]
struct Reported {
    target: Option<Rc<crate::state::batch::BatchTarget>>,
    /// Per job: the answer and the error last reported.
    jobs: HashMap<String, (Option<Rc<ImportJob>>, Option<ApiError>)>,
    done: bool,
}

fn same(a: &(Option<Rc<ImportJob>>, Option<ApiError>), b: &(Option<Rc<ImportJob>>, Option<ApiError>)) -> bool {
    let jobs = match (&a.0, &b.0) {
        (Some(x), Some(y)) => Rc::ptr_eq(x, y),
        (None, None) => true,
        _ => false,
    };
    jobs && a.1 == b.1
}

fn emit_answer(events: &Callback<MonitorEvent>, job: Rc<ImportJob>) {
    events.emit(MonitorEvent::Progress(job.clone()));
    match job.state {
        JobState::Completed => events.emit(MonitorEvent::Complete(job)),
        JobState::Failed => events.emit(MonitorEvent::Failed(job)),
        _ => {}
    }
}
