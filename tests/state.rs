//! The page reducer, natively: watching, the poll cycle, late responses, errors, sorting.

use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::model::{JobList, JobRecord};
use milvus_import_monitor::state::{
    Action, CreateAction, CreateField, Field, FormAction, FormFields, JobAction, ListAction, ListSort, PageState, PollAnswer, RequestState,
    Snapshot, SortKey, Source, Tab, TableView,
};
use milvus_import_monitor::ApiError;
use std::rc::Rc;

/// "Now" in these tests, and a job created then: Milvus job IDs encode their creation time
/// (`id >> 18` is milliseconds since the epoch), which the page checks.
const T: f64 = 1_764_000_000_000.0;
const JOB: &str = "462422016000000000"; // (T as i64) << 18
/// A job created four hours before T: long past any create grace.
const OLD: &str = "462418241126400000"; // ((T - 4 h) as i64) << 18

fn form(endpoint: &str, job: &str) -> PageState {
    PageState::with_form(FormFields { endpoint: endpoint.into(), job_id: job.into(), token: "root:Milvus".into(), ..FormFields::default() })
}

fn step(state: &PageState, action: Action) -> PageState {
    state.apply(action.clone()).unwrap_or_else(|| panic!("{action:?} changed nothing"))
}

fn file(name: &str, state: FileState, progress: u8) -> FileTask {
    FileTask { file_name: name.into(), state, progress, ..FileTask::default() }
}

fn job(state: JobState, progress: u8, files: Vec<FileTask>) -> ImportJob {
    ImportJob { job_id: JOB.into(), state, progress, details: files.into_iter().map(Rc::new).collect(), ..ImportJob::default() }
}

fn respond(state: &PageState, result: Result<ImportJob, ApiError>) -> PageState {
    at(state, result, T + 1.0)
}

/// The answer to the request in flight.
fn response(state: &PageState, result: Result<ImportJob, ApiError>, at_ms: f64) -> Action {
    Action::Job(JobAction::Response(PollAnswer { id: state.job.sent, result, route: None, sent_ms: at_ms, at_ms, jitter: 0.5 }))
}

/// The poll timer fired after the last answer.
fn poll_due(state: &PageState) -> Action {
    Action::Job(JobAction::PollDue { after: state.job.sent })
}

fn edit(field: Field, value: &str) -> Action {
    Action::Form(FormAction::Edit(field, value.into()))
}

#[test]
fn watch_starts_one_request_and_the_cycle_continues_until_completed() {
    let s = step(&form("localhost:19530", &format!(" {JOB} ")), Action::Watch { at_ms: T });
    let watch = s.job.target.as_ref().unwrap();
    assert_eq!(watch.job_id, JOB);
    assert_eq!(watch.connection.endpoint.base(), "http://localhost:19530");
    assert_eq!(watch.interval_ms, 2000);
    assert_eq!(s.job.request, RequestState::Loading { id: 1 });
    // Nothing else starts while it is in flight.
    assert!(s.apply(Action::Job(JobAction::Refresh)).is_none());
    assert!(s.apply(poll_due(&s)).is_none());
    assert_eq!(s.next_poll_in_ms(), None);

    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![file("[a]", FileState::InProgress, 50)])));
    assert_eq!(s.job.request, RequestState::Ready);
    assert_eq!(s.next_poll_in_ms(), Some(2000));
    let s = step(&s, poll_due(&s));
    assert_eq!(s.job.request, RequestState::Loading { id: 2 });

    let s = respond(&s, Ok(job(JobState::Completed, 100, vec![file("[a]", FileState::Completed, 100)])));
    assert!(s.is_terminal());
    assert_eq!(s.next_poll_in_ms(), None, "no polling after a final state");
    assert!(s.apply(poll_due(&s)).is_none());
    // A manual refresh is still possible.
    assert_eq!(step(&s, Action::Job(JobAction::Refresh)).job.request, RequestState::Loading { id: 3 });
}

