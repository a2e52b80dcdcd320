//! The page's one way to its history in IndexedDB: calls queued and run one at a time, in the
//! order sent, by a single task. IndexedDB is asynchronous, and a keep that interleaved with
//! another (a watch's copy and a batch's, each awaiting the database) would lose one of them
//! from the catalogue; one runner, which holds the keeper while it works, rules that out. The
//! database is opened at the first call (a page that never keeps or reads anything never
//! opens it), with today's local-storage copies moved over then.

use super::browser::local_storage;
use super::history_db::IndexedDbBackend;
use super::lazy::PartMissing;
use crate::history::file::Imported;
use crate::history::keeper::HistoryKeeper;
use crate::history::store::{Catalogue, DEFAULT_BOUNDS};
use crate::history::KeptJob;
use crate::model::ImportJob;
use crate::timeline::Timeline;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use yew::Callback;

/// One call on the history.
pub enum HistoryCall {
    /// Boxed: a job of 1,024 files and its timeline are large, the other calls small.
    Keep {
        endpoint: String,
        job: Box<ImportJob>,
        saved_at_ms: f64,
        timeline: Option<Box<Timeline>>,
        /// The batch it is watched in; `None` keeps the one it was in.
        batch: Option<String>,
    },
    Read {
        endpoint: String,
        job_id: String,
        reply: Callback<Option<KeptJob>>,
    },
    Catalogue {
        reply: Callback<Result<Catalogue, String>>,
    },
    Forget {
        server: Option<String>,
        reply: Callback<(usize, Catalogue)>,
    },
    Export {
        exported_at: String,
        reply: Callback<String>,
    },
    /// What the file brought and how many were kept, or why nothing was (said to the user).
    Import {
        text: String,
        reply: Callback<Result<(Imported, usize, Catalogue), String>>,
    },
}

#[derive(Default)]
struct Shared {
    calls: VecDeque<HistoryCall>,
    running: bool,
    /// `None` until opened; `Some(Err)` when the browser refused the database.
    keeper: Option<Result<HistoryKeeper<IndexedDbBackend>, String>>,
}

/// A handle on the page's history; clones share the one queue.
#[derive(Clone, Default)]
pub struct HistoryQueue(Rc<RefCell<Shared>>);

impl PartialEq for HistoryQueue {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

thread_local! {
    static PAGE: HistoryQueue = HistoryQueue::default();
}

impl HistoryQueue {
    /// The page's queue: one for every widget on the page, since two keepers working on one
    /// database would each save a catalogue without the other's jobs.
    pub fn page() -> HistoryQueue {
        PAGE.with(HistoryQueue::clone)
    }

    /// Queues a call; it runs after every call sent before it.
    pub fn send(&self, call: HistoryCall) {
        let start = {
            let mut shared = self.0.borrow_mut();
            shared.calls.push_back(call);
            !std::mem::replace(&mut shared.running, true)
        };
        if start {
            let queue = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match keeper_part().await {
                    Ok(run) => run(queue).await,
                    Err(PartMissing) => queue.refuse_all(KEEPER_MISSING),
                }
            });
        }
    }

    /// Fetches the keeper's code now (the split page), so that it is in when the first job is
    /// kept; a failure is left to that call, which fetches it again.
    pub async fn prefetch() {
        let _ = keeper_part().await;
    }

    /// Answers every queued call as a browser without the database would, so that nothing
    /// waits; the next call fetches the keeper's code again.
    fn refuse_all(&self, why: &str) {
        let calls = {
            let mut shared = self.0.borrow_mut();
            shared.running = false;
            std::mem::take(&mut shared.calls)
        };
        for call in calls {
            refuse(call, why);
        }
    }

    /// Runs the queued calls until none is left. The keeper is taken out while a call runs (no
    /// borrow is held across an await), and put back after.
    async fn run(&self) {
        loop {
            let (call, keeper) = {
                let mut shared = self.0.borrow_mut();
                let Some(call) = shared.calls.pop_front() else {
                    shared.running = false;
                    return;
                };
                (call, shared.keeper.take())
            };
            let keeper = match keeper {
                Some(Ok(mut keeper)) => {
                    keeper.take_local(local_storage().as_ref()).await;
                    Ok(keeper)
                }
                Some(refused) => refused,
                None => match IndexedDbBackend::open().await {
                    Ok(backend) => Ok(HistoryKeeper::open(backend, local_storage().as_ref(), DEFAULT_BOUNDS).await),
                    Err(why) => Err(why),
                },
            };
            let keeper = match keeper {
                Ok(mut keeper) => {
                    run_one(&mut keeper, call).await;
                    Ok(keeper)
                }
                Err(why) => {
                    refuse(call, &why);
                    Err(why)
                }
            };
            self.0.borrow_mut().keeper = Some(keeper);
        }
    }
}

/// Runs a queue's calls; the function lives with the keeper's code.
type Runner = fn(HistoryQueue) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Why the history answers nothing when the keeper's code could not be fetched.
const KEEPER_MISSING: &str =
    "the code that keeps it could not be fetched (the network or the server that hosts this page); it is asked for again when next needed";

/// The keeper's code (the queue's runner, the IndexedDB backend, the catalogue): a part of its
/// own in the split page, fetched at the first call (`view::lazy`).
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(keeper, fallible))]
fn keeper_runner() -> Result<Runner, PartMissing> {
    Ok(|queue| Box::pin(async move { queue.run().await }))
}

#[cfg(feature = "split")]
async fn keeper_part() -> Result<Runner, PartMissing> {
    keeper_runner().await
}

#[cfg(not(feature = "split"))]
async fn keeper_part() -> Result<Runner, PartMissing> {
    keeper_runner()
}

async fn run_one(keeper: &mut HistoryKeeper<IndexedDbBackend>, call: HistoryCall) {
    match call {
        HistoryCall::Keep { endpoint, job, saved_at_ms, timeline, batch } => {
            keeper.keep_job(&endpoint, &job, saved_at_ms, timeline.as_deref(), batch.as_deref()).await;
        }
        HistoryCall::Read { endpoint, job_id, reply } => reply.emit(keeper.kept(&endpoint, &job_id).await),
        HistoryCall::Catalogue { reply } => reply.emit(Ok(keeper.catalogue.clone())),
        HistoryCall::Forget { server, reply } => {
            let removed = keeper.forget(server.as_deref()).await;
            reply.emit((removed, keeper.catalogue.clone()));
        }
        HistoryCall::Export { exported_at, reply } => reply.emit(keeper.export(&exported_at).await),
        HistoryCall::Import { text, reply } => {
            let result = keeper.import(&text).await.map(|(read, added)| (read, added, keeper.catalogue.clone())).map_err(|p| p.to_string());
            reply.emit(result);
        }
    }
}

/// A browser without the database answers every call with nothing, and the catalogue with why.
fn refuse(call: HistoryCall, why: &str) {
    match call {
        HistoryCall::Keep { .. } => {}
        HistoryCall::Read { reply, .. } => reply.emit(None),
        HistoryCall::Catalogue { reply } => reply.emit(Err(why.to_owned())),
        HistoryCall::Forget { reply, .. } => reply.emit((0, Catalogue::default())),
        HistoryCall::Export { exported_at, reply } => reply.emit(crate::history::file::write(&[], &exported_at)),
        HistoryCall::Import { reply, .. } => reply.emit(Err(format!("This browser keeps no history here ({why})."))),
    }
}
