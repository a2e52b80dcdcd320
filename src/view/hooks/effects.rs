//! The two effects every hook here is built on, as yew-hooks builds `use_interval` and
//! `use_timeout`: requests keyed by id, and a timeout keyed by what it waits for. Each takes
//! plain inputs and stops what it started when its key goes, or the component does.

use super::fetch::InFlight;
use crate::view::browser::now_ms;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::hash_map::{Entry, HashMap};
use std::rc::Rc;
use yew::prelude::*;

/// One request per id of `ids` (a sub-state's `Loading { id }`s): `start` runs for an id when
/// it first appears (returning the request's handle, from `spawn_fetch`, or `None` if it
/// answered at once or could not start), and the request is aborted when its id is no longer
/// wanted, or when the component goes. The `start` used is the one of the render that brought
/// the id. (One instance for every caller: `start` is boxed, the ids are `u64`s.)
#[hook]
pub fn use_requests(ids: Vec<u64>, start: impl Fn(u64) -> Option<InFlight> + 'static) {
    use_boxed_requests(ids, Box::new(start));
}

#[hook]
fn use_boxed_requests(keys: Vec<u64>, start: Box<dyn Fn(u64) -> Option<InFlight>>) {
    let running = use_mut_ref(HashMap::<u64, InFlight>::new);
    {
        let running = running.clone();
        use_effect_with(keys, move |keys| {
            let mut running = running.borrow_mut();
            running.retain(|key, _| keys.contains(key));
            for &key in keys {
                if let Entry::Vacant(slot) = running.entry(key) {
                    if let Some(request) = start(key) {
                        slot.insert(request);
                    }
                }
            }
        });
    }
    use_effect_with((), move |_| move || running.borrow_mut().clear());
}

/// When a timeout is due.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Due {
    /// This many milliseconds after it is armed.
    In(u32),
    /// At this `Date.now()` time.
    At(f64),
}

/// A timeout keyed by `key`: armed when the key or `due` changes, it calls `fire` with the key
/// once due; a new key, `None` or the component's end drops it.
#[hook]
pub fn use_timeout<K: PartialEq + Clone + 'static>(key: K, due: Option<Due>, fire: Callback<K>) {
    use_effect_with((key, due), move |(key, due)| {
        let key = key.clone();
        let alarm = due.map(|due| Alarm::new(due, move || fire.emit(key.clone())));
        move || drop(alarm)
    });
}

/// A browser timer that waits until its time by `Date.now()`: one that fires a moment early
/// (timers and `Date.now()` do not agree to the millisecond) waits out the rest by itself, so no
/// render is needed to arm it again. Dropping it cancels it.
#[must_use = "the alarm is cancelled when dropped"]
pub struct Alarm {
    // Held for its drop, which clears the timers (they hold it only weakly). Two slots: a timer
    // that re-arms writes the other one, never dropping itself while it runs.
    _slots: Rc<[RefCell<Option<Timeout>>; 2]>,
}

impl Alarm {
    pub fn new(due: Due, fire: impl Fn() + 'static) -> Alarm {
        let at = match due {
            Due::In(ms) => now_ms() + f64::from(ms),
            Due::At(at) => at,
        };
        let slots = Rc::new([RefCell::new(None), RefCell::new(None)]);
        arm(&slots, 0, at, Rc::new(fire));
        Alarm { _slots: slots }
    }
}

fn arm(slots: &Rc<[RefCell<Option<Timeout>>; 2]>, which: usize, at: f64, fire: Rc<dyn Fn()>) {
    let delay = (at - now_ms()).ceil().clamp(0.0, f64::from(u32::MAX)) as u32;
    let weak = Rc::downgrade(slots);
    let timeout = Timeout::new(delay, move || match weak.upgrade() {
        Some(slots) if now_ms() < at => arm(&slots, 1 - which, at, fire),
        Some(_) => fire(),
        None => {}
    });
    if let Some(slot) = slots.get(which) {
        *slot.borrow_mut() = Some(timeout);
    }
}
