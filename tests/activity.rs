//! What the job is doing, from both band tables.

use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use milvus_import_monitor::watch::{activity, progress_text, Activity, BandTable};

fn job(state: JobState, progress: u8, files_done: Option<bool>) -> ImportJob {
    let details = files_done
        .map(|done| vec![FileTask { file_name: "[a]".into(), state: if done { FileState::Completed } else { FileState::InProgress }, ..FileTask::default() }])
        .unwrap_or_default();
    ImportJob { state, progress, details, ..ImportJob::default() }
}

#[test]
fn modern_bands() {
    use Activity::*;
    for (state, progress, files, expected) in [
        (JobState::Pending, 0, None, Queued),
        (JobState::Importing, 5, None, Queued),
        (JobState::Importing, 25, None, ScanningFiles),
        (JobState::Importing, 62, Some(false), WritingRows),
        (JobState::Importing, 74, Some(true), Sorting),
        (JobState::Importing, 80, Some(true), BuildingIndex),
        (JobState::Importing, 85, Some(false), WritingRows),
        (JobState::Uncommitted, 99, Some(true), WaitingForCommit),
        (JobState::Committing, 99, Some(true), Committing),
        (JobState::Completed, 100, Some(true), Completed),
        (JobState::Failed, 0, Some(false), Failed),
        (JobState::Other("Sorting".into()), 50, None, Unknown),
    ] {
        assert_eq!(activity(&job(state.clone(), progress, files), BandTable::Modern), expected, "{state:?} {progress}");
    }
}

#[test]
fn legacy_bands_write_rows_up_to_100() {
    assert_eq!(activity(&job(JobState::Importing, 85, Some(true)), BandTable::Legacy), Activity::WritingRows);
    assert_eq!(activity(&job(JobState::Importing, 30, None), BandTable::Legacy), Activity::ScanningFiles);
}

#[test]
fn aria_text() {
    assert_eq!(progress_text(&job(JobState::Importing, 84, Some(true)), BandTable::Modern), "Importing, building index, 84 %");
    assert_eq!(progress_text(&job(JobState::Completed, 100, None), BandTable::Modern), "Completed, 100 %");
}
