//! Readiness natively: the estimate from pendingRows (rate, time left, a stall only when
//! pending does not fall), and the sub-state's requests: at most one per two job polls in the
//! index band, then the reads after Completed, then none.

use milvus_import_monitor::client::{CollectionFacts, Connection, Endpoint};
use milvus_import_monitor::job::{Activity, BandTable};
use milvus_import_monitor::policy::VISIBLE_LIMIT_MS;
use milvus_import_monitor::readiness::{IndexCounts, IndexProgress, Known, LoadState};
use milvus_import_monitor::state::{Ask, CollectionKey, JobSeen, ReadinessAction, ReadinessState, Reply};
use milvus_import_monitor::ApiError;

fn counts(pending: u64) -> IndexCounts {
    IndexCounts {
        index_name: "vector".into(),
        field_name: "vector".into(),
        metric_type: "COSINE".into(),
        total_rows: 1_480_000,
        indexed_rows: 1_480_000 - pending,
        pending_rows: pending,
        index_state: "Finished".into(),
    }
}

#[test]
fn the_time_left_comes_from_how_fast_pending_rows_fall() {
    let mut progress = IndexProgress::default();
    progress.observe(&[counts(500_000)], 0.0);
    assert_eq!(progress.rows_per_sec(), None, "one reading has no rate");
    assert_eq!(progress.eta_ms(0.0), None);
    progress.observe(&[counts(400_000)], 10_000.0);
    // 100,000 rows in 10 s: 10,000 rows/s; 400,000 left: 40 s, counted down since the reading.
    assert_eq!(progress.rows_per_sec(), Some(10_000.0));
    assert_eq!(progress.eta_ms(10_000.0), Some(40_000.0));
    assert_eq!(progress.eta_ms(15_000.0), Some(35_000.0));
    assert!(progress.sentence().contains("1,080,000 of 1,480,000 rows indexed collection-wide, 400,000 pending, falling 10,000 rows/s"));
    progress.observe(&[counts(0)], 50_000.0);
    assert_eq!(progress.eta_ms(50_000.0), Some(0.0));
}

#[test]
fn a_plateau_is_a_stall_only_when_pending_does_not_fall() {
    let mut progress = IndexProgress::default();
    progress.observe(&[counts(500_000)], 0.0);
    // Falling steadily for ten minutes: the percentage may sit at 80, but nothing is stalled.
    for minute in 1..=10u64 {
        progress.observe(&[counts(500_000 - minute * 10_000)], minute as f64 * 60_000.0);
    }
    assert_eq!(progress.stalled_for(600_000.0, 300_000.0), None);
    // Then no fall for six minutes: a stall of six minutes.
    progress.observe(&[counts(400_000)], 960_000.0);
    assert_eq!(progress.stalled_for(960_000.0, 300_000.0), Some(360_000.0));
    // Pending rising (another load flushed) starts the rate again.
    progress.observe(&[counts(450_000)], 970_000.0);
    assert_eq!(progress.rows_per_sec(), None);
}

#[test]
fn the_slowest_vector_index_is_the_one_measured() {
    let mut progress = IndexProgress::default();
    let scalar = IndexCounts { index_name: "title".into(), metric_type: String::new(), pending_rows: 9_000_000, ..counts(0) };
    let other = IndexCounts { index_name: "image".into(), ..counts(100) };
    progress.observe(&[scalar, counts(300), other], 0.0);
    assert_eq!((progress.index_name.as_str(), progress.last().map(|s| s.pending)), ("vector", Some(300)));
}

fn key() -> CollectionKey {
    CollectionKey { connection: Connection::new(Endpoint::parse("localhost:19530").unwrap(), "root:Milvus"), collection: "books".into() }
}

fn observe(state: &ReadinessState, activity: Activity, at_ms: f64) -> ReadinessState {
    let seen = JobSeen { job_id: "7".into(), activity, rows: 200_000 };
    let action = ReadinessAction::Observed { key: key(), seen, bands: BandTable::Modern, interval_ms: 2_000, all_seen: true, at_ms };
    state.apply(action).unwrap_or_else(|| state.clone())
}

