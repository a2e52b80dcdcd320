//! What a job is doing, read from its state, its progress band and its files. Pure Rust: the
//! views only render what this module decides.

use crate::model::{FileState, ImportJob, JobState};

/// Which band table the server uses (see the shared API page, §4). Servers before 2.4.13 have
/// no `describe` route, so a client that fell back to `get_progress` knows it is talking to
/// one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BandTable {
    /// 2.4.13 and later: writing rows 40–70, then sorting and index building up to 90.
    #[default]
    Modern,
    /// 2.4.0–2.4.12: writing rows 40–70, then held at exactly 70, every file Completed, while
    /// the index builds; then straight to 100.
    Legacy,
}

/// What the job is doing now.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::watch::{activity, Activity, BandTable};
/// let job = ImportJob { state: JobState::Importing, progress: 25, ..Default::default() };
/// assert_eq!(activity(&job, BandTable::Modern), Activity::ScanningFiles);
/// assert_eq!(Activity::ScanningFiles.label(), "scanning files");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Activity {
    Queued,
    ScanningFiles,
    WritingRows,
    Sorting,
    BuildingIndex,
    WaitingForCommit,
    Committing,
    Completed,
    Failed,
    /// A state this version of the widget does not know.
    Unknown,
}

impl Activity {
    /// Lower-case words for a sentence ("Importing, writing rows, 62 %").
    pub fn label(self) -> &'static str {
        match self {
            Activity::Queued => "queued",
            Activity::ScanningFiles => "scanning files",
            Activity::WritingRows => "writing rows",
            Activity::Sorting => "sorting",
            Activity::BuildingIndex => "building index",
            Activity::WaitingForCommit => "waiting for commit",
            Activity::Committing => "committing",
            Activity::Completed => "done",
            Activity::Failed => "failed",
            Activity::Unknown => "unknown state",
        }
    }
}

/// Derives the activity from the bands; per-file states settle what the bands leave open
/// (writing is over only when every file is Completed).
///
/// ```
/// use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
/// use milvus_import_monitor::watch::{activity, Activity, BandTable};
/// let done = std::rc::Rc::new(FileTask { state: FileState::Completed, ..Default::default() });
/// let job = |progress| ImportJob { state: JobState::Importing, progress, details: vec![done.clone()], ..Default::default() };
/// assert_eq!(activity(&job(84), BandTable::Modern), Activity::BuildingIndex);
/// assert_eq!(activity(&job(70), BandTable::Legacy), Activity::BuildingIndex);
/// assert_eq!(activity(&job(62), BandTable::Legacy), Activity::WritingRows);
/// ```
pub fn activity(job: &ImportJob, table: BandTable) -> Activity {
    let all_files_done = || !job.details.is_empty() && job.details.iter().all(|f| f.state == FileState::Completed);
    match &job.state {
        JobState::Pending => Activity::Queued,
        JobState::Completed => Activity::Completed,
        JobState::Failed => Activity::Failed,
        JobState::Uncommitted => Activity::WaitingForCommit,
        JobState::Committing => Activity::Committing,
        JobState::Importing => match job.progress {
            0..=9 => Activity::Queued,
            10..=39 => Activity::ScanningFiles,
            _ if !all_files_done() => Activity::WritingRows,
            // 2.4.0–2.4.12 hold 70 while the index builds; below it segments are still written.
            70.. if table == BandTable::Legacy => Activity::BuildingIndex,
            _ if table == BandTable::Legacy => Activity::WritingRows,
            40..=79 => Activity::Sorting,
            // The 3.0 line: an auto-commit job commits itself at 99, reported as Importing.
            99 => Activity::Committing,
            _ => Activity::BuildingIndex,
        },
        JobState::None | JobState::Other(_) => Activity::Unknown,
    }
}

/// "Importing, writing rows, 62 %": the bar's `aria-valuetext`.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::watch::{progress_text, BandTable};
/// let job = ImportJob { state: JobState::Importing, progress: 62, ..Default::default() };
/// assert_eq!(progress_text(&job, BandTable::Modern), "Importing, writing rows, 62 %");
/// ```
pub fn progress_text(job: &ImportJob, table: BandTable) -> String {
    match activity(job, table) {
        Activity::Completed | Activity::Failed | Activity::Unknown => format!("{}, {} %", job.state, job.progress),
        doing => format!("{}, {}, {} %", job.state, doing.label(), job.progress),
    }
}

