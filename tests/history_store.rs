//! The History tab's store, natively on the in-memory backend: bounds by count and bytes with
//! the oldest going first, the oldest deleted one by one when the backend is full (never the
//! job being kept), a job larger than all storage not kept, forgetting one server or all, the
//! rows filtered by server, collection, state and ID, newest first.

use milvus_import_monitor::history::store::{keep, Bounds, Catalogue, Entry, Filter, HistoryBackend, MemoryBackend, DEFAULT_BOUNDS};
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

fn entry(endpoint: &str, id: u32, collection: &str, state: &str, bytes: usize) -> Entry {
    Entry {
        key: format!("{endpoint} {id}"),
        endpoint: endpoint.into(),
        job_id: id.to_string(),
        collection: collection.into(),
        state: state.into(),
        saved_at_ms: f64::from(id),
        bytes,
        batch: None,
        load: None,
    }
}

fn text(bytes: usize) -> String {
    "x".repeat(bytes)
}

#[test]
fn bounds_by_count_and_bytes_drop_the_oldest_first() {
    let backend = MemoryBackend::default();
    let mut catalogue = Catalogue::default();
    let bounds = Bounds { max_jobs: 3, max_bytes: 1000 };
    for id in 1..=5 {
        let (deleted, kept) = now(keep(&backend, &mut catalogue, entry("http://a", id, "books", "Completed", 100), &text(100), bounds));
        assert!(kept);
        assert_eq!(deleted, if id > 3 { vec![format!("http://a {}", id - 3)] } else { vec![] });
    }
    assert_eq!(catalogue.totals(), (3, 300));
    assert_eq!(backend.keys(), ["http://a 3", "http://a 4", "http://a 5"]);
    // Bytes: a 900-byte job pushes out the two oldest 100-byte ones (one for the count, one
    // more for the bytes).
    let (deleted, _) = now(keep(&backend, &mut catalogue, entry("http://a", 6, "books", "Completed", 900), &text(900), bounds));
    assert_eq!(deleted, ["http://a 3", "http://a 4"]);
    assert_eq!(catalogue.totals(), (2, 1000));
    // Kept again later: it becomes the newest, not a second entry.
    let again = Entry { saved_at_ms: 7.0, ..entry("http://a", 5, "books", "Completed", 100) };
    now(keep(&backend, &mut catalogue, again, &text(100), bounds));
    assert_eq!(catalogue.entries.iter().map(|e| e.job_id.as_str()).collect::<Vec<_>>(), ["6", "5"]);
}

#[test]
fn a_full_backend_deletes_the_oldest_until_the_job_fits() {
    // Room for about three 100-byte jobs with their keys.
    let backend = MemoryBackend::with_quota(350);
    let mut catalogue = Catalogue::default();
    for id in 1..=3 {
        assert!(now(keep(&backend, &mut catalogue, entry("http://a", id, "books", "Completed", 100), &text(100), DEFAULT_BOUNDS)).1);
    }
    let (deleted, kept) = now(keep(&backend, &mut catalogue, entry("http://a", 4, "books", "Completed", 200), &text(200), DEFAULT_BOUNDS));
    assert!(kept);
    assert_eq!(deleted, ["http://a 1", "http://a 2"], "the oldest, one by one, until it fits");
    assert_eq!(backend.keys(), ["http://a 3", "http://a 4"]);
    // Larger than all the storage there is: not kept, and nothing else lost for it but what was tried.
    let (_, kept) = now(keep(&backend, &mut catalogue, entry("http://a", 5, "books", "Completed", 400), &text(400), DEFAULT_BOUNDS));
    assert!(!kept);
    assert!(catalogue.entries.iter().all(|e| e.job_id != "5"), "not listed when not kept");
    assert_eq!(now(backend.get("http://a 5")), None);
}

#[test]
fn forgetting_a_server_removes_only_its_jobs() {
    let backend = MemoryBackend::default();
    let mut catalogue = Catalogue::default();
    for (endpoint, id) in [("http://a", 1), ("http://b", 2), ("http://a", 3), ("http://b", 4)] {
        now(keep(&backend, &mut catalogue, entry(endpoint, id, "books", "Completed", 10), &text(10), DEFAULT_BOUNDS));
    }
    assert_eq!(catalogue.servers(), ["http://a", "http://b"]);
    let gone = catalogue.forget_server("http://a");
    for key in &gone {
        now(backend.delete(key));
    }
    assert_eq!(gone, ["http://a 1", "http://a 3"]);
    assert_eq!(backend.keys(), ["http://b 2", "http://b 4"]);
    assert_eq!(catalogue.forget_all(), ["http://b 2", "http://b 4"]);
    assert_eq!(catalogue.totals(), (0, 0));
}

