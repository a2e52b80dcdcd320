//! The batch's jobs kept in this browser: each written as it moves (at most every 30 s, and at
//! every new state), all in one storage write; shown for a job once the server has forgotten
//! it, so a batch reopened after the 3 h retention still shows how it ended.

use super::kept::in_a_task_of_its_own;
use crate::history::keep_snapshot_due;
use crate::state::batch::BatchAction;
use crate::state::{Action, PageState};
use crate::view::browser::{keep_snapshots, kept_snapshot, now_ms};
use std::collections::HashMap;
use yew::prelude::*;

#[hook]
pub fn use_kept_batch(state: &UseReducerHandle<PageState>) {
    let last_kept = use_mut_ref(HashMap::<String, (String, f64)>::new);
    let endpoint = state.batch.target.as_ref().map(|t| t.connection.endpoint.base().to_owned());
    // Only the server's own answers: not a kept copy, not the stand-in for an unregistered job
    // (which would overwrite the real copy kept of a job the server has since forgotten).
    let live: Vec<_> =
        state.batch.entries.iter().filter(|e| e.kept_at_ms.is_none() && !e.unregistered).filter_map(|e| e.job.clone()).collect();
    let wanted: Vec<String> = state.batch.entries.iter().filter(|e| e.wants_kept_copy()).map(|e| e.job_id.clone()).collect();
    let dispatcher = state.dispatcher();
    use_effect_with(state.batch.answers, move |_| {
        let Some(endpoint) = endpoint else { return };
        let now = now_ms();
        let mut last = last_kept.borrow_mut();
        let due: Vec<_> = live
            .iter()
            .filter(|job| {
                let before = last.get(&job.job_id).map(|(state, at)| (job.job_id.as_str(), state.as_str(), *at));
                keep_snapshot_due(before, (&job.job_id, job.state.as_str(), now))
            })
            .map(|job| ((**job).clone(), now))
            .collect();
        if !due.is_empty() {
            for (job, at) in &due {
                last.insert(job.job_id.clone(), (job.state.as_str().to_owned(), *at));
            }
            let endpoint = endpoint.clone();
            in_a_task_of_its_own(move || keep_snapshots(&endpoint, &due));
        }
        for job_id in wanted {
            if let Some(crate::history::KeptJob { job, saved_at_ms, .. }) = kept_snapshot(&endpoint, &job_id) {
                dispatcher.dispatch(Action::Batch(BatchAction::Restore { job, saved_at_ms }));
            }
        }
    });
}
