//! One clock: a job followed poll by poll while the server's clock is 5 minutes ahead, or
//! behind, draws the same file timeline, the same phases and the same durations as with no
//! offset, to within one poll; and the offset is said. The server writes its times as a real one
//! does (job ID in milliseconds, `completeTime` to the second); the page observes each answer
//! when it was sent and when it arrived.

use milvus_import_monitor::format::rfc3339_utc;
use milvus_import_monitor::job::{BandTable, ServerClock, Tracker};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::timeline::{file_timeline, phase_summary, Timeline};
use std::rc::Rc;

/// Real time (ms) of the job's creation.
const T0: f64 = 1_764_000_000_000.0;
const POLL_MS: f64 = 2_000.0;
const LATENCY_MS: f64 = 40.0;
const GROUPS: usize = 12;
const SLOTS: usize = 4;
const QUEUED_S: f64 = 6.0;
const PREIMPORT_S: f64 = 4.0;
const WAVE_S: f64 = 10.0;
const SORT_S: f64 = 6.0;
const INDEX_S: f64 = 12.0;

fn writing_ends() -> f64 {
    QUEUED_S + PREIMPORT_S + WAVE_S * (GROUPS / SLOTS) as f64
}

/// What the server answers at real time `t` (ms), its clock `offset_ms` ahead.
fn answer(t: f64, offset_ms: f64) -> ImportJob {
    let age = (t - T0) / 1000.0;
    let server = |age_s: f64| rfc3339_utc(((T0 + age_s * 1000.0 + offset_ms) / 1000.0).floor() * 1000.0);
    let job_id = ((((T0 + offset_ms) as i64) << 18) + 11).to_string();
    let done = writing_ends() + SORT_S + INDEX_S;
    let (state, progress) = match age {
        a if a < QUEUED_S => (JobState::Pending, 5),
        a if a < QUEUED_S + PREIMPORT_S => (JobState::Importing, 20),
        a if a < writing_ends() => (JobState::Importing, 55),
        a if a < writing_ends() + SORT_S => (JobState::Importing, 75),
        a if a < done => (JobState::Importing, 85),
        _ => (JobState::Completed, 100),
    };
    let details = if age < QUEUED_S + PREIMPORT_S {
        Vec::new()
    } else {
        (0..GROUPS)
            .map(|g| {
                let starts = QUEUED_S + PREIMPORT_S + WAVE_S * (g / SLOTS) as f64;
                let ends = starts + WAVE_S;
                let (state, complete_time) = match age {
                    a if a < starts => (FileState::Pending, None),
                    a if a < ends => (FileState::InProgress, None),
                    _ => (FileState::Completed, Some(server(ends))),
                };
                Rc::new(FileTask { file_name: format!("[imports/part-{g:04}.parquet]"), state, complete_time, ..FileTask::default() })
            })
            .collect()
    };
    let complete_time = (state == JobState::Completed).then(|| server(done));
    ImportJob { job_id, state, progress, details, complete_time, imported_rows: Some(0), total_rows: 1_000, ..ImportJob::default() }
}

struct Seen {
    tracker: Tracker,
    timeline: Timeline,
    last: ImportJob,
    now: f64,
}

/// Follows the job as the page does: a poll every 2 s from 1 s after creation until Completed.
fn follow(offset_ms: f64) -> Seen {
    let (mut tracker, mut timeline) = (Tracker::default(), Timeline::default());
    let mut sent = T0 + 1_000.0;
    loop {
        let at = sent + LATENCY_MS;
        // The server computes its answer halfway through the request.
        let job = answer(sent + LATENCY_MS / 2.0, offset_ms);
        tracker.observe_sent(&job, BandTable::Modern, sent, at);
        timeline.observe(&job, BandTable::Modern, at);
        timeline.clock = tracker.clock();
        if job.state == JobState::Completed {
            return Seen { tracker, timeline, last: job, now: at };
        }
        sent += POLL_MS;
    }
}

fn close(a: f64, b: f64, what: &str, offset: f64) {
    assert!((a - b).abs() <= POLL_MS, "{what} with the server {offset} ms ahead: {a} vs {b} without an offset");
}

#[test]
fn with_the_server_clock_off_by_five_minutes_every_figure_is_the_same_to_within_a_poll() {
    let base = follow(0.0);
    let base_files = file_timeline(&base.last, &base.timeline, base.now);
    let base_phases = phase_summary(&base.timeline, &base.last, base.now);
    let base_took = base.tracker.elapsed(&base.last, base.now).ms().unwrap();
    assert!(base.timeline.clock.sentence().is_none(), "no offset, nothing said: {:?}", base.timeline.clock);
    for offset in [300_000.0, -300_000.0] {
        let seen = follow(offset);
        let clock = seen.timeline.clock;
        assert!((clock.ahead_ms() - offset).abs() <= POLL_MS, "estimated {} for {offset}", clock.ahead_ms());
        let said = clock.sentence().unwrap_or_default();
        let direction = if offset > 0.0 { "ahead of" } else { "behind" };
        assert_eq!(
            said,
            format!(
                "The server's clock is {} {direction} this computer's.",
                milvus_import_monitor::format::human_duration(clock.ahead_ms().abs())
            )
        );
        assert!(said.contains("5 min"), "{said}");

        let files = file_timeline(&seen.last, &seen.timeline, seen.now);
        assert_eq!(files.bars.len(), base_files.bars.len());
        for (bar, base_bar) in files.bars.iter().zip(&base_files.bars) {
            assert_eq!(bar.label, base_bar.label);
            close(bar.start_ms.unwrap(), base_bar.start_ms.unwrap(), &format!("{} start", bar.label), offset);
            close(bar.end_ms.unwrap(), base_bar.end_ms.unwrap(), &format!("{} end", bar.label), offset);
        }
        let phases = phase_summary(&seen.timeline, &seen.last, seen.now);
        assert_eq!(phases.spans.len(), base_phases.spans.len());
        for (span, base_span) in phases.spans.iter().zip(&base_phases.spans) {
            close(span.duration_ms(), base_span.duration_ms(), &format!("{:?}", span.phase), offset);
        }
        close(seen.tracker.elapsed(&seen.last, seen.now).ms().unwrap(), base_took, "Took", offset);
    }
}

