//! The page's state and everything that changes it: a reducer with no DOM in it, tested
//! natively. The root component turns events into [`Action`]s and runs the effects the state
//! asks for (a fetch when [`PageState::poll_seq`] moves, a timer from
//! [`PageState::next_poll_in_ms`]).

use crate::client::{Connection, Endpoint, ProgressRoute};
use crate::model::{FileState, FileTask, ImportJob};
use crate::watch::BandTable;
use crate::ApiError;
use std::rc::Rc;

/// Default time between polls: the server recomputes state every ~2 s.
pub const DEFAULT_INTERVAL_MS: u32 = 2_000;
/// Polling faster than this gains nothing and loads the server.
pub const MIN_INTERVAL_MS: u32 = 500;

/// What the form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FormFields {
    pub endpoint: String,
    /// Memory only, unless `remember_token`.
    pub token: String,
    pub remember_token: bool,
    pub job_id: String,
    pub db_name: String,
    pub cluster_id: String,
    /// Seconds, as typed.
    pub interval_secs: String,
}

impl Default for FormFields {
    fn default() -> Self {
        FormFields {
            endpoint: String::new(),
            token: String::new(),
            remember_token: false,
            job_id: String::new(),
            db_name: String::new(),
            cluster_id: String::new(),
            interval_secs: (DEFAULT_INTERVAL_MS / 1000).to_string(),
        }
    }
}

impl FormFields {
    /// The cluster ID field is shown for Zilliz Cloud's API, or once it holds a value.
    pub fn shows_cluster_id(&self) -> bool {
        !self.cluster_id.is_empty() || Endpoint::parse(&self.endpoint).is_ok_and(|e| e.is_zilliz_cloud_api())
    }

    /// The poll interval in milliseconds, never below [`MIN_INTERVAL_MS`].
    pub fn interval_ms(&self) -> u32 {
        let secs = self.interval_secs.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0);
        secs.map_or(DEFAULT_INTERVAL_MS, |s| ((s * 1000.0).min(3_600_000.0) as u32).max(MIN_INTERVAL_MS))
    }
}

/// One editable field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Endpoint,
    Token,
    JobId,
    DbName,
    ClusterId,
    Interval,
}

/// The job being watched.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    pub connection: Connection,
    pub job_id: String,
    pub interval_ms: u32,
}

/// The request in flight, or how the last one ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RequestState {
    #[default]
    Idle,
    Loading,
    Ready,
    Failed(ApiError),
}

/// The last good answer, with each file behind its own `Rc` so unchanged rows are not
/// re-rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The job without its `details` (they are in `files`).
    pub job: ImportJob,
    pub files: Vec<Rc<FileTask>>,
    /// `Date.now()` when it arrived.
    pub received_at_ms: f64,
}

impl Snapshot {
    /// Builds a snapshot, reusing the previous `Rc` of every file that did not change.
    pub fn new(mut job: ImportJob, previous: Option<&Snapshot>, received_at_ms: f64) -> Snapshot {
        let details = std::mem::take(&mut job.details);
        let files = details
            .into_iter()
            .map(|file| {
                previous
                    .and_then(|p| p.files.iter().find(|old| old.file_name == file.file_name && ***old == file))
                    .cloned()
                    .unwrap_or_else(|| Rc::new(file))
            })
            .collect();
        Snapshot { job, files, received_at_ms }
    }
}

/// Table columns that can be sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    File,
    Size,
    State,
    Progress,
    Rows,
    Completed,
}

/// How the file table is sorted and filtered.
#[derive(Debug, Clone, PartialEq)]
pub struct TableView {
    pub sort: SortKey,
    pub descending: bool,
    /// Only files in this state; `None` shows all.
    pub filter: Option<FileState>,
}

impl Default for TableView {
    fn default() -> Self {
        TableView { sort: SortKey::File, descending: false, filter: None }
    }
}

