//! The History tab's IndexedDB backend in headless Chromium: 200 kept jobs of 1,024 file
//! groups each, with their timelines (what local storage, at a few MB, never held), are kept
//! through `history_store::keep` with the default bounds, and after the database is closed and
//! opened again every one of them reads back as it was written; forgetting a server deletes
//! only its jobs. Started by scripts/browser-tests.sh.

#![cfg(target_arch = "wasm32")]

use milvus_import_monitor::history::store::{keep, Catalogue, Entry, HistoryBackend, CATALOGUE_KEY, DEFAULT_BOUNDS};
use milvus_import_monitor::history::{kept_copy, read_one};
use milvus_import_monitor::job::BandTable;
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::timeline::Timeline;
use milvus_import_monitor::view::history_db::IndexedDbBackend;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const JOBS: u32 = 200;
const GROUPS: usize = 1024;

/// A completed job of 1,024 file groups with a recorded timeline, as the page keeps it.
fn kept_text(endpoint: &str, n: u32) -> (Entry, String) {
    let details: Vec<Rc<FileTask>> = (0..GROUPS)
        .map(|g| {
            Rc::new(FileTask {
                file_name: format!("[imports/load-{n}/part-{g:04}.parquet]"),
                file_size: 268_435_456,
                state: FileState::Completed,
                progress: 100,
                total_rows: 100_000,
                imported_rows: Some(100_000),
                complete_time: Some("2026-12-06T09:00:00Z".into()),
                ..FileTask::default()
            })
        })
        .collect();
    let job_id = (462_422_016_000_000_000u64 + u64::from(n)).to_string();
    let job = ImportJob {
        job_id: job_id.clone(),
        collection_name: if n.is_multiple_of(2) { "book_embeddings".into() } else { "movies".into() },
        state: JobState::Completed,
        progress: 100,
        total_rows: 102_400_000,
        details,
        ..ImportJob::default()
    };
    let mut timeline = Timeline::default();
    for step in 0..120u8 {
        let moving = ImportJob { state: JobState::Importing, progress: step.min(99), details: Vec::new(), ..job.clone() };
        timeline.observe(&moving, BandTable::Modern, f64::from(step) * 30_000.0);
    }
    let kept = kept_copy(None, endpoint, &job, 3_600_000.0 + f64::from(n), Some(&timeline));
    let text = serde_json::to_string(&kept).expect("a kept job writes");
    let entry = Entry::of(&kept, text.len()).expect("its key names its job");
    (entry, text)
}

#[wasm_bindgen_test]
async fn two_hundred_jobs_of_1024_groups_fit_and_reopen() {
    let backend = IndexedDbBackend::open().await.expect("IndexedDB opens");
    let mut catalogue = Catalogue::default();
    let mut written = 0usize;
    for n in 0..JOBS {
        let endpoint = if n < JOBS / 2 { "http://a:19530" } else { "http://b:19530" };
        let (entry, text) = kept_text(endpoint, n);
        written += text.len();
        let (deleted, kept) = keep(&backend, &mut catalogue, entry, &text, DEFAULT_BOUNDS).await;
        assert!(kept, "job {n} kept");
        assert!(deleted.is_empty(), "nothing evicted within the bounds: {deleted:?}");
    }
    assert!(written > 150 * 200_000, "each job is a real 1,024-group copy: {written} bytes in all");
    assert_eq!(catalogue.totals(), (JOBS as usize, written));
    backend.close();

    // Opened again (a new visit): every job is there and reads back as written.
    let reopened = IndexedDbBackend::open().await.expect("IndexedDB opens again");
    // The jobs' keys (another test may have kept the catalogue itself in the same database).
    let job_keys = |keys: Vec<String>| keys.into_iter().filter(|k| k != CATALOGUE_KEY).collect::<Vec<_>>();
    let mut keys = job_keys(reopened.keys().await.expect("keys"));
    keys.sort();
    let mut expected: Vec<String> = catalogue.entries.iter().map(|e| e.key.clone()).collect();
    expected.sort();
    assert_eq!(keys, expected);
    for n in [0, 99, 100, JOBS - 1] {
        let endpoint = if n < JOBS / 2 { "http://a:19530" } else { "http://b:19530" };
        let (entry, text) = kept_text(endpoint, n);
        let back = reopened.get(&entry.key).await.expect("kept");
        assert_eq!(back, text);
        let job = read_one(&back).expect("reads as a kept job");
        assert_eq!(job.job.details.len(), GROUPS);
        assert!(job.timeline.is_some_and(|t| !t.points.is_empty()));
    }

    // Forgetting a server deletes only its jobs.
    for key in catalogue.forget_server("http://a:19530") {
        reopened.delete(&key).await;
    }
    let left = job_keys(reopened.keys().await.expect("keys"));
    assert_eq!(left.len(), (JOBS / 2) as usize);
    assert!(left.iter().all(|k| k.starts_with("http://b:19530 ")));
    for key in catalogue.forget_all() {
        reopened.delete(&key).await;
    }
    assert!(job_keys(reopened.keys().await.expect("keys")).is_empty());
}

