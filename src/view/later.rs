//! A part of the view drawn in the task after the one that changed it, when asked to.
//!
//! An answer is applied and drawn in one task (`hooks::fetch::spawn_fetch`). For a job of
//! 1,024 file groups that task drew the job's figures, where its time went and its file table
//! together: a median of 40 ms under 4× CPU throttling, now and then over 50 (a long task).
//! With the timelines and the table drawn `later`, the figures come first and each part has a
//! task of its own (the longest task: a median of 16 ms, 40 ms at most, in a 5-minute watch).
//! A small job is drawn in one task, as before: its parts are cheap, and what it shows then
//! changes all at once.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Properties of [`Later`]: the part's own, and whether a change of them is drawn a task later.
#[derive(Properties, PartialEq, Clone)]
pub struct LaterProps<P: PartialEq + Clone> {
    pub part: P,
    pub later: bool,
}

/// Draws `C` with `part`: at once when `later` is false (and when first drawn), else in a task of
/// its own after the one that brought the new `part`; a newer `part` before then replaces it.
#[function_component(Later)]
pub fn later<C>(props: &LaterProps<C::Properties>) -> Html
where
    C: BaseComponent,
    C::Properties: Clone + PartialEq,
{
    let drawn = use_mut_ref(|| props.part.clone());
    // Whether this render is the timer's own redraw, or the first (which draws `part` as it
    // is): neither needs a timer. Yew renders this component again only when its props differ
    // or the timer redraws it, so any other render brings a new part, and the effect runs after
    // every render without comparing props again (the file table's were compared once, by Yew).
    // New props cannot join the timer's redraw: Yew renders it in the timer's own task.
    let settled = use_mut_ref(|| true);
    // The new part, for the effect to draw; none to copy when this render needs no timer.
    let news = (!*settled.borrow()).then(|| props.clone());
    let redraw = use_force_update();
    {
        let drawn = drawn.clone();
        let settled = settled.clone();
        use_effect(move || {
            *settled.borrow_mut() = false;
            let timer = match news {
                None => None,
                Some(props) if props.later => Some(Timeout::new(0, move || {
                    *drawn.borrow_mut() = props.part;
                    *settled.borrow_mut() = true;
                    redraw.force_update();
                })),
                Some(props) => {
                    *drawn.borrow_mut() = props.part;
                    None
                }
            };
            // A newer part, or the part gone: this one is not drawn.
            move || drop(timer)
        });
    }
    let part = if props.later { drawn.borrow().clone() } else { props.part.clone() };
    html! { <C ..part /> }
}