impl TableView {
    /// The rows to show, in order. Ties break on the file name, so the server's random order
    /// never shows.
    pub fn rows(&self, files: &[Rc<FileTask>]) -> Vec<Rc<FileTask>> {
        let mut rows: Vec<Rc<FileTask>> = files.iter().filter(|f| self.filter.as_ref().is_none_or(|s| &f.state == s)).cloned().collect();
        rows.sort_by(|a, b| {
            let order = match self.sort {
                SortKey::File => a.file_name.cmp(&b.file_name),
                SortKey::Size => a.file_size.cmp(&b.file_size),
                SortKey::State => state_rank(&a.state).cmp(&state_rank(&b.state)),
                SortKey::Progress => a.progress.cmp(&b.progress),
                SortKey::Rows => a.total_rows.cmp(&b.total_rows),
                SortKey::Completed => a.complete_time.cmp(&b.complete_time),
            };
            let order = if self.descending { order.reverse() } else { order };
            order.then_with(|| a.file_name.cmp(&b.file_name))
        });
        rows
    }
}

/// Failed first, then the files still working, then the finished ones.
fn state_rank(state: &FileState) -> u8 {
    match state {
        FileState::Failed => 0,
        FileState::Retry => 1,
        FileState::InProgress => 2,
        FileState::Pending => 3,
        FileState::Other(_) => 4,
        FileState::Completed => 5,
    }
}

/// Everything the page shows and decides.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageState {
    pub form: FormFields,
    pub watch: Option<Rc<Watch>>,
    /// Moves on every Watch and Stop: a response tagged with an older one is dropped.
    pub generation: u64,
    /// Moves when a request must start (the fetch effect is keyed on it).
    pub poll_seq: u64,
    /// Moves on every response (the timer effect is keyed on it).
    pub response_seq: u64,
    pub request: RequestState,
    pub snapshot: Option<Rc<Snapshot>>,
    /// Which progress route answered last (decides the band table).
    pub route: Option<ProgressRoute>,
    pub table: TableView,
}

/// Everything that can happen to the page.
// An action lives for one dispatch; boxing the response would only add an allocation per poll.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Edit(Field, String),
    /// The host page (embedded widget) replaces the form.
    SetForm(FormFields),
    SetRemember(bool),
    /// Start watching the job in the form.
    Watch,
    Stop,
    /// A manual refresh: poll now unless a request is in flight.
    Refresh,
    /// The timer fired for this generation.
    PollDue { generation: u64 },
    Response { generation: u64, result: Result<ImportJob, ApiError>, route: Option<ProgressRoute>, at_ms: f64 },
    Sort(SortKey),
    Filter(Option<FileState>),
}

impl PageState {
    /// A page with the form prefilled.
    pub fn with_form(form: FormFields) -> PageState {
        PageState { form, ..PageState::default() }
    }

