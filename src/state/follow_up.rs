//! What follows on the page from a commit or abort, and from a create: a refresh of the jobs
//! it touched, the new job watched, and whether the job a retried `Idempotency-Key` returned
//! is really new; and what the page knows of a job's commit mode.

use super::batch::{abort_all, BatchAction, CommitFacts};
use super::{Action, CreateAction, JobAction, ManualAction, PageState, RequestState, Source};
use crate::ApiError;

impl PageState {
    pub(super) fn manual_action(&self, action: ManualAction) -> Option<PageState> {
        let succeeded = match &action {
            ManualAction::Response { id, result: Ok(()), at_ms } if self.manual.request.awaits(*id) => {
                Some((self.manual.job_ids.clone(), *at_ms))
            }
            _ => None,
        };
        let manual = self.manual.apply(action)?;
        let next = PageState { manual, ..self.clone() };
        let Some((job_ids, at_ms)) = succeeded else { return Some(next) };
        // Done: ask at once, to follow the job through Committing (or to Aborted).
        let watched = self.job.target.as_ref().is_some_and(|w| job_ids.contains(&w.job_id));
        let next = if watched { next.with_job(JobAction::Refresh).unwrap_or(next) } else { next };
        Some(next.with_batch(BatchAction::PollNow { job_ids, at_ms }).unwrap_or(next))
    }

    /// The jobs the commit or abort in progress is for, each with the server it goes to: a
    /// batch job's own server, a pair's primary (never the standby: it is read-only while it
    /// remains a standby), else the watched job's server.
    pub fn manual_targets(&self) -> Vec<(String, crate::client::Connection)> {
        let batch = self.batch.target.as_deref();
        let job = self.job.target.as_ref().map(|w| &w.connection);
        self.manual
            .job_ids
            .iter()
            .filter_map(|job_id| {
                let on_batch = batch.and_then(|t| {
                    let server = if t.pair.is_some() { 0 } else { self.batch.entries.iter().find(|e| e.job_id == *job_id)?.server };
                    t.connection(server)
                });
                Some((job_id.clone(), on_batch.or(job)?.clone()))
            })
            .collect()
    }

    pub(super) fn create_action(&self, action: CreateAction) -> Option<PageState> {
        if action == CreateAction::NewKey {
            let create = self.create.apply(action)?;
            return Some(PageState { create, tab: super::Tab::Create, ..self.clone() });
        }
        let created = match &action {
            CreateAction::Response { id, result: Ok(job_id), sent_ms, at_ms } if self.create.request.awaits(*id) => {
                Some((job_id.clone(), *sent_ms, *at_ms))
            }
            _ => None,
        };
        // The form's own checks are the create form's; the connection's are the page's.
        let action = match (action, self.form.connection()) {
            (CreateAction::Submit { .. } | CreateAction::SubmitAnyway { .. }, Err(error)) => CreateAction::Refused(error),
            // A failing check holds a Start until the user says to go on.
            (action, _) => self.held_submit(action),
        };
        // A pair's primary takes only two-phase imports.
        let two_phase = self.form.pair && !self.form.servers.is_empty();
        let waits = matches!(action, CreateAction::Wait { .. });
        let create = super::CreateForm { two_phase, ..self.create.clone() }.apply(action)?;
        let next = PageState { create, ..self.clone() };
        // A Start waiting for the schema asks for it now, without waiting for the field to settle.
        if waits {
            return Some(next.precheck_due().unwrap_or(next));
        }
        let Some((job_id, sent_ms, at_ms)) = created else { return Some(next) };
        let mut next = if two_phase {
            // The new job is watched on both clusters of the pair.
            let form = super::FormFields { job_id: job_id.clone(), ..next.form.clone() };
            let page = PageState { form, tab: super::Tab::Job, ..next };
            page.apply(Action::Watch { at_ms }).unwrap_or(page)
        } else {
            next.apply(Action::WatchJobs { job_ids: vec![job_id.clone()], settings: None, at_ms }).unwrap_or(next)
        };
        // A job this submit created has an ID (the server's clock) from between its send and
        // its answer; a retried key may have returned an older job, which says nothing of it.
        if self.create.key_attempts < 2 {
            next.job.tracker.created_here(&job_id, sent_ms, at_ms);
        }
        Some(next)
    }

    /// After an answer about the watched job: if it is the job a retried keyed submit returned,
    /// whether it was already final (or gone) before this page asked for it: then the key had
    /// already run, and the page says so instead of presenting an old job as new.
    pub(super) fn judge_keyed(self) -> PageState {
        let Some(keyed) = self.create.keyed_job.clone() else { return self };
        let Some(watched) = self.job.target.as_ref().map(|w| w.job_id.clone()).filter(|id| *id == keyed) else { return self };
        let live = self.job.snapshot.as_ref().filter(|s| s.source == Source::Live);
        let already = match (live, &self.job.request) {
            (_, RequestState::Failed(ApiError::JobNotFound { .. })) => Some("deleted (the server no longer knows it)".to_owned()),
            (Some(snapshot), _) if snapshot.job.state.is_terminal() => Some(crate::job::shown_state(&snapshot.job)),
            (Some(_), _) => None,
            (None, _) => return self,
        };
        let action = CreateAction::Judged { job_id: watched, already };
        match self.create.apply(action) {
            Some(create) => PageState { create, ..self },
            None => self,
        }
    }

    /// Whether this page created `job_id` with `auto_commit = "false"`.
    pub fn created_manual(&self, job_id: &str) -> bool {
        self.create.created.iter().any(|(id, request)| {
            id == job_id && request.options.iter().any(|(k, v)| k.eq_ignore_ascii_case("auto_commit") && v.eq_ignore_ascii_case("false"))
        })
    }

    /// What the page knows of the watched job's commit mode.
    pub fn commit_facts(&self) -> CommitFacts {
        let created = self.job.target.as_ref().is_some_and(|w| self.created_manual(&w.job_id));
        CommitFacts { manual: created || self.job.tracker.seen_manual_commit() }
    }

    /// The batch's jobs *Abort all* would abort (see [`abort_all`]).
    pub fn abortable_in_batch(&self) -> Option<Vec<String>> {
        abort_all(&self.batch.entries, &|id| self.created_manual(id))
    }
}