#[test]
fn stop_and_new_jobs_drop_late_responses() {
    let s = step(&form("localhost:19530", JOB), Action::Watch { at_ms: T });
    let late = response(&s, Ok(job(JobState::Importing, 10, vec![])), 0.0);
    let old_poll_due = poll_due(&s);
    let stopped = step(&s, Action::Job(JobAction::Stop));
    assert!(stopped.job.target.is_none());
    assert_eq!(stopped.job.request, RequestState::Idle);
    assert_eq!(stopped.next_poll_in_ms(), None);
    assert!(stopped.apply(late.clone()).is_none(), "a response for a stopped watch is dropped");
    assert!(stopped.apply(old_poll_due).is_none());

    // Watching another job clears the previous job's figures.
    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![])));
    let other = step(&step(&s, edit(Field::JobId, OLD)), Action::Watch { at_ms: T });
    assert!(other.job.snapshot.is_none());
    assert!(other.apply(late).is_none());
}

#[test]
fn errors_keep_the_last_good_data_and_auth_errors_stop_polling() {
    let s = step(&form("localhost:19530", JOB), Action::Watch { at_ms: T });
    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![])));
    let s = step(&s, poll_due(&s));
    let s = respond(&s, Err(ApiError::ServerError { status: 502, code: None, summary: "Bad Gateway".into() }));
    assert!(matches!(s.job.request, RequestState::Failed(_)));
    assert_eq!(s.job.snapshot.as_ref().unwrap().job.progress, 50, "last good data stays");
    assert_eq!(s.next_poll_in_ms(), Some(4000), "transient errors keep polling, backing off");

    let s = step(&s, poll_due(&s));
    let s = respond(&s, Err(ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() }));
    assert_eq!(s.next_poll_in_ms(), None, "a wrong token will not fix itself");
}

#[test]
fn a_bad_form_is_an_error_not_a_request() {
    let s = step(&form("ftp://x", JOB), Action::Watch { at_ms: T });
    assert!(matches!(s.job.request, RequestState::Failed(ApiError::InvalidEndpoint { .. })));
    assert!(s.job.target.is_none());
    let s = step(&form("localhost:19530", "  "), Action::Watch { at_ms: T });
    assert_eq!(s.job.request, RequestState::Failed(ApiError::MissingJobId));
    assert_eq!(s.job.sent, 0);
}

#[test]
fn form_fields_interval_and_cluster_id() {
    let mut f = FormFields { interval_secs: "0.1".into(), ..FormFields::default() };
    assert_eq!(f.interval_ms(), 500, "never faster than 500 ms");
    f.interval_secs = "5".into();
    assert_eq!(f.interval_ms(), 5000);
    f.interval_secs = "soon".into();
    assert_eq!(f.interval_ms(), 2000);
    assert!(!f.shows_cluster_id());
    f.endpoint = "https://api.cloud.zilliz.com".into();
    assert!(f.shows_cluster_id());

    let s = PageState::default();
    assert!(s.apply(edit(Field::Token, "")).is_none(), "no change, same state");
    let s = step(&s, edit(Field::ClusterId, "in01-x"));
    assert!(s.form.shows_cluster_id());
    // Cloud mode follows the cluster ID.
    let s = step(&step(&step(&s, edit(Field::Endpoint, "127.0.0.1:9")), edit(Field::JobId, "job-1")), Action::Watch { at_ms: T });
    assert!(s.job.target.as_ref().unwrap().connection.is_cloud());
}

#[test]
fn unchanged_files_keep_their_rc() {
    let first = Snapshot::new(
        job(JobState::Importing, 50, vec![file("[a]", FileState::Completed, 100), file("[b]", FileState::InProgress, 10)]),
        None,
        0.0,
    );
    // The server's order changes; only b changed.
    let second = Snapshot::new(
        job(JobState::Importing, 55, vec![file("[b]", FileState::InProgress, 20), file("[a]", FileState::Completed, 100)]),
        Some(&first),
        1.0,
    );
    let a1 = first.job.details.iter().find(|f| f.file_name == "[a]").unwrap();
    let a2 = second.job.details.iter().find(|f| f.file_name == "[a]").unwrap();
    let b1 = first.job.details.iter().find(|f| f.file_name == "[b]").unwrap();
    let b2 = second.job.details.iter().find(|f| f.file_name == "[b]").unwrap();
    assert!(Rc::ptr_eq(a1, a2));
    assert!(!Rc::ptr_eq(b1, b2));
    assert_eq!(second.job.details.len(), 2, "the job is kept whole");
}

