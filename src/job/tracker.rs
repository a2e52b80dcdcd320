//! What the monitor learns across polls of one job: rates, a damped ETA, how long it has run
//! (or took, or when a failure happened, as far as anyone knows), and when a quiet spell is a
//! stall worth a hint.

use super::activity::{activity, created_ms, Activity, BandTable};
use super::clock::ServerClock;
use crate::format::parse_rfc3339_ms;
use crate::model::{ImportJob, JobState};

/// `completeTime` has second precision: the event happened within the second it names.
const SECOND_MS: f64 = 1_000.0;

/// How long a hint waits before calling a job stalled, by default.
pub const DEFAULT_STALL_MS: f64 = 5.0 * 60_000.0;

/// How long an index build may take, per million rows, before a silent index phase earns a
/// stall hint: 30 minutes, i.e. about 560 rows/s. HNSW builds 768-dimensional vectors at
/// thousands of rows a second per index node and DiskANN at several hundred, so a healthy
/// cluster stays well inside it; Milvus before 2.4.13 shows nothing at all meanwhile (70 %).
pub const INDEX_MS_PER_MILLION_ROWS: f64 = 30.0 * 60_000.0;

/// How long nothing may change before a hint, for what the job is doing: the user's threshold,
/// or for an index build as long as one of that many rows may take (whichever is longer).
///
/// ```
/// use milvus_import_monitor::job::{stall_threshold_ms, Activity, DEFAULT_STALL_MS};
/// assert_eq!(stall_threshold_ms(Activity::WritingRows, 10_000_000, DEFAULT_STALL_MS), DEFAULT_STALL_MS);
/// // Ten million rows: 5 hours of index building is still plausible.
/// assert_eq!(stall_threshold_ms(Activity::BuildingIndex, 10_000_000, DEFAULT_STALL_MS), 5.0 * 3_600_000.0);
/// assert_eq!(stall_threshold_ms(Activity::BuildingIndex, 1_000, DEFAULT_STALL_MS), DEFAULT_STALL_MS);
/// ```
pub fn stall_threshold_ms(activity: Activity, total_rows: u64, user_ms: f64) -> f64 {
    match activity {
        Activity::BuildingIndex => user_ms.max(total_rows as f64 / 1e6 * INDEX_MS_PER_MILLION_ROWS),
        _ => user_ms,
    }
}
/// The sliding window over which rates are measured.
pub const RATE_WINDOW_MS: f64 = 60_000.0;
/// The closest two samples of the window may be: the newest answer of each second replaces the
/// one before it, so polling fast (or a long window) never grows the window past ~60 samples.
const SAMPLE_SPACING_MS: f64 = 1_000.0;
/// How much of a new ETA is taken at each poll (the rest is the previous one, aged).
const ETA_SMOOTHING: f64 = 0.3;

/// Rows and bytes per second over the sliding window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub rows_per_sec: f64,
    pub bytes_per_sec: f64,
}

/// One poll's figures, as the tracker keeps them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sample {
    at_ms: f64,
    rows: u64,
    bytes: f64,
}

/// Why a job may be stalled, for the phase it is stuck in.
///
/// ```
/// use milvus_import_monitor::job::{stall_causes, Activity};
/// assert!(stall_causes(Activity::BuildingIndex).contains("index"));
/// ```
pub fn stall_causes(activity: Activity) -> &'static str {
    match activity {
        Activity::Queued => "Other imports hold the server's import slots (dataCoord.import.maxImportJobNum jobs at once; DataNode slots, dataNode.slot.slotCap, shared with compaction); look at the job list for jobs still running.",
        Activity::ScanningFiles | Activity::WritingRows => "Data nodes may be busy or unable to read the files (object storage credentials, network), or the task is wedged; check the DataNode logs and its import concurrency (dataNode.import.concurrencyPerCPUCore from 2.5).",
        Activity::Sorting => "Sorting on a big collection can take a long time without visible progress; check the DataCoord logs and the compaction load before suspecting a wedged job.",
        Activity::BuildingIndex => "Index building on a big collection can take a long time without visible progress; check the index nodes' load and the DataCoord logs. A change to the collection's schema during the import (a field or function added) can wedge this phase (milvus#52154): servers with the fix refuse it (code 112) until the import is final.",
        Activity::WaitingForCommit => "The job waits for someone to call commit.",
        Activity::Committing => "The commit is taking long; check the DataCoord logs.",
        Activity::Completed | Activity::Failed | Activity::Aborted | Activity::Unknown => {
            "Nothing has changed on the server side; check its logs."
        }
    }
}

