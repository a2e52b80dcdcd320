//! Before and around an import on the page, natively: the checks the create form shows from the
//! schema read and the server's list, a Start held while a check fails (nothing sent) and sent
//! on *Start anyway*; the schema and the lists read only when wanted; a waiting job's queue
//! line; the log link's window on the job, its setting, and the element's `log-url`.

use milvus_import_monitor::attributes::HostOptions;
use milvus_import_monitor::client::Schema;
use milvus_import_monitor::loglink::LogSetting;
use milvus_import_monitor::model::{ImportJob, JobList, JobRecord, JobState};
use milvus_import_monitor::state::{
    Action, CreateAction, CreateField, Field, FormAction, FormFields, JobAction, PageState, PollAnswer, PrecheckAction, QueueAction,
    RequestState, Tab,
};
use milvus_import_monitor::storage::MemoryStorage;

const T: f64 = 1_764_000_000_000.0;
/// IDs created at T − 30 s, T − 20 s, T − 10 s and T (`id >> 18` is the creation in ms).
fn id_at(ms: f64) -> String {
    ((ms as i64) << 18).to_string()
}

fn step(state: &PageState, action: Action) -> PageState {
    state.apply(action.clone()).unwrap_or_else(|| panic!("{action:?} changed nothing"))
}

fn page() -> PageState {
    let form = FormFields { endpoint: "http://localhost:19530".into(), token: "root:Milvus".into(), ..FormFields::default() };
    PageState { tab: Tab::Create, ..PageState::with_form(form) }
}

fn schema() -> Schema {
    Schema::from_describe(&serde_json::json!({"collectionName": "books", "fields": [
        {"name": "id", "type": "Int64", "primaryKey": true, "autoId": true},
        {"name": "vector", "type": "FloatVector", "params": [{"key": "dim", "value": "4"}]},
        {"name": "title", "type": "VarChar"}]}))
    .unwrap()
}

/// A field of the create form set to `value` (already so: unchanged).
fn edit(state: &PageState, field: CreateField, value: &str) -> PageState {
    state.apply(Action::Create(CreateAction::Edit(field, value.into()))).unwrap_or_else(|| state.clone())
}

fn record(id: &str, state: JobState) -> JobRecord {
    JobRecord { job_id: id.into(), collection_name: "books".into(), state, ..JobRecord::default() }
}

/// The page with the schema read and the server's list answered (`running` jobs importing).
fn read(state: &PageState, running: usize) -> PageState {
    let s = step(state, Action::PrecheckDue);
    let id = s.precheck.request.loading_id().unwrap();
    let s = step(&s, Action::Precheck(PrecheckAction::Response { id, result: Ok(Some(schema())) }));
    let s = step(&s, Action::QueueDue { at_ms: T });
    let (id, _) = s.queue.requests()[0].clone();
    let records = (0..running).map(|n| record(&id_at(T - 1000.0 * n as f64), JobState::Importing)).collect();
    step(&s, Action::Queue(QueueAction::Response { id, result: Ok(JobList { records, ..JobList::default() }) }))
}

fn outcome(state: &PageState, name: &str) -> String {
    let checks = state.prechecks().expect("the form describes a request");
    format!("{:?}", checks.iter().find(|c| c.name == name).unwrap().outcome)
}

