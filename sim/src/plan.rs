//! Planning a job when it is created: rows and sizes from its paths and the seed, a slot
//! schedule for the writing phase, and which file (if any) fails and how.

use crate::profile::{Bands, Profile};

/// How fast and how long things take, in simulated seconds.
#[derive(Debug, Clone)]
pub struct Pace {
    /// Rows per second written by one import task.
    pub rows_per_sec: f64,
    /// Import tasks running at once (DataNode slots: `dataNode.import.concurrencyPerCPUCore`, `dataNode.slot.slotCap`).
    pub slots: usize,
    pub queue_secs: f64,
    pub preimport_secs: f64,
    /// Sorting takes this long per million rows (plus one second).
    pub sort_secs_per_million: f64,
    /// Index building takes this long per million rows (plus two seconds).
    pub index_secs_per_million: f64,
    pub commit_secs: f64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            rows_per_sec: 20_000.0,
            slots: 4,
            queue_secs: 2.0,
            preimport_secs: 3.0,
            sort_secs_per_million: 4.0,
            index_secs_per_million: 10.0,
            commit_secs: 2.0,
        }
    }
}

/// One file group of a job, planned at creation.
#[derive(Debug, Clone)]
pub struct FilePlan {
    pub paths: Vec<String>,
    pub file_id: i64,
    pub size: u64,
    pub rows: u64,
    /// Offsets from the start of the writing phase.
    pub start: f64,
    pub end: f64,
    /// When set, how the file fails.
    pub failure: Option<FailurePlan>,
}

/// How a file group fails.
#[derive(Debug, Clone)]
pub enum FailurePlan {
    /// Bad data (a row, a dimension, a field): pre-import reads every row, so the job fails
    /// there, before any file is listed.
    PreImport { cause: String },
    /// Writing fails this far into the writing phase: every task is marked Failed.
    Write { at: f64, cause: String },
}

impl FailurePlan {
    pub fn cause(&self) -> &str {
        match self {
            FailurePlan::PreImport { cause } | FailurePlan::Write { cause, .. } => cause,
        }
    }
}

/// Overrides for one job's timeline (demo and scenario jobs).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    pub queue_secs: Option<f64>,
    pub sort_secs: Option<f64>,
    pub index_secs: Option<f64>,
    pub rows_per_sec: Option<f64>,
    /// Rows of every file group, instead of the count derived from its path.
    pub rows: Option<u64>,
}

/// Stable FNV-1a, so sizes and rows depend only on the path and the seed.
pub fn fnv(seed: u64, text: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `*` matches any run of characters; everything else is literal.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The reason a file that cannot be imported gets, by format: JSON as the shared API page's
/// example (§3); the others in the words of Milvus's import readers
/// (internal/util/importutilv2), each wrapped once by `WrapErrImportFailed`.
fn failure_reason(path: &str, row: u64) -> String {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".json") {
        format!("failed to parse row {row}: field 'vector' dim mismatch, expected 768 but got 767")
    } else if lower.ends_with(".npy") {
        "expected dim '768' for FloatVector field 'vector', got dim '767': importing data failed".to_owned()
    } else if lower.ends_with(".csv") {
        "failed to parse row, error: the number of fields in the row is not equal to the header: importing data failed: importing data failed"
            .to_owned()
    } else {
        format!("vector row width mismatch: field vector, row {row}, expected 3072 bytes but got 3068 bytes, data type: FloatVector: importing data failed")
    }
}

/// The inputs of [`plan`].
pub struct JobRequest<'a> {
    pub id: String,
    pub numeric_id: i64,
    pub collection: String,
    pub files: &'a [Vec<String>],
    pub manual_commit: bool,
    pub created_at: f64,
}

/// A job as planned at creation: what it is, and how long each phase will take. A value: the
/// engine turns it into a running job (`engine::Job::from`).
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub collection: String,
    /// Simulated Unix time of creation.
    pub created_at: f64,
    pub files: Vec<FilePlan>,
    pub queued: f64,
    pub preimport: f64,
    pub writing: f64,
    pub sorting: f64,
    pub indexing: f64,
    pub commit_secs: f64,
    pub manual_commit: bool,
    /// The 3.0 line: every job passes through Uncommitted and Committing after its index.
    pub two_phase: bool,
    pub bands: Bands,
}

