//! The page's state and everything that changes it: a reducer with no DOM in it, tested
//! natively. The root component turns events into [`Action`]s and runs the effects the state
//! asks for (a fetch when [`PageState::poll_seq`] moves, a timer from
//! [`PageState::next_poll_in_ms`]).

use crate::client::{Connection, CreateImport, Endpoint, ProgressRoute};
use crate::job_id::{self, in_create_grace, IdCheck};
use crate::model::{FileState, FileTask, ImportJob, JobRecord, JobState};
use crate::watch::{backoff_ms, BandTable, Tracker, DEFAULT_STALL_MS};
use crate::ApiError;
use std::rc::Rc;

/// Default time between polls: the server recomputes state every ~2 s.
pub const DEFAULT_INTERVAL_MS: u32 = 2_000;
/// Polling faster than this gains nothing and loads the server.
pub const MIN_INTERVAL_MS: u32 = 500;

/// A poll that has not answered after this many intervals is abandoned (and retried with
/// backoff): waiting longer only delays fresher data.
pub const TIMEOUT_INTERVALS: u32 = 4;
/// The client-side request timeout's bounds.
pub const MIN_TIMEOUT_MS: u32 = 5_000;
pub const MAX_TIMEOUT_MS: u32 = 30_000;

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
    /// Minutes without any change before a stall hint, as typed.
    pub stall_minutes: String,
    /// Opt-in desktop notification when the job ends.
    pub notify: bool,
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
            stall_minutes: (DEFAULT_STALL_MS / 60_000.0).to_string(),
            notify: false,
        }
    }
}

impl Watch {
    /// How long one poll may take before it is abandoned: four intervals, within 5–30 s.
    pub fn request_timeout_ms(&self) -> u32 {
        self.interval_ms.saturating_mul(TIMEOUT_INTERVALS).clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)
    }
}

impl FormFields {
    /// The token would cross the network in clear text: plain http to a host that is not
    /// this machine.
    pub fn sends_token_in_clear(&self) -> bool {
        !self.token.trim().is_empty() && Endpoint::parse(&self.endpoint).is_ok_and(|e| e.is_plain_http() && !e.is_loopback())
    }

    /// The cluster ID field is shown for Zilliz Cloud's API, or once it holds a value.
    pub fn shows_cluster_id(&self) -> bool {
        !self.cluster_id.is_empty() || Endpoint::parse(&self.endpoint).is_ok_and(|e| e.is_zilliz_cloud_api())
    }

    /// Minutes without change before a stall hint (default 5), in milliseconds.
    pub fn stall_ms(&self) -> f64 {
        let minutes = self.stall_minutes.trim().parse::<f64>().ok().filter(|m| m.is_finite() && *m > 0.0);
        minutes.map_or(DEFAULT_STALL_MS, |m| m * 60_000.0)
    }

    /// The connection the form describes (endpoint, token, database, cluster).
    pub fn connection(&self) -> Result<Connection, ApiError> {
        let endpoint = Endpoint::parse(&self.endpoint)?;
        if let Some(message) = crate::client::token_problem(self.token.trim()) {
            return Err(ApiError::InvalidInput { message });
        }
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let mut connection = Connection::new(endpoint, self.token.trim());
        connection.db_name = optional(&self.db_name);
        connection.cluster_id = optional(&self.cluster_id);
        Ok(connection)
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
    StallMinutes,
}

/// The job being watched.
///
/// ```
/// use milvus_import_monitor::client::{Connection, Endpoint};
/// use milvus_import_monitor::state::Watch;
/// let watch = Watch { connection: Connection::new(Endpoint::parse("localhost:19530").unwrap(), ""), job_id: "7".into(), interval_ms: 2_000, started_ms: 0.0 };
/// assert_eq!(watch.request_timeout_ms(), 8_000);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    pub connection: Connection,
    pub job_id: String,
    pub interval_ms: u32,
    /// `Date.now()` when watching started.
    pub started_ms: f64,
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
}