#[test]
fn a_failing_check_holds_start_until_start_anyway() {
    let s = edit(&page(), CreateField::Collection, "books");
    let s = edit(&s, CreateField::Files, "1/vector.npy");
    let s = read(&s, 2);
    assert_eq!(outcome(&s, "numpy-fields"), "Fail", "title.npy is missing");
    assert!(s.prechecks().unwrap().iter().any(|c| c.says.contains("title.npy is missing")));
    assert_eq!(outcome(&s, "running-jobs"), "Pass");
    let held = step(&s, Action::Create(CreateAction::Submit { fresh_key: "k".into() }));
    assert_eq!((held.create.held, held.create.request.clone()), (Some(1), RequestState::Idle), "nothing sent");
    // An edit clears the hold; the fixed request starts at once.
    let fixed = edit(&held, CreateField::Files, "1/vector.npy, 1/title.npy");
    assert_eq!(fixed.create.held, None);
    assert_eq!(fixed.failing_checks(), 0);
    let sent = step(&fixed, Action::Create(CreateAction::Submit { fresh_key: "k".into() }));
    assert!(sent.create.request.is_loading());
    // Or the user goes on although it fails.
    let anyway = step(&held, Action::Create(CreateAction::SubmitAnyway { fresh_key: "k".into() }));
    assert!(anyway.create.request.is_loading());
}

#[test]
fn a_start_before_the_schema_is_read_waits_for_it() {
    let s = edit(&edit(&page(), CreateField::Collection, "books"), CreateField::Files, "1/vector.npy");
    // Pressed before the field settled: the read starts at once, and nothing is sent yet.
    let waiting = step(&s, Action::Create(CreateAction::Submit { fresh_key: "k".into() }));
    assert_eq!((waiting.create.waiting.as_deref(), waiting.create.request.clone()), (Some("k"), RequestState::Idle));
    let id = waiting.precheck.request.loading_id().expect("the schema asked at once");
    // It fails a check: held, not sent.
    let held = step(&waiting, Action::Precheck(PrecheckAction::Response { id, result: Ok(Some(schema())) }));
    assert_eq!((held.create.held, held.create.waiting.clone(), held.create.request.clone()), (Some(1), None, RequestState::Idle));
    // Correct, it goes on by itself once read; a refused read lets it go on unchecked.
    let fine = edit(&waiting, CreateField::Files, "1/vector.npy, 1/title.npy");
    let fine = step(&fine, Action::Create(CreateAction::Submit { fresh_key: "k".into() }));
    let sent = step(&fine, Action::Precheck(PrecheckAction::Response { id, result: Ok(Some(schema())) }));
    assert!(sent.create.request.is_loading() && sent.create.waiting.is_none());
    let forbidden = milvus_import_monitor::ApiError::Forbidden { code: Some(65535), message: "PermissionDenied".into() };
    let unread = step(&fine, Action::Precheck(PrecheckAction::Response { id, result: Err(forbidden) }));
    assert!(unread.create.request.is_loading());
    assert_eq!(outcome(&unread, "numpy-fields"), "Unknown");
}

#[test]
fn the_schema_is_read_once_per_collection_and_only_on_the_create_tab() {
    assert!(page().queue_wanted().is_empty() && page().precheck_wanted().is_none(), "nothing read before a collection is named");
    let s = edit(&page(), CreateField::Collection, "books");
    assert_eq!(s.queue_wanted().len(), 1, "the server's list, for the running-jobs check");
    let asked = step(&s, Action::PrecheckDue);
    assert_eq!(asked.precheck.loading().map(|(_, _, c)| c).as_deref(), Some("books"));
    let id = asked.precheck.request.loading_id().unwrap();
    let missing = step(&asked, Action::Precheck(PrecheckAction::Response { id, result: Ok(None) }));
    let missing = edit(&missing, CreateField::Files, "a.parquet");
    assert_eq!(outcome(&missing, "collection"), "Fail");
    assert!(missing.apply(Action::PrecheckDue).is_none(), "the same collection is not asked again");
    let other = step(&missing, Action::ShowTab(Tab::Job));
    assert!(other.precheck_wanted().is_none() && other.apply(Action::PrecheckDue).is_none());
    assert!(other.queue_wanted().is_empty(), "no list is read for a form that is not open");
    // Without a read the checks that need it are unknown, never passed.
    let unread = edit(&edit(&page(), CreateField::Collection, "books"), CreateField::Files, "1/vector.npy");
    assert_eq!((outcome(&unread, "collection"), outcome(&unread, "numpy-fields")), ("Unknown".into(), "Unknown".into()));
    assert_eq!(outcome(&unread, "running-jobs"), "Unknown");
}

