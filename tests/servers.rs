//! Several servers on one page, natively: the scheduler's politeness per server (two in flight
//! each, a failing server's backoff holding only its own jobs, a refusal of credentials stopping
//! only its own), and a CDC pair batch: both sides asked, one row per job with its meaning, a
//! commit sent to the primary only.

use milvus_import_monitor::client::ProgressRoute;
use milvus_import_monitor::job::pair::PairMeaning;
use milvus_import_monitor::model::{ImportJob, JobState};
use milvus_import_monitor::policy::MAX_IN_FLIGHT_PER_SERVER;
use milvus_import_monitor::state::batch::{BatchAction, BatchWatch, PairSetting};
use milvus_import_monitor::state::{pair_rows, Action, ManualAction, ManualKind, PageState, PollAnswer, ServerJobs, Settings};
use milvus_import_monitor::ApiError;

const T: f64 = 1_764_000_000_000.0;
const INTERVAL: u32 = 2_000;
const PRIMARY: &str = "http://127.0.0.1:19530";
const STANDBY: &str = "http://127.0.0.1:19531";

/// A job ID created `minutes` before T.
fn id(minutes: i64, n: i64) -> String {
    ((((T as i64) - minutes * 60_000) << 18) + n).to_string()
}

fn server(endpoint: &str, job_ids: Vec<String>) -> ServerJobs {
    ServerJobs {
        settings: Settings { endpoint: endpoint.into(), token: "root:Milvus".into(), interval_ms: INTERVAL, ..Settings::default() },
        job_ids,
    }
}

fn watching(servers: Vec<ServerJobs>, pair: Option<PairSetting>) -> PageState {
    PageState::default().apply(Action::WatchServers { servers, pair, at_ms: T }).expect("a batch")
}

fn tick(page: &PageState, at_ms: f64) -> PageState {
    page.apply(Action::BatchTick { at_ms }).unwrap_or_else(|| page.clone())
}

fn in_flight(batch: &BatchWatch, server: usize) -> usize {
    batch.loading_on(server)
}

/// Answers every request in flight to `server` with `answer(job_id)`.
fn answer(page: &PageState, server: usize, at_ms: f64, answer: impl Fn(&str) -> Result<ImportJob, ApiError>) -> PageState {
    let mut next = page.clone();
    for request in page.batch.loading_ids() {
        let Some(entry) = page.batch.awaiting(request).filter(|e| e.server == server) else { continue };
        let result = answer(&entry.job_id);
        let poll = PollAnswer { id: request, result, route: Some(ProgressRoute::Describe), sent_ms: at_ms, at_ms, jitter: 0.5 };
        next = next.apply(Action::Batch(BatchAction::Response(poll))).expect("taken");
    }
    next
}

fn job(id: &str, state: JobState, progress: u8) -> Result<ImportJob, ApiError> {
    Ok(ImportJob { job_id: id.into(), state, progress, ..ImportJob::default() })
}

fn down() -> Result<ImportJob, ApiError> {
    Err(ApiError::ServerError { status: 502, code: None, summary: "Bad Gateway".into() })
}

