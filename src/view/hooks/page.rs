//! What the page does beside its requests: visibility, the desktop notification, the
//! remembered token and the tab's title.

use crate::state::batch::BatchWatch;
use crate::state::{title_text, Action, PageState};
use crate::view::browser::{notify, now_ms, on_key, on_visibility_change, set_title, show_in_address_bar, store_token};
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

/// A desktop notification when the job ends, or the whole batch, if the user asked for one.
/// A job opened from a batch does not notify on its own: the batch does, once.
#[hook]
pub fn use_notification(state: &UseReducerHandle<PageState>) {
    let single = !state.batch.is_shown() && state.is_terminal();
    let finished = single.then(|| state.job.snapshot.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.clone()))).flatten();
    let batch_done = state.batch.is_done().then(|| batch_ended_text(&state.batch));
    let wanted = state.form.notify;
    use_effect_with((finished, batch_done), move |(finished, batch_done)| {
        if let (true, Some((id, job_state))) = (wanted, finished) {
            notify(&format!("Import {job_state}"), &format!("Milvus import job {id} is {job_state}."));
        }
        if let (true, Some(text)) = (wanted, batch_done) {
            notify("Import batch ended", text);
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

/// "5 jobs: 4 completed, 1 failed."
fn batch_ended_text(batch: &BatchWatch) -> String {
    let summary = crate::state::batch::BatchSummary::of(&batch.entries, 0.0);
    let states: Vec<String> = summary.by_state.iter().map(|(state, n)| format!("{n} {}", state.to_lowercase())).collect();
    format!("{} jobs: {}.", summary.jobs, states.join(", "))
}

/// What only the standalone page does (an embedded widget leaves its host page alone): keep the
/// token when asked to, show progress in the tab's title, keep the address bar on what is
/// watched, and stop watching on Escape wherever the focus is.
#[hook]
pub fn use_standalone_page(state: &UseReducerHandle<PageState>, standalone: bool) {
    use_remembered_token(state, standalone);
    use_title(state, standalone);
    use_address_bar(standalone.then(|| crate::link::watched_query(state)).flatten());
    let dispatcher = state.dispatcher();
    use_escape(Callback::from(move |()| dispatcher.dispatch(Action::StopAll)), standalone);
}

/// The standalone page's address bar follows what is watched (`query`, from
/// `link::watched_query`), so a reload reopens it, not what the page was first opened with.
#[hook]
pub fn use_address_bar(query: Option<String>) {
    use_effect_with(query, |query| {
        if let Some(query) = query {
            show_in_address_bar(query);
        }
    });
}

/// Escape calls `onescape` wherever the focus is in the standalone page, not only in a field
/// (an embedded widget leaves the host page's keys alone: its own element handles Escape).
#[hook]
pub fn use_escape(onescape: Callback<()>, standalone: bool) {
    use_effect_with(standalone, move |&standalone| {
        let listener = standalone.then(|| on_key("Escape", move || onescape.emit(()))).flatten();
        move || drop(listener)
    });
}