#[test]
fn every_failing_check_of_the_issue_holds_start() {
    let base = read(&edit(&page(), CreateField::Collection, "books"), 0);
    let groups: String = (0..1025).map(|n| format!("f{n}.parquet\n")).collect();
    let cases: [(&str, &str, &str, &str); 4] = [
        ("numpy-fields", "1/id.npy, 1/vector.npy, 1/title.npy", "", ""),
        ("group-count", &groups, "", ""),
        ("auto-commit", "a.parquet", "auto_commit=yes", ""),
        ("repeated-options", "a.parquet", "timeout=1s\nTIMEOUT=2s", ""),
    ];
    for (name, files, options, partition) in cases {
        let s = edit(&edit(&edit(&base, CreateField::Files, files), CreateField::Options, options), CreateField::Partition, partition);
        assert_eq!(outcome(&s, name), "Fail", "{name}");
        let held = step(&s, Action::Create(CreateAction::Submit { fresh_key: "k".into() }));
        assert!(held.create.held.is_some() && !held.create.request.is_loading(), "{name}: nothing sent");
    }
}

#[test]
fn the_running_jobs_check_counts_what_is_not_final() {
    let s = edit(&edit(&page(), CreateField::Collection, "books"), CreateField::Files, "a.parquet");
    let s = read(&s, 1024);
    assert_eq!(outcome(&s, "running-jobs"), "Fail");
    assert!(s.prechecks().unwrap().iter().any(|c| c.says.contains("dataCoord.import.maxImportJobNum")));
}

#[test]
fn a_waiting_job_says_how_many_are_ahead_and_lists_are_read_slowly() {
    let pending = id_at(T - 10_000.0);
    let form = FormFields {
        endpoint: "http://localhost:19530".into(),
        token: "root:Milvus".into(),
        job_id: pending.clone(),
        ..FormFields::default()
    };
    let s = step(&PageState::with_form(form), Action::Watch { at_ms: T });
    assert!(s.queue_wanted().is_empty(), "nothing waits yet");
    let id = s.job.request.loading_id().unwrap();
    let job = ImportJob { job_id: pending.clone(), collection_name: "books".into(), state: JobState::Pending, ..ImportJob::default() };
    let answer = PollAnswer { id, result: Ok(job), route: None, sent_ms: T, at_ms: T + 1.0, jitter: 0.5 };
    let s = step(&s, Action::Job(JobAction::Response(answer)));
    assert_eq!(s.queue_wanted().len(), 1);
    assert_eq!(s.queue.next_due_ms(&s.queue_wanted()), Some(0.0), "the first list at once");
    let s = step(&s, Action::QueueDue { at_ms: T + 2.0 });
    assert!(s.apply(Action::QueueDue { at_ms: T + 3.0 }).is_none(), "one list in flight per server");
    // Never two requests in flight for the job view: its poll waits while the list is out…
    assert!(s.queue_holds_poll() && s.next_poll_in_ms().is_none());
    assert!(s.apply(Action::Job(JobAction::PollDue { after: s.job.sent })).is_none());
    // …and so does Refresh, as it does while the poll itself is out (a click while busy).
    assert!(s.apply(Action::Job(JobAction::Refresh)).is_none(), "Refresh sends nothing beside the list");
    let (id, _) = s.queue.requests()[0].clone();
    let records = vec![
        record(&id_at(T - 30_000.0), JobState::Importing),
        record(&id_at(T - 20_000.0), JobState::Importing),
        record(&id_at(T - 25_000.0), JobState::Completed),
        record(&pending, JobState::Pending),
        record(&id_at(T - 5_000.0), JobState::Pending),
    ];
    let s = step(&s, Action::Queue(QueueAction::Response { id, result: Ok(JobList { records, ..JobList::default() }) }));
    assert_eq!(s.job_ahead().unwrap().sentence(), "2 jobs ahead of this one: 2 importing.");
    // Read again no sooner than the list's slow interval.
    assert_eq!(s.queue.next_due_ms(&s.queue_wanted()), Some(T + 2.0 + 30_000.0));
    assert!(s.apply(Action::QueueDue { at_ms: T + 20_000.0 }).is_none());
    let poll = step(&s, Action::Job(JobAction::Refresh));
    assert!(poll.job.request.is_loading() && poll.queue_wanted().is_empty(), "no list while the poll is out");
    // A failed refresh keeps the last good list.
    let s = step(&s, Action::QueueDue { at_ms: T + 40_000.0 });
    let (id, _) = s.queue.requests()[0].clone();
    let s = step(&s, Action::Queue(QueueAction::Response { id, result: Err(milvus_import_monitor::ApiError::Aborted) }));
    assert!(s.job_ahead().is_some());
    // Hidden, nothing is read.
    let hidden = step(&s, Action::Visibility(false));
    assert!(hidden.queue_wanted().is_empty());
}

