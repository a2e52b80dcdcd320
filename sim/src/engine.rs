//! The job engine: each job walks the real phases (queued → pre-import → writing rows →
//! sorting → index building → completed, or failed), computed from its age in simulated time,
//! so a snapshot is a pure function of the job and the clock.

use crate::gojson::protobuf_file_record;
use crate::profile::{Bands, Profile};

/// How fast and how long things take, in simulated seconds.
#[derive(Debug, Clone)]
pub struct Pace {
    /// Rows per second written by one import task.
    pub rows_per_sec: f64,
    /// Import tasks running at once (DataNode slots, `maxConcurrentTaskNum`).
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
    fn cause(&self) -> &str {
        match self {
            FailurePlan::PreImport { cause } | FailurePlan::Write { cause, .. } => cause,
        }
    }
}

/// Overrides for one job's timeline (demo and scenario jobs).
#[derive(Debug, Clone, Default)]
pub struct Timing {
    pub queue_secs: Option<f64>,
    pub sort_secs: Option<f64>,
    pub index_secs: Option<f64>,
    pub rows_per_sec: Option<f64>,
    /// Rows of every file group, instead of the count derived from its path.
    pub rows: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub collection: String,
    /// Simulated Unix time of creation.
    pub created_at: f64,
    /// Real time of creation (2.6's asynchronous job record).
    pub created_real: std::time::Instant,
    pub files: Vec<FilePlan>,
    queued: f64,
    preimport: f64,
    writing: f64,
    sorting: f64,
    indexing: f64,
    commit_secs: f64,
    pub manual_commit: bool,
    /// The 3.0 line: every job passes through Uncommitted and Committing after its index
    /// (an auto-commit job commits itself, and reports it as Importing at 99).
    two_phase: bool,
    /// Ages at which commit / abort were called.
    pub committed_at: Option<f64>,
    pub aborted_at: Option<f64>,
    /// Simulated time when the job was frozen (it stops ageing), and the total frozen time.
    pub frozen_since: Option<f64>,
    pub paused: f64,
    bands: Bands,
}

/// The phase a job is in, as the server knows it internally.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    Queued,
    PreImport,
    Writing,
    Sorting,
    Indexing,
    Uncommitted,
    Committing,
    Completed,
    Failed,
}

impl Phase {
    /// The name DataCoord gives the state in its messages ("job N is in state Importing, …").
    pub fn internal_name(self) -> &'static str {
        match self {
            Phase::Queued => "Pending",
            Phase::PreImport => "PreImporting",
            Phase::Writing => "Importing",
            Phase::Sorting => "Sorting",
            Phase::Indexing => "IndexBuilding",
            Phase::Uncommitted => "Uncommitted",
            Phase::Committing => "Committing",
            Phase::Completed => "Completed",
            Phase::Failed => "Failed",
        }
    }
}

/// What `describe` reports at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub phase: Phase,
    pub state: &'static str,
    pub progress: u64,
    pub imported_rows: u64,
    pub total_rows: u64,
    pub file_size: u64,
    /// Simulated Unix time.
    pub complete_time: Option<f64>,
    pub reason: Option<String>,
    pub details: Vec<FileSnapshot>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileSnapshot {
    pub index: usize,
    pub state: &'static str,
    pub progress: u64,
    pub imported_rows: u64,
    pub total_rows: u64,
    pub size: u64,
    pub complete_time: Option<f64>,
    pub reason: Option<String>,
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

/// A realistic reason for a file that cannot be imported, by format.
fn failure_reason(path: &str, row: u64) -> String {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".json") {
        format!("failed to parse row {row}: field 'vector' dim mismatch, expected 768 but got 767")
    } else if lower.ends_with(".npy") {
        format!("the shape of the numpy file '{path}' is [{row} 767], which does not match the dim 768 of field 'vector'")
    } else if lower.ends_with(".csv") {
        format!("failed to parse row {row}: the number of columns 4 does not match the number of fields 3")
    } else {
        format!("failed to read parquet file '{path}': field 'vector' has type list<float> of length 767, expected 768 at row {row}")
    }
}