#[test]
fn each_server_has_its_own_two_places_and_a_failing_one_holds_only_its_own_jobs() {
    let staging: Vec<String> = (0..4).map(|n| id(10, n)).collect();
    let production: Vec<String> = (0..4).map(|n| id(10, 10 + n)).collect();
    let page = watching(vec![server(PRIMARY, staging), server(STANDBY, production)], None);
    assert_eq!(page.batch.server_count(), 2);
    // Every job overdue: each server gets its two, not two for the page.
    let page = tick(&page, T + 10_000.0);
    assert_eq!((in_flight(&page.batch, 0), in_flight(&page.batch, 1)), (MAX_IN_FLIGHT_PER_SERVER, MAX_IN_FLIGHT_PER_SERVER));
    // The second server fails: it backs off; the first is answered and keeps its interval.
    let page = answer(&page, 1, T + 10_000.0, |_| down());
    let page = answer(&page, 0, T + 10_000.0, |id| job(id, JobState::Importing, 50));
    let held = page.batch.health(1).hold_until_ms;
    assert!(held > T + 10_000.0 + f64::from(INTERVAL), "backoff beyond the interval");
    assert_eq!(page.batch.health(0).failures, 0);
    let page = tick(&page, T + 10_001.0);
    assert_eq!(in_flight(&page.batch, 0), 2, "the healthy server's next jobs go at once");
    assert_eq!(in_flight(&page.batch, 1), 0, "the failing server's wait");
    // Its jobs come back at their interval while the other is still held.
    let page = answer(&page, 0, T + 10_002.0, |id| job(id, JobState::Importing, 60));
    let page = tick(&page, T + 10_000.0 + f64::from(INTERVAL));
    assert!(in_flight(&page.batch, 0) > 0 && in_flight(&page.batch, 1) == 0);
    assert!(page.batch.health(1).hold_until_ms >= held);
    let status = milvus_import_monitor::state::batch_status_text(&page);
    assert!(status.contains(STANDBY) && status.contains("other servers' jobs keep their interval"), "{status}");
}

#[test]
fn a_server_refusing_its_credentials_stops_only_its_own_jobs() {
    let page = watching(vec![server(PRIMARY, vec![id(10, 0)]), server(STANDBY, vec![id(10, 1)])], None);
    let page = tick(&page, T + 10_000.0);
    let denied = || Err(ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() });
    let page = answer(&page, 1, T + 10_000.0, |_| denied());
    assert!(page.batch.target.is_some(), "the other server's job goes on");
    assert!(page.batch.health(1).refused.is_some());
    assert!(page.batch.entries.iter().filter(|e| e.server == 1).all(|e| !e.is_open()));
    assert!(page.batch.entries.iter().filter(|e| e.server == 0).all(|e| e.is_open()));
    let page = answer(&page, 0, T + 10_000.0, |_| denied());
    assert!(page.batch.target.is_none() && page.batch.stopped_by.is_some(), "every server refused: the batch stops");
}

#[test]
fn a_bad_server_refuses_the_lot_naming_it() {
    let page = PageState::default()
        .apply(Action::WatchServers {
            servers: vec![server(PRIMARY, vec![id(10, 0)]), server("not a url at all", vec![id(10, 1)])],
            pair: None,
            at_ms: T,
        })
        .expect("refused");
    assert!(!page.batch.is_shown());
    let message = page.job.request.error().map(ToString::to_string).unwrap_or_default();
    assert!(message.starts_with("Server 2 (not a url at all)"), "{message}");
}

#[test]
fn a_pair_asks_both_sides_shows_one_row_and_commits_on_the_primary_only() {
    let job_id = id(1, 0);
    let pair = Some(PairSetting { stall_ms: 300_000.0 });
    let page = watching(vec![server(PRIMARY, vec![job_id.clone()]), server(STANDBY, Vec::new())], pair);
    assert_eq!(page.batch.entries.len(), 2, "the job on each side");
    let page = tick(&page, T + 1_000.0);
    let page = answer(&page, 0, T + 1_000.0, |id| job(id, JobState::Uncommitted, 99));
    let page = answer(&page, 1, T + 1_000.0, |id| job(id, JobState::Importing, 55));
    let rows = pair_rows(&page.batch, T + 1_000.0);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].meaning, PairMeaning::StandbyCatchingUp);
    assert_eq!(rows[0].lag_points, Some(44));
    assert!(matches!(rows[0].offer.commit, Some(Some(_))), "early: asks first");

    let page = tick(&page, T + 3_000.0);
    let page = answer(&page, 1, T + 3_000.0, |id| job(id, JobState::Uncommitted, 99));
    let rows = pair_rows(&page.batch, T + 3_000.0);
    assert_eq!(rows[0].meaning, PairMeaning::Ready);
    assert_eq!(rows[0].offer.commit, Some(None));
    // The commit goes to the primary's connection, never the standby's.
    let asked = page.apply(Action::Manual(ManualAction::Ask { kind: ManualKind::Commit, job_ids: vec![job_id.clone()] })).expect("sent");
    let targets = asked.manual_targets();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].1.endpoint.base(), PRIMARY);

    // Committed on the primary, the standby still waiting: in flight, then the alert.
    let page = tick(&page, T + 5_000.0);
    let page = answer(&page, 0, T + 5_000.0, |id| job(id, JobState::Completed, 100));
    assert_eq!(pair_rows(&page.batch, T + 6_000.0)[0].meaning, PairMeaning::CommitInFlight);
    assert_eq!(pair_rows(&page.batch, T + 5_000.0 + 300_000.0)[0].meaning, PairMeaning::CommitStalled);
}

