//! Time made visible, natively: the time-in-phase summary on jobs from every band table
//! (2.5+/3.0 modern, 2.4.13+, 2.4.0–2.4.12's plateau at 70, 3.0's commit phase), and the chart's
//! series on steady, bursty and restarted jobs.

use milvus_import_monitor::job::{Activity, BandTable};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::timeline::{chart_series, file_timeline, phase_summary, ChartPoint, Timeline, MAX_POINTS};
use std::rc::Rc;

const MIN: f64 = 60_000.0;

/// A job with one file group in `file` state.
fn job(state: JobState, progress: u8, file: Option<FileState>) -> ImportJob {
    let details =
        file.map(|state| Rc::new(FileTask { file_name: "[a.parquet]".into(), state, ..FileTask::default() })).into_iter().collect();
    ImportJob { state, progress, details, imported_rows: Some(0), total_rows: 1_000, ..ImportJob::default() }
}

/// Records `polls` (minute, job) and returns the summary at the last one.
fn record(table: BandTable, polls: &[(f64, ImportJob)]) -> (Timeline, milvus_import_monitor::timeline::PhaseSummary) {
    let mut timeline = Timeline::default();
    for (minute, job) in polls {
        timeline.observe(job, table, minute * MIN);
    }
    let now = polls.last().map_or(0.0, |(m, _)| m * MIN);
    let summary = phase_summary(&timeline, &ImportJob::default(), now);
    (timeline, summary)
}

fn phases(summary: &milvus_import_monitor::timeline::PhaseSummary) -> Vec<(Activity, f64)> {
    summary.spans.iter().map(|s| (s.phase, s.duration_ms() / MIN)).collect()
}

#[test]
fn modern_bands_every_phase_and_the_longest() {
    use FileState::*;
    let (_, summary) = record(
        BandTable::Modern,
        &[
            (0.0, job(JobState::Pending, 0, None)),
            (2.0, job(JobState::Importing, 20, None)),
            (8.0, job(JobState::Importing, 45, Some(InProgress))),
            (39.0, job(JobState::Importing, 75, Some(Completed))),
            (41.0, job(JobState::Importing, 85, Some(Completed))),
            (65.0, job(JobState::Completed, 100, Some(Completed))),
        ],
    );
    assert_eq!(
        phases(&summary),
        [
            (Activity::Queued, 2.0),
            (Activity::ScanningFiles, 6.0),
            (Activity::WritingRows, 31.0),
            (Activity::Sorting, 2.0),
            (Activity::BuildingIndex, 24.0)
        ]
    );
    assert!(summary.finished);
    assert_eq!(summary.longest().map(|s| s.phase), Some(Activity::WritingRows));
    assert_eq!(
        summary.text(),
        "Queued 2 min 00 s · scanning 6 min 00 s · writing 31 min 00 s · sorting 2 min 00 s · building index 24 min 00 s. Longest: writing."
    );
}

#[test]
fn legacy_plateau_at_70_is_index_building() {
    use FileState::*;
    let mut done = job(JobState::Importing, 70, Some(Completed));
    done.imported_rows = Some(1_000);
    let (_, summary) = record(
        BandTable::Legacy,
        &[
            (0.0, job(JobState::Importing, 30, None)),
            (5.0, job(JobState::Importing, 55, Some(InProgress))),
            (12.0, job(JobState::Importing, 70, Some(InProgress))),
            (15.0, done.clone()),
            (50.0, done),
            (75.0, job(JobState::Completed, 100, Some(Completed))),
        ],
    );
    assert_eq!(phases(&summary), [(Activity::ScanningFiles, 5.0), (Activity::WritingRows, 10.0), (Activity::BuildingIndex, 60.0)]);
    assert_eq!(summary.longest().map(|s| s.phase), Some(Activity::BuildingIndex));
}