fn answer(state: &ReadinessState, reply: Reply, at_ms: f64) -> ReadinessState {
    let (id, ..) = state.requests().pop().expect("a request in flight");
    state.apply(ReadinessAction::Response { id, reply, at_ms }).expect("taken")
}

/// Polls the job `polls` times in the index band, answering each read with `pending`; returns
/// the state and how many HTTP requests the reads cost.
fn index_band(mut state: ReadinessState, polls: u32, pending: impl Fn(u32) -> u64) -> (ReadinessState, u32) {
    let mut requests = 0;
    for poll in 1..=polls {
        state = observe(&state, Activity::BuildingIndex, f64::from(poll) * 2_000.0);
        if let Some((_, _, Ask::Indexes { known })) = state.requests().pop() {
            // `list` and a `describe` per index, or a `describe` per known vector index.
            requests += known.map_or(2, |names| names.len() as u32);
            state = answer(&state, Reply::Indexes(Ok(vec![counts(pending(poll))])), f64::from(poll) * 2_000.0 + 10.0);
        }
        assert!(requests <= poll / 2, "{requests} readiness requests after {poll} polls");
        // At the default 2 s interval, no sooner than every three polls (5 s) either.
        assert!(requests <= poll.div_ceil(3) + 1, "{requests} readiness requests after {poll} polls");
    }
    (state, requests)
}

#[test]
fn at_most_one_readiness_request_per_two_job_polls_in_the_index_band() {
    let writing = (1..=10).fold(ReadinessState::default(), |s, poll| observe(&s, Activity::WritingRows, f64::from(poll)));
    assert!(writing.requests().is_empty(), "nothing is read while rows are written");
    let (state, requests) = index_band(writing, 40, |poll| 500_000 - u64::from(poll) * 10_000);
    assert!(requests >= 11, "the index is read regularly: {requests} requests in 40 polls");
    let progress = state.collections[0].index.read().unwrap();
    assert!(progress.rows_per_sec().is_some());
}

#[test]
fn after_completed_load_rows_and_visible_count_then_nothing() {
    let (state, _) = index_band(ReadinessState::default(), 6, |_| 0);
    let state = observe(&state, Activity::Completed, 20_000.0);
    // The index once more, for its pending rows at the end; then the collection.
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Indexes { known: Some(_) })]));
    let state = answer(&state, Reply::Indexes(Ok(vec![counts(0)])), 20_050.0);
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Collection)]));
    let facts = CollectionFacts { load: Some(LoadState::Loaded), primary_key: Some(("id".into(), "Int64".into())) };
    let state = answer(&state, Reply::Collection(Ok(facts)), 20_100.0);
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Stored)]));
    let state = answer(&state, Reply::Stored(Ok(1_200_000)), 20_200.0);
    // Servers with describe take an empty filter.
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Visible { filter })] if filter.is_empty()));
    let state = answer(&state, Reply::Visible(Ok(1_000_000)), 20_300.0);
    assert!(state.requests().is_empty());
    let due = state.next_due_ms().expect("asked again later");
    assert!(state.apply(ReadinessAction::Due { at_ms: due - 1.0 }).is_none(), "not before it is due");
    let state = state.apply(ReadinessAction::Due { at_ms: due }).unwrap();
    let state = answer(&state, Reply::Visible(Ok(1_200_000)), 34_000.0);
    let after = state.collections[0].after.as_ref().unwrap();
    assert_eq!(after.visible_at_ms, Some(34_000.0));
    assert!(after.sentence(34_000.0).contains("all 200,000 rows searchable 14 s after Completed"), "{}", after.sentence(34_000.0));
    assert!(state.requests().is_empty() && state.next_due_ms().is_none(), "then no more requests");
    assert!(state.collections[0].is_settled(34_000.0));
}

