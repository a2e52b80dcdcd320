//! Before and around an import, on the page: the checks the create form shows (from its request,
//! the schema read and the server's list), a Start held while a check fails, and each waiting
//! job's place in its server's queue. The reads they need are asked here; the hooks send them.

use super::{CreateAction, PageState, PrecheckAction, QueueAction, Tab};
use crate::client::Connection;
use crate::job::queue::{ahead, Ahead};
use crate::model::JobState;
use crate::precheck::{checks, Check, Known, Outcome};

impl PageState {
    /// The checks of the create form's request, with what is known (`None`: the form does not
    /// describe a request yet; its own message says why on Start).
    pub fn prechecks(&self) -> Option<Vec<Check>> {
        let request = self.create.request().ok()?;
        let connection = self.form.connection().ok();
        let schema = connection.as_ref().and_then(|c| self.precheck.schema_for(c, &request.collection_name));
        let running = connection.as_ref().and_then(|c| self.queue.records(c)).map(|r| r.iter().filter(|r| !r.state.is_terminal()).count());
        let known = Known { schema: schema.flatten(), missing_collection: schema.is_some_and(|s| s.is_none()), running_jobs: running };
        Some(checks(&request, &known))
    }

    /// How many checks fail: a Start is then held until the user says to go on.
    pub fn failing_checks(&self) -> usize {
        self.prechecks().map_or(0, |checks| checks.iter().filter(|c| c.outcome == Outcome::Fail).count())
    }

    /// A Start with failing checks is held (nothing sent); *Start anyway* sends it. A Start
    /// while the schema is still to be read waits for it.
    pub(super) fn held_submit(&self, action: CreateAction) -> CreateAction {
        match action {
            CreateAction::Submit { fresh_key } if self.schema_pending() => CreateAction::Wait { fresh_key },
            CreateAction::Submit { fresh_key } => match self.failing_checks() {
                0 => CreateAction::Submit { fresh_key },
                failing => CreateAction::Hold { failing },
            },
            CreateAction::SubmitAnyway { fresh_key } => CreateAction::Submit { fresh_key },
            other => other,
        }
    }

    /// What the schema read waits for: the form's connection and collection while the create
    /// form is open (the hook asks once the field has settled).
    pub fn precheck_wanted(&self) -> Option<(Connection, String)> {
        let collection = self.create.collection.trim();
        (self.tab == Tab::Create && self.visible && !collection.is_empty())
            .then(|| Some((self.form.connection().ok()?, collection.to_owned())))
            .flatten()
    }

    /// The form's collection's schema is wanted and neither read nor refused yet.
    fn schema_pending(&self) -> bool {
        self.precheck_wanted().is_some_and(|(connection, collection)| {
            let refused =
                self.precheck.asked.as_ref() == Some(&(connection.clone(), collection.clone())) && self.precheck.request.error().is_some();
            self.precheck.schema_for(&connection, &collection).is_none() && !refused
        })
    }

    /// The schema read answered: a Start that waited for it goes on (sent, or held).
    pub(super) fn precheck_answer(&self, action: PrecheckAction) -> Option<PageState> {
        let precheck = self.precheck.apply(action)?;
        let next = PageState { precheck, ..self.clone() };
        match next.create.waiting.clone() {
            Some(fresh_key) if !next.schema_pending() => {
                let create = super::CreateForm { waiting: None, ..next.create.clone() };
                let page = PageState { create, ..next };
                Some(page.create_action(CreateAction::Submit { fresh_key }).unwrap_or(page))
            }
            _ => Some(next),
        }
    }

    /// The schema read, once the field has settled.
    pub(super) fn precheck_due(&self) -> Option<PageState> {
        let (connection, collection) = self.precheck_wanted()?;
        let precheck = self.precheck.apply(PrecheckAction::Ask { connection, collection })?;
        Some(PageState { precheck, ..self.clone() })
    }

    /// The servers whose list is wanted now: the create form's (for the running-jobs check,
    /// once a collection is named) and each server with a waiting job on screen. None while the
    /// page is hidden.
    pub fn queue_wanted(&self) -> Vec<Connection> {
        if !self.visible {
            return Vec::new();
        }
        let mut wanted = Vec::new();
        // The create form's server once an import is being written (a collection named).
        wanted.extend(self.precheck_wanted().map(|(connection, _)| connection));
        let pending = |job: Option<&crate::model::ImportJob>| job.is_some_and(|j| j.state == JobState::Pending);
        if let Some(watch) = self.job.target.as_ref().filter(|_| pending(self.job.snapshot.as_ref().map(|s| &s.job))) {
            wanted.push(watch.connection.clone());
        }
        if let Some(target) = self.batch.target.as_deref() {
            let waiting = self.batch.entries.iter().filter(|e| pending(e.job.as_deref()));
            wanted.extend(waiting.filter_map(|e| target.connection(e.server)).cloned());
        }
        wanted.dedup();
        // One request at a time to a server the page polls: a list waits for the poll in flight.
        wanted.retain(|c| !self.polling(c));
        wanted
    }

