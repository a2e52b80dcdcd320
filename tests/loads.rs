//! Kept jobs as loads, natively on fixed timelines: each load's duration, rows per second and
//! time per phase; a collection's trend against the median of its last five loads, with the
//! phase that grew; two loads compared with the differences in words; unknown stays unknown.

use milvus_import_monitor::history::loads::{compare, median, trend, AgainstMedian, Load, Phase};
use milvus_import_monitor::job::BandTable;
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::timeline::Timeline;
use std::rc::Rc;

const T: f64 = 1_764_000_000_000.0;
const MIN: f64 = 60_000.0;

/// A job ID created at `ms` (`id >> 18` is the creation in ms).
fn id_at(ms: f64) -> String {
    ((ms as i64) << 18).to_string()
}

fn rfc3339(ms: f64) -> String {
    milvus_import_monitor::format::rfc3339_utc(ms)
}

/// A completed load created at `start`, seen by this page through each phase for the given
/// minutes (queued, scanning, writing, index), with `rows` rows and `files` file groups of
/// which `failed` failed.
fn load(collection: &str, start: f64, minutes: [f64; 4], rows: u64, files: usize, failed: usize) -> (ImportJob, Timeline) {
    let [queued, scanning, writing, index] = minutes;
    let end = start + (queued + scanning + writing + index) * MIN;
    let details: Vec<Rc<FileTask>> = (0..files)
        .map(|n| {
            Rc::new(FileTask {
                file_name: format!("f{n}.parquet"),
                state: if n < failed { FileState::Failed } else { FileState::Completed },
                ..FileTask::default()
            })
        })
        .collect();
    let job = |state, progress, details: Vec<Rc<FileTask>>| ImportJob {
        job_id: id_at(start),
        collection_name: collection.into(),
        state,
        progress,
        total_rows: rows,
        details,
        ..ImportJob::default()
    };
    let mut timeline = Timeline::default();
    let running =
        |n: usize| details.iter().take(n).map(|f| Rc::new(FileTask { state: FileState::InProgress, ..(**f).clone() })).collect::<Vec<_>>();
    let steps = [
        (start, job(JobState::Pending, 0, vec![])),
        (start + queued * MIN, job(JobState::Importing, 20, vec![])),
        (start + (queued + scanning) * MIN, job(JobState::Importing, 50, running(files))),
        (start + (queued + scanning + writing) * MIN, job(JobState::Importing, 85, details.clone())),
    ];
    for (at, answer) in steps {
        timeline.observe(&answer, BandTable::Modern, at);
    }
    let done = ImportJob {
        state: JobState::Completed,
        progress: 100,
        create_time: Some(rfc3339(start)),
        complete_time: Some(rfc3339(end)),
        ..job(JobState::Completed, 100, details.clone())
    };
    timeline.observe(&done, BandTable::Modern, end);
    (done, timeline)
}

fn of((job, timeline): &(ImportJob, Timeline)) -> Load {
    Load::of("http://m:19530", job, Some(timeline))
}

#[test]
fn a_load_s_duration_rows_per_second_and_time_per_phase() {
    let l = of(&load("books", T, [2.0, 6.0, 31.0, 24.0], 3_780_000, 4, 0));
    assert_eq!(l.duration_ms, Some(63.0 * MIN));
    assert_eq!(l.rows_per_sec, Some(1_000.0));
    assert_eq!(l.phase_ms(Phase::Queued), Some(2.0 * MIN));
    assert_eq!(l.phase_ms(Phase::Scanning), Some(6.0 * MIN));
    assert_eq!(l.phase_ms(Phase::Writing), Some(31.0 * MIN));
    assert_eq!(l.phase_ms(Phase::Index), Some(24.0 * MIN));
    assert_eq!(l.phase_ms(Phase::Commit), None, "never seen: unknown, not 0");
    assert_eq!((l.files, l.failed_files), (Some(4), Some(0)));
    // A failed load has no rows (a failure keeps none) and its failures counted.
    let (mut failed, timeline) = load("books", T, [1.0, 1.0, 1.0, 0.0], 1000, 3, 2);
    failed.state = JobState::Failed;
    let f = Load::of("http://m:19530", &failed, Some(&timeline));
    assert_eq!((f.rows, f.rows_per_sec, f.failed_files), (None, None, Some(2)));
    // Zilliz Cloud counts no rows: unknown rows per second.
    let (mut cloud, _) = load("books", T, [1.0, 1.0, 1.0, 1.0], 0, 1, 0);
    cloud.job_id = "job-01".into();
    let c = Load::of("https://in01.cloud", &cloud, None);
    assert_eq!((c.rows, c.rows_per_sec), (None, None));
    assert_eq!(c.duration_ms, Some(4.0 * MIN), "from createTime and completeTime");
}

