//! Batches natively: the scheduler's politeness, the summary's arithmetic, the commit rules.

use milvus_import_monitor::client::{Connection, Endpoint, ProgressRoute};
use milvus_import_monitor::job::{Activity, BandTable};
use milvus_import_monitor::model::{ImportJob, JobState};
use milvus_import_monitor::policy::MAX_IN_FLIGHT_PER_SERVER;
use milvus_import_monitor::state::batch::{
    batch_rows, commit_all, commit_offer, split_job_ids, Basis, BatchAction, BatchEntry, BatchSort, BatchSummary, BatchTarget, BatchWatch,
    CommitFacts, CommitOffer,
};
use milvus_import_monitor::state::PollAnswer;
use milvus_import_monitor::ApiError;
use std::rc::Rc;

const T: f64 = 1_764_000_000_000.0;
const INTERVAL: u32 = 2_000;

/// A job ID created `minutes` before T.
fn id(minutes: i64, n: i64) -> String {
    ((((T as i64) - minutes * 60_000) << 18) + n).to_string()
}

fn target() -> BatchTarget {
    let endpoint = Endpoint::parse("http://127.0.0.1:19530").unwrap();
    BatchTarget::one_server(Connection::new(endpoint, "root:Milvus"), INTERVAL, T)
}

fn started(n: usize) -> BatchWatch {
    let ids: Vec<String> = (0..n).map(|i| id(10, i as i64)).collect();
    BatchWatch::default().apply(BatchAction::Start { target: target(), jobs: ids.into_iter().map(|id| (0, id)).collect() }).unwrap()
}

fn job(id: &str, state: JobState, progress: u8, total_rows: u64, imported: Option<u64>, file_size: u64) -> ImportJob {
    ImportJob { job_id: id.into(), state, progress, total_rows, imported_rows: imported, file_size, ..ImportJob::default() }
}

fn tick(batch: &BatchWatch, at_ms: f64) -> BatchWatch {
    batch.apply(BatchAction::Tick { at_ms, busy: vec![0], visible: true }).unwrap_or_else(|| batch.clone())
}

/// Answers every request in flight with `answer(job_id)`.
fn answer_all(batch: &BatchWatch, at_ms: f64, answer: impl Fn(&str) -> Result<ImportJob, ApiError>) -> BatchWatch {
    let mut next = batch.clone();
    for request in batch.loading_ids() {
        let job_id = batch.awaiting(request).unwrap().job_id.clone();
        let action = BatchAction::Response(PollAnswer {
            id: request,
            result: answer(&job_id),
            route: Some(ProgressRoute::Describe),
            sent_ms: at_ms,
            at_ms,
            jitter: 0.5,
        });
        next = next.apply(action).unwrap();
    }
    next
}

fn entry(job: ImportJob) -> BatchEntry {
    let mut e = BatchEntry::new(&job.job_id, T);
    e.observe(job, Some(ProgressRoute::Describe), T);
    e
}

#[test]
fn pasted_ids_split_on_spaces_commas_and_lines() {
    let pasted = "job 1: 461829374610022401\n461829374610022405,461829374610022409 ; ['461829374610022413']";
    let ids = split_job_ids(pasted);
    assert_eq!(ids, ["job", "1:", "461829374610022401", "461829374610022405", "461829374610022409", "461829374610022413"]);
    assert_eq!(split_job_ids("7\r\n8\t7"), ["7", "8"], "duplicates once, in order");
}

#[test]
fn first_polls_are_staggered_across_one_interval() {
    let batch = started(4);
    let due: Vec<f64> = batch.entries.iter().map(|e| e.due_ms.unwrap() - T).collect();
    assert_eq!(due, [0.0, 500.0, 1_000.0, 1_500.0]);
    // At T only the first is due; the scheduler wakes for the next at T + 500.
    let batch = tick(&batch, T);
    assert_eq!(batch.loading_ids().len(), 1);
    assert_eq!(batch.next_wake_ms(&[0], true), Some(T + 500.0));
}

