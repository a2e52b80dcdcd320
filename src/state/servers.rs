//! Jobs of several servers on one page, and CDC pairs: the page's way into a batch over
//! several servers (each with its own endpoint, token and database, each ID checked first), and
//! a pair batch read as one row per job with both sides and what they mean together
//! (`job::pair`).

use super::batch::{check_job_ids, read_job_ids, BatchAction, BatchEntry, BatchTarget, BatchWatch, PairSetting};
use super::form::ServerJobs;
use super::{FormFields, JobAction, JobWatch, PageState, RequestState, Tab};
use crate::job::pair::{PairFacts, PairMeaning, PairOffer, Side};
use crate::ApiError;

impl PageState {
    /// Requests to each of the batch's servers in flight besides the batch's own polls, by
    /// server: the opened job's poll, a commit or abort, a queue list.
    pub fn busy_besides_batch(&self) -> Vec<usize> {
        let mut busy = vec![0; self.batch.server_count().max(1)];
        let server_of = |job_id: &str| self.batch.entries.iter().find(|e| e.job_id == job_id).map_or(0, |e| e.server);
        let focused = self.batch.focus.as_deref().filter(|_| self.job.request.is_loading()).map(server_of);
        // One commit or abort at a time, for its jobs in turn (a pair's on its primary).
        let manual = self.manual.job_ids.first().filter(|_| self.manual.request.is_loading()).map(|id| server_of(id));
        for server in focused.into_iter().chain(manual) {
            if let Some(count) = busy.get_mut(server) {
                *count += 1;
            }
        }
        // A queue list takes one of its server's places too.
        for (server, count) in busy.iter_mut().enumerate() {
            *count += self.queue_lists_on(server);
        }
        busy
    }

    /// The form's Watch: one job, a batch of one server, or jobs of several servers (a pair);
    /// the form's named connections are kept (their tokens only when remembered).
    pub(super) fn watch_form(&self, at_ms: f64) -> Option<PageState> {
        let saved = crate::connections::merged(&self.form.saved, &self.form.named(), self.form.remember_token);
        let form = FormFields { saved, asks_tokens: false, ..self.form.clone() };
        let page = PageState { form, ..self.clone() };
        let watched = if self.form.servers.is_empty() {
            page.watch(read_job_ids(&self.form.job_id, at_ms), at_ms)
        } else {
            page.watch_servers(&self.form.server_jobs(), self.form.pair_setting(), at_ms)
        };
        watched.or(Some(page).filter(|p| p != self))
    }

    /// Watch jobs of several servers as one batch (or, with `pair`, the first server's job IDs
    /// on it and on the second, its standby). Every server's connection and every ID is checked
    /// first; if any cannot be right, nothing is sent and the refusal names the server.
    pub(super) fn watch_servers(&self, servers: &[ServerJobs], pair: Option<PairSetting>, at_ms: f64) -> Option<PageState> {
        let checked = checked_servers(servers, pair.is_some(), at_ms);
        let (connections, jobs) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                let batch = BatchWatch { sent: self.batch.sent, sort: self.batch.sort, ..BatchWatch::default() };
                let refused = PageState { batch, tab: Tab::Job, ..self.clone() };
                return refused.with_job(JobAction::Start(Err(error))).or(Some(refused));
            }
        };
        let interval_ms = servers.first().map_or(crate::policy::DEFAULT_INTERVAL_MS, |s| s.settings.interval_ms);
        let target = BatchTarget { servers: connections, interval_ms, started_ms: at_ms, pair };
        let batch = self.batch.apply(BatchAction::Start { target, jobs })?;
        let stopped = self.job.apply(JobAction::Stop).unwrap_or_else(|| self.job.clone());
        let job = JobWatch { snapshot: None, request: RequestState::Idle, ..stopped };
        Some(PageState { batch, job, tab: Tab::Job, manual: self.manual.settled(), ..self.clone() })
    }
}

impl PageState {
    /// *Watch as a pair*: the batch's two servers as a primary (`primary`) and its standby, the
    /// primary's jobs asked of both.
    pub(super) fn pair_up(&self, primary: usize, at_ms: f64) -> Option<PageState> {
        let target = self.batch.target.as_deref().filter(|t| t.servers.len() == 2 && t.pair.is_none())?;
        let standby = 1 - primary.min(1);
        let servers = vec![target.connection(primary)?.clone(), target.connection(standby)?.clone()];
        let mut jobs: Vec<String> = Vec::new();
        for entry in self.batch.entries.iter().filter(|e| e.server == primary) {
            if !jobs.contains(&entry.job_id) {
                jobs.push(entry.job_id.clone());
            }
        }
        let jobs = jobs.iter().flat_map(|id| [(0, id.clone()), (1, id.clone())]).collect();
        let pair = Some(PairSetting { stall_ms: self.form.stall_ms() });
        let target = BatchTarget { servers, interval_ms: target.interval_ms, started_ms: at_ms, pair };
        let batch = self.batch.apply(BatchAction::Start { target, jobs })?;
        Some(PageState { batch, ..self.clone() })
    }
}

