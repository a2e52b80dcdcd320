//! When imported rows can be searched, pure: what the readiness endpoints say (index counts, load
//! state, rows stored and visible) and what the page learns from them across reads — how fast a
//! collection's pending rows fall, the time left from that, a stall only when they do not fall,
//! and, after Completed, whether the job's rows are visible. See the readiness API page.

pub use crate::client::{IndexCounts, LoadState};
use crate::format::{human_duration, thousands};
use crate::policy::VISIBLE_LIMIT_MS;
use crate::ApiError;

/// One part of readiness, as far as this page knows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Known<T> {
    #[default]
    Unread,
    Read(T),
    /// The role may not read it (HTTP 403): said as such, never as an error.
    NoPermission,
    /// The server answered something else; the sentence says what.
    Failed(String),
}

impl<T> Known<T> {
    /// A refusal is "no permission", never an error; anything else says what went wrong.
    pub fn from_error(error: &ApiError) -> Known<T> {
        match error {
            ApiError::Forbidden { .. } => Known::NoPermission,
            other => Known::Failed(other.to_string()),
        }
    }

    pub fn read(&self) -> Option<&T> {
        match self {
            Known::Read(value) => Some(value),
            _ => None,
        }
    }
}

/// One reading of the vector index the collection waits for longest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexSample {
    pub at_ms: f64,
    pub pending: u64,
    pub indexed: u64,
    pub total: u64,
}

/// How many readings are kept: enough for a rate over several minutes at one read per two polls.
const SAMPLES: usize = 24;

/// The index phase measured: the readings of one collection's slowest vector index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndexProgress {
    pub index_name: String,
    pub samples: Vec<IndexSample>,
    /// When pending rows last fell (or were first read).
    pub last_fall_ms: Option<f64>,
}

impl IndexProgress {
    /// Takes one read of every index: the vector index with the most rows pending is the one a
    /// search waits for.
    pub fn observe(&mut self, counts: &[IndexCounts], at_ms: f64) {
        let Some(slowest) = counts.iter().filter(|c| c.is_vector()).max_by_key(|c| c.pending_rows) else { return };
        let fell = self.samples.last().is_none_or(|last| slowest.pending_rows < last.pending);
        if fell || self.index_name != slowest.index_name {
            self.last_fall_ms = Some(at_ms);
        }
        slowest.index_name.clone_into(&mut self.index_name);
        let sample = IndexSample { at_ms, pending: slowest.pending_rows, indexed: slowest.indexed_rows, total: slowest.total_rows };
        // Pending rose (a new segment flushed, another import): the rate starts again from here.
        if self.samples.last().is_some_and(|last| sample.pending > last.pending) {
            self.samples.clear();
        }
        self.samples.push(sample);
        if self.samples.len() > SAMPLES {
            self.samples.remove(0);
        }
    }

    pub fn last(&self) -> Option<&IndexSample> {
        self.samples.last()
    }

    /// Rows indexed per second, from how fast pending fell over the kept readings; `None`
    /// until it has fallen across two readings a second apart.
    pub fn rows_per_sec(&self) -> Option<f64> {
        let (first, last) = (self.samples.first()?, self.samples.last()?);
        let span = (last.at_ms - first.at_ms) / 1000.0;
        let fallen = first.pending.saturating_sub(last.pending);
        (span >= 1.0 && fallen > 0).then(|| fallen as f64 / span)
    }

    /// The index phase's time left: pending rows at the rate they fall, counted down since the
    /// last reading. Zero pending: nothing left.
    pub fn eta_ms(&self, now_ms: f64) -> Option<f64> {
        let last = self.last()?;
        if last.pending == 0 {
            return Some(0.0);
        }
        let rate = self.rows_per_sec()?;
        Some((last.pending as f64 / rate * 1000.0 - (now_ms - last.at_ms)).max(0.0))
    }

    /// How long pending rows have not fallen while some wait, when that is at least
    /// `threshold_ms`: a plateau of the job's percentage is a stall only then.
    pub fn stalled_for(&self, now_ms: f64, threshold_ms: f64) -> Option<f64> {
        let quiet = now_ms - self.last_fall_ms?;
        (self.last()?.pending > 0 && quiet >= threshold_ms).then_some(quiet)
    }