#[test]
fn an_import_only_role_gets_no_permission_never_an_error() {
    let state = observe(&ReadinessState::default(), Activity::Completed, 0.0);
    let state = answer(&state, Reply::Collection(Ok(CollectionFacts { load: None, primary_key: None })), 10.0);
    let refused = ApiError::Forbidden { code: Some(65535), message: "PrivilegeGetStatistics: permission deny".into() };
    let state = answer(&state, Reply::Stored(Err(refused)), 20.0);
    let after = state.collections[0].after.as_ref().unwrap();
    assert_eq!((&after.load, &after.stored), (&Known::NoPermission, &Known::NoPermission));
    let line = after.sentence(20.0);
    assert!(line.contains("no permission to read the load state") && line.contains("no permission to read rows stored"), "{line}");
    assert!(state.requests().is_empty() && state.next_due_ms().is_none());
}

#[test]
fn an_unloaded_collection_is_said_so_and_not_queried() {
    let state = observe(&ReadinessState::default(), Activity::Completed, 0.0);
    let state = answer(&state, Reply::Collection(Ok(CollectionFacts { load: Some(LoadState::NotLoaded), primary_key: None })), 10.0);
    let state = answer(&state, Reply::Stored(Ok(3_000_000)), 20.0);
    assert!(state.requests().is_empty());
    let line = state.collections[0].after.as_ref().unwrap().sentence(20.0);
    assert!(line.contains("not loaded: load it to search") && line.contains("3,000,000 after"), "{line}");
}

#[test]
fn the_visible_count_stops_at_the_limit() {
    let state = observe(&ReadinessState::default(), Activity::Completed, 0.0);
    let state = answer(&state, Reply::Collection(Ok(CollectionFacts { load: Some(LoadState::Loaded), primary_key: None })), 1.0);
    let mut state = answer(&state, Reply::Stored(Ok(1_000)), 2.0);
    let mut asked = 0;
    while let Some((_, _, Ask::Visible { .. })) = state.requests().pop() {
        let at = f64::from(asked) * 3_000.0 + 3.0;
        state = answer(&state, Reply::Visible(Ok(900)), at);
        asked += 1;
        if let Some(due) = state.next_due_ms() {
            state = state.apply(ReadinessAction::Due { at_ms: due }).unwrap();
        }
        assert!(asked < 100, "it stops");
    }
    assert!(f64::from(asked) * 3_000.0 >= VISIBLE_LIMIT_MS);
    assert!(state.collections[0].after.as_ref().unwrap().sentence(VISIBLE_LIMIT_MS + 10.0).contains("900 rows visible"));
}

#[test]
fn a_read_that_failed_after_completed_is_tried_again_and_the_last_good_index_stays() {
    let state = observe(&ReadinessState::default(), Activity::Completed, 0.0);
    let bad_gateway = ApiError::ServerError { status: 502, code: None, summary: "Bad Gateway".into() };
    let state = answer(&state, Reply::Collection(Err(bad_gateway)), 10.0);
    let state = answer(&state, Reply::Stored(Ok(1_000)), 20.0);
    assert!(state.requests().is_empty());
    let due = state.next_due_ms().expect("tried again");
    let state = state.apply(ReadinessAction::Due { at_ms: due }).unwrap();
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Collection)]));
    let state = answer(&state, Reply::Collection(Ok(CollectionFacts { load: Some(LoadState::Loaded), primary_key: None })), due + 10.0);
    assert!(matches!(state.requests().as_slice(), [(_, _, Ask::Stored)]));
    // During the band, a failed read keeps the last good readings on screen.
    let (state, _) = index_band(ReadinessState::default(), 6, |_| 100);
    let state = (7..=12).fold(state, |s, poll| observe(&s, Activity::BuildingIndex, f64::from(poll) * 2_000.0));
    let state = answer(&state, Reply::Indexes(Err(ApiError::NoAnswer { after_ms: 8_000 })), 30_000.0);
    assert_eq!(state.collections[0].index.read().and_then(|p| p.last()).map(|s| s.pending), Some(100));
}
