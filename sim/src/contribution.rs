//! What a job adds to its collection's numbers at one instant: rows flushed and waiting for
//! their index, rows stored, rows visible (readiness page R4, R6), from its phases over time.

use crate::engine::{rows_done, Job, Phase};

/// What a job adds to its collection's numbers at one instant (readiness page R4, R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contribution {
    /// Rows in flushed segments: in `indexes/describe`'s `totalRows`.
    pub flushed: u64,
    /// Of those, rows whose segment is not indexed yet: in `pendingRows`.
    pub pending: u64,
    /// Rows stored (`get_stats.rowCount`): counted while written, dropped if the job fails.
    pub stored: u64,
    /// Rows a `count(*)` sees: none until the job is Completed and the query nodes' next
    /// target update has picked up its segments.
    pub visible: u64,
}

impl Job {
    /// This job's part of its collection's numbers at `age`; `target_update` is how long
    /// after Completed its rows become visible (QueryCoord's next target update).
    pub fn contribution(&self, age: f64, target_update: f64) -> Contribution {
        let all: u64 = self.files.iter().map(|f| f.rows).sum();
        let local = age - self.writing_starts();
        match self.phase(age) {
            // Failed or aborted: its segments are dropped and leave every number.
            Phase::Queued | Phase::PreImport | Phase::Failed => Contribution::default(),
            Phase::Writing => {
                // A task's segments are flushed (and counted) when its write completes.
                let flushed = self.files.iter().filter(|f| local >= f.end).map(|f| f.rows).sum();
                let stored = self.files.iter().map(|f| rows_done(f, local)).sum();
                Contribution { flushed, pending: flushed, stored, visible: 0 }
            }
            // Sorting rewrites each segment: the counts stay, nothing is indexed yet.
            Phase::Sorting => Contribution { flushed: all, pending: all, stored: all, visible: 0 },
            Phase::Indexing => {
                let start = self.writing_starts() + self.writing + self.sorting;
                let done = if self.indexing <= 0.0 { 1.0 } else { ((age - start) / self.indexing).clamp(0.0, 1.0) };
                let pending = (all as f64 * (1.0 - done)).ceil() as u64;
                Contribution { flushed: all, pending: pending.min(all), stored: all, visible: 0 }
            }
            Phase::Uncommitted | Phase::Committing => Contribution { flushed: all, pending: 0, stored: all, visible: 0 },
            Phase::Completed => {
                let end = self.terminal_age().unwrap_or(age);
                let visible = if age >= end + target_update { all } else { 0 };
                Contribution { flushed: all, pending: 0, stored: all, visible }
            }
        }
    }
}
