//! Callbacks that dispatch the page's actions: what the root, the tab panels and the requests
//! hand to the views and hooks they lay out.

use crate::state::{Action, Page};
use yew::prelude::*;

/// Makes callbacks that dispatch an action built from their value.
pub struct Dispatch(pub UseReducerDispatcher<Page>);

impl Dispatch {
    pub fn to<T: 'static>(&self, to_action: fn(T) -> Action) -> Callback<T> {
        let dispatcher = self.0.clone();
        Callback::from(move |value| dispatcher.dispatch(to_action(value)))
    }
}
