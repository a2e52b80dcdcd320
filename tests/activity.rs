//! What the job is doing, from both band tables.

mod common;

use common::{finalising, writing};
use milvus_import_monitor::job::{activity, explain, progress_text, Activity, BandTable};
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

#[test]
fn phase_text_modern_bands() {
    let pending = ImportJob { state: JobState::Pending, ..ImportJob::default() };
    assert_eq!(explain(&pending, BandTable::Modern), "Queued behind other imports: the server has not started it yet.");
    let scanning = ImportJob { state: JobState::Importing, progress: 20, ..ImportJob::default() };
    assert_eq!(explain(&scanning, BandTable::Modern), "Scanning the files and counting rows before writing.");
    assert_eq!(explain(&writing(721_000, 980_000, 62), BandTable::Modern), "Writing rows: 721,000 of 980,000.");
    let text = explain(&finalising(80), BandTable::Modern);
    assert_eq!(text, "All rows written, now sorting and building the index; on large collections this can take a while.");
    assert_eq!(explain(&finalising(74), BandTable::Modern), text);
    let done = ImportJob { state: JobState::Completed, progress: 100, imported_rows: Some(5), total_rows: 5, ..ImportJob::default() };
    assert_eq!(explain(&done, BandTable::Modern), "Done: 5 rows imported.");
    let waiting = ImportJob { state: JobState::Uncommitted, progress: 99, ..ImportJob::default() };
    assert!(explain(&waiting, BandTable::Modern).contains("auto_commit=false"));
}

#[test]
fn phase_text_legacy_bands() {
    // 2.4.0-2.4.12: held at 70 with every file done while the index builds, said as such.
    let job = finalising(70);
    let text = explain(&job, BandTable::Legacy);
    assert!(text.starts_with("All rows written, now building the index") && text.contains("holds 70 %"), "{text}");
    assert_ne!(explain(&job, BandTable::Modern), text);
    // Below 70, rows are still being written.
    let mut writing = finalising(55);
    writing.details.iter_mut().for_each(|f| Rc::make_mut(f).state = milvus_import_monitor::model::FileState::InProgress);
    writing.imported_rows = Some(500_000);
    assert_eq!(explain(&writing, BandTable::Legacy), "Writing rows: 500,000 of 1,000,000.");
}