#[test]
fn sorting_and_filtering() {
    let files: Vec<Rc<FileTask>> = vec![
        Rc::new(FileTask { file_size: 30, ..file("[c]", FileState::Completed, 100) }),
        Rc::new(FileTask { file_size: 10, ..file("[a]", FileState::Failed, 0) }),
        Rc::new(FileTask { file_size: 20, ..file("[b]", FileState::InProgress, 40) }),
    ];
    let names = |view: &TableView| view.rows(&files).iter().map(|f| f.file_name.clone()).collect::<Vec<_>>();
    let mut view = TableView::default();
    assert_eq!(names(&view), ["[a]", "[b]", "[c]"]);
    let s = step(&PageState::default(), Action::Job(JobAction::Sort(SortKey::Size)));
    assert_eq!((s.job.table.sort.key, s.job.table.sort.descending), (SortKey::Size, false));
    let s = step(&s, Action::Job(JobAction::Sort(SortKey::Size)));
    assert!(s.job.table.sort.descending, "a second click reverses");
    assert_eq!(names(&s.job.table), ["[c]", "[b]", "[a]"]);
    view.sort.key = SortKey::State;
    assert_eq!(names(&view), ["[a]", "[b]", "[c]"], "failed first");
    view.filter = Some(FileState::Completed);
    assert_eq!(names(&view), ["[c]"]);
}

fn at(state: &PageState, result: Result<ImportJob, ApiError>, at_ms: f64) -> PageState {
    step(state, response(state, result, at_ms))
}

fn not_found() -> ApiError {
    ApiError::JobNotFound { code: 2100, message: "import job does not exist".into(), job_id: JOB.into() }
}

#[test]
fn backoff_grows_with_failures_and_resets_on_success() {
    let mut s = step(&form("localhost:19530", JOB), Action::Watch { at_ms: T });
    let mut delays = vec![];
    for _ in 0..4 {
        s = at(&s, Err(ApiError::ServerError { status: 504, code: None, summary: "x".into() }), T + 1.0);
        delays.push(s.next_poll_in_ms().unwrap());
        s = step(&s, poll_due(&s));
    }
    assert_eq!(delays, [4_000, 8_000, 16_000, 32_000]);
    s = at(&s, Ok(job(JobState::Importing, 50, vec![])), T + 2.0);
    assert_eq!(s.next_poll_in_ms(), Some(2_000));
}

#[test]
fn does_not_exist_right_after_creation_counts_as_queued() {
    let s = step(&form("localhost:19530", JOB), Action::Watch { at_ms: T + 1_000.0 });
    let s = at(&s, Err(not_found()), T + 3_000.0);
    let snapshot = s.job.snapshot.clone().unwrap();
    assert_eq!(snapshot.source, Source::NotYetRegistered);
    assert_eq!(snapshot.job.state, JobState::Pending);
    assert_eq!(s.job.request, RequestState::Ready);
    assert!(s.next_poll_in_ms().is_some(), "keeps polling");
    // Past the grace period (a minute after creation, plus two for clock skew) it is an
    // error, and polling stops.
    let s = step(&s, poll_due(&s));
    let s = at(&s, Err(not_found()), T + 180_000.0);
    assert!(matches!(s.job.request, RequestState::Failed(ApiError::JobNotFound { .. })));
    assert_eq!(s.next_poll_in_ms(), None);
}

