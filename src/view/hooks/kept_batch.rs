//! The batch's jobs kept in this browser's history: each written as it moves (at most every
//! 30 s, and at every new state); read back for a job once the server has forgotten it, so a
//! batch reopened after the retention time still shows how it ended. Each job is asked for once
//! while it is wanted, and an answer for a server no longer at its place in the batch is dropped.

use super::kept::in_a_task_of_its_own;
use crate::history::{keep_snapshot_due, KeptJob};
use crate::model::ImportJob;
use crate::state::batch::BatchAction;
use crate::view::browser::now_ms;
use crate::view::history_queue::{HistoryCall, HistoryQueue};
use std::collections::{HashMap, HashSet};
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
    /// What names the batch in the history (`history::batch_key`).
    pub batch: Option<String>,
}

#[hook]
pub fn use_kept_batch(kept: KeptBatch, history: HistoryQueue, onaction: Callback<BatchAction>) {
    let KeptBatch { endpoints, live, wanted, answers, batch } = kept;
    let last_kept = use_mut_ref(HashMap::<(usize, String), (String, f64)>::new);
    // The batch's servers now, and the kept copies asked for since they were set.
    let current = use_mut_ref(Vec::<String>::new);
    let asked = use_mut_ref(HashSet::<(usize, String)>::new);
    use_effect_with(answers, move |_| {
        if *current.borrow() != endpoints {
            current.replace(endpoints.clone());
            asked.borrow_mut().clear();
            last_kept.borrow_mut().clear();
        }
        let now = now_ms();
        let mut last = last_kept.borrow_mut();
        let due: Vec<_> = live
            .iter()
            .filter(|(server, job)| {
                let before = last.get(&(*server, job.job_id.clone())).map(|(state, at)| (job.job_id.as_str(), state.as_str(), *at));
                keep_snapshot_due(before, (&job.job_id, job.state.as_str(), now))
            })
            .filter_map(|(server, job)| Some((endpoints.get(*server)?.clone(), *server, job.clone())))
            .collect();
        for (_, server, job) in &due {
            last.insert((*server, job.job_id.clone()), (job.state.as_str().to_owned(), now));
        }
        if !due.is_empty() {
            let history = history.clone();
            in_a_task_of_its_own(move || {
                for (endpoint, _, job) in due {
                    let (job, batch) = (Box::new((*job).clone()), batch.clone());
                    history.send(HistoryCall::Keep { endpoint, job, saved_at_ms: now, timeline: None, batch });
                }
            });
        }
        // A job no longer wanted (restored, or watched anew) is asked for again when it is.
        asked.borrow_mut().retain(|job| wanted.contains(job));
        for (server, job_id) in wanted {
            let Some(endpoint) = endpoints.get(server).cloned() else { continue };
            if !asked.borrow_mut().insert((server, job_id.clone())) {
                continue;
            }
            let (current, onaction, at) = (current.clone(), onaction.clone(), endpoint.clone());
            let reply = Callback::from(move |kept: Option<KeptJob>| {
                let same_server = current.borrow().get(server) == Some(&at);
                if let Some(KeptJob { job, saved_at_ms, .. }) = kept.filter(|_| same_server) {
                    onaction.emit(BatchAction::Restore { server, job, saved_at_ms });
                }
            });
            history.send(HistoryCall::Read { endpoint, job_id, reply });
        }
    });
}
