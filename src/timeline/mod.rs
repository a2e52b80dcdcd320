//! Time made visible: what the page records of a job across its polls (progress, rows, the
//! phase and when each began, when each file group was first seen in progress), kept with the
//! job's copy in this browser so a reopened job shows its curve; and what is drawn from it:
//! where the time went (`phases`), the throughput and progress series (`chart`) and the file
//! timeline (`files`). Pure Rust, tested natively; the views only lay out what these decide.
//!
//! Times here are this page's clock when an answer arrived (observed, to within a poll). A job's
//! creation (its ID or `createTime`) and a file's `completeTime` are the server's: each is put
//! on the page's clock ([`Timeline::clock`], see `crate::job::clock`) before it is drawn or
//! subtracted.

mod chart;
mod files;
pub mod phases;

pub use chart::{chart_series, ChartPoint, ChartSeries};
pub use files::{file_timeline, FileBar, FileTimeline};
pub use phases::{phase_summary, PhaseSpan, PhaseSummary};

use crate::job::{activity, Activity, BandTable, ServerClock};
use crate::model::{FileState, ImportJob};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Points kept at most: past it every other point is dropped, so an hour polled every 2 s
/// still draws at better than 10 s resolution and stores in ~20 KB.
pub const MAX_POINTS: usize = 360;

/// One poll's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub at_ms: f64,
    pub progress: u8,
    /// `None` where the server reports no rows (Zilliz Cloud): unknown, not 0.
    pub rows: Option<u64>,
}

/// When the page first saw the job in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseMark {
    pub phase: Activity,
    pub at_ms: f64,
}

/// A job's recorded history.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::timeline::Timeline;
/// use milvus_import_monitor::job::{Activity, BandTable};
/// let mut timeline = Timeline::default();
/// for (t, progress) in [(0.0, 5), (2_000.0, 25), (4_000.0, 50)] {
///     let job = ImportJob { state: JobState::Importing, progress, ..Default::default() };
///     timeline.observe(&job, BandTable::Modern, t);
/// }
/// assert_eq!(timeline.points.len(), 3);
/// assert_eq!(timeline.phases.iter().map(|m| m.phase).collect::<Vec<_>>(), [Activity::Queued, Activity::ScanningFiles, Activity::WritingRows]);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Timeline {
    pub points: Vec<Point>,
    pub phases: Vec<PhaseMark>,
    /// When each file group (by `fileName`) was first seen in progress.
    #[serde(default)]
    pub file_starts: HashMap<String, f64>,
    /// The closest two points may be: doubled at each thinning, so new points come at the
    /// resolution the old ones were thinned to.
    #[serde(default)]
    pub spacing_ms: f64,
    /// The server's clock against this page's when the record was made: server times (a job's
    /// creation, `completeTime`) are put on the page's clock with it before they are drawn.
    #[serde(default)]
    pub clock: ServerClock,
}

impl Timeline {
    /// Takes one good answer.
    pub fn observe(&mut self, job: &ImportJob, table: BandTable, at_ms: f64) {
        if self.points.last().is_some_and(|last| at_ms < last.at_ms) {
            return;
        }
        let phase = activity(job, table);
        if self.phases.last().is_none_or(|mark| mark.phase != phase) {
            self.phases.push(PhaseMark { phase, at_ms });
        }
        let point = Point { at_ms, progress: job.progress, rows: job.imported_rows };
        let spacing = self.spacing_ms;
        match self.points.as_mut_slice() {
            // A flat run keeps its first and last point only: a plateau costs two.
            [.., a, b] if same_figures(a, b) && same_figures(b, &point) => *b = point,
            // Closer than the spacing: the newer replaces the last, unless either is a restart.
            [.., a, b] if at_ms - a.at_ms < spacing && !went_down(a, b) && !went_down(b, &point) => *b = point,
            _ => self.points.push(point),
        }
        if self.points.len() > MAX_POINTS {
            self.thin();
        }
        for file in &job.details {
            if file.state == FileState::InProgress && !self.file_starts.contains_key(&file.file_name) {
                self.file_starts.insert(file.file_name.clone(), at_ms);
            }
        }
    }

    /// Drops every other point but the first and the last; a point whose rows went down (a
    /// restarted task) stays, so the restart is still drawn.
    fn thin(&mut self) {
        let span = self.points.last().map_or(0.0, |p| p.at_ms) - self.points.first().map_or(0.0, |p| p.at_ms);
        self.spacing_ms = (self.spacing_ms * 2.0).max(span / (MAX_POINTS / 2) as f64);
        let last = self.points.len().saturating_sub(1);
        let mut previous_rows = None;
        let mut index = 0;
        self.points.retain(|p| {
            let restart = matches!((previous_rows, p.rows), (Some(before), Some(now)) if now < before);
            previous_rows = p.rows.or(previous_rows);
            let keep = index == 0 || index == last || index % 2 == 0 || restart;
            index += 1;
            keep
        });
    }

    /// Adds what an older record of the same job (kept in this browser) saw before this one
    /// began.
    ///
    /// ```
    /// use milvus_import_monitor::model::{ImportJob, JobState};
    /// use milvus_import_monitor::timeline::Timeline;
    /// use milvus_import_monitor::job::BandTable;
    /// let job = |progress| ImportJob { state: JobState::Importing, progress, ..Default::default() };
    /// let mut kept = Timeline::default();
    /// kept.observe(&job(20), BandTable::Modern, 0.0);
    /// let mut now = Timeline::default();
    /// now.observe(&job(60), BandTable::Modern, 60_000.0);
    /// now.merge_older(&kept);
    /// assert_eq!(now.points.iter().map(|p| p.progress).collect::<Vec<_>>(), [20, 60]);
    /// assert_eq!(now.phases.len(), 2);
    /// ```
    pub fn merge_older(&mut self, older: &Timeline) {
        let since = self.points.first().map_or(f64::INFINITY, |p| p.at_ms);
        let mut points: Vec<Point> = older.points.iter().copied().filter(|p| p.at_ms < since).collect();
        points.append(&mut self.points);
        self.points = points;
        let mut phases: Vec<PhaseMark> = older.phases.iter().copied().filter(|m| m.at_ms < since).collect();
        for mark in self.phases.drain(..) {
            if phases.last().is_none_or(|last| last.phase != mark.phase) {
                phases.push(mark);
            }
        }
        self.phases = phases;
        if self.clock == ServerClock::default() {
            self.clock = older.clock;
        }
        for (name, at) in &older.file_starts {
            let start = self.file_starts.entry(name.clone()).or_insert(*at);
            *start = start.min(*at);
        }
        while self.points.len() > MAX_POINTS {
            self.thin();
        }
    }
}

/// The rows went down from `a` to `b`: a task restarted.
fn went_down(a: &Point, b: &Point) -> bool {
    matches!((a.rows, b.rows), (Some(before), Some(now)) if now < before)
}

fn same_figures(a: &Point, b: &Point) -> bool {
    a.progress == b.progress && a.rows == b.rows
}