#[test]
fn two_four_thirteen_bands_index_from_70() {
    // 2.4.13+ builds the index from 70 to 90 with no sorting band; it serves `describe` as 2.5+
    // does, so nothing tells the two apart: 70–79 reads as sorting, 80–90 as building index.
    use FileState::*;
    let (_, summary) = record(
        BandTable::Modern,
        &[
            (0.0, job(JobState::Importing, 50, Some(InProgress))),
            (10.0, job(JobState::Importing, 70, Some(Completed))),
            (14.0, job(JobState::Importing, 80, Some(Completed))),
            (30.0, job(JobState::Completed, 100, Some(Completed))),
        ],
    );
    assert_eq!(phases(&summary), [(Activity::WritingRows, 10.0), (Activity::Sorting, 4.0), (Activity::BuildingIndex, 16.0)]);
    assert_eq!(summary.longest().map(|s| s.phase), Some(Activity::BuildingIndex));
}

#[test]
fn three_oh_commit_phase_manual_and_auto() {
    use FileState::*;
    let (_, manual) = record(
        BandTable::Modern,
        &[
            (0.0, job(JobState::Importing, 50, Some(InProgress))),
            (10.0, job(JobState::Importing, 85, Some(Completed))),
            (20.0, job(JobState::Uncommitted, 99, Some(Completed))),
            (50.0, job(JobState::Committing, 99, Some(Completed))),
            (51.0, job(JobState::Completed, 100, Some(Completed))),
        ],
    );
    assert_eq!(
        phases(&manual),
        [(Activity::WritingRows, 10.0), (Activity::BuildingIndex, 10.0), (Activity::WaitingForCommit, 30.0), (Activity::Committing, 1.0)]
    );
    assert!(manual.text().ends_with("Longest: waiting for commit."), "{}", manual.text());
    // An auto-commit job on 3.0 commits itself at 99, reported as Importing.
    let (_, auto) = record(
        BandTable::Modern,
        &[
            (0.0, job(JobState::Importing, 85, Some(Completed))),
            (4.0, job(JobState::Importing, 99, Some(Completed))),
            (5.0, job(JobState::Completed, 100, Some(Completed))),
        ],
    );
    assert_eq!(phases(&auto), [(Activity::BuildingIndex, 4.0), (Activity::Committing, 1.0)]);
}

#[test]
fn a_job_first_seen_mid_way_counts_what_nobody_watched_and_a_running_one_runs_to_now() {
    // Job 448761313698322011 was created at 1,711,888,556,283 ms (its ID encodes it).
    let created = 1_711_888_556_283.0;
    let mut timeline = Timeline::default();
    let mut writing = job(JobState::Importing, 50, Some(FileState::InProgress));
    writing.job_id = "448761313698322011".into();
    timeline.observe(&writing, BandTable::Modern, created + 10.0 * MIN);
    let summary = phase_summary(&timeline, &writing, created + 25.0 * MIN);
    assert_eq!(summary.unwatched_ms, Some(10.0 * MIN));
    assert_eq!(phases(&summary), [(Activity::WritingRows, 15.0)]);
    assert!(!summary.finished);
    assert_eq!(summary.text(), "Before this page watched 10 min 00 s · writing 15 min 00 s");
    // Queued when first seen: the queue began at creation.
    let mut queued = job(JobState::Pending, 0, None);
    queued.job_id = writing.job_id.clone();
    let mut timeline = Timeline::default();
    timeline.observe(&queued, BandTable::Modern, created + 3.0 * MIN);
    timeline.observe(&writing, BandTable::Modern, created + 5.0 * MIN);
    assert_eq!(phases(&phase_summary(&timeline, &queued, created + 6.0 * MIN)), [(Activity::Queued, 5.0), (Activity::WritingRows, 1.0)]);
}

#[test]
fn failed_job_ends_at_the_failure() {
    let (_, summary) = record(
        BandTable::Modern,
        &[
            (0.0, job(JobState::Pending, 0, None)),
            (1.0, job(JobState::Importing, 20, None)),
            (4.0, job(JobState::Failed, 0, None)),
            (9.0, job(JobState::Failed, 0, None)),
        ],
    );
    assert_eq!(phases(&summary), [(Activity::Queued, 1.0), (Activity::ScanningFiles, 3.0)]);
    assert!(summary.finished);
}

/// A writing job's timeline from (second, rows) polls.
fn rows_timeline(polls: &[(f64, u64)]) -> Timeline {
    let mut timeline = Timeline::default();
    for (sec, rows) in polls {
        let mut j = job(JobState::Importing, 50, Some(FileState::InProgress));
        j.imported_rows = Some(*rows);
        timeline.observe(&j, BandTable::Modern, sec * 1000.0);
    }
    timeline
}

