//! The page's history over the in-memory backend, natively: opened with today's local-storage
//! copies moved over once; a job kept as it moves, a batch's copy keeping the timeline a watch
//! recorded; read back; exported and imported into a fresh store (a "fresh browser profile"),
//! older copies placed by their time and never replacing newer ones; a server forgotten.

use milvus_import_monitor::history::keep_job;
use milvus_import_monitor::history::keeper::HistoryKeeper;
use milvus_import_monitor::history::store::{MemoryBackend, DEFAULT_BOUNDS};
use milvus_import_monitor::job::BandTable;
use milvus_import_monitor::model::{ImportJob, JobState};
use milvus_import_monitor::storage::{MemoryStorage, Storage};
use milvus_import_monitor::timeline::Timeline;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Runs a future that never waits (the memory backend's): polled once.
fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the memory backend never waits"),
    }
}

fn job(id: &str, state: JobState) -> ImportJob {
    ImportJob { job_id: id.into(), collection_name: "books".into(), state, progress: 50, ..ImportJob::default() }
}

fn recorded() -> Timeline {
    let mut timeline = Timeline::default();
    timeline.observe(&job("1", JobState::Importing), BandTable::Modern, 1_000.0);
    timeline
}

#[test]
fn kept_read_back_exported_imported_and_forgotten() {
    let local = MemoryStorage::default();
    keep_job(&local, "http://a:19530", &job("1", JobState::Completed), 10.0, &recorded());
    let mut keeper = now(HistoryKeeper::open(MemoryBackend::default(), Some(&local), DEFAULT_BOUNDS));
    assert_eq!(keeper.catalogue.totals().0, 1, "today's copy moved over");
    assert!(local.get("milvus-import-monitor.kept").is_none());

    // A watch keeps its timeline; a batch's later copy (none of its own) keeps it too.
    assert!(now(keeper.keep_job("http://a:19530", &job("2", JobState::Importing), 20.0, Some(&recorded()), None)));
    assert!(now(keeper.keep_job("http://a:19530", &job("2", JobState::Completed), 30.0, None, None)));
    let two = now(keeper.kept("http://a:19530", "2")).unwrap();
    assert_eq!((two.job.state.clone(), two.saved_at_ms), (JobState::Completed, 30.0));
    assert!(two.timeline.as_ref().is_some_and(|t| !t.points.is_empty()), "the watch's timeline is not erased");
    assert!(now(keeper.keep_job("http://b:19530", &job("3", JobState::Failed), 40.0, None, None)));

    // Exported, then imported into a fresh store: the same list and copies.
    let file = now(keeper.export("2026-12-06T09:00:00Z"));
    assert!(!file.contains("root:Milvus"));
    let mut fresh = now(HistoryKeeper::open(MemoryBackend::default(), None::<&MemoryStorage>, DEFAULT_BOUNDS));
    let (read, added) = now(fresh.import(&file)).unwrap();
    assert_eq!((read.jobs.len(), added, read.skipped), (3, 3, 0));
    assert_eq!(fresh.catalogue, keeper.catalogue);
    assert_eq!(now(fresh.kept("http://a:19530", "2")), Some(two.clone()));
    // Importing an older copy of a job kept here replaces nothing; a job kept long ago goes
    // where its time puts it.
    let older = r#"{"format":"milvus-import-monitor.history","version":1,"exportedAt":"x","jobs":[
        {"key":"http://a:19530 2","saved_at_ms":5,"job":{"jobId":"2","collectionName":"books","state":"Failed","progress":0}},
        {"key":"http://c:19530 9","saved_at_ms":1,"job":{"jobId":"9","collectionName":"books","state":"Completed","progress":100}}]}"#;
    let (_, added) = now(fresh.import(older)).unwrap();
    assert_eq!(added, 1);
    assert_eq!(now(fresh.kept("http://a:19530", "2")).map(|k| k.job.state), Some(JobState::Completed));
    assert_eq!(fresh.catalogue.entries.first().map(|e| e.job_id.as_str()), Some("9"), "the oldest, first to go");

    // Forgetting a server removes only its jobs, from the list and the store.
    assert_eq!(now(fresh.forget(Some("http://a:19530"))), 2);
    assert_eq!(now(fresh.kept("http://a:19530", "1")), None);
    assert!(now(fresh.kept("http://b:19530", "3")).is_some());
    assert_eq!(now(fresh.forget(None)), 2);
    assert_eq!(fresh.catalogue.totals(), (0, 0));
}