#[test]
fn a_standby_that_does_not_know_the_job_yet_is_asked_again() {
    let job_id = id(1, 0);
    let pair = Some(PairSetting { stall_ms: 300_000.0 });
    let page = watching(vec![server(PRIMARY, vec![job_id.clone()]), server(STANDBY, Vec::new())], pair);
    let page = tick(&page, T + 1_000.0);
    let missing = |id: &str| Err(ApiError::JobNotFound { code: 2101, message: "import job does not exist".into(), job_id: id.into() });
    let page = answer(&page, 0, T + 1_000.0, |id| job(id, JobState::Importing, 30));
    // Long past the create grace: still asked (case C is watched, not given up).
    let late = T + 3_600_000.0;
    let page = tick(&page, late);
    let page = answer(&page, 1, late, missing);
    let standby = page.batch.entries.iter().find(|e| e.server == 1).expect("standby");
    assert!(standby.is_open(), "asked again at the interval");
    assert_eq!(pair_rows(&page.batch, late)[0].meaning, PairMeaning::StandbyMissing);
}

mod form_and_link {
    use milvus_import_monitor::connections::{load, merged, save, SavedConnection};
    use milvus_import_monitor::link::{read_query, share_query, watched_query};
    use milvus_import_monitor::state::{Action, FormAction, FormFields, ServerField, ServerFields};
    use milvus_import_monitor::storage::MemoryStorage;

    fn two_servers(pair: bool) -> FormFields {
        FormFields {
            endpoint: "http://127.0.0.1:19530".into(),
            token: "root:Milvus".into(),
            job_id: super::id(5, 1),
            name: "primary".into(),
            servers: vec![ServerFields {
                name: "standby".into(),
                endpoint: "http://127.0.0.1:19531".into(),
                token: "root:Standby".into(),
                db_name: "books".into(),
                job_id: if pair { String::new() } else { super::id(5, 2) },
                ..ServerFields::default()
            }],
            pair,
            ..FormFields::default()
        }
    }

    #[test]
    fn a_link_names_every_endpoint_and_job_never_a_token_and_asks_for_the_tokens() {
        for pair in [false, true] {
            let form = two_servers(pair);
            let query = share_query(&form);
            assert!(!query.contains("Milvus") && !query.contains("Standby"), "no token: {query}");
            assert!(query.contains("endpoint=http%3A%2F%2F127.0.0.1%3A19531"), "{query}");
            let (back, autostart) = read_query(&query);
            assert!(!autostart && back.asks_tokens, "opened in a fresh profile, the tokens are asked for first");
            assert!(back.token.is_empty() && back.servers.iter().all(|s| s.token.is_empty()));
            assert_eq!((back.endpoint.as_str(), back.job_id.as_str(), back.pair), (form.endpoint.as_str(), form.job_id.as_str(), pair));
            assert_eq!(back.servers.len(), 1);
            assert_eq!((back.servers[0].endpoint.as_str(), back.servers[0].db_name.as_str()), ("http://127.0.0.1:19531", "books"));
            assert_eq!(back.servers[0].job_id, form.servers[0].job_id);
            // Watching what the link names gives the same link in the address bar.
            let typed = FormFields { token: "t".into(), ..back.clone() };
            let page =
                milvus_import_monitor::state::PageState::with_form(typed).apply(Action::Watch { at_ms: super::T }).expect("watching");
            assert_eq!(page.batch.server_count(), 2);
            let address = watched_query(&page).unwrap_or_default();
            assert_eq!(read_query(&address).0.servers, back.servers, "{address}");
        }
        // A one-server link still starts at once.
        assert!(read_query("?endpoint=http%3A%2F%2Fm%3A19530&jobId=7").1);
    }