#[test]
fn chart_series_steady() {
    let polls: Vec<(f64, u64)> = (0..30u32).map(|i| (f64::from(i) * 2.0, u64::from(i) * 20_000)).collect();
    let series = chart_series(&rows_timeline(&polls), Vec::new());
    assert_eq!(series.points.len(), 30);
    assert!(series.points.iter().skip(1).all(|p| p.rows_per_sec == Some(10_000.0)));
    assert_eq!(series.max_rate, 10_000.0);
    assert_eq!((series.start_ms, series.end_ms), (0.0, 58_000.0));
    // A straight rate line at the top of the box, each rate in the middle of the window it was
    // measured over (the first: 0–2 s, at 1 s); progress flat at 50 %.
    assert!(series.rate_path(100.0, 10.0).starts_with("M1.7 0.0L3.4 0.0"), "{}", series.rate_path(100.0, 10.0));
    assert!(series.progress_path(100.0, 10.0).starts_with("M0.0 5.0L"));
}

#[test]
fn chart_series_bursty() {
    // Polled every second, a server that updates every 2 s: the raw step alternates between
    // 0 and 20,000 rows; the 10 s window reads the 10,000 rows/s it really writes.
    let polls: Vec<(f64, u64)> = (0..40u32).map(|i| (f64::from(i), u64::from(i / 2) * 20_000)).collect();
    let series = chart_series(&rows_timeline(&polls), Vec::new());
    let settled: Vec<f64> = series.points.iter().filter(|p| p.at_ms >= 10_000.0).filter_map(|p| p.rows_per_sec).collect();
    assert!(settled.len() >= 20);
    assert!(settled.iter().all(|r| (9_000.0..=11_000.0).contains(r)), "{settled:?}");
    // A real burst (60,000 rows in 2 s after 20 s of nothing) still shows.
    let polls = [(0.0, 0), (10.0, 0), (20.0, 0), (22.0, 60_000), (32.0, 60_000), (42.0, 60_000)];
    let series = chart_series(&rows_timeline(&polls), Vec::new());
    let rates: Vec<Option<f64>> = series.points.iter().map(|p| p.rows_per_sec).collect();
    // 10 s windows: nothing up to 20 s, 60,000 rows in the 10 s into 22 s, then nothing (the
    // flat runs keep only their ends, and their rows inside are known).
    assert_eq!(rates, [None, Some(0.0), Some(6_000.0), Some(0.0)]);
    assert_eq!(series.nearest(0.5).and_then(|i| series.points.get(i)).map(|p| p.at_ms), Some(20_000.0));
}

#[test]
fn the_rate_is_drawn_where_rows_were_written_and_never_across_phases() {
    // Scanning 0–20 s (no rows), writing 20–60 s at 1,000 rows/s, then sorting and building the
    // index to 100 s with every row written: polled every 2 s.
    let mut timeline = Timeline::default();
    for i in 0..=50u32 {
        let sec = f64::from(i) * 2.0;
        let (progress, rows, file) = match sec {
            s if s < 20.0 => (20, 0, FileState::InProgress),
            s if s < 60.0 => (50, ((s - 20.0) * 1_000.0) as u64, FileState::InProgress),
            _ => (85, 40_000, FileState::Completed),
        };
        let mut j = job(JobState::Importing, progress, Some(file));
        j.imported_rows = Some(rows);
        j.total_rows = 40_000;
        timeline.observe(&j, BandTable::Modern, sec * 1000.0);
    }
    let series = chart_series(&timeline, Vec::new());
    let rated: Vec<&ChartPoint> = series.points.iter().filter(|p| p.rows_per_sec.is_some()).collect();
    assert!(rated.len() >= 15, "{} rated points", rated.len());
    for point in &rated {
        // Inside the writing phase (20–58 s): none in scanning, none in sorting or the index.
        assert!((20_000.0..60_000.0).contains(&point.at_ms) && (20_000.0..60_000.0).contains(&point.rate_at_ms), "{point:?}");
        assert!(point.rate_at_ms < point.at_ms, "drawn before the window's end: {point:?}");
        assert_eq!(point.rows_per_sec, Some(1_000.0), "{point:?}");
    }
    // The line starts and ends inside the writing band: one stroke, no slope from 0 in scanning
    // nor a peak after the last row was written.
    let path = series.rate_path(100.0, 10.0);
    assert_eq!(path.matches('M').count(), 1, "{path}");
    let xs: Vec<f64> = path.split(['M', 'L']).filter(|p| !p.is_empty()).filter_map(|p| p.split(' ').next()?.parse().ok()).collect();
    let band = (series.x(20_000.0, 100.0), series.x(60_000.0, 100.0));
    assert!(xs.iter().all(|x| (band.0..=band.1).contains(x)), "{xs:?} outside {band:?}");
}

