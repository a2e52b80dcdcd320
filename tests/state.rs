//! The page reducer, natively: watching, the poll cycle, late responses, errors, sorting.

use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::state::{Action, Field, FormFields, PageState, RequestState, Snapshot, SortKey, TableView};
use milvus_import_monitor::ApiError;
use std::rc::Rc;

fn form(endpoint: &str, job: &str) -> PageState {
    PageState::with_form(FormFields { endpoint: endpoint.into(), job_id: job.into(), token: "root:Milvus".into(), ..FormFields::default() })
}

fn step(state: &PageState, action: Action) -> PageState {
    state.apply(action.clone()).unwrap_or_else(|| panic!("{action:?} changed nothing"))
}

fn file(name: &str, state: FileState, progress: u8) -> FileTask {
    FileTask { file_name: name.into(), paths: vec![name.into()], state, progress, ..FileTask::default() }
}

fn job(state: JobState, progress: u8, files: Vec<FileTask>) -> ImportJob {
    ImportJob { job_id: "7".into(), state, progress, details: files, ..ImportJob::default() }
}

fn respond(state: &PageState, result: Result<ImportJob, ApiError>) -> PageState {
    step(state, Action::Response { generation: state.generation, result, route: None, at_ms: 1.0 })
}

#[test]
fn watch_starts_one_request_and_the_cycle_continues_until_completed() {
    let s = step(&form("localhost:19530", " 7 "), Action::Watch);
    let watch = s.watch.as_ref().unwrap();
    assert_eq!(watch.job_id, "7");
    assert_eq!(watch.connection.endpoint.base(), "http://localhost:19530");
    assert_eq!(watch.interval_ms, 2000);
    assert_eq!((s.request.clone(), s.poll_seq), (RequestState::Loading, 1));
    // Nothing else starts while it is in flight.
    assert!(s.apply(Action::Refresh).is_none());
    assert!(s.apply(Action::PollDue { generation: s.generation }).is_none());
    assert_eq!(s.next_poll_in_ms(), None);

    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![file("[a]", FileState::InProgress, 50)])));
    assert_eq!(s.request, RequestState::Ready);
    assert_eq!(s.next_poll_in_ms(), Some(2000));
    let s = step(&s, Action::PollDue { generation: s.generation });
    assert_eq!((s.request.clone(), s.poll_seq), (RequestState::Loading, 2));

    let s = respond(&s, Ok(job(JobState::Completed, 100, vec![file("[a]", FileState::Completed, 100)])));
    assert!(s.is_terminal());
    assert_eq!(s.next_poll_in_ms(), None, "no polling after a final state");
    assert!(s.apply(Action::PollDue { generation: s.generation }).is_none());
    // A manual refresh is still possible.
    assert_eq!(step(&s, Action::Refresh).request, RequestState::Loading);
}

#[test]
fn stop_and_new_jobs_drop_late_responses() {
    let s = step(&form("localhost:19530", "7"), Action::Watch);
    let old_generation = s.generation;
    let stopped = step(&s, Action::Stop);
    assert!(stopped.watch.is_none());
    assert_eq!(stopped.request, RequestState::Idle);
    assert_eq!(stopped.next_poll_in_ms(), None);
    let late = Action::Response { generation: old_generation, result: Ok(job(JobState::Importing, 10, vec![])), route: None, at_ms: 0.0 };
    assert!(stopped.apply(late.clone()).is_none(), "a response for a stopped watch is dropped");
    assert!(stopped.apply(Action::PollDue { generation: old_generation }).is_none());

    // Watching another job clears the previous job's figures.
    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![])));
    let other = step(&step(&s, Action::Edit(Field::JobId, "8".into())), Action::Watch);
    assert!(other.snapshot.is_none());
    assert!(other.apply(late).is_none());
}

#[test]
fn errors_keep_the_last_good_data_and_auth_errors_stop_polling() {
    let s = step(&form("localhost:19530", "7"), Action::Watch);
    let s = respond(&s, Ok(job(JobState::Importing, 50, vec![])));
    let s = step(&s, Action::PollDue { generation: s.generation });
    let s = respond(&s, Err(ApiError::ServerError { status: 502, summary: "Bad Gateway".into() }));
    assert!(matches!(s.request, RequestState::Failed(_)));
    assert_eq!(s.snapshot.as_ref().unwrap().job.progress, 50, "last good data stays");
    assert_eq!(s.next_poll_in_ms(), Some(2000), "transient errors keep polling");

    let s = step(&s, Action::PollDue { generation: s.generation });
    let s = respond(&s, Err(ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() }));
    assert_eq!(s.next_poll_in_ms(), None, "a wrong token will not fix itself");
}

#[test]
fn a_bad_form_is_an_error_not_a_request() {
    let s = step(&form("ftp://x", "7"), Action::Watch);
    assert!(matches!(s.request, RequestState::Failed(ApiError::InvalidEndpoint { .. })));
    assert!(s.watch.is_none());
    let s = step(&form("localhost:19530", "  "), Action::Watch);
    assert_eq!(s.request, RequestState::Failed(ApiError::MissingJobId));
    assert_eq!(s.poll_seq, 0);
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
    assert!(s.apply(Action::Edit(Field::Token, String::new())).is_none(), "no change, same state");
    let s = step(&s, Action::Edit(Field::ClusterId, "in01-x".into()));
    assert!(s.form.shows_cluster_id());
    // Cloud mode follows the cluster ID.
    let s = step(&step(&step(&s, Action::Edit(Field::Endpoint, "127.0.0.1:9".into())), Action::Edit(Field::JobId, "job-1".into())), Action::Watch);
    assert!(s.watch.as_ref().unwrap().connection.is_cloud());
}

#[test]
fn unchanged_files_keep_their_rc() {
    let first = Snapshot::new(job(JobState::Importing, 50, vec![file("[a]", FileState::Completed, 100), file("[b]", FileState::InProgress, 10)]), None, 0.0);
    // The server's order changes; only b changed.
    let second = Snapshot::new(job(JobState::Importing, 55, vec![file("[b]", FileState::InProgress, 20), file("[a]", FileState::Completed, 100)]), Some(&first), 1.0);
    let a1 = first.files.iter().find(|f| f.file_name == "[a]").unwrap();
    let a2 = second.files.iter().find(|f| f.file_name == "[a]").unwrap();
    let b1 = first.files.iter().find(|f| f.file_name == "[b]").unwrap();
    let b2 = second.files.iter().find(|f| f.file_name == "[b]").unwrap();
    assert!(Rc::ptr_eq(a1, a2));
    assert!(!Rc::ptr_eq(b1, b2));
    assert!(second.job.details.is_empty(), "details live in files only");
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
    let s = step(&PageState::default(), Action::Sort(SortKey::Size));
    assert_eq!((s.table.sort, s.table.descending), (SortKey::Size, false));
    let s = step(&s, Action::Sort(SortKey::Size));
    assert!(s.table.descending, "a second click reverses");
    assert_eq!(names(&s.table), ["[c]", "[b]", "[a]"]);
    view.sort = SortKey::State;
    assert_eq!(names(&view), ["[a]", "[b]", "[c]"], "failed first");
    view.filter = Some(FileState::Completed);
    assert_eq!(names(&view), ["[c]"]);
}
