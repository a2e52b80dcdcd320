//! Readiness per collection, a sub-state of the page: the jobs' answers are observed here (one
//! collection line however many jobs load into it), and this decides which readiness request
//! to send and when. During the sorting and index bands: the collection's indexes, at most one
//! request per two job polls. After the collection's jobs are final with one Completed: its
//! load state and primary key, rows stored, then the visible count until it includes the jobs'
//! rows or the limit passes; then nothing more.

use super::poll::{band_table, PollAnswer};
use super::request::RequestState;
use crate::client::{CollectionFacts, Connection};
use crate::job::{activity, known_rows, Activity, BandTable};
use crate::policy::{index_read_polls, VISIBLE_LIMIT_MS, VISIBLE_POLL_MS};
use crate::readiness::{count_filter, AfterCompleted, IndexCounts, IndexProgress, Known, LoadState, ReadinessReport};
use crate::ApiError;
use std::rc::Rc;

/// A collection on a server (the connection names the database).
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionKey {
    pub connection: Connection,
    pub collection: String,
}

/// What one request reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// `indexes/list` then `describe` each, or only `describe` the vector indexes already known.
    Indexes { known: Option<Vec<String>> },
    /// `collections/describe`: load state and primary key.
    Collection,
    /// `collections/get_stats`.
    Stored,
    /// `count(*)` with this filter.
    Visible { filter: String },
}

/// What came back.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Indexes(Result<Vec<IndexCounts>, ApiError>),
    Collection(Result<CollectionFacts, ApiError>),
    Stored(Result<u64, ApiError>),
    Visible(Result<u64, ApiError>),
}

/// One of the collection's jobs, as last seen.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSeen {
    pub job_id: String,
    pub activity: Activity,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CollectionReadiness {
    pub key: Rc<CollectionKey>,
    pub jobs: Vec<JobSeen>,
    /// Servers before 2.4.13 (their count(*) needs a filter).
    pub legacy: bool,
    /// Job polls of this collection's jobs in the sorting and index bands since the last read.
    polls_since_read: u32,
    /// The watch's interval: index reads are spaced by [`index_read_polls`] of it.
    interval_ms: u32,
    /// Requests the next index read costs: `list` and a `describe` each, then a `describe` per
    /// vector index.
    next_cost: u32,
    vector_indexes: Option<Vec<String>>,
    pub index: Known<IndexProgress>,
    pub after: Option<AfterCompleted>,
    pub request: RequestState,
    pub asking: Option<Ask>,
    /// When the visible count (or a read that failed) is next asked (`Date.now()` ms).
    pub due_ms: Option<f64>,
    /// A read after Completed that failed for a reason another try may fix.
    retry: Option<Ask>,
}

impl CollectionReadiness {
    fn new(key: CollectionKey, legacy: bool, interval_ms: u32) -> Self {
        CollectionReadiness {
            key: Rc::new(key),
            jobs: Vec::new(),
            legacy,
            polls_since_read: 0,
            interval_ms,
            next_cost: 2,
            vector_indexes: None,
            index: Known::Unread,
            after: None,
            request: RequestState::Idle,
            asking: None,
            due_ms: None,
            retry: None,
        }
    }

    /// Whether the collection's jobs are in the sorting or index band (2.4.0–2.4.12: held at 70).
    pub fn in_index_phase(&self) -> bool {
        self.jobs.iter().any(|j| matches!(j.activity, Activity::Sorting | Activity::BuildingIndex))
    }

    /// Every job final, one Completed: the rows are imported; are they searchable?
    fn completed_rows(&self) -> Option<u64> {
        let finals = self.jobs.iter().all(|j| matches!(j.activity, Activity::Completed | Activity::Failed | Activity::Aborted));
        let completed: Vec<&JobSeen> = self.jobs.iter().filter(|j| j.activity == Activity::Completed).collect();
        (finals && !completed.is_empty()).then(|| completed.iter().map(|j| j.rows).sum())
    }

    /// The rows of the collection's jobs as last seen.
    pub fn job_rows(&self) -> u64 {
        self.jobs.iter().map(|j| j.rows).sum()
    }

    /// What a host, a report or a script is told of this collection.
    pub fn report(&self, now_ms: f64) -> ReadinessReport {
        let database = self.key.connection.db_name.as_deref().unwrap_or_default();
        ReadinessReport::of((&self.key.collection, database), &self.index, self.after.as_ref(), self.job_rows(), now_ms)
    }

    /// Every job final and the visible count in: ready to search.
    pub fn is_ready(&self) -> bool {
        self.after.as_ref().is_some_and(|after| after.visible_at_ms.is_some())
    }

    /// Ready to search, or settled without being so: nothing more will be asked.
    pub fn is_settled(&self, now_ms: f64) -> bool {
        self.after.as_ref().is_some_and(|after| after.settled(now_ms))
    }

    fn ask(&mut self, ask: Ask, sent: &mut u64) {
        let (id, request) = RequestState::start(*sent);
        *sent = id;
        self.request = request;
        self.asking = Some(ask);
        self.due_ms = None;
    }

