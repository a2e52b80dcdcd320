//! The copy of the watched job kept in this browser: written as the job moves (never the
//! token), and shown when the server no longer knows the job.

use crate::history::keep_snapshot_due;
use crate::state::{Action, JobAction, PageState, Source};
use crate::view::browser::{keep_snapshot, kept_snapshot};
use yew::prelude::*;

#[hook]
pub fn use_kept_copy(state: &UseReducerHandle<PageState>) {
    let endpoint = state.job.target.as_ref().map(|w| w.connection.endpoint.base().to_owned());
    let live = state.job.snapshot.clone().filter(|s| s.source == Source::Live);
    let timeline = state.job.timeline.clone();
    // Saved when the job or its state changes, and as the percentage moves at most every
    // 30 s (`keep_snapshot_due`).
    let last_kept = use_mut_ref(|| None::<(String, String, f64)>);
    let key = live.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.as_str().to_owned(), s.job.progress));
    use_effect_with(key, move |key| {
        if let (Some(endpoint), Some(snapshot), Some((id, job_state, _))) = (endpoint, live, key) {
            let mut last = last_kept.borrow_mut();
            let kept = last.as_ref().map(|(id, state, at)| (id.as_str(), state.as_str(), *at));
            if keep_snapshot_due(kept, (id, job_state, snapshot.received_at_ms)) {
                *last = Some((id.clone(), job_state.clone(), snapshot.received_at_ms));
                in_a_task_of_its_own(move || keep_snapshot(&endpoint, &snapshot.job, snapshot.received_at_ms, &timeline));
            }
        }
    });

    let dispatcher = state.dispatcher();
    let target =
        state.job.is_missing().then(|| state.job.target.as_ref().map(|w| (w.connection.endpoint.base().to_owned(), w.job_id.clone())));
    use_effect_with(state.job.answered(), move |_| {
        if let Some(kept) = target.flatten().and_then(|(endpoint, id)| kept_snapshot(&endpoint, &id)) {
            dispatcher.dispatch(Action::Job(JobAction::Restore { job: kept.job, saved_at_ms: kept.saved_at_ms, timeline: kept.timeline }));
        }
    });

    // A job watched again (a reload, a link) shows the curve an earlier visit recorded.
    let dispatcher = state.dispatcher();
    let watched = state.job.target.as_ref().map(|w| (w.connection.endpoint.base().to_owned(), w.job_id.clone()));
    use_effect_with(watched, move |watched| {
        if let Some((endpoint, job_id)) = watched {
            if let Some(timeline) = kept_snapshot(endpoint, job_id).and_then(|kept| kept.timeline) {
                dispatcher.dispatch(Action::Job(JobAction::Recall { job_id: job_id.clone(), timeline }));
            }
        }
    });
}

/// Runs `write` in a task of its own, after the render that asked for it: serialising a
/// 1,024-file job with its timeline (~300 KB) in the same task as the render made one long
/// task (> 50 ms) of the two under 4× CPU throttling. A one-shot write that may outlive the
/// page's root, which is harmless: it only stores the copy.
pub fn in_a_task_of_its_own(write: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, write).forget();
}
