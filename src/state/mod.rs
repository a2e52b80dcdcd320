//! The page's state and everything that changes it: reducers with no DOM in them, tested
//! natively. One sub-state per concern, each with its own actions and `apply`:
//!
//! - [`FormFields`] ([`FormAction`]): the connection form as typed;
//! - [`JobWatch`] ([`JobAction`]): one watched job, its poll cycle and last answer;
//! - [`ListState`] ([`ListAction`]) and [`CreateForm`] ([`CreateAction`]): the other tabs.
//!
//! [`PageState::apply`] only delegates, and handles what spans two of them (watching the job
//! the form, the list or a create names; visibility). The hooks in `view::hooks` run the
//! effects the state asks for: a fetch per [`RequestState::Loading`] id, a timer from
//! [`JobWatch::next_poll_in_ms`].

mod apply;
mod around;
pub mod batch;
mod create;
mod follow_up;
mod form;
mod history;
mod job;
mod list;
mod manual;
mod page;
mod poll;
mod precheck;
mod queue;
mod readiness;
mod request;
mod servers;
mod snapshot;
mod tab;
mod table;
mod text;
mod window;

pub use apply::{reduce, Apply, Reduced};
pub use batch::checked_job_id;
pub use create::{CreateAction, CreateField, CreateForm, TWO_PHASE_NOTE};
pub use form::{Field, FormAction, FormFields, ServerField, ServerFields, ServerJobs, Settings};
pub use history::{HistoryAction, HistoryFilter, HistoryState};
pub use job::{JobAction, JobWatch, Watch};
pub use list::{ListAction, ListState};
pub use manual::{ManualAction, ManualKind, ManualState};
pub use page::{EngineApply, Page};
pub use poll::{band_table, Followed, PollAnswer, Reading};
pub use precheck::{PrecheckAction, PrecheckState};
pub use queue::{QueueAction, QueueLists, ServerList};
pub use readiness::{Ask, CollectionKey, CollectionReadiness, JobSeen, ReadinessAction, ReadinessState, Reply};
pub use request::RequestState;
pub use servers::{pair_rows, shared_job_ids, PairRow};
pub use snapshot::{Snapshot, Source};
pub use tab::Tab;
pub use table::{file_matches, list_rows, natural_order, ListSort, SortKey, Sorting, TableView};
pub use text::{announcement, batch_status_text, ended_notice, stale_text, status_text, title_text};
pub use window::{RowWindow, ESTIMATED_ROW_PX, ESTIMATED_VIEW_PX};

use crate::ApiError;
use batch::{check_job_ids, BatchAction, BatchTarget, BatchWatch, JobIds};
use std::rc::Rc;

/// Everything the page shows and decides.
#[derive(Debug, Clone, PartialEq)]
pub struct PageState {
    pub form: FormFields,
    pub job: JobWatch,
    /// The tab is visible (Page Visibility): hidden tabs do not poll.
    pub visible: bool,
    pub tab: Tab,
    pub list: ListState,
    pub create: CreateForm,
    /// Several jobs watched together; the job opened from it is in `job`.
    pub batch: BatchWatch,
    pub manual: ManualState,
    pub readiness: ReadinessState,
    pub precheck: PrecheckState,
    /// Each server's job list, for the queue line and the running-jobs check.
    pub queue: QueueLists,
}

impl Default for PageState {
    fn default() -> Self {
        PageState {
            form: FormFields::default(),
            job: JobWatch::default(),
            visible: true,
            tab: Tab::Job,
            list: ListState::default(),
            create: CreateForm::default(),
            batch: BatchWatch::default(),
            manual: ManualState::default(),
            readiness: ReadinessState::default(),
            precheck: PrecheckState::default(),
            queue: QueueLists::default(),
        }
    }
}