    fn observe(&mut self, seen: JobSeen, all_seen: bool, at_ms: f64, sent: &mut u64) {
        let was_running = self.jobs.iter().any(|j| !matches!(j.activity, Activity::Completed | Activity::Failed | Activity::Aborted));
        match self.jobs.iter_mut().find(|j| j.job_id == seen.job_id) {
            Some(known) => *known = seen,
            None => self.jobs.push(seen),
        }
        if self.request.is_loading() {
            return;
        }
        if self.in_index_phase() && !matches!(self.index, Known::NoPermission) {
            self.polls_since_read += 1;
            // One request per two polls at most (a read of k requests waits 2k), and no read
            // sooner than the policy's floor.
            let wait = (2 * self.next_cost.max(1)).max(index_read_polls(self.interval_ms));
            if self.polls_since_read >= wait {
                self.ask(Ask::Indexes { known: self.vector_indexes.clone() }, sent);
            }
            return;
        }
        if let (None, Some(rows), true) = (&self.after, self.completed_rows(), all_seen) {
            self.after = Some(AfterCompleted { since_ms: at_ms, job_rows: rows, saw_completion: was_running, ..AfterCompleted::default() });
            // The index measured during the band is read once more: its pending rows at the end.
            let ask = if self.index.read().is_some() { Ask::Indexes { known: self.vector_indexes.clone() } } else { Ask::Collection };
            self.ask(ask, sent);
        }
    }

    fn take(&mut self, reply: Reply, at_ms: f64, sent: &mut u64) {
        self.request = RequestState::Idle;
        self.asking = None;
        match reply {
            Reply::Indexes(result) => {
                self.take_indexes(result, at_ms);
                if self.after.as_ref().is_some_and(|after| after.load == Known::Unread) {
                    self.ask(Ask::Collection, sent);
                }
            }
            Reply::Collection(result) => {
                let Some(after) = self.after.as_mut() else { return };
                if self.retry.is_none() {
                    self.retry = result.as_ref().err().filter(|e| may_retry(e, after, at_ms)).map(|_| Ask::Collection);
                }
                (after.load, after.primary_key) = match result {
                    Ok(facts) => (facts.load.map_or(Known::NoPermission, Known::Read), facts.primary_key),
                    Err(error) => (Known::from_error(&error), None),
                };
                self.ask(Ask::Stored, sent);
            }
            Reply::Stored(result) => {
                let Some(after) = self.after.as_mut() else { return };
                if self.retry.is_none() {
                    self.retry = result.as_ref().err().filter(|e| may_retry(e, after, at_ms)).map(|_| Ask::Stored);
                }
                after.stored = result.map_or_else(|e| Known::from_error(&e), Known::Read);
                self.next_visible(at_ms, sent);
                if self.retry.is_some() && !self.request.is_loading() {
                    self.due_ms = Some(at_ms + VISIBLE_POLL_MS);
                }
            }
            Reply::Visible(result) => {
                let Some(after) = self.after.as_mut() else { return };
                after.visible = result.map_or_else(|e| Known::from_error(&e), Known::Read);
                if after.visible.read().is_some_and(|count| *count >= after.visible_target()) {
                    after.visible_at_ms.get_or_insert(at_ms);
                }
                if !after.settled(at_ms) {
                    self.due_ms = Some(at_ms + VISIBLE_POLL_MS);
                }
            }
        }
    }

    fn take_indexes(&mut self, result: Result<Vec<IndexCounts>, ApiError>, at_ms: f64) {
        self.polls_since_read = 0;
        match result {
            Ok(counts) => {
                let vector: Vec<String> = counts.iter().filter(|c| c.is_vector()).map(|c| c.index_name.clone()).collect();
                if vector.is_empty() {
                    self.index = Known::Failed("the collection has no vector index".into());
                    self.vector_indexes = Some(Vec::new());
                    // Nothing to measure: no more index reads for it.
                    self.next_cost = u32::MAX / 2;
                    return;
                }
                self.next_cost = vector.len() as u32;
                self.vector_indexes = Some(vector);
                let mut progress = match std::mem::take(&mut self.index) {
                    Known::Read(progress) => progress,
                    _ => IndexProgress::default(),
                };
                progress.observe(&counts, at_ms);
                self.index = Known::Read(progress);
            }
            // An index that went (dropped, renamed): read the list again next time.
            Err(error) => {
                self.vector_indexes = None;
                self.next_cost = 2;
                let known = Known::from_error(&error);
                // Keep the last good readings visible; a refusal is said once and ends the reads.
                if matches!(known, Known::NoPermission) || self.index.read().is_none() {
                    self.index = known;
                }
            }
        }
    }

    /// Due: a read that failed is tried again (then what follows it), else the visible count.
    fn on_due(&mut self, at_ms: f64, sent: &mut u64) {
        match self.retry.take() {
            Some(ask) => self.ask(ask, sent),
            None => self.next_visible(at_ms, sent),
        }
    }

