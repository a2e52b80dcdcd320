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
    /// 2.4.0–2.4.12: writing rows 40–100, nothing after.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
pub fn activity(job: &ImportJob, table: BandTable) -> Activity {
    match job.state {
        JobState::Pending => Activity::Queued,
        JobState::Completed => Activity::Completed,
        JobState::Failed => Activity::Failed,
        JobState::Uncommitted => Activity::WaitingForCommit,
        JobState::Committing => Activity::Committing,
        JobState::Importing => {
            let all_files_done = !job.details.is_empty() && job.details.iter().all(|f| f.state == FileState::Completed);
            match job.progress {
                0..=9 => Activity::Queued,
                10..=39 => Activity::ScanningFiles,
                _ if table == BandTable::Legacy || !all_files_done => Activity::WritingRows,
                40..=79 => Activity::Sorting,
                _ => Activity::BuildingIndex,
            }
        }
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
    let activity = activity(job, table);
    match activity {
        Activity::Completed | Activity::Failed | Activity::Unknown => format!("{}, {} %", job.state, job.progress),
        _ => format!("{}, {}, {} %", job.state, activity.label(), job.progress),
    }
}