#[test]
fn the_log_link_covers_the_job_and_comes_from_the_form_or_the_element() {
    let created = T - 600_000.0;
    let form = FormFields {
        endpoint: "http://localhost:19530".into(),
        db_name: "analytics".into(),
        job_id: id_at(created),
        ..FormFields::default()
    };
    let s = step(&PageState::with_form(form), Action::Watch { at_ms: T });
    let s = step(&s, Action::Form(FormAction::Edit(Field::LogPreset, "Grafana Explore (Loki)".into())));
    let s = step(&s, Action::Form(FormAction::Edit(Field::LogBase, "https://grafana.example.com/".into())));
    assert!(s.log_link(T).is_none(), "no job answered yet");
    let id = s.job.request.loading_id().unwrap();
    let job = ImportJob {
        job_id: id_at(created),
        collection_name: "books".into(),
        state: JobState::Completed,
        progress: 100,
        complete_time: Some("2025-11-24T16:00:00Z".into()),
        ..ImportJob::default()
    };
    let answer = PollAnswer { id, result: Ok(job), route: None, sent_ms: T, at_ms: T + 1.0, jitter: 0.5 };
    let s = step(&s, Action::Job(JobAction::Response(answer)));
    let link = s.log_link(T).unwrap().unwrap();
    assert!(link.starts_with("https://grafana.example.com/explore?"), "{link}");
    assert!(link.contains(&id_at(created)));
    let from = format!("{}", (created - 60_000.0) as i64);
    let to = format!("{}", 1_764_000_000_000i64 + 60_000); // completeTime + 1 min
    assert!(link.contains(&from) && link.contains(&to), "{link}");
    // A hand-made template leaves the preset; one with the token in it is refused.
    let own = step(&s, Action::Form(FormAction::Edit(Field::LogUrl, "https://logs/?q={jobId}&db={database}".into())));
    assert_eq!(own.form.log.preset, "");
    assert_eq!(own.log_link(T).unwrap().unwrap(), format!("https://logs/?q={}&db=analytics", id_at(created)));
    let token = step(&s, Action::Form(FormAction::Edit(Field::LogUrl, "https://logs/?t={token}".into())));
    assert!(token.log_link(T).unwrap().is_err());
    // Kept in this browser, and set by the element's attribute.
    let store = MemoryStorage::default();
    own.form.log.save(&store);
    assert_eq!(LogSetting::load(&store), own.form.log);
    LogSetting::default().save(&store);
    assert!(store.keys().is_empty(), "an empty setting keeps no key");
    let attrs = |name: &str| (name == "log-url").then(|| "https://logs/?q={jobId}".to_owned());
    assert_eq!(HostOptions::from_attributes(attrs, "").form().log.template, "https://logs/?q={jobId}");
}

