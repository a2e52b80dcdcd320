//! The batch at a glance: one weighted progress, totals, combined rate and ETA, the job that
//! lags, elapsed time. Pure: computed from the entries at render time and tested natively.

use super::entry::BatchEntry;
use crate::job::is_aborted;
use crate::job::{created_ms, Activity};
use crate::model::JobState;

/// What each job's progress weighs in the batch's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Rows: known rows, else the file size at the batch's rows per byte, else the mean.
    Rows,
    /// No job counted its rows yet: file sizes, else the mean.
    Bytes,
    /// Nothing is known of any job's size: every job weighs the same.
    Equal,
}

/// How the weights were found, for the sentence on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weighting {
    pub measured: usize,
    pub from_size: usize,
    pub as_mean: usize,
}

/// The job furthest behind the batch's median.
#[derive(Debug, Clone, PartialEq)]
pub struct Laggard {
    pub job_id: String,
    pub progress: u8,
    pub behind_by: f64,
    pub activity: Activity,
}

/// Everything the batch's summary shows. An unknown figure is `None`, never zero.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSummary {
    pub jobs: usize,
    /// (state as shown, count), in the wire enum's order, then others.
    pub by_state: Vec<(String, usize)>,
    pub failed: usize,
    pub aborted: usize,
    /// Jobs no longer asked for, though not final: the server does not know them, or refused.
    pub not_followed: usize,
    /// Jobs not answered yet (no progress without them).
    pub waiting: usize,
    /// Weighted progress 0–100 over the jobs that can still finish.
    pub progress: Option<f64>,
    pub basis: Basis,
    pub weighting: Weighting,
    pub imported_rows: Option<u64>,
    pub total_rows: Option<u64>,
    pub bytes: Option<u64>,
    /// File groups listed; unknown while a job has not answered or none has listed its files.
    pub files: Option<usize>,
    /// Rows per second of the jobs writing now, together.
    pub rows_per_sec: Option<f64>,
    /// Time left to write the rows left, at that rate; `eta_is_lower_bound` when some job has
    /// not counted its rows yet.
    pub eta_ms: Option<f64>,
    pub eta_is_lower_bound: bool,
    pub laggard: Option<Laggard>,
    /// The earliest creation time of its jobs (from their IDs or `createTime`).
    pub created_ms: Option<f64>,
    pub elapsed_ms: Option<f64>,
    /// Done, but some job's end is unknown (a failure the server gives no time for, never seen
    /// running here): `elapsed_ms` runs to the last end known, at least.
    pub elapsed_is_lower_bound: bool,
    /// Every job is final or stopped.
    pub done: bool,
}

