//! The parts fetched ahead of use: after the first render, one at a time, each when the browser
//! is idle (the engine, `lazy`'s parts, the history's keeper, the exports).

use super::batch::BATCH;
use super::browser::idle;
use super::engine::ENGINE;
use super::history::HISTORY;
use super::history_queue::HistoryQueue;
use super::hooks::fetch::Sleep;
use super::writers::WRITERS;
use std::future::Future;
use std::pin::Pin;

/// How long after the first render the parts are asked for: on two cores, fetching and
/// compiling them at once delays what the page does next by a tenth of a second (make bench's
/// startup, 1.75× against 1.5× without; a view used sooner fetches its own part).
const PREFETCH_AFTER_MS: u32 = 1_000;

/// Starts fetching one part.
type Prefetch = fn() -> Pin<Box<dyn Future<Output = ()>>>;

/// Fetches every part after the first render, one at a time and each when the browser is idle,
/// so that none delays the form or what the user does first: the engine first (anything but
/// typing and the tabs needs it: a watch, a job's view, the list, the create form, the
/// requests), then the batch view, History, the keeper (it is needed after the first answer)
/// and the exports (used on a click, if ever).
/// A build that is not split (the npm widget, mounted and removed at will) has nothing to fetch
/// and sets no timer.
pub fn prefetch_parts() {
    if !cfg!(feature = "split") {
        return;
    }
    // In order: each waits for the one before it and for an idle moment.
    let parts: [Prefetch; 5] = [
        || Box::pin(ENGINE.prefetch()),
        || Box::pin(BATCH.prefetch()),
        || Box::pin(HISTORY.prefetch()),
        || Box::pin(HistoryQueue::prefetch()),
        || Box::pin(WRITERS.prefetch()),
    ];
    wasm_bindgen_futures::spawn_local(async move {
        Sleep::new(PREFETCH_AFTER_MS).await;
        for prefetch in parts {
            idle().await;
            prefetch().await;
        }
    });
}
