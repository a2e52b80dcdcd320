//! What the page learns across polls of one job (job::tracker): the estimator on steady,
//! bursty, plateau and restart-from-zero inputs, how long a job ran or took, stall thresholds,
//! and rows the server never sent.

mod common;

use common::{finalising, writing};
use milvus_import_monitor::job::{explain, stall_causes, Activity, BandTable, Elapsed, Tracker, DEFAULT_STALL_MS};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use std::rc::Rc;

#[test]
fn an_index_plateau_is_not_a_stall_until_it_outlasts_an_index_build() {
    use milvus_import_monitor::job::stall_threshold_ms;
    let job = finalising(70);
    let mut t = Tracker::default();
    t.observe(&job, BandTable::Legacy, 0.0);
    let doing = milvus_import_monitor::job::activity(&job, BandTable::Legacy);
    assert_eq!(doing, Activity::BuildingIndex);
    // A million rows: half an hour at 70 is an index build, not a stall.
    let threshold = stall_threshold_ms(doing, job.total_rows, DEFAULT_STALL_MS);
    assert_eq!(threshold, 30.0 * 60_000.0);
    assert_eq!(t.stalled_for(29.0 * 60_000.0, threshold), None);
    assert!(t.stalled_for(31.0 * 60_000.0, threshold).is_some());
    // Writing that stops is still flagged after the user's threshold.
    let writing = stall_threshold_ms(Activity::WritingRows, job.total_rows, DEFAULT_STALL_MS);
    assert_eq!(writing, DEFAULT_STALL_MS);
}

#[test]
fn estimator_steady() {
    let mut t = Tracker::default();
    for i in 0..10u32 {
        let at = f64::from(i) * 2_000.0;
        t.observe(&writing(u64::from(i) * 20_000, 1_000_000, 50), BandTable::Modern, at);
    }
    let rates = t.rates().unwrap();
    assert!((rates.rows_per_sec - 10_000.0).abs() < 1.0, "{rates:?}");
    assert!((rates.bytes_per_sec - 10_000_000.0).abs() < 10.0, "1 kB per row: {rates:?}");
    // 820,000 rows left at 10,000/s.
    let eta = t.eta_ms(18_000.0).unwrap();
    assert!((eta - 82_000.0).abs() < 1_000.0, "{eta}");
    // Between polls it counts down.
    assert!((t.eta_ms(20_000.0).unwrap() - (eta - 2_000.0)).abs() < 1.0);
}

#[test]
fn estimator_bursty_is_damped() {
    let mut t = Tracker::default();
    let mut rows = 0;
    let mut etas = vec![];
    // Rows arrive in bursts: nothing, then 40,000 at once, every other poll.
    for i in 0..20u32 {
        if i % 2 == 1 {
            rows += 40_000;
        }
        let at = f64::from(i) * 2_000.0;
        t.observe(&writing(rows, 2_000_000, 50), BandTable::Modern, at);
        if let Some(eta) = t.eta_ms(at) {
            etas.push(eta);
        }
    }
    let rate = t.rates().unwrap().rows_per_sec;
    assert!((9_000.0..=11_000.0).contains(&rate), "the window averages the bursts: {rate}");
    // The estimate never jumps by more than a third between polls once it has settled: checked
    // over at least ten pairs, so the loop below cannot pass by checking nothing.
    assert!(etas.len() >= 14, "only {} estimates to compare: {etas:?}", etas.len());
    for pair in etas.windows(2).skip(3) {
        let change = (pair[1] - pair[0]).abs() / pair[0];
        assert!(change < 0.34, "{etas:?}");
    }
}

#[test]
fn estimator_plateau_and_finalising() {
    let mut t = Tracker::default();
    t.observe(&writing(0, 1_000_000, 40), BandTable::Modern, 0.0);
    t.observe(&writing(100_000, 1_000_000, 43), BandTable::Modern, 10_000.0);
    assert!(t.eta_ms(10_000.0).is_some());
    // A plateau longer than the window: no rate, no ETA rather than "infinite".
    for i in 2..10 {
        t.observe(&writing(100_000, 1_000_000, 43), BandTable::Modern, f64::from(i) * 10_000.0);
    }
    assert_eq!(t.rates().map(|r| r.rows_per_sec), Some(0.0));
    assert_eq!(t.eta_ms(90_000.0), None);
    // Sorting and indexing have no rate to measure: the ETA disappears.
    t.observe(&finalising(80), BandTable::Modern, 100_000.0);
    assert_eq!(t.eta_ms(100_000.0), None);
}

#[test]
fn estimator_restart_from_zero() {
    let mut t = Tracker::default();
    for i in 0..5u32 {
        t.observe(&writing(u64::from(i) * 50_000, 1_000_000, 50), BandTable::Modern, f64::from(i) * 2_000.0);
    }
    assert!(t.eta_ms(8_000.0).is_some());
    // A task retry sends rows back to 0: the old rate must not be used.
    t.observe(&writing(0, 1_000_000, 40), BandTable::Modern, 10_000.0);
    assert_eq!(t.rates(), None);
    assert_eq!(t.eta_ms(10_000.0), None);
    t.observe(&writing(20_000, 1_000_000, 41), BandTable::Modern, 12_000.0);
    assert!((t.rates().unwrap().rows_per_sec - 10_000.0).abs() < 1.0);
}