impl Snapshot {
    /// Builds a snapshot, reusing the previous `Rc` of every file that did not change.
    pub fn new(mut job: ImportJob, previous: Option<&Snapshot>, received_at_ms: f64) -> Snapshot {
        let details = std::mem::take(&mut job.details);
        // By name, not by position: the server's order changes between calls. A map, not a
        // search per file: 1,024 groups would be a million comparisons per poll.
        let before: std::collections::HashMap<&str, &Rc<FileTask>> =
            previous.map(|p| p.files.iter().map(|old| (old.file_name.as_str(), old)).collect()).unwrap_or_default();
        let files = details
            .into_iter()
            .map(|file| match before.get(file.file_name.as_str()) {
                Some(old) if ***old == file => Rc::clone(old),
                _ => Rc::new(file),
            })
            .collect();
        Snapshot { job, files, received_at_ms, source: Source::Live }
    }

    /// What the job is doing, from its state, band and files.
    pub fn activity(&self, table: BandTable) -> crate::watch::Activity {
        let all_files_done = !self.files.is_empty() && self.files.iter().all(|f| f.state == FileState::Completed);
        crate::watch::phase_activity(&self.job.state, self.job.progress, all_files_done, table)
    }

    /// The job as a whole again (details included), e.g. to export or keep it.
    pub fn to_job(&self) -> ImportJob {
        ImportJob { details: self.files.iter().map(|f| (**f).clone()).collect(), ..self.job.clone() }
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

/// Which view is open below the connection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Job,
    Jobs,
    Create,
}

/// Columns of the job list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSort {
    JobId,
    Collection,
    State,
    Progress,
}

/// The job list (`list`): polled rarely, it is expensive on the server.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub collection: String,
    pub request: RequestState,
    pub records: Option<Rc<Vec<JobRecord>>>,
    /// Moves when a list request must start.
    pub seq: u64,
    /// Moves on every list response (the list timer is keyed on it).
    pub response_seq: u64,
    pub fetched_at_ms: Option<f64>,
    pub sort: ListSort,
    pub descending: bool,
    pub filter: Option<JobState>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            collection: String::new(),
            request: RequestState::Idle,
            records: None,
            seq: 0,
            response_seq: 0,
            fetched_at_ms: None,
            sort: ListSort::State,
            descending: false,
            filter: None,
        }
    }
}

/// How often the open job list refreshes itself.
pub const LIST_INTERVAL_MS: u32 = 30_000;

impl ListState {
    /// The records to show, sorted and filtered; ties break on the job ID, so the server's
    /// random order never shows.
    pub fn rows(&self) -> Vec<JobRecord> {
        let mut rows: Vec<JobRecord> =
            self.records.iter().flat_map(|r| r.iter()).filter(|r| self.filter.as_ref().is_none_or(|f| &r.state == f)).cloned().collect();
        rows.sort_by(|a, b| {
            let order = match self.sort {
                ListSort::JobId => a.job_id.len().cmp(&b.job_id.len()).then_with(|| a.job_id.cmp(&b.job_id)),
                ListSort::Collection => a.collection_name.cmp(&b.collection_name),
                ListSort::State => job_state_rank(&a.state).cmp(&job_state_rank(&b.state)),
                ListSort::Progress => a.progress.cmp(&b.progress),
            };
            let order = if self.descending { order.reverse() } else { order };
            order.then_with(|| a.job_id.cmp(&b.job_id))
        });
        rows
    }
}

/// Running jobs first, then waiting, failed and done.
fn job_state_rank(state: &JobState) -> u8 {
    match state {
        JobState::Importing | JobState::Committing => 0,
        JobState::Pending | JobState::Uncommitted => 1,
        JobState::Failed => 2,
        JobState::Other(_) | JobState::None => 3,
        JobState::Completed => 4,
    }
}