#[test]
fn never_more_than_two_in_flight_and_the_page_own_requests_count() {
    let batch = started(10);
    // Far past every due time: still only two go out.
    let batch = tick(&batch, T + 10_000.0);
    assert_eq!(batch.loading_ids().len(), MAX_IN_FLIGHT_PER_SERVER);
    assert_eq!(batch.next_wake_ms(&[0], true), None, "full: an answer wakes the scheduler, not a timer");
    assert!(batch.apply(BatchAction::Tick { at_ms: T + 20_000.0, busy: vec![0], visible: true }).is_none());
    // With the opened job's poll in flight, only one batch request may go.
    let fresh = started(10).apply(BatchAction::Tick { at_ms: T + 10_000.0, busy: vec![1], visible: true }).unwrap();
    assert_eq!(fresh.loading_ids().len(), 1);
}

#[test]
fn one_request_per_unfinished_job_per_interval_and_none_for_final_jobs() {
    let mut batch = started(3);
    let mut sent = 0;
    let mut clock = T;
    // Six intervals, ticking every 100 ms and answering at once: job 0 completes at its first answer.
    while clock < T + 6.0 * f64::from(INTERVAL) {
        let before = batch.sent;
        batch = tick(&batch, clock);
        sent += batch.sent - before;
        batch = answer_all(&batch, clock, |job_id| {
            let state = if job_id == id(10, 0) { JobState::Completed } else { JobState::Importing };
            Ok(job(job_id, state, 50, 100, Some(50), 10))
        });
        clock += 100.0;
    }
    // Job 0 once; jobs 1 and 2 once per interval (6 each).
    assert_eq!(sent, 1 + 6 + 6);
    assert!(batch.entries[0].due_ms.is_none(), "a final job is not asked again");
}

#[test]
fn a_hidden_tab_sends_nothing() {
    let batch = started(3);
    assert!(batch.apply(BatchAction::Tick { at_ms: T + 10_000.0, busy: vec![0], visible: false }).is_none());
    assert_eq!(batch.next_wake_ms(&[0], false), None);
}

#[test]
fn a_failing_server_holds_every_job_and_backs_off() {
    let batch = tick(&started(3), T + 10_000.0);
    let down =
        || Err(ApiError::Network { cause: milvus_import_monitor::NetworkCause::Unreachable, endpoint: "http://127.0.0.1:19530".into() });
    let batch = answer_all(&batch, T + 10_000.0, |_| down());
    assert_eq!(batch.health(0).failures, 2, "both answers failed");
    let hold = batch.health(0).hold_until_ms;
    assert!(hold > T + 10_000.0 + f64::from(INTERVAL), "held beyond one interval: {}", hold - T - 10_000.0);
    assert!(batch.apply(BatchAction::Tick { at_ms: hold - 1.0, busy: vec![0], visible: true }).is_none(), "no job is asked while held");
    assert_eq!(batch.next_wake_ms(&[0], true), Some(hold));
    // One good answer clears the hold's count.
    let batch = tick(&batch, hold);
    let batch = answer_all(&batch, hold, |job_id| Ok(job(job_id, JobState::Importing, 40, 0, Some(0), 0)));
    assert_eq!(batch.health(0).failures, 0);
}

#[test]
fn an_auth_error_stops_the_batch_and_a_missing_job_only_itself() {
    let batch = tick(&started(3), T + 10_000.0);
    let first = batch.loading_ids()[0];
    let missing = ApiError::JobNotFound { code: 2100, message: "import job does not exist".into(), job_id: id(10, 0) };
    let after = batch
        .apply(BatchAction::Response(PollAnswer {
            id: first,
            result: Err(missing),
            route: None,
            sent_ms: T + 10_000.0,
            at_ms: T + 10_000.0,
            jitter: 0.5,
        }))
        .unwrap();
    assert!(after.target.is_some() && after.entries[0].stopped_by().is_some() && after.entries[1].is_open());
    let second = batch.loading_ids()[1];
    let denied = ApiError::Unauthorized { code: Some(1800), message: "user hasn't authenticated".into() };
    let after = after
        .apply(BatchAction::Response(PollAnswer {
            id: second,
            result: Err(denied),
            route: None,
            sent_ms: T + 10_000.0,
            at_ms: T + 10_000.0,
            jitter: 0.5,
        }))
        .unwrap();
    assert!(after.target.is_none() && after.stopped_by.is_some());
    assert_eq!(after.next_wake_ms(&[0], true), None);
}

