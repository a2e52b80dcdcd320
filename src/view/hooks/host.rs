//! The embedding page's two ways in and out: actions it sends (through a [`HostLink`]) and the
//! events the widget tells it ([`MonitorEvent`]).

use crate::model::JobState;
use crate::state::{Action, PageState, RequestState, Snapshot, Source};
use crate::ApiError;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the widget tells the embedding page.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitorEvent {
    /// Every good answer.
    Progress(Rc<Snapshot>),
    /// The job reached Completed.
    Complete(Rc<Snapshot>),
    /// The job reached Failed.
    Failed(Rc<Snapshot>),
    /// A request failed (the last good data stays on screen).
    Error(ApiError),
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

/// Events for the embedding page, once per answer.
#[hook]
pub fn use_host_events(state: &UseReducerHandle<PageState>, events: Option<Callback<MonitorEvent>>) {
    let outcome = (state.job.request.clone(), state.job.snapshot.clone());
    use_effect_with(state.job.answered(), move |_| {
        if let Some(events) = events {
            match outcome {
                (RequestState::Ready, Some(snapshot)) if snapshot.source == Source::Live => {
                    events.emit(MonitorEvent::Progress(snapshot.clone()));
                    match snapshot.job.state {
                        JobState::Completed => events.emit(MonitorEvent::Complete(snapshot)),
                        JobState::Failed => events.emit(MonitorEvent::Failed(snapshot)),
                        _ => {}
                    }
                }
                (RequestState::Failed(error), _) => events.emit(MonitorEvent::Error(error)),
                _ => {}
            }
        }
    });
}