    /// After rows stored: count visible rows if the collection is loaded, else nothing more.
    fn next_visible(&mut self, at_ms: f64, sent: &mut u64) {
        let Some(after) = self.after.as_ref() else { return };
        if after.load == Known::Read(LoadState::Loaded) && !after.settled(at_ms) {
            let pk = after.primary_key.as_ref().map(|(name, ty)| (name.as_str(), ty.as_str()));
            let filter = if self.legacy { count_filter(pk) } else { String::new() };
            self.ask(Ask::Visible { filter }, sent);
        }
    }
}

/// Every collection the page's jobs load into.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadinessState {
    pub collections: Vec<CollectionReadiness>,
    pub sent: u64,
    /// Answers taken, and the collection the last one was about: what the host is told.
    pub answers: u64,
    pub last_answered: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadinessAction {
    /// A job poll's answer: which collection, what the job is doing, its rows.
    Observed {
        key: CollectionKey,
        seen: JobSeen,
        bands: BandTable,
        interval_ms: u32,
        /// Every job the page watches has answered once: a batch's collection is not "all
        /// final" while some of its jobs are still unknown.
        all_seen: bool,
        at_ms: f64,
    },
    Response {
        id: u64,
        reply: Reply,
        at_ms: f64,
    },
    /// The visible count's timer.
    Due {
        at_ms: f64,
    },
    /// A new watch: forget every collection (late answers are dropped by their ids).
    Reset,
}

/// A failed read after Completed is tried again when another try may fix it (not a refusal,
/// not a missing collection) and the limit has not passed.
fn may_retry(error: &ApiError, after: &AfterCompleted, at_ms: f64) -> bool {
    !matches!(error, ApiError::Forbidden { .. } | ApiError::Milvus { .. }) && at_ms - after.since_ms < VISIBLE_LIMIT_MS
}

impl ReadinessAction {
    /// A job poll's answer as its collection's readiness sees it.
    pub fn observed(connection: &Connection, interval_ms: u32, all_seen: bool, answer: &PollAnswer) -> Option<ReadinessAction> {
        let job = answer.result.as_ref().ok()?;
        let bands = band_table(answer.route);
        let key = CollectionKey { connection: connection.clone(), collection: job.collection_name.clone() };
        let (_, rows) = known_rows(job);
        let seen = JobSeen { job_id: job.job_id.clone(), activity: activity(job, bands), rows: rows.unwrap_or(job.total_rows) };
        Some(ReadinessAction::Observed { key, seen, bands, interval_ms, all_seen, at_ms: answer.at_ms })
    }
}

impl ReadinessState {
    pub fn apply(&self, action: ReadinessAction) -> Option<ReadinessState> {
        let mut next = self.clone();
        match action {
            ReadinessAction::Observed { key, seen, bands, interval_ms, all_seen, at_ms } => {
                // Zilliz Cloud's import API is its control plane: the cluster's endpoints are elsewhere.
                if key.connection.is_cloud() || key.collection.is_empty() {
                    return None;
                }
                let at = match next.collections.iter().position(|c| *c.key == key) {
                    Some(at) => at,
                    None => {
                        next.collections.push(CollectionReadiness::new(key, bands == BandTable::Legacy, interval_ms));
                        next.collections.len() - 1
                    }
                };
                let sent = &mut next.sent;
                next.collections.get_mut(at)?.observe(seen, all_seen, at_ms, sent);
            }
            ReadinessAction::Response { id, reply, at_ms } => {
                let sent = &mut next.sent;
                let at = next.collections.iter().position(|c| c.request.awaits(id))?;
                next.collections.get_mut(at)?.take(reply, at_ms, sent);
                next.answers += 1;
                next.last_answered = Some(at);
            }
            ReadinessAction::Due { at_ms } => {
                let sent = &mut next.sent;
                let mut asked = false;
                for collection in next.collections.iter_mut().filter(|c| c.due_ms.is_some_and(|due| due <= at_ms)) {
                    collection.on_due(at_ms, sent);
                    asked |= collection.request.is_loading();
                    if !collection.request.is_loading() {
                        collection.due_ms = None;
                    }
                }
                if !asked && next.collections == self.collections {
                    return None;
                }
            }
            ReadinessAction::Reset if self.collections.is_empty() => return None,
            ReadinessAction::Reset => {
                next.collections.clear();
                next.last_answered = None;
            }
        }
        (next != *self).then_some(next)
    }

    /// The requests to send: (id, collection, what to read).
    pub fn requests(&self) -> Vec<(u64, Rc<CollectionKey>, Ask)> {
        self.collections.iter().filter_map(|c| Some((c.request.loading_id()?, c.key.clone(), c.asking.clone()?))).collect()
    }

    /// When the next visible count is due, if one is.
    pub fn next_due_ms(&self) -> Option<f64> {
        self.collections.iter().filter_map(|c| c.due_ms).reduce(f64::min)
    }

    /// The collections of the jobs on `connection`.
    pub fn on(&self, connection: &Connection) -> Vec<CollectionReadiness> {
        self.collections.iter().filter(|c| c.key.connection == *connection).cloned().collect()
    }

    /// The collection of `collection` on `connection`, if the page has read it.
    pub fn of(&self, connection: &Connection, collection: &str) -> Option<&CollectionReadiness> {
        self.collections.iter().find(|c| c.key.connection == *connection && c.key.collection == collection)
    }
}
