//! The job engine: each job walks the real phases (queued → pre-import → writing rows →
//! sorting → index building → completed, or failed), computed from its age in simulated time,
//! so a snapshot is a pure function of the job and the clock.

use crate::gojson::protobuf_file_record;
use crate::plan::{FailurePlan, FilePlan, Plan};
use crate::profile::Bands;

#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    /// The database of its collection.
    pub db: String,
    pub collection: String,
    /// Simulated Unix time of creation.
    pub created_at: f64,
    /// Real time of creation (2.6's asynchronous job record).
    pub created_real: std::time::Instant,
    pub files: Vec<FilePlan>,
    pub(crate) queued: f64,
    pub(crate) preimport: f64,
    pub(crate) writing: f64,
    pub(crate) sorting: f64,
    pub(crate) indexing: f64,
    pub(crate) commit_secs: f64,
    pub manual_commit: bool,
    /// The 3.0 line: every job passes through Uncommitted and Committing after its index
    /// (an auto-commit job commits itself, and reports it as Importing at 99).
    pub(crate) two_phase: bool,
    /// Ages at which commit / abort were called.
    pub committed_at: Option<f64>,
    pub aborted_at: Option<f64>,
    /// Simulated time when the job was frozen (it stops ageing), and the total frozen time.
    pub frozen_since: Option<f64>,
    pub paused: f64,
    pub(crate) bands: Bands,
}

impl From<Plan> for Job {
    /// The planned job, starting now: not committed, aborted or frozen yet.
    fn from(plan: Plan) -> Job {
        Job {
            id: plan.id,
            db: "default".into(),
            collection: plan.collection,
            created_at: plan.created_at,
            created_real: std::time::Instant::now(),
            files: plan.files,
            queued: plan.queued,
            preimport: plan.preimport,
            writing: plan.writing,
            sorting: plan.sorting,
            indexing: plan.indexing,
            commit_secs: plan.commit_secs,
            manual_commit: plan.manual_commit,
            two_phase: plan.two_phase,
            committed_at: None,
            aborted_at: None,
            frozen_since: None,
            paused: 0.0,
            bands: plan.bands,
        }
    }
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

impl Job {
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

    pub(crate) fn writing_starts(&self) -> f64 {
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

    pub(crate) fn terminal_age(&self) -> Option<f64> {
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

pub(crate) fn rows_done(file: &FilePlan, local: f64) -> u64 {
    if local <= file.start {
        0
    } else if local >= file.end {
        file.rows
    } else {
        (file.rows as f64 * (local - file.start) / (file.end - file.start)).floor() as u64
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
