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
/// use milvus_import_monitor::job::{activity, Activity, BandTable};
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
    /// Failed on request (`abort`, 3.0 line): not a failure of the data or the server.
    Aborted,
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
            Activity::Aborted => "aborted",
            Activity::Unknown => "unknown state",
        }
    }
}

/// Derives the activity from the bands; per-file states settle what the bands leave open
/// (writing is over only when every file is Completed).
///
/// ```
/// use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
/// use milvus_import_monitor::job::{activity, Activity, BandTable};
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
        JobState::Failed if is_aborted(job) => Activity::Aborted,
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

/// The reason Milvus gives a job aborted by `abort` (3.0 line).
pub const ABORTED_REASON: &str = "aborted by user";

/// The job was aborted on request (3.0 `abort`): shown as *Aborted*, not as a failure.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::is_aborted;
/// let job = ImportJob { state: JobState::Failed, reason: Some("aborted by user".into()), ..Default::default() };
/// assert!(is_aborted(&job));
/// ```
pub fn is_aborted(job: &ImportJob) -> bool {
    was_aborted(&job.state, job.reason.as_deref())
}

/// The same, from a state and a reason (a job list's record carries both).
pub fn was_aborted(state: &JobState, reason: Option<&str>) -> bool {
    *state == JobState::Failed && reason.is_some_and(|r| r.trim().eq_ignore_ascii_case(ABORTED_REASON))
}

/// The state as the page names it: *Aborted* for an aborted job, else the wire's.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::shown_state;
/// assert_eq!(shown_state(&ImportJob { state: JobState::Uncommitted, ..Default::default() }), "Uncommitted");
/// let aborted = ImportJob { state: JobState::Failed, reason: Some("aborted by user".into()), ..Default::default() };
/// assert_eq!(shown_state(&aborted), "Aborted");
/// ```
pub fn shown_state(job: &ImportJob) -> String {
    shown_state_of(&job.state, job.reason.as_deref())
}

/// The same, from a state and a reason.
pub fn shown_state_of(state: &JobState, reason: Option<&str>) -> String {
    if was_aborted(state, reason) {
        ABORTED.to_owned()
    } else {
        state.to_string()
    }
}

/// How the page spells the aborted state.
pub const ABORTED: &str = "Aborted";

/// The states a job can be shown in, in the order the page lists them: the wire's, with
/// *Aborted* after *Failed* (`None`, which no listed job carries, left out).
pub fn shown_states() -> impl Iterator<Item = &'static str> {
    JobState::KNOWN.iter().filter(|s| **s != JobState::None).flat_map(|s| {
        let aborted = (*s == JobState::Failed).then_some(ABORTED);
        std::iter::once(s.as_str()).chain(aborted)
    })
}

/// "Importing, writing rows, 62 %": the bar's `aria-valuetext`.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::{progress_text, BandTable};
/// let job = ImportJob { state: JobState::Importing, progress: 62, ..Default::default() };
/// assert_eq!(progress_text(&job, BandTable::Modern), "Importing, writing rows, 62 %");
/// ```
pub fn progress_text(job: &ImportJob, table: BandTable) -> String {
    match activity(job, table) {
        Activity::Completed | Activity::Failed | Activity::Aborted | Activity::Unknown => {
            format!("{}, {} %", shown_state(job), job.progress)
        }
        doing => format!("{}, {}, {} %", job.state, doing.label(), job.progress),
    }
}

/// A sentence that says what the job is doing, with its figures.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::{explain, BandTable};
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
        Activity::Aborted => "Aborted on request: nothing of this job was kept.".to_owned(),
        Activity::Unknown => format!("The server reports the state “{}”, which this monitor does not know.", job.state),
    }
}

/// Rows written and rows in all, each when known. The server sends 0 for both before it has
/// counted the rows (queued, scanning) and after a failure: unknown, not zero. Zilliz Cloud
/// never sends rows written.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::known_rows;
/// let pending = ImportJob { state: JobState::Pending, imported_rows: Some(0), ..Default::default() };
/// assert_eq!(known_rows(&pending), (None, None));
/// let writing = ImportJob { state: JobState::Importing, imported_rows: Some(5), total_rows: 10, ..Default::default() };
/// assert_eq!(known_rows(&writing), (Some(5), Some(10)));
/// ```
pub fn known_rows(job: &ImportJob) -> (Option<u64>, Option<u64>) {
    counted_rows(job.imported_rows, job.total_rows, job.state == JobState::Completed)
}

/// The same for any row count (a job's, a file group's): counted once the total is, or done.
pub fn counted_rows(imported: Option<u64>, total: u64, done: bool) -> (Option<u64>, Option<u64>) {
    let counted = total > 0 || done;
    (imported.filter(|_| counted), counted.then_some(total))
}

/// The files' size, when known: 0 with no file listed yet (or after a pre-import failure) is
/// unknown.
pub fn known_size(job: &ImportJob) -> Option<u64> {
    (job.file_size > 0 || !job.details.is_empty()).then_some(job.file_size)
}

/// What the bar's percentage is, said once beside it: Milvus's own figure, weighted by phase,
/// not the share of rows written (which follows, when known). `None` outside the phases where
/// the two differ.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// use milvus_import_monitor::job::{progress_basis, BandTable};
/// let job = ImportJob { state: JobState::Importing, progress: 41, imported_rows: Some(29_000), total_rows: 1_000_000, ..Default::default() };
/// assert_eq!(progress_basis(&job, BandTable::Modern).unwrap(), "41 % is Milvus's own progress figure, weighted by phase (queued up to 10 %, scanning up to 40 %, writing up to 70 %, then sorting and the index up to 90 %), not the share of rows: 2.9 % of the rows are written.");
/// ```
pub fn progress_basis(job: &ImportJob, table: BandTable) -> Option<String> {
    if job.state != JobState::Importing {
        return None;
    }
    let bands = match table {
        BandTable::Modern => "queued up to 10 %, scanning up to 40 %, writing up to 70 %, then sorting and the index up to 90 %",
        BandTable::Legacy => "queued up to 10 %, scanning up to 40 %, writing up to 70 %, held at 70 % while the index builds",
    };
    let rows = match known_rows(job) {
        (Some(written), Some(total)) if total > 0 => {
            let tenths = (written.min(total) as f64 * 1000.0 / total as f64).floor() / 10.0;
            format!(": {tenths:.1} % of the rows are written.")
        }
        _ => ".".to_owned(),
    };
    Some(format!("{} % is Milvus's own progress figure, weighted by phase ({bands}), not the share of rows{rows}", job.progress))
}

/// When the job was created, by the server's clock: `createTime` (2.6.6+), else the time its
/// Milvus ID encodes.
///
/// ```
/// use milvus_import_monitor::model::ImportJob;
/// use milvus_import_monitor::job::created_ms;
/// let job = ImportJob { job_id: "448761313698322011".into(), ..Default::default() };
/// assert_eq!(created_ms(&job), Some(1_711_888_556_283.0));
/// let stamped = ImportJob { create_time: Some("2024-03-31T12:35:56Z".into()), ..job };
/// assert_eq!(created_ms(&stamped), Some(1_711_888_556_000.0));
/// ```
pub fn created_ms(job: &ImportJob) -> Option<f64> {
    job.create_time.as_deref().and_then(crate::format::parse_rfc3339_ms).or_else(|| crate::job::id::created_ms(&job.job_id))
}
