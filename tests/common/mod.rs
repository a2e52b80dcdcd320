//! Jobs the native tests share: one writing rows, one finalising (every file Completed).

use milvus_import_monitor::model::{FileState, FileTask, ImportJob, JobState};
use std::rc::Rc;

pub fn writing(rows: u64, total: u64, progress: u8) -> ImportJob {
    let details = vec![Rc::new(FileTask { file_name: "[a]".into(), state: FileState::InProgress, ..FileTask::default() })];
    ImportJob {
        state: JobState::Importing,
        progress,
        imported_rows: Some(rows),
        total_rows: total,
        file_size: 1_000_000_000,
        details,
        ..ImportJob::default()
    }
}

pub fn finalising(progress: u8) -> ImportJob {
    let details = vec![Rc::new(FileTask { file_name: "[a]".into(), state: FileState::Completed, progress: 100, ..FileTask::default() })];
    ImportJob {
        state: JobState::Importing,
        progress,
        imported_rows: Some(1_000_000),
        total_rows: 1_000_000,
        details,
        ..ImportJob::default()
    }
}
