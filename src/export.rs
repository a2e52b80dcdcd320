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
    let mut out = String::from("job_id,file_name,paths,state,progress,imported_rows,total_rows,file_size,complete_time,reason\r\n");
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
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