/// Job IDs that answered on both servers of a two-server batch (not a pair yet): the same job
/// on a primary and its standby, which the page offers to watch as a pair.
pub fn shared_job_ids(batch: &BatchWatch) -> Vec<String> {
    if batch.is_pair() || batch.server_count() != 2 {
        return Vec::new();
    }
    let answered = |server: usize, id: &str| {
        batch.entries.iter().any(|e| e.server == server && e.job_id == id && e.job.is_some() && !e.unregistered && e.kept_at_ms.is_none())
    };
    let mut ids: Vec<String> = batch
        .entries
        .iter()
        .filter(|e| e.server == 0 && answered(0, &e.job_id) && answered(1, &e.job_id))
        .map(|e| e.job_id.clone())
        .collect();
    ids.dedup();
    ids
}

/// Each server's connection, and every job as `(server, ID)`.
type Checked = (Vec<crate::client::Connection>, Vec<(usize, String)>);

/// Each server's connection, and every job as `(server, ID)`: a pair's IDs are the primary's,
/// asked of both.
fn checked_servers(servers: &[ServerJobs], pair: bool, at_ms: f64) -> Result<Checked, ApiError> {
    if servers.is_empty() || (pair && servers.len() != 2) {
        return Err(ApiError::InvalidInput { message: "A pair is two servers: the primary, then its standby.".into() });
    }
    let mut connections = Vec::with_capacity(servers.len());
    let mut jobs = Vec::new();
    for (server, asked) in servers.iter().enumerate() {
        let named = |error: ApiError| ApiError::InvalidInput {
            message: format!("Server {} ({}): {}", server + 1, asked.settings.endpoint.trim(), error),
        };
        connections.push(asked.settings.connection().map_err(named)?);
        let ids = if pair { servers.first().map(|p| p.job_ids.clone()).unwrap_or_default() } else { asked.job_ids.clone() };
        if ids.is_empty() && !pair {
            continue;
        }
        let read = check_job_ids(ids.iter().map(String::as_str), at_ms).map_err(named)?;
        jobs.extend(read.ids.into_iter().map(|id| (server, id)));
    }
    if jobs.is_empty() {
        return Err(ApiError::InvalidInput { message: "Name at least one job ID.".into() });
    }
    Ok((connections, jobs))
}

/// One job of a pair batch: both sides, what they mean together and what is offered.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow<'a> {
    pub job_id: &'a str,
    pub primary: Option<&'a BatchEntry>,
    pub standby: Option<&'a BatchEntry>,
    pub facts: PairFacts,
    pub meaning: PairMeaning,
    pub offer: PairOffer,
    /// How far the standby is behind the primary, in progress points (`None`: unknown).
    pub lag_points: Option<i32>,
    /// How long after the primary's record the standby's was made (the replication lag at
    /// create), each side's `createTime` on the page's clock (`None`: unknown).
    pub created_after_ms: Option<f64>,
}

/// A pair batch's rows, one per job ID, in the batch's order of its primaries.
pub fn pair_rows(batch: &BatchWatch, now_ms: f64) -> Vec<PairRow<'_>> {
    let Some(setting) = batch.target.as_ref().and_then(|t| t.pair) else { return Vec::new() };
    // Each standby found by its job ID at once: a pair batch of 1,024 jobs is drawn at every
    // answer, and a search per primary would be a million comparisons.
    let mut standbys = std::collections::HashMap::<&str, &BatchEntry>::new();
    for entry in batch.entries.iter().filter(|e| e.server == 1) {
        standbys.entry(entry.job_id.as_str()).or_insert(entry);
    }
    batch
        .entries
        .iter()
        .filter(|e| e.server == 0)
        .map(|primary| {
            let standby = standbys.get(primary.job_id.as_str()).copied();
            let facts = pair_facts(primary, standby, setting, now_ms);
            let lag_points = primary.job.as_ref().zip(standby.and_then(|s| s.job.as_ref()).filter(|_| facts.standby != Side::Absent));
            // Each side's createTime is its own server's clock: each put on the page's first.
            let created = |entry: &BatchEntry| {
                let job = entry.job.as_ref().filter(|j| j.create_time.is_some() && !entry.unregistered)?;
                Some(entry.tracker.clock().to_page(crate::job::created_ms(job)?))
            };
            let created_after_ms = created(primary).zip(standby.and_then(created)).map(|(p, s)| s - p);
            PairRow {
                job_id: &primary.job_id,
                primary: Some(primary),
                standby,
                meaning: PairMeaning::of(&facts),
                offer: PairOffer::of(&facts),
                facts,
                lag_points: lag_points.map(|(p, s)| i32::from(p.progress) - i32::from(s.progress)),
                created_after_ms,
            }
        })
        .collect()
}

fn side(entry: Option<&BatchEntry>) -> Side {
    let Some(entry) = entry else { return Side::Unanswered };
    let absent = matches!(entry.request.error(), Some(ApiError::JobNotFound { .. })) && entry.kept_at_ms.is_none();
    // A job not registered yet is shown as queued by the batch; for the pair it is absent.
    Side::of(entry.job.as_deref(), absent || entry.unregistered)
}

fn pair_facts(primary: &BatchEntry, standby: Option<&BatchEntry>, setting: PairSetting, now_ms: f64) -> PairFacts {
    let created = crate::job::id::created_ms(&primary.job_id).map(|server_ms| primary.tracker.clock().to_page(server_ms));
    PairFacts {
        primary: side(Some(primary)),
        standby: side(standby),
        since_created_ms: created.map(|at| now_ms - at),
        since_commit_ms: primary.committed_seen_ms.map(|at| now_ms - at),
        threshold_ms: setting.stall_ms,
    }
}