    /// A poll of this server is in flight: the watched job's, or one of the batch's.
    fn polling(&self, connection: &Connection) -> bool {
        let job = self.job.request.is_loading() && self.job.target.as_ref().is_some_and(|w| w.connection.endpoint == connection.endpoint);
        let batch = self.batch.target.as_deref().is_some_and(|t| {
            self.batch
                .entries
                .iter()
                .any(|e| e.request.is_loading() && t.connection(e.server).is_some_and(|c| c.endpoint == connection.endpoint))
        });
        job || batch
    }

    /// The watched job's server has a queue list in flight: its next poll waits for it (the
    /// job view never has two requests in flight).
    pub fn queue_holds_poll(&self) -> bool {
        self.job.target.as_ref().and_then(|w| self.queue.list(&w.connection)).is_some_and(|l| l.request.is_loading())
    }

    /// Queue lists in flight on each of the batch's servers (they take one of its places).
    pub(super) fn queue_lists_on(&self, server: usize) -> usize {
        let target = self.batch.target.as_deref();
        let listing = target.and_then(|t| t.connection(server)).and_then(|c| self.queue.list(c)).is_some_and(|l| l.request.is_loading());
        usize::from(listing)
    }

    pub(super) fn queue_due(&self, at_ms: f64) -> Option<PageState> {
        let queue = self.queue.apply(QueueAction::Due { wanted: self.queue_wanted(), at_ms })?;
        Some(PageState { queue, ..self.clone() })
    }

    /// The watched job's place in its server's queue, while it waits and the list was read.
    pub fn job_ahead(&self) -> Option<Ahead> {
        let watch = self.job.target.as_ref()?;
        let snapshot = self.job.snapshot.as_ref().filter(|s| s.job.state == JobState::Pending)?;
        ahead(&snapshot.job.job_id, self.queue.records(&watch.connection)?)
    }

    /// Each waiting batch job's place in its server's queue, by server and job ID.
    pub fn batch_ahead(&self) -> Vec<((usize, String), Ahead)> {
        let Some(target) = self.batch.target.as_deref() else { return Vec::new() };
        self.batch
            .entries
            .iter()
            .filter(|e| e.job.as_ref().is_some_and(|j| j.state == JobState::Pending))
            .filter_map(|e| {
                let records = self.queue.records(target.connection(e.server)?)?;
                Some(((e.server, e.job_id.clone()), ahead(&e.job_id, records)?))
            })
            .collect()
    }

    /// The watched job's log link from the form's template (`None`: no template, or no job
    /// yet; `Err`: what is wrong with the template).
    pub fn log_link(&self, now_ms: f64) -> Option<Result<String, crate::loglink::TemplateProblem>> {
        let template = self.form.log.in_use()?;
        let job = &self.job.snapshot.as_ref()?.job;
        let database = self.job.target.as_ref().and_then(|w| w.connection.db_name.as_deref());
        Some(crate::loglink::link(template, &log_facts(job, database, &self.job.tracker, now_ms)?))
    }

    /// The log links the batch shows, by server and job ID: each failed job's, and each job of
    /// a pair whose commit has stalled (both sides). Only where a template is set and valid.
    pub fn batch_log_links(&self, now_ms: f64) -> Vec<((usize, String), String)> {
        let (Some(template), Some(target)) = (self.form.log.in_use(), self.batch.target.as_deref()) else { return Vec::new() };
        let stalled: Vec<&str> = super::pair_rows(&self.batch, now_ms)
            .into_iter()
            .filter(|row| row.meaning == crate::job::pair::PairMeaning::CommitStalled)
            .map(|row| row.job_id)
            .collect();
        self.batch
            .entries
            .iter()
            .filter(|e| e.is_failed() || stalled.contains(&e.job_id.as_str()))
            .filter_map(|e| {
                let database = target.connection(e.server)?.db_name.as_deref();
                let facts = log_facts(e.job.as_deref()?, database, &e.tracker, now_ms)?;
                Some(((e.server, e.job_id.clone()), crate::loglink::link(template, &facts).ok()?))
            })
            .collect()
    }

    /// What "Re-import failed files" would fill in for the watched job, if it failed.
    pub fn reimport_plan(&self) -> Option<crate::reimport::Reimport> {
        let job = &self.job.snapshot.as_ref()?.job;
        let created = self.create.created.iter().rev().find(|(id, _)| *id == job.job_id).map(|(_, request)| request);
        crate::reimport::reimport(job, created)
    }
}

/// What a job's log link is made of. The window is on the server's clock, as its logs are:
/// created from the ID or `createTime`, ended at `completeTime`, or when this page saw it end,
/// or now while it runs.
fn log_facts<'a>(
    job: &'a crate::model::ImportJob,
    database: Option<&'a str>,
    tracker: &crate::job::Tracker,
    now_ms: f64,
) -> Option<crate::loglink::LogFacts<'a>> {
    let completed = job.complete_time.as_deref().and_then(crate::format::parse_rfc3339_ms);
    Some(crate::loglink::LogFacts {
        job_id: &job.job_id,
        collection: &job.collection_name,
        database,
        created_ms: crate::job::created_ms(job)?,
        ended_ms: completed.or_else(|| tracker.ended_ms(job)),
        now_ms,
    })
}
