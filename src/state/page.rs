//! The page's state as Yew holds it, with the actions that wait for its engine.
//!
//! In the split page (`view::engine`), [`PageState::apply`] and everything it calls live in a
//! part of their own, so that the first load carries the form and not every reducer. Until that
//! part is in, the form's and the tabs' actions apply at once (the first screen is the form and
//! the tabs) and every other action waits, in order; when the engine is in, the waiting actions
//! apply first.

use super::{Action, FormAction, PageState, Tab};

/// How the page applies an action once its engine is in: [`PageState::apply`].
pub type EngineApply = fn(&PageState, Action) -> Option<PageState>;

/// The page's state and the actions that came before its engine.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub state: PageState,
    /// Actions that wait for the engine, in the order they came.
    pub waiting: Vec<Action>,
    /// How many actions changed it: what props that carry the whole page compare, where comparing
    /// the states would read every file of the watched job at each of the root's renders.
    pub changes: u64,
}

/// The state and the waiting actions; not how the page came to them.
impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.waiting == other.waiting
    }
}

impl std::ops::Deref for Page {
    type Target = PageState;
    fn deref(&self) -> &PageState {
        &self.state
    }
}

impl Page {
    pub fn new(state: PageState) -> Page {
        Page { state, waiting: Vec::new(), changes: 0 }
    }

    /// Applies `action` with the engine when it is in (`Some`), after the actions that waited
    /// for it; without it, the form's and the tabs' actions at once and any other later. `None`
    /// when nothing changed.
    ///
    /// ```
    /// use milvus_import_monitor::state::{Action, FormAction, Field, Page, PageState};
    /// let page = Page::default();
    /// let typed = page.apply_with(None, Action::Form(FormAction::Edit(Field::JobId, "7".into()))).unwrap();
    /// assert_eq!(typed.form.job_id, "7", "the form works before the engine");
    /// let hidden = typed.apply_with(None, Action::Visibility(false)).unwrap();
    /// assert_eq!((hidden.visible, hidden.waiting.len()), (true, 1), "the rest waits");
    /// let arrived = hidden.apply_with(Some(PageState::apply), Action::EngineIn).unwrap();
    /// assert_eq!((arrived.visible, arrived.waiting.len(), arrived.form.job_id.as_str()), (false, 0, "7"));
    /// ```
    pub fn apply_with(&self, engine: Option<EngineApply>, action: Action) -> Option<Page> {
        self.next(engine, action).map(|(state, waiting)| Page { state, waiting, changes: self.changes.wrapping_add(1) })
    }

    /// The state and the waiting actions after `action`, or `None`; [`Page::apply_with`] makes
    /// them the next page and counts the change.
    fn next(&self, engine: Option<EngineApply>, action: Action) -> Option<(PageState, Vec<Action>)> {
        let Some(apply) = engine else {
            return match action {
                Action::Form(action) => self.state.apply_form(action).map(|state| (state, self.waiting.clone())),
                Action::ShowTab(tab) => self.state.show_tab(tab).map(|state| (state, self.waiting.clone())),
                Action::EngineIn => None,
                action => Some((self.state.clone(), [self.waiting.as_slice(), &[action]].concat())),
            };
        };
        if self.waiting.is_empty() {
            return apply(&self.state, action).map(|state| (state, Vec::new()));
        }
        let state =
            self.waiting.iter().cloned().chain([action]).fold(self.state.clone(), |state, action| apply(&state, action).unwrap_or(state));
        Some((state, Vec::new()))
    }
}

/// What the first screen does by itself: the form, and the tabs.
impl PageState {
    pub fn apply_form(&self, action: FormAction) -> Option<PageState> {
        self.form.apply(action).map(|form| PageState { form, ..self.clone() })
    }

    pub fn show_tab(&self, tab: Tab) -> Option<PageState> {
        match tab {
            _ if tab == self.tab => None,
            // The list is fetched when first shown, then by its own slow timer.
            Tab::Jobs if self.list.records.is_none() => Some(PageState { tab, list: self.list.fetch(), ..self.clone() }),
            _ => Some(PageState { tab, ..self.clone() }),
        }
    }

    /// The page asks a server something, or will when a timer is due: a watch (the job's poll,
    /// the batch's, commit or abort, readiness), the job list, a create and its checks, a queue
    /// list. Until it first does, nothing on the page needs the requests' code (`view::requests`,
    /// a part of its own in the split build).
    pub fn asks_servers(&self) -> bool {
        self.is_watching()
            || self.list.request.loading_id().is_some()
            || self.create.request.loading_id().is_some()
            || self.manual.request.loading_id().is_some()
            || self.precheck_wanted().is_some()
            || self.precheck.loading().is_some()
            || !self.queue.requests().is_empty()
            || !self.queue_wanted().is_empty()
            || !self.readiness.requests().is_empty()
            || self.readiness.next_due_ms().is_some()
    }
}
