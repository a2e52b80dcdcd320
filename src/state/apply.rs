//! The one shape every part of the page's state changes by, and the one reducer Yew holds any
//! of them in.

use std::rc::Rc;

/// Every sub-state changes the same way: an action in, the new state out, or `None` when nothing
/// changed (the page then keeps the same `Rc`, and nothing re-renders).
pub trait Apply: Sized {
    type Action;
    fn apply(&self, action: Self::Action) -> Option<Self>;
}

/// Each sub-state's own `apply`, as the trait (one line each: the inherent method is the one
/// documented and tested with its type).
macro_rules! apply_by_inherent_method {
    ($($state:ty => $action:ty),* $(,)?) => {
        $(impl Apply for $state {
            type Action = $action;
            fn apply(&self, action: $action) -> Option<Self> {
                <$state>::apply(self, action)
            }
        })*
    };
}

apply_by_inherent_method! {
    super::PageState => super::Action,
    super::FormFields => super::FormAction,
    super::JobWatch => super::JobAction,
    super::ListState => super::ListAction,
    super::CreateForm => super::CreateAction,
    super::ManualState => super::ManualAction,
    super::batch::BatchWatch => super::batch::BatchAction,
    super::HistoryState => super::HistoryAction,
}

/// Any sub-state as Yew's reducer: `use_reducer(|| Reduced(PageState::default()))`; an action
/// that changes nothing returns the same `Rc`. Dereferences to the state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reduced<T>(pub T);

impl<T> std::ops::Deref for Reduced<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(feature = "ui")]
impl<T: Apply + 'static> yew::Reducible for Reduced<T> {
    type Action = T::Action;

    fn reduce(self: Rc<Self>, action: T::Action) -> Rc<Self> {
        reduce(self, action)
    }
}

/// The same, natively: what a dispatch does to the state (`None`: the same `Rc`, unchanged).
///
/// ```
/// use milvus_import_monitor::state::{reduce, Action, PageState, Reduced, Tab};
/// let page = std::rc::Rc::new(Reduced(PageState::default()));
/// assert!(std::rc::Rc::ptr_eq(&page, &reduce(page.clone(), Action::ShowTab(Tab::Job))), "nothing changed");
/// assert_eq!(reduce(page, Action::ShowTab(Tab::Create)).tab, Tab::Create);
/// ```
pub fn reduce<T: Apply>(state: Rc<Reduced<T>>, action: T::Action) -> Rc<Reduced<T>> {
    match state.0.apply(action) {
        Some(next) => Rc::new(Reduced(next)),
        None => state,
    }
}