    #[test]
    fn named_connections_are_kept_without_tokens_unless_remembered_and_fill_the_form() {
        let form = two_servers(true);
        let page = milvus_import_monitor::state::PageState::with_form(form).apply(Action::Watch { at_ms: super::T }).expect("watching");
        let kept = &page.form.saved;
        assert_eq!(kept.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["primary", "standby"]);
        assert!(kept.iter().all(|c| c.token.is_none()), "not remembered: no token");
        let remembered = merged(kept, &page.form.named(), true);
        assert_eq!(remembered[1].token.as_deref(), Some("root:Standby"));
        let store = MemoryStorage::default();
        save(&store, &remembered);
        assert_eq!(load(&store), remembered);
        // A kept name fills a fresh form's row.
        let fresh = FormFields { saved: load(&store), ..FormFields::default() }.apply(FormAction::AddServer).expect("a row");
        let filled = fresh.apply(FormAction::EditServer(0, ServerField::Name, "standby".into())).expect("filled");
        assert_eq!((filled.servers[0].endpoint.as_str(), filled.servers[0].token.as_str()), ("http://127.0.0.1:19531", "root:Standby"));
        // A hostile stored value is dropped, not a crash.
        use milvus_import_monitor::storage::Storage;
        let _ =
            store.set(milvus_import_monitor::connections::CONNECTIONS_KEY, r#"[{"name": 7}, {"name": "ok", "endpoint": "http://o"}, "x"]"#);
        assert_eq!(load(&store), [SavedConnection { name: "ok".into(), endpoint: "http://o".into(), ..SavedConnection::default() }]);
    }
}

mod create_on_a_pair {
    use milvus_import_monitor::state::{CreateForm, TWO_PHASE_NOTE};
    use milvus_import_monitor::ApiError;

