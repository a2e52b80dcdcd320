//! The copy of the watched job kept in this browser: written as the job moves (never the
//! token), shown when the server no longer knows the job, and its earlier curve recalled.

use crate::history::{keep_job, keep_snapshot_due, kept_job};
use crate::state::{JobAction, Snapshot};
use crate::timeline::Timeline;
use crate::view::browser::local_storage;
use std::rc::Rc;
use yew::prelude::*;

/// What the kept copy of the watched job needs to know of it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptCopy {
    /// The job watched: its server's endpoint and its ID.
    pub watched: Option<(String, String)>,
    /// The server's last answer, if it is one (not a kept copy, nor a stand-in).
    pub live: Option<Rc<Snapshot>>,
    pub timeline: Rc<Timeline>,
    /// The server no longer (or not yet, past the grace period) knows the job.
    pub missing: bool,
    /// Moves once per answer.
    pub answered: Option<u64>,
}

/// Keeps the live snapshot (when the job or its state changes, and as it moves at most every
/// 30 s: `keep_snapshot_due`), restores the kept copy when the job is missing, and recalls the
/// curve an earlier visit recorded when a job is watched (a reload, a link).
#[hook]
pub fn use_kept_copy(kept: KeptCopy, onaction: Callback<JobAction>) {
    let KeptCopy { watched, live, timeline, missing, answered } = kept;
    let last_kept = use_mut_ref(|| None::<(String, String, f64)>);
    let key = live.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.as_str().to_owned(), s.job.progress));
    {
        let endpoint = watched.as_ref().map(|(endpoint, _)| endpoint.clone());
        use_effect_with(key, move |key| {
            if let (Some(endpoint), Some(snapshot), Some((id, job_state, _))) = (endpoint, live, key) {
                let mut last = last_kept.borrow_mut();
                let kept = last.as_ref().map(|(id, state, at)| (id.as_str(), state.as_str(), *at));
                if keep_snapshot_due(kept, (id, job_state, snapshot.received_at_ms)) {
                    *last = Some((id.clone(), job_state.clone(), snapshot.received_at_ms));
                    in_a_task_of_its_own(move || {
                        if let Some(storage) = local_storage() {
                            keep_job(&storage, &endpoint, &snapshot.job, snapshot.received_at_ms, &timeline);
                        }
                    });
                }
            }
        });
    }
    {
        let (target, onaction) = (watched.clone().filter(|_| missing), onaction.clone());
        use_effect_with(answered, move |_| {
            let kept = target.zip(local_storage()).and_then(|((endpoint, id), storage)| kept_job(&storage, &endpoint, &id));
            if let Some(kept) = kept {
                onaction.emit(JobAction::Restore { job: kept.job, saved_at_ms: kept.saved_at_ms, timeline: kept.timeline });
            }
        });
    }
    use_effect_with(watched, move |watched| {
        let kept = watched.as_ref().zip(local_storage()).and_then(|((endpoint, id), storage)| kept_job(&storage, endpoint, id));
        if let (Some((_, job_id)), Some(timeline)) = (watched, kept.and_then(|kept| kept.timeline)) {
            onaction.emit(JobAction::Recall { job_id: job_id.clone(), timeline });
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