#[test]
fn an_old_or_mistyped_id_is_not_taken_for_a_new_job() {
    // Created four hours ago: "does not exist" means it does not, at the first answer.
    let s = step(&form("localhost:19530", OLD), Action::Watch { at_ms: T });
    let s = at(&s, Err(not_found()), T + 1.0);
    assert!(matches!(s.job.request, RequestState::Failed(ApiError::JobNotFound { .. })), "{:?}", s.job.request);
    assert!(s.job.snapshot.is_none(), "never shown as queued");
    assert_eq!(s.next_poll_in_ms(), None);
    // Digits that no Milvus issued (before 2019, or in the future): refused before any request.
    for id in ["42", "1000000", "999999999999999999"] {
        let s = step(&form("localhost:19530", id), Action::Watch { at_ms: T });
        assert!(
            matches!(&s.job.request, RequestState::Failed(ApiError::NotIssuedJobId { job_id, .. }) if job_id == id),
            "{id}: {:?}",
            s.job.request
        );
        assert_eq!((s.job.sent, s.job.target.is_none()), (0, true), "{id}: nothing sent");
    }
    // Zilliz Cloud's IDs carry no time: only the server can tell.
    let cloud = step(&form("localhost:19530", "job-01fa0e5d42cjxudhpuehyp"), Action::Watch { at_ms: T });
    assert_eq!(cloud.job.request, RequestState::Loading { id: 1 });
}

#[test]
fn a_job_past_retention_shows_the_kept_copy() {
    let s = step(&form("localhost:19530", OLD), Action::Watch { at_ms: T });
    let kept = ImportJob { job_id: OLD.into(), ..job(JobState::Completed, 100, vec![file("[a]", FileState::Completed, 100)]) };
    // Restoring is refused while nothing is missing.
    assert!(s.apply(restore(kept.clone(), 5.0)).is_none());
    let s = at(&s, Err(not_found()), T + 60_000.0);
    let s = step(&s, restore(kept, 5.0));
    let snapshot = s.job.snapshot.clone().unwrap();
    assert_eq!((snapshot.source, snapshot.received_at_ms, snapshot.job.details.len()), (Source::Kept, 5.0, 1));
    assert!(!s.is_terminal(), "a kept copy does not end anything");
    // A job that was on screen turns into its kept copy when the server forgets it.
    let live = at(&step(&form("localhost:19530", JOB), Action::Watch { at_ms: T }), Ok(job(JobState::Completed, 100, vec![])), T + 1.0);
    let forgotten = at(&step(&live, Action::Job(JobAction::Refresh)), Err(not_found()), T + 60_000.0);
    assert_eq!(forgotten.job.snapshot.as_ref().unwrap().source, Source::Kept);
    // Known in this browser, so a "does not exist" in the grace period is not "queued".
    let fresh = at(&step(&form("localhost:19530", JOB), Action::Watch { at_ms: T }), Err(not_found()), T + 1.0);
    assert_eq!(fresh.job.snapshot.as_ref().unwrap().source, Source::NotYetRegistered);
    let restored = step(&fresh, restore(job(JobState::Completed, 100, vec![]), 2.0));
    assert_eq!(restored.job.snapshot.as_ref().unwrap().source, Source::Kept);
    assert_eq!(restored.next_poll_in_ms(), None);
    // Another job's copy is not shown.
    let other = job(JobState::Completed, 100, vec![]);
    let other = ImportJob { job_id: "8".into(), ..other };
    let s2 = at(&step(&form("localhost:19530", OLD), Action::Watch { at_ms: T }), Err(not_found()), T + 60_000.0);
    assert!(s2.apply(restore(other, 1.0)).is_none());
}

fn restore(job: ImportJob, saved_at_ms: f64) -> Action {
    Action::Job(JobAction::Restore { job, saved_at_ms, timeline: None })
}