#[test]
fn the_opened_job_is_polled_by_its_view_not_by_the_batch() {
    let batch = started(2);
    let open = id(10, 0);
    let batch = batch.apply(BatchAction::Focus { job_id: Some(open.clone()), at_ms: T }).unwrap();
    let batch = tick(&batch, T + 10_000.0);
    assert_eq!(batch.awaiting(batch.loading_ids()[0]).unwrap().job_id, id(10, 1));
    assert_eq!(batch.loading_ids().len(), 1);
    // Its view's answers feed the batch; back in the batch, it is due at once.
    let batch = batch
        .apply(BatchAction::Observe { job: job(&open, JobState::Importing, 60, 10, Some(6), 1), route: None, sent_ms: T, at_ms: T })
        .unwrap();
    assert_eq!(batch.entries[0].job.as_ref().unwrap().progress, 60);
    let batch = batch.apply(BatchAction::Focus { job_id: None, at_ms: T + 20_000.0 }).unwrap();
    assert_eq!(batch.entries[0].due_ms, Some(T + 20_000.0));
}

#[test]
fn progress_is_weighted_by_rows_then_file_size_then_the_mean() {
    let entries = [
        entry(job("1", JobState::Importing, 50, 1_000, Some(500), 100)),
        // Not counted yet, 200 bytes: at the batch's 10 rows per byte, 2,000 rows.
        entry(job("2", JobState::Importing, 20, 0, Some(0), 200)),
        // Nothing known: the mean of 1,000 and 2,000.
        entry(job("3", JobState::Pending, 0, 0, Some(0), 0)),
        // Failed: left out of the bar.
        entry(job("4", JobState::Failed, 0, 0, Some(0), 0)),
    ];
    let summary = BatchSummary::of(&entries, T);
    assert_eq!(summary.basis, Basis::Rows);
    let expected = (1_000.0 * 50.0 + 2_000.0 * 20.0 + 1_500.0 * 0.0) / 4_500.0;
    assert!((summary.progress.unwrap() - expected).abs() < 1e-9, "{:?}", summary.progress);
    assert_eq!(
        summary.weighting_text(),
        "Progress weighted by rows (1 job counted, 1 estimated from file size, 1 as the mean); 1 failed or aborted job left out."
    );
    assert_eq!(summary.total_rows, None, "two jobs have not counted their rows");
    assert_eq!(summary.imported_rows, Some(500));
    assert_eq!(summary.failed, 1);
}

#[test]
fn sizes_weigh_before_any_rows_are_counted_and_nothing_known_weighs_equally() {
    let by_size = [entry(job("1", JobState::Importing, 30, 0, Some(0), 300)), entry(job("2", JobState::Importing, 10, 0, Some(0), 100))];
    let summary = BatchSummary::of(&by_size, T);
    assert_eq!(summary.basis, Basis::Bytes);
    assert_eq!(summary.progress, Some(25.0));
    let unknown = [entry(job("1", JobState::Pending, 0, 0, Some(0), 0)), entry(job("2", JobState::Importing, 40, 0, Some(0), 0))];
    let summary = BatchSummary::of(&unknown, T);
    assert_eq!((summary.basis, summary.progress), (Basis::Equal, Some(20.0)));
}

#[test]
fn unknown_rows_stay_unknown_and_an_unanswered_job_hides_the_total() {
    // Zilliz Cloud sends no importedRows.
    let cloud =
        [entry(job("job-a", JobState::Importing, 50, 100, None, 1)), entry(job("job-b", JobState::Completed, 100, 100, Some(100), 1))];
    assert_eq!(BatchSummary::of(&cloud, T).imported_rows, None);
    let waiting = [entry(job("1", JobState::Completed, 100, 100, Some(100), 1)), BatchEntry::new("2", T)];
    let summary = BatchSummary::of(&waiting, T);
    assert_eq!((summary.progress, summary.imported_rows, summary.waiting), (None, None, 1));
}