#[test]
fn chart_series_restarted() {
    let polls = [(0.0, 0), (10.0, 100_000), (20.0, 200_000), (30.0, 50_000), (40.0, 150_000), (50.0, 250_000)];
    let series = chart_series(&rows_timeline(&polls), Vec::new());
    let restarts: Vec<bool> = series.points.iter().map(|p| p.restart).collect();
    assert_eq!(restarts, [false, false, false, true, false, false]);
    let rates: Vec<Option<f64>> = series.points.iter().map(|p| p.rows_per_sec).collect();
    // Never a window across the restart, never a negative rate.
    assert_eq!(rates, [None, Some(10_000.0), Some(10_000.0), None, Some(10_000.0), Some(10_000.0)]);
    // The rate line lifts its pen across the restart.
    assert_eq!(series.rate_path(50.0, 10.0).matches('M').count(), 2);
}

#[test]
fn file_timeline_aggregates_1024_groups_into_readable_bars() {
    let mut details = Vec::new();
    let mut timeline = Timeline::default();
    for i in 0..1_024u32 {
        let name = format!("[imports/part-{i:04}.parquet]");
        // Group i runs from i s to i + 10 s (i + 300 s for group 700: the slow one).
        let end = f64::from(i) + if i == 700 { 300.0 } else { 10.0 };
        let secs = end.round() as u64;
        let complete = format!("1970-01-01T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60);
        details.push(Rc::new(FileTask {
            file_name: name.clone(),
            state: FileState::Completed,
            complete_time: Some(complete),
            ..FileTask::default()
        }));
        timeline.file_starts.insert(name, f64::from(i) * 1000.0);
    }
    let job = ImportJob { details, ..ImportJob::default() };
    let t = file_timeline(&job, &timeline, 2_000_000.0);
    assert_eq!(t.groups, 1_024);
    assert_eq!(t.bars.len(), 40);
    assert_eq!(t.bars.iter().map(|b| b.groups).sum::<usize>(), 1_024);
    assert_eq!(t.bars.first().map(|b| b.label.as_str()), Some("groups 1–26"));
    assert_eq!(t.slowest, Some(("imports/part-0700.parquet".to_owned(), 300_000.0)));
    assert!(t.gaps.is_empty());
}

#[test]
fn a_long_watch_stays_within_max_points_and_keeps_its_ends_and_restarts() {
    let mut timeline = Timeline::default();
    for i in 0..5_000u64 {
        // Rows restart once, at poll 1,001.
        let rows = if i < 1_000 { i * 10 } else { (i - 1_000) * 10 };
        let job = ImportJob { state: JobState::Importing, progress: 50, imported_rows: Some(rows), ..ImportJob::default() };
        timeline.observe(&job, BandTable::Modern, i as f64 * 2_000.0);
    }
    assert!(timeline.points.len() <= MAX_POINTS, "{}", timeline.points.len());
    assert_eq!(timeline.points.first().map(|p| p.at_ms), Some(0.0));
    assert_eq!(timeline.points.last().map(|p| p.at_ms), Some(4_999.0 * 2_000.0));
    let drops = timeline.points.windows(2).filter(|w| matches!(w, [a, b] if b.rows < a.rows)).count();
    assert_eq!(drops, 1, "the restart survives thinning");
    // Evenly thinned: old points are not thinned away more than new ones.
    let mut gaps: Vec<f64> = timeline.points.windows(2).map(|w| w[1].at_ms - w[0].at_ms).collect();
    gaps.sort_by(f64::total_cmp);
    let (median, max) = (gaps[gaps.len() / 2], gaps[gaps.len() - 1]);
    assert!(max <= median * 2.0, "gaps up to {max} ms, median {median} ms");
}