#[test]
fn rows_newest_first_filtered_by_server_collection_state_and_id() {
    let mut catalogue = Catalogue::default();
    let entries = [
        entry("http://a", 101, "books", "Completed", 1),
        entry("http://a", 102, "movies", "Failed", 1),
        entry("http://b", 203, "books", "Failed", 1),
        entry("http://b", 204, "books", "Completed", 1),
    ];
    for e in entries {
        catalogue.keep(e, DEFAULT_BOUNDS);
    }
    let ids = |filter: Filter| catalogue.rows(&filter).iter().map(|e| e.job_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(Filter::default()), ["204", "203", "102", "101"]);
    assert_eq!(ids(Filter { server: Some("http://b".into()), ..Filter::default() }), ["204", "203"]);
    assert_eq!(ids(Filter { collection: Some("books".into()), state: Some("Failed".into()), ..Filter::default() }), ["203"]);
    assert_eq!(ids(Filter { search: " 10".into(), ..Filter::default() }), ["102", "101"]);
    // The catalogue itself is small text, read at start.
    let text = serde_json::to_string(&catalogue).unwrap();
    assert_eq!(serde_json::from_str::<Catalogue>(&text).unwrap(), catalogue);
}

#[test]
fn the_copies_kept_in_local_storage_move_over_once_and_the_catalogue_is_kept() {
    use milvus_import_monitor::history::store::{load_catalogue, move_from_local, save_catalogue};
    use milvus_import_monitor::history::{keep_job, kept_job, INDEX_KEY};
    use milvus_import_monitor::model::{ImportJob, JobState};
    use milvus_import_monitor::storage::{MemoryStorage, Storage};
    use milvus_import_monitor::timeline::Timeline;
    let local = MemoryStorage::default();
    for (n, state) in [(1, JobState::Completed), (2, JobState::Failed), (3, JobState::Completed)] {
        let job = ImportJob { job_id: n.to_string(), collection_name: "books".into(), state, ..ImportJob::default() };
        keep_job(&local, "http://a:19530", &job, f64::from(n), &Timeline::default());
    }
    let backend = MemoryBackend::default();
    let mut catalogue = Catalogue::default();
    assert_eq!(now(move_from_local(&local, &backend, &mut catalogue, DEFAULT_BOUNDS)), 3);
    assert_eq!(
        catalogue.entries.iter().map(|e| (e.job_id.as_str(), e.state.as_str())).collect::<Vec<_>>(),
        [("1", "Completed"), ("2", "Failed"), ("3", "Completed")]
    );
    assert!(catalogue.entries.iter().all(|e| e.endpoint == "http://a:19530" && e.bytes > 0));
    assert_eq!(local.get(INDEX_KEY), None, "gone from local storage");
    assert_eq!(kept_job(&local, "http://a:19530", "2"), None);
    assert!(now(backend.get("http://a:19530 2")).is_some_and(|text| text.contains("\"Failed\"")));
    // Once: nothing left to move.
    assert_eq!(now(move_from_local(&local, &backend, &mut catalogue, DEFAULT_BOUNDS)), 0);
    assert_eq!(catalogue.totals().0, 3);
    // The catalogue itself, kept and read back; an unreadable one is an empty one.
    now(save_catalogue(&backend, &catalogue)).unwrap();
    assert_eq!(now(load_catalogue(&backend)), catalogue);
    now(backend.put("#catalogue", "{not json")).unwrap();
    assert_eq!(now(load_catalogue(&backend)), Catalogue::default());
}

