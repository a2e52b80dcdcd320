//! Whether a `<details>` is open, as state: what is inside is only rendered while it is open,
//! so a closed chart or data table costs nothing at a poll.

use yew::prelude::*;

/// The open state of a `<details>` and the `ontoggle` that keeps it.
///
/// ```ignore
/// let (open, ontoggle) = use_details_open(false);
/// html! { <details {ontoggle}><summary>{ "Table" }</summary> if open { <table /> }</details> }
/// ```
#[hook]
pub fn use_details_open(initially: bool) -> (bool, Callback<Event>) {
    let open = use_state(|| initially);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    (*open, ontoggle)
}
