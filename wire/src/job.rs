//! The records the import API returns, read leniently (see [`super::lenient`]).

use crate::file_name::parse_file_name;
use crate::lenient;
use crate::states::{FileState, JobState};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// One import job, as `describe`, `get_progress` or Cloud's `getProgress` return it.
///
/// ```
/// use milvus_import_wire::{ImportJob, JobState};
/// let job: ImportJob = serde_json::from_str(
///     r#"{"jobId":"461829374610022401","state":"Importing","progress":"62","details":null}"#,
/// ).unwrap();
/// assert_eq!(job.job_id, "461829374610022401");
/// assert_eq!((job.state, job.progress), (JobState::Importing, 62));
/// assert!(job.details.is_empty());
/// ```
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireImportJob")]
pub struct ImportJob {
    /// The job ID exactly as sent (never through an f64); `jobID` is read too.
    pub job_id: String,
    pub collection_name: String,
    #[cfg_attr(all(target_arch = "wasm32", feature = "npm"), tsify(type = "JobState"))]
    pub state: JobState,
    /// Phase-weighted, 0..=100; not monotonic (see the band tables).
    pub progress: u8,
    /// Rows written so far; `None` where the server does not say (Zilliz Cloud): unknown, not 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_rows: Option<u64>,
    pub total_rows: u64,
    /// Bytes.
    pub file_size: u64,
    /// `None` until Completed (the server sends `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_time: Option<String>,
    /// Only from 2.6.6.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// Omitted by Milvus when empty; Cloud sends `""`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Zilliz Cloud's top-level file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// One entry per file group, in the server's (random) order. Each behind its own `Rc`, so a
    /// file that did not change between two answers is shared, not copied, and its table row is
    /// not drawn again.
    #[cfg_attr(all(target_arch = "wasm32", feature = "npm"), tsify(type = "FileTask[]"))]
    pub details: Vec<Rc<FileTask>>,
}

/// How [`ImportJob`] is read: every field lenient and defaulted. Kept apart so the written
/// shape (and its TypeScript type) says which fields are always there.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireImportJob {
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    job_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    collection_name: String,
    #[serde(default)]
    state: JobState,
    #[serde(default, deserialize_with = "lenient::percent")]
    progress: u8,
    #[serde(default, deserialize_with = "lenient::opt_count")]
    imported_rows: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    total_rows: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    file_size: u64,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    complete_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    create_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    file_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    details: Vec<Rc<FileTask>>,
}

impl From<WireImportJob> for ImportJob {
    fn from(w: WireImportJob) -> Self {
        ImportJob {
            job_id: w.job_id,
            collection_name: w.collection_name,
            state: w.state,
            progress: w.progress,
            imported_rows: w.imported_rows,
            total_rows: w.total_rows,
            file_size: w.file_size,
            complete_time: w.complete_time,
            create_time: w.create_time,
            reason: w.reason,
            file_name: w.file_name,
            details: w.details,
        }
    }
}

/// One file group of a job (`details[]`).
///
/// ```
/// use milvus_import_wire::{FileState, FileTask};
/// let file: FileTask = serde_json::from_str(
///     r#"{"fileName":"[1/id.npy 1/vector.npy]","state":"InProgress","progress":48}"#,
/// ).unwrap();
/// assert_eq!(file.paths(), ["1/id.npy", "1/vector.npy"]);
/// assert_eq!(file.state, FileState::InProgress);
/// // Written with its paths, as the JS API and the JSON export show it.
/// assert!(serde_json::to_string(&file).unwrap().contains(r#""paths":["1/id.npy","1/vector.npy"]"#));
/// ```
// `Eq` lets `Rc<FileTask>` compare by pointer first: an unchanged row costs one comparison.
// The TypeScript interface is written by hand (src/embed.rs): `paths` is computed, not a field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(from = "WireFileTask")]
pub struct FileTask {
    /// As sent: a key for the row, not a path; [`FileTask::paths`] reads the paths in it.
    pub file_name: String,
    pub file_size: u64,
    pub state: FileState,
    pub progress: u8,
    /// Derived by the server as progress × totalRows / 100; absent on Cloud (`None`: unknown).
    pub imported_rows: Option<u64>,
    pub total_rows: u64,
    pub complete_time: Option<String>,
    pub reason: Option<String>,
}

impl FileTask {
    /// The paths in [`Self::file_name`] (see [`parse_file_name`]). Computed when asked rather
    /// than at every decode: a poll of 1,024 groups would otherwise allocate three strings and
    /// a vector per group for rows that are not even redrawn.
    pub fn paths(&self) -> Vec<String> {
        parse_file_name(&self.file_name)
    }
}