/// Waits (by polling a condition, never a duration alone) until `ready`.
async fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..600 {
        if ready() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn the_queue_runs_calls_one_at_a_time_in_the_order_sent() {
    use milvus_import_monitor::history::store::Catalogue;
    use milvus_import_monitor::history::KeptJob;
    use milvus_import_monitor::view::history_queue::{HistoryCall, HistoryQueue};
    use std::cell::RefCell;
    let queue = HistoryQueue::default();
    let endpoint = "http://queue:19530".to_owned();
    let job = |state| ImportJob { job_id: "77".into(), collection_name: "books".into(), state, ..ImportJob::default() };
    let read: Rc<RefCell<Vec<Option<KeptJob>>>> = Rc::default();
    let listed: Rc<RefCell<Vec<Catalogue>>> = Rc::default();
    let on_read = {
        let read = read.clone();
        yew::Callback::from(move |kept| read.borrow_mut().push(kept))
    };
    // Sent at once, without waiting: each read sees every keep sent before it, none after.
    queue.send(HistoryCall::Keep {
        endpoint: endpoint.clone(),
        job: Box::new(job(JobState::Importing)),
        saved_at_ms: 1.0,
        timeline: None,
        batch: None,
    });
    queue.send(HistoryCall::Read { endpoint: endpoint.clone(), job_id: "77".into(), reply: on_read.clone() });
    queue.send(HistoryCall::Keep {
        endpoint: endpoint.clone(),
        job: Box::new(job(JobState::Completed)),
        saved_at_ms: 2.0,
        timeline: None,
        batch: None,
    });
    queue.send(HistoryCall::Read { endpoint: endpoint.clone(), job_id: "77".into(), reply: on_read });
    let listed_reply = {
        let listed = listed.clone();
        yew::Callback::from(move |catalogue: Result<Catalogue, String>| listed.borrow_mut().push(catalogue.expect("the database opens")))
    };
    queue.send(HistoryCall::Catalogue { reply: listed_reply });
    wait_until("every call answered", || listed.borrow().len() == 1).await;
    let states: Vec<Option<JobState>> = read.borrow().iter().map(|k| k.as_ref().map(|k| k.job.state.clone())).collect();
    assert_eq!(states, [Some(JobState::Importing), Some(JobState::Completed)]);
    let catalogue = listed.borrow()[0].clone();
    let entry = catalogue.entries.iter().find(|e| e.job_id == "77").expect("listed once");
    assert_eq!((entry.state.as_str(), catalogue.entries.iter().filter(|e| e.job_id == "77").count()), ("Completed", 1));
    // Forgotten: read back as nothing.
    let forgot: Rc<RefCell<Option<usize>>> = Rc::default();
    let on_forgot = {
        let forgot = forgot.clone();
        yew::Callback::from(move |(removed, _): (usize, Catalogue)| *forgot.borrow_mut() = Some(removed))
    };
    queue.send(HistoryCall::Forget { server: Some(endpoint.clone()), reply: on_forgot });
    wait_until("forgotten", || forgot.borrow().is_some()).await;
    assert_eq!(*forgot.borrow(), Some(1));
}
