//! The engine's phases on each band table, and its failure plans.

use super::*;
use crate::plan::{glob_match, plan, FailPatterns, JobRequest, Pace, Timing};
use crate::profile::Profile;

fn job(profile: Profile, files: &[&str], fail: &str) -> Job {
    let files: Vec<Vec<String>> = files.iter().map(|f| vec![f.to_string()]).collect();
    let request =
        JobRequest { id: "1".into(), numeric_id: 1, collection: "c".into(), files: &files, manual_commit: false, created_at: 0.0 };
    Job::from(plan(
        request,
        profile,
        &Pace::default(),
        &Timing::default(),
        7,
        FailPatterns { bad_data: fail, write_fail: "*write-fail*", missing: "" },
    ))
}

#[test]
fn walks_every_phase_with_modern_bands() {
    let j = job(Profile::V2_5, &["a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet"], "*corrupt*");
    let mut last_phase = Phase::Queued;
    let mut seen = vec![];
    let mut age = 0.0;
    while age < 500.0 {
        let s = j.snapshot(age);
        if s.phase != last_phase || seen.is_empty() {
            seen.push(s.phase);
            last_phase = s.phase;
        }
        let (lo, hi) = match s.phase {
            Phase::Queued => (0, 9),
            Phase::PreImport => (10, 39),
            Phase::Writing => (40, 69),
            Phase::Sorting => (70, 79),
            Phase::Indexing => (80, 89),
            _ => (100, 100),
        };
        assert!((lo..=hi).contains(&s.progress), "{:?} at {}", s.phase, s.progress);
        if matches!(s.phase, Phase::Queued | Phase::PreImport) {
            assert!(s.details.is_empty() && s.total_rows == 0 && s.file_size == 0);
        }
        age += 0.25;
    }
    assert_eq!(seen, [Phase::Queued, Phase::PreImport, Phase::Writing, Phase::Sorting, Phase::Indexing, Phase::Completed]);
}

#[test]
fn early_2_4_writes_to_70_then_holds_it_while_indexing() {
    let j = job(Profile::V2_4_0, &["a.parquet"], "*corrupt*");
    let mid = j.writing_starts() + j.writing / 2.0;
    let s = j.snapshot(mid);
    assert!((50..60).contains(&s.progress), "half the rows at {}", s.progress);
    let indexing = j.snapshot(j.writing_starts() + j.writing + j.indexing / 2.0);
    assert_eq!((indexing.phase, indexing.state, indexing.progress), (Phase::Indexing, "Importing", 70));
    assert_eq!(indexing.imported_rows, indexing.total_rows);
    assert!(indexing.details.iter().all(|f| f.state == "Completed"));
    let done = j.snapshot(j.writing_starts() + j.writing + j.indexing + 0.01);
    assert_eq!((done.phase, done.progress), (Phase::Completed, 100));
}

#[test]
fn bad_data_fails_the_job_in_pre_import_before_any_file_is_listed() {
    let j = job(Profile::V2_5, &["ok.parquet", "corrupt.json"], "*corrupt*");
    assert_eq!(j.phase(j.queued + j.preimport * 0.5), Phase::PreImport);
    let s = j.snapshot(10_000.0);
    assert_eq!((s.state, s.progress, s.imported_rows, s.total_rows, s.file_size), ("Failed", 0, 0, 0, 0));
    assert!(s.details.is_empty());
    let reason = s.reason.as_deref().unwrap();
    assert!(reason.starts_with("error: failed to parse row ") && reason.contains("dim mismatch"), "{reason}");
    assert!(reason.ends_with(r#", file: id:3 paths:"corrupt.json" "#), "the file record as protobuf text: {reason}");
    assert_eq!(s.complete_time, None);
}

#[test]
fn a_write_failure_marks_every_task_failed() {
    let j = job(Profile::V2_5, &["a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet", "write-fail.parquet"], "*corrupt*");
    let s = j.snapshot(10_000.0);
    assert_eq!((s.state, s.progress), ("Failed", 0));
    let reason = s.reason.clone().unwrap();
    assert!(reason.contains("write-fail.parquet") && reason.ends_with(": importing data failed"), "{reason}");
    assert_eq!(s.details.len(), 6);
    assert!(s.details.iter().all(|d| d.state == "Failed" && d.reason.as_deref() == Some(reason.as_str())));
    // The tasks that had completed keep their completion time.
    assert!(s.details.iter().any(|d| d.complete_time.is_some()), "{:?}", s.details);
    assert!(s.details.iter().any(|d| d.complete_time.is_none()));
}

#[test]
fn glob() {
    assert!(glob_match("*corrupt*", "data/corrupt-1.json"));
    assert!(!glob_match("*corrupt*", "data/ok.json"));
    assert!(glob_match("a*c", "abbbc") && !glob_match("a*c", "abbb"));
}
