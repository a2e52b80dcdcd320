//! The records the import API returns, read leniently (see [`super::lenient`]).

use super::file_name::parse_file_name;
use super::lenient;
use super::states::{FileState, JobState};
use serde::{Deserialize, Serialize};

/// One import job, as `describe`, `get_progress` or Cloud's `getProgress` return it.
///
/// ```
/// use milvus_import_monitor::model::{ImportJob, JobState};
/// let job: ImportJob = serde_json::from_str(
///     r#"{"jobId":"461829374610022401","state":"Importing","progress":"62","details":null}"#,
/// ).unwrap();
/// assert_eq!(job.job_id, "461829374610022401");
/// assert_eq!((job.state, job.progress), (JobState::Importing, 62));
/// assert!(job.details.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportJob {
    /// The job ID exactly as sent (never through an f64); `jobID` is read too.
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    pub job_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub collection_name: String,
    #[serde(default)]
    pub state: JobState,
    /// Phase-weighted, 0..=100; not monotonic (see the band tables).
    #[serde(default, deserialize_with = "lenient::percent")]
    pub progress: u8,
    #[serde(default, deserialize_with = "lenient::count")]
    pub imported_rows: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_rows: u64,
    /// Bytes.
    #[serde(default, deserialize_with = "lenient::count")]
    pub file_size: u64,
    /// `None` until Completed (the server sends `""`).
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub complete_time: Option<String>,
    /// Only from 2.6.6.
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// Omitted by Milvus when empty; Cloud sends `""`.
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Zilliz Cloud's top-level file name.
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// One entry per file group, in the server's (random) order.
    #[serde(default, deserialize_with = "lenient::list")]
    pub details: Vec<FileTask>,
}

/// One file group of a job (`details[]`).
///
/// ```
/// use milvus_import_monitor::model::{FileState, FileTask};
/// let file: FileTask = serde_json::from_str(
///     r#"{"fileName":"[1/id.npy 1/vector.npy]","state":"InProgress","progress":48}"#,
/// ).unwrap();
/// assert_eq!(file.paths, ["1/id.npy", "1/vector.npy"]);
/// assert_eq!(file.state, FileState::InProgress);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireFileTask")]
pub struct FileTask {
    /// As sent: a key for the row, not a path.
    pub file_name: String,
    /// Parsed from `file_name`.
    pub paths: Vec<String>,
    pub file_size: u64,
    pub state: FileState,
    pub progress: u8,
    /// Derived by the server as progress × totalRows / 100; absent on Cloud (→ 0).
    pub imported_rows: u64,
    pub total_rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireFileTask {
    #[serde(default, deserialize_with = "lenient::string")]
    file_name: String,
    #[serde(default, deserialize_with = "lenient::count")]
    file_size: u64,
    #[serde(default)]
    state: FileState,
    #[serde(default, deserialize_with = "lenient::percent")]
    progress: u8,
    #[serde(default, deserialize_with = "lenient::count")]
    imported_rows: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    total_rows: u64,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    complete_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    reason: Option<String>,
}

impl From<WireFileTask> for FileTask {
    fn from(wire: WireFileTask) -> Self {
        FileTask {
            paths: parse_file_name(&wire.file_name),
            file_name: wire.file_name,
            file_size: wire.file_size,
            state: wire.state,
            progress: wire.progress,
            imported_rows: wire.imported_rows,
            total_rows: wire.total_rows,
            complete_time: wire.complete_time,
            reason: wire.reason,
        }
    }
}

/// One record of `list`.
///
/// ```
/// use milvus_import_monitor::model::JobRecord;
/// let record: JobRecord = serde_json::from_str(
///     r#"{"jobId":"1","collectionName":"books","state":"Completed","progress":100}"#,
/// ).unwrap();
/// assert_eq!(record.progress, 100);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    pub job_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub collection_name: String,
    #[serde(default)]
    pub state: JobState,
    #[serde(default, deserialize_with = "lenient::percent")]
    pub progress: u8,
    #[serde(default, deserialize_with = "lenient::opt_string", skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The `data` of `list`: every retained job on Milvus; one page on Zilliz Cloud, which adds
/// `count`, `currentPage` and `pageSize`.
///
/// ```
/// use milvus_import_monitor::model::JobList;
/// let list: JobList = serde_json::from_str(r#"{"records":[],"count":0,"currentPage":1,"pageSize":10}"#).unwrap();
/// assert_eq!(list.page_size, Some(10));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobList {
    #[serde(default, deserialize_with = "lenient::list")]
    pub records: Vec<JobRecord>,
    #[serde(default, deserialize_with = "opt_count", skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, deserialize_with = "opt_count", skip_serializing_if = "Option::is_none")]
    pub current_page: Option<u64>,
    #[serde(default, deserialize_with = "opt_count", skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u64>,
}

fn opt_count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    lenient::count(deserializer).map(Some)
}

/// The `data` of `create`.
///
/// ```
/// use milvus_import_monitor::model::CreateResult;
/// let created: CreateResult = serde_json::from_str(r#"{"jobId":"job-01fa0e5d42cjxudhpuehyp"}"#).unwrap();
/// assert_eq!(created.job_id, "job-01fa0e5d42cjxudhpuehyp");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateResult {
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    pub job_id: String,
}

/// The outer object of every answer: `{"code":0,"data":…}` or `{"code":N,"message":…}`.
/// Success is code 0, or 200 on Milvus 2.4.0–2.4.2.
///
/// ```
/// use milvus_import_monitor::model::{CreateResult, Envelope};
/// let ok: Envelope<CreateResult> = serde_json::from_str(r#"{"code":200,"data":{"jobId":"7"}}"#).unwrap();
/// assert!(ok.is_success());
/// let err: Envelope<CreateResult> = serde_json::from_str(r#"{"code":1100,"message":"import request is empty"}"#).unwrap();
/// assert!(!err.is_success());
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Envelope<T> {
    /// Required: a body without it is not an answer of this API.
    #[serde(deserialize_with = "lenient::code")]
    pub code: i64,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(default = "Option::default", deserialize_with = "lenient::object")]
    pub data: Option<T>,
}

impl<T> Envelope<T> {
    /// Code 0 (2.4.3 and later, Cloud) or 200 (2.4.0–2.4.2). Code 200 is also "partition
    /// not found" on every version; that one carries a `message` and no `data`, a 2.4.0
    /// success never has a message.
    pub fn is_success(&self) -> bool {
        self.code == 0 || (self.code == 200 && (self.data.is_some() || self.message.is_none()))
    }
}
