//! The copies kept in this browser (`history`), over the in-memory store: each job under a key
//! of its own with an index, the single list an earlier version kept moved once, a job kept
//! again not duplicated, the limit, and a full store dropping the oldest until the new copy
//! fits. (The page's local storage is the same trait; `tests/app.rs` follows it in a browser.)

use milvus_import_monitor::history::{
    keep_job, keep_jobs, kept_job, kept_key, storage_key, KeptIndex, KeptJob, HISTORY_KEY, HISTORY_LIMIT, INDEX_KEY,
};
use milvus_import_monitor::model::{FileTask, ImportJob, JobState};
use milvus_import_monitor::storage::{MemoryStorage, Storage};
use milvus_import_monitor::timeline::Timeline;
use std::rc::Rc;

const SERVER: &str = "http://milvus:19530";

fn job(id: &str, state: JobState) -> ImportJob {
    ImportJob { job_id: id.into(), collection_name: "books".into(), state, progress: 50, ..Default::default() }
}

/// A job with `files` files (~300 bytes each, kept).
fn big_job(id: &str, files: usize) -> ImportJob {
    let details =
        (0..files).map(|i| Rc::new(FileTask { file_name: format!("[bulk/{id}/{i:0>80}.parquet]"), ..Default::default() })).collect();
    ImportJob { details, ..job(id, JobState::Importing) }
}

fn index(store: &MemoryStorage) -> Vec<String> {
    KeptIndex::read(&store.get(INDEX_KEY).unwrap_or_default()).0.into_iter().map(|(key, _)| key).collect()
}

#[test]
fn each_job_is_kept_under_its_own_key_and_read_back() {
    let store = MemoryStorage::default();
    keep_job(&store, SERVER, &job("1", JobState::Importing), 10.0, &Timeline::default());
    keep_job(&store, SERVER, &job("2", JobState::Completed), 20.0, &Timeline::default());
    keep_job(&store, "http://other:19530", &job("1", JobState::Failed), 30.0, &Timeline::default());
    let mut expected = [
        INDEX_KEY.to_owned(),
        storage_key(&kept_key(SERVER, "1")),
        storage_key(&kept_key(SERVER, "2")),
        storage_key(&kept_key("http://other:19530", "1")),
    ];
    expected.sort();
    assert_eq!(store.keys(), expected);
    let one = kept_job(&store, SERVER, "1").expect("kept");
    assert_eq!((one.job.state, one.saved_at_ms), (JobState::Importing, 10.0));
    assert_eq!(
        kept_job(&store, "http://other:19530", "1").expect("kept").job.state,
        JobState::Failed,
        "the same ID on another server is another job"
    );
    assert_eq!(kept_job(&store, SERVER, "3"), None);
    assert!(store.keys().iter().all(|key| !key.contains("root")), "never the token");
}

#[test]
fn kept_again_the_job_is_the_newest_not_a_second_copy() {
    let store = MemoryStorage::default();
    keep_job(&store, SERVER, &job("1", JobState::Importing), 10.0, &Timeline::default());
    keep_job(&store, SERVER, &job("2", JobState::Importing), 20.0, &Timeline::default());
    keep_job(&store, SERVER, &job("1", JobState::Completed), 30.0, &Timeline::default());
    assert_eq!(index(&store), [kept_key(SERVER, "2"), kept_key(SERVER, "1")]);
    assert_eq!(store.keys().len(), 3);
    assert_eq!(kept_job(&store, SERVER, "1").expect("kept").job.state, JobState::Completed);
}

#[test]
fn a_batch_keeps_the_timeline_a_single_watch_recorded() {
    let store = MemoryStorage::default();
    let mut timeline = Timeline::default();
    timeline.observe(&job("1", JobState::Importing), milvus_import_monitor::job::BandTable::Modern, 5.0);
    keep_job(&store, SERVER, &job("1", JobState::Importing), 10.0, &timeline);
    keep_jobs(&store, SERVER, &[(job("1", JobState::Completed), 20.0), (job("2", JobState::Pending), 20.0)]);
    let one = kept_job(&store, SERVER, "1").expect("kept");
    assert_eq!((one.job.state, one.timeline), (JobState::Completed, Some(timeline)));
    assert_eq!(kept_job(&store, SERVER, "2").expect("kept").timeline, None);
}