/// Everything that can happen to the page.
// An action lives for one dispatch; boxing the response would only add an allocation per poll.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Form(FormAction),
    Job(JobAction),
    List(ListAction),
    Create(CreateAction),
    Batch(BatchAction),
    Manual(ManualAction),
    Readiness(ReadinessAction),
    Precheck(PrecheckAction),
    /// The create form's collection has settled: read its schema if not read yet.
    PrecheckDue,
    Queue(QueueAction),
    /// The queue lists' timer: read each wanted server's list that is due.
    QueueDue {
        at_ms: f64,
    },
    /// Start watching the job in the form, or the batch when it holds several IDs.
    Watch {
        at_ms: f64,
    },
    /// The form's Stop (or Escape): the job and the batch.
    StopAll,
    /// The batch scheduler's timer.
    BatchTick {
        at_ms: f64,
    },
    /// Open one of the batch's jobs in the full view.
    OpenJob {
        job_id: String,
        at_ms: f64,
    },
    /// From the opened job back to its batch.
    BackToBatch {
        at_ms: f64,
    },
    /// Watch other jobs (one, or several as a batch) of the same server (from the job list), or
    /// the host's jobs with its settings.
    WatchJobs {
        job_ids: Vec<String>,
        settings: Option<Settings>,
        at_ms: f64,
    },
    /// Watch jobs of several servers as one batch; with `pair`, the first server's job IDs on it
    /// and on the second, its CDC standby.
    WatchServers {
        servers: Vec<ServerJobs>,
        pair: Option<batch::PairSetting>,
        at_ms: f64,
    },
    /// *Watch as a pair*: the batch's two servers, `primary` first, as a CDC pair.
    PairUp {
        primary: usize,
        at_ms: f64,
    },
    /// Page Visibility changed.
    Visibility(bool),
    ShowTab(Tab),
    /// Open a job kept in this browser (from History): watch it on its server, which shows the
    /// live job, or the kept copy once the server says it no longer knows it.
    OpenKept {
        endpoint: String,
        job_id: String,
        at_ms: f64,
    },
    /// "Re-import failed files" of the watched job: fill New import and open it.
    Reimport,
    /// The page's engine is in (the split page, [`Page`]): the actions that waited for it apply.
    EngineIn,
}

impl PageState {
    /// A page with the form prefilled.
    pub fn with_form(form: FormFields) -> PageState {
        PageState { form, ..PageState::default() }
    }

    /// The watched job's last good data is final: no more polling.
    pub fn is_terminal(&self) -> bool {
        self.job.is_terminal()
    }

    /// When the watched job's next poll is due, if one is (none while a queue list is out).
    pub fn next_poll_in_ms(&self) -> Option<u32> {
        self.job.next_poll_in_ms(self.visible).filter(|_| !self.queue_holds_poll())
    }

    /// The list's slow refresh is due when its tab is open and visible and nothing is loading.
    pub fn list_due(&self) -> bool {
        self.tab == Tab::Jobs && self.visible && self.list.may_refresh()
    }

    /// Applies an action; `None` when nothing changed (the caller keeps the same `Rc`).
    pub fn apply(&self, action: Action) -> Option<PageState> {
        let observed = self.readiness_observed(&action);
        let next = self.apply_action(action);
        let base = next.as_ref().unwrap_or(self);
        match observed.and_then(|observed| base.readiness.apply(observed)) {
            Some(readiness) => Some(PageState { readiness, ..base.clone() }),
            None => next,
        }
    }

    /// What an action tells the readiness of a collection: a new watch forgets every one; an
    /// answer the single job or a batch entry takes is a poll of its collection's job.
    fn readiness_observed(&self, action: &Action) -> Option<ReadinessAction> {
        let (connection, interval_ms, all_seen, answer) = match action {
            Action::Watch { .. } | Action::WatchJobs { .. } | Action::WatchServers { .. } | Action::StopAll => {
                return Some(ReadinessAction::Reset)
            }
            Action::Job(JobAction::Response(answer)) if self.job.request.awaits(answer.id) => {
                let watch = self.job.target.as_ref()?;
                (&watch.connection, watch.interval_ms, true, answer)
            }
            Action::Batch(BatchAction::Response(answer)) if self.batch.entries.iter().any(|e| e.request.awaits(answer.id)) => {
                let target = self.batch.target.as_ref()?;
                let server = self.batch.awaiting(answer.id)?.server;
                let others_seen = self.batch.entries.iter().all(|e| e.job.is_some() || e.request.awaits(answer.id));
                (target.connection(server)?, target.interval_ms, others_seen, answer)
            }
            _ => return None,
        };
        ReadinessAction::observed(connection, interval_ms, all_seen, answer)
    }