#[test]
fn every_group_ends_before_sorting_begins_as_the_server_says() {
    // The bug this clock fixes: with the server's clock ahead, the last wave was drawn inside
    // the index band (a completeTime on the server's clock against bands on the page's).
    for offset in [0.0, 300_000.0, -300_000.0] {
        let seen = follow(offset);
        let files = file_timeline(&seen.last, &seen.timeline, seen.now);
        let phases = phase_summary(&seen.timeline, &seen.last, seen.now);
        let sorting = phases.spans.iter().find(|s| s.phase == milvus_import_monitor::job::Activity::Sorting).unwrap();
        for bar in &files.bars {
            assert!(
                bar.end_ms.unwrap() <= sorting.start_ms + POLL_MS,
                "{offset}: {} ends at {} after sorting began at {}",
                bar.label,
                bar.end_ms.unwrap(),
                sorting.start_ms
            );
            assert!(bar.end_ms.unwrap() >= bar.start_ms.unwrap());
        }
        // Queued: from the job's creation (its ID, on the server's clock) to scanning.
        let queued = phases.spans.first().unwrap();
        assert!((queued.duration_ms() - QUEUED_S * 1000.0).abs() <= POLL_MS, "{offset}: queued {}", queued.duration_ms());
    }
}

#[test]
fn bounds_that_cross_mean_the_clock_was_set_and_the_newest_wins() {
    let mut clock = ServerClock::default();
    clock.seen(10_000.0, 0.0);
    clock.not_before(12_000.0, 0.0);
    assert!((clock.ahead_ms() - 11_000.0).abs() < 1.0);
    // The server's clock was set back by an hour: a new upper bound below the old lower one.
    clock.not_before(-3_590_000.0, 0.0);
    assert_eq!(clock.at_least_ms, None);
    assert!(clock.ahead_ms() <= -3_590_000.0);
    // A lone lower bound far in the past (an old job's creation) is no evidence of a slow
    // clock: nothing is corrected and nothing said.
    let mut old = ServerClock::default();
    old.seen(0.0, 7_200_000.0);
    assert_eq!((old.ahead_ms(), old.sentence()), (0.0, None));
}

#[test]
fn a_job_this_page_created_pins_the_clock_at_once() {
    // The create was sent at 10 s and answered at 10.2 s (page); its ID says 310.1 s (server).
    let id = (((310_100_i64) << 18) + 5).to_string();
    let mut tracker = Tracker::default();
    tracker.created_here(&id, 10_000.0, 10_200.0);
    let clock = tracker.clock();
    assert!(clock.ahead_ms() > 299_900.0 && clock.ahead_ms() < 300_101.0, "{clock:?}");
    // Behind: pinned too, before any file completes.
    let behind = (((10_100_i64) << 18) + 5).to_string();
    let mut tracker = Tracker::default();
    tracker.created_here(&behind, 310_000.0, 310_200.0);
    assert!(tracker.clock().sentence().is_some_and(|s| s.contains("behind")), "{:?}", tracker.clock());
}

#[test]
fn a_new_job_on_a_server_whose_clock_is_behind_is_still_in_its_create_grace() {
    use milvus_import_monitor::client::ProgressRoute;
    use milvus_import_monitor::state::{Followed, PollAnswer, Reading, RequestState};
    use milvus_import_monitor::ApiError;
    // Created here (page time `now`) on a server 10 minutes behind.
    let now = T0;
    let id = ((((now - 600_000.0) as i64) << 18) + 3).to_string();
    let answer = |tracker: &mut Tracker| {
        let (mut route, mut request) = (Some(ProgressRoute::Describe), RequestState::Loading { id: 1 });
        let followed = Followed { job_id: &id, answered_before: false, route: &mut route, tracker, request: &mut request };
        let gone = ApiError::JobNotFound { code: 2100, message: "does not exist".into(), job_id: id.clone() };
        followed.take(PollAnswer { id: 1, result: Err(gone), route: None, sent_ms: now + 1_000.0, at_ms: now + 1_050.0, jitter: 0.5 })
    };
    let mut pinned = Tracker::default();
    pinned.created_here(&id, now - 40.0, now);
    assert!(matches!(answer(&mut pinned), Reading::NotYetRegistered(_)), "2.6 registers jobs late: queued, not gone");
    // Without the create's bounds the ID looks ten minutes old: gone, as before.
    assert!(matches!(answer(&mut Tracker::default()), Reading::Failed(_)));
}
