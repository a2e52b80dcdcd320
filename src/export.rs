//! The current job as files a person can keep; never with the token.

use crate::model::ImportJob;

/// The job with its files as pretty JSON, in the server's field names (the same shape as the
/// npm package's `parseImportProgress`).
///
/// ```
/// use milvus_import_monitor::export::to_json;
/// use milvus_import_monitor::model::ImportJob;
/// let job = ImportJob { job_id: "461829374610022401".into(), ..Default::default() };
/// assert!(to_json(&job).contains("\"jobId\": \"461829374610022401\""));
/// ```
pub fn to_json(job: &ImportJob) -> String {
    serde_json::to_string_pretty(job).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One row per file group: `job_id,file_name,paths,state,progress,imported_rows,total_rows,
/// file_size,complete_time,reason`. Cells are quoted as RFC 4180 wants, and a cell that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is prefixed with `'`.
///
/// ```
/// use milvus_import_monitor::export::to_csv;
/// use milvus_import_monitor::model::{FileTask, ImportJob};
/// let file = FileTask { file_name: "[a, b.csv]".into(), ..Default::default() };
/// let job = ImportJob { job_id: "7".into(), details: vec![file.into()], ..Default::default() };
/// assert!(to_csv(&job).lines().nth(1).unwrap().starts_with("7,\"[a, b.csv]\""));
/// ```
pub fn to_csv(job: &ImportJob) -> String {
    let mut out = String::from(FILE_HEADER);
    file_rows(job, &mut out);
    out
}

/// The per-file CSV's header.
const FILE_HEADER: &str = "job_id,file_name,paths,state,progress,imported_rows,total_rows,file_size,complete_time,reason\r\n";

/// A batch as JSON: its jobs, each whole (files included), in the order given.
///
/// ```
/// use milvus_import_monitor::export::batch_to_json;
/// use milvus_import_monitor::model::ImportJob;
/// let jobs = [ImportJob { job_id: "7".into(), ..Default::default() }, ImportJob { job_id: "8".into(), ..Default::default() }];
/// let value: serde_json::Value = serde_json::from_str(&batch_to_json(&jobs.iter().collect::<Vec<_>>())).unwrap();
/// assert_eq!(value["jobs"][1]["jobId"], "8");
/// ```
pub fn batch_to_json(jobs: &[&ImportJob]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "jobs": jobs })).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A batch as CSV, a row per job; an unknown figure (Zilliz Cloud's rows) is an empty cell.
///
/// ```
/// use milvus_import_monitor::export::batch_jobs_csv;
/// use milvus_import_monitor::model::ImportJob;
/// let job = ImportJob { job_id: "7".into(), collection_name: "books".into(), progress: 40, ..Default::default() };
/// let csv = batch_jobs_csv(&[&job]);
/// assert_eq!(csv.lines().nth(1), Some("7,books,Unknown,40,,0,0,0,,,"));
/// ```
pub fn batch_jobs_csv(jobs: &[&ImportJob]) -> String {
    let mut out =
        String::from("job_id,collection,state,progress,imported_rows,total_rows,file_size,files,create_time,complete_time,reason\r\n");
    for job in jobs {
        let cells = [
            job.job_id.clone(),
            job.collection_name.clone(),
            crate::batch::shown_state(job),
            job.progress.to_string(),
            job.imported_rows.map(|rows| rows.to_string()).unwrap_or_default(),
            job.total_rows.to_string(),
            job.file_size.to_string(),
            job.details.len().to_string(),
            job.create_time.clone().unwrap_or_default(),
            job.complete_time.clone().unwrap_or_default(),
            job.reason.clone().unwrap_or_default(),
        ];
        push_row(&mut out, &cells);
    }
    out
}

/// A batch as CSV, a row per file of every job (the same columns as one job's export).
pub fn batch_files_csv(jobs: &[&ImportJob]) -> String {
    let mut out = String::from(FILE_HEADER);
    for job in jobs {
        file_rows(job, &mut out);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

fn file_rows(job: &ImportJob, out: &mut String) {
    for file in &job.details {
        let cells = [
            job.job_id.clone(),
            file.file_name.clone(),
            file.paths().join(" "),
            file.state.as_str().to_owned(),
            file.progress.to_string(),
            file.imported_rows.map(|rows| rows.to_string()).unwrap_or_default(),
            file.total_rows.to_string(),
            file.file_size.to_string(),
            file.complete_time.clone().unwrap_or_default(),
            file.reason.clone().unwrap_or_default(),
        ];
        push_row(out, &cells);
    }
}

fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
