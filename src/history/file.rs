//! History as a file a team can share: the kept jobs (each one's last answer and timeline; a
//! token was never kept, so none is written) as JSON with a format name and a version, and the
//! same read back, validated. Reading never executes anything: the file is data, checked
//! before it is believed. A file that is too large, not JSON, another format or a newer version
//! is refused whole; each job in it is checked alone (its shape, its key, an http(s) endpoint,
//! names of a sane length), and a bad one is skipped and counted, not fatal to the others.
//! Names are kept as they are (a `<script>` in a collection's name is text, and the views show
//! text).

use crate::history::{kept_key, KeptJob};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// What the file says it is.
pub const FORMAT: &str = "milvus-import-monitor.history";
/// The version this page writes and reads; a newer one is refused, not guessed at.
pub const VERSION: u64 = 1;
/// A file larger than this is refused before it is parsed (a full history of 1,024-group jobs
/// with their timelines is about 40 MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Jobs read from one file at most.
pub const MAX_JOBS: usize = 1000;
/// Lengths beyond which a name is not one Milvus gave (its own limits are far lower).
const MAX_ENDPOINT_CHARS: usize = 2048;
const MAX_NAME_CHARS: usize = 1024;
/// Skipped jobs whose reason is told (the rest are counted).
const REASONS_TOLD: usize = 5;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    exported_at: &'a str,
    jobs: &'a [KeptJob],
}

/// The file for `jobs`, exported at `exported_at` (RFC 3339).
pub fn write(jobs: &[KeptJob], exported_at: &str) -> String {
    serde_json::to_string(&FileOut { format: FORMAT, version: VERSION, exported_at, jobs }).unwrap_or_default()
}

/// Why a file was refused whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        detail: String,
    },
    /// Valid JSON, but not a history this page wrote.
    NotAHistory,
    NewerVersion {
        version: u64,
    },
    TooManyJobs {
        jobs: usize,
    },
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            FileProblem::TooLarge { bytes } => {
                write!(f, "The file is {} MB; a history file is at most {} MB.", bytes / 1_048_576, MAX_FILE_BYTES / 1_048_576)
            }
            FileProblem::NotJson { detail } => write!(f, "The file is not JSON ({detail})."),
            FileProblem::NotAHistory => write!(f, "The file is JSON but not a history exported by this monitor."),
            FileProblem::NewerVersion { version } => {
                write!(f, "The file is a version {version} history; this page reads version {VERSION}: update the page.")
            }
            FileProblem::TooManyJobs { jobs } => write!(f, "The file holds {jobs} jobs; at most {MAX_JOBS} are read from one file."),
        }
    }
}

/// What a file brought.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    pub jobs: Vec<KeptJob>,
    /// Jobs skipped, and why the first few were.
    pub skipped: usize,
    pub reasons: Vec<String>,
}

/// Reads a history file.
///
/// ```
/// use milvus_import_monitor::history::file::{read, write, FileProblem};
/// assert_eq!(read(&write(&[], "2026-12-06T09:00:00Z")).unwrap().jobs.len(), 0);
/// assert_eq!(read("{\"format\": \"something else\"}"), Err(FileProblem::NotAHistory));
/// ```
pub fn read(text: &str) -> Result<Imported, FileProblem> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge { bytes: text.len() });
    }
    // Read as raw JSON first (syntax), then its parts: each job is read from its own text by the
    // same reader as a kept copy, with no `Value` tree of the whole file.
    let whole: &RawValue = serde_json::from_str(text).map_err(|e| FileProblem::NotJson { detail: e.to_string() })?;
    let head: Head = serde_json::from_str(whole.get()).map_err(|_| FileProblem::NotAHistory)?;
    if head.format.and_then(|f| serde_json::from_str::<&str>(f.get()).ok()) != Some(FORMAT) {
        return Err(FileProblem::NotAHistory);
    }
    match head.version.and_then(|v| serde_json::from_str::<u64>(v.get()).ok()) {
        Some(VERSION) => {}
        Some(version) if version > VERSION => return Err(FileProblem::NewerVersion { version }),
        _ => return Err(FileProblem::NotAHistory),
    }
    let entries: Vec<&RawValue> = head.jobs.and_then(|jobs| serde_json::from_str(jobs.get()).ok()).ok_or(FileProblem::NotAHistory)?;
    if entries.len() > MAX_JOBS {
        return Err(FileProblem::TooManyJobs { jobs: entries.len() });
    }
    let mut imported = Imported::default();
    for (n, entry) in entries.iter().enumerate() {
        match checked(entry) {
            Ok(job) => imported.jobs.push(job),
            Err(why) => {
                imported.skipped += 1;
                if imported.reasons.len() < REASONS_TOLD {
                    imported.reasons.push(format!("job {}: {why}", n + 1));
                }
            }
        }
    }
    Ok(imported)
}

/// A history file's parts, each left as its text until it is checked.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow, default)]
    format: Option<&'a RawValue>,
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    jobs: Option<&'a RawValue>,
}

/// One job of a file, if it is one this page could have kept.
fn checked(entry: &RawValue) -> Result<KeptJob, String> {
    let job: KeptJob = serde_json::from_str(entry.get()).map_err(|e| format!("not a kept job ({e})"))?;
    let endpoint = job.key.strip_suffix(&format!(" {}", job.job.job_id)).ok_or("its key does not name its job")?;
    if kept_key(endpoint, &job.job.job_id) != job.key || job.job.job_id.trim().is_empty() {
        return Err("its key does not name its job".into());
    }
    let lower = endpoint.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) || endpoint.chars().count() > MAX_ENDPOINT_CHARS {
        return Err("its server is not an http(s) address".into());
    }
    let too_long = [job.job.job_id.as_str(), job.job.collection_name.as_str()].iter().any(|name| name.chars().count() > MAX_NAME_CHARS)
        || job.job.details.iter().any(|f| f.file_name.chars().count() > MAX_NAME_CHARS * 4)
        || job.batch.as_ref().is_some_and(|b| b.chars().count() > MAX_ENDPOINT_CHARS + MAX_NAME_CHARS);
    if too_long {
        return Err("a name in it is longer than any Milvus gives".into());
    }
    if !job.saved_at_ms.is_finite() || job.saved_at_ms < 0.0 {
        return Err("its saving time is not a time".into());
    }
    Ok(job)
}
