//! "Re-import failed files" through the page reducer: the New import form gets exactly the
//! failed groups (or the file a pre-import failure names), the collection, and the partition
//! and options when this page started the job; a retried submit keeps its Idempotency-Key.

use milvus_import_monitor::client::{build_request, Connection, Endpoint, Operation};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::state::{Action, CreateAction, CreateField, FormFields, JobAction, PageState, PollAnswer, RequestState, Tab};
use milvus_import_monitor::ApiError;
use std::rc::Rc;

const T: f64 = 1_764_000_000_000.0;
const JOB: &str = "462422016000000000";

fn step(state: &PageState, action: Action) -> PageState {
    state.apply(action.clone()).unwrap_or_else(|| panic!("{action:?} changed nothing"))
}

fn watching() -> PageState {
    let s = PageState::with_form(FormFields { endpoint: "localhost:19530".into(), job_id: JOB.into(), ..FormFields::default() });
    step(&s, Action::Watch { at_ms: T })
}

fn answer(s: &PageState, job: ImportJob) -> PageState {
    step(
        s,
        Action::Job(JobAction::Response(PollAnswer {
            id: s.job.sent,
            result: Ok(job),
            route: None,
            sent_ms: T + 1.0,
            at_ms: T + 1.0,
            jitter: 0.5,
        })),
    )
}

fn failed_job(details: Vec<(&str, FileState)>, reason: &str) -> ImportJob {
    ImportJob {
        job_id: JOB.into(),
        collection_name: "books".into(),
        state: JobState::Failed,
        reason: Some(reason.into()),
        details: details
            .into_iter()
            .map(|(name, state)| Rc::new(FileTask { file_name: name.into(), state, ..FileTask::default() }))
            .collect(),
        ..ImportJob::default()
    }
}

#[test]
fn write_phase_failure_fills_exactly_the_failed_groups() {
    let job = failed_job(
        vec![
            ("[imports/a.parquet]", FileState::Failed),
            ("[imports/b.parquet]", FileState::Completed),
            ("[1/id.npy 1/vector.npy]", FileState::Failed),
        ],
        "failed to sync segment: importing data failed",
    );
    let s = step(&answer(&watching(), job), Action::Reimport);
    assert_eq!(s.tab, Tab::Create);
    assert_eq!(s.create.collection, "books");
    assert_eq!(s.create.files, "imports/a.parquet\n1/id.npy, 1/vector.npy");
    let request = s.create.request().unwrap();
    assert_eq!(request.files, vec![vec!["imports/a.parquet".to_string()], vec!["1/id.npy".into(), "1/vector.npy".into()]]);
    let note = s.create.note.clone().unwrap();
    assert!(note.contains("2 failed file groups") && note.contains("check them"), "{note}");
}

#[test]
fn pre_import_failure_fills_the_file_the_reason_names() {
    let reason =
        r#"error: failed to parse row 12: field 'vector' dim mismatch, expected 768 but got 767, file: id:1 paths:"imports/bad.json" "#;
    let s = step(&answer(&watching(), failed_job(vec![], reason)), Action::Reimport);
    assert_eq!(s.create.files, "imports/bad.json");
    // Nothing to re-import: a job that did not fail, or names no file.
    let unnamed = answer(&watching(), failed_job(vec![], "import timeout"));
    assert!(unnamed.reimport_plan().is_none() && unnamed.apply(Action::Reimport).is_none());
    let aborted = answer(&watching(), failed_job(vec![("[a.json]", FileState::Failed)], "aborted by user"));
    assert!(aborted.reimport_plan().is_none());
}

#[test]
fn a_job_this_page_started_keeps_its_partition_and_options() {
    let mut s = PageState::with_form(FormFields { endpoint: "localhost:19530".into(), ..FormFields::default() });
    for (field, value) in [
        (CreateField::Collection, "books"),
        (CreateField::Partition, "p2024"),
        (CreateField::Files, "imports/a.parquet"),
        (CreateField::Options, "timeout=300s"),
    ] {
        s = step(&s, Action::Create(CreateAction::Edit(field, value.into())));
    }
    s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "key-1".into() }));
    s = step(&s, Action::Create(CreateAction::Response { id: s.create.sent, result: Ok(JOB.into()), sent_ms: T, at_ms: T }));
    s = answer(&s, failed_job(vec![("[imports/a.parquet]", FileState::Failed)], "failed to sync segment"));
    s = step(&s, Action::Create(CreateAction::Edit(CreateField::Partition, "elsewhere".into())));
    let s = step(&s, Action::Reimport);
    assert_eq!((s.create.partition.as_str(), s.create.options.as_str()), ("p2024", "timeout=300s"));
    assert!(!s.create.note.clone().unwrap().contains("check them"));
}

#[test]
fn a_retried_submit_keeps_its_idempotency_key_and_an_edit_drops_it() {
    let mut s = PageState::with_form(FormFields { endpoint: "localhost:19530".into(), ..FormFields::default() });
    s = step(&s, Action::Create(CreateAction::Edit(CreateField::Collection, "books".into())));
    s = step(&s, Action::Create(CreateAction::Edit(CreateField::Files, "a.parquet".into())));
    s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "key-1".into() }));
    let error = ApiError::NoAnswer { after_ms: 8_000 };
    s = step(&s, Action::Create(CreateAction::Response { id: s.create.sent, result: Err(error), sent_ms: T, at_ms: T }));
    s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "key-2".into() }));
    assert_eq!(s.create.idempotency_key.as_deref(), Some("key-1"), "the retry is the same submit");
    assert_eq!(s.create.request, RequestState::Loading { id: 2 });
    // Sent only where the browser may send it: same origin.
    let connection = Connection::new(Endpoint::parse("localhost:19530").unwrap(), "");
    let request = s.create.request().unwrap();
    let same = build_request(&connection, &Operation::Create(&request), Some("http://localhost:19530"));
    assert_eq!(same.header("Idempotency-Key"), Some("key-1"));
    let cross = build_request(&connection, &Operation::Create(&request), Some("http://admin.example"));
    assert_eq!(cross.header("Idempotency-Key"), None);
    s = step(&s, Action::Create(CreateAction::Response { id: s.create.sent, result: Err(ApiError::Aborted), sent_ms: T, at_ms: T }));
    s = step(&s, Action::Create(CreateAction::Edit(CreateField::Files, "b.parquet".into())));
    s = step(&s, Action::Create(CreateAction::Submit { fresh_key: "key-3".into() }));
    assert_eq!(s.create.idempotency_key.as_deref(), Some("key-3"), "other content, another key");
}