    /// The words beside the second bar: "Index vector: 980,000 of 1,480,000 rows indexed
    /// collection-wide, 500,000 pending, falling 12,000 rows/s."
    pub fn sentence(&self) -> String {
        let Some(last) = self.last() else { return String::new() };
        let rate = match self.rows_per_sec() {
            Some(rate) => format!(", falling {} rows/s", thousands(rate.round() as u64)),
            None if self.samples.len() > 1 && last.pending > 0 => ", not falling yet".to_owned(),
            None => String::new(),
        };
        format!(
            "Index {}: {} of {} rows indexed collection-wide, {} pending{rate}.",
            self.index_name,
            thousands(last.indexed.min(last.total)),
            thousands(last.total),
            thousands(last.pending)
        )
    }
}

/// After Completed: whether the job's rows can be searched.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AfterCompleted {
    /// When this page first saw the collection's jobs all final with rows.
    pub since_ms: f64,
    /// The rows the collection's completed jobs imported.
    pub job_rows: u64,
    pub load: Known<LoadState>,
    /// Rows stored (`get_stats.rowCount`): includes the job's rows, says nothing of visibility.
    pub stored: Known<u64>,
    /// `count(*)`: the rows a search sees.
    pub visible: Known<u64>,
    /// When the visible count first included the job's rows.
    pub visible_at_ms: Option<f64>,
    /// This page saw the jobs before they completed: the time to visibility means something.
    pub saw_completion: bool,
    pub primary_key: Option<(String, String)>,
}

impl AfterCompleted {
    /// The count a search must see to include the job's rows: every row stored (which already
    /// holds the job's), or, when the role may not read that, at least the job's own.
    pub fn visible_target(&self) -> u64 {
        self.stored.read().copied().unwrap_or(self.job_rows)
    }

    /// Whether there is nothing more to ask: the visible count included the job's rows, or it
    /// cannot be counted (not loaded, no permission), or the limit passed.
    pub fn settled(&self, now_ms: f64) -> bool {
        let limit_passed = now_ms - self.since_ms >= VISIBLE_LIMIT_MS;
        if matches!(self.load, Known::Unread) || matches!(self.stored, Known::Unread) {
            return false;
        }
        match (&self.load, &self.visible) {
            (Known::Read(LoadState::Loaded), Known::Unread) => false,
            (Known::Read(LoadState::Loaded), Known::Read(_)) => self.visible_at_ms.is_some() || limit_passed,
            (Known::Read(LoadState::Loaded), Known::Failed(_)) => limit_passed,
            _ => true,
        }
    }

    /// The one line: what holds now.
    pub fn sentence(&self, now_ms: f64) -> String {
        let load = match &self.load {
            Known::Read(LoadState::Loaded) => "loaded".to_owned(),
            Known::Read(LoadState::Loading(Some(p))) => format!("loading ({p} %)"),
            Known::Read(LoadState::Loading(None)) => "loading".to_owned(),
            Known::Read(LoadState::NotLoaded) => "not loaded: load it to search".to_owned(),
            Known::NoPermission => "no permission to read the load state".to_owned(),
            Known::Failed(why) => format!("load state unknown ({why})"),
            Known::Unread => "load state being read".to_owned(),
        };
        let stored = match &self.stored {
            Known::Read(after) => {
                format!("rows stored: {} before this import, {} after", thousands(after.saturating_sub(self.job_rows)), thousands(*after))
            }
            Known::NoPermission => "no permission to read rows stored".to_owned(),
            Known::Failed(why) => format!("rows stored unknown ({why})"),
            Known::Unread => "rows stored being read".to_owned(),
        };
        let mut parts = vec![format!("Collection {load}"), stored];
        if matches!(self.load, Known::Read(LoadState::Loaded)) {
            parts.push(self.visible_part(now_ms));
        }
        format!("{}.", parts.join("; "))
    }

    fn visible_part(&self, now_ms: f64) -> String {
        let target = self.visible_target();
        match (&self.visible, self.visible_at_ms) {
            (Known::Read(_), Some(at)) if self.saw_completion => format!(
                "all {} rows searchable {} after Completed",
                thousands(self.job_rows),
                human_duration((at - self.since_ms).max(0.0))
            ),
            (Known::Read(_), Some(_)) => format!("all {} rows searchable", thousands(self.job_rows)),
            (Known::Read(count), None) if now_ms - self.since_ms >= VISIBLE_LIMIT_MS => format!(
                "{} rows visible to a search, not yet the {} expected after {} (deleted rows are never visible)",
                thousands(*count),
                thousands(target),
                human_duration(VISIBLE_LIMIT_MS)
            ),
            (Known::Read(count), None) => {
                format!("{} rows visible to a search so far, waiting for {}", thousands(*count), thousands(target))
            }
            (Known::NoPermission, _) => "no permission to count visible rows (Query)".to_owned(),
            (Known::Failed(why), _) => format!("visible rows unknown ({why})"),
            (Known::Unread, _) => "counting visible rows".to_owned(),
        }
    }
}