#[test]
fn the_history_tab_filters_picks_two_and_says_what_was_forgotten_or_imported() {
    use milvus_import_monitor::state::{HistoryAction, HistoryFilter, HistoryState};
    let mut catalogue = Catalogue::default();
    for e in [
        entry("http://a", 101, "books", "Completed", 1),
        entry("http://a", 102, "movies", "Failed", 1),
        entry("http://b", 203, "books", "Failed", 1),
    ] {
        catalogue.keep(e, DEFAULT_BOUNDS);
    }
    let step = |s: &HistoryState, a: HistoryAction| s.apply(a.clone()).unwrap_or_else(|| panic!("{a:?} changed nothing"));
    let s = step(&HistoryState::default(), HistoryAction::Loaded(Ok(catalogue.clone())));
    assert_eq!(s.choices(HistoryFilter::Server), ["http://a", "http://b"]);
    assert_eq!(s.choices(HistoryFilter::State), ["Completed", "Failed"]);
    let s = step(&s, HistoryAction::Filter(HistoryFilter::Server, Some("http://a".into())));
    let s = step(&s, HistoryAction::Filter(HistoryFilter::State, Some("Failed".into())));
    let rows: Vec<&str> = s.catalogue().unwrap().rows(&s.filter).iter().map(|e| e.job_id.as_str()).collect();
    assert_eq!(rows, ["102"]);
    assert!(s.apply(HistoryAction::Filter(HistoryFilter::State, Some("Failed".into()))).is_none(), "the same filter changes nothing");
    // Two picked to compare; forgetting server a drops its pick and its filter.
    let pick = |key: &str| HistoryAction::Pick { key: key.into(), picked: true };
    let s = step(&step(&s, pick("http://a 101")), pick("http://b 203"));
    assert_eq!(s.picked, ["http://a 101", "http://b 203"]);
    // Forgetting is asked, counted, and confirmed (or cancelled) before anything goes.
    let asked = step(&s, HistoryAction::AskForget(Some("http://a".into())));
    assert_eq!(
        (asked.confirming.clone(), asked.forgetting(Some("http://a")), asked.forgetting(None)),
        (Some(Some("http://a".into())), 2, 3)
    );
    assert_eq!(step(&asked, HistoryAction::CancelForget), s);
    let s = asked;
    let mut rest = catalogue.clone();
    let removed = rest.forget_server("http://a").len();
    let s = step(&s, HistoryAction::Forgot { server: Some("http://a".into()), catalogue: rest.clone(), removed });
    assert_eq!((s.note.as_deref(), s.confirming.clone()), (Some("Forgot 2 jobs of http://a."), None));
    assert_eq!((s.filter.server.clone(), s.picked.clone()), (None, vec!["http://b 203".to_owned()]));
    // A file's import says what came and what was skipped; a refused file says why.
    let s =
        step(&s, HistoryAction::Imported { catalogue, added: 2, skipped: 1, reasons: vec!["job 3: its key does not name its job".into()] });
    assert_eq!(s.note.as_deref(), Some("Imported 2 jobs. Skipped 1: job 3: its key does not name its job."));
    let s = step(&s, HistoryAction::Refused("The file is not JSON (expected value).".into()));
    assert_eq!(s.note.as_deref(), Some("Nothing was imported. The file is not JSON (expected value)."));
    // A browser that refuses the database: said, and no rows.
    let refused = step(&HistoryState::default(), HistoryAction::Loaded(Err("IndexedDB is not available".into())));
    assert!(refused.catalogue().is_none() && refused.choices(HistoryFilter::Server).is_empty());
}

#[test]
fn a_batch_is_listed_once_and_compared_as_one_load() {
    use milvus_import_monitor::history::loads::compare;
    use milvus_import_monitor::history::store::BATCH_PICK;
    use milvus_import_monitor::history::{batch_key, kept_copy};
    use milvus_import_monitor::model::{ImportJob, JobState};
    // Two batches on one server, created and ended on its clock; the second took twice as long.
    let batch = |ids: [&str; 2]| batch_key(&[("http://a", ids[0]), ("http://a", ids[1])]).expect("two jobs");
    let mut catalogue = Catalogue::default();
    let jobs = [("462422016000000000", 10, 0), ("462422016000000001", 12, 0), ("462422016000000002", 20, 1), ("462422016000000003", 24, 1)];
    for (n, (id, minutes, which)) in jobs.into_iter().enumerate() {
        let job = ImportJob {
            job_id: id.into(),
            collection_name: "books".into(),
            state: JobState::Completed,
            total_rows: 1_000,
            create_time: Some("2025-11-24T16:00:00Z".into()),
            complete_time: Some(format!("2025-11-24T16:{minutes:02}:00Z")),
            ..ImportJob::default()
        };
        let mut kept = kept_copy(None, "http://a", &job, n as f64, None);
        kept.batch = Some(if which == 0 {
            batch(["462422016000000000", "462422016000000001"])
        } else {
            batch(["462422016000000002", "462422016000000003"])
        });
        catalogue.keep(Entry::of(&kept, 100).expect("an entry"), DEFAULT_BOUNDS);
    }
    let batches = catalogue.batches(&Filter::default());
    assert_eq!(
        batches.iter().map(|(key, entries)| (*key, entries.len())).collect::<Vec<_>>(),
        [("2 jobs from http://a 462422016000000002", 2), ("2 jobs from http://a 462422016000000000", 2)]
    );
    let only_one = Filter { search: "000001".into(), ..Filter::default() };
    assert_eq!(catalogue.batches(&only_one).len(), 1, "a batch with no job shown is left out");
    let first = catalogue.picked_load(&format!("{BATCH_PICK}2 jobs from http://a 462422016000000000")).expect("a batch load");
    let second = catalogue.picked_load(&format!("{BATCH_PICK}2 jobs from http://a 462422016000000002")).expect("a batch load");
    assert_eq!((first.duration_ms, first.rows, second.duration_ms), (Some(720_000.0), Some(2_000), Some(1_440_000.0)));
    assert_eq!(compare(&first, &second).sentences[0], "The second load took 100 % longer (24 min 00 s against 12 min 00 s).");
    assert_eq!(catalogue.picked_load("http://a 462422016000000003").and_then(|l| l.duration_ms), Some(1_440_000.0), "a job's own");
}