    fn apply_action(&self, action: Action) -> Option<PageState> {
        match action {
            Action::Form(action) => self.apply_form(action),
            // Nothing of the state's own: the waiting actions are [`Page`]'s.
            Action::EngineIn => None,
            Action::Job(action) => self.job_action(action),
            Action::List(action) => self.list.apply(action).map(|list| PageState { list, ..self.clone() }),
            Action::Create(action) => self.create_action(action),
            Action::Reimport => {
                let plan = self.reimport_plan()?;
                let create = self.create.apply(CreateAction::Prefill(plan)).unwrap_or_else(|| self.create.clone());
                Some(PageState { create, tab: Tab::Create, ..self.clone() })
            }
            Action::Batch(action) => self.with_batch(action),
            Action::Manual(action) => self.manual_action(action),
            // A hidden page asks nothing; the count is due again once it is back in view.
            Action::Readiness(ReadinessAction::Due { .. }) if !self.visible => None,
            Action::Readiness(action) => self.readiness.apply(action).map(|readiness| PageState { readiness, ..self.clone() }),
            Action::Precheck(action) => self.precheck_answer(action),
            Action::PrecheckDue => self.precheck_due(),
            Action::Queue(action) => self.queue.apply(action).map(|queue| PageState { queue, ..self.clone() }),
            Action::QueueDue { at_ms } => self.queue_due(at_ms),
            Action::Watch { at_ms } => self.watch_form(at_ms),
            Action::StopAll => {
                let job = self.job.apply(JobAction::Stop);
                let batch = self.batch.apply(BatchAction::Stop);
                (job.is_some() || batch.is_some()).then(|| PageState {
                    job: job.unwrap_or_else(|| self.job.clone()),
                    batch: batch.unwrap_or_else(|| self.batch.clone()),
                    ..self.clone()
                })
            }
            Action::BatchTick { at_ms } => {
                self.with_batch(BatchAction::Tick { at_ms, busy: self.busy_besides_batch(), visible: self.visible })
            }
            Action::OpenJob { job_id, at_ms } => self.open_job(job_id, at_ms),
            Action::BackToBatch { at_ms } => {
                let job = self.job.apply(JobAction::Stop).unwrap_or_else(|| self.job.clone());
                let batch = self.batch.apply(BatchAction::Focus { job_id: None, at_ms })?;
                Some(PageState { job: JobWatch { snapshot: None, ..job }, batch, manual: self.manual.settled(), ..self.clone() })
            }
            Action::WatchJobs { job_ids, settings, at_ms } => {
                // The field shows them one per line; the list itself is what is checked and watched.
                let form =
                    FormFields { job_id: job_ids.join("\n"), ..settings.map_or_else(|| self.form.clone(), |s| self.form.configured(&s)) };
                PageState { form, tab: Tab::Job, ..self.clone() }.watch(check_job_ids(job_ids.iter().map(String::as_str), at_ms), at_ms)
            }
            Action::OpenKept { endpoint, job_id, at_ms } => {
                let form = FormFields { job_id: job_id.clone(), ..self.form.for_server(&endpoint) };
                PageState { form, tab: Tab::Job, ..self.clone() }.watch(check_job_ids([job_id.as_str()], at_ms), at_ms)
            }
            Action::WatchServers { servers, pair, at_ms } => self.watch_servers(&servers, pair, at_ms),
            Action::PairUp { primary, at_ms } => self.pair_up(primary, at_ms),
            Action::Visibility(visible) if visible == self.visible => None,
            Action::Visibility(visible) => {
                let next = PageState { visible, ..self.clone() };
                // Back in view: refresh at once instead of waiting for the next interval.
                Some(next.with_job(JobAction::Resume).unwrap_or(next))
            }
            Action::ShowTab(tab) => self.show_tab(tab),
        }
    }

    /// Watching anything: the job, or a batch.
    pub fn is_watching(&self) -> bool {
        self.job.target.is_some() || self.batch.target.is_some()
    }

    /// The batch's view is open: a batch is shown and none of its jobs is opened.
    pub fn shows_batch(&self) -> bool {
        self.batch.is_shown() && self.batch.focus.is_none()
    }

