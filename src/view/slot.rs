//! State that outlives the view holding it: a parent keeps a [`StateSlot`], and a child that
//! comes and goes (a tab's view drawn by a part of the split page) holds its reducer with
//! [`use_slot_reducer`], starting from what the slot kept and leaving its state there when it
//! goes. The parent never names the state's type, so its code stays with the child: the History
//! tab's state and its calls are in its part, not in the page's first load (issue 35).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where a child's state waits while the child is not drawn. Equal only to itself.
#[derive(Clone, Default)]
pub struct StateSlot(Rc<RefCell<Option<Box<dyn Any>>>>);

impl PartialEq for StateSlot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl StateSlot {
    /// What was left of type `T`, taken out (anything else is dropped).
    fn take<T: 'static>(&self) -> Option<T> {
        self.0.borrow_mut().take()?.downcast().ok().map(|state| *state)
    }

    fn put<T: 'static>(&self, state: T) {
        *self.0.borrow_mut() = Some(Box::new(state));
    }
}

/// `use_reducer` whose state starts from `slot` (or `T::default()`), and is left in it when the
/// component goes: one clone of the state then, none while it is drawn.
#[hook]
pub fn use_slot_reducer<T>(slot: &StateSlot) -> UseReducerHandle<T>
where
    T: Reducible + Default + Clone + 'static,
{
    let handle = {
        let slot = slot.clone();
        use_reducer(move || slot.take::<T>().unwrap_or_default())
    };
    let latest = use_mut_ref(|| None::<UseReducerHandle<T>>);
    *latest.borrow_mut() = Some(handle.clone());
    {
        let slot = slot.clone();
        use_effect_with((), move |()| {
            move || {
                if let Some(last) = latest.borrow_mut().take() {
                    slot.put::<T>((*last).clone());
                }
            }
        });
    }
    handle
}
