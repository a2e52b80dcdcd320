//! The batch's jobs kept in this browser: each written as it moves (at most every 30 s, and at
//! every new state), all in one storage write; shown for a job once the server has forgotten
//! it, so a batch reopened after the retention time still shows how it ended.

use super::kept::in_a_task_of_its_own;
use crate::history::{keep_jobs, keep_snapshot_due, kept_job, KeptJob};
use crate::model::ImportJob;
use crate::state::batch::BatchAction;
use crate::view::browser::{local_storage, now_ms};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// What the batch's kept copies need to know of it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptBatch {
    /// The batch's servers, by index: each keeps its own copies.
    pub endpoints: Vec<String>,
    /// The servers' own answers, each with its server (not kept copies, nor the stand-in of a
    /// job not registered yet, which would overwrite the real copy of a job the server has
    /// since forgotten).
    pub live: Vec<(usize, Rc<ImportJob>)>,
    /// The jobs whose kept copy is worth showing (their server does not know them).
    pub wanted: Vec<(usize, String)>,
    /// Moves once per answer taken.
    pub answers: u64,
}

#[hook]
pub fn use_kept_batch(kept: KeptBatch, onaction: Callback<BatchAction>) {
    let KeptBatch { endpoints, live, wanted, answers } = kept;
    let last_kept = use_mut_ref(HashMap::<(usize, String), (String, f64)>::new);
    use_effect_with(answers, move |_| {
        let Some(storage) = local_storage() else { return };
        let now = now_ms();
        let mut last = last_kept.borrow_mut();
        for (server, endpoint) in endpoints.iter().enumerate() {
            let due: Vec<_> = live
                .iter()
                .filter(|(s, _)| *s == server)
                .filter(|(_, job)| {
                    let before = last.get(&(server, job.job_id.clone())).map(|(state, at)| (job.job_id.as_str(), state.as_str(), *at));
                    keep_snapshot_due(before, (&job.job_id, job.state.as_str(), now))
                })
                .map(|(_, job)| ((**job).clone(), now))
                .collect();
            if !due.is_empty() {
                for (job, at) in &due {
                    last.insert((server, job.job_id.clone()), (job.state.as_str().to_owned(), *at));
                }
                let endpoint = endpoint.clone();
                in_a_task_of_its_own(move || {
                    if let Some(storage) = local_storage() {
                        keep_jobs(&storage, &endpoint, &due);
                    }
                });
            }
        }
        for (server, job_id) in wanted {
            let Some(endpoint) = endpoints.get(server) else { continue };
            if let Some(KeptJob { job, saved_at_ms, .. }) = kept_job(&storage, endpoint, &job_id) {
                onaction.emit(BatchAction::Restore { server, job, saved_at_ms });
            }
        }
    });
}