/// The inputs of [`Job::plan`].
pub struct JobRequest<'a> {
    pub id: String,
    pub numeric_id: i64,
    pub collection: String,
    pub files: &'a [Vec<String>],
    pub manual_commit: bool,
    pub created_at: f64,
}

impl Job {
    /// Plans a job: rows and sizes from the paths and seed, a slot schedule for the writing
    /// phase, and the failure of any file matching `fail_pattern`.
    pub fn plan(
        request: JobRequest,
        profile: Profile,
        pace: &Pace,
        timing: &Timing,
        seed: u64,
        fail_pattern: &str,
        write_fail_pattern: &str,
    ) -> Job {
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
            let (slot, free) =
                slot_free.iter().copied().enumerate().fold((0, f64::MAX), |best, (i, f)| if f < best.1 { (i, f) } else { best });
            let duration = rows as f64 / rate;
            slot_free[slot] = free + duration;
            let bad_data = paths
                .iter()
                .find(|p| glob_match(fail_pattern, p))
                .map(|p| FailurePlan::PreImport { cause: failure_reason(p, 1 + hash % rows.max(1)) });
            let failure = bad_data.or_else(|| {
                paths.iter().find(|p| glob_match(write_fail_pattern, p)).map(|p| FailurePlan::Write {
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
        Job {
            id: request.id,
            collection: request.collection,
            created_at: request.created_at,
            created_real: std::time::Instant::now(),
            queued: timing.queue_secs.unwrap_or(pace.queue_secs),
            preimport: pace.preimport_secs + 0.01 * files.len() as f64,
            writing,
            sorting: if bands == Bands::Modern { timing.sort_secs.unwrap_or(1.0 + pace.sort_secs_per_million * millions) } else { 0.0 },
            indexing: timing.index_secs.unwrap_or(2.0 + pace.index_secs_per_million * millions),
            commit_secs: pace.commit_secs,
            manual_commit: request.manual_commit && profile.has_manual_commit(),
            two_phase: profile.has_manual_commit(),
            committed_at: None,
            aborted_at: None,
            frozen_since: None,
            paused: 0.0,
            files,
            bands,
        }
    }

    /// Moves the job's clock as if it had been created `secs` earlier.
    pub fn age_by(&mut self, secs: f64) {
        self.created_at -= secs;
    }

    /// The job's age in simulated seconds (frozen time excluded).
    pub fn age(&self, now: f64) -> f64 {
        (self.frozen_since.unwrap_or(now) - self.created_at - self.paused).max(0.0)
    }

    /// The simulated Unix time at which the job reached `age`.
    fn at(&self, age: f64) -> f64 {
        self.created_at + self.paused + age
    }

    pub fn freeze(&mut self, now: f64) {
        self.frozen_since.get_or_insert(now);
    }

    pub fn resume(&mut self, now: f64) {
        if let Some(since) = self.frozen_since.take() {
            self.paused += now - since;
        }
    }

    fn writing_starts(&self) -> f64 {
        self.queued + self.preimport
    }

    /// The age at which the first failing file fails, and which.
    fn failure(&self) -> Option<(f64, usize)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                f.failure.as_ref().map(|failure| match failure {
                    // Partway through pre-import, which reads every row first.
                    FailurePlan::PreImport { .. } => (self.queued + self.preimport * 0.6, i),
                    FailurePlan::Write { at, .. } => (self.writing_starts() + at, i),
                })
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// The age at which the job reached a final state, if it has.
    pub fn ended_at(&self, age: f64) -> Option<f64> {
        let end = self.terminal_age()?;
        (age >= end).then_some(end)
    }

    fn terminal_age(&self) -> Option<f64> {
        if let Some((at, _)) = self.failure() {
            return Some(at.min(self.aborted_at.unwrap_or(f64::MAX)));
        }
        if let Some(at) = self.aborted_at {
            return Some(at);
        }
        let finished = self.writing_starts() + self.writing + self.sorting + self.indexing;
        if self.manual_commit {
            return self.committed_at.map(|c| c.max(finished) + self.commit_secs);
        }
        Some(if self.two_phase { finished + self.commit_secs } else { finished })
    }

    /// The phase at an age.
    pub fn phase(&self, age: f64) -> Phase {
        let failed = self.failure().map(|(at, _)| at).into_iter().chain(self.aborted_at).fold(f64::MAX, f64::min);
        if age >= failed {
            return Phase::Failed;
        }
        let w = self.writing_starts();
        let sorted = w + self.writing + self.sorting;
        let indexed = sorted + self.indexing;
        if age < self.queued {
            Phase::Queued
        } else if age < w {
            Phase::PreImport
        } else if age < w + self.writing {
            Phase::Writing
        } else if age < sorted {
            Phase::Sorting
        } else if age < indexed {
            Phase::Indexing
        } else if !self.manual_commit {
            if self.two_phase && age < indexed + self.commit_secs {
                Phase::Committing
            } else {
                Phase::Completed
            }
        } else {
            match self.committed_at {
                Some(c) if age >= c.max(indexed) + self.commit_secs => Phase::Completed,
                Some(_) => Phase::Committing,
                None => Phase::Uncommitted,
            }
        }
    }

    /// What `describe` says at an age.
    pub fn snapshot(&self, age: f64) -> Snapshot {
        let phase = self.phase(age);
        let w = self.writing_starts();
        let total_rows: u64 = self.files.iter().map(|f| f.rows).sum();
        let fraction = |from: f64, len: f64| if len <= 0.0 { 1.0 } else { ((age - from) / len).clamp(0.0, 1.0) };
        let band = |base: u64, width: u64, f: f64| base + (f * width as f64).floor() as u64;
        match phase {
            Phase::Queued => self.bare(phase, "Pending", band(0, 10, fraction(0.0, self.queued)).min(9)),
            Phase::PreImport => self.bare(phase, "Importing", band(10, 30, fraction(self.queued, self.preimport)).min(39)),
            Phase::Writing => {
                let details = self.file_snapshots(age - w);
                let imported: u64 = self.files.iter().map(|f| rows_done(f, age - w)).sum();
                let f = if total_rows == 0 { 1.0 } else { imported as f64 / total_rows as f64 };
                let progress = band(40, 30, f).min(69);
                self.with_details(phase, "Importing", progress, imported, total_rows, details, None)
            }
            Phase::Sorting => {
                let p = band(70, 10, fraction(w + self.writing, self.sorting)).min(79);
                self.with_details(phase, "Importing", p, total_rows, total_rows, self.file_snapshots(self.writing), None)
            }
            Phase::Indexing => {
                let p = match self.bands {
                    Bands::Modern => band(80, 10, fraction(w + self.writing + self.sorting, self.indexing)).min(89),
                    Bands::Late24 => band(70, 20, fraction(w + self.writing + self.sorting, self.indexing)).min(89),
                    // Every file Completed, all rows written, and exactly 70 until the index is
                    // built: then straight to 100.
                    Bands::Early24 => 70,
                };
                self.with_details(phase, "Importing", p, total_rows, total_rows, self.file_snapshots(self.writing), None)
            }
            Phase::Uncommitted | Phase::Committing => {
                let state = match (self.manual_commit, phase) {
                    (false, _) => "Importing",
                    (true, Phase::Uncommitted) => "Uncommitted",
                    (true, _) => "Committing",
                };
                self.with_details(phase, state, 99, total_rows, total_rows, self.file_snapshots(self.writing), None)
            }
            Phase::Completed => {
                let end = self.terminal_age().unwrap_or(age);
                let mut snap = self.with_details(phase, "Completed", 100, total_rows, total_rows, self.file_snapshots(self.writing), None);
                snap.complete_time = Some(self.at(end));
                snap
            }
            Phase::Failed => {
                let (end, failing) = match (self.failure(), self.aborted_at) {
                    (Some((at, index)), abort) if abort.is_none_or(|a| at <= a) => (at, Some(index)),
                    (_, abort) => (abort.unwrap_or(age), None),
                };
                let local = (end - w).max(0.0);
                let (details, reason) = match failing.and_then(|index| self.files[index].failure.as_ref().map(|f| (f, &self.files[index])))
                {
                    // The DataNode names the file as protobuf text; no file is listed yet.
                    Some((failure @ FailurePlan::PreImport { .. }, file)) => {
                        (Vec::new(), format!("error: {}, file: {}", failure.cause(), protobuf_file_record(file.file_id, &file.paths)))
                    }
                    Some((failure, _)) => {
                        let reason = format!("{}: importing data failed", failure.cause());
                        (self.failed_snapshots(local, &reason), reason)
                    }
                    None => {
                        (if end >= w { self.failed_snapshots(local, "aborted by user") } else { Vec::new() }, "aborted by user".to_owned())
                    }
                };
                self.with_details(phase, "Failed", 0, 0, 0, details, Some(reason))
            }
        }
    }

    fn bare(&self, phase: Phase, state: &'static str, progress: u64) -> Snapshot {
        Snapshot {
            phase,
            state,
            progress,
            imported_rows: 0,
            total_rows: 0,
            file_size: 0,
            complete_time: None,
            reason: None,
            details: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn with_details(
        &self,
        phase: Phase,
        state: &'static str,
        progress: u64,
        imported: u64,
        total: u64,
        details: Vec<FileSnapshot>,
        reason: Option<String>,
    ) -> Snapshot {
        let file_size = details.iter().map(|d| d.size).sum();
        Snapshot { phase, state, progress, imported_rows: imported, total_rows: total, file_size, complete_time: None, reason, details }
    }

    /// A job that failed while writing: every task Failed with the job's reason; those that
    /// had completed keep their completion time.
    fn failed_snapshots(&self, local: f64, reason: &str) -> Vec<FileSnapshot> {
        self.file_snapshots(local)
            .into_iter()
            .map(|file| FileSnapshot { state: "Failed", progress: 0, imported_rows: 0, reason: Some(reason.to_owned()), ..file })
            .collect()
    }

    /// Every file at an offset into the writing phase.
    fn file_snapshots(&self, local: f64) -> Vec<FileSnapshot> {
        let w = self.writing_starts();
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| {
                let (state, progress) = if local < file.start {
                    ("Pending", 0)
                } else if local >= file.end {
                    ("Completed", 100)
                } else {
                    ("InProgress", (((local - file.start) / (file.end - file.start)) * 100.0).floor().min(99.0) as u64)
                };
                FileSnapshot {
                    index,
                    state,
                    progress,
                    // The server derives it from progress, so the sum differs from the job's.
                    imported_rows: progress * file.rows / 100,
                    total_rows: file.rows,
                    size: file.size,
                    complete_time: (state == "Completed").then(|| self.at(w + file.end)),
                    reason: None,
                }
            })
            .collect()
    }
}

fn rows_done(file: &FilePlan, local: f64) -> u64 {
    if local <= file.start {
        0
    } else if local >= file.end {
        file.rows
    } else {
        (file.rows as f64 * (local - file.start) / (file.end - file.start)).floor() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(profile: Profile, files: &[&str], fail: &str) -> Job {
        let files: Vec<Vec<String>> = files.iter().map(|f| vec![f.to_string()]).collect();
        let request =
            JobRequest { id: "1".into(), numeric_id: 1, collection: "c".into(), files: &files, manual_commit: false, created_at: 0.0 };
        Job::plan(request, profile, &Pace::default(), &Timing::default(), 7, fail, "*write-fail*")
    }

    #[test]
    fn walks_every_phase_with_modern_bands() {
        let j = job(Profile::V2_5, &["a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet"], "*corrupt*");
        let mut last_phase = Phase::Queued;
        let mut seen = vec![];
        let mut age = 0.0;
        while age < 500.0 {
            let s = j.snapshot(age);
            if s.phase != last_phase || seen.is_empty() {
                seen.push(s.phase);
                last_phase = s.phase;
            }
            let (lo, hi) = match s.phase {
                Phase::Queued => (0, 9),
                Phase::PreImport => (10, 39),
                Phase::Writing => (40, 69),
                Phase::Sorting => (70, 79),
                Phase::Indexing => (80, 89),
                _ => (100, 100),
            };
            assert!((lo..=hi).contains(&s.progress), "{:?} at {}", s.phase, s.progress);
            if matches!(s.phase, Phase::Queued | Phase::PreImport) {
                assert!(s.details.is_empty() && s.total_rows == 0 && s.file_size == 0);
            }
            age += 0.25;
        }
        assert_eq!(seen, [Phase::Queued, Phase::PreImport, Phase::Writing, Phase::Sorting, Phase::Indexing, Phase::Completed]);
    }

    #[test]
    fn early_2_4_writes_to_70_then_holds_it_while_indexing() {
        let j = job(Profile::V2_4_0, &["a.parquet"], "*corrupt*");
        let mid = j.writing_starts() + j.writing / 2.0;
        let s = j.snapshot(mid);
        assert!((50..60).contains(&s.progress), "half the rows at {}", s.progress);
        let indexing = j.snapshot(j.writing_starts() + j.writing + j.indexing / 2.0);
        assert_eq!((indexing.phase, indexing.state, indexing.progress), (Phase::Indexing, "Importing", 70));
        assert_eq!(indexing.imported_rows, indexing.total_rows);
        assert!(indexing.details.iter().all(|f| f.state == "Completed"));
        let done = j.snapshot(j.writing_starts() + j.writing + j.indexing + 0.01);
        assert_eq!((done.phase, done.progress), (Phase::Completed, 100));
    }

    #[test]
    fn bad_data_fails_the_job_in_pre_import_before_any_file_is_listed() {
        let j = job(Profile::V2_5, &["ok.parquet", "corrupt.json"], "*corrupt*");
        assert_eq!(j.phase(j.queued + j.preimport * 0.5), Phase::PreImport);
        let s = j.snapshot(10_000.0);
        assert_eq!((s.state, s.progress, s.imported_rows, s.total_rows, s.file_size), ("Failed", 0, 0, 0, 0));
        assert!(s.details.is_empty());
        let reason = s.reason.as_deref().unwrap();
        assert!(reason.starts_with("error: failed to parse row ") && reason.contains("dim mismatch"), "{reason}");
        assert!(reason.ends_with(r#", file: id:3 paths:"corrupt.json" "#), "the file record as protobuf text: {reason}");
        assert_eq!(s.complete_time, None);
    }

    #[test]
    fn a_write_failure_marks_every_task_failed() {
        let j = job(Profile::V2_5, &["a.parquet", "b.parquet", "c.parquet", "d.parquet", "e.parquet", "write-fail.parquet"], "*corrupt*");
        let s = j.snapshot(10_000.0);
        assert_eq!((s.state, s.progress), ("Failed", 0));
        let reason = s.reason.clone().unwrap();
        assert!(reason.contains("write-fail.parquet") && reason.ends_with(": importing data failed"), "{reason}");
        assert_eq!(s.details.len(), 6);
        assert!(s.details.iter().all(|d| d.state == "Failed" && d.reason.as_deref() == Some(reason.as_str())));
        // The tasks that had completed keep their completion time.
        assert!(s.details.iter().any(|d| d.complete_time.is_some()), "{:?}", s.details);
        assert!(s.details.iter().any(|d| d.complete_time.is_none()));
    }

    #[test]
    fn glob() {
        assert!(glob_match("*corrupt*", "data/corrupt-1.json"));
        assert!(!glob_match("*corrupt*", "data/ok.json"));
        assert!(glob_match("a*c", "abbbc") && !glob_match("a*c", "abbb"));
    }
}