/// A sentence that says what the job is doing, with its figures.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::watch::{explain, BandTable};
/// let job = ImportJob { state: JobState::Importing, progress: 62, imported_rows: Some(721_000), total_rows: 980_000, ..Default::default() };
/// assert_eq!(explain(&job, BandTable::Modern), "Writing rows: 721,000 of 980,000.");
/// ```
pub fn explain(job: &ImportJob, table: BandTable) -> String {
    use crate::format::thousands;
    match activity(job, table) {
        Activity::Queued => "Queued behind other imports: the server has not started it yet.".to_owned(),
        Activity::ScanningFiles => format!(
            "Scanning {} and counting rows before writing.",
            match job.details.len() {
                0 => "the files".to_owned(),
                1 => "1 file group".to_owned(),
                n => format!("{} file groups", thousands(n as u64)),
            }
        ),
        Activity::WritingRows => match (job.imported_rows, job.total_rows) {
            (_, 0) => "Writing rows.".to_owned(),
            (Some(imported), total) => format!("Writing rows: {} of {}.", thousands(imported), thousands(total)),
            // Zilliz Cloud reports no rows written: the count is unknown, not 0.
            (None, total) => format!("Writing {} rows (the server does not report how many are written).", thousands(total)),
        },
        Activity::BuildingIndex if table == BandTable::Legacy => "All rows written, now building the index. Milvus before 2.4.13 shows no index progress: it holds 70 % until the index is built, then jumps to 100 %; on large collections this can take a while.".to_owned(),
        Activity::Sorting | Activity::BuildingIndex => {
            "All rows written, now sorting and building the index; on large collections this can take a while.".to_owned()
        }
        Activity::WaitingForCommit => "All data written; the job waits for a commit (it was created with auto_commit=false).".to_owned(),
        Activity::Committing => "Committing: making the imported data visible.".to_owned(),
        Activity::Completed => format!("Done: {} rows imported.", thousands(job.total_rows.max(job.imported_rows.unwrap_or(0)))),
        Activity::Failed => "Failed: see the reason below; nothing of this job was kept.".to_owned(),
        Activity::Unknown => format!("The server reports the state “{}”, which this monitor does not know.", job.state),
    }
}

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
/// use milvus_import_monitor::watch::{stall_threshold_ms, Activity, DEFAULT_STALL_MS};
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

/// When the job was created, by the server's clock: `createTime` (2.6.6+), else the time its
/// Milvus ID encodes.
///
/// ```
/// use milvus_import_monitor::model::ImportJob;
/// use milvus_import_monitor::watch::created_ms;
/// let job = ImportJob { job_id: "448761313698322011".into(), ..Default::default() };
/// assert_eq!(created_ms(&job), Some(1_711_888_556_283.0));
/// let stamped = ImportJob { create_time: Some("2024-03-31T12:35:56Z".into()), ..job };
/// assert_eq!(created_ms(&stamped), Some(1_711_888_556_000.0));
/// ```
pub fn created_ms(job: &ImportJob) -> Option<f64> {
    job.create_time.as_deref().and_then(crate::format::parse_rfc3339_ms).or_else(|| crate::job_id::created_ms(&job.job_id))
}

/// Why a job may be stalled, for the phase it is stuck in.
///
/// ```
/// use milvus_import_monitor::watch::{stall_causes, Activity};
/// assert!(stall_causes(Activity::BuildingIndex).contains("index"));
/// ```
pub fn stall_causes(activity: Activity) -> &'static str {
    match activity {
        Activity::Queued => "Other imports hold the server's import slots (dataCoord.import.maxImportJobNum, dataNode.import.maxConcurrentTaskNum); look at the job list for jobs still running.",
        Activity::ScanningFiles | Activity::WritingRows => "Data nodes may be busy or unable to read the files (object storage credentials, network), or the task is wedged; check the DataNode logs and dataNode.import.maxConcurrentTaskNum.",
        Activity::Sorting | Activity::BuildingIndex => "Sorting and index building on a big collection can take a long time without visible progress; check the index nodes' load and the DataCoord logs before suspecting a wedged job.",
        Activity::WaitingForCommit => "The job waits for someone to call commit.",
        Activity::Committing => "The commit is taking long; check the DataCoord logs.",
        Activity::Completed | Activity::Failed | Activity::Unknown => "Nothing has changed on the server side; check its logs.",
    }
}

/// What the monitor learns across polls of one job: when it was first seen, how fast rows
/// arrive, a damped ETA, and when anything last changed.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::watch::{BandTable, Tracker};
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
    terminal: bool,
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
    /// Takes one good answer.
    pub fn observe(&mut self, job: &ImportJob, table: BandTable, at_ms: f64) {
        self.first_seen_ms.get_or_insert(at_ms);
        let print = fingerprint(job);
        if self.fingerprint != Some(print) {
            self.fingerprint = Some(print);
            self.last_change_ms = at_ms;
        }
        self.terminal = job.state.is_terminal();
        if self.terminal {
            self.finished_ms.get_or_insert(at_ms);
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

    /// Since the job was created (2.6.6+ send `createTime`; every Milvus job ID encodes it) or,
    /// failing both (Zilliz Cloud), since it was first seen here.
    pub fn elapsed_ms(&self, job: &ImportJob, now_ms: f64) -> Option<f64> {
        let created = created_ms(job);
        let start = created.or(self.first_seen_ms)?;
        let end = job
            .complete_time
            .as_deref()
            .and_then(crate::format::parse_rfc3339_ms)
            .filter(|_| created.is_some())
            .or(self.finished_ms)
            .unwrap_or(now_ms);
        Some((end - start).max(0.0))
    }

    /// When this page first saw the job final.
    pub fn finished_ms(&self) -> Option<f64> {
        self.finished_ms
    }

    /// True once the job reached a final state.
    pub fn is_finished(&self) -> bool {
        self.terminal
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