/// A `count(*)` filter that matches every row, for servers that refuse an empty one (2.4.0–
/// 2.4.5; this page cannot tell them from 2.4.6–2.4.12, which share their routes), from the
/// primary key's name and type; `""` where the server takes it.
///
/// ```
/// use milvus_import_monitor::readiness::count_filter;
/// assert_eq!(count_filter(Some(("id", "Int64"))), "id >= 0 || id < 0");
/// assert_eq!(count_filter(Some(("pk", "VarChar"))), r#"pk >= """#);
/// assert_eq!(count_filter(None), "");
/// ```
pub fn count_filter(primary_key: Option<(&str, &str)>) -> String {
    match primary_key {
        Some((name, "VarChar")) => format!(r#"{name} >= """#),
        Some((name, _)) => format!("{name} >= 0 || {name} < 0"),
        None => String::new(),
    }
}

/// What a host, a report or a Node script is told of one collection: plain data (camelCase in
/// JavaScript, `CollectionReadiness` in the package's types).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ReadinessReport {
    pub collection: String,
    /// `""`: the default database.
    pub database: String,
    /// The slowest vector index's last reading, collection-wide.
    pub index: Option<IndexReport>,
    /// `read`, `no-permission`, `failed` or `unread`.
    pub index_status: String,
    /// `loaded`, `loading`, `not-loaded`, `no-permission`, `failed` or `unread`.
    pub load: String,
    pub rows_stored: Option<u64>,
    pub rows_visible: Option<u64>,
    /// The rows the collection's watched jobs imported.
    pub job_rows: u64,
    /// The visible count includes the jobs' rows.
    pub ready: bool,
    /// Nothing more will be asked.
    pub settled: bool,
    /// The sentence the page shows.
    pub summary: String,
}

/// One index reading, with what the page derived from the readings before it.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct IndexReport {
    pub name: String,
    pub total_rows: u64,
    pub indexed_rows: u64,
    pub pending_rows: u64,
    pub rows_per_sec: Option<f64>,
    pub eta_ms: Option<f64>,
}

fn status<T>(known: &Known<T>) -> &'static str {
    match known {
        Known::Read(_) => "read",
        Known::NoPermission => "no-permission",
        Known::Failed(_) => "failed",
        Known::Unread => "unread",
    }
}

impl ReadinessReport {
    /// A collection as the page knows it at `now_ms`.
    pub fn of(
        (collection, database): (&str, &str),
        index: &Known<IndexProgress>,
        after: Option<&AfterCompleted>,
        job_rows: u64,
        now_ms: f64,
    ) -> ReadinessReport {
        let reading = index.read().and_then(|progress| {
            let last = progress.last()?;
            Some(IndexReport {
                name: progress.index_name.clone(),
                total_rows: last.total,
                indexed_rows: last.indexed,
                pending_rows: last.pending,
                rows_per_sec: progress.rows_per_sec(),
                eta_ms: progress.eta_ms(now_ms),
            })
        });
        let load = match after.map(|a| &a.load) {
            Some(Known::Read(LoadState::Loaded)) => "loaded",
            Some(Known::Read(LoadState::Loading(_))) => "loading",
            Some(Known::Read(LoadState::NotLoaded)) => "not-loaded",
            Some(other) => status(other),
            None => "unread",
        };
        let summary = match (after, index.read()) {
            (Some(after), _) => after.sentence(now_ms),
            (None, Some(progress)) => progress.sentence(),
            (None, None) => String::new(),
        };
        ReadinessReport {
            collection: collection.to_owned(),
            database: database.to_owned(),
            index: reading,
            index_status: status(index).to_owned(),
            load: load.to_owned(),
            rows_stored: after.and_then(|a| a.stored.read().copied()),
            rows_visible: after.and_then(|a| a.visible.read().copied()),
            job_rows,
            ready: after.is_some_and(|a| a.visible_at_ms.is_some()),
            settled: after.is_some_and(|a| a.settled(now_ms)),
            summary,
        }
    }
}