/// What the monitor learns across polls of one job: when it was first seen, how fast rows
/// arrive, a damped ETA, and when anything last changed.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::{BandTable, Tracker};
/// let mut tracker = Tracker::default();
/// for (t, rows) in [(0.0, 0), (10_000.0, 100_000), (20_000.0, 200_000)] {
///     let job = ImportJob { state: JobState::Importing, progress: 50, imported_rows: Some(rows), total_rows: 1_000_000, ..Default::default() };
///     tracker.observe(&job, BandTable::Modern, t);
/// }
/// assert_eq!(tracker.rates().map(|r| r.rows_per_sec.round()), Some(10_000.0));
/// assert!(tracker.eta_ms(20_000.0).is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tracker {
    first_seen_ms: Option<f64>,
    samples: Vec<Sample>,
    fingerprint: Option<u64>,
    last_change_ms: f64,
    /// The damped ETA and when it was computed.
    eta: Option<(f64, f64)>,
    writing: bool,
    finished_ms: Option<f64>,
    /// The last time this page saw the job not final: with `finished_ms`, what bounds a
    /// failure's time, which the server never reports.
    alive_ms: Option<f64>,
    terminal: bool,
    /// The server's clock against this page's, bounded by what the answers showed.
    clock: ServerClock,
    /// When the previous answer's request was sent, and the latest `completeTime` it showed
    /// (`NEG_INFINITY`: none): a group's `completeTime` later than that was not there then, so
    /// the group completed after that send.
    previous_sent_ms: Option<f64>,
    previous_latest_end_ms: Option<f64>,
    /// Seen in `Uncommitted` or `Committing`: a manual-commit job (`describe` never says so).
    manual_commit: bool,
}

/// How long a job has run or took, as far as anyone knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Elapsed {
    /// Not final: this long since it was created (or first seen here).
    Running(f64),
    /// Ended this long after its creation: its `completeTime`, or when this page saw it end
    /// after seeing it run (to within a poll).
    Took(f64),
    /// Failed or aborted at most this long after its creation: this page saw it run, then saw it
    /// failed. The server gives no failure time.
    FailedWithin(f64),
    /// Ended, when nobody can say: failed before this page saw it run.
    Unknown,
}

impl Elapsed {
    /// The figure, when there is one (an upper bound for [`Elapsed::FailedWithin`]).
    pub fn ms(self) -> Option<f64> {
        match self {
            Elapsed::Running(ms) | Elapsed::Took(ms) | Elapsed::FailedWithin(ms) => Some(ms),
            Elapsed::Unknown => None,
        }
    }

    /// The term a fact names it by: "Elapsed", "Took", "Failed within".
    pub fn term(self) -> &'static str {
        match self {
            Elapsed::Running(_) => "Elapsed",
            Elapsed::Took(_) | Elapsed::Unknown => "Took",
            Elapsed::FailedWithin(_) => "Failed within",
        }
    }

    /// The value in a table's Duration cell: "4 min 10 s", "within 12 s", or the unknown mark.
    pub fn cell(self, unknown: &str) -> String {
        match self {
            Elapsed::Running(ms) | Elapsed::Took(ms) => crate::format::human_duration(ms),
            Elapsed::FailedWithin(ms) => format!("within {}", crate::format::human_duration(ms)),
            Elapsed::Unknown => unknown.to_owned(),
        }
    }
}

/// A cheap digest of everything that moves while a job is alive.
fn fingerprint(job: &ImportJob) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (job.state.as_str(), job.progress, job.imported_rows, job.total_rows).hash(&mut hasher);
    for file in &job.details {
        (&file.file_name, file.state.as_str(), file.progress).hash(&mut hasher);
    }
    hasher.finish()
}

impl Tracker {
    /// Takes one good answer, as if asked and answered at `at_ms`.
    pub fn observe(&mut self, job: &ImportJob, table: BandTable, at_ms: f64) {
        self.observe_sent(job, table, at_ms, at_ms);
    }