/// The "start an import" form, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateForm {
    pub collection: String,
    pub partition: String,
    /// One file group per line; paths in a group separated by commas or spaces.
    pub files: String,
    /// One `key=value` option per line.
    pub options: String,
    pub request: RequestState,
    /// Moves when a create request must start.
    pub seq: u64,
}

/// One field of the create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateField {
    Collection,
    Partition,
    Files,
    Options,
}

impl CreateForm {
    /// The request the form describes, or what is missing.
    ///
    /// ```
    /// use milvus_import_monitor::state::CreateForm;
    /// let form = CreateForm { collection: "books".into(), files: "a.parquet\n1/id.npy, 1/vector.npy".into(),
    ///     options: "timeout=300s".into(), ..Default::default() };
    /// let request = form.request().unwrap();
    /// assert_eq!(request.files, vec![vec!["a.parquet".to_string()], vec!["1/id.npy".into(), "1/vector.npy".into()]]);
    /// assert_eq!(request.options, vec![("timeout".to_string(), "300s".to_string())]);
    /// ```
    pub fn request(&self) -> Result<CreateImport, String> {
        let collection = self.collection.trim();
        if collection.is_empty() {
            return Err("Enter the collection to import into.".into());
        }
        let files: Vec<Vec<String>> = self
            .files
            .lines()
            .map(|line| line.split([',', ' ', '\t']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect::<Vec<_>>())
            .filter(|group| !group.is_empty())
            .collect();
        if files.is_empty() {
            return Err("Enter at least one file: one file group per line.".into());
        }
        let mut options = Vec::new();
        for line in self.options.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (key, value) = line.split_once('=').ok_or_else(|| format!("Options are key=value, one per line: “{line}”."))?;
            options.push((key.trim().to_owned(), value.trim().to_owned()));
        }
        let mut request = CreateImport::new(collection, files);
        request.partition_name = Some(self.partition.trim().to_owned()).filter(|p| !p.is_empty());
        request.options = options;
        Ok(request)
    }
}

/// Everything the page shows and decides.
#[derive(Debug, Clone, PartialEq)]
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
    /// Rates, ETA and stalls of the watched job.
    pub tracker: Tracker,
    /// Transient failures in a row (for the backoff).
    pub failures: u32,
    /// The last response's random draw, for the backoff's jitter.
    pub jitter: f64,
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
            watch: None,
            generation: 0,
            poll_seq: 0,
            response_seq: 0,
            request: RequestState::Idle,
            snapshot: None,
            route: None,
            table: TableView::default(),
            tracker: Tracker::default(),
            failures: 0,
            jitter: 0.5,
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
    Edit(Field, String),
    /// The host page (embedded widget) replaces the form.
    SetForm(FormFields),
    SetRemember(bool),
    SetNotify(bool),
    /// Start watching the job in the form.
    Watch {
        at_ms: f64,
    },
    /// Watch another job of the same server (from the job list).
    WatchJob {
        job_id: String,
        at_ms: f64,
    },
    Stop,
    /// A manual refresh: poll now unless a request is in flight.
    Refresh,
    /// The timer fired for this generation.
    PollDue {
        generation: u64,
    },
    /// `jitter` is a random draw in 0..1 for the next backoff.
    Response {
        generation: u64,
        result: Result<ImportJob, ApiError>,
        route: Option<ProgressRoute>,
        at_ms: f64,
        jitter: f64,
    },
    /// The copy of the job kept in this browser, shown when the server no longer knows it.
    Restore {
        job: ImportJob,
        saved_at_ms: f64,
    },
    /// Page Visibility changed.
    Visibility(bool),
    Sort(SortKey),
    Filter(Option<FileState>),
    ShowTab(Tab),
    ListEdit(String),
    ListRefresh,
    ListResponse {
        seq: u64,
        result: Result<crate::model::JobList, ApiError>,
        at_ms: f64,
    },
    ListSort(ListSort),
    ListFilter(Option<JobState>),
    CreateEdit(CreateField, String),
    CreateSubmit,
    Created {
        seq: u64,
        result: Result<String, ApiError>,
        at_ms: f64,
    },
}

