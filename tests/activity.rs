//! What the job is doing, from both band tables.

use milvus_import_monitor::job::{activity, progress_text, Activity, BandTable};
use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use std::rc::Rc;

fn job(state: JobState, progress: u8, files_done: Option<bool>) -> ImportJob {
    let details = files_done
        .map(|done| {
            vec![Rc::new(FileTask {
                file_name: "[a]".into(),
                state: if done { FileState::Completed } else { FileState::InProgress },
                ..FileTask::default()
            })]
        })
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
        (JobState::Importing, 99, Some(true), Committing),
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
fn legacy_bands_write_to_70_then_build_the_index_at_70() {
    use Activity::*;
    for (progress, files, expected) in [
        (30, None, ScanningFiles),
        (55, Some(false), WritingRows),
        // Every row written, segments still being written: not yet the index.
        (62, Some(true), WritingRows),
        // The 2.4.0–2.4.12 plateau: exactly 70, every file Completed.
        (70, Some(true), BuildingIndex),
        (70, Some(false), WritingRows),
    ] {
        assert_eq!(activity(&job(JobState::Importing, progress, files), BandTable::Legacy), expected, "{progress} {files:?}");
    }
    assert_eq!(progress_text(&job(JobState::Importing, 70, Some(true)), BandTable::Legacy), "Importing, building index, 70 %");
}

#[test]
fn aria_text() {
    assert_eq!(progress_text(&job(JobState::Importing, 84, Some(true)), BandTable::Modern), "Importing, building index, 84 %");
    assert_eq!(progress_text(&job(JobState::Completed, 100, None), BandTable::Modern), "Completed, 100 %");
}
