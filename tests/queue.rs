//! `job::queue`: the jobs ahead of a pending one, from the list.

use milvus_import_monitor::job::queue::{ahead, Ahead};
use milvus_import_monitor::model::{JobRecord, JobState};

const T: i64 = 1_764_000_000_000;

fn id(ms: i64, n: i64) -> String {
    ((ms << 18) + n).to_string()
}

fn record(job_id: &str, state: JobState) -> JobRecord {
    JobRecord { job_id: job_id.into(), collection_name: "books".into(), state, progress: None, reason: None }
}

#[test]
fn jobs_created_before_and_not_final_are_ahead() {
    let me = id(T, 5);
    let records = [
        record(&id(T - 60_000, 1), JobState::Importing),
        record(&id(T - 30_000, 1), JobState::Importing),
        record(&id(T - 10_000, 1), JobState::Pending),
        record(&id(T - 90_000, 1), JobState::Completed),
        record(&id(T - 80_000, 1), JobState::Uncommitted),
        record(&id(T, 1), JobState::Pending),
        record(&me, JobState::Pending),
        record(&id(T, 9), JobState::Pending),
        record(&id(T + 5_000, 1), JobState::Importing),
    ];
    let found = ahead(&me, &records).expect("numeric IDs");
    assert_eq!(found, Ahead { importing: 2, pending: 2 }, "the same millisecond by its counter; later, final and uncommitted ones not");
    assert_eq!(found.sentence(), "4 jobs ahead of this one: 2 importing, 2 pending.");
    assert_eq!(ahead("job-01fa0e5d42cjxudhpuehyp", &records), None, "a Cloud ID tells no order");
    assert_eq!(ahead(&me, &[]).map(Ahead::total), Some(0));
}
