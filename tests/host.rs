//! What the embedding page is told, and when (`host`), natively: the single job's news per
//! answer, a batch's news per changed answer or error, its end once, a new batch from nothing.
//! (The hooks that hand these on are tested in a browser, in `tests/hooks.rs`.)

use milvus_import_monitor::client::{Connection, Endpoint, ProgressRoute};
use milvus_import_monitor::host::{job_news, BatchReport, MonitorEvent};
use milvus_import_monitor::model::{ImportJob, JobState};
use milvus_import_monitor::state::batch::{BatchEntry, BatchTarget, BatchWatch};
use milvus_import_monitor::state::{RequestState, Snapshot, Source};
use milvus_import_monitor::ApiError;
use std::rc::Rc;

fn job(id: &str, state: JobState) -> ImportJob {
    let progress = if state == JobState::Completed { 100 } else { 50 };
    ImportJob { job_id: id.into(), state, progress, ..Default::default() }
}

fn target() -> Rc<BatchTarget> {
    let connection = Connection::new(Endpoint::parse("milvus:19530").expect("endpoint"), "root:Milvus");
    Rc::new(BatchTarget::one_server(connection, 2_000, 0.0))
}

/// A batch job: its ID, the job last seen (none: not answered yet), the error of its last request.
type Seen<'a> = (&'a str, Option<&'a Rc<ImportJob>>, Option<ApiError>);

fn batch(target: &Rc<BatchTarget>, entries: Vec<Seen>) -> BatchWatch {
    let entries = entries
        .into_iter()
        .map(|(id, job, error)| {
            let mut entry = BatchEntry::new(id, 0.0);
            entry.job = job.cloned();
            entry.route = Some(ProgressRoute::Describe);
            entry.request = match error {
                Some(error) => RequestState::Failed(error),
                None => RequestState::Ready,
            };
            entry.due_ms = job.filter(|j| j.state.is_terminal()).map_or(Some(2_000.0), |_| None);
            entry
        })
        .collect();
    BatchWatch { target: Some(target.clone()), entries, ..BatchWatch::default() }
}

fn names(events: &[MonitorEvent]) -> Vec<String> {
    events
        .iter()
        .map(|event| match event {
            MonitorEvent::Progress(job) => format!("progress {}", job.job_id),
            MonitorEvent::Complete(job) => format!("complete {}", job.job_id),
            MonitorEvent::Failed(job) => format!("failed {}", job.job_id),
            MonitorEvent::Error { job_id, .. } => format!("error {}", job_id.as_deref().unwrap_or("-")),
            MonitorEvent::BatchComplete(jobs) => format!("batch complete {}", jobs.len()),
            MonitorEvent::Readiness(report) => format!("readiness {} {}", report.collection, report.load),
        })
        .collect()
}

#[test]
fn the_single_job_tells_each_answer_and_its_end_but_not_a_stand_in() {
    let running = Snapshot::new(job("7", JobState::Importing), None, 1.0);
    assert_eq!(names(&job_news(&RequestState::Ready, Some(&running), false)), ["progress 7"]);
    let failed = Snapshot::new(job("7", JobState::Failed), None, 2.0);
    assert_eq!(names(&job_news(&RequestState::Ready, Some(&failed), false)), ["progress 7", "failed 7"]);
    // A copy kept in this browser, or a job not registered yet, is not the server's answer.
    for source in [Source::Kept, Source::NotYetRegistered, Source::Report] {
        assert_eq!(job_news(&RequestState::Ready, Some(&running.from_source(source)), false), [], "{source:?}");
    }
    // An error, whose job the host knows already.
    let error = ApiError::NoAnswer { after_ms: 8_000 };
    assert_eq!(job_news(&RequestState::Failed(error.clone()), Some(&running), false), [MonitorEvent::Error { error, job_id: None }]);
    // In flight: nothing new.
    assert_eq!(job_news(&RequestState::Loading { id: 3 }, Some(&running), false), []);
}