impl BatchSummary {
    /// The summary of `entries` at `now_ms`.
    ///
    /// ```
    /// use milvus_import_monitor::state::batch::{BatchEntry, BatchSummary};
    /// use milvus_import_monitor::model::{ImportJob, JobState};
    /// let mut a = BatchEntry::new("1", 0.0);
    /// a.observe(ImportJob { job_id: "1".into(), state: JobState::Completed, progress: 100, total_rows: 300, imported_rows: Some(300), ..Default::default() }, None, 0.0);
    /// let mut b = BatchEntry::new("2", 0.0);
    /// b.observe(ImportJob { job_id: "2".into(), state: JobState::Importing, progress: 50, total_rows: 100, imported_rows: Some(50), ..Default::default() }, None, 0.0);
    /// let summary = BatchSummary::of(&[a, b], 0.0);
    /// assert_eq!(summary.progress, Some(87.5)); // (300 × 100 + 100 × 50) / 400
    /// ```
    pub fn of(entries: &[BatchEntry], now_ms: f64) -> BatchSummary {
        let answered: Vec<&BatchEntry> = entries.iter().filter(|e| e.job.is_some()).collect();
        let (failed, aborted) = answered.iter().fold((0, 0), |(f, a), e| match e.job.as_deref() {
            Some(job) if is_aborted(job) => (f, a + 1),
            Some(job) if job.state == JobState::Failed => (f + 1, a),
            _ => (f, a),
        });
        let waiting = entries.iter().filter(|e| e.job.is_none() && e.is_open()).count();
        let (basis, weights, weighting) = weights(&answered);
        let progress = weighted_progress(&answered, &weights).filter(|_| waiting == 0);
        let jobs = answered.iter().filter_map(|e| e.job.as_deref());
        let imported_rows = jobs.clone().map(|j| j.imported_rows).sum::<Option<u64>>().filter(|_| waiting == 0);
        let counted = jobs.clone().filter(|j| j.state != JobState::Failed).all(|j| j.total_rows > 0 || j.state == JobState::Completed);
        let total_rows = (counted && waiting == 0).then(|| jobs.clone().map(|j| j.total_rows).sum());
        let listed = jobs.clone().any(|j| !j.details.is_empty());
        let bytes = Some(jobs.clone().map(|j| j.file_size).sum()).filter(|_| waiting == 0 && listed);
        let (rows_per_sec, eta_ms, eta_is_lower_bound) = rate_and_eta(&answered, waiting);
        let created = entries.iter().filter_map(created_of).fold(f64::INFINITY, f64::min);
        let created_ms = created.is_finite().then_some(created);
        let not_followed = entries.iter().filter(|e| e.stopped_by().is_some()).count();
        let done = !entries.is_empty() && entries.iter().all(|e| e.is_final() || e.stopped_by().is_some());
        let (end, elapsed_is_lower_bound) = if done { finished_ms(entries) } else { (Some(now_ms), false) };
        BatchSummary {
            jobs: entries.len(),
            by_state: by_state(&answered),
            failed,
            aborted,
            not_followed,
            waiting,
            progress,
            basis,
            weighting,
            imported_rows,
            total_rows,
            bytes,
            files: Some(jobs.map(|j| j.details.len()).sum()).filter(|_| waiting == 0 && listed),
            rows_per_sec,
            eta_ms,
            eta_is_lower_bound,
            laggard: laggard(&answered),
            created_ms,
            elapsed_ms: created_ms.zip(end).map(|(start, end)| (end - start).max(0.0)),
            elapsed_is_lower_bound,
            done,
        }
    }

    /// How the jobs stand, final ones first: "4 completed, 1 failed, 1 not followed", with the
    /// ones still running (or, in a report, running when it was exported) last.
    ///
    /// ```
    /// use milvus_import_monitor::state::batch::{BatchEntry, BatchSummary};
    /// use milvus_import_monitor::model::{ImportJob, JobState};
    /// let mut a = BatchEntry::new("1", 0.0);
    /// a.observe(ImportJob { job_id: "1".into(), state: JobState::Completed, ..Default::default() }, None, 0.0);
    /// let mut b = BatchEntry::new("2", 0.0);
    /// b.observe(ImportJob { job_id: "2".into(), state: JobState::Importing, ..Default::default() }, None, 0.0);
    /// assert_eq!(BatchSummary::of(&[a, b], 0.0).outcome_text(), "1 completed, 1 running");
    /// ```
    pub fn outcome_text(&self) -> String {
        let completed = self.by_state.iter().find(|(s, _)| s == "Completed").map_or(0, |(_, n)| *n);
        let running = self.jobs.saturating_sub(completed + self.failed + self.aborted + self.not_followed);
        let counts = [
            (completed, "completed"),
            (self.failed, "failed"),
            (self.aborted, "aborted"),
            (self.not_followed, "not followed"),
            (running, "running"),
        ];
        let parts: Vec<String> =
            counts.iter().enumerate().filter(|(i, (n, _))| *i == 0 || *n > 0).map(|(_, (n, word))| format!("{n} {word}")).collect();
        parts.join(", ")
    }

