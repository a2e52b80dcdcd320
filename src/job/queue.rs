//! A waiting job's place in the server's queue, pure: the jobs of the same server created before
//! it (their IDs carry their creation time, shared API page §10) that are still pending or
//! importing, from the list the page reads. Jobs waiting for a commit hold no import slot and
//! are not counted.

use crate::job::id::created_ms;
use crate::model::{JobRecord, JobState};

/// The jobs ahead of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ahead {
    pub importing: usize,
    pub pending: usize,
}

impl Ahead {
    pub fn total(self) -> usize {
        self.importing + self.pending
    }

    /// "3 jobs ahead of this one: 2 importing, 1 pending".
    ///
    /// ```
    /// use milvus_import_monitor::job::queue::Ahead;
    /// assert_eq!(Ahead { importing: 2, pending: 1 }.sentence(), "3 jobs ahead of this one: 2 importing, 1 pending.");
    /// assert_eq!(Ahead::default().sentence(), "No job ahead of this one: it starts when the server picks it up.");
    /// ```
    pub fn sentence(self) -> String {
        let parts: Vec<String> = [(self.importing, "importing"), (self.pending, "pending")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        match self.total() {
            0 => "No job ahead of this one: it starts when the server picks it up.".to_owned(),
            1 => format!("1 job ahead of this one: {}.", parts.join(", ")),
            n => format!("{n} jobs ahead of this one: {}.", parts.join(", ")),
        }
    }
}

/// The jobs ahead of `job_id` in `records` (`None`: its ID tells no creation time, as on
/// Zilliz Cloud, so no order can be known).
pub fn ahead(job_id: &str, records: &[JobRecord]) -> Option<Ahead> {
    let created = created_ms(job_id)?;
    let mut ahead = Ahead::default();
    for record in records.iter().filter(|r| r.job_id != job_id) {
        // Same millisecond: the logical counter orders them as the server allocated them.
        let before = match created_ms(&record.job_id) {
            Some(at) if at < created => true,
            Some(at) if at == created => record.job_id.parse::<i64>().ok() < job_id.parse::<i64>().ok(),
            _ => false,
        };
        match record.state {
            JobState::Importing if before => ahead.importing += 1,
            JobState::Pending if before => ahead.pending += 1,
            _ => {}
        }
    }
    Some(ahead)
}