#[test]
fn a_hidden_tab_does_not_poll_and_refreshes_when_visible() {
    let s = step(&form("localhost:19530", JOB), Action::Watch { at_ms: T });
    let s = at(&s, Ok(job(JobState::Importing, 50, vec![])), T + 1.0);
    let hidden = step(&s, Action::Visibility(false));
    assert_eq!(hidden.next_poll_in_ms(), None);
    assert!(hidden.apply(poll_due(&hidden)).is_none());
    let shown = step(&hidden, Action::Visibility(true));
    assert_eq!(shown.job.request, RequestState::Loading { id: hidden.job.sent + 1 }, "an immediate refresh");
    // A finished job is not refreshed.
    let done = at(&step(&s, poll_due(&s)), Ok(job(JobState::Completed, 100, vec![])), T + 2.0);
    let back = step(&step(&done, Action::Visibility(false)), Action::Visibility(true));
    assert_eq!(back.job.request, RequestState::Ready);
}

#[test]
fn the_job_list_and_watching_from_it() {
    const A: &str = "462422016000000001";
    const B: &str = "462422016000000002";
    const C: &str = "462422016000000003";
    let s = form("localhost:19530", "");
    let s = step(&s, Action::ShowTab(Tab::Jobs));
    assert_eq!(s.list.request, RequestState::Loading { id: 1 }, "fetched when first shown");
    let records = vec![
        JobRecord { job_id: C.into(), collection_name: "b".into(), state: JobState::Completed, progress: Some(100), reason: None },
        JobRecord { job_id: A.into(), collection_name: "a".into(), state: JobState::Importing, progress: Some(40), reason: None },
        JobRecord { job_id: B.into(), collection_name: "a".into(), state: JobState::Failed, progress: Some(0), reason: Some("x".into()) },
    ];
    let stale = Action::List(ListAction::Response { id: 0, result: Ok(JobList::default()), at_ms: 0.0 });
    assert!(s.apply(stale).is_none());
    let s = step(&s, Action::List(ListAction::Response { id: 1, result: Ok(JobList { records, ..JobList::default() }), at_ms: 9.0 }));
    let ids = |s: &PageState| s.list.rows().iter().map(|r| r.job_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&s), [A, B, C], "running first");
    let s = step(&s, Action::List(ListAction::Sort(ListSort::Progress)));
    assert_eq!(ids(&s), [B, A, C]);
    let s = step(&s, Action::List(ListAction::Filter(Some(JobState::Failed))));
    assert_eq!(ids(&s), [B]);
    assert!(s.list_due());
    let s = step(&s, Action::WatchJobs { job_ids: vec![B.into()], settings: None, at_ms: T + 10.0 });
    assert_eq!((s.tab, s.form.job_id.as_str(), s.job.request.clone()), (Tab::Job, B, RequestState::Loading { id: 1 }));
}

#[test]
fn create_then_watch() {
    let s = form("localhost:19530", "");
    let s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "k1".into() }));
    assert!(matches!(&s.create.request, RequestState::Failed(ApiError::InvalidInput { message }) if message.contains("collection")));
    let s = step(&s, Action::Create(CreateAction::Edit(CreateField::Collection, "books".into())));
    let s = step(&s, Action::Create(CreateAction::Edit(CreateField::Files, "a.parquet\nb.parquet".into())));
    let s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "k1".into() }));
    assert_eq!(s.create.request, RequestState::Loading { id: 1 });
    assert!(s.apply(Action::Create(CreateAction::Submit { fresh_key: "k1".into() })).is_none(), "one create at a time");
    let s = step(&s, Action::Create(CreateAction::Response { id: 1, result: Ok(JOB.into()), sent_ms: T + 5.0, at_ms: T + 5.0 }));
    assert_eq!((s.tab, s.form.job_id.as_str()), (Tab::Job, JOB));
    assert_eq!(s.job.target.as_ref().unwrap().started_ms, T + 5.0);
    assert_eq!(s.job.request, RequestState::Loading { id: 1 });
}