    #[test]
    fn a_pairs_primary_gets_auto_commit_false_and_the_gates_refusals_are_explained() {
        let form = CreateForm { collection: "books".into(), files: "a.parquet".into(), two_phase: true, ..CreateForm::default() };
        assert_eq!(form.request().expect("a request").options, [("auto_commit".to_owned(), "false".to_owned())]);
        let asked_auto = CreateForm { options: "auto_commit=true".into(), ..form.clone() };
        assert!(asked_auto.request().is_err(), "auto-commit on a pair is refused before anything is sent");
        let one = CreateForm { options: "AUTO_COMMIT=False".into(), ..form };
        assert_eq!(one.request().expect("a request").options.len(), 1, "never twice (the newest servers refuse repeated keys)");
        assert!(TWO_PHASE_NOTE.contains("auto_commit"));
        let refusal = |code: i64, message: &str| CreateForm::refusal_hint(&ApiError::Milvus { code, message: message.into() });
        let standby = refusal(
            65535,
            "failed to broadcast import: failed to start broadcast with collection id: cluster is not primary, cannot do any DDL/DCL",
        );
        assert!(standby.is_some_and(|h| h.contains("standby") && h.contains("primary")));
        let auto = refusal(3000, "failed to broadcast import: failed to validate import request: auto_commit=true import in replicating cluster is not supported: unsupported operation");
        assert!(auto.is_some_and(|h| h.contains("auto_commit=false")));
        let gate = refusal(3000, "failed to broadcast import: failed to validate import request: import in replicating cluster is not supported yet: unsupported operation");
        assert!(gate.is_some_and(|h| h.contains("enableInReplicatingCluster")));
    }
}

#[test]
fn the_same_job_answering_on_both_servers_is_offered_as_a_pair_and_paired_up() {
    use milvus_import_monitor::state::shared_job_ids;
    let shared = id(1, 0);
    let page = watching(vec![server(PRIMARY, vec![shared.clone(), id(1, 1)]), server(STANDBY, vec![shared.clone()])], None);
    assert!(shared_job_ids(&page.batch).is_empty(), "nothing answered yet");
    let page = tick(&page, T + 10_000.0);
    let page = answer(&page, 0, T + 10_000.0, |id| job(id, JobState::Importing, 40));
    let page = answer(&page, 1, T + 10_000.0, |id| job(id, JobState::Importing, 30));
    assert_eq!(shared_job_ids(&page.batch), std::slice::from_ref(&shared));
    // The second server as the primary: its job is asked of both, and nothing else.
    let paired = page.apply(Action::PairUp { primary: 1, at_ms: T + 11_000.0 }).expect("paired");
    assert!(paired.batch.is_pair());
    let target = paired.batch.target.as_ref().expect("watching");
    assert_eq!(target.servers[0].endpoint.base(), STANDBY);
    let jobs: Vec<(usize, &str)> = paired.batch.entries.iter().map(|e| (e.server, e.job_id.as_str())).collect();
    assert_eq!(jobs, [(0, shared.as_str()), (1, shared.as_str())]);
    assert!(shared_job_ids(&paired.batch).is_empty(), "a pair is not offered again");
}

#[test]
fn the_host_hears_each_sides_answer_once_not_at_every_poll_of_the_other() {
    use milvus_import_monitor::host::{BatchReport, MonitorEvent};
    let job_id = id(1, 0);
    let page =
        watching(vec![server(PRIMARY, vec![job_id.clone()]), server(STANDBY, Vec::new())], Some(PairSetting { stall_ms: 300_000.0 }));
    let page = tick(&page, T + 1_000.0);
    let page = answer(&page, 0, T + 1_000.0, |id| job(id, JobState::Completed, 100));
    let page = answer(&page, 1, T + 1_000.0, |id| job(id, JobState::Uncommitted, 99));
    let mut report = BatchReport::default();
    let told = report.news(&page.batch);
    assert_eq!(told.iter().filter(|e| matches!(e, MonitorEvent::Complete(_))).count(), 1);
    assert!(report.news(&page.batch).is_empty(), "nothing new: nothing told again");
}

#[test]
fn the_replication_lag_at_create_is_each_sides_create_time_on_the_pages_clock() {
    let job_id = id(1, 0);
    let page =
        watching(vec![server(PRIMARY, vec![job_id.clone()]), server(STANDBY, Vec::new())], Some(PairSetting { stall_ms: 300_000.0 }));
    let page = tick(&page, T + 1_000.0);
    let stamped = |at: &'static str| {
        move |id: &str| {
            Ok(ImportJob {
                job_id: id.into(),
                state: JobState::Importing,
                progress: 20,
                create_time: Some(at.into()),
                ..ImportJob::default()
            })
        }
    };
    // Answered 10 s after T: both records (T and T + 3 s) were made before the answers came.
    let page = answer(&page, 0, T + 10_000.0, stamped("2025-11-24T16:00:00Z"));
    let page = answer(&page, 1, T + 10_000.0, stamped("2025-11-24T16:00:03Z"));
    assert_eq!(pair_rows(&page.batch, T + 10_000.0)[0].created_after_ms, Some(3_000.0));
}