#[test]
fn median_of_known_values_only() {
    assert_eq!(median([Some(3.0), None, Some(1.0), Some(2.0)]), Some(2.0));
    assert_eq!(median([Some(4.0), Some(1.0), Some(2.0), Some(3.0)]), Some(2.5));
    assert_eq!(median([None, None]), None);
}

#[test]
fn the_newest_load_against_the_median_of_the_last_five() {
    // Six earlier loads into book_embeddings (the first is out of the window), one elsewhere.
    let mut kept: Vec<(ImportJob, Timeline)> = [9.0, 8.0, 9.0, 10.0, 9.0, 9.0]
        .iter()
        .enumerate()
        .map(|(n, index)| load("book_embeddings", T + n as f64 * 100.0 * MIN, [1.0, 2.0, 30.0, *index], 1_000_000, 2, 0))
        .collect();
    kept.insert(0, load("book_embeddings", T - 1000.0 * MIN, [1.0, 2.0, 300.0, 90.0], 1_000_000, 2, 0));
    kept.push(load("movies", T + 50.0 * MIN, [1.0, 1.0, 1.0, 1.0], 10, 1, 0));
    // The newest: its index phase took 23 min.
    kept.push(load("book_embeddings", T + 900.0 * MIN, [1.0, 2.0, 30.0, 23.0], 1_000_000, 2, 0));
    let loads: Vec<Load> = kept.iter().map(of).collect();
    let points = trend(&loads, "http://m:19530", "book_embeddings");
    assert_eq!(points.len(), 8);
    assert!(points.windows(2).all(|w| w[0].created_ms <= w[1].created_ms), "oldest first");
    let against = AgainstMedian::of(&points).unwrap();
    assert_eq!(against.of, 5);
    assert_eq!(against.median_ms, 42.0 * MIN, "1 + 2 + 30 + 9 min");
    assert_eq!(against.duration_ms, 56.0 * MIN);
    assert_eq!(against.phase, Some((Phase::Index, 9.0 * MIN, 23.0 * MIN)));
    assert_eq!(
        against.sentence("book_embeddings"),
        "This load took 33 % longer than the median of the last 5 into book_embeddings: the index phase grew from 9 min 00 s to 23 min 00 s."
    );
    // A failed earlier load is not in the median; one earlier load is "the last load".
    let two = [&loads[1], &loads[2]];
    assert_eq!(
        AgainstMedian::of(&two).unwrap().sentence("book_embeddings"),
        "This load took 2 % less time than the last load into book_embeddings: the index phase shrank from 9 min 00 s to 8 min 00 s."
    );
    assert_eq!(AgainstMedian::of(&points[..1]), None, "nothing to compare with");
    let failed = Load { state: JobState::Failed, ..loads[loads.len() - 1].clone() };
    let mut with_failure: Vec<&Load> = points[..7].to_vec();
    with_failure.push(&failed);
    assert_eq!(AgainstMedian::of(&with_failure), None, "a failure's time is not a duration");
}

#[test]
fn two_loads_side_by_side_with_the_differences_in_words() {
    let a = of(&load("book_embeddings", T, [1.0, 2.0, 30.0, 9.0], 2_520_000, 4, 0));
    let b = of(&load("book_embeddings", T + 600.0 * MIN, [1.0, 2.0, 30.0, 23.0], 2_520_000, 4, 0));
    let comparison = compare(&a, &b);
    let row = |what: &str| comparison.rows.iter().find(|r| r.what == what).map(|r| (r.a, r.b)).unwrap();
    assert_eq!(row("duration"), (Some(42.0 * MIN), Some(56.0 * MIN)));
    assert_eq!(row("index"), (Some(9.0 * MIN), Some(23.0 * MIN)));
    assert_eq!(row("commit"), (None, None));
    assert_eq!(row("failed file groups"), (Some(0.0), Some(0.0)));
    assert_eq!(
        comparison.sentences,
        [
            "The second load took 33 % longer (56 min 00 s against 42 min 00 s); the index phase differs most: 23 min 00 s against 9 min 00 s.",
            "The second load wrote 25 % fewer rows per second (750 against 1000).",
        ]
    );
    // A failed load: its time said as until it failed, no rows per second, its failures said.
    let (mut failed, timeline) = load("book_embeddings", T + 900.0 * MIN, [1.0, 2.0, 5.0, 0.0], 0, 6, 2);
    failed.state = JobState::Failed;
    failed.complete_time = None;
    let c = Load::of("http://m:19530", &failed, Some(&timeline));
    assert_eq!(
        compare(&a, &c).sentences,
        [
            "The first load took 42 min 00 s; the second failed after 8 min 00 s.",
            "File groups: 4 in the first, 6 in the second.",
            "Failed file groups: 0 in the first, 2 in the second.",
        ],
        "a failed load's time is not a duration to compare"
    );
    let same = compare(&a, &a);
    assert_eq!(same.sentences, ["Both loads took about as long."]);
}