#[test]
fn the_status_line_title_and_announcement_follow_the_state() {
    use milvus_import_monitor::state::{announcement, status_text, title_text};
    let idle = form("localhost:19530", JOB);
    assert_eq!((status_text(&idle), title_text(&idle), announcement(&idle)), (String::new(), "Milvus import monitor".into(), None));
    let asking = step(&idle, Action::Watch { at_ms: T });
    assert_eq!(status_text(&asking), "Asking the server…");
    let writing = respond(&asking, Ok(job(JobState::Importing, 62, vec![file("[a]", FileState::InProgress, 62)])));
    assert_eq!(status_text(&writing), "Polling every 2 s.");
    assert_eq!(title_text(&writing), "62 % · Importing · Milvus import monitor");
    assert_eq!(announcement(&writing).unwrap(), format!("Job {JOB}: Importing, writing rows."));
    // Polling on while the next request is out: the live region does not flicker.
    assert_eq!(status_text(&step(&writing, poll_due(&writing))), "Polling every 2 s.");
    assert_eq!(status_text(&step(&writing, Action::Visibility(false))), "Paused while this tab is hidden.");
    let failing =
        at(&step(&writing, poll_due(&writing)), Err(ApiError::ServerError { status: 502, code: None, summary: "x".into() }), T + 2.0);
    assert_eq!(status_text(&failing), "Retrying in 4 s.");
    let refused = at(&step(&writing, poll_due(&writing)), Err(ApiError::RouteNotFound), T + 2.0);
    assert_eq!(status_text(&refused), "Polling stopped.");
    let done = respond(&step(&writing, poll_due(&writing)), Ok(job(JobState::Completed, 100, vec![])));
    assert_eq!(status_text(&done), "Final state reached; polling stopped.");
    assert_eq!(status_text(&step(&writing, Action::Job(JobAction::Stop))), "Stopped.");
}

#[test]
fn the_desktop_notice_is_the_job_s_end_or_the_whole_batch_s_never_one_per_batch_job() {
    use milvus_import_monitor::model::JobState;
    use milvus_import_monitor::state::batch::{BatchEntry, BatchWatch};
    use milvus_import_monitor::state::ended_notice;
    let writing = respond(&step(&form("localhost:19530", JOB), Action::Watch { at_ms: T }), Ok(job(JobState::Importing, 62, vec![])));
    assert_eq!(ended_notice(&writing), None, "nothing ended");
    let done = respond(&step(&writing, poll_due(&writing)), Ok(job(JobState::Completed, 100, vec![])));
    assert_eq!(ended_notice(&done), Some(("Import Completed".into(), format!("Milvus import job {JOB} is Completed."))));
    // A batch: one notice when every job is final, however the opened one ended.
    let entry = |id: &str, state: JobState| {
        let mut entry = BatchEntry::new(id, T);
        entry.job = Some(Rc::new(ImportJob { job_id: id.into(), state, ..ImportJob::default() }));
        entry.request = RequestState::Ready;
        entry
    };
    let running = BatchWatch { entries: vec![entry("1", JobState::Completed), entry("2", JobState::Importing)], ..BatchWatch::default() };
    let in_batch = PageState { batch: running, ..done.clone() };
    assert_eq!(ended_notice(&in_batch), None, "the opened job ended, the batch has not");
    let ended = BatchWatch { entries: vec![entry("1", JobState::Completed), entry("2", JobState::Failed)], ..BatchWatch::default() };
    assert_eq!(
        ended_notice(&PageState { batch: ended, ..done }),
        Some(("Import batch ended".into(), "2 jobs: 1 completed, 1 failed.".into()))
    );
}

mod new_user {
    //! What a new user found wrong (issue 28), each checked where the page decides it.
    use super::*;
    use milvus_import_monitor::client::ProgressRoute;
    use milvus_import_monitor::state::{ManualAction, ManualKind};

    const FIVE: [&str; 5] = ["462422016000000001", "462422016000000002", "462422016000000003", "462422016000000004", "462422016000000005"];

    #[test]
    fn a_batch_link_in_the_field_plus_a_sixth_id_watches_six_jobs() {
        // A link's IDs arrive one per line, as the field keeps them; a sixth typed on a new line.
        let typed = format!("{}\n462422016000000006", FIVE.join("\n"));
        let s = step(&form("localhost:19530", &typed), Action::Watch { at_ms: T });
        assert_eq!(s.batch.entries.len(), 6);
        assert!(s.job.target.is_none() && s.job.sent == 0, "no single job is asked for");
    }