#[test]
fn a_batch_tells_each_changed_answer_or_error_once_and_its_end_once() {
    let target = target();
    let (a1, b1) = (Rc::new(job("1", JobState::Importing)), Rc::new(job("2", JobState::Pending)));
    let mut report = BatchReport::default();
    assert_eq!(names(&report.news(&batch(&target, vec![("1", Some(&a1), None), ("2", None, None)]))), ["progress 1"]);
    // The same answers (the same `Rc`s): nothing to tell.
    assert_eq!(report.news(&batch(&target, vec![("1", Some(&a1), None), ("2", None, None)])), []);
    // Job 2 answers; job 1's next request fails (its last figures stay).
    let error = ApiError::NoAnswer { after_ms: 8_000 };
    let news = report.news(&batch(&target, vec![("1", Some(&a1), Some(error.clone())), ("2", Some(&b1), None)]));
    assert_eq!(names(&news), ["error 1", "progress 2"]);
    assert_eq!(news[0], MonitorEvent::Error { error, job_id: Some("1".into()) });
    // Both end: each one's end, then the batch's, with every job as last seen.
    let (a2, b2) = (Rc::new(job("1", JobState::Completed)), Rc::new(job("2", JobState::Failed)));
    let ended = batch(&target, vec![("1", Some(&a2), None), ("2", Some(&b2), None)]);
    assert_eq!(names(&report.news(&ended)), ["progress 1", "complete 1", "progress 2", "failed 2", "batch complete 2"]);
    assert_eq!(report.news(&ended), [], "the end is told once");
}

#[test]
fn a_new_batch_starts_from_nothing_told_and_kept_copies_are_not_news() {
    let a = Rc::new(job("1", JobState::Completed));
    let mut report = BatchReport::default();
    assert_eq!(names(&report.news(&batch(&target(), vec![("1", Some(&a), None)]))), ["progress 1", "complete 1", "batch complete 1"]);
    // Watched again (another target): told again, as a host that listens anew expects.
    assert_eq!(names(&report.news(&batch(&target(), vec![("1", Some(&a), None)]))), ["progress 1", "complete 1", "batch complete 1"]);
    // A copy kept in this browser (the server forgot the job) is not the server's news.
    let mut kept = batch(&target(), vec![("1", Some(&a), None)]);
    if let Some(entry) = kept.entries.first_mut() {
        entry.kept_at_ms = Some(5.0);
    }
    assert_eq!(names(&BatchReport::default().news(&kept)), ["batch complete 1"]);
}

#[test]
fn each_readiness_answer_tells_its_collection_as_it_now_stands() {
    use milvus_import_monitor::client::{CollectionFacts, Connection, Endpoint};
    use milvus_import_monitor::host::readiness_news;
    use milvus_import_monitor::job::{Activity, BandTable};
    use milvus_import_monitor::readiness::LoadState;
    use milvus_import_monitor::state::{CollectionKey, JobSeen, ReadinessAction, ReadinessState, Reply};
    let key = CollectionKey { connection: Connection::new(Endpoint::parse("localhost:19530").unwrap(), ""), collection: "books".into() };
    let seen = JobSeen { job_id: "7".into(), activity: Activity::Completed, rows: 10 };
    let observed = ReadinessAction::Observed { key, seen, bands: BandTable::Modern, interval_ms: 2_000, all_seen: true, at_ms: 0.0 };
    let state = ReadinessState::default().apply(observed).unwrap();
    assert!(readiness_news(&state, 0.0).is_empty(), "nothing read yet, nothing told");
    let (id, ..) = state.requests().pop().unwrap();
    let facts = CollectionFacts { load: Some(LoadState::NotLoaded), primary_key: None };
    let state = state.apply(ReadinessAction::Response { id, reply: Reply::Collection(Ok(facts)), at_ms: 1.0 }).unwrap();
    assert_eq!(names(&readiness_news(&state, 1.0)), ["readiness books not-loaded"]);
}