impl PageState {
    /// A page with the form prefilled.
    pub fn with_form(form: FormFields) -> PageState {
        PageState { form, ..PageState::default() }
    }

    /// The job's last good data is final: no more polling.
    pub fn is_terminal(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|s| s.source == Source::Live && s.job.state.is_terminal())
    }

    /// The band table the server's version uses.
    pub fn band_table(&self) -> BandTable {
        if self.route == Some(ProgressRoute::GetProgress) {
            BandTable::Legacy
        } else {
            BandTable::Modern
        }
    }

    /// When the next poll is due, if one is: while watching and visible, after a response,
    /// until the job is final or an error that polling cannot fix; backing off after
    /// transient errors.
    pub fn next_poll_in_ms(&self) -> Option<u32> {
        let watch = self.watch.as_ref()?;
        let keep_going = self.visible
            && !self.is_terminal()
            && match &self.request {
                RequestState::Ready => true,
                RequestState::Failed(error) => !stops_polling(error),
                RequestState::Idle | RequestState::Loading => false,
            };
        keep_going.then(|| backoff_ms(watch.interval_ms, self.failures, self.jitter))
    }

    /// The list request that should be sent when the list timer fires, if any.
    pub fn list_due(&self) -> bool {
        self.tab == Tab::Jobs && self.visible && self.list.request != RequestState::Loading
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
                    Field::StallMinutes => &mut form.stall_minutes,
                };
                replace_if_changed(slot, value).then(|| PageState { form, ..self.clone() })
            }
            Action::SetForm(form) => (self.form != form).then(|| PageState { form, ..self.clone() }),
            Action::SetRemember(remember) => (self.form.remember_token != remember)
                .then(|| PageState { form: FormFields { remember_token: remember, ..self.form.clone() }, ..self.clone() }),
            Action::SetNotify(notify) => {
                (self.form.notify != notify).then(|| PageState { form: FormFields { notify, ..self.form.clone() }, ..self.clone() })
            }
            Action::Watch { at_ms } => Some(self.watch_form(at_ms)),
            Action::WatchJob { job_id, at_ms } => {
                let with_job = PageState { form: FormFields { job_id, ..self.form.clone() }, tab: Tab::Job, ..self.clone() };
                Some(with_job.watch_form(at_ms))
            }
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
            Action::Response { generation, result, route, at_ms, jitter } => {
                (generation == self.generation).then(|| self.respond(result, route, at_ms, jitter))
            }
            Action::Restore { job, saved_at_ms } => {
                let watched = self.watch.as_ref().filter(|w| w.job_id == job.job_id)?;
                let missing = match self.snapshot.as_ref().map(|s| s.source) {
                    None => matches!(self.request, RequestState::Failed(ApiError::JobNotFound { .. })),
                    // Known in this browser, so not a job just created: not queued, gone.
                    Some(Source::NotYetRegistered) => true,
                    Some(Source::Live | Source::Kept) => false,
                };
                missing.then(|| {
                    let mut snapshot = Snapshot::new(job, None, saved_at_ms);
                    snapshot.source = Source::Kept;
                    let gone =
                        ApiError::JobNotFound { code: 0, message: "import job does not exist".into(), job_id: watched.job_id.clone() };
                    let request = match &self.request {
                        RequestState::Failed(error @ ApiError::JobNotFound { .. }) => RequestState::Failed(error.clone()),
                        _ => RequestState::Failed(gone),
                    };
                    PageState { snapshot: Some(Rc::new(snapshot)), request, ..self.clone() }
                })
            }
            Action::Visibility(visible) => {
                if visible == self.visible {
                    return None;
                }
                let next = PageState { visible, ..self.clone() };
                // Back in view: refresh at once instead of waiting for the next interval.
                Some(if visible && next.next_poll_in_ms().is_some() { next.start_request() } else { next })
            }
            Action::Sort(key) => {
                let descending = self.table.sort == key && !self.table.descending;
                Some(PageState { table: TableView { sort: key, descending, ..self.table.clone() }, ..self.clone() })
            }
            Action::Filter(filter) => {
                (self.table.filter != filter).then(|| PageState { table: TableView { filter, ..self.table.clone() }, ..self.clone() })
            }
            Action::ShowTab(tab) => {
                if tab == self.tab {
                    return None;
                }
                let next = PageState { tab, ..self.clone() };
                // The list is fetched when first shown, then by its own slow timer.
                Some(if tab == Tab::Jobs && self.list.records.is_none() { next.start_list() } else { next })
            }
            Action::ListEdit(collection) => (collection != self.list.collection)
                .then(|| PageState { list: ListState { collection, ..self.list.clone() }, ..self.clone() }),
            Action::ListRefresh => (self.list.request != RequestState::Loading).then(|| self.start_list()),
            Action::ListResponse { seq, result, at_ms } => (seq == self.list.seq).then(|| {
                let mut list = ListState { response_seq: self.list.response_seq + 1, ..self.list.clone() };
                match result {
                    Ok(jobs) => {
                        list.records = Some(Rc::new(jobs.records));
                        list.fetched_at_ms = Some(at_ms);
                        list.request = RequestState::Ready;
                    }
                    Err(error) => list.request = RequestState::Failed(error),
                }
                PageState { list, ..self.clone() }
            }),
            Action::ListSort(sort) => {
                let descending = self.list.sort == sort && !self.list.descending;
                Some(PageState { list: ListState { sort, descending, ..self.list.clone() }, ..self.clone() })
            }
            Action::ListFilter(filter) => {
                (filter != self.list.filter).then(|| PageState { list: ListState { filter, ..self.list.clone() }, ..self.clone() })
            }
            Action::CreateEdit(field, value) => {
                let mut create = self.create.clone();
                let slot = match field {
                    CreateField::Collection => &mut create.collection,
                    CreateField::Partition => &mut create.partition,
                    CreateField::Files => &mut create.files,
                    CreateField::Options => &mut create.options,
                };
                replace_if_changed(slot, value).then(|| PageState { create, ..self.clone() })
            }
            Action::CreateSubmit => {
                if self.create.request == RequestState::Loading {
                    return None;
                }
                let request = match (self.form.connection(), self.create.request()) {
                    (Err(error), _) => RequestState::Failed(error),
                    (_, Err(message)) => RequestState::Failed(ApiError::InvalidInput { message }),
                    (Ok(_), Ok(_)) => RequestState::Loading,
                };
                let seq = self.create.seq + u64::from(request == RequestState::Loading);
                Some(PageState { create: CreateForm { request, seq, ..self.create.clone() }, ..self.clone() })
            }
            Action::Created { seq, result, at_ms } => (seq == self.create.seq).then(|| match result {
                Ok(job_id) => {
                    let create = CreateForm { request: RequestState::Ready, ..self.create.clone() };
                    let next = PageState { create, form: FormFields { job_id, ..self.form.clone() }, tab: Tab::Job, ..self.clone() };
                    next.watch_form(at_ms)
                }
                Err(error) => {
                    PageState { create: CreateForm { request: RequestState::Failed(error), ..self.create.clone() }, ..self.clone() }
                }
            }),
        }
    }

    fn start_list(&self) -> PageState {
        PageState { list: ListState { request: RequestState::Loading, seq: self.list.seq + 1, ..self.list.clone() }, ..self.clone() }
    }

    fn respond(&self, result: Result<ImportJob, ApiError>, route: Option<ProgressRoute>, at_ms: f64, jitter: f64) -> PageState {
        let mut next = PageState { response_seq: self.response_seq + 1, jitter, ..self.clone() };
        let seen_live = self.snapshot.as_ref().is_some_and(|s| s.source == Source::Live);
        match result {
            Ok(job) => {
                next.tracker.observe(&job, self.band_table_for(route), at_ms);
                let previous = self.snapshot.as_deref().filter(|s| s.source == Source::Live);
                next.snapshot = Some(Rc::new(Snapshot::new(job, previous, at_ms)));
                next.request = RequestState::Ready;
                next.route = route.or(self.route);
                next.failures = 0;
            }
            Err(ApiError::Aborted) => next.request = RequestState::Idle,
            Err(ApiError::JobNotFound { .. }) if self.watch.as_ref().is_some_and(|w| in_create_grace(&w.job_id, at_ms, seen_live)) => {
                // Created moments ago by its ID (2.6 registers jobs asynchronously): queued.
                let job_id = self.watch.as_ref().map(|w| w.job_id.clone()).unwrap_or_default();
                let job = ImportJob { job_id, state: JobState::Pending, ..ImportJob::default() };
                let mut snapshot = Snapshot::new(job, None, at_ms);
                snapshot.source = Source::NotYetRegistered;
                next.snapshot = Some(Rc::new(snapshot));
                next.request = RequestState::Ready;
            }
            Err(error) => {
                if error.is_transient() {
                    next.failures = self.failures.saturating_add(1);
                }
                // The server forgot the job (retention): what is on screen is now a kept copy.
                if matches!(error, ApiError::JobNotFound { .. }) {
                    if let Some(live) = self.snapshot.as_deref().filter(|s| s.source == Source::Live) {
                        next.snapshot = Some(Rc::new(Snapshot { source: Source::Kept, ..live.clone() }));
                    }
                }
                next.request = RequestState::Failed(error);
            }
        }
        next
    }

    fn band_table_for(&self, route: Option<ProgressRoute>) -> BandTable {
        if route.or(self.route) == Some(ProgressRoute::GetProgress) {
            BandTable::Legacy
        } else {
            BandTable::Modern
        }
    }

    /// Validates the form and starts watching; a bad form becomes a Failed request.
    fn watch_form(&self, at_ms: f64) -> PageState {
        let generation = self.generation + 1;
        let failed = |error| PageState { watch: None, generation, request: RequestState::Failed(error), ..self.clone() };
        let connection = match self.form.connection() {
            Ok(connection) => connection,
            Err(error) => return failed(error),
        };
        let job_id = self.form.job_id.trim();
        if job_id.is_empty() {
            return failed(ApiError::MissingJobId);
        }
        if let IdCheck::NotIssued { decodes_to_ms } = job_id::check(job_id, at_ms) {
            let when = if decodes_to_ms < job_id::EARLIEST_MS { "before 2019" } else { "the future" };
            let decodes_to = format!("{} ({when})", crate::format::utc_date_time(decodes_to_ms));
            return failed(ApiError::NotIssuedJobId { job_id: job_id.to_owned(), decodes_to });
        }
        let same_job = self.watch.as_ref().is_some_and(|w| w.job_id == job_id && w.connection == connection);
        let watch = Watch { connection, job_id: job_id.to_owned(), interval_ms: self.form.interval_ms(), started_ms: at_ms };
        let fresh = PageState {
            watch: Some(Rc::new(watch)),
            generation,
            failures: 0,
            // A different job must not show the previous job's figures.
            snapshot: if same_job { self.snapshot.clone() } else { None },
            route: if same_job { self.route } else { None },
            tracker: if same_job { self.tracker.clone() } else { Tracker::default() },
            ..self.clone()
        };
        fresh.start_request()
    }
}

/// Errors that another poll cannot fix: stop and let the user act. "Does not exist" is one of
/// them once the create grace period is over.
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
            | ApiError::NotIssuedJobId { .. }
            | ApiError::InvalidInput { .. }
            | ApiError::JobNotFound { .. }
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

/// Writes `value` into a form field; false when it was there already (nothing changed).
fn replace_if_changed(slot: &mut String, value: String) -> bool {
    let changed = *slot != value;
    if changed {
        *slot = value;
    }
    changed
}
