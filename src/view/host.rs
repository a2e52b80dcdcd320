//! The embedding page's way in: the actions it sends reach the widget's reducer through a
//! [`HostLink`] (what it hears back is `crate::host`'s `MonitorEvent`). Outside the hooks, so
//! the npm package's `ImportMonitor` holds one without reaching into the effects.

use crate::state::{Action, Page};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the host page's actions go: straight to the widget's reducer once it is rendered;
/// until then (the first render is asynchronous) they wait here, in order.
#[derive(Clone, Default)]
pub struct HostLink(Rc<RefCell<Mailbox>>);

enum Mailbox {
    Waiting(Vec<Action>),
    Open(UseReducerDispatcher<Page>),
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

    pub(super) fn open(&self, dispatcher: UseReducerDispatcher<Page>) {
        let waiting = std::mem::replace(&mut *self.0.borrow_mut(), Mailbox::Open(dispatcher.clone()));
        if let Mailbox::Waiting(queue) = waiting {
            queue.into_iter().for_each(|action| dispatcher.dispatch(action));
        }
    }

    pub(super) fn close(&self) {
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
