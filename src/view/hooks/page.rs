//! What the page does beside its requests: visibility, the desktop notification, the
//! remembered token and the tab's title.

use crate::state::{title_text, Action, PageState};
use crate::view::browser::{notify, now_ms, on_visibility_change, set_title, store_token};
use yew::prelude::*;

/// Starts watching at once when asked to; hidden tabs do not poll, and coming back refreshes.
#[hook]
pub fn use_visibility(state: &UseReducerHandle<PageState>, autostart: bool) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        if autostart {
            dispatcher.dispatch(Action::Watch { at_ms: now_ms() });
        }
        let listener = on_visibility_change(move |visible| dispatcher.dispatch(Action::Visibility(visible)));
        move || drop(listener)
    });
}

/// A desktop notification when the job ends, if the user asked for one.
#[hook]
pub fn use_notification(state: &UseReducerHandle<PageState>) {
    let finished = state.is_terminal().then(|| state.job.snapshot.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.clone()))).flatten();
    let wanted = state.form.notify;
    use_effect_with(finished, move |finished| {
        if let (true, Some((id, job_state))) = (wanted, finished) {
            notify(&format!("Import {job_state}"), &format!("Milvus import job {id} is {job_state}."));
        }
    });
}

/// The standalone page remembers the token only when asked to; an embedded widget never does.
#[hook]
pub fn use_remembered_token(state: &UseReducerHandle<PageState>, standalone: bool) {
    let remembered = standalone.then(|| (state.form.remember_token, state.form.token.clone()));
    use_effect_with(remembered, |remembered| {
        if let Some((remember, token)) = remembered {
            store_token(*remember, token);
        }
    });
}

/// The standalone page shows progress in the tab's title; an embedded widget leaves it alone.
#[hook]
pub fn use_title(state: &UseReducerHandle<PageState>, standalone: bool) {
    let title = standalone.then(|| title_text(state));
    use_effect_with(title, |title| {
        if let Some(title) = title {
            set_title(title);
        }
    });
}
