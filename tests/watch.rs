//! The watch logic: phase text on both band tables, the estimator on steady, bursty, plateau
//! and restart-from-zero inputs, stall thresholds, backoff and the create grace period.

use milvus_import_monitor::job::{explain, stall_causes, Activity, BandTable, Elapsed, Tracker, DEFAULT_STALL_MS};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::policy::backoff_ms;
use std::rc::Rc;

fn writing(rows: u64, total: u64, progress: u8) -> ImportJob {
    let details = vec![Rc::new(FileTask { file_name: "[a]".into(), state: FileState::InProgress, ..FileTask::default() })];
    ImportJob {
        state: JobState::Importing,
        progress,
        imported_rows: Some(rows),
        total_rows: total,
        file_size: 1_000_000_000,
        details,
        ..ImportJob::default()
    }
}

fn finalising(progress: u8) -> ImportJob {
    let details = vec![Rc::new(FileTask { file_name: "[a]".into(), state: FileState::Completed, progress: 100, ..FileTask::default() })];
    ImportJob {
        state: JobState::Importing,
        progress,
        imported_rows: Some(1_000_000),
        total_rows: 1_000_000,
        details,
        ..ImportJob::default()
    }
}

#[test]
fn phase_text_modern_bands() {
    let pending = ImportJob { state: JobState::Pending, ..ImportJob::default() };
    assert_eq!(explain(&pending, BandTable::Modern), "Queued behind other imports: the server has not started it yet.");
    let scanning = ImportJob { state: JobState::Importing, progress: 20, ..ImportJob::default() };
    assert_eq!(explain(&scanning, BandTable::Modern), "Scanning the files and counting rows before writing.");
    assert_eq!(explain(&writing(721_000, 980_000, 62), BandTable::Modern), "Writing rows: 721,000 of 980,000.");
    let text = explain(&finalising(80), BandTable::Modern);
    assert_eq!(text, "All rows written, now sorting and building the index; on large collections this can take a while.");
    assert_eq!(explain(&finalising(74), BandTable::Modern), text);
    let done = ImportJob { state: JobState::Completed, progress: 100, imported_rows: Some(5), total_rows: 5, ..ImportJob::default() };
    assert_eq!(explain(&done, BandTable::Modern), "Done: 5 rows imported.");
    let waiting = ImportJob { state: JobState::Uncommitted, progress: 99, ..ImportJob::default() };
    assert!(explain(&waiting, BandTable::Modern).contains("auto_commit=false"));
}

#[test]
fn phase_text_legacy_bands() {
    // 2.4.0-2.4.12: held at 70 with every file done while the index builds, said as such.
    let job = finalising(70);
    let text = explain(&job, BandTable::Legacy);
    assert!(text.starts_with("All rows written, now building the index") && text.contains("holds 70 %"), "{text}");
    assert_ne!(explain(&job, BandTable::Modern), text);
    // Below 70, rows are still being written.
    let mut writing = finalising(55);
    writing.details.iter_mut().for_each(|f| Rc::make_mut(f).state = milvus_import_monitor::model::FileState::InProgress);
    writing.imported_rows = Some(500_000);
    assert_eq!(explain(&writing, BandTable::Legacy), "Writing rows: 500,000 of 1,000,000.");
}

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
    // The estimate never jumps by more than a third between polls once it has settled.
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
    assert!(stall_causes(Activity::Queued).contains("maxConcurrentTaskNum"));
    assert!(stall_causes(Activity::WritingRows).contains("DataNode"));
}

#[test]
fn backoff_sequence() {
    let sequence: Vec<u32> = (0..8).map(|n| backoff_ms(2_000, n, 0.5)).collect();
    assert_eq!(sequence, [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // Jitter stays within ±20 %.
    assert_eq!(backoff_ms(2_000, 2, 0.0), 6_400);
    assert_eq!(backoff_ms(2_000, 2, 1.0), 9_600);
    // Jitter never carries a delay past the cap.
    assert_eq!(backoff_ms(2_000, 5, 1.0), 60_000);
    assert_eq!(backoff_ms(2_000, 5, 0.0), 48_000);
    assert!((0..=100).all(|i| backoff_ms(500, 9, f64::from(i) / 100.0) <= 60_000));
    // A long interval is never shortened by the cap.
    assert_eq!(backoff_ms(120_000, 1, 0.5), 120_000);
    assert_eq!(backoff_ms(120_000, 1, 1.0), 120_000);
}

#[test]
fn create_grace_period_follows_the_ids_creation_time() {
    use milvus_import_monitor::policy::in_create_grace;
    let created = 1_764_000_000_000.0;
    let id = ((created as i64) << 18 | 5).to_string();
    assert!(in_create_grace(&id, created + 14_999.0, false));
    assert!(in_create_grace(&id, created + 60_000.0, false), "2.6 may take seconds; clocks may differ by minutes");
    assert!(!in_create_grace(&id, created + 180_000.0, false));
    assert!(!in_create_grace(&id, created + 1.0, true), "after a good answer, 'does not exist' is real");
    // Watching an old job: no grace, whenever the watch started.
    let old = ((created as i64 - 86_400_000) << 18).to_string();
    assert!(!in_create_grace(&old, created, false));
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