#[test]
fn elapsed_from_create_time_or_first_seen() {
    let mut t = Tracker::default();
    let job = writing(0, 10, 40);
    t.observe(&job, BandTable::Modern, 1_000_000.0);
    assert_eq!(t.elapsed(&job, 1_060_000.0), Elapsed::Running(60_000.0));
    let created = ImportJob { create_time: Some("1970-01-01T00:00:00Z".into()), ..job };
    assert_eq!(t.elapsed(&created, 1_060_000.0), Elapsed::Running(1_060_000.0));
    // Done: the duration stops at completion.
    let done = ImportJob { state: JobState::Completed, progress: 100, ..writing(10, 10, 100) };
    t.observe(&done, BandTable::Modern, 1_100_000.0);
    assert_eq!(t.elapsed(&done, 2_000_000.0), Elapsed::Took(100_000.0));
    // Without createTime (before 2.6.6), from the time the job ID encodes: a job created an
    // hour before the monitor first saw it has been running for an hour, not a minute.
    let created_at = 1_764_000_000_000.0;
    let by_id = ImportJob { job_id: ((created_at as i64) << 18 | 7).to_string(), ..writing(0, 10, 40) };
    let mut late = Tracker::default();
    late.observe(&by_id, BandTable::Modern, created_at + 3_600_000.0);
    assert_eq!(late.elapsed(&by_id, created_at + 3_660_000.0), Elapsed::Running(3_660_000.0));
}

#[test]
fn a_failed_jobs_duration_is_bounded_by_what_was_seen_or_unknown() {
    let created_at = 1_764_000_000_000.0;
    let id = ((created_at as i64) << 18 | 7).to_string();
    let failed = ImportJob { job_id: id.clone(), state: JobState::Failed, reason: Some("error: x".into()), ..ImportJob::default() };
    // First seen failed 50 minutes after its creation, then again at 58: the server gives no
    // failure time, so none is made up (it was "50 min", then "58 min" after a reload).
    for seen_at in [50.0, 58.0] {
        let mut t = Tracker::default();
        t.observe(&failed, BandTable::Modern, created_at + seen_at * 60_000.0);
        assert_eq!(t.elapsed(&failed, created_at + 90.0 * 60_000.0), Elapsed::Unknown);
        assert_eq!(t.ended_ms(&failed), None);
    }
    // Seen scanning 4 s after creation, failed at the next poll: failed within 6 s, for good.
    let mut t = Tracker::default();
    let scanning = ImportJob { job_id: id, state: JobState::Importing, progress: 20, ..ImportJob::default() };
    t.observe(&scanning, BandTable::Modern, created_at + 4_000.0);
    t.observe(&failed, BandTable::Modern, created_at + 6_000.0);
    t.observe(&failed, BandTable::Modern, created_at + 600_000.0);
    assert_eq!(t.elapsed(&failed, created_at + 3_600_000.0), Elapsed::FailedWithin(6_000.0));
    assert_eq!(Elapsed::FailedWithin(6_000.0).cell("—"), "within 6 s");
    assert_eq!(Elapsed::Unknown.cell("—"), "—");
}

#[test]
fn stall_thresholds() {
    let mut t = Tracker::default();
    t.observe(&finalising(82), BandTable::Modern, 0.0);
    // The same figures for 4 minutes 59 s: a normal plateau, no hint.
    t.observe(&finalising(82), BandTable::Modern, 299_000.0);
    assert_eq!(t.stalled_for(299_000.0, DEFAULT_STALL_MS), None);
    assert_eq!(t.stalled_for(300_000.0, DEFAULT_STALL_MS), Some(300_000.0));
    // Any change resets it.
    t.observe(&finalising(83), BandTable::Modern, 301_000.0);
    assert_eq!(t.stalled_for(400_000.0, DEFAULT_STALL_MS), None);
    // A custom threshold.
    assert_eq!(t.stalled_for(304_000.0, 3_000.0), Some(3_000.0));
    // A finished job is never stalled.
    let done = ImportJob { state: JobState::Completed, progress: 100, ..ImportJob::default() };
    t.observe(&done, BandTable::Modern, 310_000.0);
    assert_eq!(t.stalled_for(10_000_000.0, DEFAULT_STALL_MS), None);
    assert!(stall_causes(Activity::Queued).contains("dataCoord.import.maxImportJobNum"));
    // The hints cite only the names that exist on 2.5+ (shared API page, §12).
    for activity in [Activity::Queued, Activity::ScanningFiles, Activity::WritingRows, Activity::Sorting, Activity::BuildingIndex] {
        assert!(!stall_causes(activity).contains("maxConcurrentTaskNum"), "{activity:?}");
    }
    assert!(stall_causes(Activity::BuildingIndex).contains("schema"), "a schema change can wedge the index phase");
    assert!(stall_causes(Activity::WritingRows).contains("DataNode"));
}

#[test]
fn rows_the_server_never_sent_are_unknown_not_zero() {
    // Zilliz Cloud: no importedRows anywhere.
    let cloud = |progress: u8| ImportJob {
        state: JobState::Importing,
        progress,
        imported_rows: None,
        total_rows: 1_000_000,
        file_size: 10,
        details: vec![Rc::new(FileTask { file_name: "a.json".into(), state: FileState::InProgress, ..FileTask::default() })],
        ..ImportJob::default()
    };
    assert_eq!(explain(&cloud(50), BandTable::Modern), "Writing 1,000,000 rows (the server does not report how many are written).");
    let mut t = Tracker::default();
    for (i, progress) in [45u8, 50, 55, 60].into_iter().enumerate() {
        t.observe(&cloud(progress), BandTable::Modern, i as f64 * 10_000.0);
    }
    assert_eq!(t.rates(), None, "no rate from rows never sent");
    assert_eq!(t.eta_ms(40_000.0), None, "no ETA either");
    // Moving progress still counts as a change: no stall hint for a Cloud job that moves.
    assert_eq!(t.stalled_for(40_000.0 + 20_000.0, 60_000.0), None);
}
