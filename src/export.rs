//! The current job as files a person can keep, every row in the order the page shows them;
//! never with the token.

use crate::model::{FileTask, ImportJob, JobState};
use crate::state::TableView;
use std::rc::Rc;

/// The job with its files as pretty JSON, in the server's field names (the same shape as the
/// npm package's `parseImportProgress`), its files in the table's `order`.
///
/// ```
/// use milvus_import_monitor::export::to_json;
/// use milvus_import_monitor::model::ImportJob;
/// use milvus_import_monitor::state::TableView;
/// let job = ImportJob { job_id: "461829374610022401".into(), ..Default::default() };
/// assert!(to_json(&job, &TableView::default()).contains("\"jobId\": \"461829374610022401\""));
/// ```
pub fn to_json(job: &ImportJob, order: &TableView) -> String {
    let ordered = ImportJob { details: order.all_rows(&job.details), ..job.clone() };
    serde_json::to_string_pretty(&ordered).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One row per file group, every one, in the table's `order`: `job_id,file_name,paths,state,
/// progress,imported_rows,total_rows,file_size,complete_time,reason`. A job that failed before
/// the server listed any file has one row: the file its reason names, and the reason. Cells are
/// quoted as RFC 4180 wants, and a cell that a spreadsheet would run as a formula (`=`, `+`,
/// `-`, `@`) is prefixed with `'`.
///
/// ```
/// use milvus_import_monitor::export::to_csv;
/// use milvus_import_monitor::model::{FileTask, ImportJob};
/// use milvus_import_monitor::state::TableView;
/// let file = FileTask { file_name: "[a, b.csv]".into(), ..Default::default() };
/// let job = ImportJob { job_id: "7".into(), details: vec![file.into()], ..Default::default() };
/// assert!(to_csv(&job, &TableView::default()).lines().nth(1).unwrap().starts_with("7,\"[a, b.csv]\""));
/// ```
pub fn to_csv(job: &ImportJob, order: &TableView) -> String {
    let mut out = String::from(FILE_HEADER);
    file_rows(job, &order.all_rows(&job.details), &mut out);
    out
}

/// The per-file CSV's header.
const FILE_HEADER: &str = "job_id,file_name,paths,state,progress,imported_rows,total_rows,file_size,complete_time,reason\r\n";

/// A batch as JSON: its jobs, each whole (files included, in name order), in the order given
/// (the batch table's).
///
/// ```
/// use milvus_import_monitor::export::batch_to_json;
/// use milvus_import_monitor::model::ImportJob;
/// let jobs = [ImportJob { job_id: "7".into(), ..Default::default() }, ImportJob { job_id: "8".into(), ..Default::default() }];
/// let value: serde_json::Value = serde_json::from_str(&batch_to_json(&jobs.iter().collect::<Vec<_>>())).unwrap();
/// assert_eq!(value["jobs"][1]["jobId"], "8");
/// ```
pub fn batch_to_json(jobs: &[&ImportJob]) -> String {
    let jobs: Vec<ImportJob> = jobs.iter().map(|job| ImportJob { details: by_name(&job.details), ..(*job).clone() }).collect();
    serde_json::to_string_pretty(&serde_json::json!({ "jobs": jobs })).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A batch as CSV, a row per job, in the order given (the batch table's); an unknown figure
/// (Zilliz Cloud's rows) is an empty cell. `create_time` is the server's `createTime`, else the
/// time the job ID encodes (every Milvus version), in RFC 3339.
///
/// ```
/// use milvus_import_monitor::export::batch_jobs_csv;
/// use milvus_import_monitor::model::ImportJob;
/// let job = ImportJob { job_id: "7".into(), collection_name: "books".into(), progress: 40, ..Default::default() };
/// let csv = batch_jobs_csv(&[&job]);
/// assert_eq!(csv.lines().nth(1), Some("7,books,Unknown,40,,0,0,0,,,"));
/// let dated = ImportJob { job_id: "448761313698322011".into(), ..job };
/// assert!(batch_jobs_csv(&[&dated]).lines().nth(1).unwrap().contains(",2024-03-31T12:35:56Z,"));
/// ```
pub fn batch_jobs_csv(jobs: &[&ImportJob]) -> String {
    let mut out =
        String::from("job_id,collection,state,progress,imported_rows,total_rows,file_size,files,create_time,complete_time,reason\r\n");
    for job in jobs {
        let cells = [
            job.job_id.clone(),
            job.collection_name.clone(),
            crate::job::shown_state(job),
            job.progress.to_string(),
            job.imported_rows.map(|rows| rows.to_string()).unwrap_or_default(),
            job.total_rows.to_string(),
            job.file_size.to_string(),
            job.details.len().to_string(),
            create_time(job),
            job.complete_time.clone().unwrap_or_default(),
            job.reason.clone().unwrap_or_default(),
        ];
        push_row(&mut out, &cells);
    }
    out
}

/// A batch as CSV, a row per file of every job (the same columns as one job's export): the jobs
/// in the order given, each job's files in name order.
pub fn batch_files_csv(jobs: &[&ImportJob]) -> String {
    let mut out = String::from(FILE_HEADER);
    for job in jobs {
        file_rows(job, &by_name(&job.details), &mut out);
    }
    out
}

/// In name order: the file table's own order by default (one sort in the page's code).
fn by_name(files: &[Rc<FileTask>]) -> Vec<Rc<FileTask>> {
    TableView::default().all_rows(files)
}

/// When the job was created, as the server writes times: its `createTime`, else its ID's time
/// (when that is one a server can have issued).
fn create_time(job: &ImportJob) -> String {
    let stamped = job.create_time.clone().filter(|t| !t.trim().is_empty());
    let from_id =
        || crate::job::id::created_ms(&job.job_id).filter(|ms| *ms >= crate::job::id::EARLIEST_MS).map(crate::format::rfc3339_utc);
    stamped.or_else(from_id).unwrap_or_default()
}

fn push_row(out: &mut String, cells: &[String]) {
    let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

fn file_rows(job: &ImportJob, files: &[Rc<FileTask>], out: &mut String) {
    if files.is_empty() && job.state == JobState::Failed {
        // Failed in pre-import, before any file was listed: the file its reason names, if any.
        let paths = job.reason.as_deref().and_then(crate::job::failure::failure_site).map(|site| site.paths.join(" ")).unwrap_or_default();
        let cells = [
            job.job_id.clone(),
            String::new(),
            paths,
            crate::job::shown_state(job),
            job.progress.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            job.reason.clone().unwrap_or_default(),
        ];
        push_row(out, &cells);
        return;
    }
    for file in files {
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