#[test]
fn totals_on_mixed_states_and_the_done_batch_duration() {
    let mut done = job(&id(30, 1), JobState::Completed, 100, 100, Some(100), 10);
    done.complete_time = Some(milvus_import_monitor::format::rfc3339_utc(T - 60_000.0));
    let failed = job(&id(20, 2), JobState::Failed, 0, 0, Some(0), 0);
    let mut aborted = job(&id(10, 3), JobState::Failed, 0, 0, Some(0), 0);
    aborted.reason = Some("aborted by user".into());
    let entries = [entry(done), entry(failed), entry(aborted)];
    let summary = BatchSummary::of(&entries, T);
    assert!(summary.done);
    let states: Vec<(&str, usize)> = summary.by_state.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    assert_eq!(states, [("Completed", 1), ("Failed", 1), ("Aborted", 1)]);
    assert_eq!((summary.failed, summary.aborted), (1, 1));
    assert_eq!(summary.created_ms, Some(T - 30.0 * 60_000.0), "the earliest job ID's time");
    // The completed job's completeTime is the latest end anyone knows: the failed ones were
    // first seen already failed (at T), and the server gives no failure time, so the batch
    // took at least until that completion, not until this page happened to look.
    assert_eq!(summary.elapsed_ms, Some(29.0 * 60_000.0));
    assert!(summary.elapsed_is_lower_bound);
    assert_eq!(summary.outcome_text(), "1 completed, 1 failed, 1 aborted");
}

#[test]
fn a_report_of_a_running_batch_is_never_done() {
    use milvus_import_monitor::report::Report;
    let done = job(&id(30, 1), JobState::Completed, 100, 100, Some(100), 10);
    let failed = job(&id(20, 2), JobState::Failed, 0, 0, Some(0), 0);
    let importing = job(&id(10, 3), JobState::Importing, 66, 100, Some(50), 10);
    let jobs: Vec<(Rc<ImportJob>, Option<f64>)> = [done, failed, importing].into_iter().map(|j| (Rc::new(j), None)).collect();
    let report = Report::of_batch(&jobs, "http://m:19530", T).unwrap();
    let batch = report.batch_watch();
    assert!(!batch.is_done());
    let summary = BatchSummary::of(&batch.entries, report.exported_at_ms);
    assert!(!summary.done, "a job was importing at 66 % when the report was made");
    assert_eq!(summary.outcome_text(), "1 completed, 1 failed, 1 running");
    // Elapsed as of the export, from the earliest creation: not a "Took".
    assert_eq!(summary.elapsed_ms, Some(30.0 * 60_000.0));
}

#[test]
fn combined_rate_and_eta_while_jobs_write() {
    let writing = |name: &str, rows_per_10s: u64| {
        let mut e = BatchEntry::new(name, T);
        for step in 0..3u64 {
            let j = job(name, JobState::Importing, 55, 1_000_000, Some(step * rows_per_10s), 1);
            e.observe(j, Some(ProgressRoute::Describe), T + step as f64 * 10_000.0);
        }
        e
    };
    let entries = [writing("1", 100_000), writing("2", 50_000)];
    let summary = BatchSummary::of(&entries, T + 20_000.0);
    assert_eq!(summary.rows_per_sec.map(f64::round), Some(15_000.0));
    // 1,700,000 rows left at 15,000 rows/s.
    assert_eq!(summary.eta_ms.map(|ms| (ms / 1000.0).round()), Some(113.0));
    assert!(!summary.eta_is_lower_bound);
    let counting = [writing("1", 100_000), entry(job("3", JobState::Importing, 20, 0, Some(0), 5))];
    assert!(BatchSummary::of(&counting, T + 20_000.0).eta_is_lower_bound, "a job still scanning has rows not in the ETA");
}

