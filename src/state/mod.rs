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

mod create;
mod form;
mod job;
mod list;
mod request;
mod snapshot;
mod table;
mod text;

pub use create::{CreateAction, CreateField, CreateForm};
pub use form::{checked_job_id, Field, FormAction, FormFields, Settings};
pub use job::{band_table, JobAction, JobWatch, Watch};
pub use list::{ListAction, ListState};
pub use request::RequestState;
pub use snapshot::{Snapshot, Source};
pub use table::{list_rows, ListSort, SortKey, Sorting, TableView};
pub use text::{announcement, status_text, title_text};

use crate::ApiError;
use std::rc::Rc;

/// Which view is open below the connection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Job,
    Jobs,
    Create,
}

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
    /// Start watching the job in the form.
    Watch {
        at_ms: f64,
    },
    /// Watch another job of the same server (from the job list), or the host's job with its
    /// settings.
    WatchJob {
        job_id: String,
        settings: Option<Settings>,
        at_ms: f64,
    },
    /// Page Visibility changed.
    Visibility(bool),
    ShowTab(Tab),
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

    /// When the watched job's next poll is due, if one is.
    pub fn next_poll_in_ms(&self) -> Option<u32> {
        self.job.next_poll_in_ms(self.visible)
    }

    /// The list's slow refresh is due when its tab is open and visible and nothing is loading.
    pub fn list_due(&self) -> bool {
        self.tab == Tab::Jobs && self.visible && !self.list.request.is_loading()
    }

    /// Applies an action; `None` when nothing changed (the caller keeps the same `Rc`).
    pub fn apply(&self, action: Action) -> Option<PageState> {
        match action {
            Action::Form(action) => self.form.apply(action).map(|form| PageState { form, ..self.clone() }),
            Action::Job(action) => self.with_job(action),
            Action::List(action) => self.list.apply(action).map(|list| PageState { list, ..self.clone() }),
            Action::Create(action) => self.create_action(action),
            Action::Watch { at_ms } => self.with_job(JobAction::Start(self.watch_of(&self.form.job_id, &self.form.settings(), at_ms))),
            Action::WatchJob { job_id, settings, at_ms } => {
                let form = FormFields { job_id, ..settings.map_or_else(|| self.form.clone(), |s| self.form.configured(&s)) };
                PageState { form, tab: Tab::Job, ..self.clone() }.apply(Action::Watch { at_ms })
            }
            Action::Visibility(visible) if visible == self.visible => None,
            Action::Visibility(visible) => {
                let next = PageState { visible, ..self.clone() };
                // Back in view: refresh at once instead of waiting for the next interval.
                Some(next.with_job(JobAction::Resume).unwrap_or(next))
            }
            Action::ShowTab(tab) if tab == self.tab => None,
            // The list is fetched when first shown, then by its own slow timer.
            Action::ShowTab(Tab::Jobs) if self.list.records.is_none() => {
                Some(PageState { tab: Tab::Jobs, list: self.list.fetch(), ..self.clone() })
            }
            Action::ShowTab(tab) => Some(PageState { tab, ..self.clone() }),
        }
    }

    fn with_job(&self, action: JobAction) -> Option<PageState> {
        self.job.apply(action, self.visible).map(|job| PageState { job, ..self.clone() })
    }

    /// What the form's (or the host's) settings and a job ID ask to watch, or why they cannot.
    fn watch_of(&self, job_id: &str, settings: &Settings, at_ms: f64) -> Result<Watch, ApiError> {
        let connection = settings.connection()?;
        let job_id = checked_job_id(job_id, at_ms)?;
        Ok(Watch { connection, job_id, interval_ms: settings.interval_ms, started_ms: at_ms })
    }

    fn create_action(&self, action: CreateAction) -> Option<PageState> {
        let created = match &action {
            CreateAction::Response { id, result: Ok(job_id), at_ms } if self.create.request.awaits(*id) => Some((job_id.clone(), *at_ms)),
            _ => None,
        };
        let create = self.create.apply(action, || self.form.connection())?;
        let next = PageState { create, ..self.clone() };
        Some(match created {
            Some((job_id, at_ms)) => next.apply(Action::WatchJob { job_id, settings: None, at_ms }).unwrap_or(next),
            None => next,
        })
    }
}

impl yew::Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.apply(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}
