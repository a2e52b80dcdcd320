//! History as a shared file, natively: written and read back whole (answers and timelines);
//! hostile files refused whole (too large, not JSON, another format, a newer version, too many
//! jobs) or job by job (wrong types, a key that names another job, a `javascript:` server,
//! names longer than any Milvus gives), a script in a name kept as text; never a token.

use milvus_import_monitor::history::file::{read, write, FileProblem, MAX_FILE_BYTES, MAX_JOBS};
use milvus_import_monitor::history::{kept_copy, KeptJob};
use milvus_import_monitor::job::BandTable;
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::timeline::Timeline;
use serde_json::{json, Value};
use std::rc::Rc;

const AT: &str = "2026-12-06T09:00:00Z";

fn kept(endpoint: &str, id: &str, collection: &str) -> KeptJob {
    let files = (0..3).map(|n| {
        Rc::new(FileTask { file_name: format!("[a/{n}.parquet]"), state: FileState::Completed, progress: 100, ..Default::default() })
    });
    let job = ImportJob {
        job_id: id.into(),
        collection_name: collection.into(),
        state: JobState::Completed,
        progress: 100,
        total_rows: 3000,
        details: files.collect(),
        ..Default::default()
    };
    let mut timeline = Timeline::default();
    timeline.observe(&ImportJob { state: JobState::Importing, progress: 40, ..job.clone() }, BandTable::Modern, 1_000.0);
    timeline.observe(&job, BandTable::Modern, 61_000.0);
    kept_copy(None, endpoint, &job, 61_000.0, Some(&timeline))
}

fn file_with(jobs: Vec<Value>) -> String {
    json!({ "format": "milvus-import-monitor.history", "version": 1, "exportedAt": AT, "jobs": jobs }).to_string()
}

#[test]
fn written_and_read_back_whole() {
    let jobs = vec![kept("http://a:19530", "7", "books"), kept("https://b.example.com", "8", "movies")];
    let text = write(&jobs, AT);
    assert!(!text.contains("root:Milvus") && !text.to_ascii_lowercase().contains("token"), "no token is ever written");
    let back = read(&text).unwrap();
    assert_eq!(back.jobs, jobs);
    assert_eq!((back.skipped, back.reasons.len()), (0, 0));
}

#[test]
fn hostile_files_are_refused_whole() {
    assert!(matches!(read("not json"), Err(FileProblem::NotJson { .. })));
    assert_eq!(read("[1, 2]"), Err(FileProblem::NotAHistory));
    assert_eq!(read(r#"{"format": "milvus-import-monitor.history", "version": "1", "jobs": []}"#), Err(FileProblem::NotAHistory));
    assert_eq!(
        read(r#"{"format": "milvus-import-monitor.history", "version": 2, "jobs": []}"#),
        Err(FileProblem::NewerVersion { version: 2 })
    );
    assert_eq!(read(r#"{"format": "milvus-import-monitor.history", "version": 1, "jobs": {"a": 1}}"#), Err(FileProblem::NotAHistory));
    let huge = " ".repeat(MAX_FILE_BYTES + 1);
    assert_eq!(read(&huge), Err(FileProblem::TooLarge { bytes: MAX_FILE_BYTES + 1 }), "refused before it is parsed");
    let many = file_with(vec![json!({}); MAX_JOBS + 1]);
    assert_eq!(read(&many), Err(FileProblem::TooManyJobs { jobs: MAX_JOBS + 1 }));
    assert!(FileProblem::NewerVersion { version: 2 }.to_string().contains("update the page"));
}

#[test]
fn each_bad_job_is_skipped_and_counted_and_names_stay_text() {
    let good = serde_json::to_value(kept("http://a:19530", "7", "books")).unwrap();
    let script = serde_json::to_value(kept("http://a:19530", "9", "<script>alert(1)</script>")).unwrap();
    let mut wrong_type = good.clone();
    wrong_type["job"]["details"] = json!("all of them");
    let mut other_key = good.clone();
    other_key["key"] = json!("http://a:19530 8");
    let hostile_server = serde_json::to_value(kept("javascript:alert(1)//", "10", "books")).unwrap();
    let long_name = serde_json::to_value(kept("http://a:19530", "11", &"x".repeat(5000))).unwrap();
    let mut bad_time = good.clone();
    bad_time["saved_at_ms"] = json!(-5);
    let text = file_with(vec![good, wrong_type, other_key, hostile_server, script, long_name, bad_time, json!("a string"), json!(null)]);
    let back = read(&text).unwrap();
    let ids: Vec<&str> = back.jobs.iter().map(|k| k.job.job_id.as_str()).collect();
    assert_eq!(ids, ["7", "9"]);
    assert_eq!(back.jobs[1].job.collection_name, "<script>alert(1)</script>", "kept as text, shown as text");
    assert_eq!(back.skipped, 7);
    assert_eq!(back.reasons.len(), 5, "the first few reasons, the rest counted");
    assert!(back.reasons[0].starts_with("job 2: not a kept job"), "{:?}", back.reasons);
    assert_eq!(back.reasons[1], "job 3: its key does not name its job");
    assert_eq!(back.reasons[2], "job 4: its server is not an http(s) address");
    assert_eq!(back.reasons[3], "job 6: a name in it is longer than any Milvus gives");
    assert_eq!(back.reasons[4], "job 7: its saving time is not a time");
}