    #[test]
    fn glued_ids_a_letter_or_21_digits_are_refused_and_nothing_is_sent() {
        let glued = FIVE.concat();
        let watching = step(&form("localhost:19530", &FIVE.join(" ")), Action::Watch { at_ms: T });
        assert_eq!(watching.batch.entries.len(), 5);
        for (typed, named) in [
            (glued.as_str(), "has 90 digits"),
            ("A, B,462422016000000001", "“A” is not a job ID"),
            ("462422016000000001 462422016000000001x", "“462422016000000001x” is not a job ID"),
            ("123456789012345678901", "has 21 digits"),
        ] {
            let asked = PageState { form: FormFields { job_id: typed.into(), ..watching.form.clone() }, ..watching.clone() };
            let s = step(&asked, Action::Watch { at_ms: T });
            let error = s.job.request.error().map(ToString::to_string).unwrap_or_default();
            assert!(error.contains(named) && error.starts_with("Nothing was sent"), "{typed}: {error}");
            assert!(s.batch.entries.is_empty() && s.batch.target.is_none(), "{typed}: the old batch stays on screen");
            assert_eq!((s.job.sent, s.job.target.is_none(), s.batch.sent), (0, true, watching.batch.sent), "{typed}: a request");
        }
        // Both letters named, not only the first.
        let asked = PageState { form: FormFields { job_id: "A, B,462422016000000001".into(), ..watching.form.clone() }, ..watching };
        let error = step(&asked, Action::Watch { at_ms: T }).job.request.error().map(ToString::to_string).unwrap_or_default();
        assert!(error.contains("“A”") && error.contains("“B”"), "{error}");
    }

    #[test]
    fn a_repeated_id_is_watched_once_and_said() {
        let s = step(&form("localhost:19530", &format!("{0}\n{0}", FIVE[0])), Action::Watch { at_ms: T });
        assert_eq!(s.job.target.as_ref().map(|w| w.job_id.as_str()), Some(FIVE[0]), "one job, not the text with its repeat");
        assert!(s.form.note.as_deref().is_some_and(|n| n.contains("more than once")), "{:?}", s.form.note);
        let s = step(&form("localhost:19530", &format!("{0} {1} {0}", FIVE[0], FIVE[1])), Action::Watch { at_ms: T });
        assert_eq!(s.batch.entries.len(), 2);
    }

    #[test]
    fn no_create_grace_on_a_server_that_lists_jobs_synchronously() {
        // A mistyped ID one minute old, on a server before 2.4.13 (it answered on get_progress):
        // not in its list means it does not exist, at once.
        let typo = ((((T - 60_000.0) as i64) << 18) + 7).to_string();
        let s = step(&form("localhost:19530", &typo), Action::Watch { at_ms: T });
        let answer = Action::Job(JobAction::Response(PollAnswer {
            id: s.job.sent,
            result: Err(ApiError::JobNotFound { code: 0, message: "not in the server's job list".into(), job_id: typo.clone() }),
            route: Some(ProgressRoute::GetProgress),
            sent_ms: T,
            at_ms: T,
            jitter: 0.5,
        }));
        let s = step(&s, answer);
        assert!(matches!(s.job.request, RequestState::Failed(ApiError::JobNotFound { .. })), "{:?}", s.job.request);
        assert!(s.job.snapshot.is_none(), "never shown as queued");
        assert_eq!(s.next_poll_in_ms(), None);
    }