    /// Takes one good answer to a request sent at `sent_ms` that arrived at `at_ms`.
    pub fn observe_sent(&mut self, job: &ImportJob, table: BandTable, sent_ms: f64, at_ms: f64) {
        self.read_clock(job, sent_ms, at_ms);
        self.manual_commit |= matches!(job.state, JobState::Uncommitted | JobState::Committing);
        self.first_seen_ms.get_or_insert(at_ms);
        let print = fingerprint(job);
        if self.fingerprint != Some(print) {
            self.fingerprint = Some(print);
            self.last_change_ms = at_ms;
        }
        self.terminal = job.state.is_terminal();
        if self.terminal {
            self.finished_ms.get_or_insert(at_ms);
        } else {
            self.alive_ms = Some(at_ms);
        }
        self.writing = activity(job, table) == Activity::WritingRows;
        // No rate and no ETA from figures the server never sent (Zilliz Cloud has no rows).
        let Some(imported) = job.imported_rows else {
            self.samples.clear();
            self.eta = None;
            return;
        };
        let bytes = if job.total_rows == 0 { 0.0 } else { job.file_size as f64 * imported as f64 / job.total_rows as f64 };
        // Rows going down means the server restarted a task (or failed): the old rate is void.
        if self.samples.last().is_some_and(|last| imported < last.rows) {
            self.samples.clear();
            self.eta = None;
        }
        let sample = Sample { at_ms, rows: imported, bytes };
        match self.samples.as_mut_slice() {
            [.., before, last] if at_ms - before.at_ms < SAMPLE_SPACING_MS => *last = sample,
            _ => self.samples.push(sample),
        }
        self.samples.retain(|s| at_ms - s.at_ms <= RATE_WINDOW_MS);
        self.update_eta(job.total_rows.saturating_sub(imported), job.total_rows, at_ms);
    }

    /// What this answer says about the server's clock ([`ServerClock`]).
    fn read_clock(&mut self, job: &ImportJob, sent_ms: f64, at_ms: f64) {
        if let Some(created) = created_ms(job) {
            self.clock.seen(created, at_ms);
        }
        let job_end = job.complete_time.as_deref().and_then(parse_rfc3339_ms);
        if let Some(end) = job_end {
            self.clock.seen(end, at_ms);
            if let Some(sent) = self.previous_sent_ms.filter(|_| self.alive_ms.is_some() && !self.terminal) {
                self.clock.not_before(end + SECOND_MS, sent);
            }
        }
        let ends = job.details.iter().filter_map(|file| file.complete_time.as_deref().and_then(parse_rfc3339_ms));
        let (mut latest, mut first_new) = (f64::NEG_INFINITY, f64::INFINITY);
        for end in ends {
            latest = latest.max(end);
            if self.previous_latest_end_ms.is_some_and(|before| end > before) {
                first_new = first_new.min(end);
            }
        }
        if latest.is_finite() {
            self.clock.seen(latest, at_ms);
        }
        if let Some(sent) = self.previous_sent_ms.filter(|_| first_new.is_finite()) {
            self.clock.not_before(first_new + SECOND_MS, sent);
        }
        // An answer without groups (pre-import) says none had completed, as does one that lists them.
        self.previous_latest_end_ms = Some(latest);
        self.previous_sent_ms = Some(sent_ms);
    }

    /// This page's create, sent at `sent_ms` and answered at `at_ms`, made `job_id`: its ID's
    /// time (the server's, in ms) lies between them.
    pub fn created_here(&mut self, job_id: &str, sent_ms: f64, at_ms: f64) {
        if let Some(created) = super::id::created_ms(job_id) {
            self.clock.seen(created, at_ms);
            // The ID's millisecond can be the one the request was sent in.
            self.clock.not_before(created + 1.0, sent_ms);
        }
    }

    /// Whether this page saw the job wait for (or go through) a manual commit.
    pub fn seen_manual_commit(&self) -> bool {
        self.manual_commit
    }

    /// The server's clock against this page's, as bounded so far.
    pub fn clock(&self) -> ServerClock {
        self.clock
    }