#[test]
fn a_batch_links_the_logs_of_its_failed_jobs_and_tells_each_waiting_job_its_place() {
    use milvus_import_monitor::state::batch::BatchAction;
    let (failed, waiting, running) = (id_at(T - 30_000.0), id_at(T - 10_000.0), id_at(T - 20_000.0));
    let form = FormFields {
        endpoint: "http://localhost:19530".into(),
        job_id: format!("{failed}\n{waiting}\n{running}"),
        log: LogSetting::default().with_template("https://logs/?q={jobId}&from={fromMs}"),
        ..FormFields::default()
    };
    let mut s = step(&PageState::with_form(form), Action::Watch { at_ms: T });
    // Every job asked and answered, one tick at a time (the scheduler staggers them).
    for n in 0..40 {
        let at_ms = T + 500.0 * f64::from(n);
        s = s.apply(Action::BatchTick { at_ms }).unwrap_or(s);
        for request in s.batch.loading_ids() {
            let job_id = s.batch.awaiting(request).unwrap().job_id.clone();
            let state = if job_id == failed {
                JobState::Failed
            } else if job_id == waiting {
                JobState::Pending
            } else {
                JobState::Importing
            };
            let job = ImportJob { job_id, collection_name: "books".into(), state, reason: Some("boom".into()), ..ImportJob::default() };
            let answer = PollAnswer { id: request, result: Ok(job), route: None, sent_ms: at_ms, at_ms, jitter: 0.5 };
            s = step(&s, Action::Batch(BatchAction::Response(answer)));
        }
    }
    assert!(s.batch.entries.iter().all(|e| e.job.is_some()), "every job answered");
    let links = s.batch_log_links(T + 60_000.0);
    assert_eq!(links.len(), 1, "only the failed job's");
    assert_eq!(links[0].0, (0, failed.clone()));
    assert_eq!(links[0].1, format!("https://logs/?q={failed}&from={}", (T - 30_000.0 - 60_000.0) as i64));
    // The waiting job's place, once the server's list is read (one list for the batch's server).
    assert_eq!(s.queue_wanted().len(), 1);
    let s = step(&s, Action::QueueDue { at_ms: T + 60_000.0 });
    let (id, _) = s.queue.requests()[0].clone();
    let records = vec![record(&failed, JobState::Failed), record(&running, JobState::Importing), record(&waiting, JobState::Pending)];
    let s = step(&s, Action::Queue(QueueAction::Response { id, result: Ok(JobList { records, ..JobList::default() }) }));
    let ahead = s.batch_ahead();
    assert_eq!(ahead.len(), 1);
    assert_eq!((ahead[0].0.clone(), ahead[0].1.sentence()), ((0, waiting), "1 job ahead of this one: 1 importing.".to_owned()));
}

#[test]
fn the_page_asks_no_server_until_something_is_watched_listed_or_written() {
    let blank = PageState::with_form(FormFields::default());
    assert!(!blank.asks_servers(), "a blank form asks nothing");
    let form = page().form;
    let typed = PageState::with_form(form.clone());
    assert!(!typed.asks_servers(), "a form filled in but not submitted asks nothing");
    assert!(!step(&typed, Action::ShowTab(Tab::History)).asks_servers(), "History is this browser's own");
    assert!(step(&typed, Action::ShowTab(Tab::Jobs)).asks_servers(), "the job list is asked for when its tab opens");
    let create = step(&typed, Action::ShowTab(Tab::Create));
    assert!(!create.asks_servers(), "an empty create form asks nothing");
    assert!(edit(&create, CreateField::Collection, "books").asks_servers(), "a collection named is checked");
    let watching = step(&PageState::with_form(FormFields { job_id: id_at(T), ..form.clone() }), Action::Watch { at_ms: T });
    assert!(watching.asks_servers(), "a watched job is polled");
    let batch = step(
        &PageState::with_form(FormFields { job_id: format!("{}\n{}", id_at(T - 10_000.0), id_at(T)), ..form }),
        Action::Watch { at_ms: T },
    );
    assert!(batch.asks_servers(), "so is a batch");
}
