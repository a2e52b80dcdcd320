//! The copy of the watched job kept in this browser's history (IndexedDB, through the page's
//! one [`HistoryQueue`]): written as the job moves (never the token), shown when the server no
//! longer knows the job, and its earlier curve recalled. The database answers later than the
//! render that asked; an answer for a job no longer watched is dropped.

use crate::history::keep_snapshot_due;
use crate::state::{JobAction, Snapshot};
use crate::timeline::Timeline;
use crate::view::history_queue::{HistoryCall, HistoryQueue};
use std::cell::RefCell;
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

/// Recalls the curve an earlier visit recorded when a job is watched (a reload, a link); then
/// keeps the live snapshot (when the job or its state changes, and as it moves at most every
/// 30 s: `keep_snapshot_due`), and restores the kept copy when the job is missing. Nothing is
/// kept before the recall has answered: a copy written with the page's curve alone would
/// erase the earlier one.
#[hook]
pub fn use_kept_copy(kept: KeptCopy, history: HistoryQueue, onaction: Callback<JobAction>) {
    let KeptCopy { watched, live, timeline, missing, answered } = kept;
    let last_kept = use_mut_ref(|| None::<(String, String, f64)>);
    // The job watched now, for the database's answers to be checked against.
    let current = use_mut_ref(|| None::<(String, String)>);
    // The job whose earlier curve has been recalled (or found to be none).
    let recalled = use_state(|| None::<(String, String)>);
    {
        let (current, recalled, history, onaction) = (current.clone(), recalled.clone(), history.clone(), onaction.clone());
        use_effect_with(watched.clone(), move |watched| {
            current.replace(watched.clone());
            if let Some((endpoint, job_id)) = watched.clone() {
                let asked = (endpoint.clone(), job_id.clone());
                let reply = Callback::from(move |kept: Option<crate::history::KeptJob>| {
                    if still(&current, &asked) {
                        if let Some(timeline) = kept.and_then(|kept| kept.timeline) {
                            onaction.emit(JobAction::Recall { job_id: asked.1.clone(), timeline });
                        }
                        recalled.set(Some(asked.clone()));
                    }
                });
                history.send(HistoryCall::Read { endpoint, job_id, reply });
            }
        });
    }
    let key = live.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.as_str().to_owned(), s.job.progress));
    let ready = watched.is_some() && *recalled == watched;
    {
        let (history, endpoint) = (history.clone(), watched.as_ref().map(|(endpoint, _)| endpoint.clone()));
        use_effect_with((key, ready), move |(key, ready)| {
            if let (true, Some(endpoint), Some(snapshot), Some((id, job_state, _))) = (*ready, endpoint, live, key) {
                let mut last = last_kept.borrow_mut();
                let kept = last.as_ref().map(|(id, state, at)| (id.as_str(), state.as_str(), *at));
                if keep_snapshot_due(kept, (id, job_state, snapshot.received_at_ms)) {
                    *last = Some((id.clone(), job_state.clone(), snapshot.received_at_ms));
                    in_a_task_of_its_own(move || {
                        history.send(HistoryCall::Keep {
                            endpoint,
                            job: Box::new(snapshot.job.clone()),
                            saved_at_ms: snapshot.received_at_ms,
                            timeline: Some(Box::new((*timeline).clone())),
                            batch: None,
                        });
                    });
                }
            }
        });
    }
    let target = watched.filter(|_| missing);
    use_effect_with(answered, move |_| {
        if let Some((endpoint, job_id)) = target {
            let asked = (endpoint.clone(), job_id.clone());
            let reply = Callback::from(move |kept: Option<crate::history::KeptJob>| {
                if let Some(kept) = kept.filter(|_| still(&current, &asked)) {
                    onaction.emit(JobAction::Restore { job: kept.job, saved_at_ms: kept.saved_at_ms, timeline: kept.timeline });
                }
            });
            history.send(HistoryCall::Read { endpoint, job_id, reply });
        }
    });
}

/// Whether the job asked about is still the one watched.
fn still(current: &Rc<RefCell<Option<(String, String)>>>, asked: &(String, String)) -> bool {
    current.borrow().as_ref() == Some(asked)
}

/// Runs `write` in a task of its own, after the render that asked for it: serialising a
/// 1,024-file job with its timeline (~300 KB) in the same task as the render made one long
/// task (> 50 ms) of the two under 4× CPU throttling. (The history queue's runner starts in a
/// microtask of the task that sends the call, so the copy is cloned and sent from here.) A
/// one-shot write that may outlive the page's root, which is harmless: it only keeps the copy.
pub fn in_a_task_of_its_own(write: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, write).forget();
}