/// Which files fail, by glob (`--fail-pattern`, `--write-fail-pattern`, `--missing-pattern`).
#[derive(Debug, Clone, Copy)]
pub struct FailPatterns<'a> {
    /// Bad data: the job fails in pre-import.
    pub bad_data: &'a str,
    /// Writing fails partway.
    pub write_fail: &'a str,
    /// Not in this cluster's object storage (a standby whose storage lacks the primary's
    /// files): the job fails in pre-import, object not found.
    pub missing: &'a str,
}

/// Plans a job: rows and sizes from the paths and seed, a slot schedule for the writing phase,
/// and the failure of any file matching one of `patterns`.
pub fn plan(request: JobRequest, profile: Profile, pace: &Pace, timing: &Timing, seed: u64, patterns: FailPatterns) -> Plan {
    let rate = timing.rows_per_sec.unwrap_or(pace.rows_per_sec).max(1.0);
    let mut slot_free = vec![0.0f64; pace.slots.max(1)];
    let mut files = Vec::with_capacity(request.files.len());
    for (index, paths) in request.files.iter().enumerate() {
        let key = paths.first().map(String::as_str).unwrap_or_default();
        let hash = fnv(seed, key);
        let rows = timing.rows.unwrap_or(40_000 + hash % 360_001);
        let size: u64 = paths
            .iter()
            .map(|p| {
                let per_row = if p.ends_with(".json") {
                    6_900
                } else if p.ends_with(".csv") {
                    5_200
                } else {
                    3_150
                };
                rows * (per_row + fnv(seed, p) % 300) / paths.len() as u64
            })
            .sum();
        let (slot, free) = slot_free.iter().copied().enumerate().fold((0, f64::MAX), |best, (i, f)| if f < best.1 { (i, f) } else { best });
        let duration = rows as f64 / rate;
        slot_free[slot] = free + duration;
        let missing =
            paths.iter().find(|p| !patterns.missing.is_empty() && glob_match(patterns.missing, p)).map(|p| FailurePlan::PreImport {
                // Composed: the CDC page names an object-not-found failure but does not quote it.
                cause: format!("failed to read file '{p}': object not found: The specified key does not exist."),
            });
        let bad_data = paths
            .iter()
            .find(|p| glob_match(patterns.bad_data, p))
            .map(|p| FailurePlan::PreImport { cause: failure_reason(p, 1 + hash % rows.max(1)) });
        let failure = missing.or(bad_data).or_else(|| {
            paths.iter().find(|p| glob_match(patterns.write_fail, p)).map(|p| FailurePlan::Write {
                at: free + duration * 0.3,
                cause: format!("failed to sync segment of '{p}': put object: connection reset by peer"),
            })
        });
        files.push(FilePlan {
            paths: paths.clone(),
            file_id: request.numeric_id.wrapping_add(1 + index as i64),
            size,
            rows,
            start: free,
            end: free + duration,
            failure,
        });
    }
    let total_rows: u64 = files.iter().map(|f| f.rows).sum();
    let millions = total_rows as f64 / 1e6;
    let bands = profile.bands();
    let writing = files.iter().map(|f| f.end).fold(0.0, f64::max);
    Plan {
        id: request.id,
        collection: request.collection,
        created_at: request.created_at,
        queued: timing.queue_secs.unwrap_or(pace.queue_secs),
        preimport: pace.preimport_secs + 0.01 * files.len() as f64,
        writing,
        sorting: if bands == Bands::Modern { timing.sort_secs.unwrap_or(1.0 + pace.sort_secs_per_million * millions) } else { 0.0 },
        indexing: timing.index_secs.unwrap_or(2.0 + pace.index_secs_per_million * millions),
        commit_secs: pace.commit_secs,
        manual_commit: request.manual_commit && profile.has_manual_commit(),
        two_phase: profile.has_manual_commit(),
        files,
        bands,
    }
}