#[test]
fn the_laggard_is_the_open_job_furthest_below_the_median() {
    let entries = [
        entry(job("1", JobState::Completed, 100, 10, Some(10), 1)),
        entry(job("2", JobState::Importing, 85, 10, Some(10), 1)),
        entry(job("3", JobState::Importing, 80, 10, Some(10), 1)),
        entry(job("4", JobState::Importing, 25, 10, Some(2), 1)),
    ];
    let laggard = BatchSummary::of(&entries, T).laggard.unwrap();
    assert_eq!((laggard.job_id.as_str(), laggard.progress, laggard.behind_by), ("4", 25, 57.5));
    assert_eq!(laggard.activity, Activity::ScanningFiles);
    let even = [entry(job("1", JobState::Importing, 50, 1, Some(0), 1)), entry(job("2", JobState::Importing, 50, 1, Some(0), 1))];
    assert_eq!(BatchSummary::of(&even, T).laggard, None, "nobody lags when all are level");
}

#[test]
fn commit_on_uncommitted_abort_before_committing_for_manual_jobs_and_only_the_3_0_line_says_auto_commit() {
    let at = |state: JobState, progress: u8| job("1", state, progress, 1, Some(1), 1);
    let (unknown, manual) = (CommitFacts::default(), CommitFacts { manual: true });
    assert_eq!(commit_offer(&at(JobState::Uncommitted, 99), BandTable::Modern, unknown), CommitOffer::CommitOrAbort);
    for state in [JobState::Pending, JobState::Committing, JobState::Completed, JobState::Failed] {
        assert_eq!(commit_offer(&at(state.clone(), 99), BandTable::Modern, unknown), CommitOffer::Nothing, "{state}");
    }
    assert_eq!(commit_offer(&at(JobState::Importing, 99), BandTable::Modern, unknown), CommitOffer::AutoCommit);
    assert_eq!(commit_offer(&at(JobState::Importing, 85), BandTable::Modern, unknown), CommitOffer::Nothing, "2.5/2.6 index band");
    assert_eq!(
        commit_offer(&at(JobState::Importing, 99), BandTable::Legacy, unknown),
        CommitOffer::Nothing,
        "2.4 before 2.4.13 has no commit"
    );
    // A job known to be manual-commit: Abort in every state before Committing (3.0 line, §11).
    for (state, progress) in
        [(JobState::Pending, 5), (JobState::Importing, 20), (JobState::Importing, 55), (JobState::Importing, 85), (JobState::Importing, 99)]
    {
        assert_eq!(commit_offer(&at(state.clone(), progress), BandTable::Modern, manual), CommitOffer::Abort, "{state} {progress}");
    }
    for state in [JobState::Committing, JobState::Completed, JobState::Failed] {
        assert_eq!(commit_offer(&at(state.clone(), 99), BandTable::Modern, manual), CommitOffer::Nothing, "{state}");
    }
    // Unknown mode, but a server that writes createTime (2.6.6+, 3.0): the server decides.
    let stamped = ImportJob { create_time: Some("2026-12-06T00:00:00Z".into()), ..at(JobState::Importing, 55) };
    assert_eq!(commit_offer(&stamped, BandTable::Modern, unknown), CommitOffer::TryAbort);
    let waiting = entry(job("1", JobState::Uncommitted, 99, 1, Some(1), 1));
    let done = entry(job("2", JobState::Completed, 100, 1, Some(1), 1));
    let writing = entry(job("3", JobState::Importing, 50, 1, Some(1), 1));
    assert_eq!(commit_all(&[waiting.clone(), done.clone()]), Some(vec!["1".to_owned()]), "final jobs do not block Commit all");
    assert_eq!(commit_all(&[waiting, writing]), None);
    assert_eq!(commit_all(&[done]), None, "nothing to commit");
}

#[test]
fn rows_sort_and_filter_by_state() {
    let mut batch = started(0);
    batch.entries = vec![
        entry(job("1", JobState::Importing, 40, 1, Some(1), 1)),
        entry(job("2", JobState::Failed, 0, 0, Some(0), 0)),
        entry(job("3", JobState::Importing, 90, 1, Some(1), 1)),
    ];
    let by_progress = batch.apply(BatchAction::Sort(BatchSort::Progress)).unwrap().apply(BatchAction::Sort(BatchSort::Progress)).unwrap();
    let ids: Vec<&str> = batch_rows(&by_progress).iter().map(|e| e.job_id.as_str()).collect();
    assert_eq!(ids, ["3", "1", "2"], "descending after the second click");
    let failed = batch.apply(BatchAction::Filter(Some("Failed".into()))).unwrap();
    assert_eq!(batch_rows(&failed).len(), 1);
}