    /// The sentence that says how the bar is weighted.
    ///
    /// ```
    /// use milvus_import_monitor::state::batch::{BatchEntry, BatchSummary};
    /// let summary = BatchSummary::of(&[BatchEntry::new("1", 0.0)], 0.0);
    /// assert_eq!(summary.weighting_text(), "Waiting for the first answer of 1 job.");
    /// ```
    pub fn weighting_text(&self) -> String {
        if self.waiting > 0 {
            return format!("Waiting for the first answer of {}.", plural(self.waiting, "job"));
        }
        let w = self.weighting;
        let mut parts = Vec::new();
        match self.basis {
            Basis::Rows => parts.push(format!("weighted by rows ({} counted", plural(w.measured, "job"))),
            Basis::Bytes => parts.push(format!("weighted by file size ({} measured", plural(w.measured, "job"))),
            Basis::Equal => parts.push("every job weighs the same (no sizes known yet".to_owned()),
        }
        if w.from_size > 0 {
            parts.push(format!("{} estimated from file size", w.from_size));
        }
        if w.as_mean > 0 {
            parts.push(format!("{} as the mean", w.as_mean));
        }
        let mut text = format!("Progress {})", parts.join(", "));
        let left_out = self.failed + self.aborted;
        if left_out > 0 {
            text.push_str(&format!("; {} left out", plural(left_out, "failed or aborted job")));
        }
        text.push('.');
        text
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Jobs that can still finish: not failed, not aborted.
fn counts(entry: &BatchEntry) -> bool {
    entry.job.as_deref().is_some_and(|j| j.state != JobState::Failed)
}

fn weights(answered: &[&BatchEntry]) -> (Basis, Vec<f64>, Weighting) {
    let jobs: Vec<_> = answered.iter().filter(|e| counts(e)).filter_map(|e| e.job.as_deref()).collect();
    let rows_known = |j: &&crate::model::ImportJob| j.total_rows > 0;
    let both: Vec<_> = jobs.iter().filter(|j| rows_known(j) && j.file_size > 0).collect();
    let rows_per_byte = (!both.is_empty())
        .then(|| both.iter().map(|j| j.total_rows as f64).sum::<f64>() / both.iter().map(|j| j.file_size as f64).sum::<f64>());
    let basis = if jobs.iter().any(rows_known) {
        Basis::Rows
    } else if jobs.iter().any(|j| j.file_size > 0) {
        Basis::Bytes
    } else {
        Basis::Equal
    };
    let mut weighting = Weighting::default();
    let measured: Vec<Option<f64>> = jobs
        .iter()
        .map(|j| match basis {
            Basis::Rows if j.total_rows > 0 => Some(j.total_rows as f64),
            Basis::Rows => rows_per_byte.filter(|_| j.file_size > 0).map(|r| j.file_size as f64 * r),
            Basis::Bytes => Some(j.file_size as f64).filter(|s| *s > 0.0),
            Basis::Equal => Some(1.0),
        })
        .collect();
    for (job, weight) in jobs.iter().zip(&measured) {
        match (basis, weight) {
            (Basis::Equal, _) => {}
            (Basis::Rows, Some(_)) if job.total_rows == 0 => weighting.from_size += 1,
            (_, Some(_)) => weighting.measured += 1,
            (_, None) => weighting.as_mean += 1,
        }
    }
    let known: Vec<f64> = measured.iter().flatten().copied().collect();
    let mean = if known.is_empty() { 1.0 } else { known.iter().sum::<f64>() / known.len() as f64 };
    (basis, measured.into_iter().map(|w| w.unwrap_or(mean)).collect(), weighting)
}

fn weighted_progress(answered: &[&BatchEntry], weights: &[f64]) -> Option<f64> {
    let jobs = answered.iter().filter(|e| counts(e)).filter_map(|e| e.job.as_deref());
    let (done, total) = jobs.zip(weights).fold((0.0, 0.0), |(done, total), (job, w)| {
        let progress = if job.state == JobState::Completed { 100.0 } else { f64::from(job.progress.min(100)) };
        (done + w * progress, total + w)
    });
    (total > 0.0).then(|| done / total)
}

fn rate_and_eta(answered: &[&BatchEntry], waiting: usize) -> (Option<f64>, Option<f64>, bool) {
    let writing: Vec<_> = answered.iter().filter(|e| e.activity() == Some(Activity::WritingRows)).collect();
    let rate: f64 = writing.iter().filter_map(|e| e.tracker.rates()).map(|r| r.rows_per_sec).sum();
    if writing.is_empty() || rate <= 0.0 {
        return (None, None, false);
    }
    let open: Vec<_> = answered.iter().filter(|e| e.is_open()).filter_map(|e| e.job.as_deref()).collect();
    let left: u64 = open.iter().map(|j| j.total_rows.saturating_sub(j.imported_rows.unwrap_or(0))).sum();
    let uncounted = waiting > 0 || open.iter().any(|j| j.total_rows == 0);
    (Some(rate), Some(left as f64 / rate * 1000.0), uncounted)
}

fn laggard(answered: &[&BatchEntry]) -> Option<Laggard> {
    let alive: Vec<_> = answered.iter().filter(|e| counts(e)).collect();
    if alive.len() < 2 {
        return None;
    }
    let progress: Vec<u8> = alive.iter().filter_map(|e| e.job.as_deref()).map(|j| j.progress).collect();
    let median = median(&progress)?;
    let slowest = alive.iter().filter(|e| e.is_open()).min_by_key(|e| e.job.as_deref().map_or(0, |j| j.progress))?;
    let job = slowest.job.as_deref()?;
    let behind_by = median - f64::from(job.progress);
    (behind_by > 0.0).then(|| Laggard {
        job_id: job.job_id.clone(),
        progress: job.progress,
        behind_by,
        activity: slowest.activity().unwrap_or(Activity::Unknown),
    })
}

/// The median of small whole numbers, by counting (no sort: each sort's code costs the page
/// kilobytes).
fn median(values: &[u8]) -> Option<f64> {
    let nth = |n: usize| (0..=u8::MAX).find(|v| values.iter().filter(|x| *x <= v).count() > n).map(f64::from);
    let len = values.len();
    match len {
        0 => None,
        _ if len.is_multiple_of(2) => Some((nth(len / 2 - 1)? + nth(len / 2)?) / 2.0),
        _ => nth(len / 2),
    }
}

fn by_state(answered: &[&BatchEntry]) -> Vec<(String, usize)> {
    let names: Vec<String> = answered.iter().filter_map(|e| e.job.as_deref()).map(crate::job::shown_state).collect();
    // The wire enum's order, then any other name (Aborted, a state this page does not know) as met.
    let known = JobState::KNOWN.iter().map(|s| s.as_str().to_owned());
    let mut order: Vec<String> = known.filter(|k| names.contains(k)).collect();
    for name in &names {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    order.into_iter().map(|name| (name.clone(), names.iter().filter(|n| **n == name).count())).collect()
}

fn created_of(entry: &BatchEntry) -> Option<f64> {
    entry.job.as_deref().and_then(created_ms).or_else(|| crate::job::id::created_ms(&entry.job_id))
}

/// When the last job ended, as far as anyone knows ([`crate::job::Tracker::ended_ms`]), and
/// whether some final job's end is unknown.
fn finished_ms(entries: &[BatchEntry]) -> (Option<f64>, bool) {
    let ends: Vec<Option<f64>> =
        entries.iter().filter_map(|e| e.job.as_deref().filter(|j| j.state.is_terminal()).map(|j| e.tracker.ended_ms(j))).collect();
    let last = ends.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    (last.is_finite().then_some(last), ends.iter().any(Option::is_none))
}