    /// The job's last good data is final: no more polling.
    pub fn is_terminal(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|s| s.job.state.is_terminal())
    }

    /// The band table the server's version uses.
    pub fn band_table(&self) -> BandTable {
        if self.route == Some(ProgressRoute::GetProgress) {
            BandTable::Legacy
        } else {
            BandTable::Modern
        }
    }

    /// When the next poll is due, if one is: while watching, after a response, until the job
    /// is final or an error that polling cannot fix.
    pub fn next_poll_in_ms(&self) -> Option<u32> {
        let watch = self.watch.as_ref()?;
        let keep_going = match &self.request {
            RequestState::Ready => !self.is_terminal(),
            RequestState::Failed(error) => !stops_polling(error) && !self.is_terminal(),
            RequestState::Idle | RequestState::Loading => false,
        };
        keep_going.then_some(watch.interval_ms)
    }

    fn start_request(&self) -> PageState {
        PageState { request: RequestState::Loading, poll_seq: self.poll_seq + 1, ..self.clone() }
    }

    /// Applies an action; `None` when nothing changed (the caller keeps the same `Rc`).
    pub fn apply(&self, action: Action) -> Option<PageState> {
        match action {
            Action::Edit(field, value) => {
                let mut form = self.form.clone();
                let slot = match field {
                    Field::Endpoint => &mut form.endpoint,
                    Field::Token => &mut form.token,
                    Field::JobId => &mut form.job_id,
                    Field::DbName => &mut form.db_name,
                    Field::ClusterId => &mut form.cluster_id,
                    Field::Interval => &mut form.interval_secs,
                };
                if *slot == value {
                    return None;
                }
                *slot = value;
                Some(PageState { form, ..self.clone() })
            }
            Action::SetForm(form) => (self.form != form).then(|| PageState { form, ..self.clone() }),
            Action::SetRemember(remember) => {
                (self.form.remember_token != remember).then(|| PageState { form: FormFields { remember_token: remember, ..self.form.clone() }, ..self.clone() })
            }
            Action::Watch => Some(self.watch_form()),
            Action::Stop => {
                if self.watch.is_none() && self.request != RequestState::Loading {
                    return None;
                }
                Some(PageState { watch: None, generation: self.generation + 1, request: RequestState::Idle, ..self.clone() })
            }
            Action::Refresh => (self.watch.is_some() && self.request != RequestState::Loading).then(|| self.start_request()),
            Action::PollDue { generation } => {
                let due = generation == self.generation && self.request != RequestState::Loading && self.next_poll_in_ms().is_some();
                due.then(|| self.start_request())
            }
            Action::Response { generation, result, route, at_ms } => {
                if generation != self.generation {
                    return None;
                }
                let mut next = PageState { response_seq: self.response_seq + 1, ..self.clone() };
                match result {
                    Ok(job) => {
                        next.snapshot = Some(Rc::new(Snapshot::new(job, self.snapshot.as_deref(), at_ms)));
                        next.request = RequestState::Ready;
                        next.route = route.or(self.route);
                    }
                    Err(ApiError::Aborted) => next.request = RequestState::Idle,
                    Err(error) => next.request = RequestState::Failed(error),
                }
                Some(next)
            }
            Action::Sort(key) => {
                let descending = self.table.sort == key && !self.table.descending;
                Some(PageState { table: TableView { sort: key, descending, ..self.table.clone() }, ..self.clone() })
            }
            Action::Filter(filter) => {
                (self.table.filter != filter).then(|| PageState { table: TableView { filter, ..self.table.clone() }, ..self.clone() })
            }
        }
    }

    /// Validates the form and starts watching; a bad form becomes a Failed request.
    fn watch_form(&self) -> PageState {
        let generation = self.generation + 1;
        let failed = |error| PageState { watch: None, generation, request: RequestState::Failed(error), ..self.clone() };
        let endpoint = match Endpoint::parse(&self.form.endpoint) {
            Ok(endpoint) => endpoint,
            Err(error) => return failed(error),
        };
        let job_id = self.form.job_id.trim();
        if job_id.is_empty() {
            return failed(ApiError::MissingJobId);
        }
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let mut connection = Connection::new(endpoint, self.form.token.trim());
        connection.db_name = optional(&self.form.db_name);
        connection.cluster_id = optional(&self.form.cluster_id);
        let same_job = self.watch.as_ref().is_some_and(|w| w.job_id == job_id && w.connection == connection);
        let watch = Watch { connection, job_id: job_id.to_owned(), interval_ms: self.form.interval_ms() };
        PageState {
            watch: Some(Rc::new(watch)),
            generation,
            // A different job must not show the previous job's figures.
            snapshot: if same_job { self.snapshot.clone() } else { None },
            route: if same_job { self.route } else { None },
            ..self.start_request()
        }
    }
}

/// Errors that another poll cannot fix: stop and let the user act.
pub fn stops_polling(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Unauthorized { .. }
            | ApiError::Forbidden { .. }
            | ApiError::RouteNotFound
            | ApiError::BadJobId { .. }
            | ApiError::BadRequest { .. }
            | ApiError::InvalidEndpoint { .. }
            | ApiError::MissingJobId
    )
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