#[test]
fn an_aborted_job_is_its_own_state_in_the_counts_and_the_filter() {
    let mut batch = started(0);
    let mut aborted = job("2", JobState::Failed, 0, 0, Some(0), 0);
    aborted.reason = Some("aborted by user".into());
    let mut failed = job("3", JobState::Failed, 0, 0, Some(0), 0);
    failed.reason = Some("error: file not found".into());
    batch.entries = vec![entry(job("1", JobState::Importing, 40, 1, Some(1), 1)), entry(aborted), entry(failed)];
    let summary = BatchSummary::of(&batch.entries, 0.0);
    assert_eq!(summary.by_state, [("Importing".to_owned(), 1), ("Failed".to_owned(), 1), ("Aborted".to_owned(), 1)]);
    assert_eq!((summary.failed, summary.aborted), (1, 1));
    let ids = |state: &str| {
        let filtered = batch.apply(BatchAction::Filter(Some(state.into()))).unwrap();
        batch_rows(&filtered).iter().map(|e| e.job_id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids("Failed"), ["3"], "an aborted job is not counted as failed");
    assert_eq!(ids("Aborted"), ["2"]);
}

mod page {
    //! The batch inside the page's reducer: how it starts, opens a job, and commits.
    use super::*;
    use milvus_import_monitor::state::{Action, FormFields, JobAction, ManualAction, ManualKind, PageState, PollAnswer};

    fn page_with(job_ids: &str) -> PageState {
        let form = FormFields { endpoint: "http://127.0.0.1:19530".into(), job_id: job_ids.into(), ..FormFields::default() };
        PageState::with_form(form)
    }

    #[test]
    fn several_ids_watch_a_batch_and_one_id_the_job() {
        let ids = format!("{}\n{}, {}", id(5, 1), id(5, 2), id(5, 3));
        let page = page_with(&ids).apply(Action::Watch { at_ms: T }).unwrap();
        assert_eq!(page.batch.entries.len(), 3);
        assert!(page.shows_batch() && page.job.target.is_none());
        // Back to one job: the batch goes.
        let single =
            PageState { form: FormFields { job_id: id(5, 1), ..page.form.clone() }, ..page }.apply(Action::Watch { at_ms: T }).unwrap();
        assert!(!single.batch.is_shown() && single.job.target.is_some());
        // An ID no Milvus issued refuses the whole batch, naming it.
        let bad = page_with(&format!("{} 42", id(5, 1))).apply(Action::Watch { at_ms: T }).unwrap();
        assert!(!bad.batch.is_shown());
        assert_eq!(bad.job.request.error().map(ApiError::kind), Some("not-a-job-id"));
    }

    #[test]
    fn an_opened_job_is_polled_once_and_feeds_the_batch() {
        let page = page_with(&format!("{} {}", id(5, 1), id(5, 2))).apply(Action::Watch { at_ms: T }).unwrap();
        let opened = page.apply(Action::OpenJob { job_id: id(5, 1), at_ms: T }).unwrap();
        let request = opened.job.request.loading_id().expect("the full view polls it");
        assert_eq!(opened.busy_besides_batch(), [1], "its poll counts against the server's two");
        let answer = job(&id(5, 1), JobState::Importing, 45, 10, Some(2), 1);
        let response = JobAction::Response(PollAnswer {
            id: request,
            result: Ok(answer),
            route: None,
            sent_ms: T + 10.0,
            at_ms: T + 10.0,
            jitter: 0.5,
        });
        let answered = opened.apply(Action::Job(response)).unwrap();
        assert_eq!(answered.batch.entries[0].job.as_ref().map(|j| j.progress), Some(45));
        let back = answered.apply(Action::BackToBatch { at_ms: T + 20.0 }).unwrap();
        assert!(back.shows_batch() && back.job.target.is_none());
    }

    #[test]
    fn abort_waits_for_the_dialog_and_a_done_commit_asks_again_at_once() {
        let page = page_with(&format!("{} {}", id(5, 1), id(5, 2))).apply(Action::Watch { at_ms: T }).unwrap();
        let ask = |kind| Action::Manual(ManualAction::Ask { kind, job_ids: vec![id(5, 1)] });
        let asked = page.apply(ask(ManualKind::Abort)).unwrap();
        assert!(asked.manual.confirming.is_some() && !asked.manual.request.is_loading());
        let cancelled = asked.apply(Action::Manual(ManualAction::Cancel)).unwrap();
        assert!(cancelled.manual.confirming.is_none() && cancelled.manual.kind.is_none(), "nothing sent");
        let sent = page.apply(ask(ManualKind::Commit)).unwrap();
        assert!(sent.apply(ask(ManualKind::Commit)).is_none(), "a second click while sending is ignored");
        assert_eq!(sent.busy_besides_batch(), [1]);
        let id_sent = sent.manual.request.loading_id().unwrap();
        // Far in the future: the job was next due at its stagger slot; now it is due at once.
        let mut later = sent.clone();
        later.batch.entries[0].due_ms = Some(T + 1e9);
        let done = later.apply(Action::Manual(ManualAction::Response { id: id_sent, result: Ok(()), at_ms: T })).unwrap();
        assert!(done.batch.entries[0].due_ms.unwrap() <= T, "asked for again at the next tick");
    }
}

#[test]
fn a_job_the_server_forgot_shows_the_copy_kept_here_and_a_live_one_never_does() {
    let batch = tick(&started(2), T + 10_000.0);
    let (first, second) = (batch.loading_ids()[0], batch.loading_ids()[1]);
    let gone = |job_id: String| ApiError::JobNotFound { code: 2100, message: "import job does not exist".into(), job_id };
    // Job 0 is ten minutes old: past the create grace, so "does not exist" means gone.
    let batch = batch
        .apply(BatchAction::Response(PollAnswer {
            id: first,
            result: Err(gone(id(10, 0))),
            route: None,
            sent_ms: T + 10_000.0,
            at_ms: T + 10_000.0,
            jitter: 0.5,
        }))
        .unwrap();
    let batch = batch
        .apply(BatchAction::Response(PollAnswer {
            id: second,
            result: Ok(job(&id(10, 1), JobState::Importing, 50, 1, Some(0), 1)),
            route: None,
            sent_ms: T + 10_000.0,
            at_ms: T + 10_000.0,
            jitter: 0.5,
        }))
        .unwrap();
    assert!(batch.entries[0].wants_kept_copy() && !batch.entries[1].wants_kept_copy());
    let kept = job(&id(10, 0), JobState::Completed, 100, 5, Some(5), 1);
    let restored = batch.apply(BatchAction::Restore { server: 0, job: kept, saved_at_ms: T - 1.0 }).unwrap();
    assert_eq!(restored.entries[0].kept_at_ms, Some(T - 1.0));
    assert!(restored.entries[0].is_final() && !restored.entries[0].is_open());
    assert!(
        restored
            .apply(BatchAction::Restore { server: 0, job: job(&id(10, 1), JobState::Completed, 100, 1, Some(1), 1), saved_at_ms: T })
            .is_none(),
        "a job the server still knows keeps its live figures"
    );
    // "Does not exist" for a job created a minute ago is "not yet" ... unless this browser kept it.
    let fresh = BatchWatch::default().apply(BatchAction::Start { target: target(), jobs: vec![(0, id(1, 0))] }).unwrap();
    let fresh = tick(&fresh, T);
    let request = fresh.loading_ids()[0];
    let fresh = fresh
        .apply(BatchAction::Response(PollAnswer {
            id: request,
            result: Err(gone(id(1, 0))),
            route: None,
            sent_ms: T,
            at_ms: T,
            jitter: 0.5,
        }))
        .unwrap();
    assert_eq!(fresh.entries[0].job.as_ref().map(|j| j.state.clone()), Some(JobState::Pending));
    assert!(fresh.entries[0].is_open() && fresh.entries[0].wants_kept_copy());
    let known =
        fresh.apply(BatchAction::Restore { server: 0, job: job(&id(1, 0), JobState::Failed, 0, 0, Some(0), 0), saved_at_ms: T }).unwrap();
    assert!(!known.entries[0].is_open(), "known here, so gone rather than about to appear");
}