    #[test]
    fn abort_accepted_is_said_in_the_job_view_only() {
        let batch = step(&form("localhost:19530", &FIVE.join(" ")), Action::Watch { at_ms: T });
        let opened = step(&batch, Action::OpenJob { job_id: FIVE[0].into(), at_ms: T });
        let asked = step(&opened, Action::Manual(ManualAction::Ask { kind: ManualKind::Abort, job_ids: vec![FIVE[0].into()] }));
        let sent = step(&asked, Action::Manual(ManualAction::Confirm));
        let done = step(&sent, Action::Manual(ManualAction::Response { id: sent.manual.sent, result: Ok(()), at_ms: T }));
        assert_eq!(done.manual.request, RequestState::Ready);
        let back = step(&done, Action::BackToBatch { at_ms: T });
        assert_eq!((back.manual.request.clone(), back.manual.kind), (RequestState::Idle, None), "the batch view does not say it");
    }

    #[test]
    fn the_list_clears_on_an_error_and_stops_refreshing_on_a_wrong_token() {
        let s = step(&form("localhost:19530", ""), Action::ShowTab(Tab::Jobs));
        let record =
            JobRecord { job_id: JOB.into(), collection_name: "a".into(), state: JobState::Importing, progress: Some(40), reason: None };
        let s = step(
            &s,
            Action::List(ListAction::Response { id: 1, result: Ok(JobList { records: vec![record], ..JobList::default() }), at_ms: 9.0 }),
        );
        let s = step(&s, Action::List(ListAction::Select { job_id: JOB.into(), selected: true }));
        let s = step(&s, Action::List(ListAction::Edit("missing".into())));
        let s = step(&s, Action::List(ListAction::Refresh));
        assert_eq!(
            s.list.status_text(|_| "then".into()).as_deref(),
            Some("Listed at then; refreshed every 30 s while open (list is expensive on the server).")
        );
        let missing = ApiError::Milvus { code: 100, message: "collection not found[collection=missing]".into() };
        let s = step(&s, Action::List(ListAction::Response { id: 2, result: Err(missing), at_ms: 10.0 }));
        assert!(s.list.rows().is_empty() && s.list.selected.is_empty(), "the other collection's rows stay watchable");
        assert_eq!(s.list.status_text(|_| "then".into()), None, "no endless Loading");
        assert!(s.list_due(), "a missing collection may be created: the slow refresh goes on");
        let s = step(&s, Action::List(ListAction::Refresh));
        let refused = ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() };
        let s = step(&s, Action::List(ListAction::Response { id: 3, result: Err(refused), at_ms: 11.0 }));
        assert!(!s.list_due(), "a wrong token is not asked again every 30 s");
        assert_eq!(s.list.status_text(|_| "then".into()), None);
    }
}

#[test]
fn a_kept_job_opens_on_its_own_server_with_the_token_this_page_has_for_it() {
    use milvus_import_monitor::state::{ServerField, Tab};
    let mut s = form("http://a:19530", "");
    s = step(&s, Action::Form(FormAction::Edit(Field::Token, "root:A".into())));
    s = step(&s, Action::Form(FormAction::AddServer));
    s = step(&s, Action::Form(FormAction::EditServer(0, ServerField::Endpoint, "http://b:19530/".into())));
    s = step(&s, Action::Form(FormAction::EditServer(0, ServerField::Token, "root:B".into())));
    s = step(&s, Action::ShowTab(Tab::History));
    let open = |s: &PageState, endpoint: &str| step(s, Action::OpenKept { endpoint: endpoint.into(), job_id: JOB.into(), at_ms: T });
    // Its server is another row of the form: that row's token, the job tab, one watch.
    let on_b = open(&s, "http://b:19530");
    assert_eq!((on_b.tab, on_b.form.endpoint.as_str(), on_b.form.token.as_str()), (Tab::Job, "http://b:19530", "root:B"));
    let watch = on_b.job.target.as_ref().unwrap_or_else(|| panic!("not watched: {:?}", on_b.job.request));
    assert_eq!((watch.job_id.as_str(), watch.connection.endpoint.base()), (JOB, "http://b:19530"));
    assert!(on_b.job.request.is_loading(), "asked at once");
    // The form's own server keeps the form's token; a server this page has no token for, none.
    assert_eq!(open(&s, "http://a:19530").form.token, "root:A");
    assert_eq!(open(&s, "http://c:19530").form.token, "");
}