impl Serialize for FileTask {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let optional =
            usize::from(self.complete_time.is_some()) + usize::from(self.reason.is_some()) + usize::from(self.imported_rows.is_some());
        let mut out = serializer.serialize_struct("FileTask", 6 + optional)?;
        out.serialize_field("fileName", &self.file_name)?;
        out.serialize_field("paths", &self.paths())?;
        out.serialize_field("fileSize", &self.file_size)?;
        out.serialize_field("state", &self.state)?;
        out.serialize_field("progress", &self.progress)?;
        if let Some(rows) = &self.imported_rows {
            out.serialize_field("importedRows", rows)?;
        }
        out.serialize_field("totalRows", &self.total_rows)?;
        if let Some(time) = &self.complete_time {
            out.serialize_field("completeTime", time)?;
        }
        if let Some(reason) = &self.reason {
            out.serialize_field("reason", reason)?;
        }
        out.end()
    }
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
    #[serde(default, deserialize_with = "lenient::opt_count")]
    imported_rows: Option<u64>,
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
/// use milvus_import_wire::JobRecord;
/// let record: JobRecord = serde_json::from_str(
///     r#"{"jobId":"1","collectionName":"books","state":"Completed","progress":100}"#,
/// ).unwrap();
/// assert_eq!(record.progress, Some(100));
/// // Zilliz Cloud's records carry no progress: unknown, not 0 %.
/// let cloud: JobRecord = serde_json::from_str(r#"{"jobId":"job-1","state":"Importing"}"#).unwrap();
/// assert_eq!(cloud.progress, None);
/// ```
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireJobRecord")]
pub struct JobRecord {
    pub job_id: String,
    pub collection_name: String,
    #[cfg_attr(all(target_arch = "wasm32", feature = "npm"), tsify(type = "JobState"))]
    pub state: JobState,
    /// `None` where the server sends none (Zilliz Cloud).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireJobRecord {
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    job_id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    collection_name: String,
    #[serde(default)]
    state: JobState,
    #[serde(default, deserialize_with = "lenient::opt_percent")]
    progress: Option<u8>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    reason: Option<String>,
}

impl From<WireJobRecord> for JobRecord {
    fn from(w: WireJobRecord) -> Self {
        JobRecord { job_id: w.job_id, collection_name: w.collection_name, state: w.state, progress: w.progress, reason: w.reason }
    }
}

/// The `data` of `list`: every retained job on Milvus; one page on Zilliz Cloud, which adds
/// `count`, `currentPage` and `pageSize`.
///
/// ```
/// use milvus_import_wire::JobList;
/// let list: JobList = serde_json::from_str(r#"{"records":[],"count":0,"currentPage":1,"pageSize":10}"#).unwrap();
/// assert_eq!(list.page_size, Some(10));
/// ```
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireJobList")]
pub struct JobList {
    pub records: Vec<JobRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireJobList {
    #[serde(default, deserialize_with = "lenient::list")]
    records: Vec<JobRecord>,
    #[serde(default, deserialize_with = "opt_count")]
    count: Option<u64>,
    #[serde(default, deserialize_with = "opt_count")]
    current_page: Option<u64>,
    #[serde(default, deserialize_with = "opt_count")]
    page_size: Option<u64>,
}

impl From<WireJobList> for JobList {
    fn from(w: WireJobList) -> Self {
        JobList { records: w.records, count: w.count, current_page: w.current_page, page_size: w.page_size }
    }
}

fn opt_count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    lenient::count(deserializer).map(Some)
}

/// The `data` of `create`.
///
/// ```
/// use milvus_import_wire::CreateResult;
/// let created: CreateResult = serde_json::from_str(r#"{"jobId":"job-01fa0e5d42cjxudhpuehyp"}"#).unwrap();
/// assert_eq!(created.job_id, "job-01fa0e5d42cjxudhpuehyp");
/// ```
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireCreateResult")]
pub struct CreateResult {
    pub job_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCreateResult {
    #[serde(default, alias = "jobID", deserialize_with = "lenient::job_id")]
    job_id: String,
}

impl From<WireCreateResult> for CreateResult {
    fn from(w: WireCreateResult) -> Self {
        CreateResult { job_id: w.job_id }
    }
}

/// The outer object of every answer: `{"code":0,"data":…}` or `{"code":N,"message":…}`.
/// Success is code 0, or 200 on Milvus 2.4.0–2.4.2.
///
/// ```
/// use milvus_import_wire::{CreateResult, Envelope};
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
