//! What the Milvus bulk-import API returns, read the way real servers write it.
//!
//! A crate of its own for one reason: the release build optimises the widget for size
//! (`opt-level = "z"`), and decoding is the one hot path where that costs (about 2× slower in
//! `make bench`). Cargo's per-package `opt-level` only reaches code compiled in that
//! package, and serde's generic decoders are compiled where they are instantiated: here, in the
//! `read_*` functions, so the workspace's release profile builds all of them at `opt-level = 3`.
//!
//! See `docs/` and the project's shared API page for the shapes per server version.

// Network data must never panic the page (release builds abort on panic).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice, clippy::panic)]
#![warn(clippy::too_many_lines)]

mod decimal;
mod file_name;
mod job;
mod lenient;
mod states;

pub use decimal::decimal;
pub use file_name::parse_file_name;
pub use job::{CreateResult, Envelope, FileTask, ImportJob, JobList, JobRecord};
pub use lenient::MAX_COUNT;
pub use states::{FileState, JobState};

use serde::de::IgnoredAny;

/// Reads a `describe` / `get_progress` / `getProgress` body.
///
/// ```
/// let envelope = milvus_import_wire::read_progress(br#"{"code":0,"data":{"jobId":"7","progress":"40"}}"#).unwrap();
/// assert_eq!(envelope.data.map(|job| job.progress), Some(40));
/// ```
pub fn read_progress(body: &[u8]) -> serde_json::Result<Envelope<ImportJob>> {
    read_json(body)
}

/// Reads a `list` body.
///
/// ```
/// let envelope = milvus_import_wire::read_list(br#"{"code":0,"data":{"records":[{"jobId":"1"}]}}"#).unwrap();
/// assert_eq!(envelope.data.map(|list| list.records.len()), Some(1));
/// ```
pub fn read_list(body: &[u8]) -> serde_json::Result<Envelope<JobList>> {
    read_json(body)
}

/// Reads a `create` body.
///
/// ```
/// let envelope = milvus_import_wire::read_create(br#"{"code":0,"data":{"jobId":"7"}}"#).unwrap();
/// assert_eq!(envelope.data.map(|created| created.job_id).as_deref(), Some("7"));
/// ```
pub fn read_create(body: &[u8]) -> serde_json::Result<Envelope<CreateResult>> {
    read_json(body)
}

/// Reads any envelope for its code and message, skipping the data (commit, abort, errors).
///
/// ```
/// let envelope = milvus_import_wire::read_envelope(br#"{"code":1100,"message":"import request is empty"}"#).unwrap();
/// assert_eq!(envelope.code, 1100);
/// ```
pub fn read_envelope(body: &[u8]) -> serde_json::Result<Envelope<IgnoredAny>> {
    read_json(body)
}

/// Checks that a body is JSON at all, whatever its shape.
///
/// ```
/// assert!(milvus_import_wire::check_json(b"[1, 2]").is_ok());
/// assert!(milvus_import_wire::check_json(b"<html>").is_err());
/// ```
pub fn check_json(body: &[u8]) -> serde_json::Result<()> {
    read_json::<IgnoredAny>(body).map(|_| ())
}

/// Parses a body as text, its UTF-8 checked once up front: `from_slice` checks each string
/// on its own, a third of a decode's time (make bench), and a second reader would double the
/// decoders' code. Bytes that are not UTF-8 read as U+FFFD, as a browser's `response.text()`
/// reads them: a name with a broken byte is shown, not refused.
fn read_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    // `from_utf8` first: it checks ASCII a word at a time, `from_utf8_lossy` a byte at a time.
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_str(&String::from_utf8_lossy(body)),
    }
}
