//! The throughput and progress chart's data: rows per second between polls and progress over
//! time, with the phases as bands, and the SVG paths that draw them in a box of any size.

use super::{PhaseSpan, Timeline};
use crate::job::Activity;

/// The span a rate is measured over.
pub const RATE_WINDOW_MS: f64 = 10_000.0;

/// One point of the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    pub at_ms: f64,
    pub progress: u8,
    pub rows: Option<u64>,
    /// Rows per second over the [`RATE_WINDOW_MS`] before this point, within the writing phase
    /// it is in; `None` outside that phase (rows are written only there), for its first point,
    /// where rows are unknown, and at a restart.
    pub rows_per_sec: Option<f64>,
    /// Where the rate is drawn: the middle of the window it was measured over, which is where
    /// those rows were written (the window's end would draw a phase's rate after it ended).
    pub rate_at_ms: f64,
    /// The rows went down since the previous point: the server restarted a task.
    pub restart: bool,
}

/// The chart's series and its time axis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartSeries {
    pub points: Vec<ChartPoint>,
    pub start_ms: f64,
    pub end_ms: f64,
    /// The highest rate, for the right-hand axis (0 when none is known).
    pub max_rate: f64,
    pub bands: Vec<PhaseSpan>,
}

/// The chart's series from a timeline, with `bands` (see `phase_summary`) on its time axis.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::timeline::{chart_series, Timeline};
/// use milvus_import_monitor::job::BandTable;
/// let mut timeline = Timeline::default();
/// for (t, rows) in [(0.0, 0), (10_000.0, 50_000), (20_000.0, 150_000)] { // every 10 s
///     let job = ImportJob { state: JobState::Importing, progress: 50, imported_rows: Some(rows), ..Default::default() };
///     timeline.observe(&job, BandTable::Modern, t);
/// }
/// let series = chart_series(&timeline, Vec::new());
/// assert_eq!(series.points.iter().map(|p| p.rows_per_sec).collect::<Vec<_>>(), [None, Some(5_000.0), Some(10_000.0)]);
/// assert_eq!(series.max_rate, 10_000.0);
/// ```
pub fn chart_series(timeline: &Timeline, bands: Vec<PhaseSpan>) -> ChartSeries {
    let mut points: Vec<ChartPoint> = Vec::with_capacity(timeline.points.len());
    // Where the rate's window may start: past the last restart, and within this writing phase.
    let mut since = 0;
    let mut writing_since: Option<usize> = None;
    for (index, point) in timeline.points.iter().enumerate() {
        let before = index.checked_sub(1).and_then(|i| timeline.points.get(i));
        let restart = matches!((before.and_then(|b| b.rows), point.rows), (Some(b), Some(now)) if now < b);
        if restart {
            since = index;
        }
        let writing = phase_at(timeline, point.at_ms) == Some(Activity::WritingRows);
        writing_since = if writing { writing_since.or(Some(index)) } else { None };
        let from = since.max(writing_since.unwrap_or(index));
        let window = if restart || !writing { None } else { window_rate(timeline.points.get(from..index).unwrap_or_default(), point) };
        points.push(ChartPoint {
            at_ms: point.at_ms,
            progress: point.progress,
            rows: point.rows,
            rows_per_sec: window.map(|(_, rate)| rate),
            rate_at_ms: window.map_or(point.at_ms, |(start_ms, _)| (start_ms + point.at_ms) / 2.0),
            restart,
        });
    }
    let first = points.first().map(|p| p.at_ms);
    let start_ms = bands.first().map(|b| b.start_ms).into_iter().chain(first).fold(f64::INFINITY, f64::min);
    let end_ms = bands.last().map(|b| b.end_ms).into_iter().chain(points.last().map(|p| p.at_ms)).fold(f64::NEG_INFINITY, f64::max);
    let max_rate = points.iter().filter_map(|p| p.rows_per_sec).fold(0.0, f64::max);
    if points.is_empty() && bands.is_empty() {
        return ChartSeries::default();
    }
    ChartSeries { points, start_ms, end_ms, max_rate, bands }
}

impl ChartSeries {
    /// Where `at_ms` falls across a box `width` wide.
    pub fn x(&self, at_ms: f64, width: f64) -> f64 {
        let span = self.end_ms - self.start_ms;
        if span > 0.0 {
            ((at_ms - self.start_ms) / span * width).clamp(0.0, width)
        } else {
            width
        }
    }

    /// The progress line (0–100 % bottom to top) in a `width` × `height` box.
    pub fn progress_path(&self, width: f64, height: f64) -> String {
        path(self.points.iter().map(|p| Some((self.x(p.at_ms, width), height * (1.0 - f64::from(p.progress.min(100)) / 100.0)))))
    }

    /// The rate line, scaled to [`ChartSeries::max_rate`]; broken where the rate is unknown.
    pub fn rate_path(&self, width: f64, height: f64) -> String {
        if self.max_rate <= 0.0 {
            return String::new();
        }
        path(self.points.iter().map(|p| p.rows_per_sec.map(|rate| (self.x(p.rate_at_ms, width), height * (1.0 - rate / self.max_rate)))))
    }

    /// The point nearest to `fraction` (0–1) of the time axis: what a pointer there reads.
    pub fn nearest(&self, fraction: f64) -> Option<usize> {
        let at = self.start_ms + fraction.clamp(0.0, 1.0) * (self.end_ms - self.start_ms);
        self.points
            .iter()
            .enumerate()
            .fold(None, |best: Option<(usize, f64)>, (i, p)| {
                let distance = (p.at_ms - at).abs();
                match best {
                    Some((_, d)) if d <= distance => best,
                    _ => Some((i, distance)),
                }
            })
            .map(|(i, _)| i)
    }
}

/// The phase the page had seen the job in at `at_ms`.
fn phase_at(timeline: &Timeline, at_ms: f64) -> Option<Activity> {
    timeline.phases.iter().rev().find(|mark| mark.at_ms <= at_ms).map(|mark| mark.phase)
}

/// Rows per second into `point` over the last [`RATE_WINDOW_MS`] of `earlier` (or all of it),
/// with where that window starts: a server recomputes its figures every ~2 s, so a rate between
/// two polls a second apart swings between 0 and twice the truth.
fn window_rate(earlier: &[super::Point], point: &super::Point) -> Option<(f64, f64)> {
    let now = point.rows?;
    let from = point.at_ms - RATE_WINDOW_MS;
    let (start_ms, before) = match earlier.iter().rposition(|p| p.at_ms <= from) {
        Some(k) => {
            let start = earlier.get(k)?;
            let next = earlier.get(k + 1).unwrap_or(point);
            // A flat run keeps only its ends; inside it the rows are known exactly.
            if next.rows == start.rows {
                (from, start.rows?)
            } else {
                (start.at_ms, start.rows?)
            }
        }
        None => {
            let first = earlier.first()?;
            (first.at_ms, first.rows?)
        }
    };
    let span = point.at_ms - start_ms;
    (span > 0.0).then(|| (start_ms, now.saturating_sub(before) as f64 * 1000.0 / span))
}

/// An SVG path through the points, lifting the pen at each `None`.
fn path(points: impl Iterator<Item = Option<(f64, f64)>>) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for point in points {
        match point {
            Some((x, y)) => {
                d.push_str(&format!("{}{:.1} {:.1}", if pen_down { "L" } else { "M" }, x, y));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}