    /// Watch what the form names: one job, or a batch. Every ID is checked first; if any cannot
    /// be right, nothing is sent for any, the watch on screen stops and the refusal names each
    /// bad ID (a batch left on screen would read as the one just asked for).
    fn watch(&self, ids: Result<JobIds, ApiError>, at_ms: f64) -> Option<PageState> {
        let settings = self.form.settings();
        let checked = settings.connection().and_then(|connection| Ok((connection, ids?)));
        let (connection, read) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                let batch = BatchWatch { sent: self.batch.sent, sort: self.batch.sort, ..BatchWatch::default() };
                let form = FormFields { note: None, ..self.form.clone() };
                let refused = PageState { batch, form, tab: Tab::Job, ..self.clone() };
                return refused.with_job(JobAction::Start(Err(error))).or(Some(refused));
            }
        };
        let form = FormFields { note: read.repeated_note(), ..self.form.clone() };
        if let [job_id] = read.ids.as_slice() {
            let watch = Watch { connection, job_id: job_id.clone(), interval_ms: settings.interval_ms, started_ms: at_ms };
            let next = PageState { batch: BatchWatch::default(), form, manual: self.manual.settled(), ..self.clone() };
            return next.with_job(JobAction::Start(Ok(watch)));
        }
        let target = BatchTarget::one_server(connection, settings.interval_ms, at_ms);
        let jobs = read.ids.into_iter().map(|id| (0, id)).collect();
        let batch = self.batch.apply(BatchAction::Start { target, jobs })?;
        let stopped = self.job.apply(JobAction::Stop).unwrap_or_else(|| self.job.clone());
        let job = JobWatch { snapshot: None, request: RequestState::Idle, ..stopped };
        Some(PageState { batch, job, form, tab: Tab::Job, manual: self.manual.settled(), ..self.clone() })
    }

    fn open_job(&self, job_id: String, at_ms: f64) -> Option<PageState> {
        let batch = self.batch.apply(BatchAction::Focus { job_id: Some(job_id.clone()), at_ms })?;
        let target = self.batch.target.as_deref();
        // A pair's job opens on its primary (the first entry with its ID).
        let entry = self.batch.entries.iter().find(|e| e.job_id == job_id)?;
        let mut job = JobWatch { table: self.job.table.clone(), sent: self.job.sent, ..JobWatch::default() };
        // What the batch knows shows at once; a live batch then polls it here.
        if let Some(known) = &entry.job {
            job.snapshot = Some(Rc::new(Snapshot::new((**known).clone(), None, at_ms)));
            job.route = entry.route;
        }
        let job = match target {
            Some(t) => {
                let connection = t.connection(entry.server)?.clone();
                let watch = Watch { connection, job_id, interval_ms: t.interval_ms, started_ms: at_ms };
                job.apply(JobAction::Start(Ok(watch))).unwrap_or(job)
            }
            None => job,
        };
        Some(PageState { job, batch, manual: self.manual.settled(), ..self.clone() })
    }

    fn job_action(&self, action: JobAction) -> Option<PageState> {
        // The opened job's answers are the batch's too: it does not ask for that job itself.
        let observed = match &action {
            JobAction::Response(PollAnswer { id, result: Ok(job), route, sent_ms, at_ms, .. }) if self.job.request.awaits(*id) => {
                Some(BatchAction::Observe { job: job.clone(), route: *route, sent_ms: *sent_ms, at_ms: *at_ms })
            }
            _ => None,
        };
        let next = self.with_job(action)?.judge_keyed();
        Some(match observed.filter(|_| self.batch.focus.is_some()) {
            Some(observe) => next.with_batch(observe).unwrap_or(next),
            None => next,
        })
    }

    fn with_batch(&self, action: BatchAction) -> Option<PageState> {
        self.batch.apply(action).map(|batch| PageState { batch, ..self.clone() })
    }

    fn with_job(&self, action: JobAction) -> Option<PageState> {
        // A hidden page does not poll (a timer that fired as the tab went hidden asks nothing),
        // nor does the job while its server's queue list is out.
        if matches!(action, JobAction::PollDue { .. } | JobAction::Resume) && (!self.visible || self.queue_holds_poll()) {
            return None;
        }
        // Refresh while the queue list is out is a click while busy: ignored, as while the poll
        // is out (the list answers within one request's time; the next poll follows).
        if matches!(action, JobAction::Refresh) && self.queue_holds_poll() {
            return None;
        }
        self.job.apply(action).map(|job| PageState { job, ..self.clone() })
    }
}