    fn update_eta(&mut self, remaining: u64, total_rows: u64, at_ms: f64) {
        let raw = match self.rates() {
            Some(rates) if self.writing && rates.rows_per_sec > 0.0 && total_rows > 0 => remaining as f64 / rates.rows_per_sec * 1000.0,
            _ => {
                self.eta = None;
                return;
            }
        };
        self.eta = Some(match self.eta {
            // Age the previous estimate by the time that passed, then blend.
            Some((previous, at)) => ((previous - (at_ms - at)).max(0.0) * (1.0 - ETA_SMOOTHING) + raw * ETA_SMOOTHING, at_ms),
            None => (raw, at_ms),
        });
    }

    /// Rows/s and bytes/s over the window; `None` until two samples a second apart.
    pub fn rates(&self) -> Option<Rates> {
        let (first, last) = (self.samples.first()?, self.samples.last()?);
        let span = (last.at_ms - first.at_ms) / 1000.0;
        if span < 1.0 {
            return None;
        }
        Some(Rates {
            rows_per_sec: last.rows.saturating_sub(first.rows) as f64 / span,
            bytes_per_sec: (last.bytes - first.bytes).max(0.0) / span,
        })
    }

    /// The estimated time left, only while rows are being written (later phases have no
    /// measurable rate), counted down between polls.
    pub fn eta_ms(&self, now_ms: f64) -> Option<f64> {
        let (eta, at) = self.eta?;
        self.writing.then(|| (eta - (now_ms - at)).max(0.0))
    }

    /// How long the job has run, or took: since it was created (2.6.6+ send `createTime`; every
    /// Milvus job ID encodes it) or, failing both (Zilliz Cloud), since it was first seen here;
    /// until its `completeTime`, or until this page saw it end. A failed job has no end time on
    /// the server: bounded by what this page saw, or unknown if it never saw the job run.
    /// Server times are put on this page's clock first ([`ServerClock`]).
    pub fn elapsed(&self, job: &ImportJob, now_ms: f64) -> Elapsed {
        let created = created_ms(job).map(|at| self.clock.to_page(at));
        let Some(start) = created.or(self.first_seen_ms) else { return Elapsed::Unknown };
        let since = |end: f64| (end - start).max(0.0);
        if !job.state.is_terminal() {
            return Elapsed::Running(since(now_ms));
        }
        let completed =
            job.complete_time.as_deref().and_then(parse_rfc3339_ms).filter(|_| created.is_some()).map(|at| self.clock.to_page(at));
        match (completed, self.alive_ms.zip(self.finished_ms)) {
            (Some(end), _) => Elapsed::Took(since(end)),
            (None, Some((_, end))) if job.state == JobState::Completed => Elapsed::Took(since(end)),
            (None, Some((_, end))) => Elapsed::FailedWithin(since(end)),
            (None, None) => Elapsed::Unknown,
        }
    }

    /// When the job ended on this page's clock, if anyone knows: its `completeTime`, or when
    /// this page saw it end after seeing it run (for a failure, the latest it can have happened).
    pub fn ended_ms(&self, job: &ImportJob) -> Option<f64> {
        if !job.state.is_terminal() {
            return None;
        }
        let completed = job.complete_time.as_deref().and_then(parse_rfc3339_ms).map(|at| self.clock.to_page(at));
        completed.or_else(|| self.alive_ms.and(self.finished_ms))
    }

    /// When this page first saw the job final.
    pub fn finished_ms(&self) -> Option<f64> {
        self.finished_ms
    }

    /// How long nothing has changed, when that is at least `threshold_ms` and the job is not
    /// final: a hint to show, not an alarm for an ordinary plateau.
    pub fn stalled_for(&self, now_ms: f64, threshold_ms: f64) -> Option<f64> {
        let quiet = now_ms - self.last_change_ms;
        (self.fingerprint.is_some() && !self.terminal && quiet >= threshold_ms).then_some(quiet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_polling_keeps_the_window_small_and_the_rate_right() {
        let mut tracker = Tracker::default();
        for i in 0..10_000u32 {
            let job = ImportJob {
                state: JobState::Importing,
                imported_rows: Some(u64::from(i) * 100),
                total_rows: 10_000_000,
                ..ImportJob::default()
            };
            tracker.observe(&job, BandTable::Modern, f64::from(i) * 10.0);
        }
        assert!(tracker.samples.len() <= 62, "{} samples", tracker.samples.len());
        // 100 rows per 10 ms.
        let rates = tracker.rates().map(|r| r.rows_per_sec.round());
        assert_eq!(rates, Some(10_000.0));
    }
}
