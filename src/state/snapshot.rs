//! The last good answer for a job, and where it came from.

use crate::job::{Activity, BandTable};
use crate::model::{FileTask, ImportJob};
use std::collections::HashMap;
use std::rc::Rc;

/// The last good answer: the whole job, each file sharing the previous answer's `Rc` when it
/// did not change, so unchanged rows are not drawn again.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub job: ImportJob,
    /// `Date.now()` when it arrived (or, for a kept one, when it was saved).
    pub received_at_ms: f64,
    pub source: Source,
}

/// Where the figures on screen come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// The server's last answer.
    #[default]
    Live,
    /// The server does not know the job yet (just created, within the grace period): shown as
    /// queued.
    NotYetRegistered,
    /// The server no longer knows the job (past retention): the copy kept in this browser.
    Kept,
    /// An exported report: the figures as the exporting page last saw them; read-only.
    Report,
}

impl Snapshot {
    /// Builds a snapshot, reusing the previous `Rc` of every file that did not change.
    pub fn new(mut job: ImportJob, previous: Option<&Snapshot>, received_at_ms: f64) -> Snapshot {
        if let Some(previous) = previous {
            // By name, not by position: the server's order changes between calls. A map, not a
            // search per file: 1,024 groups would be a million comparisons per poll.
            let before: HashMap<&str, &Rc<FileTask>> = previous.job.details.iter().map(|old| (old.file_name.as_str(), old)).collect();
            for file in &mut job.details {
                if let Some(old) = before.get(file.file_name.as_str()).filter(|old| **old == file) {
                    *file = Rc::clone(old);
                }
            }
        }
        Snapshot { job, received_at_ms, source: Source::Live }
    }

    /// The same figures, from another source.
    pub fn from_source(&self, source: Source) -> Snapshot {
        Snapshot { source, ..self.clone() }
    }

    /// What the job is doing, from its state, band and files.
    pub fn activity(&self, table: BandTable) -> Activity {
        crate::job::activity(&self.job, table)
    }
}