#[test]
fn the_list_an_earlier_version_kept_is_moved_once_to_a_key_per_job() {
    let store = MemoryStorage::default();
    let old: Vec<KeptJob> = ["1", "2"]
        .iter()
        .enumerate()
        .map(|(i, id)| KeptJob {
            key: kept_key(SERVER, id),
            saved_at_ms: i as f64,
            job: job(id, JobState::Completed),
            timeline: None,
            batch: None,
        })
        .collect();
    store.set(HISTORY_KEY, &serde_json::to_string(&old).expect("json")).expect("room");
    // A read moves it: the old key goes, each job has its own, in the old order.
    assert_eq!(kept_job(&store, SERVER, "2").expect("moved").job.job_id, "2");
    assert_eq!(store.get(HISTORY_KEY), None);
    assert_eq!(index(&store), [kept_key(SERVER, "1"), kept_key(SERVER, "2")]);
    // Moved once: a later write adds to it, and what was moved stays.
    keep_job(&store, SERVER, &job("3", JobState::Importing), 9.0, &Timeline::default());
    assert_eq!(index(&store).len(), 3);
    assert!(kept_job(&store, SERVER, "1").is_some());
    // Unreadable old text is no history, not an error.
    let broken = MemoryStorage::default();
    broken.set(HISTORY_KEY, "{not json").expect("room");
    assert_eq!(kept_job(&broken, SERVER, "1"), None);
    assert_eq!(broken.get(HISTORY_KEY), None);
}

#[test]
fn past_the_limit_the_oldest_go() {
    let store = MemoryStorage::default();
    for i in 0..HISTORY_LIMIT + 3 {
        keep_job(&store, SERVER, &job(&i.to_string(), JobState::Completed), i as f64, &Timeline::default());
    }
    assert_eq!(index(&store).len(), HISTORY_LIMIT);
    assert_eq!(store.keys().len(), HISTORY_LIMIT + 1, "the copies and the index");
    for gone in ["0", "1", "2"] {
        assert_eq!(kept_job(&store, SERVER, gone), None, "{gone}");
    }
    assert!(kept_job(&store, SERVER, "3").is_some());
}

#[test]
fn a_full_store_drops_the_oldest_until_the_new_copy_fits() {
    // Room for three copies and the index, not four.
    let copy = |id: &str| {
        let kept =
            KeptJob { key: kept_key(SERVER, id), saved_at_ms: 0.0, job: big_job(id, 50), timeline: Some(Timeline::default()), batch: None };
        storage_key(&kept.key).len() + serde_json::to_string(&kept).expect("json").len()
    };
    let quota = 3 * copy("a") + 1_000;
    assert!(4 * copy("a") > quota);
    let store = MemoryStorage::with_quota(quota);
    for (i, id) in ["a", "b", "c"].iter().enumerate() {
        keep_job(&store, SERVER, &big_job(id, 50), i as f64, &Timeline::default());
    }
    assert!(["a", "b", "c"].iter().all(|id| kept_job(&store, SERVER, id).is_some()), "three fit: {:?}", store.keys());
    keep_job(&store, SERVER, &big_job("d", 50), 3.0, &Timeline::default());
    assert_eq!(kept_job(&store, SERVER, "a"), None, "the oldest went to make room");
    assert!(["b", "c", "d"].iter().all(|id| kept_job(&store, SERVER, id).is_some()), "{:?}", store.keys());
    assert_eq!(index(&store), [kept_key(SERVER, "b"), kept_key(SERVER, "c"), kept_key(SERVER, "d")]);
    assert!(store.used() <= quota);
    // A copy larger than the whole store: everything older is dropped, the copy is not
    // written, and nothing breaks.
    keep_job(&store, SERVER, &big_job("huge", 200), 4.0, &Timeline::default());
    assert_eq!(kept_job(&store, SERVER, "huge"), None);
    assert!(store.used() <= quota);
}
